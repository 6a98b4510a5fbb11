package render

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/handbok/handbok/internal/site"
	"github.com/handbok/handbok/themes"
)

// The built-in theme's keys cover all that its cached partials show: the example
// handbook comes out the same, byte for byte, with each of them rendered for every page.
func TestCachedPartsAsUncached(t *testing.T) {
	cached := exampleFS(t)
	uncached := cloneFS(cached)
	call := regexp.MustCompile(`partialCached ("[^"]+") \.[^}]*`)
	for _, name := range []string{"layouts/base.html", "layouts/partials/breadcrumbs.html"} {
		data, err := fs.ReadFile(themes.Default(), name)
		if err != nil {
			t.Fatal(err)
		}
		if !call.Match(data) {
			t.Fatalf("%s has no partialCached call left to compare", name)
		}
		uncached["themes/default/"+name] = &fstest.MapFile{Data: call.ReplaceAll(data, []byte(`template $1 .`))}
	}
	a, _ := build(t, cached)
	b, _ := build(t, uncached)
	if len(a.files) != len(b.files) {
		t.Fatalf("%d files cached, %d uncached", len(a.files), len(b.files))
	}
	for name, data := range a.files {
		if !bytes.Equal(data, b.files[name]) {
			t.Errorf("%s differs when its cached parts are rendered for it alone", name)
		}
	}
}

// A partial the project lays over the built-in theme may show the page itself: the
// built-in base.html's keys were not chosen for it, so it is rendered for every page.
// A layout that defines a partial of its own gets its own.
func TestProjectPartialsNotShared(t *testing.T) {
	fsys := cloneFS(smallSite)
	fsys["themes/default/layouts/partials/footer.html"] = &fstest.MapFile{Data: []byte(`<footer>{{.Page.Title}}</footer>`)}
	out, _ := build(t, fsys)
	for page, title := range map[string]string{"stefnur/thjonusta.html": "Þjónustustefna", "laug/mottaka.html": "Móttaka"} {
		if html := string(out.files[page]); !strings.Contains(html, "<footer>"+title+"</footer>") {
			t.Errorf("%s: no footer with its own title %q", page, title)
		}
	}

	// In a theme of one's own, where partialCached caches as asked, a layout that
	// defines a partial of its own gets its own.
	fsys = customTheme(t, cloneFS(smallSite), map[string]func(string) string{
		"layouts/policy.html": func(s string) string {
			return s + `{{define "footer.html"}}<footer>Stefnufótur</footer>{{end}}`
		},
	})
	out, _ = build(t, fsys)
	if !strings.Contains(string(out.files["stefnur/thjonusta.html"]), "Stefnufótur") {
		t.Error("the policy layout's own footer is not on the policy")
	}
	if strings.Contains(string(out.files["laug/mottaka.html"]), "Stefnufótur") {
		t.Error("the policy layout's own footer is on the checklist")
	}

	// A layout the project changes in the built-in theme may define partials that show
	// the page: its pages get every partial rendered for them.
	fsys = cloneFS(smallSite)
	fsys["content/stefnur/onnur.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Önnur stefna\nkind: policy\n---\nTexti.\n")}
	policy, err := fs.ReadFile(themes.Default(), "layouts/policy.html")
	if err != nil {
		t.Fatal(err)
	}
	fsys["themes/default/layouts/policy.html"] = &fstest.MapFile{
		Data: append(policy, `{{define "footer.html"}}<footer>{{.Page.Title}}</footer>{{end}}`...)}
	out, _ = build(t, fsys)
	for page, title := range map[string]string{"stefnur/thjonusta.html": "Þjónustustefna", "stefnur/onnur.html": "Önnur stefna"} {
		if html := string(out.files[page]); !strings.Contains(html, "<footer>"+title+"</footer>") {
			t.Errorf("%s: no footer with its own title %q", page, title)
		}
	}
}

