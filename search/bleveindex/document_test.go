package bleveindex

import (
	"reflect"
	"testing"

	"github.com/blevesearch/bleve/v2/document"
	index "github.com/blevesearch/bleve_index_api"

	"github.com/handbok/handbok/search"
)

// TestDocumentOf: a page analyzed once for its three forms is indexed as bleve's
// mapping would index it from a map of its fields, each text analyzed once per form:
// the same fields with the same options, values and terms.
func TestDocumentOf(t *testing.T) {
	for _, lang := range []search.Language{search.Icelandic, search.English} {
		m := indexMapping(lang)
		d := search.Document{
			ID: "leikskoli/veikindi", URL: "leikskoli/veikindi/", Title: "Veikindi starfsmanna",
			Tags: []string{"Laun"}, Headings: "Tilkynning um veikindi\nVottorð",
			Body:      "Starfsmaður sem veikist tilkynnir það yfirmanni áður en vinnudagur hefst. Vottorð þarf eftir þrjá daga.",
			Text:      "Tilkynning um veikindi\nStarfsmaður sem veikist tilkynnir það yfirmanni.",
			Kind:      "policy",
			Workplace: "leikskoli", WorkplaceTitle: "Leikskólinn Álfaborg",
		}
		want := document.NewDocument(d.ID)
		if err := m.MapDocument(want, map[string]any{
			"id": d.ID, "title": d.Fields()[0], "headings": d.Headings, "body": d.Body, "text": d.SnippetText(),
			"workplace": d.Workplace, "workplace_title": d.WorkplaceTitle, "kind": d.Kind, "url": d.URL,
		}); err != nil {
			t.Fatal(err)
		}
		if want.HasComposite() {
			t.Errorf("%s: the mapping makes a composite field (_all), which nothing searches", lang)
		}
		wantFields, gotFields := analyzed(want), analyzed(documentOf(m, d))
		if len(gotFields) != len(wantFields) {
			t.Errorf("%s: %d fields, want %d", lang, len(gotFields), len(wantFields))
		}
		for name, w := range wantFields {
			if g, ok := gotFields[name]; !ok {
				t.Errorf("%s: no field %s", lang, name)
			} else if !reflect.DeepEqual(g, w) {
				t.Errorf("%s: field %s is\n%+v, want\n%+v", lang, name, g, w)
			}
		}
	}
}

// field is what the index keeps of a field of a document.
type field struct {
	options index.FieldIndexingOptions
	value   string
	length  int
	terms   map[string]int
}

// analyzed analyzes the indexed fields of doc, as bleve does when it indexes it, and
// returns its fields by name.
func analyzed(doc *document.Document) map[string]field {
	out := map[string]field{}
	doc.VisitFields(func(f index.Field) {
		got := field{options: f.Options(), value: string(f.Value())}
		if f.Options().IsIndexed() {
			f.Analyze()
			got.length = f.AnalyzedLength()
			got.terms = map[string]int{}
			for term, tf := range f.AnalyzedTokenFrequencies() {
				got.terms[term] = tf.Frequency()
			}
		}
		out[f.Name()] = got
	})
	return out
}
