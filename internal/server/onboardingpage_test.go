package server

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// postForm sends the form values to path with c, as a browser sends a form from this
// site's page (its Origin), or with the headers given instead, and returns the answer
// and its body.
func (rs *recordsSite) postForm(t *testing.T, c *http.Client, path string, values url.Values, header ...string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest("POST", rs.URL+path, strings.NewReader(values.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", rs.URL)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res, string(body)
}

// TestOnboardingPage: the pool's supervisor sees its new hires, the most behind first,
// with their overdue items and the supervisor's items, and ticks one with the page's
// form (no script): it is saved as theirs, the page comes back at that hire, and shows
// it done. What the form may not do, it refuses with the API's rules and says why on
// the page; a form sent from another site's page is refused before anything is read.
func TestOnboardingPage(t *testing.T) { onEachStore(t, testOnboardingPage) }

func testOnboardingPage(t *testing.T, open storeOpener) {
	rs := newRecordsSiteOn(t, open, Auth{})
	withChecklists(rs)
	addStaff(t, rs)
	bjorn, dora, anna := rs.browser(t), rs.browser(t), rs.browser(t)
	rs.signIn(t, bjorn, "bjorn@dalvikurbyggd.is")
	rs.signIn(t, dora, "dora@dalvikurbyggd.is")
	rs.signIn(t, anna, "anna@dalvikurbyggd.is")
	// Anna gets ahead of Björn: only Björn has the welcome letter overdue.
	if code, out := rs.call(t, anna, "PUT", "/api/checklists/mottaka/items/velkomin", `{"done":true}`); code != http.StatusOK {
		t.Fatalf("Anna's tick: %d %v", code, out)
	}
	const page = workplacePath + "sundlaug/onboarding"
	res, body := rs.get(t, bjorn, page)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("the page: %d\n%s", res.StatusCode, body)
	}
	annaAt, bjornAt := strings.Index(body, "Anna Jónsdóttir"), strings.Index(body, "Björn Þórsson")
	if annaAt < 0 || bjornAt < 0 || strings.Contains(body, "Eva Sigurðardóttir") || strings.Contains(body, "Cecilía") {
		t.Fatalf("the page does not list exactly the pool's new hires:\n%s", body)
	}
	if bjornAt > annaAt {
		t.Fatalf("Björn, with more items overdue, comes after Anna")
	}
	if bjornPart := body[bjornAt:annaAt]; strings.Contains(bjornPart, "/people/") {
		t.Errorf("a supervisor's page links to the page of another supervisor, whom they may not change:\n%s", bjornPart)
	}
	anchor := hireAnchor("anna@dalvikurbyggd.is")
	annaPart := body[strings.Index(body, `id="`+anchor+`"`):]
	annaPart = annaPart[:strings.Index(annaPart, "</section>")]
	for _, want := range []string{
		"Byrjaði 25. nóvember 2026",
		"1 af 6 atriðum lokið", // the welcome letter, of three and three
		"Fram yfir frest: 4",   // access (due 23 Nov), safety (26), service policy (28), keys (30)
		"<h3>Fram yfir frest</h3>",
		"Atriði yfirmanns",
		`name="item" value="lyklar"`,
		"Frestur: 30. nóvember 2026", // the keys, due 5 days after the start
		`href="/sundlaug/mottaka/?person=anna%40dalvikurbyggd.is"`,
		`href="/_handbok/workplaces/sundlaug/people/anna@dalvikurbyggd.is"`, // where it is marked finished
	} {
		if !strings.Contains(annaPart, want) {
			t.Errorf("Anna's part of the page does not have %q:\n%s", want, annaPart)
		}
	}
	late := annaPart[strings.Index(annaPart, "<h3>Fram yfir frest</h3>"):strings.Index(annaPart, "Atriði yfirmanns")]
	// By due date, across the two checklists: not in the checklists' order.
	at := -1
	for _, task := range []string{"Stofna aðgang", "Öryggisreglur", "Kynna sér þjónustustefnuna", "Afhenda lykla"} {
		i := strings.Index(late, task)
		if i < at {
			t.Errorf("the overdue items are not the oldest due first (%s):\n%s", task, late)
		}
		at = i
	}

	tick := url.Values{"person": {"anna@dalvikurbyggd.is"}, "checklist": {"sundlaug/mottaka"}, "item": {"lyklar"}, "done": {"1"}}
	res, body = rs.postForm(t, bjorn, page, tick)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != page+"#"+anchor {
		t.Fatalf("ticking with the form: %d to %q, want 303 to the page at Anna\n%s", res.StatusCode, res.Header.Get("Location"), body)
	}
	if it := item(t, rs.myProgress(t, anna), "sundlaug/mottaka", "lyklar"); it["done"] != true || it["by"] != "bjorn@dalvikurbyggd.is" {
		t.Errorf("after the form, Anna's keys item is %v, want done by Björn", it)
	}
	_, body = rs.get(t, bjorn, page)
	if !strings.Contains(body, "Lokið 3. desember 2026 (Björn Þórsson)") || !strings.Contains(body, "Merkja ólokið") {
		t.Errorf("the page does not show the keys handed over, with a button to undo it:\n%s", body)
	}

	for _, tc := range []struct {
		name   string
		client *http.Client
		values url.Values
		header []string
		code   int
		says   string
	}{
		{"a policy's item", bjorn, url.Values{"person": {"anna@dalvikurbyggd.is"}, "checklist": {"sundlaug/mottaka"}, "item": {"oryggi"}, "done": {"1"}},
			nil, http.StatusBadRequest, "klárast þegar starfsmaðurinn staðfestir stefnuna"},
		{"another workplace's person", bjorn, url.Values{"person": {"cecilia@dalvikurbyggd.is"}, "checklist": {"leikskoli/mottaka"}, "item": {"lyklar"}, "done": {"1"}},
			nil, http.StatusNotFound, "ekki lengur meðal starfsfólks sem þú sérð"}, // as for nobody: see whose
		{"an item no longer there", bjorn, url.Values{"person": {"anna@dalvikurbyggd.is"}, "checklist": {"sundlaug/mottaka"}, "item": {"engin"}, "done": {"1"}},
			nil, http.StatusNotFound, "ekki lengur í handbókinni"},
		{"another workplace's supervisor", dora, tick, nil, http.StatusForbidden, "Aðeins yfirmenn vinnustaðarins"},
		{"the new hire herself", anna, tick, nil, http.StatusForbidden, "Aðeins yfirmenn vinnustaðarins"},
		{"another site's page", bjorn, url.Values{"person": {"anna@dalvikurbyggd.is"}, "checklist": {"sundlaug/mottaka"}, "item": {"lyklar"}, "done": {"0"}},
			[]string{"Origin", "https://evil.example"}, http.StatusForbidden, "síðu annars vefs"},
	} {
		res, body := rs.postForm(t, tc.client, page, tc.values, tc.header...)
		if res.StatusCode != tc.code || !strings.Contains(body, tc.says) {
			t.Errorf("%s: %d, want %d saying %q:\n%s", tc.name, res.StatusCode, tc.code, tc.says, body)
		}
	}
	if it := item(t, rs.myProgress(t, anna), "sundlaug/mottaka", "lyklar"); it["done"] != true {
		t.Errorf("a refused form changed Anna's keys item: %v", it)
	}
}

// TestOnboardingFormGoesBack: a tick made with the new hires' page's form goes back to
// a part of the page that is there: the hire's, or, for one of the supervisor's people
// whom the page does not list (not a new hire), the top of the page.
func TestOnboardingFormGoesBack(t *testing.T) { onEachStore(t, testOnboardingFormGoesBack) }

func testOnboardingFormGoesBack(t *testing.T, open storeOpener) {
	rs := newRecordsSiteOn(t, open, Auth{})
	withChecklists(rs)
	addStaff(t, rs)
	bjorn := signedIn(t, rs, "bjorn")["bjorn"]
	const page = workplacePath + "sundlaug/onboarding"
	for _, tc := range []struct{ who, anchor string }{
		{"anna@dalvikurbyggd.is", hireAnchor("anna@dalvikurbyggd.is")}, // started on the 25th: a new hire
		{"eva@dalvikurbyggd.is", ""},                                   // started in January
	} {
		res, body := rs.postForm(t, bjorn, page, url.Values{"person": {tc.who}, "checklist": {"sundlaug/mottaka"}, "item": {"lyklar"}, "done": {"1"}})
		loc, err := url.Parse(res.Header.Get("Location"))
		if res.StatusCode != http.StatusSeeOther || err != nil || loc.Path != page || loc.Fragment != tc.anchor {
			t.Errorf("ticking for %s: %d to %q, want 303 to the page at %q\n%s", tc.who, res.StatusCode, res.Header.Get("Location"), tc.anchor, body)
			continue
		}
		if _, body := rs.get(t, bjorn, loc.Path); loc.Fragment != "" && !strings.Contains(body, ` id="`+loc.Fragment+`"`) {
			t.Errorf("ticking for %s went back to #%s, which the page does not have", tc.who, loc.Fragment)
		}
	}
}
