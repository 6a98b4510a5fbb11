package bleveindex

import (
	"context"
	"encoding/json"
	"os"
	"testing"

	"github.com/handbok/handbok/search"
)

// TestTypoQueries runs the shared searches with typos (search/testdata/typo.json, which
// the browser script passes on the static index too) on the pages of the ranking cases:
// the correction offered and the first page.
func TestTypoQueries(t *testing.T) {
	var rc struct {
		Docs []search.Document `json:"docs"`
	}
	var tq struct {
		Queries []struct {
			Q          string `json:"q"`
			Suggestion string `json:"suggestion"`
			First      string `json:"first"`
		} `json:"queries"`
	}
	for file, v := range map[string]any{"../testdata/ranking.json": &rc, "../testdata/typo.json": &tq} {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(data, v); err != nil {
			t.Fatal(err)
		}
	}
	if len(tq.Queries) == 0 {
		t.Fatal("no typo queries")
	}
	idx := indexOf(t, rc.Docs)
	for _, c := range tq.Queries {
		res, err := idx.Search(context.Background(), search.Query{Text: c.Q})
		if err != nil {
			t.Fatal(err)
		}
		suggestion, first := "", ""
		for _, r := range res {
			if r.Corrected != "" && suggestion == "" {
				suggestion = r.Corrected
			}
		}
		if len(res) > 0 {
			first = res[0].ID
		}
		if suggestion != c.Suggestion || first != c.First {
			t.Errorf("%q: suggestion %q, first %q; want %q, %q", c.Q, suggestion, first, c.Suggestion, c.First)
		}
		for i := 1; i < len(res); i++ {
			if res[i-1].Corrected != "" && res[i].Corrected == "" {
				t.Errorf("%q: %s, found as typed, ranks below %s, found by the correction", c.Q, res[i].ID, res[i-1].ID)
			}
		}
	}
}
