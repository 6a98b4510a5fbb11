package server

import (
	"bytes"
	"encoding/json"
	"html/template"
	"io/fs"
	"log/slog"

	"github.com/handbok/handbok/internal/manifest"
	"github.com/handbok/handbok/internal/theme"
	"github.com/handbok/handbok/search"
	"github.com/handbok/handbok/themes"
)

// Pages are the pages the server makes itself, such as "page not found", drawn with the
// handbook's theme so that they look like the rest of the handbook, for one build.
type Pages struct {
	notFound []byte // the page-not-found page; nil when the theme cannot draw it
	reload   []byte // the live-reload overlay's UI text, a JSON object (see overlayText)
	// records draws the records' pages (see recordLayouts) in the frame of base; nil
	// when neither the theme nor the built-in one can.
	records *theme.Theme
	base    pageData
}

// Handbook is what the frame of every page shows of the handbook (.Site.Config in a
// layout).
type Handbook struct {
	Title        string
	Organisation string
	Language     string
	Contact      *manifest.Contact
}

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
	// Description is for search engines, which have no use for a page that is not there.
	Description string
	// Records is what a page of the records shows (see recordpages.go).
	Records any
}

// NewPages draws the server's pages of a build with the theme whose files are in
// themeFS, for a site served under prefix (see Server.Prefix). A page the theme cannot
// draw (a theme of one's own without layouts/404.html, or one whose frame reads more of
// the page than the server has) is served plain, and the problem is logged.
func NewPages(themeFS fs.FS, h Handbook, prefix string, log *slog.Logger) *Pages {
	th, err := theme.Load(themeFS, h.Language, []string{notFoundLayout}, search.ThemeAssets())
	p := &Pages{reload: overlayText(th, h.Language)}
	if err == nil {
		d := &pageData{Root: prefix + "/"}
		d.Site.Config = h
		d.Page.Kind, d.Page.Title = notFoundLayout, th.Text("not_found_title")
		var b bytes.Buffer
		if err = th.Execute(&b, notFoundLayout, d); err == nil {
			p.notFound = b.Bytes()
		}
	}
	if err != nil {
		log.Warn("the theme cannot draw the page-not-found page; a plain one is served", "err", err)
	}
	p.base.Root = prefix + "/"
	p.base.Site.Config = h
	p.records = recordsTheme(themeFS, h.Language, log)
	return p
}

// overlayKeys are the UI text of the live-reload overlay, by the names reload.js uses.
var overlayKeys = map[string]string{"title": "reload_failed_title", "text": "reload_failed_text", "close": "reload_close"}

// overlayText returns the live-reload overlay's UI text from th (nil when the theme
// cannot be loaded) as a JSON object. What th lacks (a theme of one's own from before
// the overlay had words of its own, or a language the theme has no text for, the very
// error the overlay shows) comes from the built-in theme, in lang or else in Icelandic,
// the handbook's first language.
func overlayText(th *theme.Theme, lang string) []byte {
	text := map[string]string{}
	var builtIn *theme.Theme
	for name, key := range overlayKeys {
		if th != nil {
			text[name] = th.Text(key)
		}
		if text[name] != "" {
			continue
		}
		if builtIn == nil {
			if err := theme.CheckLanguage(themes.Default(), lang); err != nil {
				lang = "is"
			}
			builtIn, _ = theme.Load(themes.Default(), lang, nil, nil)
		}
		if builtIn != nil {
			text[name] = builtIn.Text(key)
		}
	}
	data, _ := json.Marshal(text)
	return data
}
