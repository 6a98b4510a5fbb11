package server

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// TestSupervisorRemovedLosesRecords: a supervisor whom an administrator takes off a
// workplace sees none of its records from their very next request, with the session
// they had, although the workplace's records were read for them just before and kept
// (workplacecache.go); the workplace they now supervise they see at once. A supervisor
// made an employee loses every workplace the same way, and the workplace's people as
// the administrator sees them no longer include the one who left it.
func TestSupervisorRemovedLosesRecords(t *testing.T) {
	t.Parallel()
	onEachStore(t, testSupervisorRemovedLosesRecords)
}

func testSupervisorRemovedLosesRecords(t *testing.T, open storeOpener) {
	rs := newRecordsSiteOn(t, open, Auth{})
	addStaff(t, rs)
	clients := signedIn(t, rs, "bjorn", "dora", "admin")
	bjorn, dora, admin := clients["bjorn"], clients["dora"], clients["admin"]
	routes := []string{workplacePath + "%s", workplacePath + "%s/onboarding", workplacePath + "%s/people",
		"/api/workplaces/%s/acks", "/api/workplaces/%s/acks.csv", "/api/workplaces/%s/onboarding"}
	see := func(c *http.Client, slug string, want int) {
		t.Helper()
		for _, route := range routes {
			path := strings.ReplaceAll(route, "%s", slug)
			res, body := rs.get(t, c, path)
			if res.StatusCode != want {
				t.Errorf("%s: %d, want %d", path, res.StatusCode, want)
			}
			if want != http.StatusOK && strings.Contains(body, "@dalvikurbyggd.is") {
				t.Errorf("%s: %d shows someone's records:\n%.500s", path, res.StatusCode, body)
			}
		}
	}
	see(bjorn, "sundlaug", http.StatusOK) // and the pool's records are kept
	if code, _ := rs.call(t, bjorn, "GET", "/api/people/eva@dalvikurbyggd.is/onboarding", ""); code != http.StatusOK {
		t.Fatalf("a new hire of his pool: %d", code)
	}
	if _, body := rs.get(t, admin, "/api/workplaces/sundlaug/acks"); !strings.Contains(body, "bjorn@") {
		t.Fatalf("Björn is not among the pool's people before he leaves it:\n%s", body)
	}

	res, body := rs.postForm(t, admin, personPath("sundlaug", "bjorn@dalvikurbyggd.is"), url.Values{"action": {"save"},
		"name": {"Björn Þórsson"}, "role": {"supervisor"}, "workplace": {"leikskoli"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("moving Björn to the kindergarten: %d\n%s", res.StatusCode, body)
	}
	see(bjorn, "sundlaug", http.StatusForbidden)
	see(bjorn, "leikskoli", http.StatusOK)
	if code, _ := rs.call(t, bjorn, "GET", "/api/people/eva@dalvikurbyggd.is/onboarding", ""); code != http.StatusNotFound {
		t.Errorf("a new hire of the pool he left: %d, want 404", code)
	}
	if _, body := rs.get(t, admin, "/api/workplaces/sundlaug/acks"); strings.Contains(body, "bjorn@") {
		t.Errorf("the pool's people as the administrator sees them still include Björn, who left:\n%s", body)
	}

	see(dora, "leikskoli", http.StatusOK)
	res, body = rs.postForm(t, admin, personPath("leikskoli", "dora@dalvikurbyggd.is"), url.Values{"action": {"save"},
		"name": {"Dóra Leifsdóttir"}, "role": {"employee"}, "workplace": {"leikskoli"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("making Dóra an employee: %d\n%s", res.StatusCode, body)
	}
	see(dora, "leikskoli", http.StatusForbidden)
}

// TestDisablingEndsEverySession: a person signed in on several devices who is disabled
// from the people page is signed out on every one of them at once, pages and API alike,
// and cannot sign in again; the supervisor who did it stays signed in.
func TestDisablingEndsEverySession(t *testing.T) {
	t.Parallel()
	onEachStore(t, testDisablingEndsEverySession)
}

func testDisablingEndsEverySession(t *testing.T, open storeOpener) {
	rs := newRecordsSiteOn(t, open, Auth{})
	bjorn := rs.browser(t)
	rs.signIn(t, bjorn, "bjorn@dalvikurbyggd.is")
	devices := []*http.Client{rs.browser(t), rs.browser(t), rs.browser(t)}
	for _, c := range devices {
		rs.signIn(t, c, "anna@dalvikurbyggd.is")
	}
	if res, body := rs.postForm(t, bjorn, personPath("sundlaug", "anna@dalvikurbyggd.is"), url.Values{"action": {"disable"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("disabling Anna: %d\n%s", res.StatusCode, body)
	}
	for i, c := range devices {
		if code, _ := rs.call(t, c, "GET", "/api/me", ""); code != http.StatusUnauthorized {
			t.Errorf("device %d: /api/me %d, want 401", i, code)
		}
		if code, _ := rs.call(t, c, "POST", "/api/acks", `{"policy":"thjonustustefna","version":1}`); code != http.StatusUnauthorized {
			t.Errorf("device %d: acknowledging %d, want 401", i, code)
		}
		if res, _ := rs.get(t, c, myPoliciesPath); res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), signInPath) {
			t.Errorf("device %d: her policies' page %d to %q, want the sign-in page", i, res.StatusCode, res.Header.Get("Location"))
		}
	}
	if code, _ := rs.call(t, devices[0], "POST", "/api/session", `{"email":"anna@dalvikurbyggd.is","password":"`+testPassword+`"}`); code != http.StatusUnauthorized {
		t.Errorf("signing in again, disabled: %d, want 401", code)
	}
	if code, _ := rs.call(t, bjorn, "GET", "/api/me", ""); code != http.StatusOK {
		t.Errorf("the supervisor who disabled her: %d, want still signed in", code)
	}
}

// TestNewPasswordEndsSessions: a person who sets a new password with the link an
// administrator made to replace theirs (someone else may know the old one, and be signed
// in with it) is signed out everywhere else at once; the browser that set it is signed
// in with a new session.
func TestNewPasswordEndsSessions(t *testing.T) {
	t.Parallel()
	onEachStore(t, testNewPasswordEndsSessions)
}

func testNewPasswordEndsSessions(t *testing.T, open storeOpener) {
	rs := newRecordsSiteOn(t, open, Auth{})
	admin, intruder, anna := rs.browser(t), rs.browser(t), rs.browser(t)
	rs.signIn(t, admin, "admin@dalvikurbyggd.is")
	rs.signIn(t, intruder, "anna@dalvikurbyggd.is")
	token := rs.newLink(t, admin, personPath("sundlaug", "anna@dalvikurbyggd.is"))
	res, body := rs.postForm(t, anna, invitationPath, url.Values{"token": {token}, "password": {"nýtt lykilorð sem enginn veit"}})
	if res.StatusCode != http.StatusSeeOther || sessionCookie(t, rs, anna) == nil {
		t.Fatalf("setting the new password: %d, cookie %v\n%s", res.StatusCode, sessionCookie(t, rs, anna), body)
	}
	if code, _ := rs.call(t, intruder, "GET", "/api/me", ""); code != http.StatusUnauthorized {
		t.Errorf("a session from before the new password: %d, want 401", code)
	}
	if code, me := rs.call(t, anna, "GET", "/api/me", ""); code != http.StatusOK || me["email"] != "anna@dalvikurbyggd.is" {
		t.Errorf("the browser that set it: %d %v, want signed in as Anna", code, me)
	}
}

// TestSignOutEverywhere: signing out ends that browser's session alone, unless the person
// asks to sign out on every device, with the form's second button or DELETE
// /api/session?everywhere=1: then every session of theirs ends at once, and nobody
// else's. The cookie of a session already over signs its person out nowhere else.
func TestSignOutEverywhere(t *testing.T) {
	t.Parallel()
	onEachStore(t, testSignOutEverywhere)
}

func testSignOutEverywhere(t *testing.T, open storeOpener) {
	rs := newRecordsSiteOn(t, open, Auth{})
	signedIn := func(what string, c *http.Client, want bool) {
		t.Helper()
		code, _ := rs.call(t, c, "GET", "/api/me", "")
		if (code == http.StatusOK) != want {
			t.Errorf("%s: /api/me %d, want signed in %v", what, code, want)
		}
	}
	devices := func(n int) []*http.Client {
		var cs []*http.Client
		for range n {
			c := rs.browser(t)
			rs.signIn(t, c, "anna@dalvikurbyggd.is")
			cs = append(cs, c)
		}
		return cs
	}

	// The plain button: the other device stays signed in.
	anna := devices(2)
	if res, _ := rs.postForm(t, anna[0], signOutPath, nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("signing out: %d", res.StatusCode)
	}
	signedIn("the browser that signed out", anna[0], false)
	signedIn("Anna's other device", anna[1], true)

	// The cookie of a session left idle too long asks to sign out everywhere: it signs
	// her out nowhere else, since whoever holds it is nobody now.
	idle := anna[1]
	rs.advance(SessionIdle + time.Minute)
	anna = devices(3)
	if code, _ := rs.call(t, idle, "DELETE", "/api/session?everywhere=1", ""); code != http.StatusNoContent {
		t.Fatalf("signing out everywhere with an idle session's cookie: %d", code)
	}
	for i, c := range anna {
		signedIn(fmt.Sprintf("Anna's device %d, after an idle session's cookie asked to sign out everywhere", i), c, true)
	}

	// The second button: every device of hers, and only hers.
	bjorn := rs.browser(t)
	rs.signIn(t, bjorn, "bjorn@dalvikurbyggd.is")
	if res, _ := rs.postForm(t, anna[0], signOutPath, url.Values{"everywhere": {"1"}}); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != signInPath+"?out=1" {
		t.Fatalf("signing out on every device: %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	for i, c := range anna {
		signedIn(fmt.Sprintf("Anna's device %d, after the form", i), c, false)
	}
	signedIn("Björn", bjorn, true)

	// The API: the same.
	anna = devices(3)
	if code, _ := rs.call(t, anna[2], "DELETE", "/api/session?everywhere=1", ""); code != http.StatusNoContent {
		t.Fatalf("DELETE /api/session?everywhere=1: %d", code)
	}
	for i, c := range anna {
		signedIn(fmt.Sprintf("Anna's device %d, after the API", i), c, false)
	}
	signedIn("Björn", bjorn, true)
}
