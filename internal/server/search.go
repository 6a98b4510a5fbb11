// Package server is handbok's HTTP side: the built site, and the APIs that the pages call.
// This file has the search API; the rest of the server (serving files, live reload,
// records) builds on it.
package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime"
	"strconv"
	"time"

	"github.com/handbok/handbok/search"
)

// Searcher finds pages; *bleveindex.Index is one. Search stops with ctx's error soon
// after ctx is done.
type Searcher interface {
	Search(ctx context.Context, q search.Query) ([]search.Result, error)
}

// MaxLimit caps ?limit=, so that one request cannot ask for the whole handbook.
const MaxLimit = 100

// SearchLimits bound how many searches the server runs at once. The zero value is
// DefaultSearchLimits.
type SearchLimits struct {
	// Running is how many searches run at once.
	Running int
	// Waiting is how many more requests wait for one of them to end; a request beyond
	// them gets 503 at once.
	Waiting int
	// Wait is how long a request waits; it gets 503 after that.
	Wait time.Duration
}

// DefaultSearchLimits are the limits of `handbok serve`: a search takes a core for a
// millisecond or a few, so twice the cores keep them busy; a request waits up to a
// second behind at most 128 others, which is room for a burst of people on a machine
// that does other work too, and little memory, since a query is small.
func DefaultSearchLimits() SearchLimits {
	return SearchLimits{Running: 2 * runtime.GOMAXPROCS(0), Waiting: 128, Wait: time.Second}
}

// retryAfter is what a 503 of a busy /api/search tells the client to wait, in seconds.
const retryAfter = "1"

// SearchHandler serves GET /api/search?q=…&workplace=…&limit=…: the pages that match, as
// JSON, in the form `handbok search --json` prints. A missing q, or one over the limits
// of search.CheckQuery, is 400, saying why; other methods 405. While as many searches
// run and wait as limits allow, a request gets 503 with Retry-After. A request whose
// client has gone stops its search.
func SearchHandler(s Searcher, limits SearchLimits, log *slog.Logger) http.Handler {
	if limits == (SearchLimits{}) {
		limits = DefaultSearchLimits()
	}
	g := newGate(limits)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			writeError(w, http.StatusMethodNotAllowed, "use GET")
			return
		}
		q, msg := parseSearch(r)
		if msg != "" {
			writeError(w, http.StatusBadRequest, msg)
			return
		}
		release, ok := g.enter(r.Context())
		if !ok {
			w.Header().Set("Retry-After", retryAfter)
			writeError(w, http.StatusServiceUnavailable, "the server is busy with other searches: try again in a second")
			return
		}
		results, err := func() ([]search.Result, error) {
			defer release() // even when the search panics, which net/http survives
			return s.Search(r.Context(), q)
		}()
		if err != nil {
			searchFailed(w, r, err, log)
			return
		}
		if results == nil {
			results = []search.Result{}
		}
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set(matchHeader, matchOf(results))
		json.NewEncoder(w).Encode(results)
	})
}

// maxRawQuery is the longest query string that can hold a q within search.MaxQueryBytes
// (each byte percent-encoded takes three) and the other parameters with room to spare.
// A longer one is refused before it is decoded, which is most of what refusing it costs.
const maxRawQuery = 3*search.MaxQueryBytes + 512

// parseSearch reads the query of a request to /api/search, or says what is wrong with it.
func parseSearch(r *http.Request) (search.Query, string) {
	if len(r.URL.RawQuery) > maxRawQuery {
		return search.Query{}, fmt.Sprintf("q: the query is over %d bytes long; a search can be at most %d bytes: search for fewer or shorter words", search.MaxQueryBytes, search.MaxQueryBytes)
	}
	params := r.URL.Query()
	q := search.Query{Text: params.Get("q"), Workplace: params.Get("workplace"), Limit: 10,
		Prefix: params.Get("prefix") == "1"}
	if l := params.Get("limit"); l != "" {
		n, err := strconv.Atoi(l)
		if err != nil || n < 1 {
			return q, "limit must be a whole number from 1"
		}
		q.Limit = min(n, MaxLimit)
	}
	if err := search.CheckQuery(q.Text); err != nil {
		return q, "q: " + err.Error()
	}
	return q, ""
}

// searchFailed answers a search that returned err.
func searchFailed(w http.ResponseWriter, r *http.Request, err error, log *slog.Logger) {
	switch {
	case errors.Is(err, search.ErrEmptyQuery):
		writeError(w, http.StatusBadRequest, "q: say what to search for")
	case r.Context().Err() != nil:
		// The client has gone; nobody reads what is written.
		writeError(w, http.StatusServiceUnavailable, "the search was stopped")
	default:
		log.Error("search failed", "err", err)
		writeError(w, http.StatusInternalServerError, "the search failed")
	}
}

// gate lets a bounded number of searches run, and a bounded number wait, for a while,
// for their turn.
type gate struct {
	running chan struct{} // a token for each search that runs
	waiting chan struct{} // a token for each request that waits
	wait    time.Duration
}

func newGate(l SearchLimits) *gate {
	return &gate{running: make(chan struct{}, max(l.Running, 1)), waiting: make(chan struct{}, l.Waiting), wait: l.Wait}
}

// enter returns a function to call when the search has run, and true, when it may run
// now or after waiting its turn; false when too many wait already, the wait is over or
// ctx is done.
func (g *gate) enter(ctx context.Context) (release func(), ok bool) {
	release = func() { <-g.running }
	select {
	case g.running <- struct{}{}:
		return release, true
	default:
	}
	select {
	case g.waiting <- struct{}{}:
		defer func() { <-g.waiting }()
	default:
		return nil, false
	}
	t := time.NewTimer(g.wait)
	defer t.Stop()
	select {
	case g.running <- struct{}{}:
		return release, true
	case <-t.C:
	case <-ctx.Done():
	}
	return nil, false
}
