package server

import (
	"log/slog"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// BenchmarkSearchRefusesLongQuery is what an 8 KB query costs the server to refuse, from
// the request line read to the 400 written: what fifty clients sending them as fast as
// they can take from everyone else's searches.
func BenchmarkSearchRefusesLongQuery(b *testing.B) {
	h := (&Server{Dir: b.TempDir(), Search: &searcher{}, Log: slog.New(slog.DiscardHandler)}).Handler()
	target := "/api/search?q=" + url.QueryEscape(strings.Repeat("ábcdéfg hijklm ", 550))
	b.ReportAllocs()
	for b.Loop() {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", target, nil))
		if rec.Code != 400 {
			b.Fatalf("status %d", rec.Code)
		}
	}
}
