// Package theme runs a handbook theme: its html/template layouts and partials, its UI
// text in the handbook's language, and its assets with fingerprinted names. The renderer
// draws the handbook's pages with it, and the server draws its own pages (such as "page
// not found") with the same layouts, so that they look like the rest of the handbook.
// It knows nothing of Markdown, search or the site model: a layout gets whatever data
// its caller passes.
//
// # Layouts
//
// A theme's layouts/NAME.html defines the "main" block of one kind of page, inside
// layouts/base.html; layouts/partials/*.html are shared by all. The built-in theme's
// base.html and partials read these names of their data, so any data a caller passes
// to a layout has them:
//
//   - .Site.Config: Title, Organisation, Language and Contact (Name, Email, Phone);
//     .Site.Root, .Site.Workplaces
//   - .Page: Kind, Title, Description, IsIndex, Section, URL
//   - .Root, the way from the page to the site root ("../", or "/handbok/" for a page
//     the server makes at any path); .Nav, the workplace menu; .Crumbs, the pages above
//     this one; .Description, what the page is about, for search engines
//
// # Functions
//
// Layouts may call: t (the UI text of a key, formatted with the arguments, if any),
// asset (an asset's fingerprinted path), date and isodate (a date as the language writes
// it, and as YYYY-MM-DD), months (the month names, comma-separated, for scripts),
// partialCached (a partial rendered once for each set of keys), list, base, neg and tel.
package theme

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"path"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Theme is a loaded theme: one template set per layout, the UI text of the handbook's
// language, and the assets with their fingerprinted names. A Theme may be used from many
// goroutines; what partialCached renders is kept as long as the Theme.
type Theme struct {
	layouts map[string]*template.Template
	text    map[string]string
	months  []string
	assets  map[string]Asset // by name under assets/, "handbok.css"
	cached  partialCache
	// own names the partials a project's themes/default/ folder changes, and ownLayout
	// the layouts it changes (a layout may define partials), which partialCached
	// renders for every page: the built-in base.html chose its keys for the built-in
	// partials, not for what a project puts in their place.
	own       map[string]bool
	ownLayout map[string]bool
	sources   [][]byte // of base.html, the partials and the layouts, for Mentions
}

// Asset is a file of the theme's assets/ folder, or one Load added to it.
type Asset struct {
	Name string // its name under assets/, "handbok.css"
	URL  string // its path in the site, fingerprinted for CSS and scripts: "assets/handbok.1a2b3c4d5e.css"
	Data []byte
}

// overrider is a theme that says which of its files a project lays over the built-in
// ones (themes.Open's overlay).
type overrider interface{ Overrides(name string) bool }

// Load loads the theme in fsys for the language lang: base.html, the partials, and
// layouts/NAME.html for each of the named layouts. extra are files, by name, added to
// the theme's assets as if they were in its assets/ folder (search.ThemeAssets: the
// search script, which the built-in head.html links).
func Load(fsys fs.FS, lang string, layouts []string, extra map[string][]byte) (*Theme, error) {
	th := &Theme{layouts: map[string]*template.Template{}, assets: map[string]Asset{},
		cached: partialCache{html: map[partialKey]template.HTML{}}}
	if err := th.loadText(fsys, lang); err != nil {
		return nil, err
	}
	if err := th.loadAssets(fsys); err != nil {
		return nil, err
	}
	for name, data := range extra {
		th.addAsset(name, data)
	}
	base := template.New("").Funcs(th.funcs())
	partials, err := fs.Glob(fsys, "layouts/partials/*.html")
	if err != nil {
		return nil, err
	}
	overrides := func(name string) bool {
		o, ok := fsys.(overrider)
		return ok && o.Overrides(name)
	}
	th.own, th.ownLayout = map[string]bool{}, map[string]bool{}
	for _, name := range append([]string{"layouts/base.html"}, partials...) {
		if err := th.parseFile(base, fsys, name); err != nil {
			return nil, err
		}
		th.own[path.Base(name)] = overrides(name)
	}
	for _, layout := range layouts {
		name := "layouts/" + layout + ".html"
		t, err := base.Clone()
		if err != nil {
			return nil, err
		}
		// A layout may define a partial of its own; partialCached runs the one the
		// calling layout sees.
		t.Funcs(template.FuncMap{"partialCached": th.partialCachedIn(layout)})
		if err := th.parseFile(t, fsys, name); err != nil {
			return nil, err
		}
		th.ownLayout[layout] = overrides(name)
		th.layouts[layout] = fold(t, th.text)
	}
	return th, nil
}

