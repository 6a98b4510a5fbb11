package bleveindex

import (
	"context"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/handbok/handbok/search"
)

// TestPartsFollowTheHandbook: a compound is found by its part once the handbook has the
// part as a word of its own, though the compound's page did not change, and the index
// opened again still finds it.
func TestPartsFollowTheHandbook(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "idx")
	idx, err := Open(context.Background(), dir, search.Icelandic, Options{})
	if err != nil {
		t.Fatal(err)
	}
	search1 := func(q string) []string {
		t.Helper()
		res, err := idx.Search(context.Background(), search.Query{Text: q})
		if err != nil {
			t.Fatal(err)
		}
		return ids(res)
	}
	docs := []search.Document{{ID: "a", Title: "Þjónustustefna", Body: "Þjónusta við íbúa."}}
	if err := idx.Update(docs, map[string]string{"a": "1"}, nil); err != nil {
		t.Fatal(err)
	}
	if got := search1("stefnu"); got != nil {
		t.Fatalf("stefnu, with no such word in the handbook: %v", got)
	}
	docs = []search.Document{{ID: "b", Title: "Stefnur", Body: "Sveitarfélagið setur sér stefnu."}}
	if err := idx.Update(docs, map[string]string{"a": "1", "b": "1"}, nil); err != nil {
		t.Fatal(err)
	}
	// The page of the word itself first, then the compound.
	if got, want := search1("stefnu"), []string{"b", "a"}; !reflect.DeepEqual(got, want) {
		t.Errorf("stefnu: %v, want %v", got, want)
	}
	idx.Close()
	if idx, err = Open(context.Background(), dir, search.Icelandic, Options{}); err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	if got, want := search1("stefna"), []string{"b", "a"}; !reflect.DeepEqual(got, want) {
		t.Errorf("stefna, the index opened again: %v, want %v", got, want)
	}
}
