package site

import (
	"strings"
	"testing"
	"testing/fstest"
)

// TestScriptableFilesRefused: without raw_html, files of content/ that a browser runs
// scripts from are left out with a warning that names each and says what to do; pictures
// (SVG too) and documents are kept; with raw_html: true everything is kept.
func TestScriptableFilesRefused(t *testing.T) {
	fsys := fstest.MapFS{
		"content/a.md":         {Data: []byte("# A\n")},
		"content/x.htm":        {Data: []byte("<script src=x.js></script>")},
		"content/x.js":         {Data: []byte("document.title='x'")},
		"content/STÓRT.HTML":   {Data: []byte("<p>")},
		"content/gogn.xml":     {Data: []byte("<x/>")},
		"content/sida.xhtml":   {Data: []byte("<html/>")},
		"content/modull.mjs":   {Data: []byte("export {}")},
		"content/mynd.svg":     {Data: []byte("<svg/>")},
		"content/skjal.pdf":    {Data: []byte("%PDF")},
		"content/mynd.png":     {Data: []byte("png")},
		"content/gogn/skra.md": {Data: []byte("# S\n")},
	}
	refused := []string{"content/x.htm", "content/x.js", "content/STÓRT.HTML", "content/gogn.xml", "content/sida.xhtml", "content/modull.mjs"}
	kept := []string{"content/mynd.svg", "content/skjal.pdf", "content/mynd.png"}

	s, diags := Load(fsys, "x")
	got := messages(diags)
	if diags.Count(Error) != 0 || len(diags) != len(refused) {
		t.Errorf("want %d warnings, got:\n%s", len(refused), got)
	}
	for _, p := range refused {
		if s.files[p] != nil {
			t.Errorf("%s is published", p)
		}
		if !strings.Contains(got, p+": warning: ") {
			t.Errorf("no warning names %s:\n%s", p, got)
		}
	}
	if !strings.Contains(got, "content/x.htm: warning: an HTML file could run scripts in readers' browsers as if it were the handbook, so it is not published; "+
		"make it a Markdown page, put it in a .zip to be downloaded, or allow such files with markdown: {raw_html: true} in handbok.yaml") ||
		!strings.Contains(got, "content/x.js: warning: a JavaScript file could run scripts") {
		t.Errorf("the warnings do not say what to do:\n%s", got)
	}
	for _, p := range kept {
		if s.files[p] == nil {
			t.Errorf("%s is left out", p)
		}
	}

	fsys["handbok.yaml"] = &fstest.MapFile{Data: []byte("title: X\nmarkdown: {raw_html: true}\n")}
	s, diags = Load(fsys, "x")
	if len(diags) != 0 {
		t.Errorf("with raw_html: true:\n%s", messages(diags))
	}
	for _, p := range append(refused, kept...) {
		if s.files[p] == nil {
			t.Errorf("with raw_html: true, %s is left out", p)
		}
	}
}
