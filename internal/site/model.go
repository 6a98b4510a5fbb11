// Package site loads a handbook project (handbok.yaml and content/) into a typed, validated
// model: workplaces, policies, checklists and plain pages, with the position of everything
// that can be wrong so that errors point at the file, line and column to fix.
//
// # Content format
//
// A workplace is a folder whose _index.md has "kind: workplace"; every page inside it
// belongs to that workplace. A policy is a page with "kind: policy"; outside any workplace
// it applies to the whole organisation. A checklist is a page with "kind: checklist" and a
// list of items. Outside the workplaces, policies and checklists belong at the top of
// content/ or in a folder whose _index.md says "scope: all" (and the folders inside it);
// anywhere else they are reported (CodeScope), since a forgotten workplace _index.md
// would otherwise publish a workplace's rules to all of them. Anything else is a plain
// page. A Markdown file without front matter is a page titled by its first heading, or
// else by its file name.
//
// Front matter is YAML between two "---" lines at the top of the file, decoded strictly:
// an unknown key is an error that suggests the key that was probably meant, unless
// handbok.yaml says "front_matter: {unknown_keys: warn}".
//
// Every folder becomes a section with an index page: its _index.md (or index.md) when it
// has one, else a generated list of what it holds, so that no link ever has to point at a
// folder. Output paths are the source paths with each part slugified ("Sundlaug
// Dalvíkur/Öryggi.md" → "sundlaug-dalvikur/oryggi.html").
package site

import (
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"hash/crc32"
	"io/fs"
	"path"
	"slices"
)

// Kind is what a page is: a workplace's front page, a policy, a checklist or a plain page.
type Kind string

// The kinds of page. KindSection is never written in front matter: it marks the generated
// index of a folder that has no _index.md.
const (
	KindPage      Kind = "page"
	KindPolicy    Kind = "policy"
	KindChecklist Kind = "checklist"
	KindWorkplace Kind = "workplace"
	KindSection   Kind = "section"
)

// Site is a loaded handbook.
type Site struct {
	Config Config
	// Root is the top folder of content/; its index page is the front page.
	Root *Section
	// Pages holds every page, generated section indexes included, sorted by URL.
	Pages []*Page
	// Workplaces are sorted by title.
	Workplaces []*Workplace
	// Files are the other files of content/ (images, PDFs), copied as they are.
	Files []File

	byPath map[string]*Page // content source path ("content/a/b.md") → page
	byDir  map[string]*Section
	byID   map[string]*Page
	files  map[string]*File // content source path → file
	drafts map[string]bool  // content source paths of drafts, which are left out
}

// Contact is a person or office to turn to.
type Contact struct {
	Name  string `yaml:"name"`
	Email string `yaml:"email"`
	Phone string `yaml:"phone"`
}

// IsZero reports whether no contact detail is given.
func (c Contact) IsZero() bool { return c == Contact{} }

// Approval records that a body (a board or council) approved a policy at a meeting.
type Approval struct {
	Body    string `yaml:"body"`
	Meeting int    `yaml:"meeting"`
	Date    Date   `yaml:"date"`
}

// Page is one page of the handbook.
type Page struct {
	Kind        Kind
	ID          string // stable identifier; defaults to the slugified path without extension
	Title       string
	Description string
	Tags        []string
	Weight      int  // orders pages in lists before the title does
	Example     bool // the content is an invented example, and the page says so

	// TitleFromHeading is set when the title was taken from the body's first heading,
	// which the page then shows only once.
	TitleFromHeading bool

	Path     string // source file relative to the project, "content/x/y.md"; "" when generated
	URL      string // output file relative to the site root, "x/y.html"
	Body     []byte // Markdown after the front matter
	BodyLine int    // the file's line number of Body's first line

	Section   *Section   // the folder the page is in; for an index page, that folder
	Workplace *Workplace // nil outside workplaces

	Policy    *Policy    // set for policies
	Checklist *Checklist // set for checklists

	keyPos    []keyPos // where the keys that later checks point at were written
	unread    bool     // see Unread
	bodyStart int      // where Body starts in the file, after newlines are made \n
	fileHash  string   // of the file as read, for telling what changed
	slugURL   string   // the output path its source path gives, worked out once
	sortKey   []byte   // the title's Icelandic collation key, worked out once
}

