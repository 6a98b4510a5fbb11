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

	"github.com/yuin/goldmark"

	"github.com/handbok/handbok/internal/parallel"
	"github.com/handbok/handbok/internal/site"
	"github.com/handbok/handbok/search"
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
// theme or the output failed.
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
	r := &renderer{ctx: ctx, site: s, project: project, theme: th, md: md, out: out, mem: mem,
		navs: &navCache{theme: th, site: s, html: map[navKey]string{}}}
	return r.run()
}

type renderer struct {
	ctx     context.Context
	site    *site.Site
	project fs.FS
	theme   *theme
	md      goldmark.Markdown
	out     Output

	mem         *Memory
	orgPolicies []*site.Page // listed on the front page and every workplace
	pageHashes  map[*site.Page]string
	navs        *navCache
	stats       Stats
	files       *fileList // what a full build wrote, for the service worker (offline.go)
}

func (r *renderer) write(name string, data []byte) error { return r.out.WriteFile(name, data) }

func (r *renderer) run() (Stats, site.Diagnostics, error) {
	s := r.site
	r.orgPolicies = s.OrgPolicies()
	incremental := !r.mem.Full(s)
	if !incremental {
		r.files = newFileList(r.out)
		r.out = r.files
	}
	outlines, searchDocs, hashes, changed, err := r.outlineAll(incremental)
	if err != nil {
		return r.stats, nil, err
	}
	links := newLinkResolver(s, outlines)
	render := r.toRender(incremental, outlines, changed)
	if r.mem != nil {
		r.pageHashes = make(map[*site.Page]string, len(s.Pages))
		for i, pg := range s.Pages {
			r.pageHashes[pg] = hashes[i]
		}
	}

	// Each page is parsed again here rather than kept from the first pass: holding every
	// page's syntax tree would make memory grow with the handbook for no gain in time
	// worth having (parsing is the cheap part).
	warnings := make([]site.Diagnostics, len(s.Pages))
	targets := make([][]string, len(s.Pages))
	err = parallel.Do(r.ctx, len(s.Pages), func(i int) error {
		pg := s.Pages[i]
		if !render[pg] {
			warnings[i] = r.mem.pages[memoryKey(pg)].warnings
			return nil
		}
		doc := parse(r.md, pg)
		warnings[i] = links.resolve(doc)
		targets[i] = doc.targets
		return r.renderPage(doc)
	})
	if err == nil && r.mem != nil {
		r.mem.remember(s, outlines, searchDocs, hashes, targets, warnings, render)
	}
	var diags site.Diagnostics
	for _, w := range warnings {
		diags = append(diags, w...)
	}
	diags.Sort()
	if err != nil {
		return r.stats, diags, err
	}
	if err := parallel.Do(r.ctx, len(s.Files), r.copyFile); err != nil {
		return r.stats, diags, err
	}
	if err := r.writeAssets(); err != nil {
		return r.stats, diags, err
	}
	if err := r.writeManifest(); err != nil {
		return r.stats, diags, err
	}
	if incremental && r.mem.SearchLater {
		r.mem.search = func(out Output) error { return r.writeSearch(searchDocs, out) }
	} else if err := r.writeSearch(searchDocs, r.out); err != nil {
		return r.stats, diags, err
	}
	if err := r.writeOwnFiles(); err != nil {
		return r.stats, diags, err
	}
	r.stats.Pages = len(s.Pages)
	r.stats.Rendered = len(render)
	r.stats.Workplaces = len(s.Workplaces)
	r.stats.Policies = len(s.Policies())
	r.stats.Checklists = len(s.Checklists())
	return r.stats, diags, nil
}

