package search

import (
	"errors"
	"fmt"
)

// Query is a search as a person typed it.
type Query struct {
	Text      string
	Workplace string // a workplace's slug: only its pages and the policies of every workplace
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
	// Snippet is HTML: the best-matching passage of the page's text, escaped, with the
	// matches in <mark> (see SnippetHTML).
	Snippet string `json:"snippet"`
	// WorkplaceTitle is for people; JSON has the slug.
	WorkplaceTitle string `json:"-"`
	// All is set when the page has every word of the query.
	All bool `json:"-"`
	// Corrected is set on a page found only when a word of the query that looked
	// misspelt was corrected: it is the query so corrected ("Did you mean …?").
	Corrected string `json:"corrected,omitempty"`
}

// ErrEmptyQuery is returned for a query with no words.
var ErrEmptyQuery = errors.New("the query has no words")

// The limits of a query, generous for what people type (a long question is some 80
// bytes and 10 words), which keep what one search costs the index small.
const (
	MaxQueryBytes = 256 // bytes of the query's text, as UTF-8
	MaxQueryWords = 16  // different words, stop words included
)

// ErrQueryTooLong is wrapped by the error of a query over MaxQueryBytes or
// MaxQueryWords.
var ErrQueryTooLong = errors.New("the query is too long")

// queryTooLong says which limit a query is over, and what to do.
type queryTooLong struct{ msg string }

func (e queryTooLong) Error() string { return e.msg }
func (e queryTooLong) Unwrap() error { return ErrQueryTooLong }

// CheckQuery returns an error wrapping ErrQueryTooLong, which says the limit, when text
// is longer than MaxQueryBytes or has more than MaxQueryWords different words.
func CheckQuery(text string) error {
	if len(text) > MaxQueryBytes {
		return queryTooLong{fmt.Sprintf("the query is %d bytes long; a search can be at most %d bytes: search for fewer or shorter words", len(text), MaxQueryBytes)}
	}
	seen := map[string]bool{}
	for _, w := range Words(text) {
		seen[w.Exact] = true
	}
	if len(seen) > MaxQueryWords {
		return queryTooLong{fmt.Sprintf("the query has %d different words; a search can have at most %d: leave some out", len(seen), MaxQueryWords)}
	}
	return nil
}
