package server

import (
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/handbok/handbok/internal/manifest"
	"github.com/handbok/handbok/internal/people"
	"github.com/handbok/handbok/internal/store"
)

// Hostile text as HR's staff file and the handbook's authors could write it: each would
// run script, break out of an attribute, a text area or a template, or make a
// spreadsheet run a formula, if it were written out as it is.
var (
	hostileEmployee   = `<script>alert("starfsmaður")</script>`
	hostileSupervisor = `"><img src=x onerror=alert('yfirmaður')>`
	hostileAdmin      = `</textarea><svg onload=alert(1)>{{.}}`
	hostileFormula    = `=HYPERLINK("https://evil.example","smelltu")`
	hostilePolicy     = `<iframe src="javascript:alert('stefna')">`
	hostilePlace      = `Laug</title><script>alert('vinnustaður')</script>`
	hostileTask       = `<a href="javascript:alert('verk')">lyklar</a>`
	hostileEmail      = `o'hara&{co}@dalvikurbyggd.is` // quote, ampersand, braces: an address all the same
)

// hostileStaff is a staff file with those names, as HR would export it.
const hostileStaff = "email,name,role,workplaces,start_date\n" +
	`hostile@dalvikurbyggd.is,"<script>alert(""starfsmaður"")</script>",employee,sundlaug,2026-11-30` + "\n" +
	`yfir@dalvikurbyggd.is,"""><img src=x onerror=alert('yfirmaður')>",supervisor,sundlaug,` + "\n" +
	`stjori@dalvikurbyggd.is,</textarea><svg onload=alert(1)>{{.}},admin,,` + "\n" +
	`formula@dalvikurbyggd.is,"=HYPERLINK(""https://evil.example"",""smelltu"")",employee,sundlaug,2026-11-30` + "\n" +
	`o'hara&{co}@dalvikurbyggd.is,O'Hara & Co,employee,sundlaug,2026-11-30` + "\n"

// TestHostileNamesEscaped: people's names from the staff file, and titles from the
// handbook's manifest, that carry script are kept as written, come back from every API
// byte for byte, and are escaped on every page of the records: every route the server
// has that answers GET (read from its route table) is asked, by an administrator and by
// the workplace's supervisor, with every workplace, person and suggestion it can name.
// The CSV download keeps a spreadsheet from running a name as a formula.
func TestHostileNamesEscaped(t *testing.T) { t.Parallel(); onEachStore(t, testHostileNamesEscaped) }

