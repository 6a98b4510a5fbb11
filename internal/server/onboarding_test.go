package server

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/handbok/handbok/internal/audit"
	"github.com/handbok/handbok/internal/manifest"
	"github.com/handbok/handbok/internal/people"
	"github.com/handbok/handbok/internal/store"
)

// withChecklists gives the records site onboarding checklists: one for everyone, the
// pool's and the kindergarten's. Anna, Björn and Cecilía started on Wednesday
// 25 November; the site's day is Thursday 3 December, so that what was due by then is
// overdue.
func withChecklists(rs *recordsSite) {
	m := *rs.srv.live().m
	m.Checklists = []manifest.Checklist{
		{ID: "mottaka", Title: "Móttaka", URL: "mottaka/", Items: []manifest.Item{
			{ID: "velkomin", Task: "Lesa velkomin-bréfið", Owner: "employee", Due: 0},
			{ID: "thjonusta", Task: "Kynna sér þjónustustefnuna", Owner: "employee", Policy: "thjonustustefna", Due: 3},
			{ID: "adgangur", Task: "Stofna aðgang", Owner: "supervisor", Due: -2},
		}},
		{ID: "sundlaug/mottaka", Title: "Móttaka í sundlaug", URL: "sundlaug/mottaka/", Workplace: "sundlaug", Items: []manifest.Item{
			{ID: "oryggi", Task: "Öryggisreglur", Owner: "employee", Policy: "laug-oryggi", Due: 1},
			{ID: "lyklar", Task: "Afhenda lykla", Owner: "supervisor", Due: 5},
			{ID: "sundprof", Task: "Sundpróf", Owner: "employee", Due: 14},
		}},
		{ID: "leikskoli/mottaka", Title: "Móttaka á leikskóla", URL: "leikskoli/mottaka/", Workplace: "leikskoli", Items: []manifest.Item{
			{ID: "reglur", Task: "Reglur", Owner: "employee", Due: 2},
			{ID: "lyklar", Task: "Afhenda lykla", Owner: "supervisor", Due: 0},
		}},
	}
	rs.srv.SetManifest(&m)
}

// item returns an item of a checklist of an "onboarding" object, failing the test when
// it is not there.
func item(t *testing.T, progress any, checklist, id string) map[string]any {
	t.Helper()
	p, _ := progress.(map[string]any)
	cls, _ := p["checklists"].([]any)
	for _, c := range cls {
		c := c.(map[string]any)
		if c["id"] != checklist {
			continue
		}
		for _, it := range c["items"].([]any) {
			if it := it.(map[string]any); it["id"] == id {
				return it
			}
		}
	}
	t.Fatalf("no item %s of %s in %v", id, checklist, progress)
	return nil
}

// myProgress is the "onboarding" of /api/me.
func (rs *recordsSite) myProgress(t *testing.T, c *http.Client) map[string]any {
	t.Helper()
	code, me := rs.call(t, c, "GET", "/api/me", "")
	if code != http.StatusOK {
		t.Fatalf("/api/me: %d %v", code, me)
	}
	return me["onboarding"].(map[string]any)
}

// TestOnboardingAccess: who may tick which item of whose checklist, and see whose
// progress. An employee ticks only their own employee items; a supervisor any item that
// is not a policy's of the people of their workplaces; an administrator anyone's; and
// only a checklist that is the person's. Anyone else gets 403 and changes nothing.
func TestOnboardingAccess(t *testing.T) { onEachStore(t, testOnboardingAccess) }

