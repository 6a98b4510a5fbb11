package server

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/handbok/handbok/internal/manifest"
	"github.com/handbok/handbok/internal/store"
	"github.com/handbok/handbok/internal/store/postgres/pgtest"
)

// fuzzOpeners are the stores a fuzz target sends each input to: SQLite, and PostgreSQL
// when there is one. Without one the targets run on SQLite alone, except under
// CI=true, where they fail as the other tests of the records do.
func fuzzOpeners(f *testing.F) []storeOpener {
	probe := &skipProbe{TB: f}
	if pgtest.Server(probe); probe.skipped {
		return []storeOpener{openSQLite}
	}
	return []storeOpener{openSQLite, openPostgres}
}

// skipProbe is a testing.TB whose Skip only notes that it was called.
type skipProbe struct {
	testing.TB
	skipped bool
}

func (p *skipProbe) Skip(...any) { p.skipped = true }

// fuzzSite is a records site that a fuzz target sends every input to, through its
// handler: a checklist with an employee's and a supervisor's item, and a suggestion
// to change. Each input turns its clock an hour on, so that no throttle runs dry over
// a fuzzing run, and signs its person in afresh.
type fuzzSite struct {
	*recordsSite
	h     http.Handler
	token int
}

func newFuzzSite(f *testing.F, open storeOpener) *fuzzSite {
	rs := newRecordsSiteIn(f, open(f), Auth{})
	m := suggestManifest()
	m.Checklists[0].Items = []manifest.Item{
		{ID: "lyklar", Task: "Sækja lykla", Owner: "employee", Due: 0},
		{ID: "kynning", Task: "Kynna húsið", Owner: "supervisor", Due: 1},
		{ID: "stefna", Task: "Lesa þjónustustefnu", Policy: "thjonustustefna", Owner: "employee", Due: 3},
	}
	rs.srv.SetManifest(m)
	fs := &fuzzSite{recordsSite: rs, h: rs.srv.Handler()}
	res := fs.send(f, "anna@dalvikurbyggd.is", "POST", "/api/suggestions", `{"page":"laug-oryggi","kind":"wrong","text":"Skilti vantar."}`)
	if res.Code != http.StatusCreated {
		f.Fatalf("a suggestion to fuzz the changes of: %d %s", res.Code, res.Body)
	}
	return fs
}

// send sends a JSON body as who, signed in with a session of their own; who "" sends
// it signed out.
func (fs *fuzzSite) send(t testing.TB, who, method, target, body string) *httptest.ResponseRecorder {
	t.Helper()
	fs.advance(time.Hour + time.Minute)
	req := httptest.NewRequest(method, target, strings.NewReader(body))
	req.RemoteAddr = "192.0.2.7:40000"
	req.Header.Set("Content-Type", "application/json")
	if who != "" {
		fs.token++
		token := "fuzz-session-" + strconv.Itoa(fs.token)
		now := fs.srv.now()
		if err := fs.store.CreateSession(t.Context(), store.Session{TokenHash: hashToken(token), Email: who, How: store.Button,
			Created: now, LastSeen: now, Expires: now.Add(SessionLifetime)}); err != nil {
			t.Fatal(err)
		}
		req.AddCookie(&http.Cookie{Name: cookieName, Value: token})
	}
	res := httptest.NewRecorder()
	fs.h.ServeHTTP(res, req)
	return res
}

// apiRoutes are the API's requests that take a JSON body and change records, but
// signing in (FuzzSignIn). A fuzz input picks one, and the path's variable part when
// the route has one.
var apiRoutes = []struct {
	method, path, fallback string
}{
	{"POST", "/api/acks", ""},
	{"PUT", "/api/checklists/", "sundlaug/mottaka/items/lyklar"},
	{"POST", "/api/suggestions", ""},
	{"PATCH", "/api/suggestions/", "1"},
}

// fuzzPeople are whom a fuzz input sends its request as.
var fuzzPeople = []string{"anna@dalvikurbyggd.is", "bjorn@dalvikurbyggd.is", "admin@dalvikurbyggd.is", ""}

