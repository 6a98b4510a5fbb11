package server

import (
	"bytes"
	"html/template"
	"io/fs"
	"log/slog"
	"sync"

	"github.com/handbok/handbok/internal/manifest"
	"github.com/handbok/handbok/internal/theme"
	"github.com/handbok/handbok/search"
)

// Pages draws the pages the server makes itself, such as "page not found", with the
// handbook's theme, so that they look like the rest of the handbook. A Pages describes
// one build; the theme is loaded when a page first needs it.
type Pages struct {
	theme    fs.FS
	handbook Handbook

	once     sync.Once
	notFound []byte // the page-not-found page; nil when the theme cannot draw it
}

// Handbook is what the frame of every page shows of the handbook (.Site.Config in a
// layout).
type Handbook struct {
	Title        string
	Organisation string
	Language     string
	Contact      *manifest.Contact
}

// NewPages returns the server's pages of a build, drawn with the theme whose files are
// in themeFS (the project's theme as the build saw it).
func NewPages(themeFS fs.FS, h Handbook) *Pages { return &Pages{theme: themeFS, handbook: h} }

// notFoundLayout is the theme's layout of the page-not-found page, layouts/404.html.
const notFoundLayout = "404"

// pageData is what the theme's layouts see of a page the server makes: the names the
// built-in frame reads (see package theme), with nothing of the content's.
type pageData struct {
	Site struct {
		Config     Handbook
		Root       any
		Workplaces []any
	}
	Page struct {
		Kind, Title, Description, URL string
		IsIndex                       bool
		Section                       any
	}
	Root   string // the site root as a path from the host, "/" or "/handbok/"
	Nav    template.HTML
	Crumbs []any
}

// notFoundPage returns the page-not-found page of a site served under prefix, drawn once.
// It reports false when the theme cannot draw it (a theme of one's own without
// layouts/404.html, or one whose frame reads more of the page than pageData has); the
// problem is logged once.
func (p *Pages) notFoundPage(prefix string, log *slog.Logger) ([]byte, bool) {
	p.once.Do(func() {
		th, err := theme.Load(p.theme, p.handbook.Language, []string{notFoundLayout},
			theme.Asset{Name: search.ScriptName, Data: search.Script})
		if err == nil {
			d := &pageData{Root: prefix + "/"}
			d.Site.Config = p.handbook
			d.Page.Kind, d.Page.Title = notFoundLayout, th.Text("not_found_title")
			var b bytes.Buffer
			if err = th.Execute(&b, notFoundLayout, d); err == nil {
				p.notFound = b.Bytes()
			}
		}
		if err != nil {
			log.Warn("the theme cannot draw the page-not-found page; a plain one is served", "err", err)
		}
	})
	return p.notFound, p.notFound != nil
}
