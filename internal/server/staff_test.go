package server

import (
	"encoding/json"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/netip"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/handbok/handbok/internal/people"
	"github.com/handbok/handbok/internal/store"
)

// signedIn returns a browser signed in as each of the test site's people, by first
// name, and "nobody" not signed in.
func signedIn(t *testing.T, rs *recordsSite, who ...string) map[string]*http.Client {
	clients := map[string]*http.Client{"nobody": rs.browser(t)}
	for _, w := range who {
		clients[w] = rs.browser(t)
		rs.signIn(t, clients[w], w+"@dalvikurbyggd.is")
	}
	return clients
}

// auditOf returns the audit entries with action, in order.
func auditOf(t *testing.T, rs *recordsSite, action string) []map[string]any {
	t.Helper()
	var out []map[string]any
	for e, err := range rs.store.AuditLog(t.Context()) {
		if err != nil {
			t.Fatal(err)
		}
		if e.Action == action {
			var data map[string]any
			if err := json.Unmarshal(e.Data, &data); err != nil {
				t.Fatal(err)
			}
			data["_actor"], data["_subject"] = e.Actor, e.Subject
			out = append(out, data)
		}
	}
	return out
}

// TestPeopleAccess: every route of a workplace's people, for every role and workplace.
// Only a supervisor of that workplace and an administrator get in; an employee and the
// supervisor of another workplace get 403 and change nothing; a workplace the handbook
// does not have is 404; nobody signed in is sent to sign in.
func TestPeopleAccess(t *testing.T) { onEachStore(t, testPeopleAccess) }

