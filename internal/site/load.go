package site

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"maps"
	"net/mail"
	"path"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"github.com/handbok/handbok/internal/parallel"
)

// ContentDir is the folder of a project that holds its Markdown.
const ContentDir = "content"

// source is a page being loaded, with what its checks need to point at the file.
type source struct {
	page  *Page
	pos   map[string]Pos // front matter keys → positions of their values
	keys  map[string]Pos // front matter keys → positions of the keys
	lines *fileLines
	front []byte // the front matter with its fences, as read
	// workplace front matter, kept until the workplace is made
	slug, address string
	contact       Contact
	diags         Diagnostics
	// uncertain is set when the front matter could not be read or names an unknown kind:
	// what the page is meant to be is unknown, so checks that depend on it are skipped
	// rather than adding errors that follow from the one already reported.
	uncertain bool
	draft     bool   // draft: true; left out of the site
	fmID      string // the id written in front matter, "" when it is derived
}

func (s *source) report(key string, sev Severity, format string, args ...any) {
	s.reportAt(s.pos, key, sev, format, args...)
}

// reportKey reports a problem with a key itself rather than its value.
func (s *source) reportKey(key string, sev Severity, format string, args ...any) {
	s.reportAt(s.keys, key, sev, format, args...)
}

func (s *source) reportAt(positions map[string]Pos, key string, sev Severity, format string, args ...any) {
	p, ok := positions[key]
	if !ok {
		p = Pos{Path: s.page.Path, Line: 1, Col: 1}
	}
	d := Diagnostic{Pos: p, Severity: sev, Message: fmt.Sprintf(format, args...)}
	d.Source, _ = s.lines.line(p.Line)
	s.diags = append(s.diags, d)
}

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

