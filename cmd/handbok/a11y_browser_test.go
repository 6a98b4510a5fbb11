package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/handbok/handbok/internal/browsertest"
)

// testAxe runs axe-core's WCAG 2.1 A and AA rules on every page type, on a phone and a
// desktop, in light and dark mode: zero violations. Sign-in, acknowledging and the
// supervisors' views do not exist yet; each gets a line in pageTypes when it comes.
func testAxe(t *testing.T, b *browsertest.Browser, dest string) {
	axe := browsertest.NewAxe(t)
	for _, width := range []int{390, 1280} {
		ctx := b.Tab(t, width)
		for _, scheme := range []string{"light", "dark"} {
			if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
				Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
			}); err != nil {
				t.Fatal(err)
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
				axe.Check(t, ctx, name+" at "+map[int]string{390: "phone", 1280: "desktop"}[width]+" width, "+scheme)
			}
			// The results under the search box, open.
			if err := chromedp.Do(ctx, chromedp.Navigate("file://"+filepath.Join(dest, "sundlaug/index.html")),
				chromedp.SendKeys(chromedp.CSS("#hb-q"), "thagnarsk"),
				chromedp.WaitVisible(chromedp.CSS("#hb-live li .result-title"))); err != nil {
				t.Fatal(err)
			}
			axe.Check(t, ctx, "live search results at "+map[int]string{390: "phone", 1280: "desktop"}[width]+" width, "+scheme)
		}
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
	if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Enter), chromedp.WaitReady(chromedp.CSS("article.policy"))); err != nil {
		t.Fatal(err)
	}
	title, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("h1")))
	if err != nil || title != "Þagnarskylda og meðferð persónuupplýsinga" {
		t.Errorf("Enter on the first result opened %q (%v)", title, err)
	}
}
