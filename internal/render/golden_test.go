package render

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/yuin/goldmark"

	"github.com/handbok/handbok/internal/site"
	"github.com/handbok/handbok/themes"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden (review the diff before committing)")

// goldenSite is the project each golden input is rendered in, as content/laug/page.md,
// so that its links have pages, headings and files to point at.
func goldenSite(page []byte) fstest.MapFS {
	return fstest.MapFS{
		"content/laug/page.md":                  {Data: page},
		"content/laug/mynd.png":                 {Data: []byte("png")},
		"content/laug/Kort af Dalvík.png":       {Data: []byte("png")},
		"content/laug/Gagnlegar upplýsingar.md": {Data: []byte("# Gagnlegar upplýsingar\n")},
		"content/stefnur/thjonustustefna.md":    {Data: []byte("---\ntitle: Þjónustustefna\nkind: policy\n---\n## Þjónusta fyrir alla\n")},
		"content/laug/drog.md":                  {Data: []byte("---\ntitle: Drög\ndraft: true\n---\n")},
		"content/stefnur/_index.md":             {Data: []byte("# Stefnur\n")},
	}
}

// TestGolden renders each testdata/golden/NAME.md and compares the HTML of its body, and
// the warnings, with NAME.html. Run with -update to rewrite the files after a deliberate
// change, and read the diff.
func TestGolden(t *testing.T) {
	inputs, err := filepath.Glob("testdata/golden/*.md")
	if err != nil {
		t.Fatal(err)
	}
	if len(inputs) == 0 {
		t.Fatal("no golden inputs")
	}
	for _, in := range inputs {
		name := strings.TrimSuffix(filepath.Base(in), ".md")
		t.Run(name, func(t *testing.T) {
			src, err := os.ReadFile(in)
			if err != nil {
				t.Fatal(err)
			}
			got := renderGolden(t, goldenSite(src), "content/laug/page.md")
			wantFile := strings.TrimSuffix(in, ".md") + ".html"
			if *update {
				if err := os.WriteFile(wantFile, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(wantFile)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("%s differs from %s:\n--- got ---\n%s\n--- want ---\n%s", in, wantFile, got, want)
			}
		})
	}
}

// renderGolden loads fsys, renders the page at path, and returns its body HTML followed by
// the warnings its links raised.
func renderGolden(t *testing.T, fsys fstest.MapFS, path string) string {
	t.Helper()
	s, diags := site.Load(fsys, "golden")
	if diags.Count(site.Error) > 0 {
		t.Fatalf("load: %v", diags)
	}
	th, err := loadTheme(themes.Default(), s.Config.Language)
	if err != nil {
		t.Fatal(err)
	}
	r := &renderer{ctx: context.Background(), site: s, md: newMarkdown(s.Config.Markdown.RawHTML)}
	r.md.reserved = th.IDs()
	doc := parse(r.md, s.PageByPath(path), s.PageByPath(path).Body)
	warnings, anchors := newLinkResolver(s).resolve(doc)
	byURL := map[string]*pageResult{}
	for _, pg := range s.Pages {
		byURL[pg.URL] = &pageResult{ids: parse(r.md, pg, pg.Body).idList()}
	}
	for _, a := range anchors {
		if !byURL[a.url].hasID(a.id) {
			warnings = append(warnings, a.warning)
		}
	}
	warnings.Sort()
	body, err := r.body(doc)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	b.WriteString(string(body))
	if doc.titleID != "" {
		b.WriteString("<!-- title id: " + doc.titleID + " -->\n")
	}
	for _, h := range doc.toc {
		b.WriteString("<!-- toc: " + h.ID + " " + h.Text + " -->\n")
	}
	for _, w := range warnings {
		b.WriteString("<!-- " + w.String() + " -->\n")
	}
	return b.String()
}

// A page with nothing GFM's autolinks start from is parsed without them: every golden
// file, and every page of the example handbook, renders the same either way; a page
// with an address still gets its links.
func TestParseWithoutAutolinks(t *testing.T) {
	md := newMarkdown(false)
	html := func(gm goldmark.Markdown, body []byte) string {
		t.Helper()
		var b strings.Builder
		if err := gm.Convert(body, &b); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	bodies := markdownBodies(t, "testdata/golden/*.md", "../../content/*.md", "../../content/*/*.md", "../../content/*/*/*.md")
	without := 0
	for i, body := range bodies {
		if mayAutolink(body) {
			continue
		}
		without++
		if a, b := html(md.full, body), html(md.noAutolinks, body); a != b {
			t.Errorf("body %d renders differently without autolinks:\n%s\n---\n%s", i, a, b)
		}
	}
	if without < 20 {
		t.Errorf("only %d of %d bodies were without addresses; the test compares too little", without, len(bodies))
	}

	for _, c := range []struct {
		body string
		may  bool
	}{
		{"Skrifið á abending@dalvikurbyggd.is í dag.", true},
		{"Sjá www.dalvikurbyggd.is.", true},
		{"Sjá https://dalvikurbyggd.is/stefnur og ftp://x.is.", true},
		{"Kl. 10: fundur; hlutfall 1:2, engin netföng.", false},
	} {
		if got := mayAutolink([]byte(c.body)); got != c.may {
			t.Errorf("mayAutolink(%q) = %v, want %v", c.body, got, c.may)
		}
		doc := parse(md, &site.Page{Title: "x"}, []byte(c.body))
		var b bytes.Buffer
		if err := md.render(&b, doc); err != nil {
			t.Fatal(err)
		}
		if linked := strings.Contains(b.String(), "<a href="); linked != c.may {
			t.Errorf("%q rendered as %s", c.body, b.String())
		}
	}
}

// FuzzParseWithoutAutolinks: the parser without autolinks gives a body without an
// address the same HTML as the one with them, but for spaces at the ends of lines, which
// it drops before a line break as CommonMark says (the autolink parser splits text at
// every space, and some of them used to stay).
func FuzzParseWithoutAutolinks(f *testing.F) {
	for _, body := range markdownBodies(f, "testdata/golden/*.md") {
		f.Add(string(body))
	}
	f.Add("Lína eitt    \nLína tvö")
	f.Add("a \t\nb")
	md := newMarkdown(false)
	lineEnds := regexp.MustCompile(`[ \t]+(\n|<br>)`)
	f.Fuzz(func(t *testing.T, body string) {
		if mayAutolink([]byte(body)) {
			return
		}
		var a, b strings.Builder
		if err := md.full.Convert([]byte(body), &a); err != nil {
			t.Skip()
		}
		if err := md.noAutolinks.Convert([]byte(body), &b); err != nil {
			t.Fatal(err)
		}
		if x, y := lineEnds.ReplaceAllString(a.String(), "$1"), lineEnds.ReplaceAllString(b.String(), "$1"); x != y {
			t.Errorf("%q:\nwith autolinks:    %q\nwithout autolinks: %q", body, a.String(), b.String())
		}
	})
}

// markdownBodies reads the Markdown files the globs match, without their front matter.
func markdownBodies(tb testing.TB, globs ...string) [][]byte {
	tb.Helper()
	var bodies [][]byte
	for _, glob := range globs {
		files, err := filepath.Glob(glob)
		if err != nil {
			tb.Fatal(err)
		}
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				tb.Fatal(err)
			}
			if rest, ok := bytes.CutPrefix(data, []byte("---\n")); ok {
				if _, body, ok := bytes.Cut(rest, []byte("\n---\n")); ok {
					data = body
				}
			}
			bodies = append(bodies, data)
		}
	}
	return bodies
}
