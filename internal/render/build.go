// Package render turns a loaded site into the static handbook: HTML pages from goldmark
// and the theme's templates, the theme's assets, the files of content/, and the
// handbok.json manifest. Every link it writes is relative, so the output works from a
// web server and opened straight from disk.
package render

import (
	"bytes"
	"context"
	"fmt"
	"html/template"
	"io/fs"
	"slices"

	"github.com/handbok/handbok/internal/parallel"
	"github.com/handbok/handbok/internal/site"
	"github.com/handbok/handbok/internal/theme"
	"github.com/handbok/handbok/search"
	"github.com/handbok/handbok/search/lexicon"
)

// Stats sums up a build.
type Stats struct {
	Pages      int
	Workplaces int
	Policies   int
	Checklists int
	Rendered   int // pages rendered and written; fewer than Pages when the build was incremental
}

// Output receives the files of a build. WriteFile is called from many goroutines, and
// must not keep data after it returns: the buffer is used again.
type Output interface {
	WriteFile(name string, data []byte) error
}

// Render renders s with the theme in themeFS into out; project is the project folder the
// site was loaded from, for the files of content/ that are copied as they are. Content problems found on the
// way (links to missing pages or headings) come back as warnings; an error means the
// theme or the output failed. A page loaded without its Markdown (site.LoadLean) is
// read again from project.
func Render(ctx context.Context, s *site.Site, project, themeFS fs.FS, out Output) (Stats, site.Diagnostics, error) {
	return RenderWith(ctx, s, project, themeFS, out, nil)
}

// RenderWith is Render with a memory of the last build: only the pages whose output can
// have changed are rendered and written (see Memory). After the output is in place, the
// caller calls mem.Keep so that the next build starts from this one.
func RenderWith(ctx context.Context, s *site.Site, project, themeFS fs.FS, out Output, mem *Memory) (Stats, site.Diagnostics, error) {
	th, err := loadTheme(themeFS, s.Config.Language)
	if err != nil {
		return Stats{}, nil, err
	}
	md := newMarkdown(s.Config.Markdown.RawHTML)
	md.reserved = th.IDs()
	r := &renderer{ctx: ctx, site: s, project: project, theme: th, md: md, out: out, mem: mem,
		navs: newNavCache(th, s)}
	return r.run()
}

// Layout keys of pages that are not made from content: the front page is the top
// section's index; the search page is the theme's own; the page the service worker
// shows for a page it has not kept, and the accessibility statement (offline.go).
const (
	kindHome          site.Kind = "home"
	kindSearch        site.Kind = "search"
	kindOffline       site.Kind = "offline"
	kindAccessibility site.Kind = "accessibility"
)

// layouts are the theme's layouts a build uses, one for each kind of page: a page of
// kind K is drawn with layouts/K.html.
var layouts = []string{
	string(site.KindPage), string(site.KindSection), string(site.KindPolicy), string(site.KindChecklist),
	string(site.KindWorkplace), string(kindHome), string(kindSearch), string(kindOffline), string(kindAccessibility),
}

// loadTheme loads the layouts a build uses, with the search script among the assets.
func loadTheme(themeFS fs.FS, lang string) (*theme.Theme, error) {
	return theme.Load(themeFS, lang, layouts, search.ThemeAssets())
}

type renderer struct {
	ctx     context.Context
	site    *site.Site
	project fs.FS
	theme   *theme.Theme
	md      *markdown
	out     Output

	mem         *Memory
	orgPolicies []*site.Page          // listed on the front page and every workplace
	pageHashes  map[*site.Page]string // with a memory: each page's pageHash
	navs        *navCache
	files       *fileList // what a full build wrote, for the service worker (offline.go)
}

func (r *renderer) write(name string, data []byte) error { return r.out.WriteFile(name, data) }

// pageResult is what a page leaves for the rest of the build once it is rendered, and
// what a Memory keeps of it for the next build.
type pageResult struct {
	hash     string   // see pageHash; with a memory only
	ids      []string // sorted: the ids in the page a link may point at
	anchors  []anchor // its links to headings of other pages
	warnings site.Diagnostics
	search   search.Document // with a memory only: without, it goes to the index at once
}

