package server

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/handbok/handbok/search"
)

// searcher answers every query with its results, and keeps the last query.
type searcher struct {
	results []search.Result
	asked   search.Query
}

func (s *searcher) Search(_ context.Context, q search.Query) ([]search.Result, error) {
	s.asked = q
	if strings.TrimSpace(q.Text) == "" {
		return nil, search.ErrEmptyQuery
	}
	return s.results, nil
}

// TestAskSearch: AskSearch gets what the server's Searcher found, the query as it was
// asked and whether the pages have all its words, under the site's path too, and from
// a server that listens on all addresses.
func TestAskSearch(t *testing.T) {
	found := &searcher{}
	srv := httptest.NewServer((&Server{Dir: t.TempDir(), Prefix: "/handbok", Search: found, Log: slog.New(slog.DiscardHandler)}).Handler())
	defer srv.Close()
	base := srv.URL + "/handbok/"

	for _, all := range []bool{true, false} {
		found.results = []search.Result{
			{ID: "a", Title: "Þagnarskylda", URL: "a.html", Kind: "policy", Score: 1.2345678901234567, Snippet: "<mark>Þagnar</mark>skylda &amp; fleira", All: all},
			{ID: "laug/b", Title: "Móttaka", URL: "laug/b.html", Workplace: "laug", Kind: "checklist", Score: 0.5, All: all},
		}
		q := search.Query{Text: "þagnarskylda fleira", Workplace: "laug", Limit: 7, Prefix: true}
		got, err := AskSearch(context.Background(), base, q)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, found.results) || found.asked != q {
			t.Errorf("all %v: asked %+v, got\n%+v\nwant\n%+v", all, found.asked, got, found.results)
		}
	}

	anyAddr := strings.Replace(base, "127.0.0.1", "0.0.0.0", 1)
	if got, err := AskSearch(context.Background(), anyAddr, search.Query{Text: "a"}); err != nil || len(got) != 2 {
		t.Errorf("a server on all addresses: %v %v", got, err)
	}
	var qerr *QueryError
	if _, err := AskSearch(context.Background(), base, search.Query{Text: " "}); !errors.As(err, &qerr) || !strings.Contains(err.Error(), "say what to search for") {
		t.Errorf("a bad query: %v", err)
	}
	if _, err := AskSearch(context.Background(), base, search.Query{Text: strings.Repeat("a", 300)}); !errors.As(err, &qerr) ||
		qerr.Message != "q: the query is 300 bytes long; a search can be at most 256 bytes: search for fewer or shorter words" {
		t.Errorf("a query over the limit: %v", err)
	}
	if _, err := AskSearch(context.Background(), srv.URL+"/annad/", search.Query{Text: "a"}); err == nil {
		t.Error("a path without the API gave no error")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := AskSearch(ctx, base, search.Query{Text: "a"}); !errors.Is(err, context.Canceled) {
		t.Errorf("canceled: %v", err)
	}
}

// TestAskSearchNoAnswer: a server that takes the question and never answers (one
// suspended with Ctrl-Z) is given up on when ctx's time is up, with ErrNoAnswer, and
// not before.
func TestAskSearchNoAnswer(t *testing.T) {
	release := make(chan struct{})
	stuck := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { <-release }))
	t.Cleanup(stuck.Close)
	t.Cleanup(func() { close(release) })

	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err := AskSearch(ctx, stuck.URL+"/", search.Query{Text: "a"})
	if !errors.Is(err, ErrNoAnswer) || !strings.Contains(err.Error(), stuck.URL) {
		t.Errorf("a server that does not answer: %v", err)
	}

	canceled, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := AskSearch(canceled, stuck.URL+"/", search.Query{Text: "a"}); errors.Is(err, ErrNoAnswer) {
		t.Errorf("a question called off is no server's silence: %v", err)
	}
}

// TestAskSearchBusy: a server that is busy, and says when to ask again, is asked again.
func TestAskSearchBusy(t *testing.T) {
	asked := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		asked++
		if asked < 3 {
			w.Header().Set("Retry-After", "0")
			writeError(w, http.StatusServiceUnavailable, "busy")
			return
		}
		w.Write([]byte(`[{"id":"a"}]`))
	}))
	defer srv.Close()
	got, err := AskSearch(context.Background(), srv.URL+"/", search.Query{Text: "a"})
	if err != nil || len(got) != 1 || asked != 3 {
		t.Errorf("asked %d times: %v %v", asked, got, err)
	}
}

// A server that stays busy past the caller's deadline is busy, not silent.
func TestAskSearchStaysBusy(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "0")
		writeError(w, http.StatusServiceUnavailable, "busy")
	}))
	defer srv.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err := AskSearch(ctx, srv.URL+"/", search.Query{Text: "a"})
	if !errors.Is(err, ErrBusy) || errors.Is(err, ErrNoAnswer) {
		t.Errorf("a server that stays busy: %v", err)
	}
}
