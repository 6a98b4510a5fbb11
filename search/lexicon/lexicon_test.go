package lexicon

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// fixture is the hand-written file in Sigrúnarsnið under testdata.
const fixture = "testdata/SHsnid.csv"

func writeFile(t *testing.T, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func readFixture(t *testing.T) []byte {
	t.Helper()
	data, err := os.ReadFile(fixture)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func set(words ...string) map[string]bool {
	m := map[string]bool{}
	for _, w := range words {
		m[w] = true
	}
	return m
}

// testWords are words a handbook might have, in forms the rule stemmer cannot join to
// their lemmas, beside words the lexicon must leave alone.
var testWords = set("menn", "kvenna", "tók", "betri", "dögum", "reglna", "hendi", "bækur", "börnum",
	"fóru", "meiri", "höfðu", "starfsmenn", "ólafsfirði", "dalvíkur", "voru", "átti", "viði", "árum", "stefnum",
	"á", "við", "að", "er", "ár", "okkur", "jóni", "jónssyni", "vinna", "lög", "handbók")

// Forms gives a word the other forms of its lemma, sorted, each once, without the word.
func TestForms(t *testing.T) {
	got, err := Forms(fixture, testWords)
	if err != nil {
		t.Fatal(err)
	}
	for word, want := range map[string][]string{
		"menn":       {"maður", "mönnum", "manna", "mennirnir", "mannanna"},
		"kvenna":     {"kona", "konu", "konurnar"},
		"tók":        {"taka", "tekið", "tæki", "tókum"},
		"betri":      {"góður", "bestur", "gott", "betra"},
		"dögum":      {"dagur", "degi", "daga"},
		"reglna":     {"regla", "reglur", "reglnanna"},
		"hendi":      {"hönd", "handar", "höndum"},
		"bækur":      {"bók", "bókar"},
		"börnum":     {"barn", "barna"},
		"fóru":       {"fara", "fer", "færi"},
		"meiri":      {"mikill", "mest"},
		"höfðu":      {"hafa", "hef", "haft"},
		"starfsmenn": {"starfsmaður", "starfsmönnum"},
		"voru":       {"vera", "var", "sé", "væri"},
		"átti":       {"eiga", "átt", "ætti"},
		"viði":       {"viður", "viðar", "viðir"},
		"vinna":      {"vinnu", "vinnunnar", "vann", "unnið"}, // a noun and a verb
		"árum":       {"ári", "ársins", "árar"},               // year and oar
		"stefnum":    {"stefnunnar", "stefndi"},               // policy and to aim
	} {
		forms, ok := got[word]
		if !ok {
			t.Errorf("%s: not in the answer", word)
			continue
		}
		for _, f := range want {
			if !slices.Contains(forms, f) {
				t.Errorf("%s: no %s in %v", word, f, forms)
			}
		}
		if slices.Contains(forms, word) {
			t.Errorf("%s: the word itself is in %v", word, forms)
		}
		if !slices.IsSorted(forms) || len(slices.Compact(slices.Clone(forms))) != len(forms) {
			t.Errorf("%s: not sorted, or repeats: %v", word, forms)
		}
	}
	// Whole answers, where the paradigm is short: capitals lowered, place names kept.
	for word, want := range map[string][]string{
		"ólafsfirði": {"ólafsfjarðar", "ólafsfjörð", "ólafsfjörður"},
		"dalvíkur":   {"dalvík"},
		"lög":        {"lag", "laga", "lagi", "lagið", "laginu", "laganna", "lags", "lagsins", "lögin", "lögum", "lögunum"},
	} {
		slices.Sort(want)
		if !reflect.DeepEqual(got[word], want) {
			t.Errorf("%s: %v, want %v", word, got[word], want)
		}
	}
}

// Forms leaves out what would do harm: function words, words of too many lemmas,
// names, and the forms of function words, of one letter or not of letters.
func TestFormsLeavesOut(t *testing.T) {
	got, err := Forms(fixture, testWords)
	if err != nil {
		t.Fatal(err)
	}
	for word, why := range map[string]string{
		"á":        "a preposition (and one letter)",
		"við":      "a preposition and a pronoun, though also a form of viður",
		"að":       "the infinitive marker and a conjunction, though also a form of aða",
		"er":       "a conjunction, though also a form of vera",
		"okkur":    "a pronoun",
		"ár":       "a form of four lemmas",
		"jóni":     "a given name",
		"jónssyni": "a patronymic",
		"handbók":  "not in the lexicon",
	} {
		if forms, ok := got[word]; ok {
			t.Errorf("%s (%s): given %v", word, why, forms)
		}
	}
	for word, never := range map[string]string{
		"átti": "á",   // eiga's one-letter form
		"voru": "er",  // vera's form that is also a conjunction
		"viði": "við", // viður's form that is also a preposition
	} {
		if slices.Contains(got[word], never) {
			t.Errorf("%s: given %s: %v", word, never, got[word])
		}
	}

	lines := "ehf;50;skst;alm;ehf;-\nehf;50;skst;alm;ehfs;-\n" +
		"tví;51;lo;alm;tví;-\ntví;51;lo;alm;tví-;-\ntví;51;lo;alm;tví tví;-\ntví;51;lo;alm;tvö2;-\ntví;51;lo;alm;tvíu;-\n"
	got, err = Forms(writeFile(t, "SHsnid.csv", []byte(lines)), set("ehf", "tví"))
	if err != nil {
		t.Fatal(err)
	}
	if forms, ok := got["ehf"]; ok {
		t.Errorf("ehf, an abbreviation: given %v", forms)
	}
	if want := []string{"tvíu"}; !reflect.DeepEqual(got["tví"], want) {
		t.Errorf("tví: %v, want %v (no form with a hyphen, space or digit)", got["tví"], want)
	}
}

// The answer is the same whether or not a lemma's lines are together: a file sorted
// by form (every lemma scattered) reads as BÍN's order does.
func TestFormsAnyOrder(t *testing.T) {
	want, err := Forms(fixture, testWords)
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for line := range strings.Lines(string(readFixture(t))) {
		if !strings.HasPrefix(line, "#") {
			lines = append(lines, strings.TrimSuffix(line, "\n"))
		}
	}
	slices.SortFunc(lines, func(a, b string) int {
		return strings.Compare(strings.Split(a, ";")[4], strings.Split(b, ";")[4])
	})
	got, err := Forms(writeFile(t, "sorted.csv", []byte(strings.Join(lines, "\n"))), testWords)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("sorted by form:\n%v\nwant\n%v", got, want)
	}
}

// The same lemmas read the same in Kristínarsnið, zipped as BÍN's download comes, in
// Latin-1, and with \r\n, a byte order mark and lines without ids.
func TestFormsFormats(t *testing.T) {
	want, err := Forms(fixture, testWords)
	if err != nil {
		t.Fatal(err)
	}
	data := readFixture(t)

	var kristin bytes.Buffer
	for line := range strings.Lines(string(data)) {
		if strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(strings.TrimSuffix(line, "\n"), ";")
		// lemma;id;class;domain;grade;register;grammar;crossref;visibility;form;tag;form grade;form register;value;extra
		kristin.WriteString(strings.Join([]string{f[0], f[1], f[2], f[3], "1", "", "", "", "K", f[4], f[5], "1", "", "", ""}, ";") + "\n")
	}

	var zipped bytes.Buffer
	zw := zip.NewWriter(&zipped)
	for name, body := range map[string][]byte{"SHsnid.csv": data, "SHsnid.csv.sha256sum": []byte("0  SHsnid.csv\n")} {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(body)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}

	var latin1 []byte
	for _, r := range string(data) {
		latin1 = append(latin1, byte(r))
	}

	crlf := append([]byte("\uFEFF"), bytes.ReplaceAll(data, []byte("\n"), []byte("\r\n"))...)
	noIDs := bytes.ReplaceAll(data, []byte(";1001;"), []byte(";;"))

	for name, file := range map[string]string{
		"Kristínarsnið": writeFile(t, "KRISTINsnid.csv", kristin.Bytes()),
		"zip":           writeFile(t, "download", zipped.Bytes()),
		"Latin-1":       writeFile(t, "latin1.csv", latin1),
		"CRLF and BOM":  writeFile(t, "crlf.csv", crlf),
		"without ids":   writeFile(t, "noids.csv", noIDs),
	} {
		got, err := Forms(file, testWords)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s:\n%v\nwant\n%v", name, got, want)
		}
	}
}