func testOnboardingAccess(t *testing.T, open storeOpener) {
	rs := newRecordsSiteOn(t, open, Auth{})
	withChecklists(rs)
	addStaff(t, rs)
	clients := map[string]*http.Client{"nobody": rs.browser(t)}
	for _, who := range []string{"anna", "bjorn", "dora", "admin"} {
		clients[who] = rs.browser(t)
		rs.signIn(t, clients[who], who+"@dalvikurbyggd.is")
	}
	const (
		pool   = "/api/checklists/sundlaug/mottaka/items/"
		school = "/api/checklists/leikskoli/mottaka/items/"
		anna   = `,"person":"anna@dalvikurbyggd.is"}`
		cec    = `,"person":"cecilia@dalvikurbyggd.is"}`
	)
	for _, tc := range []struct {
		who, path, body string
		want            int
	}{
		{"nobody", pool + "sundprof", `{"done":true}`, http.StatusUnauthorized},
		{"anna", pool + "sundprof", `{"done":true}`, http.StatusOK},
		{"anna", pool + "sundprof", `{"done":true` + anna, http.StatusOK},
		{"anna", "/api/checklists/mottaka/items/velkomin", `{"done":true}`, http.StatusOK},
		{"anna", pool + "lyklar", `{"done":true}`, http.StatusForbidden},   // the supervisor's item
		{"anna", school + "reglur", `{"done":true}`, http.StatusForbidden}, // not her checklist
		{"anna", school + "reglur", `{"done":true` + cec, http.StatusForbidden},
		{"anna", pool + "sundprof", `{"done":true,"person":"nobody@dalvikurbyggd.is"}`, http.StatusForbidden},
		{"bjorn", pool + "lyklar", `{"done":true` + anna, http.StatusOK},
		{"bjorn", pool + "sundprof", `{"done":false` + anna, http.StatusOK},
		{"bjorn", school + "reglur", `{"done":true` + cec, http.StatusNotFound}, // not his: as for nobody
		{"bjorn", pool + "lyklar", `{"done":true` + cec, http.StatusNotFound},
		{"bjorn", pool + "lyklar", `{"done":true,"person":"nobody@dalvikurbyggd.is"}`, http.StatusNotFound},
		{"dora", pool + "lyklar", `{"done":true` + anna, http.StatusNotFound},
		{"dora", school + "lyklar", `{"done":true` + cec, http.StatusOK},
		{"dora", pool + "lyklar", `{"done":true}`, http.StatusForbidden}, // not her checklist
		{"admin", pool + "lyklar", `{"done":true` + anna, http.StatusOK},
		{"admin", school + "reglur", `{"done":true` + cec, http.StatusOK},
		{"admin", "/api/checklists/mottaka/items/adgangur", `{"done":true}`, http.StatusOK},
		{"anna", "/api/checklists/engin/items/a", `{"done":true}`, http.StatusNotFound},
		{"anna", pool + "engin", `{"done":true}`, http.StatusNotFound},
		{"anna", "/api/checklists/sundlaug/mottaka", `{"done":true}`, http.StatusNotFound},
		{"anna", pool + "oryggi", `{"done":true}`, http.StatusBadRequest}, // a policy's item
		{"bjorn", pool + "oryggi", `{"done":true` + anna, http.StatusBadRequest},
		{"anna", pool + "sundprof", `{}`, http.StatusBadRequest},
		{"anna", pool + "sundprof", `{"done":"yes"}`, http.StatusBadRequest},
		{"anna", pool + "sundprof", `{"done":true,"at":"yesterday"}`, http.StatusBadRequest},
		{"bjorn", pool + "lyklar", `{"done":true,"person":"Anna"}`, http.StatusBadRequest},
	} {
		rs.advance(time.Second) // each change after the one before
		code, out := rs.call(t, clients[tc.who], "PUT", tc.path, tc.body)
		if code != tc.want {
			t.Errorf("%s: PUT %s %s: %d %v, want %d", tc.who, tc.path, tc.body, code, out, tc.want)
		}
		if code >= 400 && out["error"] == nil {
			t.Errorf("%s: PUT %s %s: %d without a JSON error", tc.who, tc.path, tc.body, code)
		}
	}
	// Only what was allowed was kept: one tick for each 200 above.
	ticks := map[string][]string{}
	for _, email := range []string{"anna", "cecilia", "admin"} {
		ts, err := rs.store.TicksOf(t.Context(), email+"@dalvikurbyggd.is")
		if err != nil {
			t.Fatal(err)
		}
		for _, tk := range ts {
			ticks[email] = append(ticks[email], tk.Checklist+" "+tk.Item+" by "+strings.TrimSuffix(tk.By, "@dalvikurbyggd.is"))
		}
	}
	want := map[string][]string{
		"anna":    {"mottaka velkomin by anna", "sundlaug/mottaka lyklar by admin", "sundlaug/mottaka sundprof by bjorn"},
		"cecilia": {"leikskoli/mottaka lyklar by dora", "leikskoli/mottaka reglur by admin"},
		"admin":   {"mottaka adgangur by admin"},
	}
	for email, w := range want {
		if !slices.Equal(ticks[email], w) {
			t.Errorf("%s's ticks: %v, want %v", email, ticks[email], w)
		}
	}

	// Seeing a person's progress: themself, their workplaces' supervisors, administrators.
	for _, tc := range []struct {
		who, whose string
		want       int
	}{
		{"nobody", "anna", http.StatusUnauthorized},
		{"anna", "anna", http.StatusOK},
		{"anna", "Anna%40Dalvikurbyggd.is", http.StatusOK},
		{"anna", "cecilia", http.StatusForbidden},
		{"anna", "bjorn", http.StatusForbidden},
		{"anna", "nobody", http.StatusForbidden},
		{"bjorn", "anna", http.StatusOK},
		{"bjorn", "eva", http.StatusOK},
		{"bjorn", "cecilia", http.StatusNotFound}, // not his: as for nobody
		{"bjorn", "nobody", http.StatusNotFound},
		{"dora", "cecilia", http.StatusOK},
		{"dora", "anna", http.StatusNotFound},
		{"admin", "anna", http.StatusOK},
		{"admin", "cecilia", http.StatusOK},
		{"admin", "nobody", http.StatusNotFound},
	} {
		whose := tc.whose
		if !strings.Contains(whose, "%40") {
			whose += "@dalvikurbyggd.is"
		}
		path := "/api/people/" + whose + "/onboarding"
		code, out := rs.call(t, clients[tc.who], "GET", path, "")
		if code != tc.want {
			t.Errorf("%s: GET %s: %d %v, want %d", tc.who, path, code, out, tc.want)
			continue
		}
		if code != http.StatusOK {
			if out["error"] == nil || out["onboarding"] != nil {
				t.Errorf("%s: GET %s: %d %v, want only an error", tc.who, path, code, out)
			}
			continue
		}
		p := out["person"].(map[string]any)
		if !strings.EqualFold(p["email"].(string), strings.ReplaceAll(whose, "%40", "@")) || out["onboarding"] == nil {
			t.Errorf("%s: GET %s: %v", tc.who, path, out)
		}
	}
}

