package server

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/handbok/handbok/internal/manifest"
	"github.com/handbok/handbok/internal/people"
	"github.com/handbok/handbok/internal/store"
)

// suggestManifest is the test site's handbook with what suggestions need: the pool's
// safety rules owned by Ólafur (who works at the kindergarten, written as he might type
// it), a checklist, pages of the pool and of the whole organisation, and contacts.
func suggestManifest() *manifest.Manifest {
	return &manifest.Manifest{
		Policies: []manifest.Policy{
			{ID: "thjonustustefna", Title: "Þjónustustefna", URL: "stefnur/thjonustustefna.html", Version: 1, Revision: "r1", Acknowledge: true},
			{ID: "laug-oryggi", Title: "Öryggi í laug", URL: "laug/oryggi.html", Workplace: "sundlaug", Version: 2, Revision: "r2", Acknowledge: true,
				Owner: &manifest.Contact{Name: "Ólafur", Email: " Olafur@Dalvikurbyggd.is"}},
			{ID: "leik-reglur", Title: "Reglur leikskólans", URL: "leik/reglur.html", Workplace: "leikskoli", Version: 1, Revision: "r3", Acknowledge: true},
		},
		Checklists: []manifest.Checklist{{ID: "sundlaug/mottaka", Title: "Móttaka", URL: "sundlaug/mottaka.html", Workplace: "sundlaug"}},
		Pages: []manifest.Page{
			{URL: "sundlaug/opnun.html", Title: "Opnunartími", Workplace: "sundlaug"},
			{URL: "leikskoli/index.html", Title: "Krílakot", Workplace: "leikskoli"},
			{URL: "um.html", Title: "Um handbókina"},
		},
		Workplaces: []manifest.Workplace{
			{Slug: "sundlaug", Title: "Sundlaug Dalvíkur", Contact: &manifest.Contact{Email: "sundlaug@dalvikurbyggd.is"}},
			{Slug: "leikskoli", Title: "Krílakot"},
		},
		Contact: &manifest.Contact{Email: "handbok@dalvikurbyggd.is"},
	}
}

// TestSuggestTarget: a page key is a policy's id, a checklist's id or a page's URL, and
// whom it goes to is the policy's owner, else the workplace's contact, else the
// handbook's.
func TestSuggestTarget(t *testing.T) {
	h := newHandbook(suggestManifest())
	tests := []struct {
		key  string
		want suggestTarget
	}{
		{"laug-oryggi", suggestTarget{Known: true, Title: "Öryggi í laug", URL: "laug/oryggi.html", Revision: "r2", Workplace: "sundlaug", Owner: "olafur@dalvikurbyggd.is"}},
		{"leik-reglur", suggestTarget{Known: true, Title: "Reglur leikskólans", URL: "leik/reglur.html", Revision: "r3", Workplace: "leikskoli", Owner: "handbok@dalvikurbyggd.is"}},
		{"thjonustustefna", suggestTarget{Known: true, Title: "Þjónustustefna", URL: "stefnur/thjonustustefna.html", Revision: "r1", Owner: "handbok@dalvikurbyggd.is"}},
		{"sundlaug/mottaka", suggestTarget{Known: true, Title: "Móttaka", URL: "sundlaug/mottaka.html", Workplace: "sundlaug", Owner: "sundlaug@dalvikurbyggd.is"}},
		{"sundlaug/opnun.html", suggestTarget{Known: true, Title: "Opnunartími", URL: "sundlaug/opnun.html", Workplace: "sundlaug", Owner: "sundlaug@dalvikurbyggd.is"}},
		{"um.html", suggestTarget{Known: true, Title: "Um handbókina", URL: "um.html", Owner: "handbok@dalvikurbyggd.is"}},
		{"laug/oryggi.html", suggestTarget{}}, // a policy is known by its id
		{"", suggestTarget{}},
	}
	for _, tt := range tests {
		if got := h.suggestTarget(tt.key); got != tt.want {
			t.Errorf("%q: %+v, want %+v", tt.key, got, tt.want)
		}
	}
	m := suggestManifest()
	m.Contact = nil
	if got := newHandbook(m).suggestTarget("um.html"); got.Owner != "" || !got.Known {
		t.Errorf("a handbook without a contact: %+v, want a known page without an owner", got)
	}
}