func testPeopleAccess(t *testing.T, open storeOpener) {
	rs := newRecordsSiteOn(t, open, Auth{})
	addStaff(t, rs)
	clients := signedIn(t, rs, "anna", "bjorn", "dora", "admin")
	const (
		ok        = 0 // the route's own success
		forbidden = http.StatusForbidden
		missing   = http.StatusNotFound
		signIn    = http.StatusSeeOther // to the sign-in page
	)
	// The pool (sundlaug) is Björn's, the kindergarten (leikskoli) Dóra's. Eva is an
	// employee at the pool, Cecilía at the kindergarten.
	tests := []struct {
		who, role                  string
		sundlaug, leikskoli, engin int
	}{
		{"nobody", "nobody", signIn, signIn, signIn},
		{"anna", "employee of the pool", forbidden, forbidden, missing},
		{"bjorn", "supervisor of the pool", ok, forbidden, missing},
		{"dora", "supervisor of the kindergarten", forbidden, ok, missing},
		{"admin", "admin", ok, ok, missing},
	}
	employee := map[string]string{"sundlaug": "eva@dalvikurbyggd.is", "leikskoli": "cecilia@dalvikurbyggd.is", "engin": "eva@dalvikurbyggd.is"}
	routes := []struct {
		name   string
		method string
		person bool // the path is the employee's page, not the list
		form   func(who, slug string) url.Values
		ok     int
		// okSupervisor, when not 0, is what a supervisor let in gets instead of ok.
		okSupervisor int
		// changed reports whether the route changed the records, for a refusal to show
		// that it did not.
		changed func(who, slug string) bool
	}{
		{name: "list", method: "GET", ok: http.StatusOK},
		{name: "add", method: "POST", ok: http.StatusSeeOther,
			form: func(who, slug string) url.Values {
				return url.Values{"email": {who + "-" + slug + "@dalvikurbyggd.is"}, "name": {"Ný"}, "workplace": {slug}}
			},
			changed: func(who, slug string) bool {
				_, err := rs.store.Person(t.Context(), who+"-"+slug+"@dalvikurbyggd.is")
				return err == nil
			}},
		{name: "person", method: "GET", person: true, ok: http.StatusOK},
		{name: "save", method: "POST", person: true, ok: http.StatusSeeOther,
			form: func(who, slug string) url.Values {
				return url.Values{"action": {"save"}, "name": {"Nafn frá " + who}, "workplace": {slug}}
			},
			changed: func(who, slug string) bool {
				p, _ := rs.store.Person(t.Context(), employee[slug])
				return p.Name == "Nafn frá "+who
			}},
		{name: "onboarded", method: "POST", person: true, ok: http.StatusSeeOther,
			form: func(string, string) url.Values { return url.Values{"action": {"onboarded"}} }},
		{name: "reopen", method: "POST", person: true, ok: http.StatusSeeOther,
			form: func(string, string) url.Values { return url.Values{"action": {"reopen"}} }},
		// The employees have passwords: a supervisor gives them no invitation link (409),
		// an administrator may (see TestInvitationNotForPassword).
		{name: "invite", method: "POST", person: true, ok: http.StatusSeeOther, okSupervisor: http.StatusConflict,
			form: func(string, string) url.Values { return url.Values{"action": {"invite"}} }},
		{name: "disable", method: "POST", person: true, ok: http.StatusSeeOther,
			form: func(string, string) url.Values { return url.Values{"action": {"disable"}} },
			changed: func(who, slug string) bool {
				p, _ := rs.store.Person(t.Context(), employee[slug])
				return p.Disabled
			}},
	}
	// Those refused go first: the changes of those let in must not hide theirs.
	slices.SortStableFunc(tests, func(a, b struct {
		who, role                  string
		sundlaug, leikskoli, engin int
	}) int {
		return strings.Compare(fmt.Sprint(a.sundlaug == ok || a.leikskoli == ok), fmt.Sprint(b.sundlaug == ok || b.leikskoli == ok))
	})
	for _, route := range routes {
		for _, tt := range tests {
			for _, slug := range []string{"sundlaug", "leikskoli", "engin"} {
				want := map[string]int{"sundlaug": tt.sundlaug, "leikskoli": tt.leikskoli, "engin": tt.engin}[slug]
				path := peoplePath(slug)
				if route.person {
					path = personPath(slug, employee[slug])
				}
				before := route.changed != nil && route.changed(tt.who, slug)
				var res *http.Response
				var body string
				if route.method == "GET" {
					res, body = rs.get(t, clients[tt.who], path)
				} else {
					res, body = rs.postForm(t, clients[tt.who], path, route.form(tt.who, slug))
				}
				allowed := want == ok
				if allowed {
					want = route.ok
					if route.okSupervisor != 0 && tt.who != "admin" {
						want = route.okSupervisor
					}
				}
				if res.StatusCode != want {
					t.Errorf("%s %s, %s: %d, want %d\n%s", route.name, path, tt.role, res.StatusCode, want, body)
					continue
				}
				switch {
				case want == signIn && tt.who == "nobody":
					if loc := res.Header.Get("Location"); !strings.HasPrefix(loc, signInPath+"?next=") {
						t.Errorf("%s %s, nobody: to %q, want the sign-in page", route.name, path, loc)
					}
				case want == forbidden && !strings.Contains(body, "Aðeins yfirmenn vinnustaðarins"):
					t.Errorf("%s %s, %s: the 403 page does not say who may see it:\n%s", route.name, path, tt.role, body)
				}
				if !allowed && strings.Contains(body, employee[slug]) {
					t.Errorf("%s %s, %s: %d shows the workplace's people:\n%s", route.name, path, tt.role, res.StatusCode, body)
				}
				if route.changed != nil && !allowed && !before && route.changed(tt.who, slug) {
					t.Errorf("%s %s, %s: refused with %d, but the records changed", route.name, path, tt.role, res.StatusCode)
				}
				if route.changed != nil && allowed && !route.changed(tt.who, slug) {
					t.Errorf("%s %s, %s: %d, but the records did not change", route.name, path, tt.role, res.StatusCode)
				}
			}
		}
	}
}

// TestSupervisorLimits: a supervisor adds and changes employees of their own workplaces
// only. They cannot make an administrator or a supervisor, put anyone in a workplace
// they do not supervise, change a supervisor, or change someone of another workplace;
// what they may not change of a person in two workplaces stays as it was.
func TestSupervisorLimits(t *testing.T) { onEachStore(t, testSupervisorLimits) }

