package server

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/handbok/handbok/search"
	"github.com/handbok/handbok/search/bleveindex"
)

func TestSearchAPI(t *testing.T) {
	idx, err := bleveindex.Open(context.Background(), filepath.Join(t.TempDir(), "idx"), search.Icelandic, bleveindex.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	docs := []search.Document{
		{ID: "thagnarskylda", URL: "stefnur/thagnarskylda.html", Title: "Þagnarskylda", Body: "Starfsfólk er bundið þagnarskyldu.", Kind: "policy"},
		{ID: "laug/mottaka", URL: "laug/mottaka.html", Title: "Móttaka", Body: "Lesa reglur um þagnarskyldu.", Kind: "checklist", Workplace: "laug", WorkplaceTitle: "Laugin"},
		{ID: "laug/opnun", URL: "laug/opnun.html", Title: "Opnunartími", Headings: "Virkir dagar\nHelgar", Kind: "page", Workplace: "laug", WorkplaceTitle: "Laugin"},
		{ID: "skilabod", URL: "skilabod.html", Title: "Skilaboð", Kind: "policy",
			Body: strings.Repeat("Afgreiðslan er opin virka daga. ", 8) + "Skilaboð eru skráð og þeim svarað innan dags."},
		{ID: "skoli/trunadur", URL: "skoli/trunadur.html", Title: "Trúnaður", Body: "Brot á þagnarskyldu.", Kind: "policy", Workplace: "skoli", WorkplaceTitle: "Skólinn"},
	}
	hashes := map[string]string{}
	for _, d := range docs {
		hashes[d.ID] = "1"
	}
	if err := idx.Update(docs, hashes, nil); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(SearchHandler(idx, SearchLimits{}, slog.New(slog.DiscardHandler)))
	defer srv.Close()

	get := func(query string) (int, []byte) {
		t.Helper()
		res, err := http.Get(srv.URL + "/api/search" + query)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		body, _ := io.ReadAll(res.Body)
		return res.StatusCode, body
	}

	t.Run("OK", func(t *testing.T) {
		code, body := get("?q=thagnarskylda")
		var results []search.Result
		if err := json.Unmarshal(body, &results); err != nil || code != 200 {
			t.Fatalf("%d %s", code, body)
		}
		if len(results) != 3 || results[0].ID != "thagnarskylda" || results[0].URL != "stefnur/thagnarskylda.html" {
			t.Errorf("results: %+v", results)
		}
	})
	// A workplace's pages, and the policies of every workplace, which apply there too.
	t.Run("Workplace", func(t *testing.T) {
		_, body := get("?q=%C3%BEagnarskylda&workplace=laug")
		var results []search.Result
		json.Unmarshal(body, &results)
		if len(results) != 2 || results[0].ID != "thagnarskylda" || results[1].ID != "laug/mottaka" {
			t.Errorf("results: %s", body)
		}
	})
	// A page found by its title has a snippet: the passage of its text with the word
	// marked, else the start of its text, or its headings when it has no other text.
	t.Run("TitleMatchSnippet", func(t *testing.T) {
		for q, want := range map[string]string{
			"skilaboð":    "<mark>Skilaboð</mark> eru skráð og þeim svarað innan dags.",
			"opnunartími": "Virkir dagar Helgar",
		} {
			code, body := get("?q=" + url.QueryEscape(q))
			var results []search.Result
			if err := json.Unmarshal(body, &results); err != nil || code != 200 || len(results) == 0 {
				t.Fatalf("%s: %d %s", q, code, body)
			}
			if got := results[0].Snippet; !strings.HasSuffix(got, want) {
				t.Errorf("%s: snippet %q, want it to end in %q", q, got, want)
			}
		}
	})
	// A misspelt word: the pages of its correction, each with the query as corrected.
	t.Run("Typo", func(t *testing.T) {
		code, body := get("?q=" + url.QueryEscape("Þagnaskylda"))
		var results []search.Result
		if err := json.Unmarshal(body, &results); err != nil || code != 200 || len(results) == 0 {
			t.Fatalf("%d %s", code, body)
		}
		if results[0].ID != "thagnarskylda" || !strings.Contains(string(body), `"corrected":"þagnarskylda"`) {
			t.Errorf("results: %s", body)
		}
	})
	t.Run("NoResults", func(t *testing.T) {
		if code, body := get("?q=xyzzy"); code != 200 || string(body) != "[]\n" {
			t.Errorf("%d %s", code, body)
		}
	})
	t.Run("ErrQueryRequired", func(t *testing.T) {
		if code, _ := get("?q=+"); code != http.StatusBadRequest {
			t.Errorf("empty q: %d", code)
		}
	})
	// Queries up to the limits are searched; over them, the 400 says the limit.
	t.Run("QueryLimits", func(t *testing.T) {
		sixteen := "a b c d e f g h i j k l m n o p"
		for _, c := range []struct {
			name, q string
			code    int
			say     string
		}{
			{"256Bytes", strings.Repeat("þ", 128), 200, ""},
			{"257Bytes", strings.Repeat("þ", 128) + "a", 400, `"q: the query is 257 bytes long; a search can be at most 256 bytes: search for fewer or shorter words"`},
			{"8KB", strings.Repeat("sund ", 1639), 400, "a search can be at most 256 bytes"},
			{"16Words", sixteen, 200, ""},
			{"16WordsRepeated", strings.Repeat(sixteen+" ", 5) + "A B", 200, ""},
			{"17Words", sixteen + " q", 400, `"q: the query has 17 different words; a search can have at most 16: leave some out"`},
		} {
			t.Run(c.name, func(t *testing.T) {
				code, body := get("?q=" + url.QueryEscape(c.q) + "&limit=100&prefix=1&workplace=" + url.QueryEscape(strings.Repeat("þ", 64)))
				if code != c.code || !strings.Contains(string(body), c.say) {
					t.Errorf("%d %s, want %d saying %s", code, body, c.code, c.say)
				}
			})
		}
	})
	t.Run("ErrBadLimit", func(t *testing.T) {
		if code, _ := get("?q=a&limit=x"); code != http.StatusBadRequest {
			t.Errorf("bad limit: %d", code)
		}
	})
	t.Run("ErrMethod", func(t *testing.T) {
		res, err := http.Post(srv.URL+"/api/search?q=a", "text/plain", nil)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusMethodNotAllowed {
			t.Errorf("POST: %d", res.StatusCode)
		}
	})
}

// blocked is a Searcher whose searches wait for release or for their context to be
// done; it says on started when a search starts and on stopped when one stops for its
// context.
type blocked struct {
	started, stopped chan struct{}
	release          chan struct{}
	once             sync.Once
}

func newBlocked() *blocked {
	return &blocked{started: make(chan struct{}, 16), stopped: make(chan struct{}, 16), release: make(chan struct{})}
}

// releaseAll lets every search, waiting and to come, end.
func (b *blocked) releaseAll() { b.once.Do(func() { close(b.release) }) }

// first returns the first of answers, and fails the test when none comes in a while.
func first(t *testing.T, answers <-chan answer) answer {
	t.Helper()
	select {
	case a := <-answers:
		return a
	case <-time.After(10 * time.Second):
		t.Fatal("no answer")
		return answer{}
	}
}

func (b *blocked) Search(ctx context.Context, q search.Query) ([]search.Result, error) {
	b.started <- struct{}{}
	select {
	case <-b.release:
		return []search.Result{{ID: q.Text}}, nil
	case <-ctx.Done():
		b.stopped <- struct{}{}
		return nil, ctx.Err()
	}
}

// answer is a response to a request to /api/search.
type answer struct {
	code       int
	retryAfter string
	body       string
}

func askAPI(t *testing.T, srv *httptest.Server, q string) answer {
	res, err := http.Get(srv.URL + "/api/search?q=" + q)
	if err != nil {
		t.Error(err)
		return answer{}
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return answer{res.StatusCode, res.Header.Get("Retry-After"), string(body)}
}

// TestSearchBusy: while as many searches run and wait as the limits allow, a request
// gets 503 with Retry-After, at once or after its wait (a query over the limits still
// gets its 400), and the searches that waited run when a slot is free.
func TestSearchBusy(t *testing.T) {
	busy := answer{503, "1", `{"error":"the server is busy with other searches: try again in a second"}` + "\n"}
	for _, c := range []struct {
		name    string
		limits  SearchLimits
		running int // searches that block
		waiting int // requests that wait their turn
	}{
		{"NoneWait", SearchLimits{Running: 2}, 2, 0},
		{"WaitOver", SearchLimits{Running: 1, Waiting: 4, Wait: time.Millisecond}, 1, 0},
		{"TooManyWait", SearchLimits{Running: 1, Waiting: 1, Wait: time.Hour}, 1, 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			b := newBlocked()
			srv := httptest.NewServer(SearchHandler(b, c.limits, slog.New(slog.DiscardHandler)))
			defer srv.Close()
			defer b.releaseAll()
			answers := make(chan answer, c.running+c.waiting+1)
			for range c.running {
				go func() { answers <- askAPI(t, srv, "a") }()
				<-b.started
			}
			// The requests that wait and the one refused are sent together: whichever
			// comes last is refused.
			for range c.waiting + 1 {
				go func() { answers <- askAPI(t, srv, "b") }()
			}
			if got := first(t, answers); got != busy {
				t.Fatalf("got %+v, want %+v", got, busy)
			}
			// A query over the limits is refused as such, busy or not.
			if got := askAPI(t, srv, strings.Repeat("a", 300)); got.code != 400 {
				t.Errorf("a long query while busy: %+v", got)
			}
			b.releaseAll()
			for range c.running + c.waiting {
				if got := first(t, answers); got.code != 200 {
					t.Errorf("a search that ran or waited: %+v", got)
				}
			}
			if got := askAPI(t, srv, "c"); got.code != 200 {
				t.Errorf("after the searches: %+v", got)
			}
		})
	}
}

// TestSearchStopsWhenClientGoes: a request whose client has gone stops its search, and
// frees its slot.
func TestSearchStopsWhenClientGoes(t *testing.T) {
	b := newBlocked()
	srv := httptest.NewServer(SearchHandler(b, SearchLimits{Running: 1}, slog.New(slog.DiscardHandler)))
	defer srv.Close()
	defer b.releaseAll()
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+"/api/search?q=a", nil)
	gone := make(chan error, 1)
	go func() {
		_, err := http.DefaultClient.Do(req)
		gone <- err
	}()
	<-b.started
	cancel()
	if err := <-gone; !errors.Is(err, context.Canceled) {
		t.Errorf("the client: %v", err)
	}
	select {
	case <-b.stopped:
	case <-time.After(10 * time.Second):
		t.Fatal("the search went on after its client had gone")
	}
	b.releaseAll()
	if got := askAPI(t, srv, "c"); got.code != 200 {
		t.Errorf("after the client had gone: %+v", got)
	}
}