func (p *pageResult) hasID(id string) bool {
	_, ok := slices.BinarySearch(p.ids, id)
	return ok
}

// run renders the site in stages: the pages, on all cores, with their search documents;
// the check of links to headings, which needs every page parsed; the files of content/
// and the theme's assets; the search index and the manifest; handbok's own files.
func (r *renderer) run() (Stats, site.Diagnostics, error) {
	r.orgPolicies = r.site.OrgPolicies()
	incremental := !r.mem.Full(r.site)
	if !incremental {
		r.files = newFileList(r.out)
		r.out = r.files
	}
	links, pageIndex := r.shape()
	if !incremental {
		if err := r.navs.prerender(r.ctx); err != nil {
			return Stats{}, nil, err
		}
	}
	plan := r.planSearch()
	results, rendered, err := r.renderPages(links, plan, incremental)
	if err != nil {
		return Stats{}, nil, err
	}
	diags := checkAnchors(r.site.Pages, results, pageIndex)
	r.remember(results)
	if err := parallel.Do(r.ctx, len(r.site.Files), r.copyFile); err != nil {
		return Stats{}, diags, err
	}
	if err := r.writeAssets(); err != nil {
		return Stats{}, diags, err
	}
	// The manifest is written on one core while the search index is finished on both.
	manifest := make(chan error, 1)
	go func() { manifest <- r.writeManifest() }()
	err = r.finishSearch(plan, results, incremental)
	if manifestErr := <-manifest; manifestErr != nil {
		return Stats{}, diags, manifestErr
	}
	if err != nil {
		return Stats{}, diags, err
	}
	if err := r.writeOwnFiles(); err != nil {
		return Stats{}, diags, err
	}
	return r.stats(rendered), diags, nil
}

// searchPlan is how the pages go into the static search index: they are numbered in
// site order, generated folder lists left out. Without a memory, each page's document
// goes into index as soon as the page is parsed, and its text is not kept.
type searchPlan struct {
	number []int // by page, -1 for a page left out
	pages  int
	index  *search.StaticIndex // nil with a memory: the documents are kept instead
}

func (r *renderer) planSearch() searchPlan {
	plan := searchPlan{number: make([]int, len(r.site.Pages))}
	for i, pg := range r.site.Pages {
		plan.number[i] = -1
		if searchable(pg) {
			plan.number[i] = plan.pages
			plan.pages++
		}
	}
	if r.mem == nil {
		plan.index = search.NewStaticIndex(plan.pages, r.searchOptions(), r.out)
	}
	return plan
}

// renderPages parses each page once, on all cores, and renders it at once: nothing on a
// page needs another page's parse but the check of links to its headings, done after.
// With a memory, a page whose hash is unchanged is not rendered again; rendered says
// which were.
func (r *renderer) renderPages(links *linkResolver, plan searchPlan, incremental bool) ([]*pageResult, []bool, error) {
	pages := r.site.Pages
	results := make([]*pageResult, len(pages))
	rendered := make([]bool, len(pages))
	err := parallel.Do(r.ctx, len(pages), func(i int) error {
		pg := pages[i]
		res := &pageResult{}
		if r.mem != nil {
			res.hash = pageHash(pg)
			if pm := r.mem.pages[memoryKey(pg)]; incremental && pm != nil && pm.hash == res.hash {
				results[i] = pm
				return nil
			}
		}
		page, err := untilDone(r.ctx, func() (*madePage, error) { return r.makePage(pg, res, links, plan.number[i] >= 0) })
		if err != nil {
			return err
		}
		defer putBuffer(page.html)
		results[i], rendered[i] = res, true
		if n := plan.number[i]; n >= 0 {
			if plan.index == nil {
				res.search = page.search
			} else if err := plan.index.Add(n, &page.search); err != nil {
				return fmt.Errorf("search index: %w", err)
			}
		}
		return r.write(pg.URL, page.html.Bytes())
	})
	return results, rendered, err
}

