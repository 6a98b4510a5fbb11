package site

import (
	"io/fs"
	"path"
	"slices"
	"strings"
)

// ContentDir is the folder of a project that holds its Markdown.
const ContentDir = "content"

// Load reads the handbook project whose folder is fsys; name is the folder's name, the
// title of a handbook without handbok.yaml. It returns every problem found, sorted; the
// site is usable for rendering only when the diagnostics hold no error.
func Load(fsys fs.FS, name string) (*Site, Diagnostics) {
	return loadSite(fsys, name, nil, true)
}

// LoadLean is Load for a site that is rendered once: the pages do not keep their
// Markdown (Page.Body is nil), which the renderer reads again with Page.ReadBody, so that
// a large handbook is never held in memory whole.
func LoadLean(fsys fs.FS, name string) (*Site, Diagnostics) {
	return loadSite(fsys, name, nil, false)
}

// LoadCached is Load that reuses what cache holds of files that have not changed since,
// and keeps what it reads there. A nil cache reads everything.
func LoadCached(fsys fs.FS, name string, cache *Cache) (*Site, Diagnostics) {
	return loadSite(fsys, name, cache, true)
}

func loadSite(fsys fs.FS, name string, cache *Cache, bodies bool) (*Site, Diagnostics) {
	cfg, diags := loadConfig(fsys, name)
	s := &Site{
		Config: cfg,
		byPath: map[string]*Page{},
		byID:   map[string]*Page{},
		files:  map[string]*File{},
		drafts: map[string]bool{},
	}
	if fi, err := fs.Stat(fsys, ContentDir); err != nil || !fi.IsDir() {
		diags = append(diags, Diagnostic{Pos: Pos{Path: ContentDir}, Severity: Error,
			Message: "no content/ folder here: put the handbook's Markdown files in content/ (or pass --source with the project folder)"})
		return s, diags
	}
	if cache != nil {
		if last, lastDiags, ok := cache.patch(fsys, cfg, diags); ok {
			return last, lastDiags
		}
		cache.last = nil
	}
	var w walked
	if cache != nil && cache.canReuseWalk(fsys) {
		w = cache.walk
	} else {
		w = walk(fsys, cache != nil)
		if cache != nil {
			cache.walk = w
		}
	}
	if cache != nil {
		cache.touched, cache.told = map[string]bool{}, false
	}
	mdPaths, stats := w.mdPaths, w.stats
	diags = append(diags, w.diags...)
	var refused Diagnostics
	s.Files, refused = publishable(slices.Clone(w.files), cfg)
	diags = append(diags, refused...)

	var sources []*source
	if cache == nil {
		sources = readPages(fsys, mdPaths, cfg, bodies)
	} else {
		sources = cache.read(fsys, mdPaths, stats, cfg)
	}
	for _, src := range sources {
		diags = append(diags, src.diags...)
		src.diags = nil
	}
	sources = slices.DeleteFunc(sources, func(src *source) bool {
		if src.draft {
			s.drafts[src.page.Path] = true
		}
		return src.draft
	})
	l := &linker{site: s, sources: sources}
	if cache != nil {
		l.before = cache.ids
	}
	l.link()
	diags = append(diags, l.diags...)
	for _, src := range sources {
		diags = append(diags, src.diags...)
	}
	diags.Sort()
	if cache != nil {
		cache.ids = l.owners
		cache.last, cache.lastDiags = s, diags
		if diags.Count(Error) > 0 {
			cache.last = nil
		}
	}
	return s, diags
}

func isMarkdown(p string) bool {
	ext := strings.ToLower(path.Ext(p))
	return ext == ".md" || ext == ".markdown"
}

// walked is what a walk of content/ found.
type walked struct {
	mdPaths []string
	stats   map[string]fs.FileInfo // of the Markdown files, when asked for
	files   []File
	diags   Diagnostics
}

// walk finds the Markdown and other files of content/.
func walk(fsys fs.FS, withStats bool) walked {
	w := walked{stats: map[string]fs.FileInfo{}}
	err := fs.WalkDir(fsys, ContentDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			w.diags = append(w.diags, Diagnostic{Pos: Pos{Path: p}, Severity: Error, Message: err.Error()})
			return nil
		}
		if p != ContentDir && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			w.diags = append(w.diags, linkRefused(fsys, p))
			return nil
		}
		switch {
		case d.IsDir():
		case isMarkdown(p):
			w.mdPaths = append(w.mdPaths, p)
			if withStats {
				if fi, err := d.Info(); err == nil {
					w.stats[p] = fi
				}
			}
		default:
			w.files = append(w.files, File{Path: p})
		}
		return nil
	})
	if err != nil {
		w.diags = append(w.diags, Diagnostic{Pos: Pos{Path: ContentDir}, Severity: Error, Message: err.Error()})
	}
	return w
}

// linkRefused is what a walk says of a symbolic link in content/, which it never follows:
// a link may point anywhere on the machine (content/passwd.md → /etc/passwd), and even one
// that stays in content/ today can be turned to point elsewhere by whoever can write
// there. Refusing them all is simpler to trust than checking where each one ends.
func linkRefused(fsys fs.FS, p string) Diagnostic {
	msg := "a symbolic link is not followed, so this file is left out; put the file itself in content/, not a link to it"
	if fi, err := fs.Stat(fsys, p); err == nil && fi.IsDir() {
		msg = "a link to a folder is not followed; put the folder itself in content/"
	}
	return Diagnostic{Pos: Pos{Path: p}, Severity: Warning, Message: msg}
}
