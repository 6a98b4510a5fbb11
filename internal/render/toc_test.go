package render

import (
	"html/template"
	"strings"
	"testing"
)

// TableOfContents writes what the built-in theme's template wrote for the same headings.
func TestTableOfContents(t *testing.T) {
	const markup = `<ol>
{{- range .TOC}}<li class="toc-{{.Level}}"><a href="#{{.ID}}">{{.Text}}</a></li>{{end}}
</ol>`
	tm := template.Must(template.New("toc").Parse(markup))
	for _, toc := range [][]Heading{
		nil,
		{{ID: "tilgangur", Text: "Tilgangur", Level: 2}, {ID: "abyrgd-1", Text: "Ábyrgð", Level: 3}},
		{{ID: "гагарин_x.y~z", Text: `<b>"Q" & 'A' + 1</b>`, Level: 2}, {ID: "a b#c%d/e?f=g&h'i\"j", Text: "\x00\xff", Level: 3}},
	} {
		d := &pageData{TOC: toc}
		var want strings.Builder
		if err := tm.Execute(&want, d); err != nil {
			t.Fatal(err)
		}
		if got := string(d.TableOfContents()); got != want.String() {
			t.Errorf("TableOfContents of %v:\n%s\nthe template wrote\n%s", toc, got, want.String())
		}
	}
}

// The URL escaping of TableOfContents is html/template's for a part of a URL, for any id.
func FuzzAppendURLEscaped(f *testing.F) {
	for _, s := range []string{"", "tilgangur", "гагарин", "a b#c%d/e?f=g&h'i\"j!$*+,:;@[]()", "\x00\x7f\xff"} {
		f.Add(s)
	}
	tm := template.Must(template.New("a").Parse(`<a href="#{{.}}">`))
	f.Fuzz(func(t *testing.T, id string) {
		var want strings.Builder
		if err := tm.Execute(&want, id); err != nil {
			t.Fatal(err)
		}
		if got := `<a href="#` + string(appendURLEscaped(nil, id)) + `">`; got != want.String() {
			t.Errorf("%q: %s, html/template writes %s", id, got, want.String())
		}
	})
}
