package bleveindex

import (
	"context"
	"fmt"
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

// TestPartsOncePerUpdate: the table of parts is made once after an update of many
// batches, when RefreshParts or a search asks for it, not after each batch; an index
// whose update was cut short before it makes it at its first search.
func TestPartsOncePerUpdate(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "idx")
	idx, err := Open(context.Background(), dir, search.Icelandic, Options{})
	if err != nil {
		t.Fatal(err)
	}
	made := 0
	lex := func(map[string]bool) (map[string][]string, error) {
		made++
		return map[string][]string{"betri": {"góður"}}, nil
	}
	if err := idx.UseLexicon("bin", lex); err != nil {
		t.Fatal(err)
	}
	var docs []search.Document
	hashes := map[string]string{}
	for i := range 2*batchSize + 1 {
		id := fmt.Sprint("p", i)
		docs = append(docs, search.Document{ID: id, Title: "Síða", Body: "Betri þjónusta."})
		hashes[id] = "1"
	}
	made = 0
	if err := idx.Update(docs, hashes, nil); err != nil {
		t.Fatal(err)
	}
	if made != 0 {
		t.Errorf("the table was made %d times during an update of three batches", made)
	}
	if err := idx.RefreshParts(); err != nil {
		t.Fatal(err)
	}
	res, err := idx.Search(context.Background(), search.Query{Text: "góð", Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	if made != 1 || len(res) != 1 {
		t.Errorf("after the update: the table made %d times, want 1; góð found %d pages", made, len(res))
	}
	// An update that stops before its table is made (as a process killed then would).
	if err := idx.Update(docs[:1], hashes, nil); err != nil {
		t.Fatal(err)
	}
	idx.Close()
	if idx, err = Open(context.Background(), dir, search.Icelandic, Options{}); err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	if err := idx.UseLexicon("bin", lex); err != nil {
		t.Fatal(err)
	}
	made = 0
	if res, err = idx.Search(context.Background(), search.Query{Text: "góð", Limit: 1}); err != nil || len(res) != 1 || made != 1 {
		t.Errorf("opened after an update cut short: góð found %d pages (%v), the table made %d times", len(res), err, made)
	}
}
