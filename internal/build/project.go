// Package build turns a handbook project into its site: it opens the project, loads its
// content and theme, renders them beside the last good site and swaps the new one in.
// A Builder does it again and again into the same folder, as handbok serve does,
// keeping between builds what it read and rendered so that a rebuild reads and renders
// only what changed, and it keeps the bleve index of `handbok search` and the server's
// /api/search in step with the site, in one place. The command line only parses flags,
// calls this package and reports what it returns.
package build

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/handbok/handbok/internal/diskfs"
	"github.com/handbok/handbok/internal/site"
	"github.com/handbok/handbok/internal/theme"
	"github.com/handbok/handbok/themes"
)

// Project is a handbook project: a folder with handbok.yaml, content/ and, optionally,
// themes/.
type Project struct {
	Dir string // the folder as it was given, for messages
	FS  fs.FS  // the folder
}

// Open opens the project in the folder dir. An error starts with dir: "x: no such file
// or directory", "x is not a folder".
func Open(dir string) (*Project, error) {
	fi, err := os.Stat(dir)
	if err != nil {
		if pe, ok := err.(*fs.PathError); ok {
			err = pe.Err
		}
		return nil, fmt.Errorf("%s: %w", dir, err)
	}
	if !fi.IsDir() {
		return nil, fmt.Errorf("%s is not a folder", dir)
	}
	return &Project{Dir: dir, FS: diskfs.Dir(dir)}, nil
}

// Name is the folder's own name, the title of a handbook without handbok.yaml.
func (p *Project) Name() string {
	abs, err := filepath.Abs(p.Dir)
	if err != nil {
		return filepath.Base(p.Dir)
	}
	return filepath.Base(abs)
}

// DefaultDest is where the site is built when no other folder is named: public/ in the
// project.
func (p *Project) DefaultDest() string { return filepath.Join(p.Dir, "public") }

// CheckDest refuses a destination whose replacement by a build would take the project
// with it: the project folder itself, a folder above it, or one inside content/ or
// themes/. The error starts with dest.
func (p *Project) CheckDest(dest string) error {
	src, err1 := filepath.Abs(p.Dir)
	dst, err2 := filepath.Abs(dest)
	if err1 != nil || err2 != nil {
		return nil // the build reports what is wrong with the paths
	}
	within := func(dir, p string) bool {
		rel, err := filepath.Rel(dir, p)
		return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
	}
	if within(dst, src) || within(filepath.Join(src, site.ContentDir), dst) || within(filepath.Join(src, "themes"), dst) {
		return fmt.Errorf("%s would replace the project's own files; choose a folder outside content/ and themes/, such as public", dest)
	}
	return nil
}

// LoadContent reads the project's content for a use that needs no theme, such as a
// search: pages keep no Markdown (see site.LoadLean).
func (p *Project) LoadContent() (*site.Site, site.Diagnostics) {
	s, diags := site.LoadLean(p.FS, p.Name())
	return s, slices.Concat(diags, p.resolveLexicon(s))
}

// load reads the project's content and opens its theme; a problem with either is
// reported as a diagnostic. With a cache, it reads only the files that changed since
// the cache saw them, and the pages keep their Markdown; without, it reads for a build
// that renders once (the pages' Markdown is read again as each is rendered).
func (p *Project) load(cache *site.Cache) (*site.Site, fs.FS, site.Diagnostics) {
	var s *site.Site
	var diags site.Diagnostics
	if cache == nil {
		s, diags = p.LoadContent()
	} else {
		s, diags = site.LoadCached(p.FS, p.Name(), cache)
		diags = slices.Concat(diags, p.resolveLexicon(s))
	}
	th, err := themes.Open(p.FS, s.Config.Theme)
	if err != nil {
		diags = append(diags, site.Diagnostic{Pos: s.Config.Pos("theme"), Severity: site.Error, Message: err.Error()})
		return s, th, diags
	}
	if err := theme.CheckLanguage(th, s.Config.Language); err != nil {
		diags = append(diags, site.Diagnostic{Pos: s.Config.Pos("language"), Severity: site.Error, Message: err.Error()})
	}
	return s, th, diags
}

// Path returns a path relative to the project, as a diagnostic gives it, as a person
// reads it from where the command ran.
func (p *Project) Path(rel string) string {
	if p.Dir == "." || rel == "" {
		return rel
	}
	return filepath.ToSlash(filepath.Join(p.Dir, rel))
}
