package main

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/handbok/handbok/internal/browsertest"
)

// scriptProject writes a handbook whose content/ holds what could run script from the
// handbook's origin: a .htm that loads a .js beside it, and an SVG whose script element
// loads a .js; each script marks the document it runs in. A page shows the SVG as a
// picture.
func scriptProject(t *testing.T, rawHTML bool) string {
	t.Helper()
	dir := t.TempDir()
	cfg := "title: Handbók\nlanguage: is\n"
	if rawHTML {
		cfg += "markdown: {raw_html: true}\n"
	}
	write(t, dir, "handbok.yaml", cfg)
	write(t, dir, "content/_index.md", "# Handbók\n\n![Kort af svæðinu](mynd.svg)\n")
	write(t, dir, "content/x.htm", `<!DOCTYPE html><html lang="is"><head><title>x</title><script src="x.js"></script></head><body><p>x</p></body></html>`)
	write(t, dir, "content/x.js", `document.documentElement.setAttribute("data-ran", "yes");`)
	write(t, dir, "content/mynd.svg", `<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><script href="mynd.js"/><rect width="40" height="20" fill="teal"/></svg>`)
	write(t, dir, "content/mynd.js", `document.documentElement.setAttribute("data-ran", "yes");`)
	return dir
}

// ran opens url in the tab and reports whether a script of the file marked its document.
func ran(t *testing.T, ctx context.Context, url string) bool {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
		t.Fatalf("%s: %v", url, err)
	}
	got, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.getAttribute("data-ran") === "yes"`))
	if err != nil {
		t.Fatalf("%s: %v", url, err)
	}
	return got
}

// TestContentScripts: under handbok serve --no-watch, raw_html: false keeps the promise
// that content cannot run script on the handbook's site: neither a .htm with a .js beside
// it nor an SVG with a script element runs anything, while the SVG still shows as a
// picture in a page. With raw_html: true, the .htm and its .js are published and run as
// their author meant; an SVG opened by itself is sandboxed even then.
func TestContentScripts(t *testing.T) {
	t.Parallel() // a browser of its own
	b := browsertest.New(t)
	ctx := b.Tab(t, 800)

	safe := startServe(t, scriptProject(t, false), "--no-watch", "--dest", filepath.Join(t.TempDir(), "public"))
	for _, p := range []string{"/x.htm", "/mynd.svg"} {
		if ran(t, ctx, safe+p) {
			t.Errorf("raw_html: false, yet the script of %s ran", p)
		}
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(safe+"/index.html")); err != nil {
		t.Fatal(err)
	}
	width, err := chromedp.Run(ctx, chromedp.Poll[int](
		`(document.querySelector("img[src$='mynd.svg']") || {}).naturalWidth || 0`, chromedp.WithPollingTimeout(offlineWait), pollEvery))
	if err != nil || width != 40 {
		t.Errorf("the SVG is not shown as a picture in a page: width %d, %v", width, err)
	}

	trusted := startServe(t, scriptProject(t, true), "--no-watch", "--dest", filepath.Join(t.TempDir(), "public"))
	if !ran(t, ctx, trusted+"/x.htm") {
		t.Error("raw_html: true, yet the .htm's script did not run")
	}
	if ran(t, ctx, trusted+"/mynd.svg") {
		t.Error("an SVG opened by itself ran its script")
	}
}
