package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/handbok/handbok/internal/manifest"
	"github.com/handbok/handbok/internal/render"
	"github.com/handbok/handbok/internal/site"
)

func runBuild(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	flags := newFlagSet("build", stdout)
	source, destDir := sourceFlag(flags), destFlag(flags)
	strict := flags.Bool("strict", false, "treat warnings as errors")
	zipFile := flags.String("zip", "", "also pack the site into the archive `FILE`, for a USB stick or a shared drive")
	if err := flags.parse(args); err != nil {
		return err
	}
	p, dest, err := openWithDest(*source, *destDir)
	if err != nil {
		return err
	}
	if *zipFile != "" {
		if err := checkZip(dest, *zipFile); err != nil {
			return err
		}
	}
	tuneGC()
	res, err := buildSite(ctx, p, dest, *strict, nil)
	if err != nil {
		if res.diags.Count(site.Error) > 0 {
			return failed(stderr, p, res.diags, dest)
		}
		return err
	}
	printDiagnostics(stderr, p, res.diags)
	fmt.Fprintln(stdout, res.summary(dest))
	if *zipFile != "" {
		if err := writeZip(ctx, dest, *zipFile); err != nil {
			return fmt.Errorf("--zip %s: %w", *zipFile, err)
		}
		fmt.Fprintf(stdout, "Packed the site into %s: unpack it and open %s\n", *zipFile,
			filepath.Join(strings.TrimSuffix(filepath.Base(*zipFile), filepath.Ext(*zipFile)), "index.html"))
	}
	return nil
}

// built is the outcome of a build.
type built struct {
	site    *site.Site
	stats   render.Stats
	diags   site.Diagnostics
	elapsed time.Duration
}

func (b built) summary(dest string) string {
	return fmt.Sprintf("Built %s: %s, %s, %s, %s, %s in %s → %s", b.site.Config.Title,
		plural(b.stats.Pages, "page"), plural(b.stats.Workplaces, "workplace"), plural(b.stats.Policies, "policy"),
		plural(b.stats.Checklists, "checklist"), plural(b.diags.Count(site.Warning), "warning"),
		b.elapsed.Round(time.Millisecond), filepath.Join(dest, "index.html"))
}

// errContent is returned by buildSite when the content has errors; they are in the
// diagnostics.
var errContent = errors.New("the content has errors")

// incremental is what handbok serve keeps between builds, so that a rebuild reads and
// renders only what changed.
type incremental struct {
	files *site.Cache
	pages *render.Memory

	// swaps counts the full builds swapped in; mu is held while one is swapped in and
	// while a search index is written in the background, so that an index written for
	// an older build never lands in a newer one's folder.
	mu    sync.Mutex
	swaps int
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
	inc.pages.SearchLater = true // the pages reload first; see rebuild
}

// output is where a build writes: a new folder swapped in at the end, or, for an
// incremental build, the site's folder itself, page by page.
type output interface {
	render.Output
	Commit() error
	Abort() error
}

type inPlace struct{ render.InPlace }

func (inPlace) Commit() error { return nil }
func (inPlace) Abort() error  { return nil }

// buildSite builds the project into dest, beside the last good site, and swaps it in
// only when the build succeeds. With inc, a build that changes only some pages writes
// just those, in place.
func buildSite(ctx context.Context, p project, dest string, strict bool, inc *incremental) (built, error) {
	start := time.Now()
	var files *site.Cache
	var mem *render.Memory
	if inc != nil {
		files, mem = inc.files, inc.pages
	}
	s, th, diags := p.loadCached(files)
	res := built{site: s, diags: diags}
	if diags.Count(site.Error) > 0 {
		return res, errContent
	}
	var out output
	if mem.Full(s) {
		dir, err := render.NewDir(dest)
		if err != nil {
			return res, err
		}
		out = dir
	} else {
		out = inPlace{render.InPlace(dest)}
	}
	stats, warnings, err := render.RenderWith(ctx, s, p.fsys, th, out, mem)
	res.stats = stats
	res.diags = append(res.diags, warnings...)
	res.diags.Sort()
	if strict {
		res.diags = res.diags.Strict()
	}
	if err == nil {
		err = ctx.Err()
	}
	if err == nil && res.diags.Count(site.Error) > 0 {
		err = errContent
	}
	if err == nil {
		if _, swap := out.(*render.Dir); swap && inc != nil {
			inc.mu.Lock() // not while an older build's search index is being written
			err = out.Commit()
			inc.swaps++
			inc.mu.Unlock()
		} else {
			err = out.Commit()
		}
	}
	if err != nil {
		if abortErr := out.Abort(); abortErr != nil {
			err = errors.Join(err, fmt.Errorf("removing the unfinished build: %w", abortErr))
		}
		if !errors.Is(err, errContent) {
			err = fmt.Errorf("%w (the last good site in %s is unchanged)", err, dest)
		}
		return res, err
	}
	mem.Keep()
	res.elapsed = time.Since(start)
	return res, nil
}

// failed reports a build that did not happen.
func failed(stderr io.Writer, p project, diags site.Diagnostics, dest string) error {
	printDiagnostics(stderr, p, diags)
	kept := "Nothing was written to " + dest + "."
	if _, err := os.Stat(filepath.Join(dest, manifest.File)); err == nil {
		kept = "The last good site in " + dest + " is unchanged."
	}
	fmt.Fprintf(stderr, "Build failed: %s, %s. %s\n",
		plural(diags.Count(site.Error), "error"), plural(diags.Count(site.Warning), "warning"), kept)
	return errFailed
}
