package bleveindex

import (
	"context"
	"errors"
	"html"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/handbok/handbok/search"
)

var fuzzMarks = regexp.MustCompile(`</?mark>`)

// FuzzSearch runs any query, narrowed to any workplace, on a small handbook: it ends in
// results or in the error of an empty or too long query, never anything else; there
// are at most as many results as asked for, each a page of the handbook that the
// workplace may see; and every snippet is escaped text with <mark>s, in UTF-8.
func FuzzSearch(f *testing.F) {
	idx, err := Open(context.Background(), filepath.Join(f.TempDir(), "idx"), search.Icelandic, Options{})
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { idx.Close() })
	docs := []search.Document{
		{ID: "thjonustustefna", URL: "stefnur/thjonustustefna.html", Title: "Þjónustustefna Dalvíkurbyggðar", Kind: "policy",
			Headings: "Þjónusta fyrir alla", Body: "Við veitum góða þjónustu og svörum ábendingum fljótt.",
			Text: "Þjónusta fyrir alla\nVið veitum góða þjónustu og svörum ábendingum fljótt."},
		{ID: "laug/oryggi", URL: "laug/oryggi.html", Title: "Öryggisreglur sundlaugar", Kind: "policy", Workplace: "sundlaug",
			Body: "Gæsla við laugina <alltaf> & \"án\" undantekninga; sundlaugarvörður á bakka.",
			Text: "Gæsla við laugina <alltaf> & \"án\" undantekninga; sundlaugarvörður á bakka."},
		{ID: "laug/mottaka", URL: "laug/mottaka.html", Title: "Móttaka nýrra starfsmanna", Kind: "checklist", Workplace: "sundlaug",
			Body: "Lyklar, aðgangskort og öryggisnámskeið.", Text: "Lyklar, aðgangskort og öryggisnámskeið."},
		{ID: "leikskoli/reglur", URL: "leikskoli/reglur.html", Title: "Reglur Krílakots", Kind: "policy", Workplace: "leikskoli",
			Body: "Börnin eru sótt fyrir klukkan fimm. <script>alert(1)</script>", Text: "Börnin eru sótt fyrir klukkan fimm. <script>alert(1)</script>"},
		{ID: "um", URL: "um.html", Title: "Um handbókina", Kind: "page", Body: "Handbókin er fyrir starfsfólk.", Text: "Handbókin er fyrir starfsfólk."},
	}
	hashes := map[string]string{}
	byURL := map[string]search.Document{}
	for _, d := range docs {
		hashes[d.ID] = "1"
		byURL[d.URL] = d
	}
	if err := idx.Update(docs, hashes, nil); err != nil {
		f.Fatal(err)
	}
	for _, q := range []string{"þjónusta", "thjonust", "öryggi", "laug gæsla", "sundlaugarvordur", "alltaf", "script", "ábendingar",
		"a", "og", "", "   ", "\xff\xfe", "*?~^:\"+-()", strings.Repeat("orð ", 20), "þjónsta", "gæsl"} {
		f.Add(q, "", true, uint8(0))
		f.Add(q, "sundlaug", false, uint8(2))
	}
	f.Add("reglur", "leikskoli", true, uint8(1))
	f.Fuzz(func(t *testing.T, text, workplace string, prefix bool, limit uint8) {
		results, err := idx.Search(t.Context(), search.Query{Text: text, Workplace: workplace, Prefix: prefix, Limit: int(limit)})
		if err != nil {
			if !errors.Is(err, search.ErrEmptyQuery) && !errors.Is(err, search.ErrQueryTooLong) {
				t.Fatalf("%q in %q: %v", text, workplace, err)
			}
			return
		}
		want := int(limit)
		if want == 0 {
			want = 10
		}
		if len(results) > want {
			t.Fatalf("%q: %d results, asked for %d", text, len(results), want)
		}
		for _, r := range results {
			d, ok := byURL[r.URL]
			if !ok || d.ID != r.ID || d.Workplace != r.Workplace {
				t.Fatalf("%q: result %+v is no page of the handbook", text, r)
			}
			if workplace != "" && r.Workplace != workplace && (r.Workplace != "" || r.Kind != "policy") {
				t.Fatalf("%q in %q: found %s of %q", text, workplace, r.URL, r.Workplace)
			}
			plain := fuzzMarks.ReplaceAllString(r.Snippet, "")
			if !utf8.ValidString(r.Snippet) || strings.ContainsAny(plain, `<>"'`) ||
				strings.ReplaceAll(html.EscapeString(html.UnescapeString(plain)), "&#34;", "&quot;") != plain {
				t.Fatalf("%q: the snippet of %s is not escaped text with marks: %q", text, r.URL, r.Snippet)
			}
		}
	})
}
