package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/handbok/handbok/internal/build"
	"github.com/handbok/handbok/internal/manifest"
	"github.com/handbok/handbok/internal/people"
	"github.com/handbok/handbok/internal/server"
	"github.com/handbok/handbok/internal/site"
	"github.com/handbok/handbok/internal/watch"
	"github.com/handbok/handbok/themes"
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
	p, dest, ln, f, err := serveFlags(ctx, args, stdout)
	if err != nil {
		return err
	}
	noWatch := f.noWatch
	defer ln.Close()
	srv := &server.Server{Dir: dest, Log: slog.New(slog.NewTextHandler(stderr, nil))}
	b := build.NewBuilder(p, dest, !noWatch)
	st, err := serveRecords(ctx, f.db, p, b, srv)
	if err != nil {
		return err
	}
	defer st.Close()
	b.Errors = stderr
	if hooks.indexed != nil {
		b.Indexed = func() {
			select {
			case hooks.indexed <- struct{}{}:
			default: // the last signal is still unread
			}
		}
	}
	var auth authNotice // set once serving
	b.OnLive(func(l build.Live) {
		if l.Full { // else neither the theme nor handbok.yaml changed
			srv.SetPages(serverPages(l, srv.Log))
			auth.check(serverAuth(l.Site.Config), stderr)
		}
	})
	defer b.Close()
	if err := claimIndex(ctx, b, stderr); err != nil {
		return err
	}

	res, buildErr := b.Build(ctx)
	if err := reportFirstBuild(p, dest, res, buildErr, noWatch, stdout, stderr); err != nil {
		return err
	}
	idx, err := b.OpenIndex(ctx, res.Site)
	if err != nil {
		return fmt.Errorf("search index: %w", err)
	}
	srv.Prefix, srv.Search = server.PrefixOf(res.Site.Config.BaseURL), idx
	srv.Auth = serverAuth(res.Site.Config)
	auth.start(srv.Auth)
	var demo []people.Person
	if f.demo {
		if demo, err = seedDemo(ctx, st, res.Site); err != nil {
			return err
		}
	}
	if err := firstAdmin(ctx, st, srv); err != nil {
		return err
	}
	if buildErr != nil { // else the build that went live gave the server its manifest
		readManifest(srv, dest)
	}
	if !noWatch {
		srv.Reload = server.NewReload()
		if errors.Is(buildErr, build.ErrContent) {
			srv.SetPages(serverPages(build.Live{Site: res.Site, Theme: projectTheme(p, res.Site)}, srv.Log))
			srv.Reload.Failed(problems(p, res.Diags))
		}
	}

	var watcher *watch.Watcher
	if !noWatch { // watching before the server is said to be ready, so no change is missed
		if watcher, err = watch.Start(p.Dir); err != nil {
			return fmt.Errorf("watching %s: %w", p.Dir, err)
		}
		watcher.Lost = func(err error) {
			fmt.Fprintf(stderr, "Lost track of changes (%v); building everything again.\n", err)
		}
	}
	errc := make(chan error, 1)
	at := ln.Addr().String()
	if err := idx.Announce("http://" + at + srv.EscapedPrefix() + "/"); err != nil {
		return fmt.Errorf("search index: %w", err)
	}
	go func() { errc <- srv.Serve(ctx, ln) }()
	mode := "watching content/, themes/ and handbok.yaml"
	if noWatch {
		mode = "not watching for changes; requests are logged"
	}
	fmt.Fprintf(stdout, "Serving %s at http://%s%s/ (%s; Ctrl-C stops)\n", res.Site.Config.Title, at, srv.EscapedPrefix(), mode)
	sayFirstAdmin(stdout, srv, "http://"+at+srv.EscapedPrefix()+"/")
	if f.demo {
		sayDemo(stdout, demo)
	}
	if hooks.ready != nil {
		hooks.ready <- at
	}
	if noWatch {
		return <-errc
	}
	r := newRebuilder(b, p, dest, res, buildErr, srv.Reload, stdout, stderr)
	batches := make(chan []string)
	go func() {
		if err := watcher.Run(ctx, batches); err != nil {
			srv.Log.Error("watching stopped", "err", err)
		}
	}()
	for {
		select {
		case err := <-errc:
			return err
		case changed := <-batches:
			r.rebuild(ctx, changed)
		}
	}
}