// The menu goes in where .Nav stands, also inside a partial that partialCached shares
// between pages, with each page's own link marked; no mark is left, and none can be
// forged from a page's text, with raw HTML on or off. Without workplaces, .Nav is empty.
func TestNavMark(t *testing.T) {
	fsys := customTheme(t, cloneFS(smallSite), map[string]func(string) string{
		"layouts/base.html": func(s string) string {
			return strings.Replace(s, "{{.Nav}}", `{{partialCached "side.html" . .Root}}`, 1)
		},
	})
	fsys["themes/mine/layouts/partials/side.html"] = &fstest.MapFile{Data: []byte(`<div class="side">{{.Nav}}</div>`)}
	fsys["content/laug/reglur.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Reglur\n---\nTexti \x00handbok-nav\x00 hér.\n\n<p>\x00handbok-nav\x00</p>\n")}
	for _, raw := range []bool{false, true} {
		if raw {
			fsys["handbok.yaml"] = &fstest.MapFile{Data: []byte("title: Handbók\ntheme: mine\nmarkdown: {raw_html: true}\n")}
		}
		out, _ := build(t, fsys)
		for page, current := range map[string]string{"laug/mottaka.html": "Móttaka", "laug/reglur.html": "Reglur"} {
			html := string(out.files[page])
			if strings.Contains(html, "\x00") {
				t.Errorf("raw HTML %v: %s has a NUL", raw, page)
			}
			if n := strings.Count(html, `<nav class="workplaces"`); n != 1 {
				t.Errorf("raw HTML %v: %s has %d menus, want 1", raw, page, n)
			}
			if !strings.Contains(html, `aria-current="page">`+current+`</a></li>`) {
				t.Errorf("raw HTML %v: %s's menu does not mark %q as the current page", raw, page, current)
			}
		}
	}

	fsys = customTheme(t, fstest.MapFS{
		"handbok.yaml":      {Data: []byte("title: Handbók\ntheme: mine\n")},
		"content/_index.md": {Data: []byte("Velkomin.\n")},
	}, map[string]func(string) string{
		"layouts/base.html": func(s string) string {
			return strings.Replace(s, "{{.Nav}}", `{{with .Nav}}<div class="side">{{.}}</div>{{end}}`, 1)
		},
	})
	out, _ := build(t, fsys)
	if html := string(out.files["index.html"]); strings.Contains(html, `class="side"`) {
		t.Error("a handbook without workplaces has a menu")
	}

	// Menus are rendered ahead of the pages; one that a page does not show may fail.
	fsys = customTheme(t, cloneFS(smallSite), map[string]func(string) string{
		"layouts/partials/nav.html": func(string) string { return `<nav class="mine">{{.Page.Workplace.Title}}</nav>` },
		"layouts/base.html": func(s string) string {
			return strings.Replace(s, "{{.Nav}}", `{{if .Page.Workplace}}{{.Nav}}{{end}}`, 1)
		},
	})
	out, _ = build(t, fsys)
	if html := string(out.files["laug/mottaka.html"]); !strings.Contains(html, `<nav class="mine">Sundlaug</nav>`) {
		t.Error("a workplace page lacks the theme's menu")
	}

	// A menu that shows itself is an error, not a build that never ends.
	fsys = customTheme(t, cloneFS(smallSite), map[string]func(string) string{
		"layouts/partials/nav.html": func(s string) string { return s + "{{.Nav}}" },
	})
	s, _ := site.Load(fsys, "test")
	th, err := themes.Open(fsys, s.Config.Theme)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := Render(context.Background(), s, fsys, th, &memory{}); err == nil || !strings.Contains(err.Error(), "nav.html must not use .Nav") {
		t.Errorf("nav.html with .Nav: %v", err)
	}
}

// customTheme adds the built-in theme to fsys as themes/mine, with some files changed,
// and points handbok.yaml at it unless it names a theme already.
func customTheme(t *testing.T, fsys fstest.MapFS, change map[string]func(string) string) fstest.MapFS {
	t.Helper()
	err := fs.WalkDir(themes.Default(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(themes.Default(), p)
		if err != nil {
			return err
		}
		if f := change[p]; f != nil {
			data = []byte(f(string(data)))
		}
		fsys["themes/mine/"+p] = &fstest.MapFile{Data: data}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if cfg := string(fsys["handbok.yaml"].Data); !strings.Contains(cfg, "theme:") {
		fsys["handbok.yaml"] = &fstest.MapFile{Data: []byte(cfg + "theme: mine\n")}
	}
	return fsys
}

// exampleFS is the example handbook of the repository, handbok.yaml and content/.
func exampleFS(t *testing.T) fstest.MapFS {
	t.Helper()
	root := os.DirFS("../..")
	fsys := fstest.MapFS{}
	err := fs.WalkDir(root, "content", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(root, p)
		fsys[p] = &fstest.MapFile{Data: data}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := fs.ReadFile(root, "handbok.yaml")
	if err != nil {
		t.Fatal(err)
	}
	fsys["handbok.yaml"] = &fstest.MapFile{Data: cfg}
	return fsys
}
