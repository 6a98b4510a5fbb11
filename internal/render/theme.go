package render

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"path"
	"reflect"
	"strings"
	"sync"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/handbok/handbok/internal/site"
	"github.com/handbok/handbok/search"
)

// theme is a loaded theme: one template set per kind of page, the UI text of the
// handbook's language, and the assets with their fingerprinted names.
type theme struct {
	layouts map[site.Kind]*template.Template
	text    map[string]string
	months  []string
	assets  map[string]asset // by name under assets/, "handbok.css"
	cached  partialCache     // partialCached's renderings; a theme lasts one build
	// own names the partials a project's themes/default/ folder changes, and ownLayout
	// the kinds of page whose layout it changes (a layout may define partials), which
	// partialCached renders for every page: the built-in base.html chose its keys for
	// the built-in partials, not for what a project puts in their place.
	own       map[string]bool
	ownLayout map[site.Kind]bool
	// usesNav tells whether a layout or partial names .Nav, the workplace menu.
	usesNav bool
}

// overrider is a theme that says which of its files a project lays over the built-in
// ones (themes.Open's overlay).
type overrider interface{ Overrides(name string) bool }

// partialCache keeps what partialCached rendered, by partial and keys.
type partialCache struct {
	mu   sync.Mutex
	html map[partialKey]template.HTML
}

// partialKey names a partial, the kind of page whose layout rendered it, and up to four
// keys; a key is any comparable value.
type partialKey struct {
	kind site.Kind
	name string
	keys [4]any
}

type asset struct {
	url  string // fingerprinted output path, "assets/handbok.1a2b3c4d5e.css"
	data []byte
}

// layoutFiles names the layout of each kind of page.
var layoutFiles = map[site.Kind]string{
	site.KindPage:      "layouts/page.html",
	site.KindSection:   "layouts/section.html",
	site.KindPolicy:    "layouts/policy.html",
	site.KindChecklist: "layouts/checklist.html",
	site.KindWorkplace: "layouts/workplace.html",
	kindHome:           "layouts/home.html",
	kindSearch:         "layouts/search.html",
	kindOffline:        "layouts/offline.html",
	kindAccessibility:  "layouts/accessibility.html",
}

// Layout keys of pages that are not made from content: the front page is the top
// section's index; the search page is the theme's own.
const (
	kindHome   site.Kind = "home"
	kindSearch site.Kind = "search"
	// The page the service worker shows for a page it has not kept, and the
	// accessibility statement (offline.go).
	kindOffline       site.Kind = "offline"
	kindAccessibility site.Kind = "accessibility"
)

func loadTheme(fsys fs.FS, lang string) (*theme, error) {
	th := &theme{layouts: map[site.Kind]*template.Template{}, assets: map[string]asset{},
		cached: partialCache{html: map[partialKey]template.HTML{}}}
	if err := th.loadText(fsys, lang); err != nil {
		return nil, err
	}
	if err := th.loadAssets(fsys); err != nil {
		return nil, err
	}
	th.addAsset(search.ScriptName, search.Script)
	base := template.New("").Funcs(th.funcs())
	partials, err := fs.Glob(fsys, "layouts/partials/*.html")
	if err != nil {
		return nil, err
	}
	overrides := func(name string) bool {
		o, ok := fsys.(overrider)
		return ok && o.Overrides(name)
	}
	th.own, th.ownLayout = map[string]bool{}, map[site.Kind]bool{}
	for _, name := range append([]string{"layouts/base.html"}, partials...) {
		if err := th.parseFile(base, fsys, name); err != nil {
			return nil, err
		}
		th.own[path.Base(name)] = overrides(name)
	}
	for kind, name := range layoutFiles {
		t, err := base.Clone()
		if err != nil {
			return nil, err
		}
		// A layout may define a partial of its own; partialCached runs the one the
		// calling layout sees.
		t.Funcs(template.FuncMap{"partialCached": th.partialCachedIn(kind)})
		if err := th.parseFile(t, fsys, name); err != nil {
			return nil, err
		}
		th.ownLayout[kind] = overrides(name)
		layout := t.Lookup("base.html")
		// See fold.go: the UI text becomes part of the layouts' text.
		for _, x := range t.Templates() {
			if x.Tree != nil {
				constantText(x.Tree.Root, th.text)
			}
		}
		if escapeAll(layout) {
			for _, x := range t.Templates() {
				if x.Tree != nil {
					foldConstants(x.Tree.Root)
				}
			}
		}
		th.layouts[kind] = layout
	}
	return th, nil
}

func (th *theme) parseFile(t *template.Template, fsys fs.FS, name string) error {
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return fmt.Errorf("theme: %w", err)
	}
	th.usesNav = th.usesNav || bytes.Contains(data, []byte(".Nav"))
	if _, err := t.New(path.Base(name)).Parse(string(data)); err != nil {
		return fmt.Errorf("theme: %s: %w", name, err)
	}
	return nil
}

