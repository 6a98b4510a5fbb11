package main

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/handbok/handbok/internal/render"
	"github.com/handbok/handbok/internal/site"
	"github.com/handbok/handbok/themes"
)

var commandHelp = map[string]string{
	"build": `
Reads handbok.yaml and content/ in the source folder and writes the site to --dest.
The new site is written beside the old one and swapped in at the end: when the
content has errors, they are all reported (path:line:col) and the last good site
is left as it was. Links to missing pages or headings are warnings; with --strict
they and every other warning fail the build.`,
	"search": `
Searches the handbook's pages. Words may be written without accents (thagnarskylda
finds þagnarskylda) and in any inflection (ábending finds ábendingum). Pages with all
the words come first; when none has them all, pages with some are shown. The index is
kept in SOURCE/.handbok/search.bleve and updated for the pages that changed.`,
	"check": `
Checks everything a build checks, without writing anything, and also reports
policies past their review date, policies without an owner and checklists without
items. Links to missing pages or headings are errors here; the other findings are
warnings, which --strict turns into errors.`,
}

// project is a handbook project opened from the command line.
type project struct {
	dir  string // as given, for messages
	fsys fs.FS
}

func openProject(dir string) (project, error) {
	fi, err := os.Stat(dir)
	if err != nil {
		return project{}, fmt.Errorf("--source %s: %w", dir, errUsageWrap(err))
	}
	if !fi.IsDir() {
		return project{}, fmt.Errorf("--source %s is not a folder: %w", dir, errUsage)
	}
	return project{dir: dir, fsys: os.DirFS(dir)}, nil
}

func errUsageWrap(err error) error { return fmt.Errorf("%v: %w", unwrapPathError(err), errUsage) }

func unwrapPathError(err error) error {
	if pe, ok := err.(*fs.PathError); ok {
		return pe.Err
	}
	return err
}

// name is the folder's own name, the title of a handbook without handbok.yaml.
func (p project) name() string {
	abs, err := filepath.Abs(p.dir)
	if err != nil {
		return filepath.Base(p.dir)
	}
	return filepath.Base(abs)
}

// load reads the project's content and opens its theme; a problem with either is
// reported as a diagnostic.
func (p project) load() (*site.Site, fs.FS, site.Diagnostics) {
	s, diags := site.Load(p.fsys, p.name())
	th, err := themes.Open(p.fsys, s.Config.Theme)
	if err != nil {
		diags = append(diags, site.Diagnostic{Pos: s.Config.Pos("theme"), Severity: site.Error, Message: err.Error()})
		return s, th, diags
	}
	if err := render.CheckLanguage(th, s.Config.Language); err != nil {
		diags = append(diags, site.Diagnostic{Pos: s.Config.Pos("language"), Severity: site.Error, Message: err.Error()})
	}
	return s, th, diags
}

func runBuild(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	flags := newFlagSet("build", stdout)
	source := flags.String("source", ".", "the handbook project `DIR`, with handbok.yaml and content/")
	dest := flags.String("dest", "", "where to write the `DIR` of the site (default: SOURCE/public)")
	strict := flags.Bool("strict", false, "treat warnings as errors")
	if err := flags.parse(args); err != nil {
		return err
	}
	start := time.Now()
	p, err := openProject(*source)
	if err != nil {
		return err
	}
	if *dest == "" {
		*dest = filepath.Join(*source, "public")
	}
	if err := checkDest(*source, *dest); err != nil {
		return err
	}
	s, th, diags := p.load()
	if diags.Count(site.Error) > 0 {
		return failed(stderr, p, diags, *dest)
	}
	out, err := render.NewDir(*dest)
	if err != nil {
		return err
	}
	stats, warnings, err := render.Render(s, p.fsys, th, out)
	diags = append(diags, warnings...)
	if *strict {
		diags = diags.Strict()
	}
	if err == nil {
		err = ctx.Err()
	}
	if err != nil || diags.Count(site.Error) > 0 {
		if abortErr := out.Abort(); abortErr != nil {
			fmt.Fprintf(stderr, "handbok build: removing the unfinished build: %v\n", abortErr)
		}
		if err != nil {
			return fmt.Errorf("%w (the last good site in %s is unchanged)", err, *dest)
		}
		return failed(stderr, p, diags, *dest)
	}
	if err := out.Commit(); err != nil {
		return err
	}
	printDiagnostics(stderr, p, diags)
	fmt.Fprintf(stdout, "Built %s: %s, %s, %s, %s, %s in %s → %s\n", s.Config.Title,
		plural(stats.Pages, "page"), plural(stats.Workplaces, "workplace"), plural(stats.Policies, "policy"),
		plural(stats.Checklists, "checklist"), plural(diags.Count(site.Warning), "warning"),
		time.Since(start).Round(time.Millisecond),
		filepath.Join(*dest, "index.html"))
	return nil
}

// failed reports a build that did not happen.
func failed(stderr io.Writer, p project, diags site.Diagnostics, dest string) error {
	printDiagnostics(stderr, p, diags)
	kept := "Nothing was written to " + dest + "."
	if _, err := os.Stat(filepath.Join(dest, render.ManifestFile)); err == nil {
		kept = "The last good site in " + dest + " is unchanged."
	}
	fmt.Fprintf(stderr, "Build failed: %s, %s. %s\n",
		plural(diags.Count(site.Error), "error"), plural(diags.Count(site.Warning), "warning"), kept)
	return errFailed
}

// plural writes a count with its noun: "1 page", "2 pages", "3 policies".
func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	if strings.HasSuffix(word, "y") {
		return fmt.Sprintf("%d %sies", n, strings.TrimSuffix(word, "y"))
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// checkDest refuses a destination whose replacement would take the project with it: the
// project folder itself, a folder above it, or one inside content/ or themes/.
func checkDest(source, dest string) error {
	src, err1 := filepath.Abs(source)
	dst, err2 := filepath.Abs(dest)
	if err1 != nil || err2 != nil {
		return nil // the build reports what is wrong with the paths
	}
	within := func(dir, p string) bool {
		rel, err := filepath.Rel(dir, p)
		return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
	}
	if within(dst, src) || within(filepath.Join(src, site.ContentDir), dst) || within(filepath.Join(src, "themes"), dst) {
		return fmt.Errorf("--dest %s would replace the project's own files; choose a folder outside content/ and themes/, such as public: %w", dest, errUsage)
	}
	return nil
}
