package search

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// The stemmer's evaluation: testdata/paradigms.tsv holds the inflected forms of Icelandic
// lemmas and testdata/compounds.tsv compounds with their parts. The rules were tuned on
// paradigms.tsv; testdata/paradigms-heldout.tsv, in the same format, was written after
// them and never used to tune them. Run it with
//
//	go test ./search -run TestStemmerEvaluation -v
//
// to see the figures that BENCHMARKS.md records.

// lemma is one line of paradigms.tsv or paradigms-heldout.tsv.
type lemma struct {
	class, name string
	forms       []string
}

// compound is one line of compounds.tsv.
type compound struct {
	word  string
	parts []string
}

// readTSV calls fn with the tab-separated fields of each line of a file under testdata
// that is neither blank nor a # comment.
func readTSV(t *testing.T, name string, fn func(fields []string) error) {
	t.Helper()
	f, err := os.Open("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if err := fn(strings.Split(line, "\t")); err != nil {
			t.Fatalf("testdata/%s:%d: %v", name, n, err)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
}

// readParadigms reads a file of lemmas under testdata: paradigms.tsv or
// paradigms-heldout.tsv.
func readParadigms(t *testing.T, name string) []lemma {
	var out []lemma
	readTSV(t, name, func(f []string) error {
		if len(f) != 3 || !slices.Contains([]string{"noun", "adj", "verb"}, f[0]) {
			return fmt.Errorf("want class (noun, adj, verb), lemma and forms, tab-separated")
		}
		out = append(out, lemma{class: f[0], name: f[1], forms: strings.Fields(f[2])})
		return nil
	})
	return out
}

func readCompounds(t *testing.T) []compound {
	var out []compound
	readTSV(t, "compounds.tsv", func(f []string) error {
		if len(f) != 2 || len(strings.Fields(f[1])) == 0 {
			return fmt.Errorf("want the compound and its parts, tab-separated")
		}
		out = append(out, compound{word: f[0], parts: strings.Fields(f[1])})
		return nil
	})
	return out
}

// ratio is a count of hits out of a count of cases.
type ratio struct{ hit, all int }

func (r ratio) value() float64 {
	if r.all == 0 {
		return 1
	}
	return float64(r.hit) / float64(r.all)
}

func (r ratio) String() string { return fmt.Sprintf("%.1f%% (%d/%d)", 100*r.value(), r.hit, r.all) }

// pairScores measures a key function on lemmas. Recall: of the pairs of different forms
// of one lemma, those given the same key. Precision: of the pairs of different forms
// given the same key, those of one lemma. Both are counted in all and per word class
// (a precision pair counts for the class of each of its forms).
func pairScores(lemmas []lemma, key func(string) string) (recall, precision map[string]*ratio) {
	recall, precision = map[string]*ratio{"all": {}}, map[string]*ratio{"all": {}}
	for _, l := range lemmas {
		recall[l.class], precision[l.class] = &ratio{}, &ratio{}
	}
	count := func(m map[string]*ratio, class string, hit bool) {
		for _, c := range []string{"all", class} {
			m[c].all++
			if hit {
				m[c].hit++
			}
		}
	}
	type form struct {
		word  string
		lemma int
	}
	byKey := map[string][]form{}
	for i, l := range lemmas {
		keys := make([]string, len(l.forms))
		for j, w := range l.forms {
			keys[j] = key(w)
			byKey[keys[j]] = append(byKey[keys[j]], form{w, i})
			for k := range j {
				count(recall, l.class, keys[k] == keys[j])
			}
		}
	}
	for _, forms := range byKey {
		for j, a := range forms {
			for _, b := range forms[:j] {
				same := a.lemma == b.lemma
				count(precision, lemmas[a.lemma].class, same)
				if lemmas[b.lemma].class != lemmas[a.lemma].class {
					precision[lemmas[b.lemma].class].all++
					if same {
						precision[lemmas[b.lemma].class].hit++
					}
				}
			}
		}
	}
	return recall, precision
}

// compoundPartRecall is the share of the parts of four letters or more of the compounds
// whose key is among the compound's keys: a search for the part, after Enter, finds the
// compound.
func compoundPartRecall(compounds []compound, key func(string) string, keys func(string) []string) ratio {
	var r ratio
	for _, c := range compounds {
		ck := keys(c.word)
		for _, p := range c.parts {
			if utf8.RuneCountInString(p) < 4 {
				continue
			}
			r.all++
			if slices.Contains(ck, key(p)) {
				r.hit++
			}
		}
	}
	return r
}

// stemKey is the key the index gives a word: its stem, stop word or not.
func stemKey(word string) string {
	sc := scanner{lang: Icelandic, exact: []byte(word)}
	sc.forms()
	return string(sc.stem)
}

// stemKeys is every key the index gives a word.
func stemKeys(word string) []string { return []string{stemKey(word)} }

// Floors of the evaluation: what the stemmer reached when they were set, less a margin.
// Raise them when the stemmer gets better.
var stemFloors = map[string]float64{
	"recall":          0.95,
	"recall noun":     0.97,
	"recall adj":      0.90,
	"recall verb":     0.89,
	"precision":       0.97,
	"precision noun":  0.97,
	"precision adj":   0.98,
	"precision verb":  0.98,
	"compound recall": 0.90,
}

// Floors on the held-out set, set further below its figures than stemFloors: the set is
// smaller and the rules never saw it.
var heldOutFloors = map[string]float64{
	"recall":         0.65,
	"recall noun":    0.82,
	"recall adj":     0.55,
	"recall verb":    0.40,
	"precision":      0.93,
	"precision noun": 0.90,
	"precision adj":  0.93,
	"precision verb": 0.93,
}

// pairFigures is pairScores of the stemmer on lemmas, named as the floors name them.
func pairFigures(lemmas []lemma) map[string]ratio {
	recall, precision := pairScores(lemmas, stemKey)
	got := map[string]ratio{}
	for _, class := range []string{"all", "noun", "adj", "verb"} {
		name := ""
		if class != "all" {
			name = " " + class
		}
		got["recall"+name], got["precision"+name] = *recall[class], *precision[class]
	}
	return got
}

// checkFloors logs each figure named in floors and fails the test for those below it.
func checkFloors(t *testing.T, set string, got map[string]ratio, floors map[string]float64) {
	t.Helper()
	names := slices.Sorted(func(yield func(string) bool) {
		for n := range floors {
			if !yield(n) {
				return
			}
		}
	})
	for _, n := range names {
		t.Logf("%s %-16s %s", set, n, got[n])
		if got[n].value() < floors[n] {
			t.Errorf("%s: %s is %s, below its floor of %.0f%%", set, n, got[n], 100*floors[n])
		}
	}
}

// formCount is the number of forms of lemmas.
func formCount(lemmas []lemma) int {
	n := 0
	for _, l := range lemmas {
		n += len(l.forms)
	}
	return n
}

func TestStemmerEvaluation(t *testing.T) {
	lemmas, compounds := readParadigms(t, "paradigms.tsv"), readCompounds(t)
	if len(lemmas) < 150 || len(compounds) < 150 {
		t.Fatalf("%d lemmas and %d compounds; the evaluation needs 150 of each", len(lemmas), len(compounds))
	}
	got := pairFigures(lemmas)
	split := NewCompounds(compoundVocabulary(t, compounds), Icelandic)
	got["compound recall"] = compoundPartRecall(compounds, stemKey, func(w string) []string {
		return append(stemKeys(w), split.Parts(w)...)
	})
	t.Logf("tuning set: %d lemmas, %d forms, %d compounds", len(lemmas), formCount(lemmas), len(compounds))
	checkFloors(t, "tuning  ", got, stemFloors)

	heldOut := readParadigms(t, "paradigms-heldout.tsv")
	if len(heldOut) < 80 {
		t.Fatalf("%d held-out lemmas; the evaluation needs 80", len(heldOut))
	}
	tuned := map[string]bool{}
	for _, l := range lemmas {
		tuned[l.name] = true
		for _, w := range l.forms {
			tuned[w] = true
		}
	}
	for _, l := range heldOut {
		for _, w := range append([]string{l.name}, l.forms...) {
			if tuned[w] {
				t.Errorf("held-out lemma %s: %s is also in paradigms.tsv", l.name, w)
			}
		}
	}
	t.Logf("held-out set: %d lemmas, %d forms", len(heldOut), formCount(heldOut))
	checkFloors(t, "held-out", pairFigures(heldOut), heldOutFloors)
}

// compoundVocabulary is the handbook the compound set is split against: every form of
// the paradigm sets, and each compound with its parts as the set writes them (a
// handbook that has "neyðaráætlun" in it has "neyð" and "áætlun" somewhere too).
func compoundVocabulary(t *testing.T, compounds []compound) []string {
	var words []string
	for _, name := range []string{"paradigms.tsv", "paradigms-heldout.tsv"} {
		for _, l := range readParadigms(t, name) {
			words = append(words, l.forms...)
		}
	}
	for _, c := range compounds {
		words = append(append(words, c.word), c.parts...)
	}
	return words
}

// TestStemmerJavaScript: the browser script gives every form of the evaluation the
// stem that Go gives it.
func TestStemmerJavaScript(t *testing.T) {
	node := needNode(t)
	var words []string
	for _, name := range []string{"paradigms.tsv", "paradigms-heldout.tsv"} {
		for _, l := range readParadigms(t, name) {
			words = append(words, l.forms...)
		}
	}
	for _, c := range readCompounds(t) {
		words = append(words, c.word)
		words = append(words, c.parts...)
	}
	script := `const H = require("./js/handbok-search.js");
let s = ""; process.stdin.on("data", (d) => s += d);
process.stdin.on("end", () => console.log(s.split("\n").map((w) => H.stem(w, "is")).join("\n")));`
	cmd := exec.Command(node, "-e", script)
	cmd.Stdin = strings.NewReader(strings.Join(words, "\n"))
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node: %v", err)
	}
	got := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
	if len(got) != len(words) {
		t.Fatalf("node gave %d stems for %d words", len(got), len(words))
	}
	for i, w := range words {
		if want := stemKey(w); got[i] != want {
			t.Errorf("%s: the browser's stem is %q, Go's %q", w, got[i], want)
		}
	}
}

// TestPairScores checks the metric on a key function that is known.
func TestPairScores(t *testing.T) {
	lemmas := []lemma{
		{"noun", "a", []string{"a1", "a2", "a3"}},
		{"verb", "b", []string{"b1", "b2"}},
	}
	// a1, a2 and b1 share a key; a3 and b2 have their own.
	key := func(w string) string {
		if w == "a3" || w == "b2" {
			return w
		}
		return "x"
	}
	recall, precision := pairScores(lemmas, key)
	if got, want := *recall["all"], (ratio{1, 4}); got != want {
		t.Errorf("recall %v, want %v", got, want)
	}
	if got, want := *precision["all"], (ratio{1, 3}); got != want {
		t.Errorf("precision %v, want %v", got, want)
	}
	if got, want := *precision["verb"], (ratio{0, 2}); got != want {
		t.Errorf("verb precision %v, want %v", got, want)
	}
	c := compoundPartRecall([]compound{{"ab", []string{"aaaa", "bbbb", "cc"}}}, func(w string) string { return w[:1] },
		func(w string) []string { return []string{"a"} })
	if c != (ratio{1, 2}) {
		t.Errorf("compound recall %v, want 1/2", c)
	}
}