func testSupervisorLimits(t *testing.T, open storeOpener) {
	rs := newRecordsSiteOn(t, open, Auth{})
	addStaff(t, rs)
	ctx := t.Context()
	both := people.Person{Email: "frida@dalvikurbyggd.is", Name: "Fríða", Role: people.Employee, Workplaces: []string{"leikskoli", "sundlaug"}}
	other := people.Person{Email: "gudrun@dalvikurbyggd.is", Name: "Guðrún", Role: people.Supervisor, Workplaces: []string{"sundlaug"}}
	if err := rs.store.AddPeople(ctx, "test", []people.Person{both, other}); err != nil {
		t.Fatal(err)
	}
	c := signedIn(t, rs, "bjorn")["bjorn"]
	for name, form := range map[string]url.Values{
		"an administrator":         {"email": {"a@dalvikurbyggd.is"}, "name": {"A"}, "role": {"admin"}, "workplace": {"sundlaug"}},
		"a supervisor":             {"email": {"b@dalvikurbyggd.is"}, "name": {"B"}, "role": {"supervisor"}, "workplace": {"sundlaug"}},
		"someone at another place": {"email": {"c@dalvikurbyggd.is"}, "name": {"C"}, "workplace": {"leikskoli"}},
		"someone at two places":    {"email": {"d@dalvikurbyggd.is"}, "name": {"D"}, "workplace": {"sundlaug", "leikskoli"}},
	} {
		res, _ := rs.postForm(t, c, peoplePath("sundlaug"), form)
		if res.StatusCode != http.StatusForbidden {
			t.Errorf("adding %s: %d, want 403", name, res.StatusCode)
		}
		if _, err := rs.store.Person(ctx, form.Get("email")); err == nil {
			t.Errorf("adding %s: they were added", name)
		}
	}

	eva := "eva@dalvikurbyggd.is"
	for name, form := range map[string]url.Values{
		"moved to another place": {"action": {"save"}, "name": {"Eva"}, "workplace": {"leikskoli"}},
		"made a supervisor":      {"action": {"save"}, "name": {"Eva"}, "role": {"supervisor"}, "workplace": {"sundlaug"}},
	} {
		res, _ := rs.postForm(t, c, personPath("sundlaug", eva), form)
		if p, _ := rs.store.Person(ctx, eva); res.StatusCode != http.StatusForbidden || p.Name != "Eva Sigurðardóttir" || p.Role != people.Employee || !slices.Equal(p.Workplaces, []string{"sundlaug"}) {
			t.Errorf("Eva %s: %d, now %+v; want 403 and nothing changed", name, res.StatusCode, p)
		}
	}
	if res, _ := rs.postForm(t, c, personPath("sundlaug", "cecilia@dalvikurbyggd.is"), url.Values{"action": {"disable"}}); res.StatusCode != http.StatusNotFound {
		t.Errorf("someone of another workplace through the pool's page: %d, want 404", res.StatusCode)
	}
	if p, _ := rs.store.Person(ctx, "cecilia@dalvikurbyggd.is"); p.Disabled {
		t.Error("Björn disabled someone of the kindergarten")
	}
	for _, action := range []string{"save", "disable", "invite", "onboarded"} {
		res, body := rs.postForm(t, c, personPath("sundlaug", other.Email), url.Values{"action": {action}, "name": {"X"}, "workplace": {"sundlaug"}})
		if res.StatusCode != http.StatusForbidden || !strings.Contains(body, "breytir aðeins almennu starfsfólki") {
			t.Errorf("%s another supervisor: %d, want 403 saying why", action, res.StatusCode)
		}
	}
	if res, _ := rs.get(t, c, personPath("sundlaug", "bjorn@dalvikurbyggd.is")); res.StatusCode != http.StatusForbidden {
		t.Errorf("a supervisor's own page: %d, want 403 (an administrator changes supervisors)", res.StatusCode)
	}
	if p, _ := rs.store.Person(ctx, other.Email); p.Name != other.Name || p.Disabled || !p.Onboarded.IsZero() {
		t.Errorf("the other supervisor changed: %+v", p)
	}
	// Fríða is at the pool and the kindergarten: Björn takes her off the pool, and the
	// kindergarten, which is not his to change, stays.
	res, _ := rs.postForm(t, c, personPath("sundlaug", both.Email), url.Values{"action": {"save"}, "name": {"Fríða"}, "title": {"Laugarvörður"}})
	if p, _ := rs.store.Person(ctx, both.Email); res.StatusCode != http.StatusSeeOther || !slices.Equal(p.Workplaces, []string{"leikskoli"}) || p.Title != "Laugarvörður" {
		t.Errorf("Fríða off the pool: %d, now %+v; want her at the kindergarten only", res.StatusCode, p)
	}
	if loc := res.Header.Get("Location"); loc != peoplePath("sundlaug")+"?done=people_done_saved" {
		t.Errorf("after taking her off the pool, to %q, want the pool's list", loc)
	}

	// An administrator may make a supervisor, of any workplace.
	admin := signedIn(t, rs, "admin")["admin"]
	res, _ = rs.postForm(t, admin, peoplePath("sundlaug"), url.Values{"email": {"h@dalvikurbyggd.is"}, "name": {"H"}, "role": {"supervisor"}, "workplace": {"sundlaug", "leikskoli"}})
	if p, err := rs.store.Person(ctx, "h@dalvikurbyggd.is"); res.StatusCode != http.StatusSeeOther || err != nil || p.Role != people.Supervisor || len(p.Workplaces) != 2 {
		t.Errorf("an administrator making a supervisor: %d, %+v, %v", res.StatusCode, p, err)
	}
	if res, _ := rs.postForm(t, admin, personPath("sundlaug", other.Email), url.Values{"action": {"save"}, "name": {"Guðrún"}, "role": {"employee"}, "workplace": {"sundlaug"}}); res.StatusCode != http.StatusSeeOther {
		t.Errorf("an administrator changing a supervisor: %d", res.StatusCode)
	}
	if p, _ := rs.store.Person(ctx, other.Email); p.Role != people.Employee {
		t.Errorf("the administrator's change did not stand: %+v", p)
	}
}

