package search

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// typoVectors is testdata/typo.json, which the browser script's tests read too.
type typoVectors struct {
	Distance [][4]any `json:"distance"`
	Correct  []struct {
		Why   string         `json:"why"`
		Lang  Language       `json:"lang"`
		Word  string         `json:"word"`
		Pages int            `json:"pages"`
		Vocab map[string]int `json:"vocab"`
		Want  string         `json:"want"`
	} `json:"correct"`
}

func readTypoVectors(t *testing.T) typoVectors {
	t.Helper()
	data, err := os.ReadFile("testdata/typo.json")
	if err != nil {
		t.Fatal(err)
	}
	var v typoVectors
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatal(err)
	}
	if len(v.Distance) < 10 || len(v.Correct) < 20 {
		t.Fatalf("testdata/typo.json has %d distances and %d corrections", len(v.Distance), len(v.Correct))
	}
	return v
}

func TestEditDistance(t *testing.T) {
	for _, c := range readTypoVectors(t).Distance {
		a, b := c[0].(string), c[1].(string)
		limit, want := int(c[2].(float64)), int(c[3].(float64))
		if got := EditDistance(a, b, limit); got != want {
			t.Errorf("EditDistance(%q, %q, %d) = %d, want %d", a, b, limit, got, want)
		}
		if got := EditDistance(b, a, limit); got != want {
			t.Errorf("EditDistance(%q, %q, %d) = %d, want %d", b, a, limit, got, want)
		}
	}
}

// TestCorrect chooses corrections by the shared vectors: the query word is analysed,
// the handbook's words folded, and the word offered is given as the handbook has it.
func TestCorrect(t *testing.T) {
	for _, c := range readTypoVectors(t).Correct {
		tokens := AnalyzeQuery(c.Word, c.Lang)
		if len(tokens) != 1 {
			t.Fatalf("%s: %q is %d words", c.Why, c.Word, len(tokens))
		}
		written := map[string]string{}
		var cands []Candidate
		for w, pages := range c.Vocab {
			f := Fold(w)
			written[f] = w
			cands = append(cands, Candidate{Fold: f, Pages: pages})
		}
		got, ok := Correct(tokens[0].Fold, c.Pages, c.Lang, cands)
		if got := written[got.Fold]; got != c.Want || ok != (c.Want != "") {
			t.Errorf("%s: Correct(%q, %d pages) = %q, %v; want %q", c.Why, c.Word, c.Pages, got, ok, c.Want)
		}
	}
}

func TestTypoEdits(t *testing.T) {
	for _, c := range []struct {
		fold string
		want int
	}{
		{"lag", 0}, {"laga", 1}, {"reglugerd", 2}, {"reglurnar", 2}, {"reglur", 1},
		{"112", 0}, {"covid19", 0}, {"thetta", 0}, {"vinnusta", 2}, {"vinnust", 1},
	} {
		if got := TypoEdits(c.fold, Icelandic); got != c.want {
			t.Errorf("TypoEdits(%q) = %d, want %d", c.fold, got, c.want)
		}
	}
}

func TestTypoBucket(t *testing.T) {
	for _, c := range []struct {
		first rune
		n     int
		want  string
	}{{'s', 17, "w/s-17.js"}, {'z', 4, "w/z-4.js"}, {'α', 5, "w/u3b1-5.js"}, {'1', 4, "w/u31-4.js"}} {
		if got := typoBucket(c.first, c.n); got != c.want {
			t.Errorf("typoBucket(%q, %d) = %q, want %q", c.first, c.n, got, c.want)
		}
	}
}

// TestTypoStatic writes the static index of the ranking corpus and runs the browser
// script's searches with typos on it in node, as bleveindex's TestTypoQueries runs them
// on the bleve index.
func TestTypoStatic(t *testing.T) {
	node := needNode(t)
	rc := readRanking(t)
	dir := t.TempDir()
	o := DefaultStaticOptions
	o.ShardSize = 200
	if _, err := WriteStatic(rc.Docs, o, dirOutput(dir)); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(node, "--test", "js/typo.test.js")
	cmd.Env = append(os.Environ(), "HANDBOK_STATIC_DIR="+filepath.Join(dir, StaticDir))
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("node --test js/typo.test.js: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "search: thagnaskylda") {
		t.Errorf("node ran no searches:\n%s", out)
	}
}
