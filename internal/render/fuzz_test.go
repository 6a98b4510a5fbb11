package render

import (
	"bytes"
	"context"
	"html"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/handbok/handbok/internal/site"
	"github.com/handbok/handbok/themes"
)

// safeTags are the elements the Markdown of a page becomes when raw HTML is left out.
var safeTags = map[string]bool{
	"a": true, "blockquote": true, "br": true, "code": true, "del": true, "div": true, "em": true, "h1": true,
	"h2": true, "h3": true, "h4": true, "h5": true, "h6": true, "hr": true, "img": true, "input": true, "li": true,
	"ol": true, "p": true, "pre": true, "section": true, "span": true, "strong": true, "sup": true, "table": true,
	"tbody": true, "td": true, "th": true, "thead": true, "tr": true, "ul": true,
}

// omitted is what goldmark writes in place of raw HTML it leaves out.
const omitted = "<!-- raw HTML omitted -->"

var (
	tagPattern  = regexp.MustCompile(`^<(/?)([a-z][a-z0-9]*)((?:\s+[a-z][a-z0-9-]*(?:="[^"<>]*")?)*)\s*/?>`)
	attrPattern = regexp.MustCompile(`([a-z][a-z0-9-]*)(?:="([^"]*)")?`)
)

// unsafeHTML returns what in the HTML of a page could run script or is not HTML that
// the page's Markdown makes: an element but those of safeTags, a < that starts none (but
// for the comment that stands for raw HTML left out), an
// event handler's attribute, or a link or image to a javascript:, vbscript:, file: or
// (but for images) data: address; "" when there is nothing.
func unsafeHTML(out string) string {
	for i := 0; i < len(out); i++ {
		if out[i] != '<' {
			continue
		}
		if strings.HasPrefix(out[i:], omitted) {
			i += len(omitted) - 1
			continue
		}
		m := tagPattern.FindStringSubmatch(out[i:])
		if m == nil {
			return "a < that starts no element: " + out[i:min(len(out), i+40)]
		}
		if !safeTags[m[2]] {
			return "the element " + m[0]
		}
		for _, a := range attrPattern.FindAllStringSubmatch(m[3], -1) {
			if strings.HasPrefix(a[1], "on") || a[1] == "style" || a[1] == "srcdoc" || a[1] == "formaction" {
				return "the attribute " + a[0]
			}
			if (a[1] == "href" || a[1] == "src") && dangerousURL(a[2]) {
				return "the address " + a[0]
			}
		}
		i += len(m[0]) - 1
	}
	return ""
}

// dangerousURL reports whether an attribute's value leads to script as a browser reads
// it: entities decoded, tabs and newlines dropped, spaces and control characters
// trimmed, the scheme in any case.
func dangerousURL(value string) bool {
	u := strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return -1
		}
		return r
	}, html.UnescapeString(value))
	u = strings.ToLower(strings.TrimLeft(u, "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f "))
	scheme, _, ok := strings.Cut(u, ":")
	if !ok || strings.ContainsAny(scheme, "/?#") {
		return false
	}
	switch scheme {
	case "javascript", "vbscript", "file":
		return true
	case "data":
		return !regexp.MustCompile(`^data:image/(png|gif|jpeg|webp);`).MatchString(u)
	}
	return false
}

// TestUnsafeHTML: the checker of FuzzMarkdown finds what could run script, and passes
// what pages are made of.
func TestUnsafeHTML(t *testing.T) {
	for _, c := range []struct {
		html string
		safe bool
	}{
		{`<p>Texti &lt;b&gt; <a href="../stefnur/thjonustustefna.html#kafli" class="bare">x</a></p>`, true},
		{`<img src="data:image/png;base64,AAAA" alt="a"><input checked="" disabled="" type="checkbox">`, true},
		{`<p><script>alert(1)</script></p>`, false},
		{`<p>a < b</p>`, false},
		{`<p>a <!-- raw HTML omitted -->b</p>`, true},
		{`<!-- --><script>`, false},
		{`<a href="java&#x09;script:alert(1)">x</a>`, false},
		{`<a href=" JavaScript:alert(1)">x</a>`, false},
		{`<img src="data:text/html,x">`, false},
		{`<p onclick="x">`, false},
		{`<svg>`, false},
	} {
		if got := unsafeHTML(c.html) == ""; got != c.safe {
			t.Errorf("unsafeHTML(%q) = %q", c.html, unsafeHTML(c.html))
		}
	}
}

// FuzzMarkdown renders any Markdown as a page of a handbook, with its links rewritten
// to the pages and files beside it: it never panics, the HTML has nothing that runs
// script (raw HTML is left out), it is UTF-8 when the Markdown is, and every warning
// points at a line of the page.
func FuzzMarkdown(f *testing.F) {
	for _, body := range markdownBodies(f, "testdata/golden/*.md", "../../content/*/*.md") {
		f.Add(string(body))
	}
	for _, s := range []string{
		"[a](javascript:alert(1)) [b](JAVASCRIPT:x) [c](java\tscript:x) [d](data:text/html,x) ![e](vbscript:x)",
		"<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\nTexti <b onclick=x>feitt</b>",
		"[x](<javascript:alert(1)>) [y]: javascript:x\n\n[y][]",
		"[Þjónusta](../stefnur/thjonustustefna.md#þjónusta-fyrir-alla) [kort](Kort%20af%20Dalvík.png) [upp](/stefnur/)",
		"[út](../../../etc/passwd) [drög](drog.md) [nei](nowhere.md#x) [a](#) [b](?q=<x>#\"y\")",
		"## Kafli {#kafli onclick=alert(1)}\n\n[kafli](#kafli)",
		"`<script>` ```\n<script>\n```",
		"a\x00b \xff\xfe",
	} {
		f.Add(s)
	}
	s, diags := site.Load(goldenSite([]byte("# Síða\n")), "golden")
	if diags.Count(site.Error) > 0 {
		f.Fatalf("load: %v", diags)
	}
	th, err := loadTheme(themes.Default(), s.Config.Language)
	if err != nil {
		f.Fatal(err)
	}
	r := &renderer{ctx: context.Background(), site: s, md: newMarkdown(false)}
	r.md.reserved = th.IDs()
	links := newLinkResolver(s)
	pg := s.PageByPath("content/laug/page.md")
	f.Fuzz(func(t *testing.T, body string) {
		doc := parse(r.md, pg, []byte(body))
		warnings, _ := links.resolve(doc)
		out, err := r.body(doc)
		if err != nil {
			t.Fatal(err)
		}
		if bad := unsafeHTML(string(out)); bad != "" {
			t.Fatalf("%q renders with %s:\n%s", body, bad, out)
		}
		if utf8.ValidString(body) && !utf8.ValidString(string(out)) {
			t.Fatalf("%q renders to HTML that is not UTF-8: %q", body, out)
		}
		lines := bytes.Count([]byte(body), []byte("\n")) + 1
		for _, w := range append(warnings, doc.warnings...) {
			if w.Pos.Line < 1 || w.Pos.Line > lines {
				t.Fatalf("%q: warning %v is outside the page's %d lines", body, w, lines)
			}
		}
	})
}