// remember keeps what this build made of each page in the memory, if there is one.
func (r *renderer) remember(results []*pageResult) {
	if r.mem == nil {
		return
	}
	r.mem.remember(r.site, results)
	r.pageHashes = make(map[*site.Page]string, len(r.site.Pages))
	for i, pg := range r.site.Pages {
		r.pageHashes[pg] = results[i].hash
	}
}

// stats sums up the build.
func (r *renderer) stats(rendered []bool) Stats {
	s := r.site
	st := Stats{Pages: len(s.Pages), Workplaces: len(s.Workplaces), Policies: len(s.Policies()), Checklists: len(s.Checklists())}
	for _, ok := range rendered {
		if ok {
			st.Rendered++
		}
	}
	return st
}

// finishSearch writes the rest of the static search index and the search page: the
// index made as pages were rendered, or, with a memory, one made of their documents now
// (or, when the memory says so, later).
func (r *renderer) finishSearch(plan searchPlan, results []*pageResult, incremental bool) error {
	if plan.index != nil {
		if _, err := plan.index.Finish(); err != nil {
			return fmt.Errorf("search index: %w", err)
		}
		return r.writeSearchPage(r.out)
	}
	docs := make([]search.Document, 0, plan.pages)
	for i, res := range results {
		if plan.number[i] >= 0 {
			docs = append(docs, res.search)
		}
	}
	if incremental && r.mem.SearchLater {
		r.mem.search = func(out Output) error { return r.writeSearch(docs, out) }
		return nil
	}
	return r.writeSearch(docs, r.out)
}

// shape returns what a build works out of the site's shape alone: the link resolver,
// and each page's index in s.Pages by URL. A memory keeps them while the site is the
// same one (site.Cache brings a site up to date in place when only text changed).
func (r *renderer) shape() (*linkResolver, map[string]int) {
	if m := r.mem; m != nil && m.shapeSite == r.site {
		return m.links, m.pageIndex
	}
	links := newLinkResolver(r.site)
	index := make(map[string]int, len(r.site.Pages))
	for i, pg := range r.site.Pages {
		index[pg.URL] = i
	}
	if m := r.mem; m != nil {
		m.shapeSite, m.links, m.pageIndex = r.site, links, index
	}
	return links, index
}

// checkAnchors returns the warnings of every page of pages: its own, and those of its
// links to headings of other pages that are not there, with the heading that was likely
// meant. A page whose file could not be read has an error of its own and no headings
// to check.
func checkAnchors(pages []*site.Page, results []*pageResult, pageIndex map[string]int) site.Diagnostics {
	var diags site.Diagnostics
	for _, res := range results {
		diags = append(diags, res.warnings...)
		for _, a := range res.anchors {
			i, ok := pageIndex[a.url]
			switch {
			case ok && pages[i].Unread(), ok && results[i].hasID(a.id):
				continue
			case ok:
				a.warning.Message += headingHint(a.id, results[i].ids)
			}
			diags = append(diags, a.warning)
		}
	}
	diags.Sort()
	return diags
}

// body renders a page's Markdown to HTML.
func (r *renderer) body(doc *document) (template.HTML, error) {
	if !doc.root.HasChildren() {
		return "", nil
	}
	buf := getBuffer()
	defer putBuffer(buf)
	if err := r.md.render(buf, doc); err != nil {
		return "", fmt.Errorf("%s: %w", doc.page.Path, err)
	}
	return template.HTML(buf.String()), nil
}

// madePage is a page made by makePage and not yet written.
type madePage struct {
	html   *bytes.Buffer // from getBuffer
	search search.Document
}

// makePage reads, parses and renders pg, and fills in res, touching nothing shared: it
// may go on after a cancelled build has returned (see untilDone). searchable says
// whether the page's search document is wanted.
func (r *renderer) makePage(pg *site.Page, res *pageResult, links *linkResolver, searchable bool) (*madePage, error) {
	body, err := pg.ReadBody(r.project)
	if err != nil {
		return nil, err
	}
	doc := parsePage(r.md, links, pg, body, res)
	page := &madePage{}
	if searchable {
		page.search = searchDocument(doc)
	}
	if page.html, err = r.renderPage(doc); err != nil {
		return nil, err
	}
	return page, nil
}