// TestPeopleFormsCrossSite: every form of the server's pages (people, new hires,
// invitation, sign-in), sent from another site's page, is refused with 403 and a page
// in the handbook's frame that says why in Icelandic, and changes nothing; the API
// answers the same refusal in JSON.
func TestPeopleFormsCrossSite(t *testing.T) {
	rs := newRecordsSite(t, Auth{})
	c := signedIn(t, rs, "bjorn")["bjorn"]
	before := len(auditOf(t, rs, store.ActionPersonAdd)) + len(auditOf(t, rs, store.ActionPersonUpdate)) + len(auditOf(t, rs, store.ActionPersonInvite))
	for _, tc := range []struct {
		path string
		form url.Values
	}{
		{peoplePath("sundlaug"), url.Values{"email": {"ny@dalvikurbyggd.is"}, "name": {"Ný"}, "workplace": {"sundlaug"}}},
		{personPath("sundlaug", "anna@dalvikurbyggd.is"), url.Values{"action": {"save"}, "name": {"X"}, "workplace": {"sundlaug"}}},
		{personPath("sundlaug", "anna@dalvikurbyggd.is"), url.Values{"action": {"invite"}}},
		{personPath("sundlaug", "anna@dalvikurbyggd.is"), url.Values{"action": {"disable"}}},
		{invitationPath, url.Values{"token": {"x"}, "password": {testPassword}}},
		{workplacePath + "sundlaug/onboarding", url.Values{"person": {"anna@dalvikurbyggd.is"}, "checklist": {"sundlaug/mottaka"}, "item": {"lyklar"}, "done": {"1"}}},
		{signInPath, url.Values{"email": {"bjorn@dalvikurbyggd.is"}, "password": {testPassword}}},
	} {
		for _, h := range [][]string{{"Origin", "http://evil.example"}, {"Sec-Fetch-Site", "cross-site"}} {
			res, body := rs.postForm(t, c, tc.path, tc.form, h...)
			if res.StatusCode != http.StatusForbidden || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") ||
				!strings.Contains(body, "Formið var sent af síðu annars vefs") || !strings.Contains(body, `class="site-footer"`) {
				t.Errorf("%s %s: %d %s, want 403 with the handbook's page saying why\n%s", tc.path, h, res.StatusCode, res.Header.Get("Content-Type"), body)
			}
		}
	}
	if code, out := rs.call(t, c, "POST", "/api/acks", `{"policy":"thjonustustefna","version":1}`, "Origin", "http://evil.example"); code != http.StatusForbidden || out["error"] == nil {
		t.Errorf("the API from another site: %d %v, want 403 with a JSON error", code, out)
	}
	after := len(auditOf(t, rs, store.ActionPersonAdd)) + len(auditOf(t, rs, store.ActionPersonUpdate)) + len(auditOf(t, rs, store.ActionPersonInvite))
	if p, _ := rs.store.Person(t.Context(), "anna@dalvikurbyggd.is"); after != before || p.Disabled {
		t.Errorf("a cross-site form changed the records")
	}
	// The same origin is let in.
	if res, _ := rs.postForm(t, c, personPath("sundlaug", "anna@dalvikurbyggd.is"), url.Values{"action": {"onboarded"}}, "Origin", rs.URL); res.StatusCode != http.StatusSeeOther {
		t.Errorf("the site's own page: %d, want 303", res.StatusCode)
	}
}

var invitationLink = regexp.MustCompile(`value="(http://[^"]*` + invitationPath + `\?token=[^"]*)"`)

// invitationIn returns the invitation link on a page, and its token.
func invitationIn(t *testing.T, page string) (link, token string) {
	t.Helper()
	m := invitationLink.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no invitation link on the page:\n%s", page)
	}
	link = html.UnescapeString(m[1])
	u, err := url.Parse(link)
	if err != nil {
		t.Fatal(err)
	}
	return link, u.Query().Get("token")
}

