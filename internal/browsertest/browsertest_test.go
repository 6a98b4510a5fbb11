package browsertest

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/chromedp"
)

// goodSite links every page, a stylesheet, a script, an image, anchors and
// external links, with no mistake.
var goodSite = map[string]string{
	"index.html": htmlPage("Home", `
		<p id="intro">Intro. <a href="#intro">here</a> <a href="about.html">About</a>
		<a href="docs/guide.html#install">Install</a> <a href="docs/guide.html">Guide</a>
		<a href="stefnur/þagnarskylda.html#ábyrgð">Þagnarskylda</a>
		<a href="mailto:someone@example.com">mail</a> <a href="tel:+3541234567">phone</a>
		<a href="https://example.com/elsewhere/">elsewhere</a>
		<img src="img/dot.png" alt="dot"> <picture><source srcset="img/dot.png 1x, img/dot.png 2x"><img src="img/dot.png" alt=""></picture>
		<script src="app.js"></script>`),
	"about.html": htmlPage("About", `<h1 id="about">About</h1>
		<a href="index.html">Home</a> <a href="docs/guide.html#usage">Usage</a>
		<a href="docs/guide.html?q=a">a</a> <a href="docs/guide.html?q=b#install">b</a>`), // one visit to guide.html
	"docs/guide.html": `<!doctype html><html lang="en"><head><meta charset="utf-8">
		<meta name="viewport" content="width=device-width, initial-scale=1">
		<title>Guide</title><link rel="stylesheet" href="../style.css"></head>
		<body><h2 id="install">Install</h2><h2 id="usage">Usage</h2><a name="old-anchor"></a>
		<a href="../index.html">Home</a> <a href="#old-anchor">old</a> <a href="#top">top</a></body></html>`,
	"stefnur/þagnarskylda.html": `<!doctype html><meta charset="utf-8"><title>Þ</title>
		<h1 id="ábyrgð">Ábyrgð</h1><a href="../index.html#intro">Heim</a> <a href="#%C3%A1byrg%C3%B0">hér</a>`,
	"style.css": `body { font-family: sans-serif; margin: 0; } .tall { height: 3000px; background: #eef; }`,
	"app.js":    `console.log("app loaded"); document.body.dataset.js = "yes";`,
}

// brokenSite has one of each mistake that Crawl must report.
var brokenSite = map[string]string{
	"index.html": htmlPage("Broken", `
		<a href="missing.html">missing</a>
		<a href="/abs.html">absolute</a>
		<a href="sub/">folder with slash</a>
		<a href="sub">folder without slash</a>
		<a href="other.html#nope">bad fragment</a>
		<a href="other.html#yes">good fragment</a>
		<a href="../outside.html">outside</a>
		<img src="img/missing.png" alt="">
		<div style="height: 10px; background: url(img/gone.png)"></div>
		<script src="throws.js"></script>
		<script>console.error("something bad");</script>`),
	"other.html":     htmlPage("Other", `<p id="yes">yes</p><a href="index.html">home</a>`),
	"sub/index.html": htmlPage("Sub", `<p>sub</p>`),
	"throws.js":      `throw new Error("boom from throws.js");`,
}

// htmlPage is a small HTML page with the site's stylesheet.
func htmlPage(title, body string) string {
	return `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>` + title + `</title><link rel="stylesheet" href="style.css"></head>
<body>` + body + `</body></html>`
}

// writeSite writes the files to a new folder, with style.css and
// img/dot.png added, and returns the folder.
func writeSite(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	var dot bytes.Buffer
	img := image.NewRGBA(image.Rect(0, 0, 2, 2))
	img.Set(0, 0, color.RGBA{R: 200, A: 255})
	if err := png.Encode(&dot, img); err != nil {
		t.Fatal(err)
	}
	all := map[string]string{"style.css": goodSite["style.css"], "img/dot.png": dot.String()}
	for name, text := range files {
		all[name] = text
	}
	for name, text := range all {
		file := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(file, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// fileURL is the file:// URL of a file.
func fileURL(file string) string {
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(file)}).String()
}

// serve serves the folder over http until the test ends.
func serve(t *testing.T, dir string) string {
	ts := httptest.NewServer(http.FileServer(http.Dir(dir)))
	t.Cleanup(ts.Close)
	return ts.URL
}

// recorder is a testing.TB that records Errorf, Fatalf and Skipf calls
// instead of failing the test. Fatal and Skip stop the goroutine, so run the
// code under test with run.
type recorder struct {
	testing.TB
	mu      sync.Mutex
	errors  []string
	logs    []string
	fatal   string
	skipped string
}

func (r *recorder) Logf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.logs = append(r.logs, fmt.Sprintf(format, args...))
}

