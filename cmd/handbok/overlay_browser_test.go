package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/handbok/handbok/internal/browsertest"
)

// TestBrowserOverlay: a broken edit's errors cover the page in the handbook's language
// alone, each error an item of its own with its place and its line marked with a caret,
// on a backdrop the page does not show through; the overlay takes the focus, leaves the
// page under it out of reach, and passes axe.
func TestBrowserOverlay(t *testing.T) {
	t.Parallel()
	dir, base := serveProject(t)
	b := browsertest.New(t)
	axe := browsertest.AxeIfInstalled(t)
	tab := b.Tab(t, 1280)
	ctx, cancel := context.WithTimeout(tab, 60*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/stefna.html"), chromedp.WaitReady(chromedp.CSS("body"))); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.documentElement.dataset.liveReload === "on"`, pollEvery)); err != nil {
		t.Fatal(err)
	}
	write(t, dir, "content/stefna.md", "---\ntitle: Stefna\nkind: polcy\nacknowlege: true\n---\nBrotið.\n")
	if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS("#handbok-problems"))); err != nil {
		t.Fatalf("no error overlay: %v", err)
	}
	browsertest.Screenshot(t, ctx, "overlay-two-errors")

	type overlay struct {
		Role       string  `json:"role"`
		Heading    string  `json:"heading"`
		Name       string  `json:"name"`
		Background string  `json:"background"`
		Alpha      float64 `json:"alpha"`
		Focused    bool    `json:"focused"`
		PageInert  bool    `json:"pageInert"`
		OnTop      bool    `json:"onTop"`
		Items      []struct {
			Where   string `json:"where"`
			Message string `json:"message"`
			Source  string `json:"source"`
		} `json:"items"`
	}
	seen, err := chromedp.Run(ctx, chromedp.Evaluate[overlay](`(() => {
		const o = document.getElementById("handbok-problems");
		const bg = getComputedStyle(o).backgroundColor;
		const m = bg.match(/rgba?\(([^)]*)\)/);
		const parts = m ? m[1].split(",") : [];
		const name = document.getElementById(o.getAttribute("aria-labelledby"));
		const hit = document.elementFromPoint(innerWidth - 5, innerHeight - 5);
		return {
			role: o.getAttribute("role"),
			heading: o.querySelector("h2").textContent,
			name: name ? name.textContent : "",
			items: Array.from(o.querySelectorAll("li.problem"), li => ({
				where: li.querySelector(".where").textContent,
				message: li.querySelector(".message").textContent,
				source: (li.querySelector("pre.source") || {}).textContent || "",
			})),
			background: bg,
			alpha: parts.length === 4 ? parseFloat(parts[3]) : 1,
			focused: document.activeElement === o,
			pageInert: document.querySelector("main").closest("[inert]") !== null,
			onTop: o.contains(hit),
		};
	})()`))
	if err != nil {
		t.Fatal(err)
	}
	if seen.Role != "alertdialog" || seen.Name != seen.Heading {
		t.Errorf("the overlay is %q named %q, want an alertdialog named by its heading", seen.Role, seen.Name)
	}
	if seen.Heading != "Ekki tókst að byggja handbókina" {
		t.Errorf("the heading of an Icelandic handbook's overlay is %q", seen.Heading)
	}
	if len(seen.Items) != 2 {
		t.Fatalf("two errors shown as %d items: %+v", len(seen.Items), seen.Items)
	}
	for i, want := range []struct{ where, message, source string }{
		{"stefna.md:3:7", `did you mean "policy"`, "  3 | kind: polcy\n    |       ^"},
		{"stefna.md:4:1", `did you mean "acknowledge"`, "  4 | acknowlege: true\n    | ^"},
	} {
		got := seen.Items[i]
		if !strings.HasSuffix(got.Where, want.where) || !strings.Contains(got.Message, want.message) || got.Source != want.source {
			t.Errorf("error %d: %q %q\n%s\nwant %s, %s and\n%s", i+1, got.Where, got.Message, got.Source, want.where, want.message, want.source)
		}
	}
	if seen.Alpha != 1 || !seen.OnTop {
		t.Errorf("the page shows through the overlay: background %s, covers the corner: %v", seen.Background, seen.OnTop)
	}
	if !seen.Focused || !seen.PageInert {
		t.Errorf("the overlay has the focus: %v; the page under it is out of reach: %v", seen.Focused, seen.PageInert)
	}
	axe.Check(t, ctx, "the live-reload overlay")

	// Esc puts the page back within reach; the errors stay until the file is fixed.
	if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Escape), chromedp.WaitNotVisible(chromedp.CSS("#handbok-problems"))); err != nil {
		t.Fatalf("Esc does not close the overlay: %v", err)
	}
	if inert, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector("[inert]") !== null`)); err != nil || inert {
		t.Errorf("after Esc the page is still out of reach (%v)", err)
	}
}
