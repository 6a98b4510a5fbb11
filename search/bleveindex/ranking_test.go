package bleveindex

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/handbok/handbok/search"
)

// TestRanking runs the shared ranking cases (search/testdata/ranking.json, which the
// browser script's search passes too) on the bleve index: the first result and its
// snippet.
func TestRanking(t *testing.T) {
	data, err := os.ReadFile("../testdata/ranking.json")
	if err != nil {
		t.Fatal(err)
	}
	var rc struct {
		Docs  []search.Document `json:"docs"`
		Cases []struct {
			Q         string   `json:"q"`
			First     string   `json:"first"`
			Prefix    bool     `json:"prefix"`
			Partial   bool     `json:"partial"`
			Workplace string   `json:"workplace"`
			Snippet   *string  `json:"snippet"`
			Also      []string `json:"also"` // ids among the results too
			Not       []string `json:"not"`  // ids not among them
		} `json:"cases"`
	}
	if err := json.Unmarshal(data, &rc); err != nil {
		t.Fatal(err)
	}
	if len(rc.Cases) == 0 {
		t.Fatal("no ranking cases")
	}
	idx := indexOf(t, rc.Docs)
	for _, c := range rc.Cases {
		res, err := idx.Search(context.Background(), search.Query{Text: c.Q, Prefix: c.Prefix, Workplace: c.Workplace})
		if err != nil {
			t.Fatal(err)
		}
		if len(res) == 0 {
			t.Errorf("%q: no results, want %s first", c.Q, c.First)
			continue
		}
		if res[0].ID != c.First {
			t.Errorf("%q: first %s, want %s (results %v)", c.Q, res[0].ID, c.First, ids(res))
		}
		if c.Snippet == nil {
			t.Errorf("%q: the case has no snippet", c.Q)
		} else if res[0].Snippet != *c.Snippet {
			t.Errorf("%q: snippet\n%s\nwant\n%s", c.Q, res[0].Snippet, *c.Snippet)
		}
		if res[0].All == c.Partial {
			t.Errorf("%q: all words matched = %v, want %v", c.Q, res[0].All, !c.Partial)
		}
		if c.Workplace != "" {
			for _, r := range res {
				if r.Workplace != c.Workplace && (r.Workplace != "" || r.Kind != "policy") {
					t.Errorf("%q in %s: result %s is a %s of %q, neither of the workplace nor a policy of every workplace", c.Q, c.Workplace, r.ID, r.Kind, r.Workplace)
				}
			}
		}
		got := ids(res)
		for _, id := range c.Also {
			if !slices.Contains(got, id) {
				t.Errorf("%q: %s is not among the results %v", c.Q, id, got)
			}
		}
		for _, id := range c.Not {
			if slices.Contains(got, id) {
				t.Errorf("%q: %s is among the results %v", c.Q, id, got)
			}
		}
	}
}

func ids(rs []search.Result) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.ID)
	}
	return out
}

// indexOf is an index of docs, in a folder of the test's, closed when it ends.
func indexOf(t *testing.T, docs []search.Document) *Index {
	t.Helper()
	idx, err := Open(context.Background(), filepath.Join(t.TempDir(), "idx"), search.Icelandic, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { idx.Close() })
	hashes := map[string]string{}
	for _, d := range docs {
		hashes[d.ID] = d.Title + d.Body
	}
	if err := idx.Update(docs, hashes, nil); err != nil {
		t.Fatal(err)
	}
	return idx
}