// fold makes the UI text part of the layout set's text (see fold.go) and returns the
// set's base.html.
func fold(t *template.Template, text map[string]string) *template.Template {
	for _, x := range t.Templates() {
		if x.Tree != nil {
			constantText(x.Tree.Root, text)
		}
	}
	if escapeAll(t.Lookup("base.html")) {
		for _, x := range t.Templates() {
			if x.Tree != nil {
				foldConstants(x.Tree.Root)
			}
		}
	}
	return t.Lookup("base.html")
}

func (th *Theme) parseFile(t *template.Template, fsys fs.FS, name string) error {
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return fmt.Errorf("theme: %w", err)
	}
	th.sources = append(th.sources, data)
	if _, err := t.New(path.Base(name)).Parse(string(data)); err != nil {
		return fmt.Errorf("theme: %s: %w", name, err)
	}
	return nil
}

// Mentions reports whether the text s, such as ".Nav", is written in base.html, a
// partial or a loaded layout: a caller may skip preparing what no layout shows.
func (th *Theme) Mentions(s string) bool {
	return slices.ContainsFunc(th.sources, func(src []byte) bool { return bytes.Contains(src, []byte(s)) })
}

// CheckLanguage reports an error when the theme in fsys has no UI text for lang.
func CheckLanguage(fsys fs.FS, lang string) error {
	if _, err := fs.Stat(fsys, "i18n/"+lang+".yaml"); err != nil {
		return fmt.Errorf("language %q: the theme has no UI text for it; use one of %s", lang, strings.Join(languages(fsys), ", "))
	}
	return nil
}

func (th *Theme) loadText(fsys fs.FS, lang string) error {
	if err := CheckLanguage(fsys, lang); err != nil {
		return err
	}
	name := "i18n/" + lang + ".yaml"
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return fmt.Errorf("theme: %w", err)
	}
	var text struct {
		Months []string          `yaml:"months"`
		Text   map[string]string `yaml:"text"`
	}
	if err := yaml.Unmarshal(data, &text); err != nil {
		return fmt.Errorf("theme: %s: %w", name, err)
	}
	if len(text.Months) != 12 {
		return fmt.Errorf("theme: %s: months must list the 12 month names", name)
	}
	th.text, th.months = text.Text, text.Months
	return nil
}

func languages(fsys fs.FS) []string {
	names, _ := fs.Glob(fsys, "i18n/*.yaml")
	for i, n := range names {
		names[i] = strings.TrimSuffix(path.Base(n), ".yaml")
	}
	return names
}

// Text returns the UI text of key in the theme's language, or "" when it has none.
func (th *Theme) Text(key string) string { return th.text[key] }

// loadAssets reads assets/ and names each CSS and JS file after its content, so that a
// browser may cache it for good and still gets the new one after a change.
func (th *Theme) loadAssets(fsys fs.FS) error {
	return fs.WalkDir(fsys, "assets", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		th.addAsset(strings.TrimPrefix(p, "assets/"), data)
		return nil
	})
}

// addAsset adds a file to assets/, its name fingerprinted when it is CSS or a script.
func (th *Theme) addAsset(name string, data []byte) {
	url := "assets/" + name
	if ext := path.Ext(name); ext == ".css" || ext == ".js" {
		sum := sha256.Sum256(data)
		url = "assets/" + strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:5]) + ext
	}
	th.assets[name] = Asset{Name: name, URL: url, Data: data}
}

// Asset returns the asset of the given name under assets/.
func (th *Theme) Asset(name string) (Asset, bool) {
	a, ok := th.assets[name]
	return a, ok
}

// Assets returns every asset, by name.
func (th *Theme) Assets() []Asset {
	out := make([]Asset, 0, len(th.assets))
	for _, a := range th.assets {
		out = append(out, a)
	}
	slices.SortFunc(out, func(a, b Asset) int { return strings.Compare(a.Name, b.Name) })
	return out
}

// Execute renders a page with a layout into w.
func (th *Theme) Execute(w io.Writer, layout string, data any) error {
	t := th.layouts[layout]
	if t == nil {
		return fmt.Errorf("theme: no layout %q loaded", layout)
	}
	return t.Execute(w, data)
}

// Partial renders a partial (or any template) as a layout sees it.
func (th *Theme) Partial(layout, name string, data any) (string, error) {
	t := th.layouts[layout]
	if t == nil {
		return "", fmt.Errorf("theme: no layout %q loaded", layout)
	}
	var b strings.Builder
	if err := t.ExecuteTemplate(&b, name, data); err != nil {
		return "", err
	}
	return b.String(), nil
}