// CheckLanguage reports an error when the theme has no UI text for the language.
func CheckLanguage(themeFS fs.FS, lang string) error {
	if _, err := fs.Stat(themeFS, "i18n/"+lang+".yaml"); err != nil {
		return fmt.Errorf("language %q: the theme has no UI text for it; use one of %s", lang, strings.Join(themeLanguages(themeFS), ", "))
	}
	return nil
}

func (th *theme) loadText(fsys fs.FS, lang string) error {
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

func themeLanguages(fsys fs.FS) []string {
	names, _ := fs.Glob(fsys, "i18n/*.yaml")
	for i, n := range names {
		names[i] = strings.TrimSuffix(path.Base(n), ".yaml")
	}
	return names
}

// loadAssets reads assets/ and names each CSS and JS file after its content, so that a
// browser may cache it for good and still gets the new one after a change.
func (th *theme) loadAssets(fsys fs.FS) error {
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
func (th *theme) addAsset(name string, data []byte) {
	url := "assets/" + name
	if ext := path.Ext(name); ext == ".css" || ext == ".js" {
		sum := sha256.Sum256(data)
		url = "assets/" + strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:5]) + ext
	}
	th.assets[name] = asset{url: url, data: data}
}

func (th *theme) funcs() template.FuncMap {
	return template.FuncMap{
		"t": func(key string, args ...any) (string, error) {
			s, ok := th.text[key]
			if !ok {
				return "", fmt.Errorf("no UI text %q in the theme's i18n file", key)
			}
			if len(args) > 0 {
				return fmt.Sprintf(s, args...), nil
			}
			return s, nil
		},
		"asset": func(name string) (string, error) {
			a, ok := th.assets[name]
			if !ok {
				return "", fmt.Errorf("no asset %q in the theme", name)
			}
			return a.url, nil
		},
		"date": func(d site.Date) string {
			if d.IsZero() {
				return ""
			}
			return th.formatDate(d.Time)
		},
		"isodate":       func(d site.Date) string { return d.String() },
		"partialCached": th.partialCachedIn(site.KindPage),
		"list":          func(items ...any) []any { return items },
		"base":          path.Base,
		"neg":           func(i int) int { return -i },
		"tel": func(phone string) template.URL {
			return template.URL("tel:" + strings.Map(func(r rune) rune {
				if r >= '0' && r <= '9' || r == '+' {
					return r
				}
				return -1
			}, phone))
		},
	}
}

// formatDate writes a date as the handbook's language does ("19. maí 2015", "19 May 2015").
func (th *theme) formatDate(t time.Time) string {
	return fmt.Sprintf(th.text["date_format"], t.Day(), th.months[t.Month()-1], t.Year())
}

// partialCachedIn returns partialCached for the layout of a kind of page: it renders a
// partial once per build for each list of keys, and gives the same HTML to every page
// of that kind with those keys: for parts of a page, such as the header and footer, that
// are the same on many pages. The keys must name all that the partial shows and that
// differs between pages, such as .Root for its links. A partial the project changes in
// the built-in theme, or any partial of a layout it changes, is rendered for every page
// (see theme.own).
func (th *theme) partialCachedIn(kind site.Kind) func(string, any, ...any) (template.HTML, error) {
	return func(name string, data any, keys ...any) (template.HTML, error) {
		if th.own[name] || th.ownLayout[kind] {
			s, err := th.partialIn(kind, name, data)
			return template.HTML(s), err
		}
		k := partialKey{kind: kind, name: name}
		if len(keys) > len(k.keys) {
			return "", fmt.Errorf("partialCached %q: at most %d keys, not %d", name, len(k.keys), len(keys))
		}
		for i, key := range keys {
			if key != nil && !reflect.ValueOf(key).Comparable() {
				return "", fmt.Errorf("partialCached %q: key %d is a %T, which cannot be compared; use a string, number or page", name, i+1, key)
			}
			k.keys[i] = key
		}
		c := &th.cached
		c.mu.Lock()
		html, ok := c.html[k]
		c.mu.Unlock()
		if ok {
			return html, nil
		}
		s, err := th.partialIn(kind, name, data)
		if err != nil {
			return "", err
		}
		c.mu.Lock()
		c.html[k] = template.HTML(s)
		c.mu.Unlock()
		return template.HTML(s), nil
	}
}

// partialIn renders a partial as the layout of a kind of page sees it.
func (th *theme) partialIn(kind site.Kind, name string, data any) (string, error) {
	var b strings.Builder
	if err := th.layouts[kind].ExecuteTemplate(&b, name, data); err != nil {
		return "", err
	}
	return b.String(), nil
}

// execute renders a page with its layout.
func (th *theme) execute(kind site.Kind, data *pageData, w io.Writer) error {
	return th.layouts[kind].Execute(w, data)
}