// FuzzAPIBodies sends any body, as any kind of person, to every route of the API that
// takes JSON and changes records: whatever it is, the answer is never 5xx (see
// checkAnswer), and a 4xx changes no record.
func FuzzAPIBodies(f *testing.F) {
	seeds := []struct {
		route, who uint8
		part, body string
	}{
		{0, 0, "", `{"policy":"thjonustustefna","version":1}`},
		{0, 0, "", `{"policy":"laug-oryggi","version":2,"revision":"r2"}`},
		{0, 0, "", `{"policy":"leik-reglur","version":1}`},
		{0, 1, "", `{"policy":"thjonustustefna","version":-9223372036854775808}`},
		{0, 0, "", `{"policy":"thjonustustefna","version":1.5}`},
		{0, 2, "", `{"policy":"thjonustustefna\u0000","version":1}{}`},
		{1, 0, "", `{"done":true}`},
		{1, 0, "", `{"done":false,"at":"2026-12-03T08:00:00Z"}`},
		{1, 1, "", `{"done":true,"person":"anna@dalvikurbyggd.is"}`},
		{1, 1, "sundlaug/mottaka/items/kynning", `{"done":true,"person":"ANNA@dalvikurbyggd.is","at":"0001-01-01T00:00:00Z"}`},
		{1, 0, "sundlaug/mottaka/items/stefna", `{"done":true}`},
		{1, 2, "sundlaug%2Fmottaka/items/lyklar", `{"done":true,"person":"cecilia@dalvikurbyggd.is","at":"9999-12-31T23:59:59+14:00"}`},
		{1, 1, "", `{"done":true,"person":"an\u0000na@dalvikurbyggd.is"}`},
		{1, 0, "x/items/", `{"done":null}`},
		{2, 0, "", `{"page":"laug-oryggi","kind":"wrong","text":"Vantar skilti við djúpu laugina.","passage":"Öryggi"}`},
		{2, 2, "", `{"page":"sundlaug/opnun.html","kind":"unclear","text":"<script>alert(1)</script>"}`},
		{2, 0, "", `{"page":"um.html","kind":"other","text":"a\u0000b"}`},
		{2, 1, "", `{"page":"nowhere","kind":"wrong","text":"` + strings.Repeat("á", 4001) + `"}`},
		{3, 1, "", `{"status":"answered","answer":"Takk, lagað."}`},
		{3, 2, "", `{"status":"open","answer":null}`},
		{3, 0, "", `{"status":"handled"}`},
		{3, 2, "99999999999999999999", `{"status":"done"}`},
		{3, 2, "-1", `{"status":"done","answer":"\u0000"}`},
		{3, 2, "", `{"status":"answered","answer":"a\u0000"}`},
		{0, 0, "", `[]`},
		{2, 0, "", `"text"`},
		{1, 0, "", ``},
		{0, 0, "", `{"policy":`},
	}
	for _, s := range seeds {
		f.Add(s.route, s.who, s.part, s.body)
	}
	var sites []*fuzzSite
	for _, open := range fuzzOpeners(f) {
		sites = append(sites, newFuzzSite(f, open))
	}
	f.Fuzz(func(t *testing.T, route, who uint8, part, body string) {
		r := apiRoutes[int(route)%len(apiRoutes)]
		target := r.path
		if r.fallback != "" {
			if part == "" {
				part = r.fallback
			}
			target += (&url.URL{Path: part}).EscapedPath()
		}
		if _, err := url.ParseRequestURI(target); err != nil {
			t.Skip()
		}
		person := fuzzPeople[int(who)%len(fuzzPeople)]
		for _, fs := range sites {
			fs.checkAnswer(t, fmt.Sprintf("%s %s as %q with %q", r.method, target, person, body), func() *httptest.ResponseRecorder {
				return fs.send(t, person, r.method, target, body)
			})
		}
	})
}