// serveFlags reads serve's flags and returns the project, where its site is built, and
// the port, taken. The port is taken before the first build, which may take a while: a
// port that cannot be had is said at once, and pages asked for meanwhile wait for it.
// When the project is served already, that is said, whichever port it is served on.
// serveOptions are serve's flags besides where the site and its server are.
type serveOptions struct {
	noWatch, demo bool
	db            string // the records' DSN; "" for the default
}

func serveFlags(ctx context.Context, args []string, stdout io.Writer) (p *build.Project, dest string, ln net.Listener, o serveOptions, err error) {
	flags := newFlagSet("serve", stdout)
	source, destDir, db := sourceFlag(flags), destFlag(flags), dbFlag(flags)
	addr := flags.String("addr", defaultAddr, "listen on `HOST:PORT`; a port alone, 8080 or :8080, is 127.0.0.1:8080")
	flags.BoolVar(&o.noWatch, "no-watch", false, "serve the site as built, for production: no rebuilds, no reload script, an access log")
	flags.BoolVar(&o.demo, "demo", false, "try the records with made-up people of the example handbook, kept apart in .handbok/demo.db")
	if err := flags.parse(args); err != nil {
		return nil, "", nil, o, err
	}
	if o.demo && *db != "" {
		return nil, "", nil, o, fmt.Errorf("--demo keeps its made-up people in .handbok/demo.db, apart from any real records: leave out --db: %w", errUsage)
	}
	at, err := listenAddr(*addr)
	if err != nil {
		return nil, "", nil, o, err
	}
	if p, dest, err = openWithDest(*source, *destDir); err != nil {
		return nil, "", nil, o, err
	}
	if ln, err = listen(at); err != nil {
		if h, ok := servedBy(ctx, p); ok {
			err = alreadyServed(h)
		}
		return nil, "", nil, o, err
	}
	o.db = *db
	if o.demo {
		o.db = demoDSN(p.Dir)
	}
	return p, dest, ln, o, nil
}

// reportFirstBuild prints how serve's first build went. A build that failed for its
// content is no reason to stop, but in production there must be an earlier one to serve.
func reportFirstBuild(p *build.Project, dest string, res build.Result, err error, noWatch bool, stdout, stderr io.Writer) error {
	if err != nil && !errors.Is(err, build.ErrContent) {
		return err
	}
	printDiagnostics(stderr, p, res.Diags)
	if err == nil {
		fmt.Fprintln(stdout, summary(res, dest))
	} else if _, statErr := os.Stat(filepath.Join(dest, manifest.File)); statErr != nil {
		if noWatch {
			return fmt.Errorf("the content has errors and there is no earlier build to serve: %w", errFailed)
		}
	} else {
		fmt.Fprintf(stderr, "Build failed; serving the last good site in %s.\n", dest)
	}
	return nil
}

// serverPages draws the server's own pages of a build that is live, in its theme.
func serverPages(l build.Live, log *slog.Logger) *server.Pages {
	cfg := l.Site.Config
	h := server.Handbook{Title: cfg.Title, Organisation: cfg.Organisation, Language: cfg.Language}
	if cfg.Contact != nil {
		contact := manifest.Contact(*cfg.Contact)
		h.Contact = &contact
	}
	return server.NewPages(l.Theme, h, server.PrefixOf(cfg.BaseURL), log)
}

// projectTheme is the theme handbok.yaml names, for the server's pages when no build is
// live; the built-in one when it cannot be opened (the overlay says why).
func projectTheme(p *build.Project, s *site.Site) fs.FS {
	th, err := themes.Open(p.FS, s.Config.Theme)
	if err != nil {
		return themes.Default()
	}
	return th
}

// rebuilder builds again after each change while serving, tells the open pages, and
// prints what changed and how it went.
type rebuilder struct {
	b              *build.Builder
	p              *build.Project
	dest           string
	reload         *server.Reload
	stdout, stderr io.Writer
	// The diagnostics of the last good build, and the files changed since: a build
	// that fails stops before it checks links, so it shows the warnings the last good
	// build gave about the files that have not changed since.
	warnings site.Diagnostics
	since    map[string]bool
}

