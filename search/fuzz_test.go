package search

import (
	"html"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// analyzerSeeds are texts people write and type, and text that is not what anyone
// writes.
var analyzerSeeds = []string{
	"Þjónustustefna Dalvíkurbyggðar", "ábendingum ábendingar ábendingunni", "sögu saga menn maður",
	"Öryggisreglur sundlaugarinnar – gæsla í laug", "the policy and the review of it", "og að í á",
	"e\u0301 cafe\u0301 ǅemal İstanbul ß æ œ ø", "12 345,6 kr. kl. 10:00", "a\xffb\xc3", "\x00\u2028\ufeff",
	"<script>alert('x')</script> & &amp; \"q\"", "Гагарин 東京 😀", strings.Repeat("löng", 40),
}

// FuzzAnalyze: every token of any text is one of its words, in the place the words are;
// its folded form is the fold of its exact form, and folding again changes nothing; a
// word analysed alone gets the forms it got in the text; no form is empty (an empty
// fold would be a prefix of every key) and every form is UTF-8; and a query keeps a
// token whenever it has a word that folds to something.
func FuzzAnalyze(f *testing.F) {
	for _, s := range analyzerSeeds {
		f.Add(s, false)
	}
	f.Add("the review", true)
	f.Fuzz(func(t *testing.T, text string, english bool) {
		lang := Icelandic
		if english {
			lang = English
		}
		nfc := norm.NFC.String(text)
		words := Words(text)
		tokens := Analyze(text, lang)
		w := 0
		for _, tk := range tokens {
			for w < len(words) && words[w].Start != tk.Start {
				w++
			}
			if w == len(words) || words[w].End != tk.End || words[w].Exact != tk.Exact {
				t.Fatalf("%q: token %+v is not one of the words %+v", text, tk, words)
			}
			if tk.Start < 0 || tk.End > len(nfc) || tk.Start >= tk.End {
				t.Fatalf("%q: token %+v is outside its NFC form of %d bytes", text, tk, len(nfc))
			}
			for _, form := range []string{tk.Exact, tk.Fold, tk.Stem} {
				if form == "" || !utf8.ValidString(form) {
					t.Fatalf("%q: token %+v has a form that is empty or not UTF-8", text, tk)
				}
			}
			if got := Fold(tk.Exact); got != tk.Fold {
				t.Fatalf("%q: token %+v, but Fold(%q) = %q", text, tk, tk.Exact, got)
			}
			if again := Fold(tk.Fold); again != tk.Fold {
				t.Fatalf("%q: Fold(%q) = %q, folded again %q", text, tk.Exact, tk.Fold, again)
			}
			alone := AnalyzeQuery(tk.Exact, lang)
			if len(alone) != 1 || alone[0].Fold != tk.Fold || alone[0].Stem != tk.Stem {
				t.Fatalf("%q: token %+v, but the word alone gives %+v", text, tk, alone)
			}
		}
		keys := 0 // words that fold to something: a word of combining marks alone does not
		for _, w := range words {
			if Fold(w.Exact) != "" {
				keys++
			}
		}
		if q := AnalyzeQuery(text, lang); (len(q) > 0) != (keys > 0) {
			t.Fatalf("%q: the query has %d tokens of %d words with keys", text, len(q), keys)
		}
	})
}

var snippetMarks = regexp.MustCompile(`</?mark>`)

// FuzzSnippetHTML: a snippet of any text for any query is HTML with nothing in it but
// escaped text and <mark> elements that do not nest, its text is a passage of the
// page's text, and every word it marks is a word of the text.
func FuzzSnippetHTML(f *testing.F) {
	for i, s := range analyzerSeeds {
		f.Add(s, analyzerSeeds[(i+1)%len(analyzerSeeds)], i%2 == 0)
		f.Add(s, s, false)
	}
	f.Add("Gæsla í laug: starfsmaður <b>alltaf</b> á bakka & við „djúpu“ laugina.", "gæsla laug", true)
	f.Fuzz(func(t *testing.T, text, query string, prefix bool) {
		out := SnippetHTML(text, AnalyzeQuery(query, Icelandic), prefix, Icelandic)
		if utf8.ValidString(text) && !utf8.ValidString(out) {
			t.Fatalf("snippet of %q for %q is not UTF-8: %q", text, query, out)
		}
		open := false
		for _, m := range snippetMarks.FindAllString(out, -1) {
			if (m == "<mark>") == open {
				t.Fatalf("snippet of %q for %q nests or leaves open its marks: %q", text, query, out)
			}
			open = !open
		}
		if open {
			t.Fatalf("snippet of %q for %q leaves a mark open: %q", text, query, out)
		}
		plain := snippetMarks.ReplaceAllString(out, "")
		if strings.ContainsAny(plain, `<>"'`) {
			t.Fatalf("snippet of %q for %q has markup of its own: %q", text, query, out)
		}
		if unescaped := html.UnescapeString(plain); escapeSnippet(unescaped) != plain {
			t.Fatalf("snippet of %q for %q is not escaped text: %q", text, query, out)
		}
		passage := strings.TrimSuffix(strings.TrimPrefix(html.UnescapeString(plain), "… "), " …")
		if whole := collapseSpace(norm.NFC.String(text)); !strings.Contains(whole, passage) {
			t.Fatalf("snippet of %q for %q is not a passage of the text: %q", text, query, out)
		}
	})
}
