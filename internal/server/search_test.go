package server

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

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
	srv := httptest.NewServer(SearchHandler(idx, slog.New(slog.DiscardHandler)))
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