// TestHandles: who handles a suggestion about a page.
func TestHandles(t *testing.T) {
	pool := suggestTarget{Known: true, Workplace: "sundlaug", Owner: "olafur@dalvikurbyggd.is"}
	whole := suggestTarget{Known: true, Owner: "handbok@dalvikurbyggd.is"}
	gone := suggestTarget{}
	employee := people.Person{Email: "anna@dalvikurbyggd.is", Role: people.Employee, Workplaces: []string{"sundlaug"}}
	owner := people.Person{Email: "olafur@dalvikurbyggd.is", Role: people.Employee, Workplaces: []string{"leikskoli"}}
	supervisor := people.Person{Email: "bjorn@dalvikurbyggd.is", Role: people.Supervisor, Workplaces: []string{"sundlaug"}}
	otherSupervisor := people.Person{Email: "dora@dalvikurbyggd.is", Role: people.Supervisor, Workplaces: []string{"leikskoli"}}
	admin := people.Person{Email: "admin@dalvikurbyggd.is", Role: people.Admin}
	disabledOwner := owner
	disabledOwner.Disabled = true
	disabledAdmin := admin
	disabledAdmin.Disabled = true
	tests := []struct {
		name string
		p    people.Person
		t    suggestTarget
		want bool
	}{
		{"an employee of the page's workplace", employee, pool, false},
		{"the owner, of another workplace", owner, pool, true},
		{"the supervisor of the page's workplace", supervisor, pool, true},
		{"the supervisor of another workplace", otherSupervisor, pool, false},
		{"an administrator", admin, pool, true},
		{"a disabled owner", disabledOwner, pool, false},
		{"a disabled administrator", disabledAdmin, pool, false},
		{"a supervisor, a page of the whole organisation", supervisor, whole, false},
		{"an administrator, a page of the whole organisation", admin, whole, true},
		{"the owner, once the page is gone", owner, gone, false},
		{"a supervisor, once the page is gone", supervisor, gone, false},
		{"an administrator, once the page is gone", admin, gone, true},
		{"an employee whose email is empty, a page without an owner", people.Person{Role: people.Employee}, suggestTarget{Known: true}, false},
	}
	for _, tt := range tests {
		if got := handles(tt.p, tt.t); got != tt.want {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
	}
}

// suggestSite is a records site with the handbook of suggestManifest and everyone the
// suggestion tests need, signed in.
type suggestSite struct {
	*recordsSite
	c map[string]*http.Client // by first name; "nobody" is signed out
}

func newSuggestSite(t *testing.T, open storeOpener) *suggestSite {
	t.Helper()
	rs := newRecordsSiteOn(t, open, Auth{})
	addStaff(t, rs) // Dóra supervises the kindergarten
	olafur := people.Person{Email: "olafur@dalvikurbyggd.is", Name: "Ólafur Páll", Role: people.Employee, Workplaces: []string{"leikskoli"}}
	if err := rs.store.AddPeople(t.Context(), "test", []people.Person{olafur}); err != nil {
		t.Fatal(err)
	}
	hash, err := testPasswordHash()
	if err != nil {
		t.Fatal(err)
	}
	if err := rs.store.SetPasswordHash(t.Context(), "test", olafur.Email, hash); err != nil {
		t.Fatal(err)
	}
	rs.srv.SetManifest(suggestManifest())
	ss := &suggestSite{recordsSite: rs, c: map[string]*http.Client{"nobody": rs.browser(t)}}
	for _, who := range []string{"anna", "cecilia", "bjorn", "dora", "olafur", "admin"} {
		ss.c[who] = rs.browser(t)
		rs.signIn(t, ss.c[who], who+"@dalvikurbyggd.is")
	}
	return ss
}

// suggest sends a suggestion as who and returns its id.
func (ss *suggestSite) suggest(t *testing.T, who, page, kind, text, passage string) int64 {
	t.Helper()
	body, _ := json.Marshal(suggestRequest{Page: page, Kind: kind, Text: text, Passage: passage})
	code, out := ss.call(t, ss.c[who], "POST", "/api/suggestions", string(body), "Origin", ss.URL)
	if code != http.StatusCreated {
		t.Fatalf("%s suggesting on %s: %d %v", who, page, code, out)
	}
	return int64(out["id"].(float64))
}

// lists returns the ids of who's suggestions in GET /api/suggestions.
func (ss *suggestSite) lists(t *testing.T, who string) (code int, mine, handling []int64) {
	t.Helper()
	code, out := ss.call(t, ss.c[who], "GET", "/api/suggestions", "")
	ids := func(list any) []int64 {
		var out []int64
		items, _ := list.([]any)
		for _, it := range items {
			out = append(out, int64(it.(map[string]any)["id"].(float64)))
		}
		return out
	}
	return code, ids(out["mine"]), ids(out["handling"])
}

// TestSuggestionAccess: every suggestion route for every role and workplace. Anyone
// signed in may suggest; the author sees their suggestion among their own and cannot
// change it; the owner of the page (of another workplace), the supervisor of its
// workplace and administrators handle it, nobody else; to anyone who neither handles
// nor wrote it, it is not there (404, as an id that is not); a page of the whole
// organisation is not the supervisors'; nobody signed in gets 401 from the API and is
// sent to sign in by the pages. The address of a suggestion's form goes on to the
// suggestion on the page.
func TestSuggestionAccess(t *testing.T) { onEachStore(t, testSuggestionAccess) }

func testSuggestionAccess(t *testing.T, open storeOpener) {
	ss := newSuggestSite(t, open)
	pool := ss.suggest(t, "anna", "laug-oryggi", "unclear", "Hver á að gera þetta?", "")
	whole := ss.suggest(t, "cecilia", "thjonustustefna", "wrong", "Símanúmerið er rangt.", "")
	page := ss.suggest(t, "anna", "sundlaug/opnun.html", "outdated", "Opið lengur á sumrin.", "")

	for who, want := range map[string]int{"anna": 201, "cecilia": 201, "bjorn": 201, "dora": 201, "olafur": 201, "admin": 201, "nobody": 401} {
		code, out := ss.call(t, ss.c[who], "POST", "/api/suggestions", `{"page":"leik-reglur","kind":"other","text":"x","passage":""}`)
		if code != want {
			t.Errorf("POST as %s: %d %v, want %d", who, code, out, want)
		}
	}

	type access struct {
		mine, handling []int64
		patch          int // PATCH of the pool's suggestion
	}
	wants := map[string]access{
		"anna":    {mine: []int64{page, pool}, patch: http.StatusForbidden},
		"cecilia": {mine: []int64{whole}, patch: http.StatusNotFound},
		"bjorn":   {handling: []int64{pool, page}, patch: http.StatusOK},
		"dora":    {patch: http.StatusNotFound},
		"olafur":  {handling: []int64{pool}, patch: http.StatusOK},
		"admin":   {handling: []int64{pool, whole, page}, patch: http.StatusOK},
	}
	for who, want := range wants {
		code, mine, handling := ss.lists(t, who)
		// The suggestions each sent about the kindergarten's rules, just above, are
		// theirs; Dóra handles them all, Ólafur none.
		mine = slices.DeleteFunc(mine, func(id int64) bool { return id > page })
		handling = slices.DeleteFunc(handling, func(id int64) bool { return id > page })
		if code != http.StatusOK || !slices.Equal(mine, want.mine) || !slices.Equal(handling, want.handling) {
			t.Errorf("GET as %s: %d, mine %v handling %v; want mine %v handling %v", who, code, mine, handling, want.mine, want.handling)
		}
	}
	if _, _, handling := ss.lists(t, "dora"); len(handling) != 6 {
		t.Errorf("Dóra handles %v, want the six about her kindergarten's rules", handling)
	}
	if code, _ := ss.call(t, ss.c["nobody"], "GET", "/api/suggestions", ""); code != http.StatusUnauthorized {
		t.Errorf("GET signed out: %d, want 401", code)
	}

	statuses := []string{"answered", "handled", "open"}
	for _, who := range []string{"anna", "cecilia", "bjorn", "dora", "olafur", "admin", "nobody"} {
		want := wants[who].patch
		if who == "nobody" {
			want = http.StatusUnauthorized
		}
		status := statuses[len(who)%3]
		code, out := ss.call(t, ss.c[who], "PATCH", fmt.Sprintf("/api/suggestions/%d", pool), `{"status":"`+status+`","answer":"Svar frá `+who+`"}`)
		if code != want {
			t.Errorf("PATCH as %s: %d %v, want %d", who, code, out, want)
		}
		if want == http.StatusNotFound && out["error"] != fmt.Sprintf("there is no suggestion %d", pool) {
			t.Errorf("PATCH as %s: %v, want the answer for an id that is not there", who, out)
		}
		if code == http.StatusOK && (out["status"] != status || out["answered_by"] != who+"@dalvikurbyggd.is" || out["author"] != "anna@dalvikurbyggd.is" || out["author_name"] != "Anna Jónsdóttir") {
			t.Errorf("PATCH as %s answered %v", who, out)
		}
	}
	for _, tt := range []struct {
		name, path, body string
		want             int
	}{
		{"unknown id", "/api/suggestions/999", `{"status":"handled"}`, http.StatusNotFound},
		{"not an id", "/api/suggestions/abc", `{"status":"handled"}`, http.StatusNotFound},
		{"bad status", fmt.Sprintf("/api/suggestions/%d", page), `{"status":"closed"}`, http.StatusBadRequest},
		{"answered without an answer", fmt.Sprintf("/api/suggestions/%d", page), `{"status":"answered","answer":"  "}`, http.StatusBadRequest},
		{"answer too long", fmt.Sprintf("/api/suggestions/%d", page), `{"status":"answered","answer":"` + strings.Repeat("ð", maxSuggestText+1) + `"}`, http.StatusBadRequest},
		{"not the object", fmt.Sprintf("/api/suggestions/%d", page), `{"status":"handled","reason":"x"}`, http.StatusBadRequest},
		{"from another site", fmt.Sprintf("/api/suggestions/%d", page), `{"status":"handled"}`, http.StatusForbidden},
		{"answer omitted keeps it", fmt.Sprintf("/api/suggestions/%d", pool), `{"status":"answered"}`, http.StatusOK},
	} {
		var header []string
		if tt.name == "from another site" {
			header = []string{"Origin", "https://evil.example"}
		}
		code, out := ss.call(t, ss.c["bjorn"], "PATCH", tt.path, tt.body, header...)
		if code != tt.want || out["error"] == "" && code >= 400 {
			t.Errorf("PATCH %s: %d %v, want %d", tt.name, code, out, tt.want)
		}
		if tt.name == "answer omitted keeps it" && out["answer"] != "Svar frá admin" {
			t.Errorf("the answer omitted: %v, want the one there kept", out["answer"])
		}
	}

	// The page: those who handle it see the suggestion with its form; a person who
	// does not is refused its form.
	for _, who := range []string{"anna", "cecilia", "bjorn", "dora", "olafur", "admin"} {
		handles := slices.Contains(wants[who].handling, pool)
		res, body := ss.get(t, ss.c[who], suggestPath)
		form := fmt.Sprintf(`action="%s/%d"`, suggestPath, pool)
		if res.StatusCode != http.StatusOK || strings.Contains(body, form) != handles || !strings.Contains(body, "Mínar ábendingar") {
			t.Errorf("the page as %s: %d, the form there %v, want %v", who, res.StatusCode, strings.Contains(body, form), handles)
		}
		// The form's own address, reloaded or kept, goes on to the suggestion on the
		// page, for whoever may see it there.
		want, where := http.StatusNotFound, ""
		switch {
		case handles:
			want, where = http.StatusSeeOther, fmt.Sprintf("%s#s-%d", suggestPath, pool)
		case who == "anna":
			want, where = http.StatusSeeOther, fmt.Sprintf("%s#mine-s-%d", suggestPath, pool)
		}
		res, _ = ss.get(t, ss.c[who], fmt.Sprintf("%s/%d", suggestPath, pool))
		if res.StatusCode != want || res.Header.Get("Location") != where {
			t.Errorf("GET of the form's address as %s: %d to %q, want %d to %q", who, res.StatusCode, res.Header.Get("Location"), want, where)
		}
		res, _ = ss.postForm(t, ss.c[who], fmt.Sprintf("%s/%d", suggestPath, pool), url.Values{"status": {"handled"}, "answer": {"Afgreitt af " + who}})
		want, where = http.StatusNotFound, ""
		switch {
		case handles:
			want, where = http.StatusSeeOther, fmt.Sprintf("%s?done=suggest_done_handled#s-%d", suggestPath, pool)
		case who == "anna":
			want = http.StatusForbidden
		}
		if res.StatusCode != want || res.Header.Get("Location") != where {
			t.Errorf("the form as %s: %d to %q, want %d to %q", who, res.StatusCode, res.Header.Get("Location"), want, where)
		}
	}
	for _, path := range []string{suggestPath + "/999", suggestPath + "/abc"} {
		if res, _ := ss.get(t, ss.c["admin"], path); res.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s: %d, want 404", path, res.StatusCode)
		}
	}
	if res, _ := ss.get(t, ss.c["nobody"], fmt.Sprintf("%s/%d", suggestPath, pool)); res.StatusCode != http.StatusSeeOther ||
		res.Header.Get("Location") != signInPath+"?next="+url.QueryEscape(fmt.Sprintf("%s/%d", suggestPath, pool)) {
		t.Errorf("the form's address signed out: %d to %q, want sign-in and back", res.StatusCode, res.Header.Get("Location"))
	}
	if res, _ := ss.get(t, ss.c["nobody"], suggestPath); res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), signInPath+"?next=") {
		t.Errorf("the page signed out: %d to %q, want sign-in", res.StatusCode, res.Header.Get("Location"))
	}
	if res, _ := ss.postForm(t, ss.c["admin"], suggestPath+"/999", url.Values{"status": {"open"}}); res.StatusCode != http.StatusNotFound {
		t.Errorf("the form of an unknown suggestion: %d, want 404", res.StatusCode)
	}
	if res, _ := ss.postForm(t, ss.c["admin"], fmt.Sprintf("%s/%d", suggestPath, pool), url.Values{"status": {"open"}}, "Origin", "https://evil.example"); res.StatusCode != http.StatusForbidden {
		t.Errorf("the form from another site: %d, want 403", res.StatusCode)
	}
	res, body := ss.postForm(t, ss.c["bjorn"], fmt.Sprintf("%s/%d", suggestPath, page), url.Values{"status": {"answered"}, "answer": {" "}})
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(body, "Skrifaðu svarið") {
		t.Errorf("answering with nothing: %d, want 400 and why", res.StatusCode)
	}

	// A page no longer in the handbook is the administrators' alone.
	m := suggestManifest()
	m.Pages = m.Pages[1:]
	ss.srv.SetManifest(m)
	if _, _, handling := ss.lists(t, "bjorn"); slices.Contains(handling, page) {
		t.Errorf("Björn still handles a suggestion about a page that is gone: %v", handling)
	}
	if _, _, handling := ss.lists(t, "admin"); !slices.Contains(handling, page) {
		t.Errorf("the administrator does not handle a suggestion about a page that is gone: %v", handling)
	}
}