// FuzzSignIn sends any body to POST /api/session: besides what checkAnswer holds, only
// the right password of a person in the records signs in. It is a target of its own,
// since each input costs a password's check at full cost.
func FuzzSignIn(f *testing.F) {
	for _, body := range []string{
		`{"email":"anna@dalvikurbyggd.is","password":"` + testPassword + `"}`,
		`{"email":" Anna@Dalvikurbyggd.is ","password":"` + testPassword + `"}`,
		`{"email":"anna@dalvikurbyggd.is","password":"` + testPassword + ` "}`,
		`{"email":"Anna@Dalvikurbyggd.is ","password":""}`,
		`{"email":"anna@dalvikurbyggd.is","password":"x","extra":1}`,
		`{"email":"\u0000@x.is","password":"\ud800"}`,
		`{"email":"an\u0000na@dalvikurbyggd.is","password":"` + testPassword + `"}`,
		`{"email":"Anna <anna@dalvikurbyggd.is>","password":"` + testPassword + `"}`,
		`{"email":["anna@dalvikurbyggd.is"]}`,
		`{"password":"` + testPassword + `"}`,
		`{"email":"anna@dalvikurbyggd.is","password":"` + testPassword + `"} {}`,
		``,
	} {
		f.Add(body)
	}
	var sites []*fuzzSite
	for _, open := range fuzzOpeners(f) {
		sites = append(sites, newFuzzSite(f, open))
	}
	staff := map[string]bool{}
	for _, p := range fuzzPeople[:3] {
		staff[p] = true
	}
	staff["cecilia@dalvikurbyggd.is"] = true
	f.Fuzz(func(t *testing.T, body string) {
		var req struct{ Email, Password string }
		json.Unmarshal([]byte(body), &req)
		for _, fs := range sites {
			res := fs.checkAnswer(t, fmt.Sprintf("POST /api/session with %q", body), func() *httptest.ResponseRecorder {
				return fs.send(t, "", "POST", "/api/session", body)
			})
			if res.Code == http.StatusOK && (req.Password != testPassword || !staff[strings.ToLower(strings.TrimSpace(req.Email))]) {
				t.Fatalf("%q signed in: %s", body, res.Body)
			}
		}
	})
}

