// Package server is handbok's HTTP side: the built site, and the APIs that the pages call.
// This file has the search API; the rest of the server (serving files, live reload,
// records) builds on it.
package server

import (
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strconv"

	"github.com/handbok/handbok/search"
)

// Searcher finds pages; *bleveindex.Index is one.
type Searcher interface {
	Search(q search.Query) ([]search.Result, error)
}

// MaxLimit caps ?limit=, so that one request cannot ask for the whole handbook.
const MaxLimit = 100

// SearchHandler serves GET /api/search?q=…&workplace=…&limit=…: the pages that match, as
// JSON, in the form `handbok search --json` prints. A missing q is 400; other methods 405.
func SearchHandler(s Searcher, log *slog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			writeError(w, http.StatusMethodNotAllowed, "use GET")
			return
		}
		q := search.Query{Text: r.URL.Query().Get("q"), Workplace: r.URL.Query().Get("workplace"), Limit: 10,
			Prefix: r.URL.Query().Get("prefix") == "1"}
		if l := r.URL.Query().Get("limit"); l != "" {
			n, err := strconv.Atoi(l)
			if err != nil || n < 1 {
				writeError(w, http.StatusBadRequest, "limit must be a whole number from 1")
				return
			}
			q.Limit = min(n, MaxLimit)
		}
		results, err := s.Search(q)
		switch {
		case errors.Is(err, search.ErrEmptyQuery):
			writeError(w, http.StatusBadRequest, "q: say what to search for")
			return
		case err != nil:
			log.Error("search failed", "err", err)
			writeError(w, http.StatusInternalServerError, "the search failed")
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

func writeError(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]string{"error": msg})
}