// outlineAll parses every page on all cores for what other pages need of it before any
// is rendered: the ids a link may point at, since a link may name a heading of any page.
// The syntax trees are dropped; the search documents are made on the way.
//
// In an incremental build, a page whose content is as the memory has it is not parsed:
// its outline and search document come from the memory. changed holds the others.
func (r *renderer) outlineAll(incremental bool) (docs map[*site.Page]*document, searchDocs []search.Document, hashes []string, changed map[*site.Page]bool, err error) {
	pages := r.site.Pages
	parsed := make([]*document, len(pages))
	searchDocs = make([]search.Document, len(pages))
	hashes = make([]string, len(pages))
	fresh := make([]bool, len(pages))
	err = parallel.Do(r.ctx, len(pages), func(i int) error {
		pg := pages[i]
		if r.mem != nil {
			hashes[i] = pageHash(pg)
		}
		if incremental {
			if pm := r.mem.pages[memoryKey(pg)]; pm != nil && pm.hash == hashes[i] {
				o := *pm.outline
				o.page = pg
				parsed[i], searchDocs[i] = &o, pm.search
				return nil
			}
		}
		d := parse(r.md, pg)
		searchDocs[i] = searchDocument(d)
		d.root, d.source = nil, nil
		parsed[i], fresh[i] = d, true
		return nil
	})
	docs = make(map[*site.Page]*document, len(pages))
	changed = map[*site.Page]bool{}
	for i, d := range parsed {
		if d != nil {
			docs[d.page] = d
			if fresh[i] {
				changed[d.page] = true
			}
		}
	}
	return docs, searchDocs, hashes, changed, err
}

// toRender is the set of pages a build renders: all of them, or in an incremental build
// the changed pages and those that link to a heading of a changed page whose headings
// changed.
func (r *renderer) toRender(incremental bool, outlines map[*site.Page]*document, changed map[*site.Page]bool) map[*site.Page]bool {
	out := make(map[*site.Page]bool, len(r.site.Pages))
	if !incremental {
		for _, pg := range r.site.Pages {
			out[pg] = true
		}
		return out
	}
	moved := map[string]bool{} // URLs of pages whose headings changed
	for pg := range changed {
		out[pg] = true
		if pm := r.mem.pages[memoryKey(pg)]; pm == nil || pm.ids != idsHash(outlines[pg]) {
			moved[pg.URL] = true
		}
	}
	for _, pg := range r.site.Pages {
		if pm := r.mem.pages[memoryKey(pg)]; pm != nil && !out[pg] {
			for _, t := range pm.targets {
				if moved[t] {
					out[pg] = true
					break
				}
			}
		}
	}
	return out
}

// body renders a page's Markdown to HTML.
func (r *renderer) body(doc *document) (template.HTML, error) {
	if !doc.root.HasChildren() {
		return "", nil
	}
	buf := getBuffer()
	defer putBuffer(buf)
	if err := r.md.Renderer().Render(buf, doc.source, doc.root); err != nil {
		return "", fmt.Errorf("%s: %w", doc.page.Path, err)
	}
	return template.HTML(buf.String()), nil
}

func (r *renderer) renderPage(doc *document) error {
	pg := doc.page
	body, err := r.body(doc)
	if err != nil {
		return err
	}
	kind := pg.Kind
	if pg.Section == r.site.Root && pg.IsIndex() {
		kind = kindHome
	}
	buf := getBuffer()
	defer putBuffer(buf)
	if err := r.theme.execute(kind, r.pageData(doc, body), buf); err != nil {
		return fmt.Errorf("theme: rendering %s: %w", pg.URL, err)
	}
	return r.write(pg.URL, buf.Bytes())
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
	for _, a := range r.theme.assets {
		if err := r.write(a.url, a.data); err != nil {
			return err
		}
	}
	return nil
}

// writeSearch writes the static search index and the search page to out.
func (r *renderer) writeSearch(all []search.Document, out Output) error {
	var docs []search.Document
	for i, pg := range r.site.Pages {
		if searchable(pg) {
			docs = append(docs, all[i])
		}
	}
	o := search.DefaultStaticOptions
	o.Language = search.Language(r.site.Config.Language)
	o.Text = map[string]string{}
	for name, key := range map[string]string{
		"results": "search_results", "partial": "search_partial", "noResults": "search_none",
		"noResultsShort": "search_none_short", "kindPolicy": "kind_policy", "kindChecklist": "kind_checklist",
		"kindWorkplace": "kind_workplace", "kindPage": "kind_page",
	} {
		o.Text[name] = r.theme.text[key]
	}
	if _, err := search.WriteStatic(docs, o, out); err != nil {
		return fmt.Errorf("search index: %w", err)
	}
	page := &site.Page{Kind: kindSearch, Title: r.theme.text["search"], URL: "search.html", Section: r.site.Root}
	var html bytes.Buffer
	if err := r.theme.execute(kindSearch, &pageData{Site: r.site, Page: page, navs: r.navs}, &html); err != nil {
		return fmt.Errorf("theme: rendering search.html: %w", err)
	}
	return out.WriteFile(page.URL, html.Bytes())
}
