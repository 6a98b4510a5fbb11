package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/handbok/handbok/internal/browsertest"
)

// testPages opens every page type once on a phone and once on a desktop, from disk, and
// checks each the way a person would meet it, in light mode and then in dark:
//   - the layout (light): a screenshot; nothing wider than the screen; one h1, the
//     landmarks, the language, no image without alt text;
//   - contrast (desktop, light and dark): no text below WCAG 2.1 AA against what is
//     behind it;
//   - axe-core's WCAG 2.1 A and AA rules (phone and desktop, light; in dark, whose
//     stylesheet changes colors alone, the rules on colors): zero violations, on the
//     page types and on the results open under the search box.
//
// Sign-in, acknowledging and the supervisors' views have tests of their own. The phone
// and the desktop run at the same time, each in a browser of its own.
func testPages(t *testing.T, _ *browsertest.Browser, dest string) {
	axe := browsertest.NewAxe(t)
	for _, width := range []int{390, 1280} {
		device := map[int]string{390: "phone", 1280: "desktop"}[width]
		t.Run(device, func(t *testing.T) {
			t.Parallel()
			ctx := browsertest.New(t).Tab(t, width)
			if width == 1280 {
				contrastSeesPoorContrast(t, ctx)
			}
			for name, url := range pageTypes {
				if err := chromedp.Do(ctx, chromedp.Navigate("file://"+filepath.Join(dest, url)), chromedp.WaitReady(chromedp.CSS("body"))); err != nil {
					t.Fatal(err)
				}
				if name == "search" {
					if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS("#search-results li .result-title"))); err != nil {
						t.Fatal(err)
					}
				}
				for _, scheme := range []string{"light", "dark"} {
					colorScheme(t, ctx, scheme)
					if scheme == "light" {
						checkLayout(t, ctx, name, width)
					}
					if width == 1280 {
						checkContrast(t, ctx, name, scheme)
					}
					axeScheme(t, axe, ctx, name+" at "+device+" width", scheme)
				}
				colorScheme(t, ctx, "light")
			}
			// The results under the search box, open.
			if err := chromedp.Do(ctx, chromedp.Navigate("file://"+filepath.Join(dest, "sundlaug/index.html")),
				chromedp.SendKeys(chromedp.CSS("#hb-q"), "thagnarsk"),
				chromedp.WaitVisible(chromedp.CSS("#hb-live li .result-title"))); err != nil {
				t.Fatal(err)
			}
			for _, scheme := range []string{"light", "dark"} {
				colorScheme(t, ctx, scheme)
				axeScheme(t, axe, ctx, "live search results at "+device+" width", scheme)
			}
		})
	}
}

// axeScheme checks the page open in ctx with axe in the color scheme it is shown in:
// every rule in light mode, and in dark mode, which changes colors alone, the rules
// on colors.
func axeScheme(t *testing.T, axe *browsertest.Axe, ctx context.Context, label, scheme string) {
	t.Helper()
	if scheme == "dark" {
		axe.CheckColors(t, ctx, label+", dark")
		return
	}
	axe.Check(t, ctx, label+", "+scheme)
}

// colorScheme makes the tab's pages follow a system in light or dark mode.
func colorScheme(t *testing.T, ctx context.Context, scheme string) {
	t.Helper()
	if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
		Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
	}); err != nil {
		t.Fatal(err)
	}
}

// checkLayout takes a screenshot of the page open in ctx, width pixels wide, and checks
// what a person would notice: nothing wider than the screen, one h1, the landmarks, the
// language, no image without alt text.
func checkLayout(t *testing.T, ctx context.Context, name string, width int) {
	t.Helper()
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

// contrastSeesPoorContrast: the contrast check itself must see poor contrast where
// there is some.
func contrastSeesPoorContrast(t *testing.T, ctx context.Context) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Navigate(`data:text/html,<p style="color:%23999">Lágt</p><p>Gott</p>`)); err != nil {
		t.Fatal(err)
	}
	if bad, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](contrastScript)); err != nil || len(bad) != 1 {
		t.Fatalf("the contrast check should find one low-contrast text on its test page, found %v (%v)", bad, err)
	}
}

// checkContrast checks the contrast of every piece of text on the page open in ctx.
func checkContrast(t *testing.T, ctx context.Context, name, scheme string) {
	t.Helper()
	bad, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](contrastScript))
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range bad {
		t.Errorf("%s, %s mode: low contrast: %s", name, scheme, b)
	}
}

// testKeyboardSearch searches with the keyboard alone, from the front page: Tab to the
// search box, type, Enter; the results page shows the results, announced in its
// status, and Tab reaches the first result, whose Enter opens it.
func testKeyboardSearch(t *testing.T, b *browsertest.Browser, dest string) {
	ctx := b.Tab(t, 390)
	if err := chromedp.Do(ctx, chromedp.Navigate("file://"+filepath.Join(dest, "index.html")), chromedp.WaitReady(chromedp.CSS("#hb-q"))); err != nil {
		t.Fatal(err)
	}
	activeID := func() string {
		t.Helper()
		id, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.activeElement.id || document.activeElement.className`))
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	tabs := 0
	for ; activeID() != "hb-q"; tabs++ {
		if tabs == 5 {
			t.Fatalf("the search box is not among the first %d stops of Tab (focus on %q)", tabs, activeID())
		}
		if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Tab)); err != nil {
			t.Fatal(err)
		}
	}
	if err := chromedp.Do(ctx, chromedp.KeyEvent("thagnarskylda"), chromedp.KeyEvent(kb.Enter),
		chromedp.WaitVisible(chromedp.CSS("#search-results li .result-title"))); err != nil {
		t.Fatal(err)
	}
	status, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#search-status")))
	if err != nil || !strings.HasPrefix(status, "Niðurstöður") {
		t.Errorf("the results page's status (a live region) says %q (%v), want the number of results", status, err)
	}
	// From the search field, Tab goes through the form to the results.
	for tabs = 0; activeID() != "result-title"; tabs++ {
		if tabs == 10 {
			t.Fatalf("no result among the first %d stops of Tab after the search (focus on %q)", tabs, activeID())
		}
		if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Tab)); err != nil {
			t.Fatal(err)
		}
	}
	// Until the page has loaded, Chromium may renumber its elements (at
	// DOMContentLoaded), and reading one found before that fails.
	if _, err := chromedp.Run(ctx, chromedp.WaitEvent(page.LoadEventFired, nil, chromedp.KeyEvent(kb.Enter))); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.WaitReady(chromedp.CSS("article.policy"))); err != nil {
		t.Fatal(err)
	}
	title, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("h1")))
	if err != nil || title != "Þagnarskylda og meðferð persónuupplýsinga" {
		t.Errorf("Enter on the first result opened %q (%v)", title, err)
	}
}
