package render

import (
	"strconv"

	"github.com/yuin/goldmark/ast"

	"github.com/handbok/handbok/internal/site"
)

// idSet hands out the ids of a page's elements, each one once: an id already taken gets
// the first free number after it ("kafli", "kafli-1", "kafli-2"…).
//
// It takes time linear in the number of ids claimed. next remembers, for each id asked
// for, the number to try first, so a page of n headings with one text tries each
// number once rather than counting up from 1 every time (n²/2 tries). A number tried
// in vain is one whose id "base-i" was already taken, and an id splits into base and
// number in one way only (at its last "-"), so the tries in vain are at most the ids
// claimed.
type idSet struct {
	used map[string]bool
	next map[string]int
}

func newIDSet(reserved []string) *idSet {
	s := &idSet{used: make(map[string]bool, len(reserved)), next: map[string]int{}}
	for _, id := range reserved {
		s.used[id] = true
	}
	return s
}

// claim returns base, or base with the first free number after it, and marks it taken.
func (s *idSet) claim(base string) string {
	id := base
	if s.used[id] {
		i := max(s.next[base], 1)
		for id = numbered(base, i); s.used[id]; id = numbered(base, i) {
			i++
		}
		s.next[base] = i + 1
	}
	s.used[id] = true
	return id
}

func numbered(base string, i int) string { return base + "-" + strconv.Itoa(i) }

// headingSlugs gives each heading the slug of its text (site.Slugify: "Þjónusta fyrir
// alla" gets "thjonusta-fyrir-alla"), or "kafli" for a heading without letters or
// digits. It implements goldmark's parser.IDs; the slugs are made unique afterwards,
// with the ids written by hand, by cleanHeadings in the order of the page.
type headingSlugs struct{}

// Generate implements parser.IDs.
func (headingSlugs) Generate(value []byte, _ ast.NodeKind) []byte {
	if base := site.Slugify(string(value)); base != "" {
		return []byte(base)
	}
	return []byte("kafli")
}

// Put implements parser.IDs; ids written by hand ({#id}) are taken in cleanHeadings.
func (headingSlugs) Put([]byte) {}