func testHostileNamesEscaped(t *testing.T, open storeOpener) {
	rs := newRecordsSiteOn(t, open, Auth{})
	ctx := t.Context()
	staff, problems := people.ReadCSV(strings.NewReader(hostileStaff), "starfsfolk.csv", []string{"sundlaug", "leikskoli"})
	if len(problems) > 0 {
		t.Fatalf("the staff file: %v", problems)
	}
	if err := rs.store.AddPeople(ctx, "handbok users import", staff); err != nil {
		t.Fatal(err)
	}
	hash, err := testPasswordHash()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range staff {
		if err := rs.store.SetPasswordHash(ctx, "test", p.Email, hash); err != nil {
			t.Fatal(err)
		}
	}
	for _, want := range []struct{ email, name string }{{"hostile@dalvikurbyggd.is", hostileEmployee},
		{"yfir@dalvikurbyggd.is", hostileSupervisor}, {"stjori@dalvikurbyggd.is", hostileAdmin}, {"formula@dalvikurbyggd.is", hostileFormula}} {
		if p, err := rs.store.Person(ctx, want.email); err != nil || p.Name != want.name {
			t.Errorf("%s in the records: %q, %v; want %q as the file has it", want.email, p.Name, err, want.name)
		}
	}
	m := &manifest.Manifest{
		Policies: []manifest.Policy{
			{ID: "thjonustustefna", Title: hostilePolicy, URL: "stefnur/thjonustustefna.html", Version: 1, Revision: "r1", Acknowledge: true,
				Owner: &manifest.Contact{Name: hostileEmployee, Email: "yfir@dalvikurbyggd.is"}},
		},
		Checklists: []manifest.Checklist{{ID: "sundlaug/mottaka", Title: hostilePolicy, URL: "sundlaug/mottaka.html", Workplace: "sundlaug",
			Items: []manifest.Item{{ID: "lyklar", Task: hostileTask, Owner: "supervisor"}, {ID: "lesa", Task: hostileTask, Owner: "employee"}}}},
		Workplaces: []manifest.Workplace{{Slug: "sundlaug", Title: hostilePlace}, {Slug: "leikskoli", Title: "Krílakot"}},
	}
	rs.srv.SetManifest(m)
	h, patterns := rs.srv.routes()
	rs.Server.Close()
	rs.Server = httptest.NewServer(h)
	t.Cleanup(rs.Close)

	employee, supervisor, admin := rs.browser(t), rs.browser(t), rs.browser(t)
	rs.signIn(t, employee, "hostile@dalvikurbyggd.is")
	rs.signIn(t, supervisor, "yfir@dalvikurbyggd.is")
	rs.signIn(t, admin, "stjori@dalvikurbyggd.is")
	if code, out := rs.call(t, employee, "POST", "/api/acks", `{"policy":"thjonustustefna","version":1}`); code != http.StatusCreated {
		t.Fatalf("acknowledging: %d %v", code, out)
	}
	if code, out := rs.call(t, supervisor, "PUT", "/api/checklists/sundlaug/mottaka/items/lyklar", `{"done":true,"person":"hostile@dalvikurbyggd.is"}`); code != http.StatusOK {
		t.Fatalf("ticking: %d %v", code, out)
	}
	body, _ := json.Marshal(suggestRequest{Page: "thjonustustefna", Kind: store.SuggestUnclear, Text: hostileTask, Passage: hostilePlace})
	code, out := rs.call(t, employee, "POST", "/api/suggestions", string(body))
	if code != http.StatusCreated {
		t.Fatalf("suggesting: %d %v", code, out)
	}
	suggestion := fmt.Sprint(out["id"])

	// The API gives the names back byte for byte.
	_, me := rs.call(t, employee, "GET", "/api/me", "")
	if me["name"] != hostileEmployee {
		t.Errorf("/api/me name %q, want %q", me["name"], hostileEmployee)
	}
	_, acks := rs.call(t, admin, "GET", "/api/workplaces/sundlaug/acks", "")
	names := map[string]bool{}
	for _, p := range acks["people"].([]any) {
		names[p.(map[string]any)["name"].(string)] = true
	}
	if acks["title"] != hostilePlace || !names[hostileEmployee] || !names[hostileSupervisor] || !names[hostileFormula] {
		t.Errorf("the workplace's acknowledgments: title %q, names %v; want them as written", acks["title"], names)
	}
	res, csv := rs.get(t, admin, "/api/workplaces/sundlaug/acks.csv")
	if res.StatusCode != http.StatusOK || !strings.Contains(csv, `"'=HYPERLINK(""https://evil.example"",""smelltu"")"`) || strings.Contains(csv, `,"=HYPERLINK`) {
		t.Errorf("the CSV writes the formula so that a spreadsheet would run it, or not at all:\n%s", csv)
	}

	// Every page escapes them.
	raw := []string{hostileEmployee, hostileSupervisor, hostileAdmin, hostilePolicy, hostilePlace, hostileTask,
		"<script>alert", "<img src=x", "<svg onload", "<iframe src", `href="javascript:`, "</textarea><svg"}
	shown := map[string]bool{}
	pages := 0
	for _, pattern := range patterns {
		method, target := routeRequest(pattern)
		if method != "GET" && method != "" {
			continue
		}
		for _, path := range hostileTargets(target, suggestion) {
			for who, c := range map[string]*http.Client{"the administrator": admin, "the supervisor": supervisor, "the employee": employee} {
				res, page := rs.get(t, c, path)
				if !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
					continue
				}
				pages++
				for _, bad := range raw {
					if strings.Contains(page, bad) {
						t.Errorf("%s, %s (%d) has %q unescaped", who, path, res.StatusCode, bad)
					}
				}
				text := html.UnescapeString(page)
				for _, s := range []string{hostileEmployee, hostileSupervisor, hostileAdmin, hostilePolicy, hostilePlace, hostileTask, hostileEmail} {
					if strings.Contains(text, s) {
						shown[s] = true
					}
				}
			}
		}
	}
	// What each page should show, it shows (escaped), or the test proves nothing.
	for _, s := range []string{hostileEmployee, hostileSupervisor, hostileAdmin, hostilePolicy, hostilePlace, hostileTask, hostileEmail} {
		if !shown[s] {
			t.Errorf("no page of the records shows %q: the test would not see it unescaped", s)
		}
	}
	if pages < 20 {
		t.Errorf("only %d pages were looked at", pages)
	}
}

// hostileTargets are the paths to ask for a route's path: its wildcards with each of
// the values the hostile site has.
func hostileTargets(target, suggestion string) []string {
	switch {
	case strings.Contains(target, "/people/anna@dalvikurbyggd.is"):
		var out []string
		for _, email := range []string{"hostile@dalvikurbyggd.is", "yfir@dalvikurbyggd.is", "formula@dalvikurbyggd.is", hostileEmail} {
			out = append(out, strings.Replace(target, "anna@dalvikurbyggd.is", pathEscape(email), 1))
		}
		return out
	case strings.HasSuffix(target, suggestPath+"/1"):
		return []string{strings.TrimSuffix(target, "1") + suggestion}
	case strings.HasSuffix(target, "/x"):
		return []string{strings.TrimSuffix(target, "x")}
	}
	return []string{target}
}

// pathEscape escapes an email for a path as the pages' links do.
func pathEscape(email string) string {
	return strings.TrimPrefix(personPath("", email), peoplePath("")+"/")
}
