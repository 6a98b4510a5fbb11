package render

import (
	"bytes"
	"context"
	"errors"
	stdhtml "html"
	"html/template"
	"strconv"
	"strings"
	"sync"

	"github.com/handbok/handbok/internal/parallel"
	"github.com/handbok/handbok/internal/site"
	"github.com/handbok/handbok/internal/theme"
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

	summary string // the start of the page's first paragraph, for Description
	navs    *navCache
	inNav   bool // the data nav.html is rendered with
}

// navCache keeps the workplace menu, rendered once per workplace and depth in the site
// rather than once per page: with hundreds of workplaces it is most of every page.
type navCache struct {
	theme *theme.Theme
	site  *site.Site
	mu    sync.Mutex
	menus map[navKey]*navEntry
}

// navEntry is a menu in the making or made: the first page that needs it renders it,
// and a page on the other core that needs it meanwhile waits rather than rendering it
// too (pages come in site order, so both cores reach a workplace's first pages at once).
type navEntry struct {
	once sync.Once
	menu *navMenu
	err  error
}

func newNavCache(th *theme.Theme, s *site.Site) *navCache {
	return &navCache{theme: th, site: s, menus: map[navKey]*navEntry{}}
}

type navKey struct {
	workplace *site.Workplace
	root      string
}

// navMenu is a rendered menu and, for each page it links to, where the page's link
// ends: the place for its aria-current mark.
type navMenu struct {
	html    string
	linkEnd map[string]int // by the link's target as written, "../skoli/index.html"
}

func newNavMenu(html string) *navMenu {
	m := &navMenu{html: html, linkEnd: map[string]int{}}
	const attr = `href="`
	for i := 0; ; {
		start := strings.Index(html[i:], attr)
		if start < 0 {
			break
		}
		start += i + len(attr)
		end := strings.IndexByte(html[start:], '"')
		if end < 0 {
			break
		}
		end += start
		target := stdhtml.UnescapeString(html[start:end])
		if _, ok := m.linkEnd[target]; !ok {
			m.linkEnd[target] = end + 1
		}
		i = end + 1
	}
	return m
}

// navMark stands for the workplace menu in a page until the page is written: the menu
// is most of every page's bytes, and is copied into it once rather than through the
// template's own steps. Neither Markdown nor the theme's escaping lets a NUL through
// (goldmark writes U+FFFD for it), so no page can forge the mark. It stands in HTML
// text only: in an attribute or a script it would be escaped and stay unreplaced.
const navMark = "\x00handbok-nav\x00"

// Description is what the page is about, for search engines and link previews (<meta
// name="description">): the page's own description, else the start of its first
// paragraph, else the handbook's description.
func (d *pageData) Description() string {
	switch {
	case d.Page.Description != "":
		return d.Page.Description
	case d.summary != "":
		return d.summary
	}
	return d.Site.Config.Description
}

// TableOfContents is the page's table of contents as HTML, written by handbok rather
// than by a template: an <ol> with an item for each heading of .TOC, of class toc-LEVEL,
// linking to it. The built-in theme shows it; a theme that wants other markup ranges
// over .TOC itself. A template wrote it until a handbook's headings were a fifth of the
// time spent in templates: five escapers each, called through reflection. The bytes
// are what the built-in theme's template wrote (TestTableOfContents).
func (d *pageData) TableOfContents() template.HTML {
	n := len("<ol>\n</ol>")
	for _, h := range d.TOC {
		n += len(`<li class="toc-0"><a href="#"></a></li>`) + 2*len(h.ID) + len(h.Text)
	}
	b := make([]byte, 0, n)
	b = append(b, "<ol>"...)
	for _, h := range d.TOC {
		b = append(b, `<li class="toc-`...)
		b = strconv.AppendInt(b, int64(h.Level), 10)
		b = append(b, `"><a href="#`...)
		b = appendURLEscaped(b, h.ID)
		b = append(b, `">`...)
		b = append(b, theme.EscapeText(h.Text)...)
		b = append(b, "</a></li>"...)
	}
	b = append(b, "\n</ol>"...)
	return template.HTML(b)
}

