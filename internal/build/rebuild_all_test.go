package build

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
)

// TestRebuildAll: the batch that handbok serve's watcher sends after it lost events (the
// roots content, handbok.yaml and themes) makes a rebuild look at every file and render
// every page, so that edits nobody was told of are in the site after it.
func TestRebuildAll(t *testing.T) {
	p := project(t)
	dest := filepath.Join(t.TempDir(), "public")
	b := NewBuilder(p, dest, true)
	defer b.Close()
	if _, err := b.Build(context.Background()); err != nil {
		t.Fatal(err)
	}
	write(t, p.Dir, "content/stefna.md", "---\ntitle: Stefna\nkind: policy\n---\nÚtgáfa sem enginn sagði frá.\n")
	write(t, p.Dir, "content/ny.md", "# Ný síða\n")
	res, err := b.Rebuild(context.Background(), []string{"content", "handbok.yaml", "themes"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Stats.Pages != 4 || res.Stats.Rendered != res.Stats.Pages {
		t.Errorf("rendered %d of %d pages, want all 4", res.Stats.Rendered, res.Stats.Pages)
	}
	if !strings.Contains(read(t, filepath.Join(dest, "stefna.html")), "enginn sagði frá") {
		t.Error("the edit is not in the site")
	}
}