// TestTicksConverge: two devices tick and untick the same item offline and then sync,
// in one order for one item and in the other for another; both end the same, the change
// made last standing (done winning a tie), each device told what stands, and every
// change applied is in the audit log under who made it.
func TestTicksConverge(t *testing.T) { onEachStore(t, testTicksConverge) }

func testTicksConverge(t *testing.T, open storeOpener) {
	rs := newRecordsSiteOn(t, open, Auth{})
	withChecklists(rs)
	phone, office := rs.browser(t), rs.browser(t)
	rs.signIn(t, phone, "anna@dalvikurbyggd.is")
	rs.signIn(t, office, "bjorn@dalvikurbyggd.is")
	type change struct {
		c    *http.Client
		done bool
		at   string
	}
	// Anna's phone ticks, then unticks at 10:10; Björn ticks for her, the second time at
	// the same moment as she unticks.
	annas := []change{{phone, true, "2026-12-02T10:00:00.000Z"}, {phone, false, "2026-12-02T10:10:00.000Z"}}
	bjorns := []change{{office, true, "2026-12-02T10:05:00.000Z"}, {office, true, "2026-12-02T10:10:00Z"}}
	orders := map[string][]change{
		"velkomin": slices.Concat(annas, bjorns),
		"sundprof": slices.Concat(bjorns, annas),
	}
	checklists := map[string]string{"velkomin": "mottaka", "sundprof": "sundlaug/mottaka"}
	applied := map[string]int{}
	for id, order := range orders {
		path := "/api/checklists/" + checklists[id] + "/items/" + id
		for _, ch := range order {
			body := fmt.Sprintf(`{"done":%v,"at":%q,"person":"anna@dalvikurbyggd.is"}`, ch.done, ch.at)
			code, out := rs.call(t, ch.c, "PUT", path, body)
			if code != http.StatusOK {
				t.Fatalf("PUT %s %s: %d %v", path, body, code, out)
			}
			if out["applied"] == true {
				applied[id]++
				if out["done"] != ch.done || out["at"] != strings.Replace(ch.at, ".000Z", "Z", 1) {
					t.Errorf("%s: applied %s, answered %v", id, body, out)
				}
			}
			if out["checklist"] != checklists[id] || out["item"] != id || out["person"] != "anna@dalvikurbyggd.is" {
				t.Errorf("%s: the answer names another item: %v", id, out)
			}
		}
	}
	if applied["velkomin"] != 3 || applied["sundprof"] != 2 {
		t.Errorf("applied %v, want 3 changes of velkomin (all but Björn's first) and 2 of sundprof (Björn's)", applied)
	}
	progress := rs.myProgress(t, phone)
	for id := range orders {
		it := item(t, progress, checklists[id], id)
		if it["done"] != true || it["at"] != "2026-12-02T10:10:00Z" || it["by"] != "bjorn@dalvikurbyggd.is" || it["by_name"] != "Björn Þórsson" {
			t.Errorf("%s after syncing: %v, want done at 10:10 by Björn, named", id, it)
		}
	}
	// The audit log: each applied change, by who made it, about Anna's checklist, in
	// a chain that verifies.
	var logged []string
	for e, err := range rs.store.AuditLog(t.Context()) {
		if err != nil {
			t.Fatal(err)
		}
		if e.Action == store.ActionTick {
			if e.Subject != "anna@dalvikurbyggd.is" {
				t.Errorf("entry %d is about %s's checklist", e.Seq, e.Subject)
			}
			logged = append(logged, strings.TrimSuffix(e.Actor, "@dalvikurbyggd.is")+" "+string(e.Data))
		}
	}
	want := []string{
		`anna {"at":"2026-12-02T10:00:00.000000Z","checklist":"mottaka","done":true,"item":"velkomin"}`,
		`anna {"at":"2026-12-02T10:10:00.000000Z","checklist":"mottaka","done":false,"item":"velkomin"}`,
		`bjorn {"at":"2026-12-02T10:10:00.000000Z","checklist":"mottaka","done":true,"item":"velkomin"}`,
		`bjorn {"at":"2026-12-02T10:05:00.000000Z","checklist":"sundlaug/mottaka","done":true,"item":"sundprof"}`,
		`bjorn {"at":"2026-12-02T10:10:00.000000Z","checklist":"sundlaug/mottaka","done":true,"item":"sundprof"}`,
	}
	slices.Sort(logged)
	slices.Sort(want)
	if !slices.Equal(logged, want) {
		t.Errorf("the ticks' audit entries:\n%s\nwant\n%s", strings.Join(logged, "\n"), strings.Join(want, "\n"))
	}
	if _, err := audit.Verify(rs.store.AuditLog(t.Context()), nil); err != nil {
		t.Error(err)
	}
}

