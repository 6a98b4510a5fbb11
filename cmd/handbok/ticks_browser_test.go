package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/handbok/handbok/internal/browsertest"
	"github.com/handbok/handbok/internal/people"
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
// is an untick; policy items cannot be ticked by hand, not even by a tick kept on the
// device, and say that they are acknowledged on the intranet, with a link to the
// policy; the page with a task ticked passes axe. Without script the page says that
// ticking needs it, and has no box to tick.
func testTickFromDisk(t *testing.T, ctx context.Context, root string) {
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
			if it.Enabled || !it.Link || !strings.Contains(it.State, "staðfest á innri vefnum") {
				t.Errorf("policy task %s: can be ticked by hand %v, links to the policy %v, says %q; want a link and that acknowledging it on the intranet ticks it", it.ID, it.Enabled, it.Link, it.State)
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
	// A tick of a policy's task kept on the device, as an older page could have left
	// it, does not make the policy acknowledged.
	var policy string
	for _, it := range items {
		if it.Policy != "" {
			policy = it.ID
			break
		}
	}
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`(() => {
		const all = JSON.parse(localStorage.getItem("handbok.ticks.v1:") || "{}");
		all[JSON.stringify(["", document.querySelector("ol.items").dataset.checklist, "`+policy+`"])] = {done: true, at: new Date().toISOString()};
		localStorage.setItem("handbok.ticks.v1:", JSON.stringify(all));
	})()`)); err != nil {
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

	// Without script, a tick would be kept nowhere.
	scripts := func(on bool) {
		t.Helper()
		if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: !on}); err != nil {
			t.Fatal(err)
		}
	}
	scripts(false)
	t.Cleanup(func() { scripts(true) }) // the tab serves the next part of TestTheme
	if err := chromedp.Do(ctx, chromedp.Reload(), chromedp.WaitReady(chromedp.CSS("body"))); err != nil {
		t.Fatal(err)
	}
	type noScript struct {
		Note    string
		Shown   bool
		Enabled int
	}
	got, err := chromedp.Run(ctx, chromedp.Evaluate[noScript](`(() => {
		const note = document.querySelector(".tick-noscript"), r = note ? note.getBoundingClientRect() : {width: 0, height: 0};
		return {note: note ? note.textContent : "", shown: !!note && r.width > 0 && r.height > 0 && getComputedStyle(note).visibility === "visible",
			enabled: [...document.querySelectorAll(".item-check")].filter(b => !b.disabled).length};
	})()`))
	if err != nil {
		t.Fatal(err)
	}
	if !got.Shown || !strings.Contains(got.Note, "JavaScript") || !strings.Contains(got.Note, "prenta") || got.Enabled != 0 {
		t.Errorf("the checklist without script: says %q (shown %v), %d boxes to tick; want it to say that ticking needs script, or to print, and no box", got.Note, got.Shown, got.Enabled)
	}
	browsertest.Screenshot(t, ctx, "checklist-noscript")
}

// The new hire of the synced ticks' test, and their checklist at the pool.
const (
	hireEmail    = "nyr@dalvik.is"
	hireName     = "Nýr Starfsmaður"
	hirePassword = "sundlaugin opnar klukkan sex"
	hireList     = `---
title: Móttaka í sundlauginni
kind: checklist
items:
  - {id: samningur, task: Skila undirrituðum ráðningarsamningi, owner: employee, due: -1}
  - {id: lyklar, task: Afhenda lykla, owner: supervisor, due: 0}
  - {id: kynning, task: Fara í kynningu á húsinu, owner: employee, due: 1}
  - {id: skor, task: Sækja vinnuskó, owner: employee, due: 5}
  - {id: reglur, task: Lesa og staðfesta reglur laugarinnar, policy: laug/reglur, owner: employee, due: 7}
---
`
	hireRules = `---
title: Reglur laugarinnar
kind: policy
acknowledge: true
---
Enginn syndir einn.
`
	bossEmail = "yfir@dalvik.is"
	bossName  = "Yfirmaður Laugarinnar"
	// Two who start in five days' time, one of whom a supervisor marked done already.
	soonEmail     = "bradum@dalvik.is"
	finishedEmail = "lokid@dalvik.is"
)

