package render

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/yuin/goldmark/ast"

	"github.com/handbok/handbok/internal/site"
)

// Lists, block quotes and footnotes nest no deeper than maxNesting, however deep the
// Markdown asks, and the page warns where it went too deep and what to do; at the limit
// it does not.
func TestNestingLimit(t *testing.T) {
	md := newMarkdown(false)
	var indented strings.Builder
	for i := range maxNesting + 8 {
		indented.WriteString(strings.Repeat("  ", i) + "- x\n")
	}
	deepest := 2*maxNesting + 1 // the column of the first marker too deep, after 32 of "- " or "> "
	for _, c := range []struct {
		name, body string
		line, col  int // of the warning; 0 for none
	}{
		{"lists on one line", strings.Repeat("- ", 10000) + "x\n", 1, deepest},
		{"indented lists", "Inngangur.\n\n" + indented.String(), maxNesting + 3, deepest},
		{"block quotes", strings.Repeat("> ", 10000) + "x\n", 1, deepest},
		{"lists in block quotes", strings.Repeat("> 1. ", 5000) + "x\n", 1, 5*maxNesting/2 + 1},
		{"footnotes", "Sjá[^1]\n\n" + strings.Repeat("[^1]: ", 1000) + "x\n", 3, 6*maxNesting + 1},
		{"at the limit", strings.Repeat("- ", maxNesting) + "x\n", 0, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			pg := &site.Page{Path: "content/djup.md", Title: "Djúp", BodyLine: 1}
			doc := parse(md, pg, []byte(c.body))
			deepest := 0
			_ = ast.Walk(doc.root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
				deepest = max(deepest, nesting(n))
				return ast.WalkContinue, nil
			})
			if deepest > maxNesting {
				t.Errorf("nested %d deep", deepest)
			}
			if c.line == 0 {
				if len(doc.warnings) > 0 || deepest != maxNesting {
					t.Errorf("at the limit: nested %d deep, warnings %v", deepest, doc.warnings)
				}
				return
			}
			if len(doc.warnings) != 1 {
				t.Fatalf("warnings: %v", doc.warnings)
			}
			w := doc.warnings[0]
			if w.Pos != (site.Pos{Path: pg.Path, Line: c.line, Col: c.col}) || !strings.Contains(w.Message, "nest them less deeply") {
				t.Errorf("got %v, want it at %d:%d", w, c.line, c.col)
			}
		})
	}
}

// A page nested too deep still builds, with what is deeper as text, and so does the rest
// of the site; the build warns where.
func TestNestingLimitInBuild(t *testing.T) {
	fsys := cloneFS(smallSite)
	fsys["content/djup.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Djúp\n---\nInngangur.\n\n" + strings.Repeat("> ", 10000) + "botn\n")}
	out, warnings := build(t, fsys)
	want := "content/djup.md:6:65: warning: lists, block quotes and footnotes are nested more than 32 deep here: what is deeper shows as plain text; nest them less deeply\n"
	if got := diagLines(warnings); got != want {
		t.Errorf("warnings:\n%s\nwant:\n%s", got, want)
	}
	page := string(out.files["djup.html"])
	if n := strings.Count(page, "<blockquote>"); n != maxNesting || !strings.Contains(page, "&gt; &gt; botn") {
		t.Errorf("the page has %d block quotes, want %d and the rest as text", n, maxNesting)
	}
	if out.files["stefnur/thjonusta.html"] == nil || out.files["handbok.json"] == nil {
		t.Error("the rest of the site was not built")
	}
}
