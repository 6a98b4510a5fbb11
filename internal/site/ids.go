package site

import (
	"slices"
	"strings"
)

// assignIDs gives every page without an id: the one its output path gives, checks the
// ids written, and reports an id that two pages have (see sameID).
func (l *linker) assignIDs() {
	derived := map[*Page]bool{}
	for _, src := range l.sources {
		pg := src.page
		l.site.byPath[pg.Path] = pg
		if pg.ID == "" {
			pg.ID = strings.TrimSuffix(pg.URL, ".html")
			pg.ID = strings.TrimSuffix(pg.ID, "/index")
			derived[pg] = true
			continue
		}
		if !idPattern.MatchString(pg.ID) {
			src.report("id", Error, "id %q: use lower-case letters a–z, digits, -, _ and / (for example %q)", pg.ID, slugPath(pg.ID, ""))
		}
	}
	// In path order, so that the reports and the page an id finds are the same every time.
	bySrc := slices.Clone(l.sources)
	slices.SortFunc(bySrc, func(a, b *source) int { return strings.Compare(a.page.Path, b.page.Path) })
	byID := map[string][]*source{}
	var ids []string
	for _, src := range bySrc {
		if byID[src.page.ID] == nil {
			ids = append(ids, src.page.ID)
		}
		byID[src.page.ID] = append(byID[src.page.ID], src)
	}
	l.owners = map[string]string{}
	for _, id := range ids {
		same := byID[id]
		owner := same[0]
		if len(same) > 1 {
			owner = l.sameID(same, derived)
		}
		if owner == nil {
			owner = same[0] // for finding the page by its id; which one is unknown
		} else {
			l.owners[id] = owner.page.Path
		}
		l.site.byID[id] = owner.page
	}
	// An id no page has now is remembered while the page that had it is there, so that
	// what still names it is told the page's new id until it is changed too.
	for id, p := range l.before {
		if _, ok := l.owners[id]; !ok && l.site.byPath[p] != nil {
			l.owners[id] = p
		}
	}
}

// sameID reports the pages, in path order, that have the same id, and returns the one
// that keeps it, nil when that is unknown. A page keeps its id when it had it in the
// last load, since a page copied with its id left as it was is the new one; else when
// the id comes from its path, since the other page set it by hand. When neither tells,
// each page is reported, naming the others: the copy is the one to change, and only
// the person who made it knows which that is.
func (l *linker) sameID(same []*source, derived map[*Page]bool) *source {
	var owner *source
	had := ""
	for _, src := range same {
		if l.before[src.page.ID] == src.page.Path {
			owner, had = src, ", which had it before this page did"
			break
		}
	}
	if owner == nil {
		if i := slices.IndexFunc(same, func(src *source) bool { return derived[src.page] }); i >= 0 {
			owner = same[i]
		}
	}
	if owner == nil {
		for _, src := range same {
			src.report("id", Error, "id %q is also the id of %s; ids must be unique: change it in the copy, "+
				"and keep it in the page that had it first, since checklists and acknowledgments name it",
				src.page.ID, othersOf(src, same, derived))
		}
		return nil
	}
	for _, src := range same {
		if src == owner || derived[src.page] && derived[owner.page] && src.page.URL == owner.page.URL {
			continue // the same output path, reported already
		}
		src.report("id", Error, "id %q is already the id of %s%s; ids must be unique: give this page an id of its own",
			src.page.ID, idSource(owner, derived[owner.page]), had)
	}
	return owner
}

// othersOf names the places of the ids of the pages in same other than src: "a.md:3:5",
// "a.md:3:5 and b.md:4:5".
func othersOf(src *source, same []*source, derived map[*Page]bool) string {
	var out []string
	for _, o := range same {
		if o != src {
			out = append(out, idSource(o, derived[o.page]))
		}
	}
	if len(out) == 1 {
		return out[0]
	}
	return strings.Join(out[:len(out)-1], ", ") + " and " + out[len(out)-1]
}

// idSource says where a page's id comes from, for a message about another page with the
// same id: the place in its front matter, or its path.
func idSource(src *source, derived bool) string {
	if derived {
		return src.page.Path + " (its id comes from its path)"
	}
	if p, ok := src.pos["id"]; ok {
		return p.String()
	}
	return src.page.Path
}