// TestSuggestionValidation: what a suggestion may not be is 400 (or 404 for a page the
// handbook does not have, 401 and 403 as for every request), lengths are counted in
// characters, and nothing refused is kept.
func TestSuggestionValidation(t *testing.T) {
	rs := newRecordsSite(t, Auth{})
	rs.srv.SetManifest(suggestManifest())
	anna := rs.browser(t)
	rs.signIn(t, anna, "anna@dalvikurbyggd.is")
	long := func(n int) string { return strings.Repeat("þ", n) }
	body := func(page, kind, text, passage string) string {
		b, _ := json.Marshal(suggestRequest{Page: page, Kind: kind, Text: text, Passage: passage})
		return string(b)
	}
	tests := []struct {
		name   string
		c      *http.Client
		body   string
		header []string
		want   int
	}{
		{"not signed in", rs.browser(t), body("laug-oryggi", "unclear", "x", ""), nil, http.StatusUnauthorized},
		{"unknown page", anna, body("engin", "unclear", "x", ""), nil, http.StatusNotFound},
		{"no kind", anna, body("laug-oryggi", "", "x", ""), nil, http.StatusBadRequest},
		{"another kind", anna, body("laug-oryggi", "rude", "x", ""), nil, http.StatusBadRequest},
		{"no text", anna, body("laug-oryggi", "unclear", " \n\t", "a passage"), nil, http.StatusBadRequest},
		{"text too long", anna, body("laug-oryggi", "unclear", long(maxSuggestText+1), ""), nil, http.StatusBadRequest},
		{"passage too long", anna, body("laug-oryggi", "unclear", "x", long(maxSuggestPassage+1)), nil, http.StatusBadRequest},
		{"not the object", anna, `{"page":"laug-oryggi","kind":"unclear","text":"x","author":"bjorn@dalvikurbyggd.is"}`, nil, http.StatusBadRequest},
		{"not JSON", anna, `page=laug-oryggi`, []string{"Content-Type", "application/x-www-form-urlencoded"}, http.StatusUnsupportedMediaType},
		{"from another site", anna, body("laug-oryggi", "unclear", "x", ""), []string{"Origin", "https://evil.example"}, http.StatusForbidden},
		{"from another site, no Origin", anna, body("laug-oryggi", "unclear", "x", ""), []string{"Sec-Fetch-Site", "cross-site"}, http.StatusForbidden},
		{"longest, in characters of two bytes", anna, body("laug-oryggi", "other", long(maxSuggestText), long(maxSuggestPassage)), nil, http.StatusCreated},
	}
	for _, tt := range tests {
		code, out := rs.call(t, tt.c, "POST", "/api/suggestions", tt.body, tt.header...)
		if code != tt.want || code >= 400 && out["error"] == "" {
			t.Errorf("%s: %d %v, want %d", tt.name, code, out, tt.want)
		}
	}
	if got, err := rs.store.Suggestions(t.Context(), store.SuggestionQuery{}); err != nil || len(got) != 1 {
		t.Errorf("the store keeps %d suggestions (%v), want the one accepted", len(got), err)
	}
}

