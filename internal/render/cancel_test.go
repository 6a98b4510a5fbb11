package render

import (
	"context"
	"errors"
	"io/fs"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/handbok/handbok/internal/site"
	"github.com/handbok/handbok/themes"
)

// stallingFS is a project folder in which reading one file does not end until release
// is closed: it stands for a page whose parse and render take as long as a test likes.
type stallingFS struct {
	files    fstest.MapFS // only through Open: fs.ReadFile would go round it
	name     string
	started  chan struct{} // closed when the file is first opened
	release  chan struct{}
	startOne sync.Once
}

func (s *stallingFS) Open(name string) (fs.File, error) {
	if name == s.name {
		s.startOne.Do(func() { close(s.started) })
		<-s.release
	}
	return s.files.Open(name)
}

// A build cancelled while a page is being made returns context.Canceled at once,
// without waiting for that page.
func TestRenderStopsWhenCancelled(t *testing.T) {
	fsys := cloneFS(smallSite)
	fsys["content/stor.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Stór síða\n---\nTexti.\n")}
	s, diags := site.LoadLean(fsys, "test") // the pages are read again while rendering
	if diags.Count(site.Error) > 0 {
		t.Fatal(diags)
	}
	project := &stallingFS{files: fsys, name: "content/stor.md", started: make(chan struct{}), release: make(chan struct{})}
	defer close(project.release)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() {
		_, _, err := Render(ctx, s, project, themes.Default(), &memory{})
		done <- err
	}()
	// A generous bound, for a loaded machine: the build is to end at once, not within it.
	const bound = 10 * time.Second
	select {
	case <-project.started:
	case err := <-done:
		t.Fatalf("the build ended (%v) without reading the page", err)
	case <-time.After(bound):
		t.Fatal("the page was never read")
	}
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("got %v, want context.Canceled", err)
		}
	case <-time.After(bound):
		t.Fatalf("the build still went on %v after it was cancelled", bound)
	}
}
