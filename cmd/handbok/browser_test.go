package main

import (
	"bytes"
	"context"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/handbok/handbok/internal/browsertest"
)

// buildExample builds the repository's example handbook into a temporary folder.
func buildExample(t *testing.T) string {
	t.Helper()
	dest := t.TempDir()
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"build", "--source", "../..", "--dest", dest}, &stdout, &stderr); code != 0 {
		t.Fatalf("build failed (%d): %s", code, stderr.String())
	}
	if stderr.Len() > 0 {
		t.Errorf("the example handbook should build without warnings:\n%s", stderr.String())
	}
	return dest
}

func htmlFiles(t *testing.T, dir string) int {
	n := 0
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".html") {
			n++
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestBrowserExampleSite opens the built example over http and from disk, follows every
// link, and fails on a missing page, asset or heading, on a link to a folder or to "/",
// and on a script error. Every page must be reachable from the front page.
func TestBrowserExampleSite(t *testing.T) {
	dest := buildExample(t)
	pages := htmlFiles(t, dest)
	b := browsertest.New(t)
	srv := httptest.NewServer(http.FileServer(http.Dir(dest)))
	t.Cleanup(srv.Close)

	for _, start := range []string{srv.URL + "/index.html", "file://" + filepath.Join(dest, "index.html")} {
		ctx := b.Tab(t, 1280)
		visited := browsertest.Crawl(t, ctx, start)
		if len(visited) != pages {
			t.Errorf("from %s the crawl reached %d pages; the build wrote %d", start, len(visited), pages)
		}
	}
}

// pageTypes are one page of each layout in the example.
var pageTypes = map[string]string{
	"home":      "index.html",
	"workplace": "sundlaug/index.html",
	"policy":    "stefnur/thjonustustefna.html",
	"checklist": "sundlaug/mottaka.html",
	"page":      "skrifstofa/gagnlegar-upplysingar.html",
	"section":   "stefnur/index.html",
}

// TestBrowserLayouts takes screenshots of every page type on a phone and a desktop, from
// disk, and checks what a person would notice: nothing wider than the screen, one h1, the
// landmarks, the language, a skip link that is the first thing Tab reaches.
func TestBrowserLayouts(t *testing.T) {
	dest := buildExample(t)
	b := browsertest.New(t)
	for _, width := range []int{390, 1280} {
		ctx := b.Tab(t, width)
		for name, url := range pageTypes {
			if err := chromedp.Do(ctx, chromedp.Navigate("file://"+filepath.Join(dest, url)), chromedp.WaitReady(chromedp.CSS("body"))); err != nil {
				t.Fatal(err)
			}
			browsertest.Screenshot(t, ctx, name+"-"+map[int]string{390: "phone", 1280: "desktop"}[width])

			overflow, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth - window.innerWidth`))
			if err != nil {
				t.Fatal(err)
			}
			if overflow > 0 {
				t.Errorf("%s at %d px: the page is %d px wider than the screen", name, width, overflow)
			}
			counts, err := chromedp.Run(ctx, chromedp.Evaluate[map[string]int](`({
				h1: document.querySelectorAll("h1").length,
				main: document.querySelectorAll("main").length,
				header: document.querySelectorAll("body > header").length,
				footer: document.querySelectorAll("body > footer").length,
				lang: document.documentElement.lang === "is" ? 1 : 0,
				imgNoAlt: document.querySelectorAll("img:not([alt])").length,
			})`))
			if err != nil {
				t.Fatal(err)
			}
			want := map[string]int{"h1": 1, "main": 1, "header": 1, "footer": 1, "lang": 1, "imgNoAlt": 0}
			for k, v := range want {
				if counts[k] != v {
					t.Errorf("%s at %d px: %s = %d, want %d", name, width, k, counts[k], v)
				}
			}
		}
	}
}

// TestBrowserKeyboard checks that the first Tab lands on a visible skip link with a focus
// outline, and that following it moves focus to the main content.
func TestBrowserKeyboard(t *testing.T) {
	dest := buildExample(t)
	b := browsertest.New(t)
	ctx := b.Tab(t, 390)
	if err := chromedp.Do(ctx,
		chromedp.Navigate("file://"+filepath.Join(dest, "stefnur/thjonustustefna.html")),
		chromedp.WaitReady(chromedp.CSS("body")),
		chromedp.KeyEvent("\t"),
	); err != nil {
		t.Fatal(err)
	}
	focused, err := chromedp.Run(ctx, chromedp.Evaluate[map[string]string](`(() => {
		const el = document.activeElement, s = getComputedStyle(el), r = el.getBoundingClientRect();
		return {cls: el.className, outline: s.outlineStyle, visible: String(r.top >= 0 && r.height > 0)};
	})()`))
	if err != nil {
		t.Fatal(err)
	}
	if focused["cls"] != "skip" || focused["outline"] == "none" || focused["visible"] != "true" {
		t.Errorf("first Tab: focused %v, want the visible skip link with an outline", focused)
	}
	if err := chromedp.Do(ctx, chromedp.KeyEvent("\r")); err != nil {
		t.Fatal(err)
	}
	id, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.activeElement.id`))
	if err != nil {
		t.Fatal(err)
	}
	if id != "main" {
		t.Errorf("after the skip link, focus is on %q, want main", id)
	}
}

// TestBrowserDarkAndPrint checks that the theme follows the system's dark mode, and that
// a printed policy drops the navigation and shows its version, approvals and print date.
func TestBrowserDarkAndPrint(t *testing.T) {
	dest := buildExample(t)
	b := browsertest.New(t)
	ctx := b.Tab(t, 1280)
	policy := "file://" + filepath.Join(dest, "stefnur/thjonustustefna.html")
	background := func() string {
		bg, err := chromedp.Run(ctx, chromedp.Evaluate[string](`getComputedStyle(document.body).backgroundColor`))
		if err != nil {
			t.Fatal(err)
		}
		return bg
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(policy), chromedp.WaitReady(chromedp.CSS("body"))); err != nil {
		t.Fatal(err)
	}
	light := background()
	media := func(m string, features ...*emulation.MediaFeature) {
		if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: m, Features: features}); err != nil {
			t.Fatal(err)
		}
	}
	media("", &emulation.MediaFeature{Name: "prefers-color-scheme", Value: "dark"})
	dark := background()
	browsertest.Screenshot(t, ctx, "policy-dark")
	if light == dark || dark != "rgb(16, 22, 30)" {
		t.Errorf("background: light %s, dark %s; want the dark theme's rgb(16, 22, 30)", light, dark)
	}

	media("print")
	got, err := chromedp.Run(ctx, chromedp.Evaluate[map[string]string](`({
		header: getComputedStyle(document.querySelector(".site-header")).display,
		nav: getComputedStyle(document.querySelector("nav.workplaces")).display,
		printDate: document.querySelector("[data-print-date]").textContent,
		printDateShown: getComputedStyle(document.querySelector(".print-only")).display,
		approvals: document.querySelector(".approvals").innerText,
		version: document.querySelector(".policy-facts").innerText,
	})`))
	if err != nil {
		t.Fatal(err)
	}
	if got["header"] != "none" || got["nav"] != "none" {
		t.Errorf("print shows the header (%s) or the navigation (%s)", got["header"], got["nav"])
	}
	if got["printDateShown"] == "none" || !strings.Contains(got["printDate"], "2") {
		t.Errorf("print date %q shown as %s, want a date", got["printDate"], got["printDateShown"])
	}
	if !strings.Contains(got["approvals"], "734. fundur") || !strings.Contains(got["approvals"], "19. maí 2015") {
		t.Errorf("printed approvals: %q", got["approvals"])
	}
	if !strings.Contains(got["version"], "ÚTGÁFA") && !strings.Contains(got["version"], "Útgáfa") {
		t.Errorf("printed facts have no version: %q", got["version"])
	}
	pdf, err := chromedp.Run(ctx, chromedp.PrintToPDF(chromedp.PDFPaper(chromedp.PaperA4)))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(pdf, []byte("%PDF")) {
		t.Error("printing to PDF gave no PDF")
	}
}
