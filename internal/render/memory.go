package render

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"hash/maphash"
	"strconv"

	"github.com/handbok/handbok/internal/site"
)

// Memory keeps what a build made of each page, so that the next build in the same
// process parses and renders only the pages whose output can have changed. handbok serve
// keeps one between rebuilds. A page is rendered again when its own content changed;
// every page is rendered again when anything that shows on other pages changed (a title,
// a description, a page added, moved or removed, the configuration) — see signature.
// Links to headings of other pages are checked again in every build, from what the
// memory keeps of each page, so a page whose headings changed needs no other page
// rendered again.
type Memory struct {
	sig   string
	pages map[string]*pageResult // by source path, or URL for generated pages
	next  *Memory                // what the last build made, until Keep

	// SearchLater leaves the static search index out of incremental builds; WriteSearch
	// writes it. handbok serve reloads the pages first, since the index of a large
	// handbook takes longer to write than its changed pages.
	SearchLater bool
	search      func(Output) error // writes the index of the last build

	sigSite *site.Site // the site sigOf is the signature of
	sigOf   string

	shapeSite *site.Site // the site links and pageIndex are of (see renderer.shape)
	links     *linkResolver
	pageIndex map[string]int

	manifest     map[string][]byte // encoded manifest entries of policies, by page hash
	nextManifest map[string][]byte
	manifestBuf  *bytes.Buffer // the last manifest, its buffer used again
}

// WriteSearch writes the static search index of the last build that left it out, if any.
func (m *Memory) WriteSearch(out Output) error {
	if m == nil || m.search == nil {
		return nil
	}
	write := m.search
	m.search = nil
	return write(out)
}

// NewMemory returns an empty memory: the first build with it renders everything.
func NewMemory() *Memory { return &Memory{pages: map[string]*pageResult{}} }

// Full reports whether a build of s with this memory renders every page: the memory is
// empty, or something that shows on many pages changed. Such a build should go to a new
// folder and be swapped in, since pages may have gone; the others may write in place.
func (m *Memory) Full(s *site.Site) bool {
	return m == nil || len(m.pages) == 0 || m.sig != m.signature(s)
}

// signature is the signature of s, worked out once per site.
func (m *Memory) signature(s *site.Site) string {
	if m.sigSite != s {
		m.sigSite, m.sigOf = s, signature(s)
	}
	return m.sigOf
}

// remember notes what this build made of each page, for Keep.
func (m *Memory) remember(s *site.Site, results []*pageResult) {
	next := &Memory{sig: m.signature(s), pages: make(map[string]*pageResult, len(s.Pages))}
	for i, pg := range s.Pages {
		next.pages[memoryKey(pg)] = results[i]
	}
	m.next = next
}

// Keep makes the last build the one the next build starts from. Call it once that
// build's output is in place; a build that failed leaves the memory as it was.
func (m *Memory) Keep() {
	if m != nil && m.next != nil {
		m.sig, m.pages, m.next = m.next.sig, m.next.pages, nil
		m.manifest, m.nextManifest = m.nextManifest, nil
	}
}

func memoryKey(pg *site.Page) string {
	if pg.Path != "" {
		return pg.Path
	}
	return pg.URL
}

// signature hashes everything about the site that shows on more pages than its own:
// the configuration, and of each page what lists, menus, breadcrumbs and links show.
func signature(s *site.Site) string {
	h := sha256.New()
	cfg, _ := json.Marshal(s.Config)
	h.Write(cfg)
	field := func(vs ...string) {
		for _, v := range vs {
			h.Write([]byte(v))
			h.Write([]byte{0})
		}
	}
	for _, p := range s.Pages {
		field(p.URL, p.ID, p.Path, p.Title, string(p.Kind), p.Description, strconv.Itoa(p.Weight), strconv.FormatBool(p.Example))
		if w := p.Workplace; w != nil {
			field(w.Slug, w.Title, w.Description)
		}
		if p.Policy != nil {
			field(strconv.FormatBool(p.Policy.Acknowledge))
		}
		h.Write([]byte{1})
	}
	for _, f := range s.Files {
		field(f.Path, f.URL)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// pageHash hashes everything a page's own output is made from: its file, as read, and
// where linking put it. Generated pages have no file; their output follows the signature.
// It runs for every page of every rebuild, so it is a fast hash whose seed lives as long
// as the process, as a Memory does.
func pageHash(pg *site.Page) string {
	var h maphash.Hash
	h.SetSeed(pageHashSeed)
	field := func(vs ...string) {
		for _, v := range vs {
			h.WriteString(v)
			h.WriteByte(0)
		}
	}
	field(pg.FileHash(), pg.Path, pg.URL, pg.ID, pg.Title, string(pg.Kind))
	if w := pg.Workplace; w != nil {
		field(w.Slug, w.Title)
		if w.Page == pg {
			field(w.Description, w.Address, w.Contact.Name, w.Contact.Email, w.Contact.Phone)
		}
	}
	return strconv.FormatUint(h.Sum64(), 36)
}

var pageHashSeed = maphash.MakeSeed()