// newLink asks for a new invitation link on a person's page with c, and returns its
// token from the page the form redirects to.
func (rs *recordsSite) newLink(t *testing.T, c *http.Client, path string) string {
	t.Helper()
	res, body := rs.postForm(t, c, path, url.Values{"action": {"invite"}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != path {
		t.Fatalf("a new link on %s: %d to %q, want 303 back to the page\n%s", path, res.StatusCode, res.Header.Get("Location"), body)
	}
	_, page := rs.get(t, c, path)
	_, token := invitationIn(t, page)
	return token
}

// TestInvitation: a supervisor adds a person and is sent to their page, which shows the
// invitation link once: a reload shows it no more, another session of the same
// supervisor never, and the form sent again says the person is there already. The link
// sets the person's password and signs them in, once; from then on only an
// administrator makes them a new one, and a week later, or once a newer link is made, a
// link no longer works. The token is in no address, no log and no audit entry; every
// change is in the audit trail in the name of who made it.
func TestInvitation(t *testing.T) { onEachStore(t, testInvitation) }

func testInvitation(t *testing.T, open storeOpener) {
	rs := newRecordsSiteOn(t, open, Auth{})
	ctx := t.Context()
	clients := signedIn(t, rs, "bjorn", "admin")
	bjorn := clients["bjorn"]
	hildur := "hildur@dalvikurbyggd.is"
	hildurs := personPath("sundlaug", hildur)
	form := url.Values{"email": {"Hildur@Dalvikurbyggd.is"}, "name": {"Hildur Hansdóttir"},
		"title": {"Laugarvörður"}, "start": {"2026-12-07"}, "workplace": {"sundlaug"}}
	res, body := rs.postForm(t, bjorn, peoplePath("sundlaug"), form)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != hildurs+"?done=people_done_added" {
		t.Fatalf("adding Hildur: %d to %q, want 303 to her page\n%s", res.StatusCode, res.Header.Get("Location"), body)
	}
	p, err := rs.store.Person(ctx, hildur)
	if err != nil || p.Title != "Laugarvörður" || p.Start != time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC) || p.Role != people.Employee {
		t.Fatalf("Hildur in the records: %+v, %v", p, err)
	}
	// The same link kept for another session of Björn's is not shown there.
	u, _ := url.Parse(rs.URL + hildurs)
	other := signedIn(t, rs, "bjorn")["bjorn"]
	kept := slices.IndexFunc(bjorn.Jar.Cookies(u), func(c *http.Cookie) bool { return c.Name == invitedCookie })
	if kept < 0 {
		t.Fatalf("no link kept for the page redirected to")
	}
	other.Jar.SetCookies(u, []*http.Cookie{bjorn.Jar.Cookies(u)[kept]})
	if _, page := rs.get(t, other, hildurs); strings.Contains(page, invitationPath+"?token=") {
		t.Errorf("another session of Björn's was shown the link:\n%s", page)
	}

	res, page := rs.get(t, bjorn, res.Header.Get("Location"))
	if res.StatusCode != http.StatusOK || !strings.Contains(page, "Starfsmaðurinn var skráður") || !strings.Contains(page, "Boðstengill — Hildur Hansdóttir") {
		t.Fatalf("Hildur's page after adding her: %d\n%s", res.StatusCode, page)
	}
	link, token := invitationIn(t, page)
	if !strings.HasPrefix(link, rs.URL+invitationPath+"?token=") || len(token) < 40 {
		t.Errorf("the link %q is not this site's invitation", link)
	}
	if _, again := rs.get(t, bjorn, hildurs+"?done=people_done_added"); strings.Contains(again, token) || strings.Contains(again, "invited-url") {
		t.Errorf("reloading her page shows the link again:\n%s", again)
	}
	if _, list := rs.get(t, bjorn, peoplePath("sundlaug")); strings.Contains(list, token) || !strings.Contains(list, "Án lykilorðs") {
		t.Errorf("the list shows the link again, or not that Hildur has no password yet")
	}
	// The form sent again (the back button) adds nothing and says why, in words.
	res, page = rs.postForm(t, bjorn, peoplePath("sundlaug"), form)
	if res.StatusCode != http.StatusConflict || !strings.Contains(page, "Hildur@Dalvikurbyggd.is er þegar á skrá, svo að ekkert var skráð núna") ||
		!strings.Contains(page, `href="`+hildurs+`"`) {
		t.Errorf("the add form sent again: %d, want 409 saying she is there, with a link to her page\n%s", res.StatusCode, page)
	}

	visitor := rs.browser(t)
	if res, page := rs.get(t, visitor, invitationPath+"?token="+url.QueryEscape(token)); res.StatusCode != http.StatusOK || !strings.Contains(page, "Hildur Hansdóttir") {
		t.Fatalf("the invitation page: %d\n%s", res.StatusCode, page)
	}
	if res, page := rs.postForm(t, visitor, invitationPath, url.Values{"token": {token}, "password": {"stutt"}}); res.StatusCode != http.StatusBadRequest || !strings.Contains(page, "a.m.k. 10 stafir") {
		t.Errorf("a short password: %d, want 400 saying how long", res.StatusCode)
	}
	res, _ = rs.postForm(t, visitor, invitationPath, url.Values{"token": {token}, "password": {testPassword}})
	if res.StatusCode != http.StatusSeeOther || sessionCookie(t, rs, visitor) == nil {
		t.Fatalf("setting the password: %d, cookie %v; want signed in", res.StatusCode, sessionCookie(t, rs, visitor))
	}
	if code, me := rs.call(t, visitor, "GET", "/api/me", ""); code != http.StatusOK || me["email"] != hildur {
		t.Errorf("/api/me after the invitation: %d %v", code, me)
	}
	rs.signIn(t, rs.browser(t), hildur) // the password works on the sign-in form too

	again := rs.browser(t)
	if res, page := rs.postForm(t, again, invitationPath, url.Values{"token": {token}, "password": {"annað lykilorð sem er langt"}}); res.StatusCode != http.StatusGone || !strings.Contains(page, "þegar verið notaður") || sessionCookie(t, rs, again) != nil {
		t.Errorf("the link used again: %d, want 410 saying so, and nobody signed in", res.StatusCode)
	}
	if res, _ := rs.get(t, again, invitationPath+"?token="+url.QueryEscape(token)); res.StatusCode != http.StatusGone {
		t.Errorf("opening the used link: %d, want 410", res.StatusCode)
	}
	if res, _ := rs.get(t, again, invitationPath+"?token=not-a-token"); res.StatusCode != http.StatusNotFound {
		t.Errorf("a made-up token: %d, want 404", res.StatusCode)
	}

	// She has a password now: Björn makes her no link. The administrator makes her one,
	// then a newer one: the first no longer works; the newer, eight days on, neither.
	if res, page := rs.postForm(t, bjorn, hildurs, url.Values{"action": {"invite"}}); res.StatusCode != http.StatusConflict || !strings.Contains(page, "hefur þegar valið sér lykilorð") {
		t.Errorf("Björn asking for a link for Hildur, who has a password: %d, want 409 saying why\n%s", res.StatusCode, page)
	}
	older := rs.newLink(t, clients["admin"], hildurs)
	newer := rs.newLink(t, clients["admin"], hildurs)
	if res, page := rs.get(t, again, invitationPath+"?token="+url.QueryEscape(older)); res.StatusCode != http.StatusGone || !strings.Contains(page, "eldri en vika eða nýrri tengill") {
		t.Errorf("the older of two links: %d, want 410 saying why", res.StatusCode)
	}
	rs.advance(8 * 24 * time.Hour)
	if res, _ := rs.postForm(t, again, invitationPath, url.Values{"token": {newer}, "password": {"annað lykilorð sem er langt"}}); res.StatusCode != http.StatusGone {
		t.Errorf("a link eight days old: %d, want 410", res.StatusCode)
	}
	rs.signIn(t, rs.browser(t), hildur) // the password she set stands

	for _, secret := range []string{token, older, newer, hashToken(token), hashToken(older), hashToken(newer)} {
		if strings.Contains(rs.log.String(), secret) {
			t.Errorf("the server's log holds a token or its hash:\n%s", rs.log)
		}
		for e, err := range rs.store.AuditLog(ctx) {
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(string(e.Data), secret) || strings.Contains(e.Subject, secret) || strings.Contains(e.Actor, secret) {
				t.Errorf("audit entry %d holds a token or its hash: %+v", e.Seq, e)
			}
		}
	}
	adds, invites, passwords := auditOf(t, rs, store.ActionPersonAdd), auditOf(t, rs, store.ActionPersonInvite), auditOf(t, rs, store.ActionPersonPassword)
	if last := adds[len(adds)-1]; last["_actor"] != "bjorn@dalvikurbyggd.is" || last["_subject"] != hildur || last["title"] != "Laugarvörður" {
		t.Errorf("the addition's audit entry: %v", last)
	}
	if len(invites) != 3 || invites[0]["_actor"] != "bjorn@dalvikurbyggd.is" || invites[0]["_subject"] != hildur || invites[0]["replaces_password"] != nil ||
		invites[1]["_actor"] != "admin@dalvikurbyggd.is" || invites[1]["replaces_password"] != true || invites[2]["replaces_password"] != true {
		t.Errorf("invitations in the audit log: %v, want Björn's for Hildur, then the administrator's two replacing her password", invites)
	}
	if last := passwords[len(passwords)-1]; last["_actor"] != hildur || last["_subject"] != hildur {
		t.Errorf("the password's audit entry: %v, want Hildur's own", last)
	}
}

// TestInvitationNotForPassword: the page of an employee who has a password offers their
// supervisor no invitation link and says what to do instead, and the form is refused
// without a trace in the audit log; an administrator is offered a link for a new
// password, which the audit log records as replacing one.
func TestInvitationNotForPassword(t *testing.T) { onEachStore(t, testInvitationNotForPassword) }

func testInvitationNotForPassword(t *testing.T, open storeOpener) {
	rs := newRecordsSiteOn(t, open, Auth{})
	clients := signedIn(t, rs, "bjorn", "admin")
	annas := personPath("sundlaug", "anna@dalvikurbyggd.is")
	if _, page := rs.get(t, clients["bjorn"], annas); strings.Contains(page, `value="invite"`) || !strings.Contains(page, "handbok users password") {
		t.Errorf("Anna's page offers Björn a link, or does not say what to do instead:\n%s", page)
	}
	if res, _ := rs.postForm(t, clients["bjorn"], annas, url.Values{"action": {"invite"}}); res.StatusCode != http.StatusConflict {
		t.Errorf("Björn asking for a link for Anna: %d, want 409", res.StatusCode)
	}
	if n := len(auditOf(t, rs, store.ActionPersonInvite)); n != 0 {
		t.Errorf("a refused link left %d audit entries", n)
	}
	if _, page := rs.get(t, clients["admin"], annas); !strings.Contains(page, "Búa til tengil fyrir nýtt lykilorð") {
		t.Errorf("Anna's page does not offer the administrator a link for a new password:\n%s", page)
	}
	token := rs.newLink(t, clients["admin"], annas)
	invites := auditOf(t, rs, store.ActionPersonInvite)
	if len(invites) != 1 || invites[0]["_actor"] != "admin@dalvikurbyggd.is" || invites[0]["replaces_password"] != true {
		t.Errorf("the administrator's link in the audit log: %v, want one saying it replaces a password", invites)
	}
	rs.signIn(t, rs.browser(t), "anna@dalvikurbyggd.is") // her password works until the link is used
	if res, _ := rs.postForm(t, rs.browser(t), invitationPath, url.Values{"token": {token}, "password": {"nýtt lykilorð sem er langt"}}); res.StatusCode != http.StatusSeeOther {
		t.Errorf("using the administrator's link: %d, want 303", res.StatusCode)
	}
}

// TestPeopleChanges: editing, marking onboarding finished and opening it again, and
// disabling, each in the audit trail in the supervisor's name; the list and the
// person's page say where the person stands.
func TestPeopleChanges(t *testing.T) {
	rs := newRecordsSite(t, Auth{})
	ctx := t.Context()
	bjorn := signedIn(t, rs, "bjorn")["bjorn"]
	anna := "anna@dalvikurbyggd.is"
	path := personPath("sundlaug", anna)
	res, _ := rs.postForm(t, bjorn, path, url.Values{"action": {"save"}, "name": {"Anna J."}, "title": {"Sundkennari"}, "start": {"2026-11-30"}, "workplace": {"sundlaug"}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != path+"?done=people_done_saved" {
		t.Errorf("saving: %d to %q, want 303 back to her page", res.StatusCode, res.Header.Get("Location"))
	}
	if _, page := rs.get(t, bjorn, path+"?done=people_done_saved"); !strings.Contains(page, "Breytingarnar voru vistaðar") || !strings.Contains(page, `value="Sundkennari"`) {
		t.Errorf("her page after saving does not say so, or lacks the new title:\n%s", page)
	}
	if res, page := rs.postForm(t, bjorn, path, url.Values{"action": {"save"}, "name": {" "}, "workplace": {"sundlaug"}}); res.StatusCode != http.StatusBadRequest || !strings.Contains(page, "Skrifaðu nafn") {
		t.Errorf("an empty name: %d, want 400 saying what to do", res.StatusCode)
	}
	rs.postForm(t, bjorn, path, url.Values{"action": {"onboarded"}})
	if p, _ := rs.store.Person(ctx, anna); p.Onboarded != time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC) {
		t.Errorf("onboarding marked finished: Onboarded %v, want the site's today", p.Onboarded)
	}
	if _, list := rs.get(t, bjorn, peoplePath("sundlaug")); !strings.Contains(list, "Móttöku merkt lokið 3. desember 2026") {
		t.Errorf("the list does not say her onboarding was marked finished:\n%s", list)
	}
	rs.postForm(t, bjorn, path, url.Values{"action": {"reopen"}})
	if p, _ := rs.store.Person(ctx, anna); !p.Onboarded.IsZero() {
		t.Errorf("onboarding opened again: Onboarded %v, want none", p.Onboarded)
	}
	res, _ = rs.postForm(t, bjorn, path, url.Values{"action": {"disable"}})
	if p, _ := rs.store.Person(ctx, anna); res.StatusCode != http.StatusSeeOther || !p.Disabled {
		t.Errorf("disabling: %d, %+v", res.StatusCode, p)
	}
	if res, _ := rs.postForm(t, bjorn, path, url.Values{"action": {"nonsense"}}); res.StatusCode != http.StatusBadRequest {
		t.Errorf("an unknown action: %d, want 400", res.StatusCode)
	}
	updates := auditOf(t, rs, store.ActionPersonUpdate)
	if len(updates) != 3 {
		t.Fatalf("%d person.update entries, want 3 (edit, mark, reopen): %v", len(updates), updates)
	}
	want := map[string]any{"from": "Anna Jónsdóttir", "to": "Anna J."}
	if got := updates[0]["name"]; fmt.Sprint(got) != fmt.Sprint(want) || updates[0]["_actor"] != "bjorn@dalvikurbyggd.is" {
		t.Errorf("the edit's audit entry: %v", updates[0])
	}
	if _, ok := updates[1]["onboarded"]; !ok || len(updates[1]) != 3 {
		t.Errorf("marking onboarding finished logged %v, want onboarded only", updates[1])
	}
	if d := auditOf(t, rs, store.ActionPersonDisable); len(d) != 1 || d[0]["_actor"] != "bjorn@dalvikurbyggd.is" {
		t.Errorf("disabling in the audit log: %v", d)
	}
	// The admin cannot disable themself.
	admin := signedIn(t, rs, "admin")["admin"]
	if err := rs.store.UpdatePerson(ctx, "test", people.Person{Email: "admin@dalvikurbyggd.is", Name: "Stjórnandi", Role: people.Admin, Workplaces: []string{"sundlaug"}}); err != nil {
		t.Fatal(err)
	}
	if res, _ := rs.postForm(t, admin, personPath("sundlaug", "admin@dalvikurbyggd.is"), url.Values{"action": {"disable"}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("an administrator disabling themself: %d, want 403", res.StatusCode)
	}
}

// TestPeopleUnderSSO: behind single sign-on a new person needs no invitation: adding
// them says so, makes none, and asking for one is refused.
func TestPeopleUnderSSO(t *testing.T) {
	loopback := []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("::1/128")}
	rs := newRecordsSite(t, Auth{Header: "X-Remote-User", TrustedProxies: loopback})
	c := rs.browser(t)
	sso := []string{"X-Remote-User", "bjorn@dalvikurbyggd.is"}
	res, _ := rs.postForm(t, c, peoplePath("sundlaug"), url.Values{"email": {"ny@dalvikurbyggd.is"}, "name": {"Ný"}, "workplace": {"sundlaug"}}, sso...)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != peoplePath("sundlaug")+"?done=people_done_added" {
		t.Errorf("adding under single sign-on: %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	req, _ := http.NewRequest("GET", rs.URL+peoplePath("sundlaug")+"?done=people_done_added", nil)
	req.Header.Set(sso[0], sso[1])
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if !strings.Contains(string(body), "einskráningu") || strings.Contains(string(body), invitationPath) {
		t.Errorf("the list under single sign-on does not say that no invitation is needed, or shows one:\n%s", body)
	}
	if res, _ := rs.postForm(t, c, personPath("sundlaug", "ny@dalvikurbyggd.is"), url.Values{"action": {"invite"}}, sso...); res.StatusCode != http.StatusBadRequest {
		t.Errorf("an invitation under single sign-on: %d, want 400", res.StatusCode)
	}
	if n := len(auditOf(t, rs, store.ActionPersonInvite)); n != 0 {
		t.Errorf("%d invitations made under single sign-on", n)
	}
}

// TestWorkplacePageLinksPeople: the workplace's page links to its people.
func TestWorkplacePageLinksPeople(t *testing.T) {
	rs := newRecordsSite(t, Auth{})
	c := signedIn(t, rs, "bjorn")["bjorn"]
	if _, page := rs.get(t, c, workplacePath+"sundlaug"); !strings.Contains(page, `href="`+peoplePath("sundlaug")+`"`) {
		t.Errorf("the workplace's page does not link to its people:\n%s", page)
	}
}