// A line that is not BÍN's is an error naming path:line and what is wrong; a file that
// cannot be read says what to do.
func TestFormsErrors(t *testing.T) {
	dir := t.TempDir()
	twoCSV := func() []byte {
		var b bytes.Buffer
		zw := zip.NewWriter(&b)
		zw.Create("a.csv")
		zw.Create("b.csv")
		zw.Close()
		return b.Bytes()
	}()
	for _, tc := range []struct {
		name, data string
		want       []string
	}{
		{"fields.csv", "maður;1;kk;alm;maður\n", []string{"fields.csv:1:", "5 fields", "lemma;id;class;domain;form;tag"}},
		{"changed.csv", "# x\nmaður;1;kk;alm;maður;NFET\nmaður;1;kk;alm;menn;NFFT;x\n", []string{"changed.csv:3:", "7 fields", "have 6"}},
		{"id.csv", "maður;1;kk;alm;maður;NFET\nmaður;x1;kk;alm;menn;NFFT\n", []string{"id.csv:2:", `"x1"`, "not a whole number"}},
		{"form.csv", "maður;1;kk;alm;;NFET\n", []string{"form.csv:1:", "form", "empty"}},
		{"class.csv", "maður;1;;alm;maður;NFET\n", []string{"class.csv:1:", "class", "empty"}},
		{"empty.csv", "\n# nothing\n", []string{"empty.csv", "no forms", DownloadURL}},
		{"two.zip", string(twoCSV), []string{"two.zip", "holds 2 .csv files"}},
	} {
		p := filepath.Join(dir, tc.name)
		if err := os.WriteFile(p, []byte(tc.data), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := Forms(p, set("maður"))
		if err == nil {
			t.Errorf("%s: no error", tc.name)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: %q does not say %q", tc.name, err, w)
			}
		}
		if err := Check(p); err == nil {
			t.Errorf("Check(%s): no error", tc.name)
		}
	}
	for name, want := range map[string][]string{
		filepath.Join(dir, "missing.csv"): {"missing.csv: no such file", "SHsnid.csv.zip", DownloadURL, "remove search.lexicon"},
		dir:                               {"is a folder", DownloadURL},
	} {
		_, err := Forms(name, set("maður"))
		for _, w := range want {
			if err == nil || !strings.Contains(err.Error(), w) {
				t.Errorf("Forms(%s): %v, want it to say %q", name, err, w)
			}
		}
	}
}

