package main

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/handbok/handbok/internal/diskfs"
	"github.com/handbok/handbok/internal/site"
	"github.com/handbok/handbok/internal/theme"
	"github.com/handbok/handbok/themes"
)

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
	return project{dir: dir, fsys: diskfs.Dir(dir)}, nil
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

// load reads the project's content, for a build that renders it once (the pages'
// Markdown is read again as each is rendered), and opens its theme; a problem with
// either is reported as a diagnostic.
func (p project) load() (*site.Site, fs.FS, site.Diagnostics) {
	return p.loadCached(nil)
}

// loadCached is load that reads only the files that changed since cache saw them, and
// keeps them there; a nil cache is load.
func (p project) loadCached(cache *site.Cache) (*site.Site, fs.FS, site.Diagnostics) {
	var s *site.Site
	var diags site.Diagnostics
	if cache == nil {
		s, diags = site.LoadLean(p.fsys, p.name())
	} else {
		s, diags = site.LoadCached(p.fsys, p.name(), cache)
	}
	th, err := themes.Open(p.fsys, s.Config.Theme)
	if err != nil {
		diags = append(diags, site.Diagnostic{Pos: s.Config.Pos("theme"), Severity: site.Error, Message: err.Error()})
		return s, th, diags
	}
	if err := theme.CheckLanguage(th, s.Config.Language); err != nil {
		diags = append(diags, site.Diagnostic{Pos: s.Config.Pos("language"), Severity: site.Error, Message: err.Error()})
	}
	return s, th, diags
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

// sourceFlag adds --source, the project folder, to a command's flags.
func sourceFlag(f *flagSet) *string {
	return f.String("source", ".", "the handbook project `DIR`, with handbok.yaml and content/")
}

// destFlag adds --dest, where the site is built, to a command's flags.
func destFlag(f *flagSet) *string {
	return f.String("dest", "", "where to build the `DIR` of the site (default: SOURCE/public)")
}

// openWithDest opens the project in source and works out where its site is built.
func openWithDest(source, dest string) (project, string, error) {
	p, err := openProject(source)
	if err != nil {
		return p, "", err
	}
	if dest == "" {
		dest = filepath.Join(source, "public")
	}
	return p, dest, checkDest(source, dest)
}
