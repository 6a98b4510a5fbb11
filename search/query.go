package search

import "errors"

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
}

// ErrEmptyQuery is returned for a query with no words.
var ErrEmptyQuery = errors.New("the query has no words")
