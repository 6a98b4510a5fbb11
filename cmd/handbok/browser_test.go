package main

import (
	"bytes"
	"context"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/handbok/handbok/internal/browsertest"
)

// buildExample builds the repository's example handbook into a temporary folder, with
// build's extra arguments.
func buildExample(t *testing.T, extra ...string) string {
	t.Helper()
	dest := t.TempDir()
	var stdout, stderr bytes.Buffer
	args := append([]string{"build", "--source", "../..", "--dest", dest}, extra...)
	if code := run(context.Background(), args, &stdout, &stderr); code != 0 {
		t.Fatalf("build failed (%d): %s", code, stderr.String())
	}
	if stderr.Len() > 0 {
		t.Errorf("the example handbook should build without warnings:\n%s", stderr.String())
	}
	return dest
}

// htmlFiles counts the pages of a built site that links reach.
func htmlFiles(t *testing.T, dir string) int {
	n := 0
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		// The offline page is for the service worker to show; no page links to it.
		if err == nil && strings.HasSuffix(p, ".html") && p != filepath.Join(dir, "offline.html") {
			n++
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestBrowser builds the example handbook once, packed for a USB stick too, and looks
// at it in headless Chromium the way people will: over http and from disk, on a phone
// and a desktop, with the keyboard, in dark mode and on paper. The parts run at the same
// time, each in a browser of its own, on the one build, which none of them changes.
func TestBrowser(t *testing.T) {
	t.Parallel()
	archive := filepath.Join(t.TempDir(), "handbok.zip")
	dest := buildExample(t, "--zip", archive)
	for _, part := range []struct {
		name string
		test func(*testing.T, *browsertest.Browser, string)
	}{
		{"Crawl", testCrawl},
		{"FromZip", func(t *testing.T, b *browsertest.Browser, dest string) { testFromZip(t, b, dest, archive) }},
		{"Pages", testPages},
		{"Keyboard", testKeyboard},
		{"DarkAndPrint", testDarkAndPrint},
		{"ReviewOverdue", testReviewOverdue},
		{"Search", testSearch},
		{"SearchSnippet", testSearchSnippet},
		{"KeyboardSearch", testKeyboardSearch},
	} {
		t.Run(part.name, func(t *testing.T) {
			t.Parallel()
			part.test(t, browsertest.New(t), dest)
		})
	}
}

// testSearch searches the example from disk and over http, the way staff would: with
// Icelandic letters, without them, in another inflection, from the search page and by
// typing into the box on any page. Disk and http run at the same time, each in a
// browser of its own.
func testSearch(t *testing.T, _ *browsertest.Browser, dest string) {
	srv := httptest.NewServer(http.FileServer(http.Dir(dest)))
	t.Cleanup(srv.Close)
	for scheme, root := range map[string]string{"file": "file://" + dest + "/", "http": srv.URL + "/"} {
		t.Run(scheme, func(t *testing.T) {
			t.Parallel()
			searchFrom(t, browsertest.New(t), scheme, root)
		})
	}
}

// searchFrom is testSearch from one root: a folder on disk, or a server.
func searchFrom(t *testing.T, b *browsertest.Browser, scheme, root string) {
	firstResult := func(ctx context.Context, sel string) string {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS(sel+" li .result-title"))); err != nil {
			t.Fatal(err)
		}
		title, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel+" li:first-child .result-title")))
		if err != nil {
			t.Fatal(err)
		}
		return title
	}
	ctx := b.Tab(t, 390)
	for _, c := range []struct{ query, want string }{
		{"þagnarskylda", "Þagnarskylda og meðferð persónuupplýsinga"},
		{"thagnarskylda", "Þagnarskylda og meðferð persónuupplýsinga"},
		{"ábending", "Meðferð ábendinga og kvartana"},
		{"abendingum", "Meðferð ábendinga og kvartana"},
		{"öryggisreglur sundlaug", "Öryggisreglur og viðbrögð við slysum"},
	} {
		if err := chromedp.Do(ctx, chromedp.Navigate(root+"search.html?q="+c.query)); err != nil {
			t.Fatal(err)
		}
		if got := firstResult(ctx, "#search-results"); got != c.want {
			t.Errorf("%s: search.html?q=%s: first result %q, want %q", scheme, c.query, got, c.want)
		}
	}

	// Typing into the box of an ordinary page shows results under it; the last word
	// counts as the start of a word.
	if err := chromedp.Do(ctx,
		chromedp.Navigate(root+"sundlaug/index.html"),
		chromedp.WaitReady(chromedp.CSS("#hb-q")),
		chromedp.SendKeys(chromedp.CSS("#hb-q"), "thagnarsk"),
	); err != nil {
		t.Fatal(err)
	}
	// The results of each shorter prefix show on the way; these are the whole word's
	// once the panel's link to all results asks for it.
	waitFor(t, ctx, `((document.querySelector("#hb-live a.live-all") || {}).href || "").endsWith("q=thagnarsk")`,
		`document.querySelector("#hb-live").outerHTML`)
	if got := firstResult(ctx, "#hb-live"); got != "Þagnarskylda og meðferð persónuupplýsinga" {
		t.Errorf("%s: typing thagnarsk: first live result %q", scheme, got)
	}
	if scheme == "file" { // the same panel over http: one screenshot is enough
		browsertest.Screenshot(t, ctx, "search-live")
	}

	// The keyboard moves from the box into the results and back, and Escape closes them.
	active := func() string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.activeElement.className + "|" + document.activeElement.textContent.trim()`))
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.ArrowDown)); err != nil {
		t.Fatal(err)
	}
	if got := active(); got != "result-title|Þagnarskylda og meðferð persónuupplýsinga" {
		t.Errorf("%s: ArrowDown from the box focuses %q", scheme, got)
	}
	if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.ArrowDown), chromedp.KeyEvent(kb.ArrowUp), chromedp.KeyEvent(kb.ArrowUp)); err != nil {
		t.Fatal(err)
	}
	if got := active(); !strings.HasPrefix(got, "|") {
		t.Errorf("%s: ArrowUp from the first result should return to the box, focus is on %q", scheme, got)
	}
	if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Escape)); err != nil {
		t.Fatal(err)
	}
	if hidden, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.getElementById("hb-live").hidden`)); err != nil || !hidden {
		t.Errorf("%s: Escape should close the live results (hidden %v, %v)", scheme, hidden, err)
	}

	// Filters: only the chosen workplace's pages, and the policies of every workplace.
	if err := chromedp.Do(ctx, chromedp.Navigate(root+"search.html?q=þagnarskylda&workplace=sundlaug")); err != nil {
		t.Fatal(err)
	}
	firstResult(ctx, "#search-results")
	metas, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("#search-results .result-meta")].map(e => e.textContent)`))
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range metas {
		if !strings.HasPrefix(m, "Sundlaug Dalvíkur") && m != "Stefna sem gildir á öllum vinnustöðum" {
			t.Errorf("%s: filtered to sundlaug, a result is from %q", scheme, m)
		}
	}
	if len(metas) == 0 {
		t.Errorf("%s: no results in sundlaug", scheme)
	}

	// A misspelt word, without its accents and a letter short: the page asks "Did
	// you mean …?" with a link to the search for the word as the handbook has it,
	// which finds the page; the box on any page asks the same.
	if err := chromedp.Do(ctx, chromedp.Navigate(root+"search.html?q=starfsmanahandbok")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, `!document.getElementById("search-suggestion").hidden`, `document.getElementById("search-status").textContent`)
	offer, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#search-suggestion")))
	if err != nil || offer != "Áttirðu við starfsmannahandbók?" {
		t.Errorf("%s: search.html?q=starfsmanahandbok offers %q (%v)", scheme, offer, err)
	}
	if got := firstResult(ctx, "#search-results"); got != "Starfsmannahandbók Dalvíkurbyggðar" {
		t.Errorf("%s: search.html?q=starfsmanahandbok: first result %q", scheme, got)
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS("#search-suggestion a")),
		chromedp.WaitReady(chromedp.CSS("#search-q"))); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, `document.getElementById("search-q").value === "starfsmannahandbók" && document.querySelector("#search-results li") !== null`,
		`location.href + " " + document.getElementById("search-status").textContent`)
	if got := firstResult(ctx, "#search-results"); got != "Starfsmannahandbók Dalvíkurbyggðar" {
		t.Errorf("%s: following the suggestion: first result %q", scheme, got)
	}
	if shown, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`!document.getElementById("search-suggestion").hidden`)); err != nil || shown {
		t.Errorf("%s: the word as the handbook has it is offered a correction (%v)", scheme, err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(root+"sundlaug/index.html"), chromedp.WaitReady(chromedp.CSS("#hb-q"))); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => { const q = document.getElementById("hb-q"); q.value = "starfsmanahandbok"; return q.dispatchEvent(new Event("input")); })()`)); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, `document.querySelector("#hb-live .live-suggestion a") !== null && !document.getElementById("hb-live").hidden`,
		`document.getElementById("hb-live").outerHTML`)
	if href, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("#hb-live .live-suggestion a").getAttribute("href")`)); err != nil ||
		href != "../search.html?q=starfsmannahandb%C3%B3k" {
		t.Errorf("%s: the box's suggestion links to %q (%v)", scheme, href, err)
	}

	// Nothing found: say so, and suggest what to do.
	if err := chromedp.Do(ctx, chromedp.Navigate(root+"search.html?q=xyzzyq"), chromedp.WaitVisible(chromedp.CSS("#search-empty"))); err != nil {
		t.Fatal(err)
	}
	status, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#search-status")))
	if err != nil || !strings.Contains(status, "xyzzyq") {
		t.Errorf("%s: no-results status %q (%v)", scheme, status, err)
	}
}

// testReviewOverdue: a policy whose review date has passed says so on the page, by the
// reader's clock; one still in date does not.
func testReviewOverdue(t *testing.T, b *browsertest.Browser, dest string) {
	ctx := b.Tab(t, 390)
	today := time.Now().Format(time.DateOnly)
	for _, url := range []string{"bokasafn/thjonustustefna.html", "stefnur/thjonustustefna.html"} {
		if err := chromedp.Do(ctx, chromedp.Navigate("file://"+filepath.Join(dest, url)), chromedp.WaitReady(chromedp.CSS("body"))); err != nil {
			t.Fatal(err)
		}
		got, err := chromedp.Run(ctx, chromedp.Evaluate[map[string]any](`({
			review: document.querySelector("time[data-review]").getAttribute("datetime"),
			shown: !document.querySelector(".review-overdue").hidden,
		})`))
		if err != nil {
			t.Fatal(err)
		}
		review, _ := got["review"].(string)
		if want := review < today; got["shown"] != want {
			t.Errorf("%s: review %s, today %s: overdue note shown %v, want %v", url, review, today, got["shown"], want)
		}
	}
}

// testCrawl opens the built example over http, follows every link, and fails on a
// missing page, asset or heading, on a link to a folder or to "/", and on a script error.
// Every page must be reachable from the front page. testFromZip does the same from disk.
func testCrawl(t *testing.T, b *browsertest.Browser, dest string) {
	srv := httptest.NewServer(http.FileServer(http.Dir(dest)))
	t.Cleanup(srv.Close)
	start := srv.URL + "/index.html"
	if n, pages := len(browsertest.Crawl(t, b.Tab(t, 1280), start)), htmlFiles(t, dest); n != pages {
		t.Errorf("from %s the crawl reached %d pages; the build wrote %d", start, n, pages)
	}
}

// testFromZip unpacks the archive that build --zip packed the example into, as a person
// would onto a USB stick, and opens it from disk: it holds the build, file for file;
// every link works, as testCrawl checks them, a link followed opens its page, and
// search finds what it should. The copy being the build, this is also the crawl of the
// build from disk.
func testFromZip(t *testing.T, b *browsertest.Browser, dest, archive string) {
	stick := t.TempDir()
	if err := unzip(archive, stick); err != nil {
		t.Fatal(err)
	}
	copied := filepath.Join(stick, "handbok")
	sameFiles(t, dest, copied)
	root := "file://" + copied + "/"
	ctx := b.Tab(t, 1280)
	if n, pages := len(browsertest.Crawl(t, ctx, root+"index.html")), htmlFiles(t, copied); n != pages {
		t.Errorf("the crawl of the unpacked copy reached %d pages; it holds %d", n, pages)
	}

	if err := chromedp.Do(ctx, chromedp.Navigate(root+"index.html"), chromedp.WaitReady(chromedp.CSS(`a[href="sundlaug/index.html"]`))); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.WaitEvent(page.LoadEventFired, nil, chromedp.Click(chromedp.CSS(`.cards a[href="sundlaug/index.html"]`)))); err != nil {
		t.Fatal(err)
	}
	if h1, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("h1"))); err != nil || h1 != "Sundlaug Dalvíkur" {
		t.Errorf("following the workplace's link opened %q (%v)", h1, err)
	}
	if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS("#hb-q"), "thagnarskylda\r"),
		chromedp.WaitVisible(chromedp.CSS("#search-results li .result-title"))); err != nil {
		t.Fatal(err)
	}
	if first, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#search-results li:first-child .result-title"))); err != nil || first != "Þagnarskylda og meðferð persónuupplýsinga" {
		t.Errorf("searching the copy on disk: first result %q (%v)", first, err)
	}
}

// sameFiles fails the test unless the folders hold the same files with the same bytes.
func sameFiles(t *testing.T, want, got string) {
	t.Helper()
	files := func(dir string) map[string][]byte {
		out := map[string][]byte{}
		err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			data, err := os.ReadFile(p)
			rel, _ := filepath.Rel(dir, p)
			out[filepath.ToSlash(rel)] = data
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	w, g := files(want), files(got)
	for name, data := range w {
		if gd, ok := g[name]; !ok {
			t.Errorf("%s is missing from %s", name, got)
		} else if !bytes.Equal(gd, data) {
			t.Errorf("%s differs between %s and %s", name, want, got)
		}
	}
	for name := range g {
		if _, ok := w[name]; !ok {
			t.Errorf("%s holds %s, which %s does not", got, name, want)
		}
	}
	if len(w) == 0 {
		t.Errorf("%s holds no files", want)
	}
}

// pageTypes are one page of each layout in the example.
var pageTypes = map[string]string{
	"home":      "index.html",
	"workplace": "sundlaug/index.html",
	"policy":    "stefnur/thjonustustefna.html",
	"checklist": "sundlaug/mottaka.html",
	"page":      "skrifstofa/gagnlegar-upplysingar.html",
	"section":   "dalvikurskoli/kennarar/index.html",
	"search":    "search.html?q=stefna",
	// Pages handbok makes itself: the accessibility statement, and the page the service
	// worker shows offline for a page it has not kept.
	"accessibility": "accessibility.html",
	"offline":       "offline.html",
}

// testKeyboard checks that the first Tab lands on a visible skip link with a focus
// outline, and that following it moves focus to the main content.
func testKeyboard(t *testing.T, b *browsertest.Browser, dest string) {
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

// testDarkAndPrint checks that the theme follows the system's dark mode, and that
// a printed policy drops the navigation and shows its version, approvals and print date.
func testDarkAndPrint(t *testing.T, b *browsertest.Browser, dest string) {
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
	if got["printDateShown"] == "none" || !strings.Contains(got["printDate"], strconv.Itoa(time.Now().Year())) {
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

// contrastScript finds text whose contrast with what is behind it is below WCAG 2.1 AA:
// 4.5:1, or 3:1 for large text (24 px, or 18.66 px bold). The background is found by
// compositing the element's ancestors' background colours.
const contrastScript = `(() => {
	const parse = c => {
		const m = c.match(/rgba?\(([^)]+)\)/);
		if (!m) return null;
		const p = m[1].split(/[\s,\/]+/).filter(Boolean).map(Number);
		return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1};
	};
	const over = (top, base) => ({
		r: top.r * top.a + base.r * (1 - top.a),
		g: top.g * top.a + base.g * (1 - top.a),
		b: top.b * top.a + base.b * (1 - top.a), a: 1});
	const lum = c => {
		const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
		return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
	};
	const background = el => {
		const layers = [];
		for (let e = el; e; e = e.parentElement) {
			const c = parse(getComputedStyle(e).backgroundColor);
			if (c && c.a > 0) { layers.push(c); if (c.a >= 1) break; }
		}
		let base = {r: 255, g: 255, b: 255, a: 1};
		for (let i = layers.length - 1; i >= 0; i--) base = over(layers[i], base);
		return base;
	};
	const bad = [];
	for (const el of document.querySelectorAll("body *")) {
		if (![...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim())) continue;
		const s = getComputedStyle(el), r = el.getBoundingClientRect();
		if (s.visibility === "hidden" || r.width <= 1 || r.height <= 1 || r.bottom < 0) continue;
		const bg = background(el), fg = over(parse(s.color), bg);
		const l1 = lum(fg), l2 = lum(bg);
		const ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
		const size = parseFloat(s.fontSize), bold = parseInt(s.fontWeight) >= 700;
		const need = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
		if (ratio < need) bad.push(el.tagName.toLowerCase() + "." + el.className + " \"" +
			el.textContent.trim().slice(0, 30) + "\": " + ratio.toFixed(2) + " < " + need);
	}
	return bad;
})()`
