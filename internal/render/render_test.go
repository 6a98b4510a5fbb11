package render

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"go.yaml.in/yaml/v3"

	"github.com/handbok/handbok/internal/manifest"
	"github.com/handbok/handbok/internal/site"
	"github.com/handbok/handbok/themes"
)

// memory is an Output that keeps the files.
type memory struct {
	mu    sync.Mutex
	files map[string][]byte
}

func (m *memory) WriteFile(name string, data []byte) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.files == nil {
		m.files = map[string][]byte{}
	}
	if _, dup := m.files[name]; dup {
		return errors.New("written twice: " + name)
	}
	m.files[name] = bytes.Clone(data)
	return nil
}

func build(t *testing.T, fsys fstest.MapFS) (*memory, site.Diagnostics) {
	t.Helper()
	s, diags := site.Load(fsys, "test")
	if diags.Count(site.Error) > 0 {
		t.Fatalf("load: %v", diags)
	}
	th, err := themes.Open(fsys, s.Config.Theme)
	if err != nil {
		t.Fatal(err)
	}
	out := &memory{}
	_, warnings, err := Render(context.Background(), s, fsys, th, out)
	if err != nil {
		t.Fatal(err)
	}
	return out, warnings
}

var smallSite = fstest.MapFS{
	"handbok.yaml":      {Data: []byte("title: Handbók\norganisation: Bær\n")},
	"content/_index.md": {Data: []byte("Velkomin.\n")},
	"content/stefnur/thjonusta.md": {Data: []byte(`---
title: Þjónustustefna
kind: policy
id: thjonustustefna
owner: {name: Jón, email: jon@example.is}
approved:
  - {body: Byggðaráð, meeting: 734, date: 2015-05-06}
effective: 2015-05-19
review: 2027-05-19
version: 3
acknowledge: true
---
Texti.
`)},
	"content/laug/_index.md": {Data: []byte("---\ntitle: Sundlaug\nkind: workplace\nslug: laug\n---\n")},
	"content/laug/mottaka.md": {Data: []byte(`---
title: Móttaka
kind: checklist
items:
  - {id: lesa, task: Lesa stefnu, policy: thjonustustefna, due: 3}
  - {id: lyklar, task: Lyklar, owner: supervisor}
---
`)},
	"content/laug/mynd.png": {Data: []byte("\x89PNG")},
}

func TestManifest(t *testing.T) {
	out, _ := build(t, smallSite)
	var m manifest.Manifest
	if err := json.Unmarshal(out.files[manifest.File], &m); err != nil {
		t.Fatal(err)
	}
	if len(m.Policies) != 1 || len(m.Checklists) != 1 || len(m.Workplaces) != 1 {
		t.Fatalf("manifest: %+v", m)
	}
	p := m.Policies[0]
	if p.ID != "thjonustustefna" || p.URL != "stefnur/thjonusta.html" || p.Version != 3 || !p.Acknowledge ||
		p.Workplace != "" || len(p.Revision) != 16 || p.Effective.String() != "2015-05-19" || p.Approved[0].Meeting != 734 {
		t.Errorf("policy: %+v", p)
	}
	c := m.Checklists[0]
	if c.ID != "laug/mottaka" || c.Workplace != "laug" || len(c.Items) != 2 || c.Items[1].Owner != "supervisor" || c.Items[0].Owner != "employee" {
		t.Errorf("checklist: %+v", c)
	}
	if w := m.Workplaces[0]; w.Slug != "laug" || w.URL != "laug/index.html" || w.Title != "Sundlaug" {
		t.Errorf("workplace: %+v", w)
	}
	// The other pages, each with its workplace; the pool's front page among them.
	var pages []string
	for _, pg := range m.Pages {
		pages = append(pages, pg.URL+" "+pg.Workplace+" "+pg.Title)
	}
	if !slices.Contains(pages, "laug/index.html laug Sundlaug") || slices.ContainsFunc(pages, func(s string) bool {
		return strings.HasPrefix(s, p.URL) || strings.HasPrefix(s, c.URL)
	}) || m.Suggestions.StaleDays != 14 {
		t.Errorf("pages %q, suggestions %+v", pages, m.Suggestions)
	}
	// URLs in the manifest name files that were written.
	for _, u := range []string{p.URL, c.URL, m.Workplaces[0].URL} {
		if out.files[u] == nil {
			t.Errorf("manifest URL %s was not written", u)
		}
	}
}