// Cache keeps what loading read of each Markdown file, so that a later load reads and
// decodes only the files that changed (by size and time). handbok serve keeps one
// between rebuilds. It is not for use by two loads at once.
type Cache struct {
	files   map[string]cached
	cfg     Config          // the configuration the files were read with
	walk    walked          // what the last load found in content/
	touched map[string]bool // paths changed since, nil until a load has walked
	told    bool            // Touched was called since the last load

	// The last site loaded without errors, and what loading it reported (see patch).
	last      *Site
	lastDiags Diagnostics
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
		fi, err := fs.Stat(fsys, p)
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

type cached struct {
	mod  time.Time
	size int64
	src  *source
}

// NewCache returns an empty cache.
func NewCache() *Cache { return &Cache{files: map[string]cached{}} }

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
	s.Files = slices.Clone(w.files)

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
	l.link()
	diags = append(diags, l.diags...)
	for _, src := range sources {
		diags = append(diags, src.diags...)
	}
	diags.Sort()
	if cache != nil {
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
			if fi, err := fs.Stat(fsys, p); err == nil && fi.IsDir() {
				w.diags = append(w.diags, Diagnostic{Pos: Pos{Path: p}, Severity: Warning,
					Message: "a link to a folder is not followed; put the folder itself in content/"})
				return nil
			}
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
		fi, err := fs.Stat(fsys, p)
		if !known || err != nil || !fi.Mode().IsRegular() {
			return false // a file or folder came or went
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

// readPages reads and decodes the Markdown files on all cores.
func readPages(fsys fs.FS, paths []string, cfg Config, bodies bool) []*source {
	out := make([]*source, len(paths))
	parallel.Do(context.Background(), len(paths), func(i int) error {
		out[i] = readPage(fsys, paths[i], cfg, bodies)
		return nil
	})
	return out
}

// readPage reads and decodes one Markdown file; without bodies, the page does not keep
// its Markdown (see Page.ReadBody).
func readPage(fsys fs.FS, p string, cfg Config, bodies bool) *source {
	src := &source{page: &Page{Path: p}, pos: map[string]Pos{}, keys: map[string]Pos{}}
	data, err := fs.ReadFile(fsys, p)
	if err != nil {
		src.report("", Error, "%v", err)
		return src
	}
	src.lines = &fileLines{data: data}
	if !utf8.Valid(data) {
		line := 1 + bytes.Count(data[:invalidUTF8(data)], []byte("\n"))
		src.diags = append(src.diags, Diagnostic{Pos: Pos{Path: p, Line: line, Col: 1}, Severity: Error,
			Message: "the file is not UTF-8 text (it may be saved as Windows-1252 or Latin-1); save it as UTF-8"})
		return src.unreadable(p, cfg)
	}
	data = normalizeNewlines(data)
	src.page.fileHash = hashFile(data)
	yamlText, body, bodyLine, ok := splitFrontMatter(data)
	if !ok {
		src.report("", Error, "front matter starts with --- on line 1 but has no closing --- line; add one after the last key")
		return src.unreadable(p, cfg)
	}
	// What loading reports is about the front matter: the lines to quote are there.
	// A copy, so that the rest of the file can go.
	src.front = bytes.Clone(data[:len(data)-len(body)])
	src.lines = &fileLines{data: src.front}
	src.page.bodyStart = len(data) - len(body)
	var fm frontMatter
	if yamlText != nil {
		unknown := Error
		if cfg.FrontMatter.UnknownKeys == "warn" {
			unknown = Warning
		}
		d := &strictDecoder{path: p, lineOffset: 1, lines: src.lines, unknown: unknown, pos: src.pos, keys: src.keys}
		if !decodeFrontMatter(d, yamlText, &fm) {
			src.uncertain = true
		}
		src.diags = append(src.diags, d.diags...)
	}
	if fm.Draft {
		src.draft = true
		return src
	}
	pg := src.page
	pg.Body, pg.BodyLine = body, bodyLine
	pg.Title, pg.ID, pg.Description = strings.TrimSpace(fm.Title), fm.ID, fm.Description
	src.fmID = fm.ID
	pg.Tags, pg.Weight, pg.Example = fm.Tags, fm.Weight, fm.Example
	pg.Kind = Kind(fm.Kind)
	if pg.Kind == "" {
		pg.Kind = KindPage
	}
	if !slices.Contains(knownKinds, string(pg.Kind)) {
		hint := "use one of " + strings.Join(knownKinds, ", ")
		if c := Suggest(fm.Kind, knownKinds); c != "" {
			hint = fmt.Sprintf("did you mean %q?", c)
		}
		src.report("kind", Error, "unknown kind %q (%s)", fm.Kind, hint)
		pg.Kind = KindPage
		src.uncertain = true
	}
	for _, key := range setKeys(src.keys) {
		if src.uncertain {
			break
		}
		if k, ok := kindFields[key]; ok && k != pg.Kind {
			src.reportKey(key, Error, "%q is a field of %s, but this page is a %s; remove it or set kind: %s",
				key, kindNames[k], pg.Kind, k)
		}
	}
	if pg.Title == "" {
		pg.Title = firstHeading(body)
		pg.TitleFromHeading = pg.Title != ""
	}
	if pg.Title == "" {
		if pg.Kind == KindPage {
			pg.Title = fallbackTitle(p, cfg)
		} else {
			src.report("", Error, "this %s has no title: add title: to the front matter", pg.Kind)
		}
	}
	switch pg.Kind {
	case KindPolicy:
		if fm.Owner != nil {
			checkContact(src, "owner", *fm.Owner)
		}
		pg.Policy = &Policy{Approved: fm.Approved, Effective: fm.Effective, Review: fm.Review,
			Version: 1, Acknowledge: fm.Acknowledge, Revision: revision(pg.Title, body)}
		if fm.Owner != nil {
			pg.Policy.Owner = *fm.Owner
		}
		if fm.Version != nil {
			pg.Policy.Version = *fm.Version
			if *fm.Version < 1 {
				src.report("version", Error, "version must be 1 or more; bump it by one when staff must acknowledge the policy again")
			}
		}
		for i, a := range fm.Approved {
			if strings.TrimSpace(a.Body) == "" {
				src.report(fmt.Sprintf("approved.%d", i), Error, "approval %d has no body: name who approved it, e.g. body: Sveitarstjórn", i+1)
			}
		}
		if !fm.Effective.IsZero() && !fm.Review.IsZero() && fm.Review.Before(fm.Effective.Time) {
			src.report("review", Warning, "review date %s is before the effective date %s", fm.Review, fm.Effective)
		}
	case KindChecklist:
		pg.Checklist = &Checklist{Items: fm.Items}
		checkItems(src, fm.Items)
	case KindWorkplace:
		src.slug, src.address = fm.Slug, fm.Address
		if fm.Contact != nil {
			src.contact = *fm.Contact
			checkContact(src, "contact", *fm.Contact)
		}
	}
	pg.slugURL = slugPath(contentRel(p), ".html")
	pg.sortKey = sortKeyOf(pg.Title)
	pg.keyPos = keptPositions(src.pos)
	if !bodies {
		pg.Body = nil
	}
	return src
}

// checkContact checks that an email address is one and a phone number has digits, since
// both become links that staff tap.
func checkContact(src *source, key string, c Contact) {
	if c.Email != "" {
		if a, err := mail.ParseAddress(c.Email); err != nil || a.Address != c.Email || strings.ContainsAny(c.Email, "?&") {
			src.report(key+".email", Error, "%q is not an email address; write it as name@example.is", c.Email)
		}
	}
	if c.Phone != "" && !strings.ContainsAny(c.Phone, "0123456789") {
		src.report(key+".phone", Error, "phone %q has no digits", c.Phone)
	}
}

// unreadable keeps a page whose file could not be read as a plain page, so that links
// to it do not add errors to the one reported.
func (s *source) unreadable(p string, cfg Config) *source {
	s.uncertain = true
	s.page.Kind, s.page.Title = KindPage, fallbackTitle(p, cfg)
	return s
}

// fallbackTitle names a page that has no title and no heading: by its file name, and an
// index page by its folder, or the handbook itself at the top.
func fallbackTitle(p string, cfg Config) string {
	if isIndexFile(p) {
		if dir := relDir(p); dir != "" {
			return upperFirst(path.Base(dir))
		}
		return cfg.Title
	}
	return strings.TrimSuffix(path.Base(p), path.Ext(p))
}

// invalidUTF8 returns the offset of the first byte that is not valid UTF-8.
func invalidUTF8(data []byte) int {
	for i := 0; i < len(data); {
		r, n := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return len(data)
}

// revision hashes what a reader sees of a policy, so any edit of the text gives a new one.
func revision(title string, body []byte) string {
	h := sha256.New()
	h.Write([]byte(title))
	h.Write([]byte{0})
	h.Write(bytes.TrimSpace(body)) // its line ends are \n already
	return hex.EncodeToString(h.Sum(nil))[:16]
}

var idPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9_.-]*(/[a-z0-9][a-z0-9_.-]*)*$`)

func checkItems(src *source, items []ChecklistItem) {
	seen := map[string]int{}
	for i := range items {
		it := &items[i]
		key := fmt.Sprintf("items.%d", i)
		switch {
		case it.ID == "":
			src.report(key, Error, "checklist item %d has no id: give it a short, stable id such as %q (progress is recorded by it)", i+1, Slugify(it.Task))
		case !idPattern.MatchString(it.ID):
			src.report(key+".id", Error, "item id %q: use lower-case letters a–z, digits, - and _ (for example %q)", it.ID, Slugify(it.ID))
		case seen[it.ID] > 0:
			src.report(key+".id", Error, "item id %q is used twice in this checklist (also item %d)", it.ID, seen[it.ID])
		}
		seen[it.ID] = i + 1
		if strings.TrimSpace(it.Task) == "" {
			src.report(key, Error, "checklist item %d has no task: say what is to be done", i+1)
		}
		switch it.Owner {
		case "":
			it.Owner = OwnerEmployee
		case OwnerEmployee, OwnerSupervisor:
		default:
			src.report(key+".owner", Error, "owner %q: use employee or supervisor", it.Owner)
		}
	}
}

// newCollator orders titles as an Icelandic reader expects: á after a, þ æ ö at the end.
// A Collator keeps state between calls, so each sort makes its own.
func newCollator() *collate.Collator { return collate.New(language.Icelandic) }

// collators lends collators to the goroutines that read pages.
var collators = sync.Pool{New: func() any { return &collator{c: newCollator()} }}

type collator struct {
	c   *collate.Collator
	buf collate.Buffer
}

// titleKey returns the collation key of the page's title, working it out when needed.
func (p *Page) titleKey() []byte {
	if p.sortKey == nil {
		p.sortKey = sortKeyOf(p.Title)
	}
	return p.sortKey
}

// sortKeyOf is the collation key of a title: comparing keys orders titles as
// Icelandic does, without collating them again for every comparison.
func sortKeyOf(title string) []byte {
	c := collators.Get().(*collator)
	defer collators.Put(c)
	key := bytes.Clone(c.c.KeyFromString(&c.buf, title))
	c.buf.Reset()
	return key
}

// SortPages orders pages by weight, then title, in Icelandic alphabetical order. A weight
// of 0 means none: weighted pages come first.
func SortPages(pages []*Page) {
	for _, p := range pages {
		p.titleKey()
	}
	slices.SortStableFunc(pages, func(a, b *Page) int {
		if a.Weight != b.Weight {
			switch {
			case a.Weight == 0:
				return 1
			case b.Weight == 0:
				return -1
			}
			return a.Weight - b.Weight
		}
		return bytes.Compare(a.sortKey, b.sortKey)
	})
}
