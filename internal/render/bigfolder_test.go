package render

import (
	"context"
	"fmt"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/handbok/handbok/internal/site"
	"github.com/handbok/handbok/themes"
)

// maxFolderPage bounds the size of a short page in a folder of very many: what every
// page repeats (the menu of its workplace's pages) must not grow with the folder.
const maxFolderPage = 24 << 10

// TestBigFolder: a workplace folder of very many pages builds, and each of its pages
// stays as small as in a folder of a few, so that the site grows with the number of
// pages and not with its square; the workplace's page lists them all. The suite builds
// 600 pages; HANDBOK_LONG=1 builds 100,000 in one folder, as BENCHMARKS.md measures it.
func TestBigFolder(t *testing.T) {
	t.Parallel()
	n := 600
	if os.Getenv("HANDBOK_LONG") != "" {
		n = 100_000
	}
	fsys := fstest.MapFS{
		"handbok.yaml":             {Data: []byte("title: Stór mappa\n")},
		"content/mappa/_index.md":  {Data: []byte("---\ntitle: Mappa\nkind: workplace\n---\n")},
		"content/mappa/stefna.md":  {Data: []byte("---\ntitle: Stefna\nkind: policy\nacknowledge: true\n---\nTexti.\n")},
		"content/annad/_index.md":  {Data: []byte("# Annað\n")},
		"content/annad/skjal-0.md": {Data: []byte("# Skjal utan vinnustaðar\n")},
	}
	for i := range n {
		fsys[fmt.Sprintf("content/mappa/skjal-%06d.md", i)] = &fstest.MapFile{Data: []byte(fmt.Sprintf("# Skjal %d\n\nTexti skjals %d.\n", i, i))}
	}
	start := time.Now()
	s, diags := site.Load(fsys, "test")
	if len(diags) > 0 {
		t.Fatalf("load: %v", diags)
	}
	out := &sizes{keep: "mappa/index.html"}
	if _, warnings, err := Render(context.Background(), s, fsys, themes.Default(), out); err != nil || len(warnings) > 0 {
		t.Fatalf("render: %v %v", err, warnings)
	}
	pages, total := 0, 0
	for name, size := range out.size {
		total += size
		if strings.HasPrefix(name, "mappa/skjal-") && strings.HasSuffix(name, ".html") {
			pages++
			if size > maxFolderPage {
				t.Errorf("%s is %d bytes, over %d: it grows with its folder", name, size, maxFolderPage)
			}
		}
	}
	if pages != n {
		t.Errorf("%d pages of the folder written, want %d", pages, n)
	}
	listed := map[string]bool{}
	for _, m := range regexp.MustCompile(`href="\.\./mappa/(skjal-\d+)\.html"`).FindAllStringSubmatch(out.kept, -1) {
		listed[m[1]] = true
	}
	if len(listed) != n {
		t.Errorf("the workplace's page links to %d of its %d pages", len(listed), n)
	}
	t.Logf("%d pages in one folder: %s, %d MB written", n, time.Since(start).Round(time.Millisecond), total>>20)
}

// sizes is an output that keeps how large each file is, and one file whole.
type sizes struct {
	mu   sync.Mutex
	size map[string]int
	keep string
	kept string
}

func (o *sizes) WriteFile(name string, data []byte) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.size == nil {
		o.size = map[string]int{}
	}
	o.size[name] = len(data)
	if name == o.keep {
		o.kept = string(data)
	}
	return nil
}
