package render

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/handbok/handbok/internal/site"
	"github.com/handbok/handbok/themes"
)

func diagLines(ds site.Diagnostics) string {
	var b strings.Builder
	for _, d := range ds {
		b.WriteString(d.String() + "\n")
	}
	return b.String()
}

// TestHeadingSuggestions: a link to a heading that is not there is told the heading it
// likely meant: a near miss, the heading's own words, or the one id it begins.
func TestHeadingSuggestions(t *testing.T) {
	fsys := fstest.MapFS{
		"content/a.md": {Data: []byte("# A\n\n## Þjónusta fyrir alla\n\n## Opnunartími sumar\n\n## Annað\n")},
		"content/b.md": {Data: []byte("# B\n\n" +
			"[1](a.md#thjonusta-fyrir-all) [2](a.md#Þjónusta-fyrir-alla)\n" +
			"[3](a.md#opnunartimi) [4](a.md#alls-ekki)\n\n" +
			"## Kafli tvö\n\n[5](#kafli-tva)\n")},
	}
	_, warnings := build(t, fsys)
	want := `content/b.md:3:1: warning: link to a.md#thjonusta-fyrir-all: that page has no heading with the id "thjonusta-fyrir-all" (did you mean #thjonusta-fyrir-alla?)
content/b.md:3:31: warning: link to a.md#Þjónusta-fyrir-alla: that page has no heading with the id "Þjónusta-fyrir-alla" (did you mean #thjonusta-fyrir-alla?)
content/b.md:4:1: warning: link to a.md#opnunartimi: that page has no heading with the id "opnunartimi" (did you mean #opnunartimi-sumar?)
content/b.md:4:23: warning: link to a.md#alls-ekki: that page has no heading with the id "alls-ekki"
content/b.md:8:1: warning: link to #kafli-tva: this page has no heading with that id (did you mean #kafli-tvo?)
`
	if got := diagLines(warnings); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

// TestCheckLinksWithErrors: a site whose content has errors still has its links
// checked, those of the page with the error included, as a build would report them;
// a link to a heading of a page that could not be read adds nothing to its error.
func TestCheckLinksWithErrors(t *testing.T) {
	fsys := fstest.MapFS{
		"content/a.md": {Data: []byte("---\ntitle: A\nversion:1\n---\nSjá [b](vantar.md) og [c](c.md#kafli) og [x](x.md#kafli).\n")},
		"content/c.md": {Data: []byte("---\ntitle: C\n")},
		// Not UTF-8: read all the same, with a warning, and its headings known.
		"content/x.md": {Data: []byte("# X\n\n## Kafli\n\nUppl\xfdsingar\n")},
	}
	s, diags := site.Load(fsys, "test")
	if diags.Count(site.Error) != 2 || diags.Count(site.Warning) != 1 {
		t.Fatalf("want the two errors of the files and the warning of x.md, got:\n%s", diagLines(diags))
	}
	got, err := CheckLinks(context.Background(), s, fsys, themes.Default())
	if err != nil {
		t.Fatal(err)
	}
	want := "content/a.md:5:5: warning: link to vantar.md: no such page or file\n"
	if diagLines(got) != want {
		t.Errorf("got:\n%s\nwant:\n%s", diagLines(got), want)
	}
}

// TestLinkSuggestionPrefersNearest: of several files with the name a broken link gives,
// the one of the linking page's own workplace is suggested, else the one for every
// workplace, and only then another workplace's; a tie lists them all.
func TestLinkSuggestionPrefersNearest(t *testing.T) {
	workplace := func(title string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte("---\ntitle: " + title + "\nkind: workplace\n---\n")}
	}
	page := func(title string) *fstest.MapFile { return &fstest.MapFile{Data: []byte("# " + title + "\n")} }
	fsys := fstest.MapFS{
		"content/stefnur/_index.md":           {Data: []byte("---\nscope: all\n---\n")},
		"content/stefnur/thjonustustefna.md":  page("Þjónustustefna"),
		"content/bokasafn/_index.md":          workplace("Bókasafn"),
		"content/bokasafn/thjonustustefna.md": page("Þjónusta bókasafns"),
		"content/bokasafn/reglur.md":          page("Reglur"),
		"content/skoli/_index.md":             workplace("Skóli"),
		"content/skoli/reglur.md":             page("Reglur"),
		"content/skoli/nemendur/a.md":         page("A"),
		"content/sundlaug/_index.md":          workplace("Sundlaug"),
		"content/sundlaug/a.md": page("A\n\n[1](thjonustustefna.md) [2](../stefna/thjonustustefna.md) " +
			"[3](reglur.md)"),
		"content/skoli/nemendur/b.md":     page("B\n\n[4](thjonustustefna.md) [5](reglur.md) [6](eydublad.pdf)"),
		"content/bokasafn/eydublad.pdf":   {Data: []byte("%PDF")},
		"content/skoli/gogn/eydublad.pdf": {Data: []byte("%PDF")},
	}
	_, warnings := build(t, fsys)
	want := `content/skoli/nemendur/b.md:3:1: warning: link to thjonustustefna.md: no such page or file (did you mean ../../stefnur/thjonustustefna.md?)
content/skoli/nemendur/b.md:3:25: warning: link to reglur.md: no such page or file (did you mean ../reglur.md?)
content/skoli/nemendur/b.md:3:40: warning: link to eydublad.pdf: no such page or file (did you mean ../gogn/eydublad.pdf?)
content/sundlaug/a.md:3:1: warning: link to thjonustustefna.md: no such page or file (did you mean ../stefnur/thjonustustefna.md?)
content/sundlaug/a.md:3:25: warning: link to ../stefna/thjonustustefna.md: no such page or file (did you mean ../stefnur/thjonustustefna.md?)
content/sundlaug/a.md:3:59: warning: link to reglur.md: no such page or file (did you mean ../bokasafn/reglur.md or ../skoli/reglur.md?)
`
	if got := diagLines(warnings); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

// TestLinkSuggestionManyAlike: a broken link whose name many workplaces' files have names
// a few of them and counts the rest.
func TestLinkSuggestionManyAlike(t *testing.T) {
	fsys := fstest.MapFS{"content/x.md": {Data: []byte("# X\n\n[r](reglur.md)\n")}}
	for _, w := range []string{"a", "b", "c", "d", "e"} {
		fsys["content/"+w+"/_index.md"] = &fstest.MapFile{Data: []byte("---\ntitle: " + w + "\nkind: workplace\n---\n")}
		fsys["content/"+w+"/reglur.md"] = &fstest.MapFile{Data: []byte("# R\n")}
	}
	_, warnings := build(t, fsys)
	want := "content/x.md:3:1: warning: link to reglur.md: no such page or file (did you mean a/reglur.md, b/reglur.md, c/reglur.md or one of 2 more files of that name?)\n"
	if got := diagLines(warnings); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}
