package themes

import (
	"io/fs"
	"testing"
	"testing/fstest"
)

// A project's file overrides the embedded one when it is new or different; a copy of
// the embedded file does not.
func TestOverrides(t *testing.T) {
	footer, err := fs.ReadFile(Default(), "layouts/partials/footer.html")
	if err != nil {
		t.Fatal(err)
	}
	fsys, err := Open(fstest.MapFS{
		"themes/default/layouts/partials/footer.html": {Data: footer},
		"themes/default/layouts/partials/header.html": {Data: []byte("<header>okkar</header>")},
		"themes/default/layouts/partials/new.html":    {Data: []byte("nýtt")},
	}, "default")
	if err != nil {
		t.Fatal(err)
	}
	o := fsys.(interface{ Overrides(string) bool })
	for name, want := range map[string]bool{
		"layouts/partials/footer.html": false,
		"layouts/partials/header.html": true,
		"layouts/partials/new.html":    true,
		"layouts/partials/nav.html":    false,
	} {
		if got := o.Overrides(name); got != want {
			t.Errorf("Overrides(%s) = %v, want %v", name, got, want)
		}
	}
}
