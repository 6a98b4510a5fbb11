package search

import (
	"errors"
	"html"
	"strings"
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

// ErrEmptyQuery is returned for a query with no words.
var ErrEmptyQuery = errors.New("the query has no words")
