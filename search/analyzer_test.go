package search

import (
	"encoding/json"
	"os"
	"os/exec"
	"reflect"
	"strings"
	"testing"
	"unicode"

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

// scan finds the words that a plain reading rune by rune with unicode's tables finds,
// lower-cased the same way, and tells NFC text as the normalizer does.
func FuzzScan(f *testing.F) {
	for _, s := range []string{"", "Þjónustustefna Dalvíkurbyggðar", "ÁÐÉÍÓÚÝÞÆÖ áðéíóúýþæö", "e\u0301 cafe\u0301",
		"„Góðan daginn“ – sagði hún…", "İstanbul ǅ ǈ Σίσυφος", "a\xffb\xc3", "x=1+2; y<3", "12 345,6 kr."} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if got, want := isNFC(text), norm.NFC.IsNormalString(text); got != want {
			t.Errorf("isNFC(%q) = %v, the normalizer says %v", text, got, want)
		}
		var got [][3]any
		var sc scanner
		nfc := sc.scan(text, func(start, end int) { got = append(got, [3]any{start, end, string(sc.exact)}) })
		if want := norm.NFC.String(text); nfc != want {
			t.Fatalf("scan(%q) read %q, want its NFC %q", text, nfc, want)
		}
		var want [][3]any
		start := -1
		word := func(end int) {
			want = append(want, [3]any{start, end, strings.Map(unicode.ToLower, nfc[start:end])})
			start = -1
		}
		for i, r := range nfc {
			in := unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.M, r)
			if in && start < 0 {
				start = i
			} else if !in && start >= 0 {
				word(i)
			}
		}
		if start >= 0 {
			word(len(nfc))
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("scan(%q) found %v, want %v", text, got, want)
		}
	})
}