// device is one browser of the new hire's, with its own cookies and storage.
type device struct {
	t    *testing.T
	name string
	ctx  context.Context
	page string // the checklist's address
}

// TestBrowserTicks ticks a checklist on the records server from two browsers of one new
// hire, as two phones would be: a tick on one is there when the other opens the page,
// with the real due date and who ticked it; the supervisor's task is theirs; then both
// tick and untick the same tasks offline, come back online in the opposite order of
// their changes, and end up showing the change made last on each task. Acknowledging
// the policy of a task ticks it. The supervisor opens the new hire's checklist and
// ticks their own task, which the new hire then sees. Who ticked shows by name. A
// checklist of someone the viewer may not see, or of no one, says so and keeps nothing.
// The front page shows the next steps, also to one about to start but not to one whose
// onboarding is marked finished, and the printed checklist the person's name and first
// day.
func TestBrowserTicks(t *testing.T) {
	t.Parallel() // browsers of its own
	dir := t.TempDir()
	write(t, dir, "handbok.yaml", "title: Prófun\n")
	write(t, dir, "content/_index.md", "# Prófun\n\nVelkomin.\n")
	write(t, dir, "content/laug/_index.md", "---\ntitle: Sundlaugin\nkind: workplace\n---\nLaugin.\n")
	write(t, dir, "content/laug/mottaka.md", hireList)
	write(t, dir, "content/laug/reglur.md", hireRules)
	start := time.Now().UTC().Truncate(24*time.Hour).AddDate(0, 0, -2)
	addHire(t, dir, start)
	base := startServe(t, dir, "--no-watch", "--dest", filepath.Join(t.TempDir(), "public"))

	a := &device{t: t, name: "A", ctx: browsertest.New(t).Tab(t, 390), page: base + "/laug/mottaka.html"}
	b := &device{t: t, name: "B", ctx: browsertest.New(t).Tab(t, 1280), page: a.page}
	a.signIn(base)
	b.signIn(base)

	// Online: A ticks, B sees it, with the date and who ticked it.
	a.open()
	if due := a.eval(`document.querySelector("#hb-item-kynning .item-due").textContent`); due != "Í síðasta lagi "+icelandicDate(t, start.AddDate(0, 0, 1)) {
		t.Errorf("the task due a day after the start says %q", due)
	}
	if got := a.eval(`(() => { const box = document.getElementById("hb-check-lyklar"); return box.disabled + " " + document.querySelector("#hb-item-lyklar .item-state").textContent; })()`); got != "true Yfirmaðurinn merkir við þetta atriði." {
		t.Errorf("the supervisor's task, for the new hire: %q", got)
	}
	if late := a.eval(`document.querySelector("#hb-item-samningur .item-overdue").hidden ? "" : "late"`); late != "late" {
		t.Error("the task due the day before the start is not marked overdue")
	}
	if got := a.eval(`document.querySelector("#hb-item-reglur .item-state").textContent`); got != "Lokið þegar stefnan hefur verið staðfest:" {
		t.Errorf("the rules' task, signed in, says %q", got)
	}
	a.click("kynning")
	a.wait(`document.querySelector(".tick-status").textContent === "Vistað."`)
	byHire := "true Merkt lokið " + icelandicDate(t, time.Now()) + " af " + hireName
	if got := a.eval(`document.getElementById("hb-check-kynning").checked + " " + document.querySelector("#hb-item-kynning .item-state").textContent`); got != byHire {
		t.Errorf("the task just ticked shows %q, want %q", got, byHire)
	}
	b.open()
	if got := b.eval(`document.getElementById("hb-check-kynning").checked + " " + document.querySelector("#hb-item-kynning .item-state").textContent`); got != byHire {
		t.Errorf("on the other browser the ticked task shows %q, want %q", got, byHire)
	}

	// Offline, both: A ticks the shoes and, last of all, unticks and ticks the
	// introduction again; B in between ticks and unticks the shoes and unticks the
	// introduction. The last change of each task: shoes not done (B), introduction done
	// (A).
	a.online(false)
	b.online(false)
	a.click("skor")
	b.click("skor")
	b.click("skor")
	b.click("kynning")
	a.click("kynning")
	a.click("kynning")
	a.wait(`document.querySelector(".tick-status").textContent.startsWith("Vistað í tækinu")`)
	// A, whose changes are the later ones, sends first; B's earlier untick of the
	// introduction then loses, and B shows what stands without a reload.
	a.online(true)
	a.wait(`(localStorage.getItem("handbok.ticks.v1:` + hireEmail + `") || "{}") === "{}"`)
	b.online(true)
	b.wait(`(localStorage.getItem("handbok.ticks.v1:` + hireEmail + `") || "{}") === "{}" && document.getElementById("hb-check-kynning").checked`)
	for _, d := range []*device{a, b} {
		d.open()
		if got := d.eval(`["kynning", "skor"].map(id => document.getElementById("hb-check-" + id).checked).join(" ")`); got != "true false" {
			t.Errorf("%s after syncing: the introduction and the shoes are done: %s, want true false", d.name, got)
		}
	}

	// Acknowledging the pool's rules ticks their task, which said until then that it
	// would be.
	a.open()
	if got := a.eval(`document.getElementById("hb-check-reglur").checked + " " + document.getElementById("hb-check-reglur").disabled`); got != "false true" {
		t.Errorf("the rules' task before they are acknowledged: checked, disabled = %s, want false true", got)
	}
	if err := chromedp.Do(a.ctx, chromedp.Click(chromedp.CSS("#hb-item-reglur .item-policy")), chromedp.WaitVisible(chromedp.CSS(".ack-button")),
		chromedp.Click(chromedp.CSS(".ack-button"))); err != nil {
		t.Fatal(err)
	}
	a.wait(`document.querySelector(".ack-actions").hidden`)
	a.open()
	if got := a.eval(`document.getElementById("hb-check-reglur").checked + " " + document.querySelector("#hb-item-reglur .item-state").textContent`); got != "true Lokið: stefnan staðfest "+icelandicDate(t, time.Now()) {
		t.Errorf("the rules' task after acknowledging them: %q", got)
	}

	// The supervisor, on B, opens the new hire's checklist from the new hires' page and
	// hands over the keys; the new hire sees it on A.
	b.signInAs(base, bossEmail)
	if err := chromedp.Do(b.ctx, chromedp.Navigate(base+"/_handbok/workplaces/laug/onboarding")); err != nil {
		t.Fatal(err)
	}
	// There, what the new hire ticked and acknowledged counts: the introduction and the
	// rules, of five.
	if got := b.eval(`(document.querySelector(".hire-bar") || {}).textContent || ""`); !strings.Contains(got, "2 af 5 atriðum lokið") {
		t.Errorf("the new hires' page says %q of the new hire's progress, want 2 of 5 done", got)
	}
	b.page = b.eval(`(document.querySelector('.hire-checklists a[href$="/laug/mottaka.html?person=` + strings.ReplaceAll(hireEmail, "@", "%40") + `"]') || {}).href || ""`)
	if b.page == "" {
		t.Fatalf("the new hires' page does not link to the new hire's checklist:\n%s", b.eval(`document.body.innerText`))
	}
	b.open()
	if got := b.eval(`document.querySelector(".checklist-who").textContent + " | " + document.getElementById("hb-check-lyklar").disabled`); !strings.Contains(got, hireName) || !strings.HasSuffix(got, "| false") {
		t.Errorf("the supervisor's view of the new hire's checklist: %q, want the new hire's name and the keys to tick", got)
	}
	b.click("lyklar")
	b.wait(`document.querySelector(".tick-status").textContent === "Vistað."`)
	a.open()
	if got := a.eval(`document.getElementById("hb-check-lyklar").checked + " " + document.querySelector("#hb-item-lyklar .item-state").textContent`); got != "true Merkt lokið "+icelandicDate(t, time.Now())+" af "+bossName {
		t.Errorf("the keys, handed over by the supervisor, on the new hire's phone: %q", got)
	}

	// On paper, the name and the first day are written in.
	printMedia(t, a.ctx, "print")
	if got := a.eval(`[...document.querySelectorAll("[data-sign]")].map(d => d.textContent).join(" | ")`); got != hireName+" | "+icelandicDate(t, start) {
		t.Errorf("the printed checklist's name and first day: %q", got)
	}
	printMedia(t, a.ctx, "")

	// The new hire may not see the supervisor's checklist, and the supervisor sees no
	// one's who is not in the records: the page says which, and nothing can be ticked
	// or is kept for them.
	for _, c := range []struct {
		d            *device
		person, want string
	}{
		{a, bossEmail, "Þú hefur ekki aðgang að gátlista þessa starfsmanns."},
		{b, "enginn@dalvik.is", "Enginn starfsmaður með þetta netfang er skráður."},
	} {
		if err := chromedp.Do(c.d.ctx, chromedp.Navigate(a.page+"?person="+c.person)); err != nil {
			t.Fatal(err)
		}
		c.d.wait(`!document.getElementById("hb-tick-note").hidden`)
		before := c.d.eval(`JSON.stringify(Object.keys(localStorage).sort().map(k => [k, localStorage.getItem(k)]))`)
		// A click on a disabled box does nothing; the label's, neither.
		if err := chromedp.Do(c.d.ctx, chromedp.Click(chromedp.CSS(`label[for="hb-check-skor"]`))); err != nil {
			t.Fatal(err)
		}
		if got := c.d.eval(`document.getElementById("hb-tick-note").textContent + " | " +
			[...document.querySelectorAll(".item-check")].filter(b => !b.disabled || b.checked).length + " | " + document.querySelector(".checklist-who").hidden`); !strings.HasPrefix(got, c.want) || !strings.HasSuffix(got, " | 0 | true") {
			t.Errorf("%s opens the checklist of %s: %q, want %q, no box to tick and no one named", c.d.name, c.person, got, c.want)
		}
		if after := c.d.eval(`JSON.stringify(Object.keys(localStorage).sort().map(k => [k, localStorage.getItem(k)]))`); after != before {
			t.Errorf("%s's storage changed on the checklist of %s:\n%s\n%s", c.d.name, c.person, before, after)
		}
	}

	// The front page: the next steps, the overdue contract first.
	if err := chromedp.Do(a.ctx, chromedp.Navigate(base+"/index.html")); err != nil {
		t.Fatal(err)
	}
	a.wait(`!document.getElementById("hb-next").hidden`)
	if got := a.eval(`document.querySelector("#hb-next .next-overdue").textContent + " | " + [...document.querySelectorAll("#hb-next li a")].map(l => l.textContent).join(" | ")`); got != "Fram yfir frest: 1 | Skila undirrituðum ráðningarsamningi | Sækja vinnuskó" {
		t.Errorf("the next steps say %q", got)
	}
	browsertest.AxeIfInstalled(t).Check(t, a.ctx, "the front page with the next steps")
	browsertest.Screenshot(t, a.ctx, "next-steps")

	// One about to start has tasks due before the first day: the next steps show them;
	// one whose onboarding is marked finished has none to show.
	b.signInAs(base, soonEmail)
	if err := chromedp.Do(b.ctx, chromedp.Navigate(base+"/index.html")); err != nil {
		t.Fatal(err)
	}
	b.wait(`!document.getElementById("hb-next").hidden`)
	soonStart := start.AddDate(0, 0, 5)
	if got := b.eval(`[...document.querySelectorAll("#hb-next li")].map(l => l.querySelector("a").textContent + ", " + l.querySelector(".next-due").textContent).join(" | ")`); got != "Skila undirrituðum ráðningarsamningi, Í síðasta lagi "+icelandicDate(t, soonStart.AddDate(0, 0, -1))+
		" | Fara í kynningu á húsinu, Í síðasta lagi "+icelandicDate(t, soonStart.AddDate(0, 0, 1))+" | Sækja vinnuskó, Í síðasta lagi "+icelandicDate(t, soonStart.AddDate(0, 0, 5)) {
		t.Errorf("the next steps of one about to start say %q", got)
	}
	b.signInAs(base, finishedEmail)
	if err := chromedp.Do(b.ctx, chromedp.Navigate(base+"/index.html")); err != nil {
		t.Fatal(err)
	}
	// The script decides as soon as it knows who is signed in.
	if hidden, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](`window.handbokMe.then(() => new Promise(r => setTimeout(r, 0))).then(() => document.getElementById("hb-next").hidden)`,
		chromedp.EvalAwaitPromise)); err != nil || !hidden {
		t.Errorf("the front page of one whose onboarding is marked finished shows the next steps (%v)", err)
	}
}

