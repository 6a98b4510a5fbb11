package main

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/handbok/handbok/internal/browsertest"
)

// TestNotFoundPage asks handbok serve --no-watch, for the example handbook published
// under a path (base_url https://intranet.example.is/handbok/), for a page that is not
// there: the answer is 404 with the theme's page-not-found page, styled as the rest of
// the handbook, in its language, accessible, and every link and asset on it works from
// that path, however deep the missing page was; its own search box finds pages.
func TestNotFoundPage(t *testing.T) {
	t.Parallel() // a browser of its own
	b := browsertest.New(t)
	axe := browsertest.AxeIfInstalled(t) // one check of many
	project := copyExample(t)
	cfg, err := os.ReadFile(filepath.Join(project, "handbok.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	write(t, project, "handbok.yaml", string(cfg)+"base_url: https://intranet.example.is/handbok/\n")
	base := startServe(t, project, "--no-watch", "--dest", filepath.Join(t.TempDir(), "public"))

	for _, missing := range []string{"/handbok/ekki-til.html", "/handbok/sundlaug/a/b/ekki-til.html"} {
		res, err := http.Get(base + missing)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusNotFound || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
			t.Errorf("%s: %d %s, want 404 text/html", missing, res.StatusCode, res.Header.Get("Content-Type"))
		}
	}

	ctx := b.Tab(t, 390)
	page := base + "/handbok/sundlaug/a/b/ekki-til.html"
	if err := chromedp.Do(ctx, chromedp.Navigate(page), chromedp.WaitReady(chromedp.CSS("h1"))); err != nil {
		t.Fatal(err)
	}
	got, err := chromedp.Run(ctx, chromedp.Evaluate[map[string]string](`({
		h1: document.querySelector("h1").textContent,
		lang: document.documentElement.lang,
		title: document.title,
		styled: String(document.styleSheets.length > 0 && getComputedStyle(document.querySelector(".site-header")).display !== "inline"),
	})`))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"h1": "Síðan fannst ekki", "lang": "is", "title": "Síðan fannst ekki · Starfsmannahandbók Dalvíkurbyggðar", "styled": "true"}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("the page-not-found page's %s is %q, want %q", k, got[k], v)
		}
	}
	browsertest.Screenshot(t, ctx, "not-found")
	axe.Check(t, ctx, "page not found")

	links, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](
		`[...document.querySelectorAll("a[href], link[href], script[src]")].map(e => e.href || e.src).filter(u => u.startsWith("http"))`))
	if err != nil {
		t.Fatal(err)
	}
	if len(links) < 8 {
		t.Fatalf("only %d links and assets on the page: %v", len(links), links)
	}
	for _, u := range links {
		if strings.HasPrefix(u, page+"#") {
			continue // the skip link
		}
		if !strings.HasPrefix(u, base+"/handbok/") {
			t.Errorf("%s leads outside the handbook's path", u)
			continue
		}
		res, err := http.Get(u)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusOK {
			t.Errorf("%s: %d", u, res.StatusCode)
		}
	}

	// The page itself offers a search, and it finds pages from any depth.
	const box = "main form[role=search] input[name=q]"
	if n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("`+box+`").length`)); err != nil || n != 1 {
		t.Fatalf("the page-not-found page has %d search boxes in its main part (%v), want 1", n, err)
	}
	if err := chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.CSS(box), "öryggisreglur"),
		chromedp.Submit(chromedp.CSS(box)),
		chromedp.WaitVisible(chromedp.CSS("#search-results li .result-title")),
	); err != nil {
		t.Fatal(err)
	}
	found, err := chromedp.Run(ctx, chromedp.Evaluate[map[string]string](`({
		url: location.href,
		first: document.querySelector("#search-results li .result-title").textContent,
	})`))
	if err != nil {
		t.Fatal(err)
	}
	if want := base + "/handbok/search.html?q="; !strings.HasPrefix(found["url"], want) || found["first"] != "Öryggisreglur og viðbrögð við slysum" {
		t.Errorf("searching from the page-not-found page led to %s, first result %q", found["url"], found["first"])
	}
}
