package site

import (
	"bytes"
	"fmt"
	"path"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// linker puts loaded pages together into a site: folders, workplaces, output paths, ids,
// and the references between pages that front matter makes.
type linker struct {
	site     *Site
	sources  []*source
	sections map[string]*Section // by folder relative to content/
	diags    Diagnostics

	// before holds the ids of the last load: id → source path of the page that had it,
	// or had it last; nil when there was none (see Cache). owners is the same for this
	// load, for the next.
	before, owners map[string]string
}

func (l *linker) errorf(p Pos, format string, args ...any) {
	l.diags = append(l.diags, Diagnostic{Pos: p, Severity: Error, Message: fmt.Sprintf(format, args...)})
}

func (l *linker) link() {
	s := l.site
	l.sections = map[string]*Section{}
	s.byDir = l.sections
	s.Root = l.section("")
	l.placePages()
	l.placeWorkplaces()
	l.checkScopes()
	l.generateIndexes()
	l.assignURLs()
	l.assignIDs()
	l.resolveChecklists()

	for _, sec := range l.sections {
		SortPages(sec.Pages)
		slices.SortFunc(sec.Sections, func(a, b *Section) int {
			return bytes.Compare(a.Index.titleKey(), b.Index.titleKey())
		})
	}
	for _, w := range s.Workplaces {
		SortPages(w.Policies)
		SortPages(w.Checklists)
		SortPages(w.Pages)
	}
	slices.SortFunc(s.Workplaces, func(a, b *Workplace) int { return bytes.Compare(a.Page.titleKey(), b.Page.titleKey()) })
	slices.SortFunc(s.Pages, func(a, b *Page) int { return strings.Compare(a.URL, b.URL) })
}

// section returns the section of a folder, making it and its parents as needed.
func (l *linker) section(dir string) *Section {
	if sec, ok := l.sections[dir]; ok {
		return sec
	}
	sec := &Section{Dir: dir}
	l.sections[dir] = sec
	if dir != "" {
		parentDir := path.Dir(dir)
		if parentDir == "." {
			parentDir = ""
		}
		sec.Parent = l.section(parentDir)
		sec.Parent.Sections = append(sec.Parent.Sections, sec)
	}
	return sec
}

func contentRel(p string) string { return strings.TrimPrefix(p, ContentDir+"/") }

func relDir(p string) string {
	d := path.Dir(contentRel(p))
	if d == "." {
		return ""
	}
	return d
}

func isIndexFile(p string) bool {
	base := strings.ToLower(strings.TrimSuffix(path.Base(p), path.Ext(p)))
	return base == "_index" || base == "index"
}

func (l *linker) placePages() {
	for _, src := range l.sources {
		pg := src.page
		sec := l.section(relDir(pg.Path))
		pg.Section = sec
		if isIndexFile(pg.Path) {
			if sec.Index != nil {
				l.errorf(Pos{Path: pg.Path, Line: 1, Col: 1},
					"this folder has two index pages, %s and %s: keep one", path.Base(sec.Index.Path), path.Base(pg.Path))
				continue
			}
			sec.Index = pg
			continue
		}
		if pg.Kind == KindWorkplace {
			src.report("kind", Error, "kind: workplace belongs in the _index.md of the workplace's folder; move this page to %s/_index.md",
				path.Join(path.Dir(pg.Path), Slugify(strings.TrimSuffix(path.Base(pg.Path), path.Ext(pg.Path)))))
		}
		sec.Pages = append(sec.Pages, pg)
	}
}

func (l *linker) placeWorkplaces() {
	var slugs = map[string]*Workplace{}
	bySection := map[*Section]*source{}
	for _, src := range l.sources {
		if src.page.IsIndex() {
			bySection[src.page.Section] = src
		}
	}
	// Folders are visited parents first, so a workplace knows whether it is inside another.
	dirs := make([]string, 0, len(l.sections))
	for d := range l.sections {
		dirs = append(dirs, d)
	}
	slices.Sort(dirs)
	for _, d := range dirs {
		sec := l.sections[d]
		if sec.Parent != nil {
			sec.Workplace = sec.Parent.Workplace
		}
		if sec.Index == nil || sec.Index.Kind != KindWorkplace {
			continue
		}
		src := bySection[sec]
		if sec.Workplace != nil {
			src.report("kind", Error, "a workplace cannot be inside another workplace (%s); move the folder out of %s",
				sec.Workplace.Title, sec.Workplace.Section.Dir)
			continue
		}
		if d == "" {
			src.report("kind", Error, "the top of content/ cannot be a workplace; put each workplace in a folder of its own")
			continue
		}
		w := &Workplace{
			Slug: src.slug, Title: sec.Index.Title, Description: sec.Index.Description,
			Address: src.address, Contact: src.contact, Page: sec.Index, Section: sec,
		}
		if w.Slug == "" {
			w.Slug = Slugify(path.Base(d))
		} else if !idPattern.MatchString(w.Slug) || strings.Contains(w.Slug, "/") {
			src.report("slug", Error, "slug %q: use lower-case letters a–z, digits, - and _", w.Slug)
		}
		if other := slugs[w.Slug]; other != nil {
			src.report("slug", Error, "workplace slug %q is also the slug of %s; set a different slug: in this file", w.Slug, other.Page.Path)
		}
		slugs[w.Slug] = w
		sec.Workplace = w
		l.site.Workplaces = append(l.site.Workplaces, w)
	}
	for _, src := range l.sources {
		pg := src.page
		pg.Workplace = pg.Section.Workplace
		if w := pg.Workplace; w != nil && pg != w.Page {
			switch pg.Kind {
			case KindPolicy:
				w.Policies = append(w.Policies, pg)
			case KindChecklist:
				w.Checklists = append(w.Checklists, pg)
			default:
				w.Pages = append(w.Pages, pg)
			}
		}
	}
}

// generateIndexes gives every folder without an index page a generated one, so that
// breadcrumbs and lists always have a page to link to.
func (l *linker) generateIndexes() {
	for dir, sec := range l.sections {
		if sec.Index != nil {
			continue
		}
		title := upperFirst(path.Base(dir))
		if dir == "" {
			title = l.site.Config.Title
		}
		sec.Index = &Page{Kind: KindSection, Title: title, Section: sec, Workplace: sec.Workplace}
	}
	for _, sec := range l.sections {
		l.site.Pages = append(l.site.Pages, sec.Index)
		l.site.Pages = append(l.site.Pages, sec.Pages...)
	}
}

// reservedOutputs are paths in the output that handbok writes itself.
var reservedOutputs = []string{"handbok.json", "search.html", "assets/", "search/",
	"sw.js", "offline.json", "offline.html", "manifest.webmanifest", "accessibility.html"}

func isReserved(url string) bool {
	for _, r := range reservedOutputs {
		if url == r || strings.HasSuffix(r, "/") && strings.HasPrefix(url, r) {
			return true
		}
	}
	return false
}

func (l *linker) assignURLs() {
	taken := map[string]string{} // output path → source path that claimed it
	claim := func(url, src string) {
		if isReserved(url) {
			l.errorf(Pos{Path: src}, "would be written to %s, which handbok writes itself (%s); rename it", url, strings.Join(reservedOutputs, ", "))
			return
		}
		if other, ok := taken[url]; ok {
			a, b := min(other, src), max(other, src)
			l.errorf(Pos{Path: b}, "would be written to %s, as would %s: rename one of them", url, a)
			return
		}
		taken[url] = src
	}
	for _, sec := range l.sections {
		url := "index.html"
		if sec.Dir != "" {
			url = slugDir(sec.Dir) + "/index.html"
		}
		sec.Index.URL = url
		claim(url, indexSource(sec))
		for _, pg := range sec.Pages {
			pg.URL = pg.slugURL
			if pg.URL == "" {
				pg.URL = slugPath(contentRel(pg.Path), ".html")
			}
			claim(pg.URL, pg.Path)
		}
	}
	for i := range l.site.Files {
		f := &l.site.Files[i]
		f.URL = slugPath(contentRel(f.Path), "")
		claim(f.URL, f.Path)
		l.site.files[f.Path] = f
	}
}

// indexSource names what an index page is made from, for messages: its file, or its folder.
func indexSource(sec *Section) string {
	if sec.Index.Path != "" {
		return sec.Index.Path
	}
	return path.Join(ContentDir, sec.Dir) + "/"
}

func (l *linker) resolveChecklists() {
	uncertain := map[*Page]bool{}
	doubtful := map[*Page]bool{} // pages whose id may not be the one they were given
	var policyIDs []string       // policies, and pages that may be policies
	for _, src := range l.sources {
		pg := src.page
		uncertain[pg] = src.uncertain
		doubtful[pg] = src.idUnknown
		mayBePolicy := pg.Kind == KindPolicy || src.uncertain && (src.meant == KindPolicy || src.meant == "")
		if mayBePolicy && l.site.byID[pg.ID] == pg {
			policyIDs = append(policyIDs, pg.ID)
		}
	}
	slices.Sort(policyIDs)
	for _, src := range l.sources {
		if src.page.Checklist != nil {
			l.resolveItems(src, policyIDs, uncertain, doubtful)
		}
	}
}

// resolveItems checks that the policies a checklist's items name are there. A page whose
// front matter could not be read is not reported again here: its own error says what is
// wrong, and when it is the page an item meant but its id is unknown, nothing here is
// known to be wrong.
func (l *linker) resolveItems(src *source, policyIDs []string, uncertain, doubtful map[*Page]bool) {
	for i, it := range src.page.Checklist.Items {
		if it.Policy == "" {
			continue
		}
		target := l.site.byID[it.Policy]
		key := fmt.Sprintf("items.%d.policy", i)
		switch {
		case target == nil:
			if hint, known := l.missingPolicyHint(src, it.Policy, policyIDs, doubtful); known {
				src.report(key, Error, "checklist item %q names policy %q, which does not exist%s", it.ID, it.Policy, hint)
			}
		case target.Kind != KindPolicy && !uncertain[target]:
			src.report(key, Error, "checklist item %q names %q, which is a %s, not a policy", it.ID, it.Policy, target.Kind)
		}
	}
}

// missingPolicyHint says which policy a checklist item of src that names one by the
// unknown id name likely meant: the page that had that id in the last load, now under
// another, or a policy whose id is like it (see policyNamed). known is false when the
// page meant may be one whose id is unknown, since its front matter could not be read:
// then nothing is known to be wrong with the item.
func (l *linker) missingPolicyHint(src *source, name string, policyIDs []string, doubtful map[*Page]bool) (hint string, known bool) {
	if p := l.site.byPath[l.before[name]]; p != nil && p.ID != name && l.site.byID[p.ID] == p {
		if _, mayBePolicy := slices.BinarySearch(policyIDs, p.ID); mayBePolicy {
			if doubtful[p] {
				return "", false
			}
			return fmt.Sprintf(" (did you mean %q, the new id of %s?)", p.ID, p.Path), true
		}
	}
	c := l.policyNamed(name, policyIDs, src.page.Workplace)
	if c == "" {
		return "", true
	}
	if doubtful[l.site.byID[c]] {
		return "", false
	}
	return fmt.Sprintf(" (did you mean %q?)", c), true
}

// policyNamed guesses the policy that a checklist item meant: one whose id is a near
// miss; else one whose id or file name ends in what the item says, or nearly, since a
// supervisor may leave out the folder an id starts with (oryggisreglur for
// sundlaug/oryggisreglur) or type the file name where the id goes. Of several, one in
// the checklist's workplace w is preferred. Else, the one policy whose id's last part
// holds what the item says whole, or is held in it, as an id that was lengthened or
// shortened is (oryggisreglur for oryggisreglur-sundlaugar).
func (l *linker) policyNamed(name string, ids []string, w *Workplace) string {
	if c := Suggest(name, ids); c != "" {
		return c
	}
	want := Slugify(strings.TrimSuffix(path.Base(name), ".md"))
	var exact, near []string
	for _, id := range ids {
		p := l.site.byID[id]
		ends := []string{path.Base(id), Slugify(strings.TrimSuffix(path.Base(p.Path), path.Ext(p.Path)))}
		switch {
		case slices.Contains(ends, want):
			exact = append(exact, id)
		case Suggest(want, ends) != "":
			near = append(near, id)
		}
	}
	for _, found := range [][]string{exact, near} {
		for _, id := range found {
			if l.site.byID[id].Workplace == w {
				return id
			}
		}
		if len(found) > 0 {
			return found[0]
		}
	}
	return l.policyHolding(want, ids, w)
}

// minHeld is the fewest letters an id must have to be suggested for one that holds it
// whole, or that it holds: fewer are held in too many words by chance.
const minHeld = 5

// policyHolding returns the one id of ids whose last part holds want whole, or is
// held in it, of those in the workplace w if any are; "" when none or several do.
func (l *linker) policyHolding(want string, ids []string, w *Workplace) string {
	var here, elsewhere []string
	for _, id := range ids {
		short, long := path.Base(id), want
		if len(short) > len(long) {
			short, long = long, short
		}
		if utf8.RuneCountInString(short) < minHeld || !strings.Contains(long, short) {
			continue
		}
		if l.site.byID[id].Workplace == w {
			here = append(here, id)
		} else {
			elsewhere = append(elsewhere, id)
		}
	}
	found := here
	if len(found) == 0 {
		found = elsewhere
	}
	if len(found) != 1 {
		return ""
	}
	return found[0]
}

// upperFirst capitalises a folder name for use as a title: "stefnur" → "Stefnur".
func upperFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}