// ReadBody returns the page's Markdown: Body, or for a site loaded without bodies
// (LoadLean), the file read again from fsys, the project folder. It is an error for the
// file to have changed since the site was loaded.
func (p *Page) ReadBody(fsys fs.FS) ([]byte, error) {
	if p.Body != nil || p.Path == "" {
		return p.Body, nil
	}
	data, err := fs.ReadFile(fsys, p.Path)
	if err != nil {
		return nil, err
	}
	data = pageText(data)
	if hashFile(data) != p.fileHash || p.bodyStart > len(data) {
		return nil, fmt.Errorf("%s changed while the handbook was being built; build again", p.Path)
	}
	return data[p.bodyStart:], nil
}

// hashFile is the hash of a page's file: it only tells a changed file from the one read
// before, so two CRC-32s that the processor computes (CRC-32C and IEEE) do, at a
// fraction of SHA-256's time.
func hashFile(data []byte) string {
	var sum [8]byte
	binary.BigEndian.PutUint32(sum[:4], crc32.Checksum(data, castagnoli))
	binary.BigEndian.PutUint32(sum[4:], crc32.ChecksumIEEE(data))
	return hex.EncodeToString(sum[:])
}

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// FileHash is a hash of the page's file as it was read; "" for generated pages. A page
// whose file hash and place in the site are unchanged renders as before.
func (p *Page) FileHash() string { return p.fileHash }

// KeyPos returns where the value of the front matter key "kind", "review",
// "items.N.policy" or "items.N.due" (see keptPositions) was written, or the top of the
// file.
func (p *Page) KeyPos(key string) Pos {
	for _, k := range p.keyPos {
		if k.key == key {
			return k.pos
		}
	}
	return Pos{Path: p.Path, Line: 1, Col: 1}
}

// wrote reports whether the front matter has the key, of those KeyPos knows.
func (p *Page) wrote(key string) bool {
	return slices.ContainsFunc(p.keyPos, func(k keyPos) bool { return k.key == key })
}

type keyPos struct {
	key string
	pos Pos
}

// keptKeys are the front matter keys whose positions a page keeps once loaded, for the
// checks that come after (Audit), besides the policy and due day of each checklist item. Loading
// knows where every key was, but a large handbook would hold a map of them for every page.
var keptKeys = []string{"kind", "review", "owner"}

// keptPositions picks the positions a page keeps out of all of its front matter's;
// items is how many checklist items it has.
func keptPositions(all map[string]Pos, items int) []keyPos {
	var out []keyPos
	for _, k := range keptKeys {
		if p, ok := all[k]; ok {
			out = append(out, keyPos{k, p})
		}
	}
	for i := range items {
		for _, k := range []string{fmt.Sprintf("items.%d.policy", i), fmt.Sprintf("items.%d.due", i)} {
			if p, ok := all[k]; ok {
				out = append(out, keyPos{k, p})
			}
		}
	}
	return out
}

// Unread reports whether the page's file could not be read (its front matter is never
// closed): an error says so, and its text is unknown, so links to its headings cannot
// be checked.
func (p *Page) Unread() bool { return p.unread }

// IsIndex reports whether the page is the index of its folder.
func (p *Page) IsIndex() bool { return p.Section != nil && p.Section.Index == p }

// Policy is what a policy page adds to a page.
type Policy struct {
	Owner       Contact
	Approved    []Approval
	Effective   Date
	Review      Date
	Version     int
	Acknowledge bool
	// AcknowledgeWithin is the number of days the policy's front matter gives staff to
	// acknowledge it, 0 when it gives none: see Config.DaysToAcknowledge.
	AcknowledgeWithin int
	// Revision is a hash of the published text: it changes with any edit, while Version
	// changes only when staff must acknowledge again.
	Revision string
}

