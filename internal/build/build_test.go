package build

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/handbok/handbok/internal/manifest"
	"github.com/handbok/handbok/internal/site"
	"github.com/handbok/handbok/search"
	"github.com/handbok/handbok/search/bleveindex"
)

// project writes a small handbook into a temporary folder and opens it.
func project(t *testing.T) *Project {
	t.Helper()
	dir := t.TempDir()
	write(t, dir, "handbok.yaml", "title: Prófun\n")
	write(t, dir, "content/_index.md", "# Prófun\n\nVelkomin.\n")
	write(t, dir, "content/stefna.md", "---\ntitle: Stefna\nkind: policy\n---\nFyrsta útgáfa um sundkort.\n")
	write(t, dir, "content/annad.md", "---\ntitle: Annað\n---\nHér er [stefnan](stefna.md).\n")
	p, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func write(t *testing.T, dir, name, data string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func read(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// A build that fails leaves the last good site as it was, and says so.
func TestBuildKeepsLastGoodSite(t *testing.T) {
	p := project(t)
	dest := p.DefaultDest()
	res, err := Build(context.Background(), p, dest, false)
	if err != nil {
		t.Fatal(err)
	}
	if res.Stats.Policies != 1 || res.Stats.Pages != 3 || !strings.Contains(read(t, filepath.Join(dest, "stefna.html")), "Fyrsta") {
		t.Fatalf("first build: %+v", res.Stats)
	}
	write(t, p.Dir, "content/stefna.md", "---\ntitle: Stefna\nkind: polcy\n---\nÖnnur.\n")
	res, err = Build(context.Background(), p, dest, false)
	if !errors.Is(err, ErrContent) || res.Diags.Count(site.Error) != 1 {
		t.Fatalf("a broken build: %v, %v", err, res.Diags)
	}
	if !strings.Contains(read(t, filepath.Join(dest, "stefna.html")), "Fyrsta") {
		t.Error("a failed build changed the last good site")
	}
	// A warning fails a strict build, and nothing is written.
	write(t, p.Dir, "content/stefna.md", "---\ntitle: Stefna\nkind: policy\n---\nSjá [ekkert](ekki-til.md).\n")
	if _, err := Build(context.Background(), p, dest, true); !errors.Is(err, ErrContent) {
		t.Errorf("a strict build with a warning: %v", err)
	}
	if !strings.Contains(read(t, filepath.Join(dest, "stefna.html")), "Fyrsta") {
		t.Error("a failed strict build changed the last good site")
	}
}

// A Builder rebuilds only the page that changed, tells OnLive of each build that is put
// in place (and of none that failed), and writes the search indexes of a rebuild in the
// background: the static index in the site and the bleve index that it opened.
func TestBuilderRebuild(t *testing.T) {
	p := project(t)
	dest := filepath.Join(t.TempDir(), "public")
	b := NewBuilder(p, dest, true)
	indexed := make(chan struct{}, 1)
	b.Indexed = func() { indexed <- struct{}{} }
	var lives []Live
	b.OnLive(func(l Live) { lives = append(lives, l) })
	defer b.Close()

	res, err := b.Build(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(lives) != 1 || lives[0].Site != res.Site || lives[0].Dest != dest || lives[0].Theme == nil || !lives[0].Full {
		t.Fatalf("after the first build, OnLive got %+v", lives)
	}
	<-indexed // the first build's: its static index was written with its pages
	idx, err := b.OpenIndex(context.Background(), res.Site)
	if err != nil {
		t.Fatal(err)
	}
	if found, _ := idx.Search(context.Background(), search.Query{Text: "sundkort"}); len(found) != 1 || found[0].ID != "stefna" {
		t.Errorf("the bleve index does not know the first build's text: %v", found)
	}

	write(t, p.Dir, "content/stefna.md", "---\ntitle: Stefna\nkind: policy\n---\nÖnnur útgáfa um hjólastóla.\n")
	res, err = b.Rebuild(context.Background(), []string{"content/stefna.md"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Stats.Rendered != 1 || len(lives) != 2 || lives[1].Full {
		t.Errorf("an edit of one page rendered %d pages; OnLive called %d times, the last with Full %v", res.Stats.Rendered, len(lives), lives[len(lives)-1].Full)
	}
	if !strings.Contains(read(t, filepath.Join(dest, "stefna.html")), "hjólastóla") {
		t.Error("the edit is not in the site")
	}
	<-indexed
	if found, _ := idx.Search(context.Background(), search.Query{Text: "hjólastólar"}); len(found) != 1 {
		t.Errorf("after the rebuild's indexes are written, the bleve index does not find the new text: %v", found)
	}
	if !staticIndexHas(t, dest, "hjólastóla") {
		t.Error("the static search index does not have the new text")
	}
	m, err := manifest.Read(dest)
	if err != nil || len(m.Policies) != 1 || m.Policies[0].Revision == "" {
		t.Errorf("manifest after the rebuild: %+v %v", m, err)
	}

	// Build, not told what changed, looks at every file, and writes the indexes too.
	write(t, p.Dir, "content/stefna.md", "---\ntitle: Stefna\nkind: policy\n---\nÞriðja útgáfa um rennibrautir.\n")
	if res, err = b.Build(context.Background()); err != nil || res.Stats.Rendered != 1 {
		t.Fatalf("a build after an edit it was not told of: %v, %d pages rendered", err, res.Stats.Rendered)
	}
	<-indexed
	if found, _ := idx.Search(context.Background(), search.Query{Text: "rennibraut"}); len(found) != 1 || !staticIndexHas(t, dest, "rennibrautir") {
		t.Errorf("after Build, the indexes lack the new text: bleve found %v", found)
	}

	write(t, p.Dir, "content/stefna.md", "---\ntitle: Stefna\nkind: polcy\n---\n")
	if _, err := b.Rebuild(context.Background(), []string{"content/stefna.md"}); !errors.Is(err, ErrContent) {
		t.Fatalf("a broken edit: %v", err)
	}
	if len(lives) != 3 {
		t.Error("OnLive was called for a build that failed")
	}
}

// staticIndexHas reports whether a file of the static search index in the site in dest
// holds text.
func staticIndexHas(t *testing.T, dest, text string) bool {
	t.Helper()
	found := false
	err := filepath.WalkDir(filepath.Join(dest, search.StaticDir), func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.Contains(read(t, p), text) {
			found = true
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return found
}

// The bleve index of a site loaded without its Markdown (a one-off build, serve
// --no-watch) has the pages' text: the documents are made from the files. A file that
// cannot be read is left out, not the end of the index, and is taken up once fixed.
func TestOpenIndexReadsText(t *testing.T) {
	p := project(t)
	write(t, p.Dir, "content/latin.md", "# Gj\xf6ld\n\nSkrifa\xf0 \xed Latin-1.\n")
	index := func() []search.Result {
		t.Helper()
		s, _ := p.LoadContent()
		idx, err := OpenIndex(context.Background(), p, s, bleveindex.Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer idx.Close()
		if found, _ := idx.Search(context.Background(), search.Query{Text: "sundkort"}); len(found) != 1 || found[0].ID != "stefna" {
			t.Errorf("a word only in a page's text: %v", found)
		}
		found, _ := idx.Search(context.Background(), search.Query{Text: "gjöld"})
		return found
	}
	if found := index(); len(found) != 0 {
		t.Errorf("an unreadable page was indexed: %v", found)
	}
	write(t, p.Dir, "content/latin.md", "# Gjöld\n\nNú í UTF-8.\n")
	if found := index(); len(found) != 1 {
		t.Errorf("the page, fixed, is not indexed: %v", found)
	}
}

// Check reports a link to a missing page as an error, which a build only warns of, and
// adds the audit's warnings; strict makes them errors.
func TestCheck(t *testing.T) {
	p := project(t)
	write(t, p.Dir, "content/annad.md", "---\ntitle: Annað\n---\nSjá [ekkert](ekki-til.md).\n")
	_, diags, err := Check(context.Background(), p, false, nil)
	if err != nil {
		t.Fatal(err)
	}
	if diags.Count(site.Error) != 1 || diags.Count(site.Warning) == 0 || !strings.Contains(diags.String(), "ekki-til.md") {
		t.Errorf("check: %v", diags)
	}
	_, strict, err := Check(context.Background(), p, true, nil)
	if err != nil {
		t.Fatal(err)
	}
	if strict.Count(site.Warning) != 0 || strict.Count(site.Error) != len(diags) {
		t.Errorf("strict check: %v", strict)
	}
}

// A destination that would take the project with it is refused.
func TestCheckDest(t *testing.T) {
	p := project(t)
	for _, dest := range []string{p.Dir, filepath.Dir(p.Dir), filepath.Join(p.Dir, "content"), filepath.Join(p.Dir, "content", "x"), filepath.Join(p.Dir, "themes")} {
		if err := p.CheckDest(dest); err == nil {
			t.Errorf("%s was allowed", dest)
		}
	}
	for _, dest := range []string{p.DefaultDest(), filepath.Join(t.TempDir(), "site")} {
		if err := p.CheckDest(dest); err != nil {
			t.Errorf("%s: %v", dest, err)
		}
	}
	if _, err := Open(filepath.Join(p.Dir, "handbok.yaml")); err == nil || !strings.HasSuffix(err.Error(), "handbok.yaml is not a folder") {
		t.Errorf("a file as the project: %v", err)
	}
}