// addHire puts the new hire, who started on start, their supervisor, and two who start
// five days after start, one marked finished already, in the project's records.
func addHire(t *testing.T, dir string, start time.Time) {
	t.Helper()
	hire := people.Person{Email: hireEmail, Name: hireName, Role: people.Employee, Workplaces: []string{"laug"}, Start: start}
	boss := people.Person{Email: bossEmail, Name: bossName, Role: people.Supervisor, Workplaces: []string{"laug"}}
	soon := people.Person{Email: soonEmail, Name: "Brátt Starfsmaður", Role: people.Employee, Workplaces: []string{"laug"}, Start: start.AddDate(0, 0, 5)}
	finished := soon
	finished.Email, finished.Onboarded = finishedEmail, start
	addPeopleWithPassword(t, dir, hire, boss, soon, finished)
}

// signIn signs the new hire in through the API, from a page of the server.
func (d *device) signIn(base string) {
	d.t.Helper()
	d.signInAs(base, hireEmail)
}

// signInAs signs someone of the records in, with the new hire's password (which the
// test gives everyone), through the API from a page of the server.
func (d *device) signInAs(base, email string) {
	d.t.Helper()
	if err := chromedp.Do(d.ctx, chromedp.Navigate(base+"/index.html")); err != nil {
		d.t.Fatal(err)
	}
	status, err := chromedp.Run(d.ctx, chromedp.Evaluate[int](`fetch("api/session", {method: "POST", headers: {"Content-Type": "application/json"},
		body: JSON.stringify({email: "`+email+`", password: "`+hirePassword+`"})}).then(r => r.status)`, chromedp.EvalAwaitPromise))
	if err != nil || status != 200 {
		d.t.Fatalf("%s: signing in: %d %v", d.name, status, err)
	}
}

