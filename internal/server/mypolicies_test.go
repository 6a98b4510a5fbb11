package server

import (
	"fmt"
	"io"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"testing"
)

// TestMyPoliciesSignIn: someone not signed in is sent to sign in, and comes back.
func TestMyPoliciesSignIn(t *testing.T) {
	rs := newRecordsSite(t, Auth{})
	res, _ := rs.get(t, rs.browser(t), myPoliciesPath)
	if want := signInPath + "?next=" + url.QueryEscape(myPoliciesPath); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != want {
		t.Errorf("%d to %q, want 303 to %q", res.StatusCode, res.Header.Get("Location"), want)
	}
}

// TestMyPolicies: what is still to acknowledge comes first, the overdue marked in
// words, each title a link to its page; what is acknowledged says which version and
// when; an older version acknowledged says so and links to what changed.
func TestMyPolicies(t *testing.T) {
	rs := newRecordsSite(t, Auth{})
	addStaff(t, rs)
	eva := rs.browser(t)
	rs.signIn(t, eva, "eva@dalvikurbyggd.is")
	res, page := rs.get(t, eva, myPoliciesPath)
	if res.StatusCode != http.StatusOK || res.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("%d, Cache-Control %q", res.StatusCode, res.Header.Get("Cache-Control"))
	}
	for _, want := range []string{
		"<h1>Mínar stefnur</h1>", "Skráð(ur) inn: Eva Sigurðardóttir",
		`<h2 id="mine-todo">Eftir að staðfesta (2)</h2>`,
		`<a class="mine-title" href="/laug/oryggi.html">Öryggi í laug</a>`,
		"Ekki staðfest enn.", "<strong>Fram yfir frest: átti að staðfesta í síðasta lagi 19. janúar 2026.</strong>",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %s", want)
		}
	}
	if strings.Contains(page, "Reglur leikskólans") || strings.Contains(page, "Upplýsingar") || strings.Contains(page, "mine-workplaces") {
		t.Errorf("an employee of the pool sees another workplace's policy, one with nothing to acknowledge, or workplaces to oversee:\n%s", page)
	}

	if code, _ := rs.call(t, eva, "POST", "/api/acks", `{"policy":"thjonustustefna","version":1}`); code != http.StatusCreated {
		t.Fatal("acknowledging failed")
	}
	acked := ackedDate(t, rs, "eva@dalvikurbyggd.is")
	_, page = rs.get(t, eva, myPoliciesPath)
	done := strings.Index(page, `<h2 id="mine-done">Staðfest (1)</h2>`)
	if done < 0 || !strings.Contains(page[done:], "Útgáfa 1, sú núgildandi, staðfest "+acked+".") || strings.Index(page, "Öryggi í laug") > done {
		t.Errorf("after acknowledging one: still to do first, then the one done with its version and date:\n%s", page)
	}

	bumpVersion(rs, "thjonustustefna")
	_, page = rs.get(t, eva, myPoliciesPath)
	for _, want := range []string{
		`<h2 id="mine-todo">Eftir að staðfesta (2)</h2>`,
		"Þú staðfestir útgáfu 1 þann " + acked + "; núgildandi útgáfa er 2.",
		`<a href="/stefnur/thjonustustefna.html#hb-ack">Lestu hvað breyttist í „Þjónustustefna“</a>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("after a new version, the page lacks %s", want)
		}
	}
}

// ackedDate is the date of a person's first acknowledgment as the theme writes it.
func ackedDate(t *testing.T, rs *recordsSite, email string) string {
	t.Helper()
	acks, err := rs.store.AcksOf(t.Context(), email)
	if err != nil || len(acks) == 0 {
		t.Fatalf("%s's acknowledgments: %v %v", email, acks, err)
	}
	months := []string{"janúar", "febrúar", "mars", "apríl", "maí", "júní", "júlí", "ágúst", "september", "október", "nóvember", "desember"}
	y, m, d := acks[0].At.Date()
	return fmt.Sprintf("%d. %s %d", d, months[m-1], y)
}

// TestMyPoliciesWorkplaces: a supervisor is shown their own workplaces to oversee, an
// administrator every one, an employee none.
func TestMyPoliciesWorkplaces(t *testing.T) {
	rs := newRecordsSite(t, Auth{})
	tests := map[string][]string{
		"anna":  nil,
		"bjorn": {`<a href="/_handbok/workplaces/sundlaug">Sundlaug Dalvíkur</a>`},
		"admin": {`<a href="/_handbok/workplaces/sundlaug">Sundlaug Dalvíkur</a>`, `<a href="/_handbok/workplaces/leikskoli">Krílakot</a>`},
	}
	for who, want := range tests {
		c := rs.browser(t)
		rs.signIn(t, c, who+"@dalvikurbyggd.is")
		_, page := rs.get(t, c, myPoliciesPath)
		if got := strings.Count(page, `<a href="/_handbok/workplaces/`); got != len(want) {
			t.Errorf("%s: %d workplaces, want %d", who, got, len(want))
		}
		for _, w := range want {
			if !strings.Contains(page, w) {
				t.Errorf("%s: no %s", who, w)
			}
		}
	}
}

