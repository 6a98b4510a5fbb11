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

	claim *bleveindex.Claim // see ClaimIndex: the index, claimed and not yet opened
	index *bleveindex.Index // see OpenIndex
	later latest            // the search indexes of the last rebuild, being written
	// taken is closed once the background work of the last build has taken what it
	// needs of its site, which the next build may change in place.
	taken chan struct{}
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
	if b.taken != nil {
		<-b.taken
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
	b.indexLater(ctx, res.Site)
	return res, nil
}

// indexLater writes the search indexes of the build just made, in the background: they
// take longer than the pages, and the next edit should not wait for them. The bleve
// index stops being brought up to date when ctx is done.
func (b *Builder) indexLater(ctx context.Context, s *site.Site) {
	job := &indexJob{ctx: ctx, inc: b.inc, mem: b.inc.pages, dest: b.dest, index: b.index, indexed: b.Indexed, errs: b.Errors}
	job.inc.mu.Lock()
	job.swaps = job.inc.swaps
	job.inc.mu.Unlock()
	taken := make(chan struct{})
	b.taken = taken
	// What the bleve index needs of the pages is taken in the background too (at 10,000
	// pages it takes longer than the rest of a one-page rebuild), but before the next
	// build starts, which may bring this site's pages up to date in place (see
	// site.Cache). The job is handed on before that, so that jobs stay in build order.
	go func() {
		if job.index != nil {
			job.stale = staleOf(b.project, s)
		}
		b.later.run(job.run)
		close(taken)
	}()
}

// indexJob writes the search indexes of one build.
type indexJob struct {
	ctx     context.Context // of the build: the job is its last part
	inc     *incremental
	swaps   int // the full builds swapped in when the build was made
	mem     *render.Memory
	dest    string
	index   *bleveindex.Index
	stale   staleIndex
	indexed func()
	errs    io.Writer
}

// run writes the static search index that the build left out, unless a newer full
// build is in place, and brings the bleve index up to date.
func (j *indexJob) run() {
	j.inc.mu.Lock()
	if j.inc.swaps == j.swaps { // else a newer full build, with its own index, is in place
		if err := j.mem.WriteSearch(render.InPlace(j.dest)); err != nil {
			fmt.Fprintf(j.errs, "search index: %v\n", err)
		}
	}
	j.inc.mu.Unlock()
	if j.index != nil {
		if err := j.stale.update(j.ctx, j.index); err != nil && j.ctx.Err() == nil {
			fmt.Fprintf(j.errs, "search index: %v\n", err)
		}
	}
	if j.indexed != nil {
		j.indexed()
	}
}

// Close waits for the search indexes being written in the background, and closes the
// bleve index (or lets go of the claim on it).
func (b *Builder) Close() error {
	if b.taken != nil {
		<-b.taken
	}
	b.later.wait()
	switch {
	case b.index != nil:
		return b.index.Close()
	case b.claim != nil:
		return b.claim.Release()
	}
	return nil
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
