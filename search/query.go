package search

import (
	"html"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
)

// Query is a search as a person typed it.
type Query struct {
	Text      string
	Workplace string // a workplace's slug: only its pages
	Limit     int    // at most this many results; 0 means 10
	// Prefix makes the last word also match words that start with it, for search as you
	// type; it is off when the text ends with a space.
	Prefix bool
}

// Result is a page found by a query.
type Result struct {
	ID        string  `json:"id"`
	Title     string  `json:"title"`
	URL       string  `json:"url"`
	Workplace string  `json:"workplace"`
	Kind      string  `json:"kind"`
	Score     float64 `json:"score"`
	// Snippet is HTML: the text around the best match, escaped, matches in <mark>.
	Snippet string `json:"snippet"`
	// WorkplaceTitle is for people; JSON has the slug.
	WorkplaceTitle string `json:"-"`
	// All is set when the page has every word of the query.
	All bool `json:"-"`
}

// Weights of the forms of a word, as in the browser script: exact over folded over
// stemmed over prefix.
const (
	weightExact  = 1.0
	weightFold   = 0.8
	weightStem   = 0.6
	weightPrefix = 0.4
)

// Search runs q. Pages with every word come first; when none has them all, the pages
// with the most of them are returned, with All unset.
func (x *Index) Search(q Query) ([]Result, error) {
	tokens := AnalyzeQuery(q.Text, x.lang)
	if len(tokens) == 0 {
		return nil, ErrEmptyQuery
	}
	prefix := q.Prefix && !strings.HasSuffix(q.Text, " ")
	words := make([]query.Query, len(tokens))
	for i, tk := range tokens {
		words[i] = wordQuery(tk, prefix && i == len(tokens)-1)
	}
	limit := q.Limit
	if limit <= 0 {
		limit = 10
	}
	all := true
	res, err := x.run(bleve.NewConjunctionQuery(words...), q.Workplace, limit)
	if err == nil && len(res.Hits) == 0 && len(words) > 1 {
		all = false
		res, err = x.run(bleve.NewDisjunctionQuery(words...), q.Workplace, limit)
	}
	if err != nil {
		return nil, err
	}
	out := make([]Result, 0, len(res.Hits))
	for _, h := range res.Hits {
		str := func(f string) string { s, _ := h.Fields[f].(string); return s }
		out = append(out, Result{
			ID: h.ID, Title: firstLine(str("title")), URL: str("url"), Workplace: str("workplace"),
			WorkplaceTitle: str("workplace_title"), Kind: str("kind"), Score: h.Score, All: all,
			Snippet: SnippetHTML(str("body"), tokens, prefix, x.lang),
		})
	}
	return out, nil
}

func (x *Index) run(q query.Query, workplace string, limit int) (*bleve.SearchResult, error) {
	if workplace != "" {
		wq := bleve.NewTermQuery(workplace)
		wq.SetField("workplace")
		q = bleve.NewConjunctionQuery(q, wq)
	}
	req := bleve.NewSearchRequestOptions(q, limit, 0, false)
	req.Fields = []string{"title", "url", "workplace", "workplace_title", "kind", "body"}
	return x.idx.Search(req)
}

// wordQuery matches one word of a query in any field and form, weighted by both.
func wordQuery(tk Token, prefix bool) query.Query {
	var qs []query.Query
	add := func(q interface {
		query.Query
		SetField(string)
		SetBoost(float64)
	}, field string, boost float64) {
		q.SetField(field)
		q.SetBoost(boost)
		qs = append(qs, q)
	}
	for i, field := range []string{"title", "headings", "body"} {
		w := fieldWeights[i]
		add(bleve.NewTermQuery(tk.Exact), field+"_exact", w*weightExact)
		add(bleve.NewTermQuery(tk.Fold), field+"_fold", w*weightFold)
		add(bleve.NewTermQuery(tk.Stem), field+"_stem", w*weightStem)
		if prefix && len(tk.Fold) >= 2 {
			add(bleve.NewPrefixQuery(tk.Fold), field+"_fold", w*weightPrefix)
		}
	}
	return bleve.NewDisjunctionQuery(qs...)
}

func firstLine(s string) string {
	first, _, _ := strings.Cut(s, "\n")
	return first
}

// SnippetHTML picks the stretch of text, about 30 words, with the most words that match
// the query, and returns it as HTML with the matches in <mark>: the same choice as the
// browser script makes.
func SnippetHTML(text string, tokens []Token, prefix bool, lang Language) string {
	ws := Words(text)
	if len(ws) == 0 {
		return ""
	}
	match := make([]bool, len(ws))
	for i, w := range ws {
		match[i] = matchesWord(w.Exact, tokens, prefix, lang)
	}
	const span = 30
	best, bestAt, run := 0, 0, 0
	for i := range ws {
		if match[i] {
			run++
		}
		if i >= span && match[i-span] {
			run--
		}
		if run > best {
			best, bestAt = run, max(0, i-span+1)
		}
	}
	start := bestAt
	if best > 0 {
		start = max(0, bestAt-3)
	}
	end := min(len(ws)-1, start+span)
	nfc := normNFC(text)
	var b strings.Builder
	if start > 0 {
		b.WriteString("… ")
	}
	at := ws[start].Start
	for i := start; i <= end; i++ {
		if !match[i] {
			continue
		}
		b.WriteString(html.EscapeString(nfc[at:ws[i].Start]))
		b.WriteString("<mark>" + html.EscapeString(nfc[ws[i].Start:ws[i].End]) + "</mark>")
		at = ws[i].End
	}
	b.WriteString(html.EscapeString(nfc[at:ws[end].End]))
	if end < len(ws)-1 {
		b.WriteString(" …")
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// matchesWord reports whether a word of a text matches a query word: in folded form, by
// stem, or, for the last word typed, by its start.
func matchesWord(exact string, tokens []Token, prefix bool, lang Language) bool {
	f := Fold(exact)
	st := Stem(f, lang)
	for i, t := range tokens {
		if f == t.Fold || st == t.Stem || prefix && i == len(tokens)-1 && strings.HasPrefix(f, t.Fold) {
			return true
		}
	}
	return false
}