// TestTickTimes: a tick without a time is now; one from a device whose clock runs
// ahead is taken as now, so that it cannot outlast the changes made after it; a tick
// from another site's page is refused and changes nothing.
func TestTickTimes(t *testing.T) { onEachStore(t, testTickTimes) }

func testTickTimes(t *testing.T, open storeOpener) {
	rs := newRecordsSiteOn(t, open, Auth{})
	withChecklists(rs)
	c := rs.browser(t)
	rs.signIn(t, c, "anna@dalvikurbyggd.is")
	const path = "/api/checklists/sundlaug/mottaka/items/sundprof"
	now := rs.clock.Load().Format(time.RFC3339)
	if code, out := rs.call(t, c, "PUT", path, `{"done":true}`); code != http.StatusOK || out["at"] != now || out["by"] != "anna@dalvikurbyggd.is" {
		t.Errorf("a tick without a time: %d %v, want it at the server's now, %s", code, out, now)
	}
	rs.advance(time.Hour)
	now = rs.clock.Load().Format(time.RFC3339)
	if code, out := rs.call(t, c, "PUT", path, `{"done":false,"at":"2027-06-01T00:00:00Z"}`); code != http.StatusOK || out["at"] != now || out["applied"] != true {
		t.Errorf("a tick from the future: %d %v, want it applied at the server's now, %s", code, out, now)
	}
	rs.advance(time.Minute)
	if code, out := rs.call(t, c, "PUT", path, `{"done":true}`); code != http.StatusOK || out["applied"] != true || out["done"] != true {
		t.Errorf("a tick after the one from the future: %d %v, want it applied", code, out)
	}
	before := item(t, rs.myProgress(t, c), "sundlaug/mottaka", "sundprof")
	for _, h := range [][]string{{"Origin", "https://evil.example"}, {"Sec-Fetch-Site", "cross-site"}} {
		if code, out := rs.call(t, c, "PUT", path, `{"done":false}`, h...); code != http.StatusForbidden || out["error"] == nil {
			t.Errorf("PUT with %s %s: %d %v, want 403", h[0], h[1], code, out)
		}
	}
	rs.advance(time.Minute)
	if code, _ := rs.call(t, c, "PUT", path, `{"done":false}`, "Origin", rs.URL); code != http.StatusOK {
		t.Errorf("PUT from the site's own page: %d", code)
	}
	if before["done"] != true {
		t.Errorf("before the cross-site requests the item is %v", before)
	}
	ticks, err := rs.store.TicksOf(t.Context(), "anna@dalvikurbyggd.is")
	if err != nil || len(ticks) != 1 || ticks[0].Done || !ticks[0].At.Equal(*rs.clock.Load()) {
		t.Errorf("after the cross-site requests and one from the site: %+v %v, want only the site's untick", ticks, err)
	}
}

