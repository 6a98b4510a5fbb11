package server

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/handbok/handbok/internal/browsertest"
)

// TestBrowserFolderAddress: a folder's address typed without its slash, under a base
// path and with a query, lands in Chromium on the folder's page with the slash, the path
// and the query kept, and the page's relative stylesheet and links work from there.
func TestBrowserFolderAddress(t *testing.T) {
	t.Parallel()
	b := browsertest.New(t)
	dir := t.TempDir()
	for name, data := range map[string]string{
		"stefnur/index.html": `<!DOCTYPE html><html lang="is"><head><meta charset="utf-8"><title>Stefnur</title>` +
			`<link rel="stylesheet" href="stefnur.css"></head><body><h1>Stefnur</h1><a href="sund.html">Sund</a></body></html>`,
		"stefnur/stefnur.css": "h1 { color: rgb(1, 2, 3) }",
	} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	srv := newServer(t, &Server{Dir: dir, Prefix: "/handbok"})
	ctx := b.Tab(t, 1280)
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/handbok/stefnur?fra=leit"), chromedp.WaitReady(chromedp.CSS("h1"))); err != nil {
		t.Fatal(err)
	}
	got, err := chromedp.Run(ctx, chromedp.Evaluate[map[string]string](`({
		at: location.pathname + location.search,
		color: getComputedStyle(document.querySelector("h1")).color,
		link: new URL(document.querySelector("a").href).pathname,
	})`))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"at": "/handbok/stefnur/?fra=leit", "color": "rgb(1, 2, 3)", "link": "/handbok/stefnur/sund.html"}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: %q, want %q", k, got[k], v)
		}
	}
}