// TestSignOutWithoutScript: Mínar stefnur has a sign-out button that is a plain form. It
// ends the session and says so on the sign-in page; a link to sign out only leads to the
// button; a form from another site signs nobody out; under single sign-on, where the
// proxy signs people out, there is no button.
func TestSignOutWithoutScript(t *testing.T) {
	rs := newRecordsSite(t, Auth{})
	anna := rs.browser(t)
	rs.signIn(t, anna, "anna@dalvikurbyggd.is")
	_, page := rs.get(t, anna, myPoliciesPath)
	if want := `<form class="sign-out-form" id="sign-out" method="post" action="/_handbok/sign-out"><button type="submit">Skrá út</button> <button type="submit" name="everywhere" value="1">Skrá út á öllum tækjum</button></form>`; !strings.Contains(page, want) {
		t.Errorf("Mínar stefnur lacks %s", want)
	}
	if res, _ := rs.get(t, anna, signOutPath); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != myPoliciesPath+"#sign-out" {
		t.Errorf("GET %s: %d to %q, want 303 to the button", signOutPath, res.StatusCode, res.Header.Get("Location"))
	}
	if res, _ := rs.postForm(t, anna, signOutPath, nil, "Origin", "https://elsewhere.example"); res.StatusCode != http.StatusForbidden {
		t.Errorf("a form from another site: %d, want 403", res.StatusCode)
	}
	if code, _ := rs.call(t, anna, "GET", "/api/me", ""); code != http.StatusOK {
		t.Fatalf("after the refused form, Anna is signed out: %d", code)
	}
	res, _ := rs.postForm(t, anna, signOutPath, nil)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != signInPath+"?out=1" || res.Header.Get("Clear-Site-Data") == "" {
		t.Errorf("signing out: %d to %q, Clear-Site-Data %q", res.StatusCode, res.Header.Get("Location"), res.Header.Get("Clear-Site-Data"))
	}
	if code, _ := rs.call(t, anna, "GET", "/api/me", ""); code != http.StatusUnauthorized {
		t.Errorf("after signing out, /api/me answers %d", code)
	}
	if _, page := rs.get(t, anna, signInPath+"?out=1"); !strings.Contains(page, `<p class="form-done" role="status">Þú hefur skráð þig út.</p>`) {
		t.Error("the sign-in page does not say the person signed out")
	}

	loopback := []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("::1/128")}
	sso := newRecordsSite(t, Auth{Header: "X-Remote-User", TrustedProxies: loopback})
	req, err := http.NewRequest("GET", sso.URL+myPoliciesPath, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("X-Remote-User", "anna@dalvikurbyggd.is")
	res, err = sso.browser(t).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK || strings.Contains(string(body), "sign-out-form") {
		t.Errorf("under single sign-on: %d, a sign-out button: %v", res.StatusCode, strings.Contains(string(body), "sign-out-form"))
	}
}
