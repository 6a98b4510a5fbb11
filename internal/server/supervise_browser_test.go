package server

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

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
