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

// TestBrowserRecordsPagesAxe: Mínar stefnur, a workplace's acknowledgments and its new
// hires, signed in through the form as an administrator, pass axe on a phone and a
// desktop, in light mode and (the rules on colors, all that dark mode changes) in dark,
// with the theme's stylesheet, photographed in light mode; the table scrolls in its
// box on a phone, not the page; a supervisor's item is ticked with the keyboard alone.
func TestBrowserRecordsPagesAxe(t *testing.T) {
	t.Parallel()
	b := browsertest.New(t)
	axe := browsertest.NewAxe(t)
	rs := newRecordsSite(t, Auth{})
	withChecklists(rs)
	addStaff(t, rs)
	rs.writeThemeAssets(t)
	ctx := b.Tab(t, 390)
	if err := chromedp.Do(ctx, chromedp.Navigate(rs.URL+signInPath+"?next="+myPoliciesPath),
		chromedp.SendKeys(chromedp.CSS("#sign-in-email"), "admin@dalvikurbyggd.is"),
		chromedp.SendKeys(chromedp.CSS("#sign-in-password"), testPassword),
		chromedp.Submit(chromedp.CSS("#sign-in-password")),
		chromedp.WaitVisible(chromedp.CSS("#mine-workplaces"))); err != nil {
		t.Fatal(err)
	}
	workplaceByKeyboard(t, ctx, rs.URL+workplacePath+"sundlaug")
	tickByKeyboard(t, ctx, rs.URL+workplacePath+"sundlaug/onboarding")
	for _, width := range []int{390, 1280} {
		if _, err := chromedp.Call(ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{Width: int64(width), Height: 900, DeviceScaleFactor: 1, Mobile: width < 600}); err != nil {
			t.Fatal(err)
		}
		// Each page is opened once, and looked at in light mode and then in dark: the
		// theme has no transitions, so the switch shows at once.
		for name, path := range map[string]string{"my policies": myPoliciesPath, "workplace": workplacePath + "sundlaug",
			"new hires": workplacePath + "sundlaug/onboarding"} {
			if err := chromedp.Do(ctx, chromedp.Navigate(rs.URL+path), chromedp.WaitReady(chromedp.CSS("h1"))); err != nil {
				t.Fatal(err)
			}
			for _, scheme := range []string{"light", "dark"} {
				if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}}}); err != nil {
					t.Fatal(err)
				}
				label := name + " at " + map[int]string{390: "phone", 1280: "desktop"}[width] + ", " + scheme
				if scheme == "dark" {
					axe.CheckColors(t, ctx, label)
				} else {
					axe.Check(t, ctx, label)
					browsertest.Screenshot(t, ctx, label)
				}
				if name != "my policies" && width == 390 {
					wide, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth`))
					if err != nil || wide {
						t.Errorf("the %s page is wider than a phone (%v)", name, err)
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

// tickByKeyboard: on a workplace's new hires' page, Tab reaches a supervisor's item's
// button, with a visible focus outline, and Enter ticks it: the page comes back at that
// person, with the item done and its button to undo it.
func tickByKeyboard(t *testing.T, ctx context.Context, url string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Navigate(url), chromedp.WaitReady(chromedp.CSS("h1"))); err != nil {
		t.Fatal(err)
	}
	type focus struct {
		Tag, Task string
		Outline   bool
	}
	var f focus
	for range 40 {
		if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Tab)); err != nil {
			t.Fatal(err)
		}
		var err error
		f, err = chromedp.Run(ctx, chromedp.Evaluate[focus](`(() => { const e = document.activeElement, s = getComputedStyle(e);
			const d = e.getAttribute("aria-describedby"), task = d && document.getElementById(d);
			return {Tag: e.tagName, Task: task ? task.textContent : "", Outline: s.outlineStyle !== "none" && s.outlineWidth !== "0px"}; })()`))
		if err != nil {
			t.Fatal(err)
		}
		if f.Tag == "BUTTON" && f.Task != "" {
			break
		}
	}
	if f.Tag != "BUTTON" || f.Task == "" || !f.Outline {
		t.Fatalf("Tab did not reach a tick button described by its task with a visible outline: %+v", f)
	}
	if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Enter), chromedp.WaitReady(chromedp.CSS(".hire-item.is-done"))); err != nil {
		t.Fatal(err)
	}
	done, err := chromedp.Run(ctx, chromedp.Evaluate[string](`location.hash + " " + [...document.querySelectorAll(".hire-item.is-done")].map(e => e.textContent).join("|")`))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(done, "#hire-") || !strings.Contains(done, f.Task) || !strings.Contains(done, "Merkja ólokið") {
		t.Errorf("after Enter on %q the page shows %q, want it done at the person's part of the page", f.Task, done)
	}
}

// writeThemeAssets puts the theme's stylesheet and scripts in the test site's folder,
// where the records' pages link to them, so that a browser sees those pages styled.
func (rs *recordsSite) writeThemeAssets(t *testing.T) {
	t.Helper()
	for _, a := range rs.srv.pages.Load().records.Assets() {
		p := filepath.Join(rs.srv.Dir, filepath.FromSlash(a.URL))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, a.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