// Check reads only the first lines: a file whose end is broken passes, as the build
// will say where.
func TestCheck(t *testing.T) {
	if err := Check(fixture); err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	for range 2000 {
		b.WriteString("maður;1;kk;alm;maður;NFET\n")
	}
	b.WriteString("broken\n")
	p := writeFile(t, "long.csv", b.Bytes())
	if err := Check(p); err != nil {
		t.Errorf("Check: %v", err)
	}
	if _, err := Forms(p, nil); err == nil || !strings.Contains(err.Error(), "long.csv:2001:") {
		t.Errorf("Forms: %v, want an error at line 2001", err)
	}
}

// The credit line names the work, the institute and the editor, and the license.
func TestCredit(t *testing.T) {
	for lang, want := range map[string][]string{
		"is": {"Beygingarlýsing íslensks nútímamáls", "Stofnun Árna Magnússonar", "Kristín Bjarnadóttir", "CC BY-SA 4.0"},
		"en": {"Database of Icelandic Morphology", "Árni Magnússon Institute", "Kristín Bjarnadóttir", "CC BY-SA 4.0"},
	} {
		for _, w := range want {
			if got := Credit(lang); !strings.Contains(got, w) {
				t.Errorf("Credit(%s) = %q, without %q", lang, got, w)
			}
		}
	}
}
