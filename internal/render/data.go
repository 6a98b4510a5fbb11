package render

import (
	"bytes"
	"html/template"
	"sync"

	"github.com/handbok/handbok/internal/site"
)

// pageData is what a layout sees.
type pageData struct {
	Site    *site.Site
	Page    *site.Page
	Root    string // the way back to the site root from this page: "", "../"…
	Content template.HTML
	TOC     []Heading
	TitleID string
	// Crumbs are the pages above this one, front page first.
	Crumbs []*site.Page
	// Children are what a section or workplace lists: its pages, then its subfolders' index pages.
	Children []*site.Page
	// OrgPolicies are the policies for every workplace, on the front page and workplaces.
	OrgPolicies []*site.Page
	// OrgPages are the front page's other pages and folders.
	OrgPages []*site.Page
}

func (r *renderer) pageData(doc *document, body template.HTML) *pageData {
	pg := doc.page
	d := &pageData{
		Site: r.site, Page: pg, Root: rootPrefix(pg.URL), Content: body,
		TOC: doc.toc, TitleID: doc.titleID,
	}
	sec := pg.Section
	if pg.IsIndex() {
		for _, a := range sec.Ancestors() {
			d.Crumbs = append(d.Crumbs, a.Index)
		}
		d.Children = append(d.Children, sec.Pages...)
		for _, sub := range sec.Sections {
			d.Children = append(d.Children, sub.Index)
		}
	} else {
		for _, a := range append(sec.Ancestors(), sec) {
			d.Crumbs = append(d.Crumbs, a.Index)
		}
	}
	if pg.Kind == site.KindWorkplace || sec == r.site.Root && pg.IsIndex() {
		d.OrgPolicies = r.orgPolicies
	}
	if sec == r.site.Root && pg.IsIndex() {
		for _, p := range sec.Pages {
			if p.Kind != site.KindPolicy {
				d.OrgPages = append(d.OrgPages, p)
			}
		}
		for _, sub := range sec.Sections {
			if sub.Workplace == nil {
				d.OrgPages = append(d.OrgPages, sub.Index)
			}
		}
	}
	return d
}

var buffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func getBuffer() *bytes.Buffer { return buffers.Get().(*bytes.Buffer) }

func putBuffer(b *bytes.Buffer) {
	b.Reset()
	buffers.Put(b)
}