// parsePage parses body, the Markdown of pg, resolves its links, and puts in res what
// the check of links to headings needs of it: its ids, its warnings, and its links to
// headings of other pages.
func parsePage(md *markdown, links *linkResolver, pg *site.Page, body []byte, res *pageResult) *document {
	doc := parse(md, pg, body)
	res.ids = doc.idList()
	res.warnings, res.anchors = links.resolve(doc)
	res.warnings = append(res.warnings, doc.warnings...)
	return doc
}

// renderPage returns the HTML of a parsed page, in a buffer from getBuffer.
func (r *renderer) renderPage(doc *document) (*bytes.Buffer, error) {
	pg := doc.page
	body, err := r.body(doc)
	if err != nil {
		return nil, err
	}
	buf := getBuffer()
	if err := r.executePage(r.layoutKind(pg), r.pageData(doc, body), buf); err != nil {
		putBuffer(buf)
		return nil, fmt.Errorf("theme: rendering %s: %w", pg.URL, err)
	}
	return buf, nil
}

// layoutKind is the layout a page is rendered with: its kind's, or the front page's.
func (r *renderer) layoutKind(pg *site.Page) site.Kind {
	if pg.Section == r.site.Root && pg.IsIndex() {
		return kindHome
	}
	return pg.Kind
}

func (r *renderer) copyFile(i int) error {
	f := r.site.Files[i]
	data, err := fs.ReadFile(r.project, f.Path)
	if err != nil {
		return err
	}
	return r.write(f.URL, data)
}

func (r *renderer) writeAssets() error {
	for _, a := range r.theme.Assets() {
		if err := r.write(a.URL, a.Data); err != nil {
			return err
		}
	}
	return nil
}

// LexiconOf is the lexicon of the site's search: BÍN's forms from the file that
// search.lexicon in handbok.yaml names, or nil without one.
func LexiconOf(s *site.Site) search.Lexicon {
	path := s.Config.Search.LexiconPath
	if path == "" {
		return nil
	}
	return func(words map[string]bool) (map[string][]string, error) { return lexicon.Forms(path, words) }
}

// searchOptions are the options of the static search index, with the theme's UI text.
func (r *renderer) searchOptions() search.StaticOptions {
	o := search.DefaultStaticOptions
	o.Language = search.Language(r.site.Config.Language)
	o.Lexicon = LexiconOf(r.site)
	o.Text = map[string]string{}
	for name, key := range map[string]string{
		"results": "search_results", "partial": "search_partial", "noResults": "search_none",
		"noResultsShort": "search_none_short", "kindPolicy": "kind_policy", "kindChecklist": "kind_checklist",
		"kindWorkplace": "kind_workplace", "kindPage": "kind_page", "orgPolicy": "org_policy", "didYouMean": "search_did_you_mean",
	} {
		o.Text[name] = r.theme.Text(key)
	}
	return o
}

// writeSearch writes the static search index of docs and the search page to out.
func (r *renderer) writeSearch(docs []search.Document, out Output) error {
	if _, err := search.WriteStatic(docs, r.searchOptions(), out); err != nil {
		return fmt.Errorf("search index: %w", err)
	}
	return r.writeSearchPage(out)
}

// writeSearchPage writes the page that shows search results.
func (r *renderer) writeSearchPage(out Output) error {
	page := &site.Page{Kind: kindSearch, Title: r.theme.Text("search"), URL: "search.html", Section: r.site.Root}
	var html bytes.Buffer
	if err := r.executePage(kindSearch, &pageData{Site: r.site, Page: page, navs: r.navs}, &html); err != nil {
		return fmt.Errorf("theme: rendering search.html: %w", err)
	}
	return out.WriteFile(page.URL, html.Bytes())
}
