package search

import (
	"encoding/json"
	"os"
	"os/exec"
	"reflect"
	"testing"

	"golang.org/x/text/unicode/norm"
)

// vector is one case of testdata/analyzer.json, which the Go and the JavaScript analyzer
// must both pass: text in, tokens out as [exact, fold, stem].
type vector struct {
	Lang   Language    `json:"lang"`
	Query  bool        `json:"query,omitempty"` // analysed as a query (stop words kept when all are)
	Text   string      `json:"text"`
	Tokens [][3]string `json:"tokens"`
}

func readVectors(t *testing.T) []vector {
	t.Helper()
	data, err := os.ReadFile("testdata/analyzer.json")
	if err != nil {
		t.Fatal(err)
	}
	var vs []vector
	if err := json.Unmarshal(data, &vs); err != nil {
		t.Fatal(err)
	}
	if len(vs) < 20 {
		t.Fatalf("only %d vectors", len(vs))
	}
	return vs
}

func analyzeVector(v vector) [][3]string {
	analyze := Analyze
	if v.Query {
		analyze = AnalyzeQuery
	}
	out := [][3]string{}
	for _, tk := range analyze(v.Text, v.Lang) {
		out = append(out, [3]string{tk.Exact, tk.Fold, tk.Stem})
	}
	return out
}

func TestAnalyzerVectors(t *testing.T) {
	for _, v := range readVectors(t) {
		if got := analyzeVector(v); !reflect.DeepEqual(got, v.Tokens) {
			t.Errorf("%s %q:\n got %v\nwant %v", v.Lang, v.Text, got, v.Tokens)
		}
	}
}

// TestAnalyzerJavaScript runs the browser script's analyzer tests with node's test runner
// on the same vectors.
func TestAnalyzerJavaScript(t *testing.T) {
	out, err := exec.Command(needNode(t), "--test", "js/").CombinedOutput()
	if err != nil {
		t.Fatalf("node --test js/: %v\n%s", err, out)
	}
	t.Logf("%s", out)
}

// needNode returns the path of node, for the browser script's tests; without it the test
// is skipped, except under CI=true, where it fails.
func needNode(t *testing.T) string {
	t.Helper()
	node, err := exec.LookPath("node")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("node is needed for the JavaScript tests (CI=true)")
		}
		t.Skip("node not installed")
	}
	return node
}

// TestIsNFC: the fast check agrees with the normalizer, with and without combining marks.
func TestIsNFC(t *testing.T) {
	for _, s := range []string{
		"", "abc", "Þjónustustefna Dalvíkurbyggðar", "ÆÖÐÞ æöðþ áéíóúý", "e\u0301", "a\u030a",
		"Å", "\u212b", "ǅ", "ɏ", "ʰ", "\u0340", "日本語", "\xff", "x\u0300y", "ŉ",
		"„Gæði“ – þjónusta…", "\u2000", "a\u20d0", "\u0958", "\u1e9b\u0323", "\u0f73", "\u2126", "\u1100\u1161",
	} {
		if got, want := isNFC(s), norm.NFC.IsNormalString(s); got != want {
			t.Errorf("isNFC(%q) = %v, the normalizer says %v", s, got, want)
		}
	}
	// The quotes and dashes of Icelandic text take the fast path.
	for _, r := range "„“–—…" {
		if !settledRunes()[r-0x300] {
			t.Errorf("%q is not settled: every text with it goes through the normalizer", r)
		}
	}
	// Every rune up to settledEnd, alone, after a letter, and before a combining mark and
	// Hangul vowel and final jamo (which compose with the jamo before them).
	for r := rune(0x300); r < settledEnd; r++ {
		for _, s := range []string{string(r), "a" + string(r), string(r) + "\u0301", string(r) + "\u1161", string(r) + "\u11a8"} {
			if got, want := isNFC(s), norm.NFC.IsNormalString(s); got != want {
				t.Errorf("isNFC(%q) = %v, the normalizer says %v", s, got, want)
			}
		}
	}
}
