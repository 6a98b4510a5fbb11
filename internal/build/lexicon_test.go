package build

import (
	"context"
	"errors"
	"html"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/handbok/handbok/internal/site"
	"github.com/handbok/handbok/search"
	"github.com/handbok/handbok/search/bleveindex"
	"github.com/handbok/handbok/search/lexicon"
)

// lexiconFixture is the hand-written file in BÍN's format that search/lexicon tests with.
func lexiconFixture(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "search", "lexicon", "testdata", "SHsnid.csv"))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// The search page shows BÍN's credit line, in the handbook's language, when
// handbok.yaml names a lexicon, and nothing of it when it does not.
func TestLexiconCredit(t *testing.T) {
	p := project(t)
	search := func() string {
		t.Helper()
		res, err := Build(context.Background(), p, p.DefaultDest(), false)
		if err != nil {
			t.Fatalf("%v: %v", err, res.Diags)
		}
		return read(t, filepath.Join(p.DefaultDest(), "search.html"))
	}
	page := search()
	for _, lang := range []string{"is", "en"} {
		if credit := html.EscapeString(lexicon.Credit(lang)); strings.Contains(page, credit) || strings.Contains(page, "search-credit") {
			t.Errorf("without a lexicon, the search page has its credit line")
		}
	}

	write(t, p.Dir, "bin/SHsnid.csv", lexiconFixture(t))
	for _, lang := range []string{"is", "en"} {
		write(t, p.Dir, "handbok.yaml", "title: Prófun\nlanguage: "+lang+"\nsearch:\n  lexicon: bin/SHsnid.csv\n")
		page := search()
		credit := html.EscapeString(lexicon.Credit(lang))
		if !strings.Contains(page, `<p class="search-credit">`) || !strings.Contains(page, credit) ||
			!strings.Contains(page, `href="https://bin.arnastofnun.is/"`) || !strings.Contains(page, `rel="license"`) {
			t.Errorf("%s: the search page has no credit line %q:\n%s", lang, credit, page)
		}
	}
}

// search.lexicon is found relative to the project or at an absolute path; a missing
// file is an error at its line in handbok.yaml that says what to do, and `handbok
// check` reads the file's first lines.
func TestLexiconConfig(t *testing.T) {
	p := project(t)
	s, diags := p.LoadContent()
	if s.Config.Search.LexiconPath != "" || len(diags) != 0 {
		t.Errorf("without search.lexicon: path %q, %v", s.Config.Search.LexiconPath, diags)
	}

	write(t, p.Dir, "bin/SHsnid.csv", lexiconFixture(t))
	abs := filepath.Join(t.TempDir(), "KRISTINsnid.csv")
	write(t, filepath.Dir(abs), filepath.Base(abs), "x")
	for written, want := range map[string]string{
		"bin/SHsnid.csv": filepath.Join(p.Dir, "bin", "SHsnid.csv"),
		abs:              abs,
	} {
		write(t, p.Dir, "handbok.yaml", "title: Prófun\nsearch: {lexicon: '"+written+"'}\n")
		s, diags := p.LoadContent()
		if s.Config.Search.LexiconPath != want || len(diags) != 0 {
			t.Errorf("%s: path %q, want %q; %v", written, s.Config.Search.LexiconPath, want, diags)
		}
		// As handbok serve loads it, again and again.
		s, _, diags = p.load(site.NewCache())
		if s.Config.Search.LexiconPath != want || diags.Count(site.Error) != 0 {
			t.Errorf("%s, with a cache: path %q, want %q; %v", written, s.Config.Search.LexiconPath, want, diags)
		}
	}

	write(t, p.Dir, "handbok.yaml", "title: Prófun\nsearch:\n  lexicon: bin/BIN.csv\n")
	res, err := Build(context.Background(), p, p.DefaultDest(), false)
	got := res.Diags.String()
	if !errors.Is(err, ErrContent) || !strings.Contains(got, "handbok.yaml:3:12: search.lexicon: there is no file") ||
		!strings.Contains(got, lexicon.DownloadURL) || !strings.Contains(got, "remove search.lexicon") {
		t.Errorf("a missing lexicon: %v, %s", err, got)
	}
	if res.Site.Config.Search.LexiconPath != "" {
		t.Errorf("a missing lexicon has the path %q", res.Site.Config.Search.LexiconPath)
	}

	write(t, p.Dir, "bin/BIN.csv", "maður;1;kk;alm;maður;NFET\nmaður;1;kk;alm;menn\n")
	_, diags, err = Check(context.Background(), p, false, nil)
	if err != nil {
		t.Fatal(err)
	}
	if d := diags.String(); diags.Count(site.Error) != 1 || !strings.Contains(d, "handbok.yaml:3:12: search.lexicon: ") ||
		!strings.Contains(d, filepath.Join("bin", "BIN.csv")+":2: 5 fields") {
		t.Errorf("check of a broken lexicon: %s", d)
	}
}

// With search.lexicon, both indexes find a page by a form of its words' lemmas that the
// stemmer keys apart: "góð" and "meiri" find the page that says "betri" and "mikil", in
// the static index the browser reads and in the bleve index behind handbok search.
func TestLexiconFinds(t *testing.T) {
	p := project(t)
	write(t, p.Dir, "content/thjonusta.md", "---\ntitle: Þjónusta\n---\nBetri þjónusta. Mikil vinna.\n")
	write(t, p.Dir, "bin/SHsnid.csv", lexiconFixture(t))
	write(t, p.Dir, "handbok.yaml", "title: Prófun\nsearch: {lexicon: bin/SHsnid.csv}\n")
	res, err := Build(context.Background(), p, p.DefaultDest(), false)
	if err != nil {
		t.Fatalf("%v: %v", err, res.Diags)
	}
	shards, err := filepath.Glob(filepath.Join(p.DefaultDest(), "search", "shard-*.js"))
	if err != nil {
		t.Fatal(err)
	}
	var all strings.Builder
	for _, f := range shards {
		all.WriteString(read(t, f))
	}
	for _, w := range []string{"góður", "meiri"} {
		if key := `"` + search.Stem(w, search.Icelandic) + `$"`; !strings.Contains(all.String(), key) {
			t.Errorf("the static index has no key %s", key)
		}
	}
	idx, err := OpenIndex(context.Background(), p, res.Site, bleveindex.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	for _, q := range []string{"góð", "meiri"} {
		found, err := idx.Search(context.Background(), search.Query{Text: q})
		if err != nil {
			t.Fatal(err)
		}
		if len(found) != 1 || found[0].ID != "thjonusta" {
			t.Errorf("%s: %v, want the page thjonusta", q, found)
		}
	}
}
