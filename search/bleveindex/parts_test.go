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

// TestUseLexicon: a lexicon's forms find a page as parts do, from the moment the index
// is told of it and after it is opened again, and no longer once it is gone.
func TestUseLexicon(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "idx")
	open := func() *Index {
		t.Helper()
		idx, err := Open(context.Background(), dir, search.Icelandic, Options{})
		if err != nil {
			t.Fatal(err)
		}
		return idx
	}
	find := func(idx *Index, q string) []string {
		t.Helper()
		res, err := idx.Search(context.Background(), search.Query{Text: q})
		if err != nil {
			t.Fatal(err)
		}
		return ids(res)
	}
	asked := 0
	lex := func(words map[string]bool) (map[string][]string, error) {
		asked++
		return map[string][]string{"betri": {"bestur", "góður"}}, nil
	}
	idx := open()
	if err := idx.Update([]search.Document{{ID: "a", Title: "Þjónusta", Body: "Betri þjónusta."}}, map[string]string{"a": "1"}, nil); err != nil {
		t.Fatal(err)
	}
	if got := find(idx, "góð"); got != nil {
		t.Fatalf("góð without a lexicon: %v", got)
	}
	if err := idx.UseLexicon("bin 1", lex); err != nil {
		t.Fatal(err)
	}
	if got := find(idx, "góð"); !reflect.DeepEqual(got, []string{"a"}) {
		t.Errorf("góð with the lexicon: %v, want [a]", got)
	}
	idx.Close()

	idx = open()
	defer func() { idx.Close() }()
	asked = 0
	if err := idx.UseLexicon("bin 1", lex); err != nil {
		t.Fatal(err)
	}
	if got := find(idx, "bestur"); asked != 0 || !reflect.DeepEqual(got, []string{"a"}) {
		t.Errorf("opened again with the same lexicon: bestur %v, the lexicon read %d times", got, asked)
	}
	if err := idx.UseLexicon("", nil); err != nil {
		t.Fatal(err)
	}
	if got := find(idx, "góð"); got != nil {
		t.Errorf("góð once the lexicon is gone: %v", got)
	}
}