// TestRevisionFollowsText: a change of text gives a new revision, the same text the same.
func TestRevisionFollowsText(t *testing.T) {
	revision := func(fsys fstest.MapFS) string {
		out, _ := build(t, fsys)
		var m manifest.Manifest
		if err := json.Unmarshal(out.files[manifest.File], &m); err != nil {
			t.Fatal(err)
		}
		return m.Policies[0].Revision
	}
	edited := cloneFS(smallSite)
	edited["content/stefnur/thjonusta.md"] = &fstest.MapFile{Data: []byte(strings.Replace(
		string(smallSite["content/stefnur/thjonusta.md"].Data), "Texti.", "Nýr texti.", 1))}
	a, b, again := revision(smallSite), revision(edited), revision(smallSite)
	if a == b || a != again {
		t.Errorf("revisions: original %s, edited %s, original again %s", a, b, again)
	}
}

func cloneFS(fsys fstest.MapFS) fstest.MapFS {
	out := fstest.MapFS{}
	for k, v := range fsys {
		out[k] = v
	}
	return out
}

var (
	attrURL = regexp.MustCompile(`(?:href|src)="([^"]*)"`)
)

// TestOutputLinksWorkFromDisk: no link or asset in any page is site-absolute, names a
// folder, or loads something from another host (no CDNs, fonts or trackers). The one
// exception is the header's link for browsers without a script to the records server's
// Mínar stefnur, which a copy on disk does not have: it is only in a noscript element,
// and leads into _handbok/.
func TestOutputLinksWorkFromDisk(t *testing.T) {
	out, _ := build(t, smallSite)
	noscript := regexp.MustCompile(`<noscript><p class="site-account"><a href="(\.\./)*_handbok/my-policies">[^<]*</a></p></noscript>`)
	for name, data := range out.files {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		for _, m := range attrURL.FindAllStringSubmatch(noscript.ReplaceAllString(string(data), ""), -1) {
			u := m[1]
			switch {
			case strings.HasPrefix(u, "/"):
				t.Errorf("%s: site-absolute link %q", name, u)
			case strings.HasSuffix(u, "/") || u == "" || u == ".." || u == ".":
				t.Errorf("%s: link to a folder %q", name, u)
			case strings.HasPrefix(u, "mailto:") || strings.HasPrefix(u, "tel:") || strings.HasPrefix(u, "#"):
			case strings.Contains(u, "://"):
				t.Errorf("%s: link or asset from another host %q", name, u)
			default:
				target := filepath.ToSlash(filepath.Join(filepath.Dir(name), strings.SplitN(u, "#", 2)[0]))
				target = strings.SplitN(target, "?", 2)[0]
				if out.files[target] == nil {
					t.Errorf("%s: %q leads to %s, which was not written", name, u, target)
				}
			}
		}
		if regexp.MustCompile(`<link[^>]+href="https?:|<script[^>]+src="https?:`).Match(data) {
			t.Errorf("%s loads something from another host", name)
		}
	}
}

func TestRawHTMLOnlyWhenAllowed(t *testing.T) {
	page := []byte("Texti <b class=\"x\">feitur</b>.\n\n<script>alert(1)</script>\n")
	fsys := fstest.MapFS{"content/a.md": {Data: page}}
	out, warnings := build(t, fsys)
	if strings.Contains(string(out.files["a.html"]), "<script>alert") || strings.Contains(string(out.files["a.html"]), `<b class="x">`) {
		t.Error("raw HTML was rendered although handbok.yaml does not allow it")
	}
	if len(warnings) != 2 {
		t.Errorf("want a warning for each opening tag left out, got %v", warnings)
	}
	fsys["handbok.yaml"] = &fstest.MapFile{Data: []byte("markdown: {raw_html: true}\n")}
	out, warnings = build(t, fsys)
	if !strings.Contains(string(out.files["a.html"]), `<b class="x">feitur</b>`) || len(warnings) != 0 {
		t.Errorf("with raw_html: true the HTML should pass through without warnings; warnings: %v", warnings)
	}
}

