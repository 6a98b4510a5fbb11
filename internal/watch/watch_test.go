package watch

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// TestWatch: changes in content/, in folders made while watching, and to handbok.yaml
// arrive in batches; editors' hidden and backup files and other folders do not.
func TestWatch(t *testing.T) {
	root := t.TempDir()
	for _, d := range []string{"content/a", "themes", "public"} {
		if err := os.MkdirAll(filepath.Join(root, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	batches := make(chan []string)
	done := make(chan error, 1)
	go func() { done <- Watch(ctx, root, batches) }()
	next := func() []string {
		t.Helper()
		select {
		case b := <-batches:
			return b
		case err := <-done:
			t.Fatalf("Watch stopped: %v", err)
		case <-time.After(20 * time.Second):
			t.Fatal("no batch")
		}
		return nil
	}
	write := func(name string) {
		t.Helper()
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// Watch has added its watches once a first change is seen; make one and wait for it.
	for {
		write("content/a/first.md")
		select {
		case b := <-batches:
			if slices.Contains(b, "content/a/first.md") {
				goto ready
			}
		case <-time.After(200 * time.Millisecond):
		}
	}
ready:
	write("public/ignored.html")
	write("content/a/.hidden.md.swp")
	write("content/a/x.md")
	write("handbok.yaml")
	if b := next(); !slices.Equal(b, []string{"content/a/x.md", "handbok.yaml"}) {
		t.Errorf("batch %v", b)
	}
	if err := os.MkdirAll(filepath.Join(root, "content/ny/djup"), 0o755); err != nil {
		t.Fatal(err)
	}
	next() // the new folders
	write("content/ny/djup/sida.md")
	if b := next(); !slices.Contains(b, "content/ny/djup/sida.md") {
		t.Errorf("a file in a folder made while watching: %v", b)
	}
	cancel()
	if err := <-done; err != nil {
		t.Error(err)
	}
}
