package bleveindex

import (
	"context"
	"errors"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/handbok/handbok/search"
)

// TestIndexIncremental: only pages whose hash changed are indexed again, removed pages
// go, and the index remembers what it holds when opened again.
func TestIndexIncremental(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "idx")
	docs := []search.Document{
		{ID: "a", Title: "Þagnarskylda", Body: "Texti"},
		{ID: "b", Title: "Ábendingar", Body: "Texti"},
		{ID: "c", Title: "Öryggi", Body: "Texti"},
	}
	hashes := map[string]string{"a": "1", "b": "1", "c": "1"}
	idx, err := Open(context.Background(), dir, search.Icelandic, Options{})
	if err != nil {
		t.Fatal(err)
	}
	changed, removed := idx.Stale(hashes)
	if !reflect.DeepEqual(changed, []string{"a", "b", "c"}) || removed != nil {
		t.Fatalf("new index: changed %v removed %v", changed, removed)
	}
	if err := idx.Update(docs, hashes, nil); err != nil {
		t.Fatal(err)
	}
	idx.Close()

	idx, err = Open(context.Background(), dir, search.Icelandic, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	changed, removed = idx.Stale(map[string]string{"a": "1", "b": "2"})
	if !reflect.DeepEqual(changed, []string{"b"}) || !reflect.DeepEqual(removed, []string{"c"}) {
		t.Fatalf("after reopening: changed %v removed %v", changed, removed)
	}
	if err := idx.Update([]search.Document{{ID: "b", Title: "Kvartanir", Body: "Texti"}}, map[string]string{"b": "2"}, removed); err != nil {
		t.Fatal(err)
	}
	for q, want := range map[string][]string{"kvartanir": {"b"}, "ábendingar": nil, "öryggi": nil, "þagnarskylda": {"a"}} {
		res, err := idx.Search(context.Background(), search.Query{Text: q})
		if err != nil {
			t.Fatal(err)
		}
		if got := ids(res); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: %v, want %v", q, got, want)
		}
	}
}

// TestIndexOtherLanguageStartsAgain: an index made for another language is made anew.
func TestIndexOtherLanguageStartsAgain(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "idx")
	idx, err := Open(context.Background(), dir, search.Icelandic, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := idx.Update([]search.Document{{ID: "a", Title: "A"}}, map[string]string{"a": "1"}, nil); err != nil {
		t.Fatal(err)
	}
	idx.Close()
	idx, err = Open(context.Background(), dir, search.English, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	if changed, _ := idx.Stale(map[string]string{"a": "1"}); len(changed) != 1 {
		t.Errorf("an index of another language should start empty; stale %v", changed)
	}
}

// TestSearchContext: a search whose context is done stops with the context's error,
// and a query over the limits is refused before it is run.
func TestSearchContext(t *testing.T) {
	idx, err := Open(context.Background(), filepath.Join(t.TempDir(), "idx"), search.Icelandic, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	if err := idx.Update([]search.Document{{ID: "a", Title: "Þagnarskylda", Body: "Texti"}}, map[string]string{"a": "1"}, nil); err != nil {
		t.Fatal(err)
	}
	canceled, cancel := context.WithCancel(context.Background())
	cancel()
	expired, cancel := context.WithDeadline(context.Background(), time.Now().Add(-time.Second))
	defer cancel()
	for _, c := range []struct {
		name string
		ctx  context.Context
		q    string
		want error
	}{
		{"OK", context.Background(), "þagnarskylda", nil},
		{"Canceled", canceled, "þagnarskylda", context.Canceled},
		{"Expired", expired, "þagnarskylda", context.DeadlineExceeded},
		{"CanceledNoHits", canceled, "xyzzy", context.Canceled},
		{"TooLong", context.Background(), strings.Repeat("þagnarskylda ", 20), search.ErrQueryTooLong},
	} {
		t.Run(c.name, func(t *testing.T) {
			res, err := idx.Search(c.ctx, search.Query{Text: c.q})
			if !errors.Is(err, c.want) || (err == nil && len(res) != 1) {
				t.Errorf("%v %v, want %v", res, err, c.want)
			}
		})
	}
}
