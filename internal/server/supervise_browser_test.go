package server

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/handbok/handbok/internal/browsertest"
)

// TestBrowserRecordsPagesAxe: Mínar stefnur and a workplace's acknowledgments, signed in
// through the form as an administrator, pass axe on a phone and a desktop, in light and
// dark mode, with the theme's stylesheet; the table scrolls in its box on a phone, not
// the page.
func TestBrowserRecordsPagesAxe(t *testing.T) {
	b := browsertest.New(t)
	axe := browsertest.NewAxe(t)
	rs := newRecordsSite(t, Auth{})
	addStaff(t, rs)
	for _, a := range rs.srv.pages.Load().records.Assets() {
		p := filepath.Join(rs.srv.Dir, filepath.FromSlash(a.URL))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, a.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ctx := b.Tab(t, 390)
	if err := chromedp.Do(ctx, chromedp.Navigate(rs.URL+signInPath+"?next="+myPoliciesPath),
		chromedp.SendKeys(chromedp.CSS("#sign-in-email"), "admin@dalvikurbyggd.is"),
		chromedp.SendKeys(chromedp.CSS("#sign-in-password"), testPassword),
		chromedp.Submit(chromedp.CSS("#sign-in-password")),
		chromedp.WaitVisible(chromedp.CSS("#mine-workplaces"))); err != nil {
		t.Fatal(err)
	}
	workplaceByKeyboard(t, ctx, rs.URL+workplacePath+"sundlaug")
	for _, width := range []int{390, 1280} {
		if _, err := chromedp.Call(ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{Width: int64(width), Height: 900, DeviceScaleFactor: 1, Mobile: width < 600}); err != nil {
			t.Fatal(err)
		}
		for _, scheme := range []string{"light", "dark"} {
			if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}}}); err != nil {
				t.Fatal(err)
			}
			for name, path := range map[string]string{"my policies": myPoliciesPath, "workplace": workplacePath + "sundlaug"} {
				if err := chromedp.Do(ctx, chromedp.Navigate(rs.URL+path), chromedp.WaitReady(chromedp.CSS("h1"))); err != nil {
					t.Fatal(err)
				}
				label := name + " at " + map[int]string{390: "phone", 1280: "desktop"}[width] + ", " + scheme
				axe.Check(t, ctx, label)
				browsertest.Screenshot(t, ctx, label)
				if name == "workplace" && width == 390 {
					wide, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth`))
					if err != nil || wide {
						t.Errorf("the workplace's page is wider than a phone (%v)", err)
					}
				}
			}
		}
	}
}

// workplaceByKeyboard: on a workplace's page, Tab from the top reaches the CSV download
// and then the table's scrolling box (so that a keyboard can scroll it), each with a
// visible focus outline.
func workplaceByKeyboard(t *testing.T, ctx context.Context, url string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Navigate(url), chromedp.WaitReady(chromedp.CSS("h1"))); err != nil {
		t.Fatal(err)
	}
	type focus struct {
		Class, Href string
		Outline     bool
	}
	var seen []string
	reached := map[string]bool{}
	for range 40 {
		if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Tab)); err != nil {
			t.Fatal(err)
		}
		f, err := chromedp.Run(ctx, chromedp.Evaluate[focus](`(() => { const e = document.activeElement, s = getComputedStyle(e);
			return {Class: e.className, Href: e.getAttribute("href") || "", Outline: s.outlineStyle !== "none" && s.outlineWidth !== "0px"}; })()`))
		if err != nil {
			t.Fatal(err)
		}
		seen = append(seen, f.Class+" "+f.Href)
		for _, want := range []string{"csv-download", "matrix-scroll"} {
			if f.Class == want {
				if !f.Outline {
					t.Errorf("%s has focus without a visible outline", want)
				}
				reached[want] = true
			}
		}
		if reached["matrix-scroll"] {
			break
		}
	}
	if !reached["csv-download"] || !reached["matrix-scroll"] {
		t.Fatalf("Tab did not reach the CSV download and the table's box; focus went through:\n%s", strings.Join(seen, "\n"))
	}
}
