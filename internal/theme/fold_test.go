package theme

import (
	"bytes"
	"fmt"
	"html/template"
	"strings"
	"testing"
)

// The UI text folded into a layout gives the bytes html/template writes for {{t "key"}}
// in every context, and the calls are gone where the text could be folded.
func TestFoldedUIText(t *testing.T) {
	text := map[string]string{
		"plain":  "Efnisyfirlit",
		"tricky": `a"b&c'd+e<f>g` + "\x00h\xffi %s ü",
		"url":    "á ö?x=1&y=\"2\"",
	}
	layout := `<!DOCTYPE html><html><head><title>{{t "tricky"}} · {{t "plain"}}</title></head><body>` +
		`<p title="{{t "tricky"}}" data-x='{{t "tricky"}}'>{{t "tricky"}}</p>` +
		`<a href="/x?q={{t "url"}}">{{t "url"}}</a><a href="{{t "url"}}">u</a>` +
		`<input value={{t "tricky"}}>` +
		`<script>var s = {{t "tricky"}}; var q = "{{t "url"}}";</script>` +
		`<style>p::before { content: "{{t "plain"}}" }</style>` +
		`<textarea>{{t "tricky"}}</textarea>` +
		`{{if .}}{{range .}}<b>{{t "plain"}}</b>{{else}}{{t "url"}}{{end}}{{with .}}{{t "tricky"}}{{end}}{{end}}` +
		`{{template "part.html" .}}{{t "tricky" "arg"}}{{"<lit>"}}` + "{{`raw'`}}" + `</body></html>`
	part := `<em>{{t "tricky"}}</em><img alt="{{t "plain"}}">{{template "label.html"}}`
	// label.html is folded where it stands in text, and also called inside a URL and a
	// script by foot.html, a partial executed on its own (as partialCached does).
	label := `{{t "tricky"}}`
	foot := `<a href="/y?q={{template "label.html"}}" onclick="f('{{template "label.html"}}')">x</a>`

	parse := func() *template.Template {
		t.Helper()
		tm := template.New("base.html").Funcs(template.FuncMap{
			"t": func(key string, args ...any) (string, error) {
				s, ok := text[key]
				if !ok {
					return "", fmt.Errorf("no %q", key)
				}
				if len(args) > 0 {
					return fmt.Sprintf(s, args...), nil
				}
				return s, nil
			},
		})
		template.Must(tm.Parse(layout))
		template.Must(tm.New("part.html").Parse(part))
		template.Must(tm.New("label.html").Parse(label))
		template.Must(tm.New("foot.html").Parse(foot))
		return tm
	}
	render := func(tm *template.Template) string {
		t.Helper()
		var b bytes.Buffer
		if err := tm.Execute(&b, []int{1, 2}); err != nil {
			t.Fatal(err)
		}
		if err := tm.ExecuteTemplate(&b, "foot.html", nil); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}

	// Without the rewrite: the same set, escaped in one pass too.
	plain := parse()
	if !escapeAll(plain) {
		t.Fatal("escapeAll failed")
	}
	want := render(plain)
	folded := parse()
	for _, x := range folded.Templates() {
		constantText(x.Tree.Root, text)
	}
	if !escapeAll(folded) {
		t.Fatal("escapeAll failed")
	}
	for _, x := range folded.Templates() {
		foldConstants(x.Tree.Root)
	}
	if got := render(folded); got != want {
		t.Errorf("folded layout writes\n%s\nwant\n%s", got, want)
	}

	// Folded: text, quoted attributes, <title> and <textarea>, inside if/range/with, and
	// in a template it calls. Not folded: the URL, script, style and unquoted attribute,
	// and t with arguments.
	tree := folded.Lookup("base.html").Tree.Root.String() + folded.Lookup("part.html").Tree.Root.String()
	for esc, n := range map[string]int{"htmlescaper": 1, "attrescaper": 2, "rcdataescaper": 0} {
		if got := strings.Count(tree, "_html_template_"+esc); got != n {
			t.Errorf("%d actions with %s left, want %d (t with arguments, the two URLs) in\n%s", got, esc, n, tree)
		}
	}
	if n := strings.Count(tree, `{{"Efnisyfirlit"`); n != 1 {
		t.Errorf("the CSS string should keep its constant and escaper (1), found %d in\n%s", n, tree)
	}
	for _, kept := range []string{"_html_template_urlescaper", "_html_template_jsvalescaper",
		"_html_template_nospaceescaper", `t "tricky" "arg"`} {
		if !strings.Contains(tree, kept) {
			t.Errorf("%s should be left as it was in\n%s", kept, tree)
		}
	}
}