// checkAnswer sends a request and checks what every answer of the API holds to: it is
// never 5xx, is a JSON object kept by no browser, has "error" when it is 4xx, and then
// the audit log, which has every change to the records, stayed where it was, and no
// session was given.
func (fs *fuzzSite) checkAnswer(t *testing.T, what string, send func() *httptest.ResponseRecorder) *httptest.ResponseRecorder {
	t.Helper()
	before, err := fs.store.AuditHead(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	res := send()
	if res.Code >= 500 {
		t.Fatalf("%s: %d %s\nlog:\n%s", what, res.Code, res.Body, fs.log)
	}
	if res.Header().Get("Cache-Control") != "no-store" || !strings.HasPrefix(res.Header().Get("Content-Type"), "application/json") {
		t.Fatalf("%s: %d answered with Cache-Control %q and Content-Type %q", what, res.Code,
			res.Header().Get("Cache-Control"), res.Header().Get("Content-Type"))
	}
	var answer map[string]any
	if err := json.Unmarshal(res.Body.Bytes(), &answer); err != nil {
		t.Fatalf("%s: %d answered %q, not a JSON object: %v", what, res.Code, res.Body, err)
	}
	if res.Code < 400 {
		return res
	}
	if msg, _ := answer["error"].(string); msg == "" {
		t.Fatalf("%s: %d answered %s, without an error", what, res.Code, res.Body)
	}
	after, err := fs.store.AuditHead(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if after != before {
		t.Fatalf("%s: %d %s, yet the audit log went from %v to %v", what, res.Code, res.Body, before, after)
	}
	for _, c := range res.Result().Cookies() {
		if c.Name == cookieName && c.Value != "" {
			t.Fatalf("%s: %d, yet it gave a session cookie", what, res.Code)
		}
	}
	return res
}

// The sessions FuzzSessionCookie knows: one that is valid, one that was signed out,
// and one idle too long.
const (
	fuzzToken   = "q1mY7sV0K3l9n2Rw-Xc_4tBf8HdJaZeUoPiLgNhMkEs"
	endedToken  = "Zr8uQ2wLk5pN0xVb_cT7yHj3Gf9dMaSe1oRiW4nYq6E"
	staleToken  = "Mh3kP9tR2vX7bN0cL5qW8zJ4sF1dG6aY-uE_oIiKyTw"
	fuzzHolder  = "anna@dalvikurbyggd.is"
	staleHolder = "bjorn@dalvikurbyggd.is"
)

// FuzzSessionCookie sends any Cookie header to /api/me and then signs out with it: a
// person is known only by a header that holds the token of a session that was issued
// and is still valid, never by a session that was signed out or idle too long or by
// anything else; no header is a 5xx; and signing out ends no session but the one whose
// token the header holds.
func FuzzSessionCookie(f *testing.F) {
	for _, h := range []string{
		cookieName + "=" + fuzzToken,
		"handbok_records=1; " + cookieName + "=" + fuzzToken + "; theme=dark",
		cookieName + "=\"" + fuzzToken + "\"",
		cookieName + "=" + fuzzToken + "x",
		cookieName + "=" + fuzzToken[:20],
		cookieName + "= " + fuzzToken,
		"HANDBOK_SESSION=" + fuzzToken,
		cookieName + "=other; " + cookieName + "=" + fuzzToken,
		cookieName + "=" + endedToken,
		cookieName + "=" + staleToken,
		cookieName + "=" + strings.Repeat("A", 101),
		cookieName + "=",
		cookieName,
		";;;=;",
		cookieName + "=\x00" + fuzzToken,
		cookieName + "=\xff\xfe",
		"",
	} {
		f.Add(h)
	}
	type cookieSite struct{ *recordsSite }
	var sites []cookieSite
	for _, open := range fuzzOpeners(f) {
		rs := newRecordsSiteIn(f, open(f), Auth{})
		now := rs.srv.now()
		for _, s := range []store.Session{
			{TokenHash: hashToken(fuzzToken), Email: fuzzHolder, Created: now, LastSeen: now},
			{TokenHash: hashToken(endedToken), Email: fuzzHolder, Created: now, LastSeen: now},
			{TokenHash: hashToken(staleToken), Email: staleHolder, Created: now.Add(-2 * SessionIdle), LastSeen: now.Add(-2 * SessionIdle)},
		} {
			s.How, s.Expires = store.Button, s.Created.Add(SessionLifetime)
			if err := rs.store.CreateSession(f.Context(), s); err != nil {
				f.Fatal(err)
			}
		}
		if err := rs.store.EndSession(f.Context(), hashToken(endedToken)); err != nil {
			f.Fatal(err)
		}
		sites = append(sites, cookieSite{rs})
	}
	h := make([]http.Handler, len(sites))
	for i, s := range sites {
		h[i] = s.srv.Handler()
	}
	call := func(i int, method, cookie string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(method, "/api/me", nil)
		if method == "DELETE" {
			req = httptest.NewRequest(method, "/api/session", nil)
		}
		req.Header["Cookie"] = []string{cookie}
		res := httptest.NewRecorder()
		h[i].ServeHTTP(res, req)
		return res
	}
	f.Fuzz(func(t *testing.T, header string) {
		for i, s := range sites {
			res := call(i, "GET", header)
			switch {
			case res.Code == http.StatusOK:
				var me struct{ Email string }
				json.Unmarshal(res.Body.Bytes(), &me)
				if !strings.Contains(header, fuzzToken) || me.Email != fuzzHolder {
					t.Fatalf("Cookie %q was taken for %q, but it holds no token of a valid session", header, me.Email)
				}
			case res.Code != http.StatusUnauthorized:
				t.Fatalf("Cookie %q: %d %s\nlog:\n%s", header, res.Code, res.Body, s.log)
			}
			if res := call(i, "DELETE", header); res.Code != http.StatusNoContent {
				t.Fatalf("signing out with Cookie %q: %d %s\nlog:\n%s", header, res.Code, res.Body, s.log)
			}
			if call(i, "GET", cookieName+"="+fuzzToken).Code == http.StatusOK {
				continue
			}
			if !strings.Contains(header, fuzzToken) {
				t.Fatalf("signing out with Cookie %q ended the session of another token", header)
			}
			now := s.srv.now()
			if err := s.store.CreateSession(t.Context(), store.Session{TokenHash: hashToken(fuzzToken), Email: fuzzHolder, How: store.Button,
				Created: now, LastSeen: now, Expires: now.Add(SessionLifetime)}); err != nil {
				t.Fatal(err)
			}
		}
	})
}