// TestPolicyItem: a policy's item is done exactly when the policy's current version is
// acknowledged, at that time and by the person, and open again with a new version,
// saying which; ticking it is refused.
func TestPolicyItem(t *testing.T) { onEachStore(t, testPolicyItem) }

func testPolicyItem(t *testing.T, open storeOpener) {
	rs := newRecordsSiteOn(t, open, Auth{})
	withChecklists(rs)
	anna, bjorn := rs.browser(t), rs.browser(t)
	rs.signIn(t, anna, "anna@dalvikurbyggd.is")
	rs.signIn(t, bjorn, "bjorn@dalvikurbyggd.is")
	thjonusta := func(c *http.Client) map[string]any {
		if c == anna {
			return item(t, rs.myProgress(t, anna), "mottaka", "thjonusta")
		}
		code, out := rs.call(t, bjorn, "GET", "/api/people/anna@dalvikurbyggd.is/onboarding", "")
		if code != http.StatusOK {
			t.Fatalf("Anna's onboarding as Björn: %d %v", code, out)
		}
		return item(t, out["onboarding"], "mottaka", "thjonusta")
	}
	// One due day for the policy everywhere: the item, Anna's policies and the
	// supervisor's table.
	sameDue := func(when string, it map[string]any) {
		t.Helper()
		code, me := rs.call(t, anna, "GET", "/api/me", "")
		if code != http.StatusOK {
			t.Fatalf("/api/me: %d", code)
		}
		var mine any = "missing"
		for _, p := range me["policies"].([]any) {
			if p := p.(map[string]any); p["id"] == "thjonustustefna" {
				mine = p["due"]
			}
		}
		code, tbl := rs.call(t, bjorn, "GET", "/api/workplaces/sundlaug/acks", "")
		if code != http.StatusOK {
			t.Fatalf("the pool's acks: %d", code)
		}
		var cell any = "missing"
		for _, p := range tbl["people"].([]any) {
			if p := p.(map[string]any); p["email"] == "anna@dalvikurbyggd.is" {
				for _, c := range p["policies"].([]any) {
					if c := c.(map[string]any); c["policy"] == "thjonustustefna" {
						cell = c["due"]
					}
				}
			}
		}
		if it["due"] != mine || it["due"] != cell {
			t.Errorf("%s: the item is due %v, Anna's policies say %v, the supervisor's table %v", when, it["due"], mine, cell)
		}
	}
	it := thjonusta(anna)
	sameDue("before acknowledging", it)
	if it["done"] != false || it["policy"] != "thjonustustefna" || it["due"] != "2026-11-28" || it["due_offset"] != 3.0 ||
		it["overdue"] != true || it["owner"] != "employee" || it["task"] != "Kynna sér þjónustustefnuna" || it["at"] != nil || it["reopened"] != nil {
		t.Errorf("before acknowledging: %v", it)
	}
	if code, out := rs.call(t, anna, "PUT", "/api/checklists/mottaka/items/thjonusta", `{"done":true}`); code != http.StatusBadRequest ||
		!strings.Contains(out["error"].(string), "Þjónustustefna") {
		t.Errorf("ticking a policy's item: %d %v, want 400 naming the policy", code, out)
	}
	code, ack := rs.call(t, anna, "POST", "/api/acks", `{"policy":"thjonustustefna","version":1}`)
	if code != http.StatusCreated {
		t.Fatalf("acknowledging: %d %v", code, ack)
	}
	for _, c := range []*http.Client{anna, bjorn} {
		if it := thjonusta(c); it["done"] != true || it["at"] != ack["at"] || it["by"] != "anna@dalvikurbyggd.is" || it["overdue"] != false {
			t.Errorf("after acknowledging: %v, want done at %v", it, ack["at"])
		}
	}
	// Version 2 is served after the checklist's day: it is due by the policy's own
	// rule, from the day it was first served, and not overdue at once.
	bumpVersion(rs, "thjonustustefna")
	if _, err := rs.store.KeepRevision(t.Context(), store.Revision{Policy: "thjonustustefna", Version: 2, Revision: "r2",
		Title: "Þjónustustefna", Text: "Ný útgáfa."}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []*http.Client{anna, bjorn} {
		if it := thjonusta(c); it["done"] != false || it["reopened"] != 2.0 || it["at"] != nil || it["overdue"] != false ||
			it["due"] == nil || it["due"].(string) <= "2026-11-28" {
			t.Errorf("after version 2: %v, want open again, reopened by version 2, due later and not overdue", it)
		}
	}
	sameDue("after version 2", thjonusta(anna))
}

// TestWorkplaceOnboarding: the pool's new hires and the one about to start, the most
// behind first, then by start date; each with their progress and their overdue items,
// the oldest first. Eva, who started in January, is no longer a new hire, and the
// kindergarten's hire is not the pool's.
func TestWorkplaceOnboarding(t *testing.T) { onEachStore(t, testWorkplaceOnboarding) }

func testWorkplaceOnboarding(t *testing.T, open storeOpener) {
	rs := newRecordsSiteOn(t, open, Auth{})
	withChecklists(rs)
	addStaff(t, rs)
	if err := rs.store.AddPeople(t.Context(), "test", []people.Person{{Email: "gudrun@dalvikurbyggd.is", Name: "Guðrún", Role: people.Employee,
		Workplaces: []string{"sundlaug"}, Start: time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC)}}); err != nil {
		t.Fatal(err)
	}
	c := rs.browser(t)
	rs.signIn(t, c, "anna@dalvikurbyggd.is")
	if code, out := rs.call(t, c, "PUT", "/api/checklists/mottaka/items/velkomin", `{"done":true}`); code != http.StatusOK {
		t.Fatalf("ticking: %d %v", code, out)
	}
	rs.signIn(t, c, "bjorn@dalvikurbyggd.is")
	code, out := rs.call(t, c, "GET", "/api/workplaces/sundlaug/onboarding", "")
	if code != http.StatusOK || out["workplace"] != "sundlaug" || out["title"] != "Sundlaug Dalvíkur" {
		t.Fatalf("the pool's onboarding: %d %v", code, out)
	}
	var got []string
	for _, h := range out["hires"].([]any) {
		h := h.(map[string]any)
		p, o := h["person"].(map[string]any), h["onboarding"].(map[string]any)
		line := fmt.Sprintf("%s %v/%v, %v overdue, new %v, upcoming %v:", strings.TrimSuffix(p["email"].(string), "@dalvikurbyggd.is"),
			o["done"], o["total"], o["overdue"], o["new_hire"], o["upcoming"])
		for _, it := range h["overdue_items"].([]any) {
			it := it.(map[string]any)
			line += fmt.Sprintf(" %s/%s %s (%s)", it["checklist"], it["item"], it["due"], it["owner"])
			if it["task"] == "" {
				t.Errorf("an overdue item without its task: %v", it)
			}
		}
		got = append(got, line)
	}
	want := []string{
		"bjorn 0/6, 5 overdue, new true, upcoming false: mottaka/adgangur 2026-11-23 (supervisor) mottaka/velkomin 2026-11-25 (employee)" +
			" sundlaug/mottaka/oryggi 2026-11-26 (employee) mottaka/thjonusta 2026-11-28 (employee) sundlaug/mottaka/lyklar 2026-11-30 (supervisor)",
		"anna 1/6, 4 overdue, new true, upcoming false: mottaka/adgangur 2026-11-23 (supervisor)" +
			" sundlaug/mottaka/oryggi 2026-11-26 (employee) mottaka/thjonusta 2026-11-28 (employee) sundlaug/mottaka/lyklar 2026-11-30 (supervisor)",
		"gudrun 0/6, 0 overdue, new false, upcoming true:",
	}
	if !slices.Equal(got, want) {
		t.Errorf("the pool's hires:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// The same person's progress is the same in every answer.
	hires := out["hires"].([]any)
	code, annas := rs.call(t, c, "GET", "/api/people/anna@dalvikurbyggd.is/onboarding", "")
	if code != http.StatusOK || fmt.Sprint(annas["onboarding"]) != fmt.Sprint(hires[1].(map[string]any)["onboarding"]) {
		t.Errorf("Anna's progress differs between the pool's list and her own:\n%v\n%v", annas["onboarding"], hires[1].(map[string]any)["onboarding"])
	}
	// An administrator without a start date still has the organisation's checklist,
	// without dates, and is no new hire.
	rs.signIn(t, c, "admin@dalvikurbyggd.is")
	mine := rs.myProgress(t, c)
	if mine["new_hire"] != false || mine["start"] != nil || mine["total"] != 3.0 || len(mine["checklists"].([]any)) != 1 ||
		item(t, mine, "mottaka", "velkomin")["due"] != nil {
		t.Errorf("the administrator's onboarding: %v", mine)
	}
}
