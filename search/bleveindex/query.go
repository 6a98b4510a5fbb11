package bleveindex

import (
	"context"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/handbok/handbok/search"
)

// Weights of the forms of a word, as in the browser script: exact over folded over
// stemmed over a compound with the word as a part over prefix.
const (
	weightExact  = 1.0
	weightFold   = 0.8
	weightStem   = 0.7
	weightPart   = 0.55
	weightPrefix = 0.4
)

// Search runs q. Pages with every word come first; when none has them all, the pages
// with the most of them are returned, with All unset. When a word of q looks misspelt,
// the pages of q with it corrected follow, with Corrected set (see correct). A query
// over the limits of search.CheckQuery is refused with its error. The search stops,
// with ctx's error, soon after ctx is done: between the index's hits and between the
// results' snippets.
func (x *Index) Search(ctx context.Context, q search.Query) ([]search.Result, error) {
	if err := search.CheckQuery(q.Text); err != nil {
		return nil, err
	}
	tokens := search.AnalyzeQuery(q.Text, x.lang)
	if len(tokens) == 0 {
		return nil, search.ErrEmptyQuery
	}
	if err := x.RefreshParts(); err != nil {
		return nil, err
	}
	if q.Limit <= 0 {
		q.Limit = 10
	}
	prefix := q.Prefix && !strings.HasSuffix(q.Text, " ")
	typed, err := x.find(ctx, tokens, prefix, q)
	if err != nil {
		return nil, err
	}
	return x.correct(ctx, q, tokens, prefix, typed)
}

// found are the results of a query, with the text of each page.
type found struct {
	results []search.Result
	texts   []string
	all     bool   // the pages have every word
	total   uint64 // how many pages have every word, past the limit too
}

// find runs the query of tokens.
func (x *Index) find(ctx context.Context, tokens []search.Token, prefix bool, q search.Query) (found, error) {
	words := make([]query.Query, len(tokens))
	for i, tk := range tokens {
		words[i] = x.wordQuery(tk, prefix && i == len(tokens)-1)
	}
	all := true
	res, err := x.run(ctx, bleve.NewConjunctionQuery(words...), q.Workplace, q.Limit)
	if err != nil {
		return found{}, err
	}
	total := res.Total
	if len(res.Hits) == 0 {
		all = false
		if len(words) > 1 {
			res, err = x.run(ctx, bleve.NewDisjunctionQuery(words...), q.Workplace, q.Limit)
		}
	}
	if err != nil {
		return found{}, err
	}
	f := found{results: make([]search.Result, 0, len(res.Hits)), all: all, total: total}
	for _, h := range res.Hits {
		if err := ctx.Err(); err != nil {
			return found{}, err
		}
		str := func(f string) string { s, _ := h.Fields[f].(string); return s }
		f.results = append(f.results, search.Result{
			ID: h.ID, Title: firstLine(str("title")), URL: str("url"), Workplace: str("workplace"),
			WorkplaceTitle: str("workplace_title"), Kind: str("kind"), Score: h.Score, All: all,
			Snippet: search.SnippetHTML(str("text"), tokens, prefix, x.lang),
		})
		f.texts = append(f.texts, str("text"))
	}
	return f, nil
}

func (x *Index) run(ctx context.Context, q query.Query, workplace string, limit int) (*bleve.SearchResult, error) {
	if workplace != "" {
		// A filter, so that scores stay those of the words, as in the browser.
		b := bleve.NewBooleanQuery()
		b.AddMust(q)
		b.AddFilter(inWorkplace(workplace))
		q = b
	}
	req := bleve.NewSearchRequestOptions(q, limit, 0, false)
	req.Fields = []string{"title", "url", "workplace", "workplace_title", "kind", "text"}
	return x.idx.SearchInContext(ctx, req)
}

// inWorkplace matches the pages a person at workplace needs: the workplace's own, and
// the policies of the whole organisation (no workplace), which apply at every
// workplace, as its page lists them. The static search's filter (passes in
// search/js/handbok-search.js) keeps the same pages.
func inWorkplace(workplace string) query.Query {
	own := bleve.NewTermQuery(workplace)
	own.SetField("workplace")
	org := bleve.NewTermQuery("")
	org.SetField("workplace")
	policy := bleve.NewTermQuery("policy")
	policy.SetField("kind")
	return bleve.NewDisjunctionQuery(own, bleve.NewConjunctionQuery(org, policy))
}

// wordQuery matches one word of a query in any field and form, weighted by both, and
// the compounds that have it as a part, as the static index's part keys do.
func (x *Index) wordQuery(tk search.Token, prefix bool) query.Query {
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
		w := search.FieldWeight(i)
		add(bleve.NewTermQuery(tk.Exact), field+"_exact", w*weightExact)
		add(bleve.NewTermQuery(tk.Fold), field+"_fold", w*weightFold)
		add(bleve.NewTermQuery(tk.Stem), field+"_stem", w*weightStem)
		for _, compound := range x.partsOf(tk.Stem) {
			add(bleve.NewTermQuery(compound), field+"_exact", w*weightPart)
		}
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
