package build

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"time"

	"github.com/handbok/handbok/internal/render"
	"github.com/handbok/handbok/internal/site"
)

// Result is the outcome of a build.
type Result struct {
	Site    *site.Site
	Stats   render.Stats
	Diags   site.Diagnostics // what loading and rendering found
	Elapsed time.Duration
}

// ErrContent is returned when the content has errors; they are in the Result's Diags.
var ErrContent = errors.New("the content has errors")

// Build builds the project into dest once, as `handbok build` does: the new site is
// written beside the last good one and swapped in only when the build succeeds, so a
// failed build leaves dest as it was. With strict, warnings fail the build too.
func Build(ctx context.Context, p *Project, dest string, strict bool) (Result, error) {
	return (&Builder{project: p, dest: dest, strict: strict}).build(ctx)
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

// build loads, renders and puts the output in place; with a memory of the last build
// (b.inc), only what changed, in place when no page can have gone.
func (b *Builder) build(ctx context.Context) (Result, error) {
	start := time.Now()
	var cache *site.Cache
	var mem *render.Memory
	if b.inc != nil {
		cache, mem = b.inc.files, b.inc.pages
	}
	s, th, diags := b.project.load(cache)
	res := Result{Site: s, Diags: diags}
	if diags.Count(site.Error) > 0 {
		res.Diags = b.withLinks(ctx, s, th, diags)
		return res, ErrContent
	}
	full := mem.Full(s)
	out, err := b.output(full)
	if err != nil {
		return res, err
	}
	stats, warnings, err := render.RenderWith(ctx, s, b.project.FS, th, out, mem)
	res.Stats = stats
	res.Diags = append(res.Diags, warnings...)
	res.Diags.Sort()
	if b.strict {
		res.Diags = res.Diags.Strict()
	}
	if err == nil {
		err = ctx.Err()
	}
	if err == nil && res.Diags.Count(site.Error) > 0 {
		err = ErrContent
	}
	if err == nil {
		err = b.commit(out)
	}
	if err != nil {
		if abortErr := out.Abort(); abortErr != nil {
			err = errors.Join(err, fmt.Errorf("removing the unfinished build: %w", abortErr))
		}
		if !errors.Is(err, ErrContent) {
			err = fmt.Errorf("%w (the last good site in %s is unchanged)", err, b.dest)
		}
		return res, err
	}
	mem.Keep()
	res.Elapsed = time.Since(start)
	b.live(Live{Dest: b.dest, Site: s, Theme: th, Full: full})
	return res, nil
}

// withLinks adds to the errors that stop a build the warnings about links that the
// build would have given, so that one `handbok build` reports every mistake. A rebuild
// while serving leaves them out: it would parse every page again after each edit that
// fails, and the check of links comes with the next build that works.
func (b *Builder) withLinks(ctx context.Context, s *site.Site, th fs.FS, diags site.Diagnostics) site.Diagnostics {
	if b.inc != nil {
		return diags
	}
	links, err := render.CheckLinks(ctx, s, b.project.FS, th)
	if err != nil {
		return diags // the errors already found are what the build failed on
	}
	diags = append(diags, links...)
	diags.Sort()
	if b.strict {
		diags = diags.Strict()
	}
	return diags
}

// output returns where a build writes: a new folder for a full build, which may leave
// out pages the last one had; the site's folder for one that renders only some pages.
func (b *Builder) output(full bool) (output, error) {
	if !full {
		return inPlace{render.InPlace(b.dest)}, nil
	}
	return render.NewDir(b.dest)
}

// commit puts a build's output in place. A new folder is swapped in while no search
// index of an older build is being written into the folder it replaces (see
// Builder.indexLater).
func (b *Builder) commit(out output) error {
	if _, swap := out.(*render.Dir); !swap || b.inc == nil {
		return out.Commit()
	}
	b.inc.mu.Lock()
	defer b.inc.mu.Unlock()
	b.inc.swaps++
	return out.Commit()
}

// Live describes a build that has just been put in place: its folder, its site and the
// theme it was drawn with. It is valid during the call to OnLive's function only: a
// later rebuild may bring the site up to date in place, and the theme's files are read
// from the project as they are when read. Take what is needed during the call.
type Live struct {
	Dest  string
	Site  *site.Site
	Theme fs.FS
	// Full is set when every page was rendered: something that shows on every page
	// may have changed (the theme, handbok.yaml, a title in the menu). Otherwise only
	// pages' own text changed, and what was drawn from the theme and the configuration
	// for the last build still holds.
	Full bool
}