// TestSuggestionThrottle: a person may send ten suggestions in any hour; the eleventh
// is 429 with how long to wait, counted from the oldest of the ten, on the server's
// clock. Suggestions refused do not count, and one person's fill is not another's.
func TestSuggestionThrottle(t *testing.T) {
	rs := newRecordsSite(t, Auth{})
	rs.srv.SetManifest(suggestManifest())
	anna, bjorn := rs.browser(t), rs.browser(t)
	rs.signIn(t, anna, "anna@dalvikurbyggd.is")
	rs.signIn(t, bjorn, "bjorn@dalvikurbyggd.is")
	send := func(c *http.Client, page string) (int, string) {
		t.Helper()
		req, _ := http.NewRequest("POST", rs.URL+"/api/suggestions", strings.NewReader(`{"page":"`+page+`","kind":"other","text":"x","passage":""}`))
		req.Header.Set("Content-Type", "application/json")
		res, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode, res.Header.Get("Retry-After")
	}
	for i := range suggestPerWindow {
		if code, _ := send(anna, "engin"); code != http.StatusNotFound {
			t.Fatalf("an unknown page: %d", code)
		}
		if code, _ := send(anna, "laug-oryggi"); code != http.StatusCreated {
			t.Fatalf("suggestion %d: %d", i+1, code)
		}
		rs.advance(time.Minute)
	}
	// Ten minutes after the first: its hour ends in fifty.
	if code, after := send(anna, "laug-oryggi"); code != http.StatusTooManyRequests || after != strconv.Itoa(50*60) {
		t.Errorf("the eleventh: %d, Retry-After %q, want 429 and %d", code, after, 50*60)
	}
	if code, _ := send(bjorn, "laug-oryggi"); code != http.StatusCreated {
		t.Errorf("another person: %d, want 201", code)
	}
	rs.advance(50*time.Minute - time.Second)
	if code, after := send(anna, "laug-oryggi"); code != http.StatusTooManyRequests || after != "1" {
		t.Errorf("a second before the first's hour ends: %d, Retry-After %q, want 429 and 1", code, after)
	}
	rs.advance(time.Second)
	if code, _ := send(anna, "laug-oryggi"); code != http.StatusCreated {
		t.Errorf("the first's hour over: %d, want 201", code)
	}
	if code, after := send(anna, "laug-oryggi"); code != http.StatusTooManyRequests || after != "60" {
		t.Errorf("then one more: %d, Retry-After %q, want 429 and 60 (the second's hour)", code, after)
	}
}

// TestSuggestThrottleGiveBack: a suggestion the store did not keep is taken back.
func TestSuggestThrottleGiveBack(t *testing.T) {
	th := newSuggestThrottle()
	now := time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)
	for i := range suggestPerWindow {
		wait, giveBack := th.take("anna", now.Add(time.Duration(i)*time.Second))
		if giveBack == nil {
			t.Fatalf("take %d: wait %v", i+1, wait)
		}
		if i == suggestPerWindow-1 {
			giveBack()
		}
	}
	if _, giveBack := th.take("anna", now.Add(time.Minute)); giveBack == nil {
		t.Error("the one given back still counts")
	}
	if wait, giveBack := th.take("anna", now.Add(time.Minute)); giveBack != nil || wait != time.Hour-time.Minute {
		t.Errorf("the eleventh: wait %v, want %v", wait, time.Hour-time.Minute)
	}
}
