package build

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/handbok/handbok/search"
	"github.com/handbok/handbok/search/bleveindex"
)

// A Builder that claims the project's index before its first build (as serve does)
// keeps it from a second one, which learns who has it before it builds anything; the
// first opens the claimed index after its build and finds its pages.
func TestBuilderClaimsIndex(t *testing.T) {
	p := project(t)
	first := NewBuilder(p, filepath.Join(t.TempDir(), "public"), false)
	defer first.Close()
	if err := first.ClaimIndex(context.Background(), bleveindex.Options{Holder: bleveindex.Holder{Command: "handbok serve"}}); err != nil {
		t.Fatal(err)
	}

	second := NewBuilder(p, filepath.Join(t.TempDir(), "public"), false)
	err := second.ClaimIndex(context.Background(), bleveindex.Options{Wait: 100 * time.Millisecond})
	var locked *bleveindex.LockedError
	if !errors.As(err, &locked) || locked.Holder.Command != "handbok serve" || locked.Holder.PID != os.Getpid() {
		t.Errorf("a second claim: %v", err)
	}
	if err := second.Close(); err != nil {
		t.Errorf("closing a Builder without a claim: %v", err)
	}

	res, err := first.Build(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	idx, err := first.OpenIndex(context.Background(), res.Site)
	if err != nil {
		t.Fatal(err)
	}
	if found, _ := idx.Search(context.Background(), search.Query{Text: "sundkort"}); len(found) != 1 {
		t.Errorf("the claimed index, opened after the build: %v", found)
	}
}

// OpenIndex stops when its context is done, before it indexes, and lets go of the
// index; the next OpenIndex indexes every page, in chunks.
func TestOpenIndexCanceled(t *testing.T) {
	p := project(t)
	for i := range updateChunk + 10 {
		write(t, p.Dir, fmt.Sprintf("content/s%03d.md", i), fmt.Sprintf("# Síða %d\n\nUm sundkort.\n", i))
	}
	s, _ := p.LoadContent()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := OpenIndex(ctx, p, s, bleveindex.Options{}); !errors.Is(err, context.Canceled) {
		t.Fatalf("OpenIndex, canceled: %v", err)
	}
	idx, err := OpenIndex(context.Background(), p, s, bleveindex.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	if found, _ := idx.Search(context.Background(), search.Query{Text: "sundkort", Limit: 1000}); len(found) != updateChunk+11 {
		t.Errorf("after a canceled OpenIndex, the next finds %d pages, want %d", len(found), updateChunk+11)
	}
}
