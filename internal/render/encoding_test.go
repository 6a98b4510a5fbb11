package render

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/handbok/handbok/internal/site"
	"github.com/handbok/handbok/themes"
)

// TestNotUTF8Builds: a page saved as Windows-1252, its front matter and its text, does
// not stop the build: a warning names the file, line and column of the first byte that
// is not UTF-8 and says what to do, the page is written with � for each such letter,
// and the rest of the site is as it would be.
func TestNotUTF8Builds(t *testing.T) {
	t.Parallel()
	fsys := fstest.MapFS{
		"content/a.md": {Data: []byte("---\ntitle: \"Uppl\xfdsingar\"\nkind: policy\n---\n# Uppl\xfdsingar\n\nS\xe6kja \xfe\xe1 \xed dag.\n")},
		"content/b.md": {Data: []byte("# Góð síða\n\nHér er allt í lagi.\n")},
	}
	s, diags := site.Load(fsys, "test")
	if diags.Count(site.Error) != 0 || diags.Count(site.Warning) != 1 {
		t.Fatalf("want one warning and no error, got: %v", diags)
	}
	want := "content/a.md:2:13: warning: the file is not UTF-8 text (it may be saved as Windows-1252 or Latin-1): the page shows � for each letter that is not, until the file is saved as UTF-8"
	if got := diags[0].String(); got != want {
		t.Errorf("the warning:\n%s\nwant\n%s", got, want)
	}
	out := &memory{}
	if _, _, err := Render(context.Background(), s, fsys, themes.Default(), out); err != nil {
		t.Fatal(err)
	}
	a := string(out.files["a.html"])
	for _, w := range []string{"<title>Uppl\uFFFDsingar", "S\uFFFDkja \uFFFD \uFFFD dag."} {
		if !strings.Contains(a, w) {
			t.Errorf("a.html lacks %q", w)
		}
	}
	if !strings.Contains(string(out.files["b.html"]), "Hér er allt í lagi.") {
		t.Error("the page beside it was not built")
	}
	for name, data := range out.files {
		if strings.HasSuffix(name, ".png") {
			continue
		}
		if strings.Contains(string(data), "\xfd") || strings.Contains(string(data), "\xe6") {
			t.Errorf("%s has a byte of the file that is not UTF-8", name)
		}
	}
}
