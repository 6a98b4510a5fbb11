package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/handbok/handbok/internal/manifest"
	"github.com/handbok/handbok/internal/render"
	"github.com/handbok/handbok/internal/server"
	"github.com/handbok/handbok/internal/site"
	"github.com/handbok/handbok/internal/watch"
	"github.com/handbok/handbok/search/bleveindex"
)

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return serve(ctx, args, stdout, stderr, serveHooks{})
}

// serveHooks let tests and benchmarks follow a running serve.
type serveHooks struct {
	ready   chan<- string   // receives the address once the server listens
	indexed chan<- struct{} // receives when the search indexes after a rebuild are written
}

// serve is runServe, with hooks.
func serve(ctx context.Context, args []string, stdout, stderr io.Writer, hooks serveHooks) error {
	flags := newFlagSet("serve", stdout)
	source, destDir := sourceFlag(flags), destFlag(flags)
	addr := flags.String("addr", "127.0.0.1:1313", "the `HOST:PORT` to listen on")
	noWatch := flags.Bool("no-watch", false, "serve the site as built, for production: no rebuilds, no reload script")
	if err := flags.parse(args); err != nil {
		return err
	}
	p, dest, err := openWithDest(*source, *destDir)
	if err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(stderr, nil))

	inc := newIncremental()
	if *noWatch {
		inc = nil
	}
	res, buildErr := buildSite(ctx, p, dest, false, inc)
	if buildErr != nil && !errors.Is(buildErr, errContent) {
		return buildErr
	}
	printDiagnostics(stderr, p, res.diags)
	if buildErr == nil {
		fmt.Fprintln(stdout, res.summary(dest))
	} else if _, statErr := os.Stat(filepath.Join(dest, manifest.File)); statErr != nil {
		if *noWatch {
			return fmt.Errorf("the content has errors and there is no earlier build to serve: %w", errFailed)
		}
	} else {
		fmt.Fprintf(stderr, "Build failed; serving the last good site in %s.\n", dest)
	}

	idx, err := openSearchIndex(p, res.site)
	if err != nil {
		return fmt.Errorf("search index: %w", err)
	}
	defer idx.Close()

	srv := &server.Server{Dir: dest, Prefix: server.PrefixOf(res.site.Config.BaseURL), Search: idx, Log: log}
	if !*noWatch {
		srv.Reload = server.NewReload()
		if errors.Is(buildErr, errContent) {
			srv.Reload.Failed(problems(p, res.diags))
		}
	}
	listening := make(chan string, 1)
	errc := make(chan error, 1)
	go func() { errc <- srv.ListenAndServe(ctx, *addr, listening) }()
	var at string
	select {
	case at = <-listening:
	case err := <-errc:
		return err
	}
	mode := "watching content/, themes/ and handbok.yaml"
	if *noWatch {
		mode = "not watching for changes"
	}
	fmt.Fprintf(stdout, "Serving %s at http://%s%s/ (%s; Ctrl-C stops)\n", res.site.Config.Title, at, srv.Prefix, mode)
	if hooks.ready != nil {
		hooks.ready <- at
	}
	if *noWatch {
		return <-errc
	}

	var later latest
	defer later.wait() // before the index closes
	batches := make(chan []string)
	go func() {
		if err := watch.Watch(ctx, p.dir, batches); err != nil {
			log.Error("watching stopped", "err", err)
		}
	}()
	for {
		select {
		case err := <-errc:
			return err
		case changed := <-batches:
			rebuild(ctx, p, dest, changed, inc, srv.Reload, idx, &later, stdout, stderr)
			if hooks.indexed != nil {
				later.run(func() { hooks.indexed <- struct{}{} })
			}
		}
	}
}

// rebuild builds again after a change, tells the open pages, and brings the search
// index up to date. It prints what changed, and the outcome and its time.
func rebuild(ctx context.Context, p project, dest string, changed []string, inc *incremental, reload *server.Reload, idx *bleveindex.Index, later *latest, stdout, stderr io.Writer) {
	cause := strings.Join(changed, ", ")
	if len(changed) > 3 {
		cause = fmt.Sprintf("%s and %d more", strings.Join(changed[:3], ", "), len(changed)-3)
	}
	for _, c := range changed {
		if strings.HasPrefix(c, "themes/") || c == "themes" {
			inc.forget() // the theme shows on every page
		}
	}
	inc.files.Touched(changed)
	start := time.Now()
	res, err := buildSite(ctx, p, dest, false, inc)
	if err != nil {
		printDiagnostics(stderr, p, res.diags)
		fmt.Fprintf(stderr, "%s changed: build failed (%s) in %s; the last good site is still served.\n",
			cause, plural(res.diags.Count(site.Error), "error"), time.Since(start).Round(time.Millisecond))
		if errors.Is(err, errContent) {
			reload.Failed(problems(p, res.diags))
		} else {
			reload.Failed([]server.Problem{{Where: dest, Message: err.Error()}})
		}
		return
	}
	printDiagnostics(stderr, p, res.diags)
	reload.Built()
	fmt.Fprintf(stdout, "%s changed: rebuilt %s of %s in %s\n", cause, plural(res.stats.Rendered, "page"), plural(res.stats.Pages, "page"), time.Since(start).Round(time.Millisecond))

	// The search indexes come after the reload, in the background: they take longer than
	// the pages, and the next edit should not wait for them.
	mem := inc.pages
	inc.mu.Lock()
	swaps := inc.swaps
	inc.mu.Unlock()
	// What the bleve index needs of the pages is taken now: the next rebuild may bring
	// this site's pages up to date in place (see site.Cache).
	hashes := render.SearchHashes(res.site)
	byID := make(map[string]*site.Page, len(res.site.Pages))
	copies := make([]site.Page, len(res.site.Pages))
	for i, pg := range res.site.Pages {
		copies[i] = *pg
		byID[pg.ID] = &copies[i]
	}
	later.run(func() {
		inc.mu.Lock()
		if inc.swaps == swaps { // else a newer full build, with its own index, is in place
			if err := mem.WriteSearch(render.InPlace(dest)); err != nil {
				fmt.Fprintf(stderr, "search index: %v\n", err)
			}
		}
		inc.mu.Unlock()
		changedIDs, removed := idx.Stale(hashes)
		pages := make([]*site.Page, len(changedIDs))
		for i, id := range changedIDs {
			pages[i] = byID[id]
		}
		if err := idx.Update(render.SearchDocuments(res.site, pages), hashes, removed); err != nil {
			fmt.Fprintf(stderr, "search index: %v\n", err)
		}
	})
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

// problems turns a build's errors into what the browser overlay shows.
func problems(p project, diags site.Diagnostics) []server.Problem {
	var out []server.Problem
	for _, d := range diags {
		if d.Severity != site.Error {
			continue
		}
		pos := d.Pos
		if p.dir != "." && pos.Path != "" {
			pos.Path = filepath.ToSlash(filepath.Join(p.dir, pos.Path))
		}
		out = append(out, server.Problem{Where: pos.String(), Line: d.Source, Message: d.Message})
	}
	return out
}
