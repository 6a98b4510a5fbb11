package main

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/handbok/handbok/internal/browsertest"
)

// checklistItems is what a person meets in each task of the checklist page: whether it
// has a checkbox, ticked or not, that they can tick, its label, and what it says of
// itself.
const checklistItems = `[...document.querySelectorAll(".items > li")].map(li => {
	const box = li.querySelector("input[type=checkbox]");
	return {
		id: li.dataset.item, policy: li.dataset.policy || "",
		box: !!box, checked: !!box && box.checked, enabled: !!box && !box.disabled,
		label: box && box.labels.length ? box.labels[0].textContent : "",
		state: li.querySelector(".item-state").textContent,
		link: !!li.querySelector(".item-policy"),
	};
})`

// checklistItem is one of checklistItems.
type checklistItem struct {
	ID, Policy, Label, State string
	Box, Checked, Enabled    bool
	Link                     bool
}

// testTickFromDisk ticks a checklist opened from disk with the keyboard alone: Tab to
// the first task's checkbox and Space. The tick is still there after a reload, and so
// is an untick; policy items cannot be ticked by hand and say why, with a link to the
// policy; the page with a task ticked passes axe.
func testTickFromDisk(t *testing.T, b *browsertest.Browser, root string) {
	ctx := b.Tab(t, 390)
	open := func() []checklistItem {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.WaitReady(chromedp.CSS("body"))); err != nil {
			t.Fatal(err)
		}
		// The script says where the ticks are kept once it has read them.
		waitFor(t, ctx, `!document.getElementById("hb-tick-note").hidden`, `document.body.innerText`)
		items, err := chromedp.Run(ctx, chromedp.Evaluate[[]checklistItem](checklistItems))
		if err != nil {
			t.Fatal(err)
		}
		return items
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(root+"sundlaug/mottaka.html")); err != nil {
		t.Fatal(err)
	}
	items := open()
	policies := 0
	for _, it := range items {
		switch {
		case !it.Box || it.Label == "":
			t.Errorf("task %s has no labelled checkbox: %+v", it.ID, it)
		case it.Policy != "":
			policies++
			if it.Enabled || !it.Link || !strings.Contains(it.State, "staðfest") {
				t.Errorf("policy task %s: can be ticked by hand %v, links to the policy %v, says %q; want a link and that acknowledging it ticks it", it.ID, it.Enabled, it.Link, it.State)
			}
		case !it.Enabled || it.Checked:
			t.Errorf("task %s on a fresh copy: enabled %v, ticked %v", it.ID, it.Enabled, it.Checked)
		}
	}
	if len(items) < 5 || policies == 0 || items[0].Policy != "" {
		t.Fatalf("the example's pool checklist should start with a task to tick and have policy tasks: %+v", items)
	}

	active := func() string {
		t.Helper()
		id, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.activeElement.id`))
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	first := "hb-check-" + items[0].ID
	for tabs := 0; active() != first; tabs++ {
		if tabs == 40 {
			t.Fatalf("Tab does not reach the first task's checkbox in %d steps (focus on %q)", tabs, active())
		}
		if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Tab)); err != nil {
			t.Fatal(err)
		}
	}
	if err := chromedp.Do(ctx, chromedp.KeyEvent(" ")); err != nil {
		t.Fatal(err)
	}
	ticked := func(want bool) {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.Reload()); err != nil {
			t.Fatal(err)
		}
		for i, it := range open() {
			if it.Checked != (want && i == 0) {
				t.Errorf("after a reload task %s is ticked: %v", it.ID, it.Checked)
			}
		}
	}
	ticked(true)
	browsertest.AxeIfInstalled(t).Check(t, ctx, "a checklist with a task ticked")
	browsertest.Screenshot(t, ctx, "checklist-ticked")

	if err := chromedp.Do(ctx, chromedp.Focus(chromedp.CSS("#"+first)), chromedp.KeyEvent(" ")); err != nil {
		t.Fatal(err)
	}
	ticked(false)
}
