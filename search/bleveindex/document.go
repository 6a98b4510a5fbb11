package bleveindex

import (
	"cmp"
	"maps"
	"slices"
	"sync"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/mapping"

	"github.com/handbok/handbok/search"
)

// documentOf returns d as bleve's mapping m would make it, field by field with the same
// names, options and analyzers, except that each text is analyzed once for its three
// forms rather than once per form: the words are found, folded and stemmed once, and
// each field of a form takes its terms from that.
func documentOf(m *mapping.IndexMappingImpl, d search.Document) *document.Document {
	values := map[string]string{
		"id": d.ID, "title": d.Fields()[0], "headings": d.Headings, "body": d.Body, "text": d.SnippetText(),
		"workplace": d.Workplace, "workplace_title": d.WorkplaceTitle, "kind": d.Kind, "url": d.URL,
	}
	doc := document.NewDocument(d.ID)
	paths := m.DefaultMapping.Properties
	for _, path := range slices.Sorted(maps.Keys(paths)) {
		text, ok := values[path]
		if !ok {
			continue
		}
		value := []byte(text)
		var forms *textForms
		for _, fm := range paths[path].Fields {
			var a analysis.Analyzer
			if fm.Index {
				a = m.AnalyzerNamed(cmp.Or(fm.Analyzer, m.DefaultAnalyzer))
				if fa, ok := a.(formAnalyzer); ok {
					if forms == nil {
						forms = &textForms{text: text, lang: fa.lang}
					}
					a = formOf{forms, fa.form}
				}
			}
			doc.AddField(document.NewTextFieldCustom(cmp.Or(fm.Name, path), nil, value, fm.Options(), a))
		}
	}
	doc.SetIndexed()
	return doc
}

// textForms is one text of a document, analyzed when the first of its forms is asked
// for, and let go of once each form has been handed over: bleve keeps the terms it
// counted, not the tokens.
type textForms struct {
	mu     sync.Mutex
	text   string
	lang   search.Language
	tokens []search.Token
	left   int // forms not handed over since the text was analyzed
}

func (t *textForms) stream(form string) analysis.TokenStream {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.left == 0 {
		t.tokens = search.Analyze(t.text, t.lang)
		t.left = len(forms)
	}
	s := tokenStream(t.tokens, form)
	if t.left--; t.left == 0 {
		t.tokens = nil
	}
	return s
}

// formOf is the analyzer of one field of a document: it returns its form of the
// document's text, whatever it is given.
type formOf struct {
	text *textForms
	form string
}

func (f formOf) Analyze([]byte) analysis.TokenStream { return f.text.stream(f.form) }
