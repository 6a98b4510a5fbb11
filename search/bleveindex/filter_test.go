package bleveindex

import (
	"context"
	"path/filepath"
	"reflect"
	"slices"
	"testing"

	"github.com/handbok/handbok/search"
)

// TestWorkplaceFilterKeepsOrgPolicies: a search narrowed to a workplace finds that
// workplace's pages and the policies that apply at every workplace, and nothing of
// other workplaces or the organisation's other pages. `handbok search --workplace` and
// /api/search?workplace= both ask this.
func TestWorkplaceFilterKeepsOrgPolicies(t *testing.T) {
	idx, err := Open(context.Background(), filepath.Join(t.TempDir(), "idx"), search.Icelandic, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	docs := []search.Document{
		{ID: "laug-stefna", Title: "Öryggi í lauginni", Body: "Öryggi gesta.", Kind: "policy", Workplace: "sundlaug"},
		{ID: "laug-listi", Title: "Móttaka", Body: "Öryggisnámskeið.", Kind: "checklist", Workplace: "sundlaug"},
		{ID: "skoli-stefna", Title: "Öryggi í skólanum", Body: "Öryggi nemenda.", Kind: "policy", Workplace: "skoli"},
		{ID: "org-stefna", Title: "Öryggi á vinnustöðum", Body: "Öryggi starfsfólks.", Kind: "policy"},
		{ID: "org-sida", Title: "Um öryggi", Body: "Öryggi almennt.", Kind: "page"},
	}
	hashes := map[string]string{}
	for _, d := range docs {
		hashes[d.ID] = "1"
	}
	if err := idx.Update(docs, hashes, nil); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		workplace string
		want      []string
	}{
		{"sundlaug", []string{"laug-listi", "laug-stefna", "org-stefna"}},
		{"skoli", []string{"org-stefna", "skoli-stefna"}},
		{"", []string{"laug-listi", "laug-stefna", "org-sida", "org-stefna", "skoli-stefna"}},
	} {
		res, err := idx.Search(context.Background(), search.Query{Text: "öryggi", Workplace: c.workplace, Prefix: true})
		if err != nil {
			t.Fatal(err)
		}
		got := ids(res)
		slices.Sort(got)
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("öryggi in workplace %q: %v, want %v", c.workplace, got, c.want)
		}
	}
}

// TestWorkplaceFilterKeepsScores: narrowing a search to a workplace leaves the pages it
// keeps in the order, and with the scores, they have in the whole handbook.
func TestWorkplaceFilterKeepsScores(t *testing.T) {
	idx, err := Open(context.Background(), filepath.Join(t.TempDir(), "idx"), search.Icelandic, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	docs := []search.Document{
		{ID: "laug", Title: "Sundlaug", Body: "Öryggi gesta í lauginni.", Kind: "page", Workplace: "sundlaug"},
		{ID: "org", Title: "Öryggi", Body: "Öryggi starfsfólks.", Kind: "policy"},
	}
	if err := idx.Update(docs, map[string]string{"laug": "1", "org": "1"}, nil); err != nil {
		t.Fatal(err)
	}
	scores := func(workplace string) map[string]float64 {
		res, err := idx.Search(context.Background(), search.Query{Text: "öryggi", Workplace: workplace})
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]float64{}
		for _, r := range res {
			out[r.ID] = r.Score
		}
		return out
	}
	if all, narrowed := scores(""), scores("sundlaug"); !reflect.DeepEqual(all, narrowed) {
		t.Errorf("scores in the whole handbook %v, narrowed to the workplace %v", all, narrowed)
	}
}
