package render

import (
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/handbok/handbok/internal/site"
)

// TestUnsafeLinksLeftOut: a link, image or autolink to an address that can run script
// (javascript:, vbscript:, data: other than an image, file:), in any case and however
// its characters are written, is left out with a warning naming the file, line and
// column, and its text stays in its place; with raw HTML allowed too. Links to pages,
// web addresses and images written into the page are kept, and so is the front
// matter's phone number, which can only become a tel: address.
func TestUnsafeLinksLeftOut(t *testing.T) {
	t.Parallel()
	page := "---\ntitle: A\nkind: policy\nowner: {name: Jón, phone: \"javascript:alert(1)\"}\n---\n" +
		"[a1](javascript:alert(1)) [a2](JaVaScRiPt:alert(1)) [a3](&#106;avascript:alert(1))\n" +
		"[a4](vbscript:msgbox(1)) [a5](data:text/html,%3Cscript%3Ealert(1)%3C/script%3E)\n" +
		"[a6](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==) [a7](file:///etc/passwd) [a8][ref]\n" +
		"![a9](javascript:alert(1)) ![a10](data:image/svg+xml;base64,PHN2Zz4=) <javascript:alert(1)>\n" +
		"\n[ref]: javascript:alert(2)\n\n" +
		"[kept1](b.md) [kept2](https://example.is/) [kept3](mailto:a@example.is) ![kept4](data:image/png;base64,iVBORw0KGgo=)\n"
	for _, raw := range []bool{false, true} {
		fsys := fstest.MapFS{
			"content/a.md": {Data: []byte(page)},
			"content/b.md": {Data: []byte("# B\n")},
		}
		if raw {
			fsys["handbok.yaml"] = &fstest.MapFile{Data: []byte("markdown: {raw_html: true}\n")}
		}
		out, warnings := build(t, fsys)
		html := string(out.files["a.html"])
		if bad := regexp.MustCompile(`(?i)(href|src)="\s*(javascript|vbscript|file|data:text|data:image/svg)[^"]*"`).FindAllString(html, -1); len(bad) > 0 {
			t.Errorf("raw_html %v: the page links to %q", raw, bad)
		}
		if strings.Contains(html, `href=""`) || strings.Contains(html, `src=""`) {
			t.Errorf("raw_html %v: a link or image without an address is left on the page", raw)
		}
		for _, want := range []string{">a1 a2 a3\n", "a4 a5\na6 a7 a8\na9 a10 javascript:alert(1)</p>", `href="b.html">kept1`,
			`href="https://example.is/">kept2`, `href="mailto:a@example.is">kept3`, `src="data:image/png;base64,iVBORw0KGgo=" alt="kept4"`, `href="tel:1"`} {
			if !strings.Contains(html, want) {
				t.Errorf("raw_html %v: the page lacks %q\n%s", raw, want, html)
			}
		}
		var got []string
		for _, w := range warnings {
			if strings.Contains(w.Message, "is left out, its text kept") {
				if w.Code != site.CodeLink {
					t.Errorf("%s: not a link problem, so check would pass it", w)
				}
				got = append(got, w.Pos.String())
			}
		}
		want := "content/a.md:6:1 content/a.md:6:27 content/a.md:6:53 content/a.md:7:1 content/a.md:7:26 " +
			"content/a.md:8:1 content/a.md:8:66 content/a.md:8:91 content/a.md:9:1 content/a.md:9:28 content/a.md:9:71"
		if strings.Join(got, " ") != want {
			t.Errorf("raw_html %v: warnings at\n%s\nwant\n%s\n(all: %v)", raw, strings.Join(got, " "), want, warnings)
		}
	}
}