// newRebuilder starts from serve's first build, res, good or not.
func newRebuilder(b *build.Builder, p *build.Project, dest string, res build.Result, buildErr error,
	reload *server.Reload, stdout, stderr io.Writer) *rebuilder {
	r := &rebuilder{b: b, p: p, dest: dest, reload: reload, stdout: stdout, stderr: stderr, since: map[string]bool{}}
	if buildErr == nil {
		r.warnings = res.Diags
	}
	return r
}

// rebuild builds again after a change and tells the open pages. It prints a headline,
// with what changed, the outcome and its time, and what the build found under it, so
// that the terminal reads as one entry per change.
func (r *rebuilder) rebuild(ctx context.Context, changed []string) {
	cause := strings.Join(changed, ", ")
	if len(changed) > 3 {
		cause = fmt.Sprintf("%s and %d more", strings.Join(changed[:3], ", "), len(changed)-3)
	}
	start := time.Now()
	res, err := r.b.Rebuild(ctx, changed)
	took := time.Since(start).Round(time.Millisecond)
	if err == nil {
		r.warnings, r.since = res.Diags, map[string]bool{}
		fmt.Fprintf(r.stdout, "%s changed: %s in %s, %s\n", cause, rewritten(res), took, plural(res.Diags.Count(site.Warning), "warning"))
		printDiagnostics(r.stderr, r.p, res.Diags)
		r.reload.Built()
		return
	}
	for _, c := range changed {
		r.since[c] = true
	}
	diags := r.stillWarned(res.Diags)
	found := plural(diags.Count(site.Error), "error")
	if n := diags.Count(site.Warning); n > 0 {
		found += ", " + plural(n, "warning")
	}
	if errors.Is(err, build.ErrContent) {
		fmt.Fprintf(r.stderr, "%s changed: build failed (%s) in %s; the last good site is still served.\n", cause, found, took)
		printDiagnostics(r.stderr, r.p, diags)
		r.reload.Failed(problems(r.p, res.Diags))
		return
	}
	fmt.Fprintf(r.stderr, "%s changed: build failed in %s: %v; the last good site is still served.\n", cause, took, err)
	printDiagnostics(r.stderr, r.p, diags)
	r.reload.Failed([]server.Problem{{Where: r.dest, Message: err.Error()}})
}

// rewritten says how many pages a rebuild wrote, of how many.
func rewritten(res build.Result) string {
	if res.Stats.Rendered == 0 {
		return fmt.Sprintf("nothing to rewrite (%s up to date)", plural(res.Stats.Pages, "page"))
	}
	return fmt.Sprintf("rebuilt %d of %s", res.Stats.Rendered, plural(res.Stats.Pages, "page"))
}

// stillWarned returns what a failed build found, with the warnings it could not see:
// those the last good build gave about files that have not changed since, unless
// handbok.yaml, which governs them all, has.
func (r *rebuilder) stillWarned(found site.Diagnostics) site.Diagnostics {
	if r.since["handbok.yaml"] {
		return found
	}
	seen := map[string]bool{}
	for _, d := range found {
		seen[d.Pos.String()+"\x00"+d.Message] = true
	}
	out := slices.Clone(found)
	for _, d := range r.warnings {
		if d.Severity == site.Warning && !r.since[d.Pos.Path] && !seen[d.Pos.String()+"\x00"+d.Message] {
			out = append(out, d)
		}
	}
	out.Sort()
	return out
}

// problems turns a build's errors into what the browser overlay shows.
func problems(p *build.Project, diags site.Diagnostics) []server.Problem {
	var out []server.Problem
	for _, d := range diags {
		if d.Severity != site.Error {
			continue
		}
		pos := d.Pos
		pos.Path = p.Path(pos.Path)
		line, col := d.Excerpt()
		out = append(out, server.Problem{Where: pos.String(), Line: line, Number: pos.Line, Col: col, Message: d.Message})
	}
	return out
}