// appendURLEscaped appends s as html/template writes it into a part of a URL (after the
// # of a link, say): every byte but an ASCII letter, digit or one of -._~ as %xx.
func appendURLEscaped(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', c == '-', c == '.', c == '_', c == '~':
			b = append(b, c)
		default:
			b = append(b, '%', hex[c>>4], hex[c&0xF])
		}
	}
	return b
}

// Nav returns the workplace menu of the page, with the page's link in it marked as the
// current one (executePage puts it in place of the mark Nav returns), or "" when the
// handbook has no menu.
func (d *pageData) Nav() (template.HTML, error) {
	if d.inNav {
		return "", errors.New("the workplace menu cannot show itself: nav.html must not use .Nav")
	}
	menu, err := d.navMenu()
	if err != nil || strings.TrimSpace(menu.html) == "" {
		return "", err
	}
	return navMark, nil
}

// prerender renders, on all cores, every workplace menu the site's pages may show, when
// the theme shows one: rendered as pages needed them, a core often waited for the other to
// render the menu of a workplace both had just reached.
func (c *navCache) prerender(ctx context.Context) error {
	if !c.theme.Mentions(".Nav") || len(c.site.Workplaces) == 0 {
		return nil
	}
	var keys []navKey
	seen := map[navKey]bool{}
	for _, pg := range c.site.Pages {
		if k := (navKey{pg.Workplace, rootPrefix(pg.URL)}); !seen[k] {
			seen[k] = true
			keys = append(keys, k)
		}
	}
	return parallel.Do(ctx, len(keys), func(i int) error {
		d := &pageData{Page: &site.Page{Workplace: keys[i].workplace}, Root: keys[i].root, navs: c}
		d.navMenu() // an error stays with the menu, for a page that shows it to report
		return nil
	})
}

// navMenu returns the page's workplace menu, rendered once per workplace and depth.
func (d *pageData) navMenu() (*navMenu, error) {
	key := navKey{d.Page.Workplace, d.Root}
	c := d.navs
	c.mu.Lock()
	e := c.menus[key]
	if e == nil {
		e = &navEntry{}
		c.menus[key] = e
	}
	c.mu.Unlock()
	e.once.Do(func() {
		var html string
		html, e.err = c.theme.Partial(string(site.KindPage), "nav.html", &pageData{
			Site: c.site, Root: d.Root, Page: &site.Page{Workplace: d.Page.Workplace}, inNav: true,
		})
		if e.err == nil {
			e.menu = newNavMenu(html)
		}
	})
	return e.menu, e.err
}

// executePage renders a page with its layout into w, its workplace menu in place of
// each mark Nav left, also one in a partial that partialCached rendered for another page.
func (r *renderer) executePage(kind site.Kind, d *pageData, w *bytes.Buffer) error {
	tmp := getBuffer()
	defer putBuffer(tmp)
	if err := r.theme.Execute(tmp, string(kind), d); err != nil {
		return err
	}
	page := tmp.Bytes()
	for {
		i := bytes.Index(page, []byte(navMark))
		if i < 0 {
			w.Write(page)
			return nil
		}
		w.Write(page[:i])
		menu, err := d.navMenu()
		if err != nil {
			return err
		}
		html := menu.html
		if end, ok := menu.linkEnd[d.Root+d.Page.URL]; ok {
			w.WriteString(html[:end])
			w.WriteString(` aria-current="page"`)
			html = html[end:]
		}
		w.WriteString(html)
		page = page[i+len(navMark):]
	}
}

func (r *renderer) pageData(doc *document, body template.HTML) *pageData {
	pg := doc.page
	d := &pageData{
		Site: r.site, Page: pg, Root: rootPrefix(pg.URL), Content: body,
		TOC: doc.toc, TitleID: doc.titleID, navs: r.navs, summary: doc.summary,
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