// TestLanguage: the theme's UI text and dates follow the handbook's language.
func TestLanguage(t *testing.T) {
	is, _ := build(t, smallSite)
	en := cloneFS(smallSite)
	en["handbok.yaml"] = &fstest.MapFile{Data: []byte("title: Handbook\nlanguage: en\n")}
	enOut, _ := build(t, en)
	for _, c := range []struct {
		out  *memory
		want []string
	}{
		{is, []string{`<html lang="is">`, "Útgáfa", "19. maí 2015", "Fara beint í efni", "734. fundur"}},
		{enOut, []string{`<html lang="en">`, "Version", "19 May 2015", "Skip to content", "meeting 734"}},
	} {
		html := string(c.out.files["stefnur/thjonusta.html"])
		for _, w := range c.want {
			if !strings.Contains(html, w) {
				t.Errorf("policy page lacks %q", w)
			}
		}
	}
}

// TestLanguageUnknown: a language the theme has no text for is an error naming the ones it has.
func TestLanguageUnknown(t *testing.T) {
	fsys := fstest.MapFS{"handbok.yaml": {Data: []byte("language: de\n")}, "content/a.md": {Data: []byte("# A\n")}}
	s, _ := site.Load(fsys, "x")
	_, _, err := Render(context.Background(), s, fsys, themes.Default(), &memory{})
	if err == nil || !strings.Contains(err.Error(), `language "de"`) || !strings.Contains(err.Error(), "en, is") {
		t.Errorf("got %v", err)
	}
}

// TestThemeTextComplete: every UI text key is in every language, and every key a layout
// uses exists.
func TestThemeTextComplete(t *testing.T) {
	keys := map[string][]string{}
	for _, lang := range []string{"is", "en"} {
		data, err := os.ReadFile(filepath.Join("../../themes/default/i18n", lang+".yaml"))
		if err != nil {
			t.Fatal(err)
		}
		var text struct {
			Text map[string]string `yaml:"text"`
		}
		if err := yaml.Unmarshal(data, &text); err != nil {
			t.Fatal(err)
		}
		for k := range text.Text {
			keys[lang] = append(keys[lang], k)
		}
		slices.Sort(keys[lang])
	}
	if !slices.Equal(keys["is"], keys["en"]) {
		t.Errorf("is and en have different keys:\nis: %v\nen: %v", keys["is"], keys["en"])
	}
	layouts, _ := filepath.Glob("../../themes/default/layouts/*/*.html")
	more, _ := filepath.Glob("../../themes/default/layouts/*.html")
	used := regexp.MustCompile(`\bt "([a-z_0-9]+)"`)
	for _, f := range append(layouts, more...) {
		data, _ := os.ReadFile(f)
		for _, m := range used.FindAllStringSubmatch(string(data), -1) {
			if _, ok := slices.BinarySearch(keys["is"], m[1]); !ok {
				t.Errorf("%s uses UI text %q, which the i18n files lack", f, m[1])
			}
		}
	}
}

// TestThemeOverride: a file in the project's themes/default replaces the embedded one;
// the rest still comes from the embedded theme.
func TestThemeOverride(t *testing.T) {
	fsys := cloneFS(smallSite)
	fsys["themes/default/layouts/partials/footer.html"] = &fstest.MapFile{Data: []byte(`<footer class="mine">Okkar fótur</footer>`)}
	out, _ := build(t, fsys)
	html := string(out.files["index.html"])
	if !strings.Contains(html, "Okkar fótur") || !strings.Contains(html, `class="skip"`) {
		t.Error("the project's footer should replace the embedded one, and the rest stay")
	}
}

func TestEscapesContent(t *testing.T) {
	fsys := fstest.MapFS{
		"handbok.yaml": {Data: []byte("title: \"<script>alert(1)</script>\"\n")},
		"content/a.md": {Data: []byte("---\ntitle: \"A <img src=x onerror=alert(1)>\"\ndescription: \"\\\" onmouseover=\\\"x\"\ntags: [\"<b>\"]\n---\n")},
	}
	out, _ := build(t, fsys)
	html := string(out.files["a.html"])
	for _, bad := range []string{"<script>alert", "<img src=x", `" onmouseover="x`, "<b>"} {
		if strings.Contains(html, bad) {
			t.Errorf("page contains unescaped %q", bad)
		}
	}
}

// TestPolicyWithoutDates: a policy with nothing but a title shows no empty dates, no
// overdue note and no approvals.
func TestPolicyWithoutDates(t *testing.T) {
	out, _ := build(t, fstest.MapFS{"content/a.md": {Data: []byte("---\ntitle: A\nkind: policy\napproved: [{body: Ráð}]\n---\n")}})
	html := string(out.files["a.html"])
	for _, bad := range []string{"data-review", `datetime=""`, "Tók gildi", "Ráð</strong>, "} {
		if strings.Contains(html, bad) {
			t.Errorf("policy without dates shows %q", bad)
		}
	}
	if !strings.Contains(html, "<strong>Ráð</strong></li>") {
		t.Error("the approval by its body alone is missing")
	}
}

