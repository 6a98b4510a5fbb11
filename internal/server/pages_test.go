package server

import (
	"bytes"
	"io"
	"io/fs"
	"log/slog"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/handbok/handbok/internal/manifest"
	"github.com/handbok/handbok/themes"
)

func readBody(t *testing.T, url string) (int, string) {
	t.Helper()
	res := get(t, url)
	defer res.Body.Close()
	data, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res.StatusCode, string(data)
}

// A page that is not there gets the theme's page-not-found page, in the handbook's
// frame and language, its links from the site's root under the prefix; in watch mode it
// reloads with the rest.
func TestNotFoundPage(t *testing.T) {
	s := &Server{Dir: site(t), Prefix: "/handbok", Reload: NewReload()}
	s.SetPages(NewPages(themes.Default(), Handbook{Title: "Handbók <Bæjar>", Organisation: "Bær", Language: "en",
		Contact: &manifest.Contact{Email: "mannaudur@example.is"}}, s.Prefix, slog.New(slog.DiscardHandler)))
	srv := newServer(t, s)
	code, page := readBody(t, srv.URL+"/handbok/a/b/ekki-til.html")
	if code != 404 {
		t.Errorf("status %d", code)
	}
	for _, want := range []string{
		`<html lang="en">`, `<title>Page not found · Handbók &lt;Bæjar&gt;</title>`, `<h1>Page not found</h1>`,
		`href="/handbok/index.html"`, `action="/handbok/search.html"`, `href="/handbok/assets/handbok.`,
		`mailto:mannaudur@example.is`, `/handbok` + reloadScriptPath,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %q:\n%s", want, page)
		}
	}
	if strings.Contains(page, `href="index.html"`) || strings.Contains(page, `href="/index.html"`) {
		t.Errorf("a link leaves the prefix or depends on the page's depth:\n%s", page)
	}
	if code, again := readBody(t, srv.URL+"/handbok/ekki-til"); code != 404 || again != page {
		t.Errorf("another missing page at another depth gets another page (%d)", code)
	}
}

// Without a theme that can draw it, the page is plain, still links to the front page
// under the prefix, and the problem is logged once.
func TestNotFoundPlain(t *testing.T) {
	var log bytes.Buffer
	s := &Server{Dir: site(t), Prefix: "/handbok", Log: slog.New(slog.NewTextHandler(&log, nil))}
	srv := newServer(t, s)
	plain := func() {
		t.Helper()
		code, page := readBody(t, srv.URL+"/handbok/ekki-til.html")
		if code != 404 || !strings.Contains(page, `<a href="/handbok/index.html">`) {
			t.Errorf("plain page-not-found page: %d\n%s", code, page)
		}
	}
	plain() // before any build is live

	// A theme of one's own made before layouts/404.html was part of the built-in one.
	own := fstest.MapFS{}
	if err := fs.WalkDir(themes.Default(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || p == "layouts/404.html" {
			return err
		}
		data, err := fs.ReadFile(themes.Default(), p)
		own[p] = &fstest.MapFile{Data: data}
		return err
	}); err != nil {
		t.Fatal(err)
	}
	s.SetPages(NewPages(own, Handbook{Title: "Handbók", Language: "is"}, s.Prefix, s.Log))
	plain()
	plain()
	if n := strings.Count(log.String(), "page-not-found"); n != 1 {
		t.Errorf("the theme's problem is logged %d times, want once for the build:\n%s", n, log.String())
	}
}
