package site

import (
	"bytes"
	"io/fs"
	"maps"
	"slices"
	"time"
)

// Cache keeps what loading read of each Markdown file, so that a later load reads and
// decodes only the files that changed (by size and time). handbok serve keeps one
// between rebuilds. It is not for use by two loads at once.
type Cache struct {
	files   map[string]cached
	cfg     Config          // the configuration the files were read with
	walk    walked          // what the last load found in content/
	touched map[string]bool // paths changed since, nil until a load has walked
	told    bool            // Touched was called since the last load

	// ids are the ids of the last load, each with the source path of the page that had
	// it, so that a page that takes an id another had is the one reported (see sameID).
	ids map[string]string

	// The last site loaded without errors, and what loading it reported (see patch).
	last      *Site
	lastDiags Diagnostics
}

type cached struct {
	mod  time.Time
	size int64
	src  *source
}

// NewCache returns an empty cache.
func NewCache() *Cache { return &Cache{files: map[string]cached{}} }

// Touched tells the cache which paths (relative to the project, as a watcher reports
// them) changed since the last load. When they are all Markdown files it already knows,
// and still are, the next load looks at those files alone instead of walking content/;
// anything else makes it walk.
func (c *Cache) Touched(paths []string) {
	if c.touched == nil {
		return // no load yet, or a walk is needed anyway
	}
	c.told = true
	for _, p := range paths {
		c.touched[p] = true
	}
}

// patch brings the last site up to date in place when only the text of pages changed
// since it was loaded: the touched files are all Markdown files of that site, and each
// one's front matter and title are as they were. Such a change leaves the site's
// shape as it is (titles, places, links between pages, ids), so nothing is linked
// again: the pages get their new text, file hash and revision. It reports whether it
// did; a load that is not patched loads and links as usual. cfgDiags are what
// reading handbok.yaml reported in this load.
func (c *Cache) patch(fsys fs.FS, cfg Config, cfgDiags Diagnostics) (*Site, Diagnostics, bool) {
	s := c.last
	if s == nil || !c.told || len(c.touched) == 0 || len(cfgDiags) > 0 || !sameConfig(c.cfg, cfg) || c.touched[ConfigFile] {
		return nil, nil, false
	}
	type change struct {
		page *Page
		src  *source
		fi   fs.FileInfo
	}
	var changes []change
	for p := range c.touched {
		old, known := c.files[p]
		pg := s.PageByPath(p)
		fi, err := fs.Lstat(fsys, p)
		if !known || pg == nil || err != nil || !fi.Mode().IsRegular() || len(old.src.diags) > 0 {
			return nil, nil, false
		}
		src := readPage(fsys, p, cfg, true)
		if len(src.diags) > 0 || src.draft || !bytes.Equal(src.front, old.src.front) || src.page.Title != pg.Title {
			return nil, nil, false
		}
		changes = append(changes, change{pg, src, fi})
	}
	for _, ch := range changes {
		pg, read := ch.page, ch.src.page
		pg.Body, pg.fileHash = read.Body, read.fileHash
		if pg.Policy != nil {
			pg.Policy = read.Policy // the same fields, but for the revision of the new text
		}
		c.files[pg.Path] = cached{mod: ch.fi.ModTime(), size: ch.fi.Size(), src: ch.src.clone()}
		c.walk.stats[pg.Path] = ch.fi
	}
	c.touched, c.told = map[string]bool{}, false
	return s, c.lastDiags, true
}

// canReuseWalk reports whether the last walk still holds, and brings the times and sizes
// of the touched files in it up to date.
func (c *Cache) canReuseWalk(fsys fs.FS) bool {
	if c.touched == nil || c.walk.stats == nil {
		return false
	}
	if !c.told {
		return false // nobody said what changed: look
	}
	stats := maps.Clone(c.walk.stats)
	for p := range c.touched {
		if p == ConfigFile {
			continue
		}
		_, known := stats[p]
		fi, err := fs.Lstat(fsys, p)
		if !known || err != nil || !fi.Mode().IsRegular() {
			return false // a file or folder came or went, or a file became a link
		}
		stats[p] = fi
	}
	c.walk.stats = stats
	return true
}

// read returns the sources of paths: a copy of the cached one where the file's size and
// time are as they were, else read anew. A change of configuration reads everything.
func (c *Cache) read(fsys fs.FS, paths []string, stats map[string]fs.FileInfo, cfg Config) []*source {
	if !sameConfig(c.cfg, cfg) {
		clear(c.files)
		c.cfg = cfg
	}
	out := make([]*source, len(paths))
	var stale []string
	var where []int
	for i, p := range paths {
		fi, ok := stats[p]
		if e, hit := c.files[p]; hit && ok && e.size == fi.Size() && e.mod.Equal(fi.ModTime()) {
			out[i] = e.src.clone()
			continue
		}
		stale = append(stale, p)
		where = append(where, i)
	}
	fresh := readPages(fsys, stale, cfg, true)
	for j, src := range fresh {
		p := stale[j]
		if fi, ok := stats[p]; ok {
			c.files[p] = cached{mod: fi.ModTime(), size: fi.Size(), src: src.clone()}
		}
		out[where[j]] = src
	}
	for p := range c.files {
		if _, ok := stats[p]; !ok {
			delete(c.files, p)
		}
	}
	return out
}

// sameConfig reports whether two configurations read Markdown files alike.
func sameConfig(a, b Config) bool {
	return a.FrontMatter == b.FrontMatter && a.Title == b.Title
}

// clone copies a source as it was read, before linking, so that a cached one can be
// linked again: linking sets a page's place, URL and id.
func (s *source) clone() *source {
	c := *s
	pg := *s.page
	pg.Section, pg.Workplace, pg.URL, pg.ID = nil, nil, "", s.fmID
	c.page = &pg
	c.diags = slices.Clone(s.diags)
	return &c
}
