package render

import (
	"html/template"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/handbok/handbok/internal/site"
	"github.com/handbok/handbok/themes"
)

// partialCached renders a partial once for each set of keys: a second page with the
// same keys gets the first page's HTML, a page with other keys its own.
func TestPartialCached(t *testing.T) {
	themeFS, err := themes.Open(fstest.MapFS{
		"themes/default/layouts/partials/who.html": {Data: []byte(`{{.Page.Title}} at {{.Root}}`)},
	}, "default")
	if err != nil {
		t.Fatal(err)
	}
	th, err := loadTheme(themeFS, "is")
	if err != nil {
		t.Fatal(err)
	}
	call := func(title, root string, keys ...any) template.HTML {
		t.Helper()
		html, err := th.partialCached("who.html", &pageData{Page: &site.Page{Title: title}, Root: root}, keys...)
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
	if got := call("D", "", "", site.KindPolicy); got != "D at " {
		t.Errorf("more keys: got %q", got)
	}

	if _, err := th.partialCached("who.html", &pageData{Page: &site.Page{}}, []string{"x"}); err == nil ||
		!strings.Contains(err.Error(), "cannot be compared") {
		t.Errorf("a slice as key: got %v, want an error saying it cannot be compared", err)
	}
	if _, err := th.partialCached("who.html", &pageData{Page: &site.Page{}}, 1, 2, 3, 4, 5); err == nil ||
		!strings.Contains(err.Error(), "at most 4 keys") {
		t.Errorf("five keys: got %v", err)
	}
}
