package theme

import (
	"bytes"
	"html/template"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/handbok/handbok/themes"
)

// page is data for a test layout, with the names the built-in theme's base.html reads.
type page struct {
	Site struct {
		Config struct {
			Title, Organisation, Language string
			Contact                       *struct{ Name, Email, Phone string }
		}
		Root any
	}
	Page struct {
		Kind, Title, Description string
		IsIndex                  bool
	}
	Root        string
	Nav         template.HTML
	Crumbs      []any
	Description string
}

func load(t *testing.T, project fstest.MapFS, layouts ...string) *Theme {
	t.Helper()
	fsys, err := themes.Open(project, "default")
	if err != nil {
		t.Fatal(err)
	}
	// The built-in head.html links the search script, which the renderer adds.
	th, err := Load(fsys, "is", layouts, map[string][]byte{"handbok-search.js": []byte("//")})
	if err != nil {
		t.Fatal(err)
	}
	return th
}

// partialCached renders a partial once for each set of keys: a second page with the
// same keys gets the first page's HTML, a page with other keys its own.
func TestPartialCached(t *testing.T) {
	th := load(t, fstest.MapFS{"themes/default/layouts/partials/who.html": {Data: []byte(`{{.Page.Title}} at {{.Root}}`)}}, "page")
	th.own["who.html"] = false // as if it were the built-in theme's: cached
	cached := th.partialCachedIn("page")
	call := func(title, root string, keys ...any) template.HTML {
		t.Helper()
		d := &page{Root: root}
		d.Page.Title = title
		html, err := cached("who.html", d, keys...)
		if err != nil {
			t.Fatal(err)
		}
		return html
	}
	if got := call("A", "../", "../"); got != "A at ../" {
		t.Fatalf("first rendering: %q", got)
	}
	if got := call("B", "../", "../"); got != "A at ../" {
		t.Errorf("same keys: got %q, want the first page's HTML", got)
	}
	if got := call("C", "", ""); got != "C at " {
		t.Errorf("other keys: got %q", got)
	}
	if got := call("D", "", "", "policy"); got != "D at " {
		t.Errorf("more keys: got %q", got)
	}
	if _, err := cached("who.html", &page{}, []string{"x"}); err == nil ||
		!strings.Contains(err.Error(), "cannot be compared") {
		t.Errorf("a slice as key: got %v, want an error saying it cannot be compared", err)
	}
	if _, err := cached("who.html", &page{}, 1, 2, 3, 4, 5); err == nil ||
		!strings.Contains(err.Error(), "at most 4 keys") {
		t.Errorf("five keys: got %v", err)
	}
}

// A page that is not made from content, drawn with the built-in theme from data of
// the caller's own type: it has the handbook's frame, links from the root it is given,
// and the UI text folded in.
func TestExecuteOwnData(t *testing.T) {
	th := load(t, fstest.MapFS{"themes/default/layouts/mine.html": {Data: []byte(
		`{{define "main"}}<h1>{{.Page.Title}}</h1><p>{{t "home"}}</p><p>{{date .When}} {{isodate .When}}</p>{{end}}`)}}, "mine")
	var d struct {
		page
		When time.Time
	}
	d.Site.Config.Title, d.Site.Config.Organisation, d.Site.Config.Language = "Handbók <&>", "Bær", "is"
	d.Page.Kind, d.Page.Title = "mine", "Síða"
	d.Root = "/handbok/"
	d.When = time.Date(2015, time.May, 19, 0, 0, 0, 0, time.UTC)
	var b bytes.Buffer
	if err := th.Execute(&b, "mine", &d); err != nil {
		t.Fatal(err)
	}
	css, _ := th.Asset("handbok.css")
	html := b.String()
	for _, want := range []string{
		`<html lang="is">`, `<title>Síða · Handbók &lt;&amp;&gt;</title>`, `<body class="kind-mine">`,
		`<link rel="stylesheet" href="/handbok/` + css.URL + `">`, `<a class="site-title" href="/handbok/index.html">`,
		`<h1>Síða</h1>`, `<p>Forsíða</p>`, `<p>19. maí 2015 2015-05-19</p>`, `href="/handbok/accessibility.html"`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("page lacks %q:\n%s", want, html)
		}
	}
	if err := th.Execute(&b, "page", &d); err == nil {
		t.Error("a layout that was not loaded ran")
	}
}

// Assets are fingerprinted by content; those Load adds are among them, and Assets
// lists them all by name.
func TestAssets(t *testing.T) {
	fsys, err := themes.Open(fstest.MapFS{}, "default")
	if err != nil {
		t.Fatal(err)
	}
	a, err := Load(fsys, "is", nil, map[string][]byte{"x.js": []byte("1")})
	if err != nil {
		t.Fatal(err)
	}
	b, err := Load(fsys, "is", nil, map[string][]byte{"x.js": []byte("2")})
	if err != nil {
		t.Fatal(err)
	}
	x1, _ := a.Asset("x.js")
	x2, _ := b.Asset("x.js")
	if !strings.HasPrefix(x1.URL, "assets/x.") || x1.URL == x2.URL {
		t.Errorf("x.js is at %s and, changed, at %s", x1.URL, x2.URL)
	}
	var names []string
	for _, as := range a.Assets() {
		names = append(names, as.Name)
	}
	files, _ := fs.Glob(fsys, "assets/*")
	if len(names) != len(files)+1 || !strings.Contains(strings.Join(names, " "), "x.js") {
		t.Errorf("assets %v; the theme has %v and x.js", names, files)
	}
	if png, _ := a.Asset("icon-192.png"); png.URL != "assets/icon-192.png" {
		t.Errorf("an image is at %s, want its own name", png.URL)
	}
}

// TestOverdueSaidOneWay: every records page says that something is overdue in the same
// words, in Icelandic "Fram yfir frest" and in English "Overdue", never another phrase
// for the same state.
func TestOverdueSaidOneWay(t *testing.T) {
	keys := []string{"tick_overdue", "next_steps_overdue", "onboarding_late", "onboarding_overdue_count", "matrix_overdue", "cell_overdue", "mine_overdue"}
	for lang, word := range map[string]string{"is": "Fram yfir frest", "en": "Overdue"} {
		th, err := Load(themes.Default(), lang, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, key := range keys {
			if text := th.Text(key); text != word && !strings.HasPrefix(text, word+":") {
				t.Errorf("%s %s = %q, want %q (or it and a colon)", lang, key, text, word)
			}
		}
	}
	is, err := fs.ReadFile(themes.Default(), "i18n/is.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, other := range []string{"fram yfir tíma", "frestur liðinn"} {
		if strings.Contains(strings.ToLower(string(is)), other) {
			t.Errorf("is.yaml says %q for what is overdue, besides \"Fram yfir frest\"", other)
		}
	}
}