// TestNavigation: breadcrumbs lead from the front page to the page, the workplace menu
// lists every workplace and the current workplace's pages, and a workplace's page lists
// its policies, checklists and the policies for every workplace.
func TestNavigation(t *testing.T) {
	out, _ := build(t, smallSite)
	checklist := string(out.files["laug/mottaka.html"])
	crumbs := regexp.MustCompile(`(?s)<nav class="breadcrumbs".*?</nav>`).FindString(checklist)
	for _, want := range []string{`href="../index.html">Forsíða`, `href="../laug/index.html">Sundlaug`, `aria-current="page">Móttaka`} {
		if !strings.Contains(crumbs, want) {
			t.Errorf("breadcrumbs lack %q:\n%s", want, crumbs)
		}
	}
	menu := regexp.MustCompile(`(?s)<nav class="workplaces".*?</nav>`).FindString(checklist)
	if !strings.Contains(menu, `href="../laug/mottaka.html" aria-current="page">Móttaka`) {
		t.Errorf("the workplace menu does not show the current page:\n%s", menu)
	}
	workplace := string(out.files["laug/index.html"])
	for _, want := range []string{`href="../laug/mottaka.html">Móttaka`, `href="../stefnur/thjonusta.html">Þjónustustefna`} {
		if !strings.Contains(workplace, want) {
			t.Errorf("workplace page lacks %q", want)
		}
	}
	home := string(out.files["index.html"])
	for _, want := range []string{`href="laug/index.html"><span class="card-title">Sundlaug`, `href="stefnur/thjonusta.html">Þjónustustefna`} {
		if !strings.Contains(home, want) {
			t.Errorf("front page lacks %q", want)
		}
	}
}

// TestThemeLoadsNothingFromElsewhere: the theme's CSS imports no fonts or images from
// other hosts. (TestOutputLinksWorkFromDisk checks the pages' own links.)
func TestThemeLoadsNothingFromElsewhere(t *testing.T) {
	elsewhere := regexp.MustCompile(`@import|url\(\s*["']?(https?:)?//`)
	for _, bad := range []string{`@import "x.css";`, `a{background:url(https://cdn.example.com/a.png)}`, `@font-face{src:url( '//fonts.example.com/f.woff2')}`} {
		if !elsewhere.MatchString(bad) {
			t.Fatalf("the check would miss %s", bad)
		}
	}
	out, _ := build(t, smallSite)
	css := 0
	for name, data := range out.files {
		if strings.HasSuffix(name, ".css") {
			css++
			if elsewhere.Match(data) {
				t.Errorf("%s loads something from another host", name)
			}
		}
	}
	if css == 0 {
		t.Error("the build wrote no CSS to check")
	}
}

// TestManifestIDsUnique: the manifest lists every policy and checklist of the example
// handbook once, by the id its records are kept under, and no two share an id; two
// workplaces' checklists written in files of the same name get ids of their own.
func TestManifestIDsUnique(t *testing.T) {
	fsys := exampleFS(t)
	for _, wp := range []string{"sundlaug", "bokasafn"} {
		fsys["content/"+wp+"/nyir.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Nýir\nkind: checklist\nitems:\n  - {id: a, task: A}\n---\n")}
	}
	s, diags := site.Load(fsys, "test")
	if diags.Count(site.Error) > 0 {
		t.Fatal(diags)
	}
	want := map[string]int{}
	for _, p := range append(s.Policies(), s.Checklists()...) {
		want[p.ID] = 1
	}
	if len(want) < 10 || want["sundlaug/nyir"] != 1 || want["bokasafn/nyir"] != 1 {
		t.Fatalf("the example should have many policies and checklists, two named nyir: %v", want)
	}
	out, _ := build(t, fsys)
	var m manifest.Manifest
	if err := json.Unmarshal(out.files[manifest.File], &m); err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	for _, p := range m.Policies {
		got[p.ID]++
	}
	for _, c := range m.Checklists {
		got[c.ID]++
	}
	if !maps.Equal(got, want) {
		t.Errorf("ids in the manifest (with their counts):\n%v\nwant each policy and checklist once:\n%v", got, want)
	}
}
