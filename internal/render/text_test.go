package render

import (
	"testing"
	"testing/fstest"

	"github.com/handbok/handbok/internal/site"
)

// TestSearchDocumentText: a page's search document has its headings and its other text
// apart, for ranking, and all of it in reading order, which snippets are chosen from, so
// that a word found only in a heading shows with the text under it.
func TestSearchDocumentText(t *testing.T) {
	fsys := fstest.MapFS{
		"handbok.yaml": {Data: []byte("title: Handbók\n")},
		"content/reglur.md": {Data: []byte("---\ntitle: Reglur\ndescription: Um reglurnar.\n---\n" +
			"Inngangur.\n\n## Öryggisbrestur\n\nTilkynnið strax.\n\n```\nkóði\n```\n\n### Eftir á\n\n| A |\n|---|\n| reitur |\n")},
	}
	s, diags := site.Load(fsys, "test")
	if diags.Count(site.Error) > 0 {
		t.Fatalf("load: %v", diags)
	}
	pg := s.PageByID("reglur")
	if pg == nil {
		t.Fatal("no page reglur")
	}
	docs := SearchDocuments(s, fsys, []*site.Page{pg})
	if len(docs) != 1 {
		t.Fatalf("%d documents, want 1", len(docs))
	}
	d := docs[0]
	for _, c := range []struct{ field, got, want string }{
		{"Headings", d.Headings, "Öryggisbrestur\nEftir á\n"},
		{"Body", d.Body, "Um reglurnar.\nInngangur.\nTilkynnið strax.\nkóði\nA\nreitur"},
		{"Text", d.Text, "Um reglurnar.\nInngangur.\nÖryggisbrestur\nTilkynnið strax.\nkóði\nEftir á\nA\nreitur"},
	} {
		if c.got != c.want {
			t.Errorf("%s = %q, want %q", c.field, c.got, c.want)
		}
	}
}
