package render

import (
	"context"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/handbok/handbok/internal/manifest"
	"github.com/handbok/handbok/internal/site"
	"github.com/handbok/handbok/themes"
)

// TestMemory: with a memory of the last build, an edit of a page's text renders that
// page alone; an edit of its headings too, but the links of other pages to the heading
// are checked again; an edit that shows elsewhere (a title) renders everything.
func TestMemory(t *testing.T) {
	fsys := fstest.MapFS{
		"content/a.md": {Data: []byte("# A\n\n## Kafli\n\nTexti.\n")},
		"content/b.md": {Data: []byte("# B\n\nSjá [kafla](a.md#kafli).\n")},
		"content/c.md": {Data: []byte("# C\n\nEkkert.\n")},
	}
	mem := NewMemory()
	var warnings site.Diagnostics
	build := func() []string {
		t.Helper()
		s, diags := site.Load(fsys, "x")
		if diags.Count(site.Error) > 0 {
			t.Fatal(diags)
		}
		out := &memory{}
		var err error
		if _, warnings, err = RenderWith(context.Background(), s, fsys, themes.Default(), out, mem); err != nil {
			t.Fatal(err)
		}
		mem.Keep()
		var pages []string
		for name := range out.files {
			if name == "a.html" || name == "b.html" || name == "c.html" || name == "index.html" {
				pages = append(pages, name)
			}
		}
		slices.Sort(pages)
		return pages
	}
	if got := build(); !slices.Equal(got, []string{"a.html", "b.html", "c.html", "index.html"}) {
		t.Fatalf("first build wrote %v", got)
	}
	if got := build(); len(got) != 0 {
		t.Errorf("nothing changed, but %v were written", got)
	}
	fsys["content/c.md"] = &fstest.MapFile{Data: []byte("# C\n\nBreytt.\n")}
	if got := build(); !slices.Equal(got, []string{"c.html"}) {
		t.Errorf("a text edit wrote %v", got)
	}
	fsys["content/a.md"] = &fstest.MapFile{Data: []byte("# A\n\n## Annar kafli\n\nTexti.\n")}
	if got := build(); !slices.Equal(got, []string{"a.html"}) {
		t.Errorf("a heading edit wrote %v", got)
	}
	if len(warnings) != 1 || warnings[0].Pos.Path != "content/b.md" || !strings.Contains(warnings[0].Message, `id "kafli"`) {
		t.Errorf("after the heading went, the warnings are %v; want one for b.md's link to it", warnings)
	}
	fsys["content/a.md"] = &fstest.MapFile{Data: []byte("# A\n\n## Kafli\n\nTexti.\n")}
	if got := build(); !slices.Equal(got, []string{"a.html"}) || len(warnings) != 0 {
		t.Errorf("putting the heading back wrote %v with the warnings %v", got, warnings)
	}
	fsys["content/b.md"] = &fstest.MapFile{Data: []byte("# B\n\nSjá [kafla](a.md#kafli) og [hinn](a.md#hinn).\n")}
	if got := build(); !slices.Equal(got, []string{"b.html"}) || len(warnings) != 1 {
		t.Errorf("a new link to a missing heading wrote %v with the warnings %v", got, warnings)
	}
	fsys["content/c.md"] = &fstest.MapFile{Data: []byte("# Nýr titill\n\nBreytt.\n")}
	if got := build(); !slices.Equal(got, []string{"a.html", "b.html", "c.html", "index.html"}) {
		t.Errorf("a title edit wrote %v; titles show on other pages", got)
	}
}

// TestMemoryManifest: the manifest written with a memory is the one written without.
func TestMemoryManifest(t *testing.T) {
	plain, _ := build(t, smallSite)
	s, _ := site.Load(smallSite, "test")
	mem := NewMemory()
	for range 2 { // the second build uses the encoded entries of the first
		out := &memory{}
		if _, _, err := RenderWith(context.Background(), s, smallSite, themes.Default(), out, mem); err != nil {
			t.Fatal(err)
		}
		mem.Keep()
		if string(out.files[manifest.File]) != string(plain.files[manifest.File]) {
			t.Errorf("manifest differs:\n%s\n%s", out.files[manifest.File], plain.files[manifest.File])
		}
	}
}
