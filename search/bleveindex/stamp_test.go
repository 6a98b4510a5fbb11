package bleveindex

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/handbok/handbok/search"
)

// A stamp stays with the index until an Update changes it, and an Update that changes
// nothing keeps it; either way, as the index is opened again.
func TestStamp(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "idx")
	open := func() *Index {
		t.Helper()
		idx, err := Open(context.Background(), dir, search.Icelandic, Options{})
		if err != nil {
			t.Fatal(err)
		}
		return idx
	}
	idx := open()
	if err := idx.Update([]search.Document{{ID: "a", Title: "Sundkort"}}, map[string]string{"a": "1"}, nil); err != nil {
		t.Fatal(err)
	}
	if err := idx.SetStamp("fyrst"); err != nil {
		t.Fatal(err)
	}
	if err := idx.Update(nil, nil, nil); err != nil {
		t.Fatal(err)
	}
	idx.Close()

	idx = open()
	if got := idx.Stamp(); got != "fyrst" {
		t.Errorf("opened again: stamp %q, want fyrst", got)
	}
	if err := idx.Update(nil, map[string]string{}, []string{"a"}); err != nil {
		t.Fatal(err)
	}
	if got := idx.Stamp(); got != "" {
		t.Errorf("after a page was removed: stamp %q", got)
	}
	idx.Close()
	idx = open()
	defer idx.Close()
	if got := idx.Stamp(); got != "" {
		t.Errorf("after a page was removed, opened again: stamp %q", got)
	}
}