// open opens (or reloads) the checklist and waits for the records' view of it.
func (d *device) open() {
	d.t.Helper()
	if err := chromedp.Do(d.ctx, chromedp.Navigate(d.page)); err != nil {
		d.t.Fatal(err)
	}
	d.wait(`!document.querySelector(".checklist-who").hidden`)
}

// click ticks or unticks the task id, and waits for the page to show it.
func (d *device) click(id string) {
	d.t.Helper()
	was := d.eval(`String(document.getElementById("hb-check-` + id + `").checked)`)
	if err := chromedp.Do(d.ctx, chromedp.Click(chromedp.CSS("#hb-check-"+id))); err != nil {
		d.t.Fatal(err)
	}
	d.wait(`String(document.getElementById("hb-check-` + id + `").checked) !== "` + was + `"`)
}

// online takes the browser off the network or back on it: requests fail meanwhile, and
// the page hears the offline and online events.
func (d *device) online(on bool) {
	d.t.Helper()
	cond := []*network.Conditions{{Offline: !on, DownloadThroughput: -1, UploadThroughput: -1}}
	if _, err := chromedp.Call(d.ctx, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{MatchedNetworkConditions: cond}); err != nil {
		d.t.Fatal(err)
	}
	if _, err := chromedp.Call(d.ctx, network.OverrideNetworkState, network.OverrideNetworkStateParams{Offline: !on, DownloadThroughput: -1, UploadThroughput: -1}); err != nil {
		d.t.Fatal(err)
	}
}

func (d *device) eval(js string) string {
	d.t.Helper()
	s, err := chromedp.Run(d.ctx, chromedp.Evaluate[string](js))
	if err != nil {
		d.t.Fatalf("%s: %v", d.name, err)
	}
	return s
}

func (d *device) wait(expr string) {
	d.t.Helper()
	wait(d.t, d.ctx, expr, `document.querySelector(".tick-status") ? document.querySelector(".tick-status").textContent + " " + localStorage.getItem("handbok.ticks.v1:`+hireEmail+`") : document.body.innerText`)
}