func (r *recorder) Errorf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}

func (r *recorder) Fatalf(format string, args ...any) {
	r.mu.Lock()
	r.fatal = fmt.Sprintf(format, args...)
	r.mu.Unlock()
	runtime.Goexit()
}

func (r *recorder) Skipf(format string, args ...any) {
	r.mu.Lock()
	r.skipped = fmt.Sprintf(format, args...)
	r.mu.Unlock()
	runtime.Goexit()
}

// run calls f on a goroutine of its own, so that Fatalf and Skipf can stop it.
func (r *recorder) run(f func()) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		f()
	}()
	<-done
}

// names turns visited URLs into paths relative to base, sorted.
func names(base string, visited []string) []string {
	var out []string
	for _, v := range visited {
		out = append(out, strings.TrimPrefix(v, base))
	}
	slices.Sort(out)
	return out
}

func TestCrawlGoodSite(t *testing.T) {
	t.Parallel()
	b := New(t)
	dir := writeSite(t, goodSite)
	want := []string{"/about.html", "/docs/guide.html", "/index.html", "/stefnur/%C3%BEagnarskylda.html"}

	t.Run("file", func(t *testing.T) {
		ctx := b.Tab(t, 1280)
		visited := Crawl(t, ctx, fileURL(filepath.Join(dir, "index.html")))
		if got := names(fileURL(dir), visited); !slices.Equal(got, want) {
			t.Errorf("visited %q, want %q", got, want)
		}
		if !strings.HasSuffix(visited[0], "/index.html") {
			t.Errorf("first page %s, want index.html", visited[0])
		}
	})

	t.Run("http", func(t *testing.T) {
		base := serve(t, dir)
		visited := Crawl(t, b.Tab(t, 390), base+"/index.html")
		if got := names(base, visited); !slices.Equal(got, want) {
			t.Errorf("visited %q, want %q", got, want)
		}
	})
}

func TestCrawlBrokenSite(t *testing.T) {
	t.Parallel()
	b := New(t)
	dir := writeSite(t, brokenSite)
	common := []string{
		`<a href="missing.html">: missing`,
		`<img src="img/missing.png">: missing`,
		`/img/gone.png)`, // a failed load that the browser logs
		`<a href="/abs.html"> is site-absolute`,
		`<a href="sub/">: links to a folder`,
		`<a href="sub">: links to a folder`,
		`<a href="other.html#nope">: no id "nope" on`,
		`boom from throws.js`,
		`console.error(something bad)`,
	}
	for _, tc := range []struct {
		name, start string
		want        []string
	}{
		{"file", fileURL(filepath.Join(dir, "index.html")), append([]string{
			`<a href="../outside.html"> points outside the site's folder`,
		}, common...)},
		{"http", serve(t, dir) + "/index.html", append([]string{
			`<a href="../outside.html">: missing: status 404`,
		}, common...)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := b.Tab(t, 1280)
			rec := &recorder{TB: t}
			var visited []string
			rec.run(func() { visited = Crawl(rec, ctx, tc.start) })
			if rec.fatal != "" {
				t.Fatalf("Crawl stopped: %s", rec.fatal)
			}
			for _, w := range tc.want {
				n := 0
				for _, e := range rec.errors {
					if strings.Contains(e, w) {
						n++
					}
				}
				if n != 1 {
					t.Errorf("%d errors contain %q, want 1", n, w)
				}
			}
			for _, e := range rec.errors {
				t.Log(e)
				if !slices.ContainsFunc(tc.want, func(w string) bool { return strings.Contains(e, w) }) {
					t.Errorf("unexpected error: %s", e)
				}
			}
			if len(visited) != 2 {
				t.Errorf("visited %q, want index.html and other.html", visited)
			}
		})
	}
}

