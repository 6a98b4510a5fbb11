package bleveindex

import (
	"context"
	"slices"
	"sort"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
	"golang.org/x/text/unicode/norm"

	"github.com/handbok/handbok/search"
)

// correct adds to the results of q (typed) those of q with its likely typos corrected,
// by the rules of package search (search/typo.go), which the browser script follows
// on the static index: pages with every word as typed first, then pages with every word
// as corrected; when neither has every word, pages with some of the words as typed,
// then as corrected. Results of the correction have Corrected set to it. A query whose
// pages with every word are more than search.TypoFewPages is left as it is.
func (x *Index) correct(ctx context.Context, q search.Query, tokens []search.Token, prefix bool, typed found) ([]search.Result, error) {
	if typed.all && typed.total > search.TypoFewPages {
		return typed.results, nil
	}
	type fix struct {
		tk   search.Token
		word string
	}
	var fixes []fix
	for i, tk := range tokens {
		edits := search.TypoEdits(tk.Fold, x.lang)
		if edits == 0 {
			continue
		}
		// The pages of the word alone, in any form, whatever the filters.
		pages, err := x.count(ctx, x.wordQuery(tk, prefix && i == len(tokens)-1))
		if err != nil {
			return nil, err
		}
		if pages > search.TypoFewPages {
			continue
		}
		cands, err := x.candidates(ctx, tk.Fold, edits)
		if err != nil {
			return nil, err
		}
		c, ok := search.Correct(tk.Fold, pages, x.lang, cands)
		if !ok {
			continue
		}
		word, err := x.written(ctx, c.Fold)
		if err != nil {
			return nil, err
		}
		fixes = append(fixes, fix{tk, word})
	}
	if len(fixes) == 0 {
		return typed.results, nil
	}
	text := norm.NFC.String(q.Text)
	for i := len(fixes) - 1; i >= 0; i-- {
		f := fixes[i]
		text = text[:f.tk.Start] + f.word + text[f.tk.End:]
	}
	alt, err := x.find(ctx, search.AnalyzeQuery(text, x.lang), prefix, q)
	if err != nil {
		return nil, err
	}
	if typed.all && !alt.all {
		return typed.results, nil
	}
	onlyAlt := alt.all && !typed.all
	seen := map[string]bool{}
	for _, r := range typed.results {
		seen[r.ID] = true
	}
	var more []search.Result
	for _, r := range alt.results {
		if onlyAlt || !seen[r.ID] {
			r.Corrected = text
			more = append(more, r)
		}
	}
	if len(more) == 0 {
		return typed.results, nil
	}
	if onlyAlt {
		return more, nil
	}
	out := append(typed.results, more...)
	return out[:min(len(out), q.Limit)], nil
}

// count returns how many pages q matches.
func (x *Index) count(ctx context.Context, q query.Query) (int, error) {
	res, err := x.idx.SearchInContext(ctx, bleve.NewSearchRequestOptions(q, 0, 0, false))
	if err != nil {
		return 0, err
	}
	return int(res.Total), nil
}

// foldFields are the fields of the folded words.
var foldFields = []string{"title_fold", "headings_fold", "body_fold"}

// candidates returns the folded words of the index that may correct fold, up to edits
// away: the nearest, each with the pages it is on.
func (x *Index) candidates(ctx context.Context, fold string, edits int) ([]search.Candidate, error) {
	_, size := utf8.DecodeRuneInString(fold)
	n := utf8.RuneCountInString(fold)
	dist := map[string]int{}
	err := x.eachTerm(foldFields, fold[:size], func(term string) {
		if _, ok := dist[term]; ok || term == fold {
			return
		}
		if m := utf8.RuneCountInString(term); m < n-edits || m > n+edits {
			return
		}
		dist[term] = search.EditDistance(fold, term, edits)
	})
	if err != nil {
		return nil, err
	}
	nearest := edits
	for _, d := range dist {
		nearest = min(nearest, d)
	}
	var out []search.Candidate
	for term, d := range dist {
		if d != nearest {
			continue
		}
		pages, err := x.count(ctx, foldQuery(term))
		if err != nil {
			return nil, err
		}
		out = append(out, search.Candidate{Fold: term, Pages: pages})
	}
	return out, nil
}

// foldQuery matches the pages with a folded word in any field.
func foldQuery(fold string) query.Query {
	qs := make([]query.Query, len(foldFields))
	for i, field := range foldFields {
		t := bleve.NewTermQuery(fold)
		t.SetField(field)
		qs[i] = t
	}
	return bleve.NewDisjunctionQuery(qs...)
}

// written returns the folded word fold as the handbook most often writes it: the form
// on the most of the pages (of the first ones found) that have it.
func (x *Index) written(ctx context.Context, fold string) (string, error) {
	req := bleve.NewSearchRequestOptions(foldQuery(fold), 10, 0, false)
	req.Fields = []string{"title", "text"}
	res, err := x.idx.SearchInContext(ctx, req)
	if err != nil {
		return "", err
	}
	pages := map[string]int{}
	for _, h := range res.Hits {
		title, _ := h.Fields["title"].(string)
		text, _ := h.Fields["text"].(string)
		seen := map[string]bool{}
		for _, w := range search.Words(title + "\n" + text) {
			if !seen[w.Exact] && search.Fold(w.Exact) == fold {
				seen[w.Exact] = true
				pages[w.Exact]++
			}
		}
	}
	forms := make([]string, 0, len(pages))
	for w := range pages {
		forms = append(forms, w)
	}
	if len(forms) == 0 {
		return fold, nil
	}
	sort.Strings(forms)
	return slices.MaxFunc(forms, func(a, b string) int { return pages[a] - pages[b] }), nil
}
