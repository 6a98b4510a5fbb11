package build

import (
	"context"
	"fmt"
	"io"
	"strings"
	"sync"

	"github.com/handbok/handbok/internal/render"
	"github.com/handbok/handbok/internal/site"
	"github.com/handbok/handbok/search/bleveindex"
)

// A Builder builds one project into one folder again and again, as handbok serve does.
// Incremental, it keeps what it read and rendered between builds, so that a rebuild
// reads and renders only what changed; the search indexes of a rebuild are written in
// the background, after the pages. Its methods are for one goroutine at a time; OnLive's
// functions run on that goroutine, inside Build and Rebuild.
type Builder struct {
	project *Project
	dest    string
	strict  bool
	inc     *incremental // nil: every build renders every page
	onLive  []func(Live)

	index *bleveindex.Index // see OpenIndex
	later latest            // the search indexes of the last rebuild, being written
	// Errors receives what goes wrong in the background, where no caller waits.
	Errors io.Writer
	// Indexed, when set, is called each time the search indexes of an incremental
	// Builder's build are written, for tests and benchmarks that wait for them.
	Indexed func()
}

// incremental is what a Builder keeps between builds.
type incremental struct {
	files *site.Cache
	pages *render.Memory

	// swaps counts the full builds swapped in; mu is held while one is swapped in and
	// while a search index is written in the background, so that an index written for
	// an older build never lands in a newer one's folder.
	mu    sync.Mutex
	swaps int
}

// NewBuilder returns a Builder of the project into dest. Incremental keeps what each
// build made for the next one; without, each build starts from nothing, as a one-off
// build does.
func NewBuilder(p *Project, dest string, incremental bool) *Builder {
	b := &Builder{project: p, dest: dest, Errors: io.Discard}
	if incremental {
		b.inc = newIncremental()
	}
	return b
}

func newIncremental() *incremental {
	inc := &incremental{files: site.NewCache()}
	inc.forget()
	return inc
}

// forget drops what was rendered, so that the next build renders every page (after a
// change of the theme, which shows on all of them).
func (inc *incremental) forget() {
	inc.pages = render.NewMemory()
	inc.pages.SearchLater = true // the pages reload first; see Rebuild
}

// OnLive adds a function that is called after each build that is put in place, before
// Build or Rebuild returns: the hook for whatever serves the site (the server rereads
// what it needs of a build there).
func (b *Builder) OnLive(f func(Live)) { b.onLive = append(b.onLive, f) }

func (b *Builder) live(l Live) {
	for _, f := range b.onLive {
		f(l)
	}
}

// Build builds the site; see the package Build. An incremental Builder's first build
// renders every page and writes the static search index before it returns; after
// that, Build is Rebuild without knowing what changed (every file is looked at).
func (b *Builder) Build(ctx context.Context) (Result, error) { return b.Rebuild(ctx, nil) }

// Rebuild builds again after the project's files named in changed (relative to the
// project, as a watcher reports them) changed. The pages are in place when it returns;
// the static search index and the bleve index (if OpenIndex opened it) follow in the
// background, the newest build's only.
func (b *Builder) Rebuild(ctx context.Context, changed []string) (Result, error) {
	if b.inc == nil {
		return b.build(ctx)
	}
	for _, c := range changed {
		if strings.HasPrefix(c, "themes/") || c == "themes" {
			b.inc.forget() // the theme shows on every page
		}
	}
	if changed != nil {
		b.inc.files.Touched(changed)
	}
	res, err := b.build(ctx)
	if err != nil {
		return res, err
	}
	b.indexLater(res.Site)
	return res, nil
}

// indexLater writes the search indexes of the build just made, in the background: they
// take longer than the pages, and the next edit should not wait for them.
func (b *Builder) indexLater(s *site.Site) {
	inc, mem := b.inc, b.inc.pages
	inc.mu.Lock()
	swaps := inc.swaps
	inc.mu.Unlock()
	// What the bleve index needs of the pages is taken now: the next rebuild may bring
	// this site's pages up to date in place (see site.Cache).
	idx, indexed, errs, dest := b.index, b.Indexed, b.Errors, b.dest
	var stale staleIndex
	if idx != nil {
		stale = staleOf(b.project, s)
	}
	b.later.run(func() {
		inc.mu.Lock()
		if inc.swaps == swaps { // else a newer full build, with its own index, is in place
			if err := mem.WriteSearch(render.InPlace(dest)); err != nil {
				fmt.Fprintf(errs, "search index: %v\n", err)
			}
		}
		inc.mu.Unlock()
		if idx != nil {
			if err := stale.update(idx); err != nil {
				fmt.Fprintf(errs, "search index: %v\n", err)
			}
		}
		if indexed != nil {
			indexed()
		}
	})
}

// Close waits for the search indexes being written in the background, and closes the
// bleve index.
func (b *Builder) Close() error {
	b.later.wait()
	if b.index == nil {
		return nil
	}
	return b.index.Close()
}

// latest runs work in the background, one at a time; work handed in while another runs
// replaces any that waits, since only the newest build's indexes matter.
type latest struct {
	mu      sync.Mutex
	next    func()
	running bool
	wg      sync.WaitGroup
}

func (l *latest) run(f func()) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.next = f
	if !l.running {
		l.running = true
		l.wg.Go(l.loop)
	}
}

func (l *latest) loop() {
	for {
		l.mu.Lock()
		f := l.next
		l.next = nil
		if f == nil {
			l.running = false
			l.mu.Unlock()
			return
		}
		l.mu.Unlock()
		f()
	}
}

// wait returns when no work runs or waits.
func (l *latest) wait() { l.wg.Wait() }