func TestScreenshot(t *testing.T) {
	b := New(t)
	out := t.TempDir()
	t.Setenv("HANDBOK_TEST_OUTPUT", out)
	dir := writeSite(t, map[string]string{"tall.html": htmlPage("Tall", `<div class="tall">tall</div>`)})

	for _, tc := range []struct {
		name          string
		width, height int
	}{
		{"phone", 390, 844},
		{"desktop", 1280, 800},
	} {
		ctx := b.Tab(t, tc.width)
		if err := chromedp.Do(ctx,
			chromedp.Navigate(fileURL(filepath.Join(dir, "tall.html"))),
			chromedp.WaitReady(chromedp.CSS(".tall")),
		); err != nil {
			t.Fatal(err)
		}
		Screenshot(t, ctx, tc.name)

		file := filepath.Join(out, "TestScreenshot", tc.name+".png")
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		cfg, err := png.DecodeConfig(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		if cfg.Width != tc.width || cfg.Height < 3000 {
			t.Errorf("%s is %dx%d, want %d wide and the whole 3000px page high", file, cfg.Width, cfg.Height, tc.width)
		}
	}
}

func TestOutDir(t *testing.T) {
	t.Run("env", func(t *testing.T) {
		out := t.TempDir()
		t.Setenv("HANDBOK_TEST_OUTPUT", out)
		want := filepath.Join(out, "TestOutDir", "env")
		if got := OutDir(t); got != want {
			t.Errorf("OutDir = %s, want %s", got, want)
		}
		if fi, err := os.Stat(want); err != nil || !fi.IsDir() {
			t.Errorf("OutDir did not create %s: %v", want, err)
		}
	})
	t.Run("module root", func(t *testing.T) {
		t.Setenv("HANDBOK_TEST_OUTPUT", "")
		root, err := filepath.Abs("../..") // this package is internal/browsertest
		if err != nil {
			t.Fatal(err)
		}
		want := filepath.Join(root, "test-output", "TestOutDir", "module_root")
		t.Cleanup(func() { // leave no empty folders behind
			for _, d := range []string{want, filepath.Dir(want), filepath.Dir(filepath.Dir(want))} {
				os.Remove(d)
			}
		})
		if got := OutDir(t); got != want {
			t.Errorf("OutDir = %s, want %s", got, want)
		}
	})
}

func TestNewWithoutChromium(t *testing.T) {
	t.Setenv("HANDBOK_CHROMIUM", filepath.Join(t.TempDir(), "no-such-chromium"))

	t.Setenv("CI", "true")
	rec := &recorder{TB: t}
	rec.run(func() { New(rec) })
	if rec.fatal == "" || rec.skipped != "" {
		t.Errorf("with CI=true: fatal %q, skipped %q; want a fatal error", rec.fatal, rec.skipped)
	}

	t.Setenv("CI", "")
	rec = &recorder{TB: t}
	rec.run(func() { New(rec) })
	if rec.skipped == "" || rec.fatal != "" {
		t.Errorf("without CI: fatal %q, skipped %q; want a skip", rec.fatal, rec.skipped)
	}
}

// TestAxeMissing: without axe-core the tests skip, saying how to install it, except
// under CI=true, where they fail. A test for which accessibility is one check among
// others goes on without it, and each check says it checked nothing.
func TestAxeMissing(t *testing.T) {
	t.Setenv("HANDBOK_AXE", filepath.Join(t.TempDir(), "axe.min.js"))
	for _, ci := range []string{"", "true"} {
		t.Setenv("CI", ci)
		rec := &recorder{TB: t}
		rec.run(func() { NewAxe(rec) })
		got := rec.skipped
		if ci == "true" {
			got = rec.fatal
		}
		if !strings.Contains(got, "npm ci --prefix "+AxePackage) {
			t.Errorf("CI=%q: skipped %q, failed %q; want the install command in the one for CI=%q", ci, rec.skipped, rec.fatal, ci)
		}

		rec = &recorder{TB: t}
		var axe *Axe
		went := false
		rec.run(func() {
			axe = AxeIfInstalled(rec)
			axe.Check(rec, context.Background(), "a page")
			went = true
		})
		switch {
		case ci == "true" && (!strings.Contains(rec.fatal, "npm ci --prefix "+AxePackage) || went):
			t.Errorf("CI=true, AxeIfInstalled: failed %q, went on %v; want a failure", rec.fatal, went)
		case ci == "" && (axe != nil || !went || rec.skipped != "" || rec.fatal != "" || len(rec.logs) != 1 || !strings.Contains(rec.logs[0], "a page: not checked")):
			t.Errorf("without CI, AxeIfInstalled: %v, went on %v, skipped %q, failed %q, logged %q; want the test to go on, each check logged", axe, went, rec.skipped, rec.fatal, rec.logs)
		}
	}
}

// TestAxe: the check finds what it is there to find, and passes a page that has none.
func TestAxe(t *testing.T) {
	t.Parallel()
	axe := NewAxe(t)
	b := New(t)
	ctx := b.Tab(t, 390)
	if err := chromedp.Do(ctx, chromedp.Navigate(`data:text/html,<!DOCTYPE html><html><title>x</title><img src="a.png"><a href="%23"></a></html>`)); err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	rec := &recorder{TB: t}
	for _, v := range axe.Check(rec, ctx, "bad page") {
		got[v.ID] = true
	}
	for _, want := range []string{"image-alt", "link-name", "html-has-lang"} {
		if !got[want] {
			t.Errorf("axe did not report %s on a page that breaks it; it reported %v", want, got)
		}
	}
	if len(rec.errors) != len(got) {
		t.Errorf("each violation should be reported once: %d reports for %d rules", len(rec.errors), len(got))
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(`data:text/html,<!DOCTYPE html><html lang="is"><title>Gott</title><main><h1>Gott</h1><p>Texti.</p></main></html>`)); err != nil {
		t.Fatal(err)
	}
	if v := axe.Check(t, ctx, "good page"); len(v) != 0 {
		t.Errorf("a page without problems: %v", v)
	}
	// The colors' rules alone: poor contrast, and not the missing alt text.
	if err := chromedp.Do(ctx, chromedp.Navigate(`data:text/html,<!DOCTYPE html><html lang="is"><title>x</title><main><h1>x</h1><p style="color:%23aaa">Lágt</p><img src="a.png"></main></html>`)); err != nil {
		t.Fatal(err)
	}
	rec = &recorder{TB: t}
	var ids []string
	for _, v := range axe.CheckColors(rec, ctx, "pale page") {
		ids = append(ids, v.ID)
	}
	if len(ids) != 1 || ids[0] != "color-contrast" || len(rec.errors) != 1 {
		t.Errorf("CheckColors on a page of pale text without alt text reported %v (%d errors), want color-contrast alone", ids, len(rec.errors))
	}
}

// TestWatch: Watch keeps what a page asks for, from disk and over http, and the errors
// it logs.
func TestWatch(t *testing.T) {
	t.Parallel()
	b := New(t)
	dir := writeSite(t, map[string]string{
		"asks.html": htmlPage("Asks", `<script>fetch("`+serve(t, t.TempDir())+`/nothing").catch(() => {});
			console.error("told");</script>`),
	})
	ctx := b.Tab(t, 390)
	seen := Watch(t, ctx)
	page := fileURL(filepath.Join(dir, "asks.html"))
	if err := chromedp.Do(ctx, chromedp.Navigate(page)); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`performance.getEntriesByType("resource").some(e => e.name.endsWith("/nothing"))`)); err != nil {
		t.Fatal(err)
	}
	got := strings.Join(seen.Requests(), " ")
	for _, want := range []string{page, fileURL(filepath.Join(dir, "style.css")), "/nothing"} {
		if !strings.Contains(got, want) {
			t.Errorf("Watch saw the requests %s, without %s", got, want)
		}
	}
	if errs := strings.Join(seen.Errors(), " "); !strings.Contains(errs, "told") {
		t.Errorf("Watch saw the errors %q, without the page's console.error", errs)
	}
}

// TestNewKeepsTestsApart: two tests' browsers share one Chromium, yet what a page keeps
// in one (a cookie, local storage) the other does not see, while two tabs of one
// browser see the same.
func TestNewKeepsTestsApart(t *testing.T) {
	t.Parallel()
	base := serve(t, writeSite(t, map[string]string{"index.html": htmlPage("Home", `<p>home</p>`)}))
	kept := func(ctx context.Context) string {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.Navigate(base+"/index.html")); err != nil {
			t.Fatal(err)
		}
		got, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.cookie + "|" + (localStorage.getItem("kept") || "")`))
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	one, other := New(t), New(t)
	ctx := one.Tab(t, 390)
	kept(ctx)
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`document.cookie = "kept=yes"; localStorage.setItem("kept", "yes")`)); err != nil {
		t.Fatal(err)
	}
	if got := kept(one.Tab(t, 390)); got != "kept=yes|yes" {
		t.Errorf("another tab of the same browser sees %q, want the cookie and the storage", got)
	}
	if got := kept(other.Tab(t, 390)); got != "|" {
		t.Errorf("another test's browser sees %q, want nothing kept", got)
	}
}