// Checklist is what a checklist page adds to a page.
type Checklist struct {
	Items []ChecklistItem
	// For are the roles or job titles the checklist is for (compared without regard
	// to case); empty, it is for everyone.
	For []string
}

// ChecklistItem is one task of an onboarding checklist.
type ChecklistItem struct {
	ID     string `yaml:"id"`
	Task   string `yaml:"task"`
	Policy string `yaml:"policy"` // done when this policy is acknowledged
	Owner  string `yaml:"owner"`  // "employee" or "supervisor"
	Due    int    `yaml:"due"`    // days after the start date
}

// Item owners.
const (
	OwnerEmployee   = "employee"
	OwnerSupervisor = "supervisor"
)

// Workplace is a place of work with its own pages, policies and checklists.
type Workplace struct {
	Slug        string
	Title       string
	Description string
	Address     string
	Contact     Contact
	Page        *Page    // the workplace's front page (its _index.md)
	Section     *Section // its folder
	// Policies, Checklists and Pages list everything inside the workplace's folder,
	// subfolders included, ordered by weight and title.
	Policies   []*Page
	Checklists []*Page
	Pages      []*Page
}

// Section is a folder of content/.
type Section struct {
	Dir       string // relative to content/, "" for the top
	Index     *Page
	Parent    *Section
	Pages     []*Page // pages directly in the folder, its index excluded
	Sections  []*Section
	Workplace *Workplace
}

// Ancestors returns the sections above s, outermost first.
func (s *Section) Ancestors() []*Section {
	var out []*Section
	for p := s.Parent; p != nil; p = p.Parent {
		out = append([]*Section{p}, out...)
	}
	return out
}

// File is a non-Markdown file of content/, copied to the output.
type File struct {
	Path string // source path, "content/x/mynd.png"
	URL  string // output path, "x/mynd.png"
}

// PageByID returns the page with the given id, or nil.
func (s *Site) PageByID(id string) *Page { return s.byID[id] }

// PageByPath returns the page made from the given source path ("content/a.md"), or nil.
func (s *Site) PageByPath(path string) *Page { return s.byPath[path] }

// SectionByDir returns the section of a folder relative to content/ ("" for the top), or nil.
func (s *Site) SectionByDir(dir string) *Section { return s.byDir[dir] }

// WorkplaceOf returns the workplace that the source path of a page or another file
// ("content/a/mynd.png") is in, or nil for one outside every workplace.
func (s *Site) WorkplaceOf(p string) *Workplace {
	for dir := relDir(p); ; dir = path.Dir(dir) {
		if dir == "." {
			dir = ""
		}
		if sec := s.byDir[dir]; sec != nil {
			return sec.Workplace
		}
		if dir == "" {
			return nil
		}
	}
}

// FileByPath returns the copied file with the given source path, or nil.
func (s *Site) FileByPath(path string) *File { return s.files[path] }

// IsDraft reports whether the source path is a draft that was left out.
func (s *Site) IsDraft(path string) bool { return s.drafts[path] }

// Paths returns the source paths of every page made from a file.
func (s *Site) Paths() []string {
	out := make([]string, 0, len(s.byPath))
	for p := range s.byPath {
		out = append(out, p)
	}
	return out
}

// OrgPolicies returns the policies that apply to every workplace, in list order.
func (s *Site) OrgPolicies() []*Page {
	var out []*Page
	for _, p := range s.Pages {
		if p.Kind == KindPolicy && p.Workplace == nil {
			out = append(out, p)
		}
	}
	SortPages(out)
	return out
}

// Policies returns every policy, organisation-wide ones first, in page order.
func (s *Site) Policies() []*Page {
	var org, local []*Page
	for _, p := range s.Pages {
		if p.Kind != KindPolicy {
			continue
		}
		if p.Workplace == nil {
			org = append(org, p)
		} else {
			local = append(local, p)
		}
	}
	return append(org, local...)
}

// Checklists returns every checklist in page order.
func (s *Site) Checklists() []*Page {
	var out []*Page
	for _, p := range s.Pages {
		if p.Kind == KindChecklist {
			out = append(out, p)
		}
	}
	return out
}
