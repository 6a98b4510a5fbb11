package server

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/handbok/handbok/internal/manifest"
	"github.com/handbok/handbok/internal/people"
	"github.com/handbok/handbok/internal/store"
	"github.com/handbok/handbok/internal/store/postgres"
	"github.com/handbok/handbok/internal/store/postgres/pgtest"
	"github.com/handbok/handbok/internal/store/sqlite"
	"github.com/handbok/handbok/themes"
)

const testPassword = "rétt hestur rafhlaða hefti"

// testPasswordHash is testPassword hashed once for all the package's sites: a hash takes
// argon2's full cost, and the tests are of signing in, which checks the password at full
// cost each time, not of hashing.
var testPasswordHash = sync.OnceValues(func() (string, error) { return people.HashPassword(testPassword) })

// storeOpener opens a fresh, empty records store for a test or a fuzz target, closed
// when it ends.
type storeOpener func(tb testing.TB) store.Store

func openSQLite(t testing.TB) store.Store {
	st, err := sqlite.Open(t.Context(), t.TempDir()+"/handbok.db")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func openPostgres(t testing.TB) store.Store {
	dsn, admin := pgtest.Server(t)
	st, err := postgres.Open(t.Context(), pgtest.Schema(t, dsn, admin))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// onEachStore runs test on SQLite and on PostgreSQL, the two at once: the server must
// keep the records the same on both, and each run has a site and a store of its own.
func onEachStore(t *testing.T, test func(*testing.T, storeOpener)) {
	t.Run("sqlite", func(t *testing.T) { t.Parallel(); test(t, openSQLite) })
	t.Run("postgres", func(t *testing.T) { t.Parallel(); test(t, openPostgres) })
}

// recordsSite is a records server on a fresh store: an organisation with a swimming
// pool and a kindergarten, and a clock the test turns.
type recordsSite struct {
	*httptest.Server
	srv   *Server
	store store.Store
	clock atomic.Pointer[time.Time]
	log   *strings.Builder
}

// newRecordsSite is a records site on SQLite.
func newRecordsSite(t *testing.T, auth Auth) *recordsSite {
	t.Helper()
	return newRecordsSiteOn(t, openSQLite, auth)
}

func newRecordsSiteOn(t *testing.T, open storeOpener, auth Auth) *recordsSite {
	t.Helper()
	return newRecordsSiteIn(t, open(t), auth)
}

// newRecordsSiteIn is a records site on st, for a test or a fuzz target.
func newRecordsSiteIn(t testing.TB, st store.Store, auth Auth) *recordsSite {
	t.Helper()
	ctx := t.Context()
	recently := time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC) // not overdue on the site's day
	staff := []people.Person{
		{Email: "anna@dalvikurbyggd.is", Name: "Anna Jónsdóttir", Role: people.Employee, Workplaces: []string{"sundlaug"}, Start: recently},
		{Email: "bjorn@dalvikurbyggd.is", Name: "Björn Þórsson", Role: people.Supervisor, Workplaces: []string{"sundlaug"}, Start: recently},
		{Email: "cecilia@dalvikurbyggd.is", Name: "Cecilía Ægisdóttir", Role: people.Employee, Workplaces: []string{"leikskoli"}, Start: recently},
		{Email: "admin@dalvikurbyggd.is", Name: "Stjórnandi", Role: people.Admin},
	}
	if err := st.AddPeople(ctx, "test", staff); err != nil {
		t.Fatal(err)
	}
	hash, err := testPasswordHash()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range staff {
		if err := st.SetPasswordHash(ctx, "test", p.Email, hash); err != nil {
			t.Fatal(err)
		}
	}
	log := &strings.Builder{}
	rs := &recordsSite{store: st, log: log}
	now := time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)
	rs.clock.Store(&now)
	rs.srv = &Server{Dir: t.TempDir(), Log: slog.New(slog.NewTextHandler(&lockedWriter{w: log}, nil)), Records: servedEarly{st}, Auth: auth,
		clock: func() time.Time { return *rs.clock.Load() }}
	rs.srv.SetManifest(&manifest.Manifest{
		Policies: []manifest.Policy{
			{ID: "thjonustustefna", Title: "Þjónustustefna", URL: "stefnur/thjonustustefna.html", Version: 1, Revision: "r1", Acknowledge: true},
			{ID: "laug-oryggi", Title: "Öryggi í laug", URL: "laug/oryggi.html", Workplace: "sundlaug", Version: 2, Revision: "r2", Acknowledge: true},
			{ID: "leik-reglur", Title: "Reglur leikskólans", URL: "leik/reglur.html", Workplace: "leikskoli", Version: 1, Revision: "r3", Acknowledge: true},
			{ID: "upplysingar", Title: "Upplýsingar", URL: "upplysingar.html", Version: 1, Revision: "r4"},
		},
		Workplaces: []manifest.Workplace{{Slug: "sundlaug", Title: "Sundlaug Dalvíkur"}, {Slug: "leikskoli", Title: "Krílakot"}},
	})
	rs.srv.SetPages(NewPages(themes.Default(), Handbook{Title: "Starfsmannahandbók", Language: "is"}, "", rs.srv.Log))
	rs.Server = httptest.NewServer(rs.srv.Handler())
	t.Cleanup(rs.Close)
	return rs
}

// servedEarly is a store on which the test site's policies, at their first versions,
// were first served on 1 January 2026, as if the server had kept their texts then (the
// store stamps what it keeps with the real time): due dates in the tests do not depend
// on the day they run. What a test keeps itself is as the store kept it.
type servedEarly struct{ store.Store }

func (s servedEarly) VersionsServed(ctx context.Context) (map[store.PolicyVersion]time.Time, error) {
	served, err := s.Store.VersionsServed(ctx)
	if err != nil {
		return nil, err
	}
	jan1 := time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)
	for _, pv := range []store.PolicyVersion{{Policy: "thjonustustefna", Version: 1}, {Policy: "laug-oryggi", Version: 2}, {Policy: "leik-reglur", Version: 1}} {
		if _, ok := served[pv]; !ok {
			served[pv] = jan1
		}
	}
	return served, nil
}

// advance turns the site's clock.
func (rs *recordsSite) advance(d time.Duration) {
	now := rs.clock.Load().Add(d)
	rs.clock.Store(&now)
}

type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// browser is a client with its own cookies.
func (rs *recordsSite) browser(t *testing.T) *http.Client {
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// call sends a JSON request (body "" for none) and returns the status and the decoded
// answer.
func (rs *recordsSite) call(t *testing.T, c *http.Client, method, path, body string, header ...string) (int, map[string]any) {
	t.Helper()
	req, err := http.NewRequest(method, rs.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var out map[string]any
	data, _ := io.ReadAll(res.Body)
	if len(data) > 0 && strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
		if err := json.Unmarshal(data, &out); err != nil {
			t.Fatalf("%s %s: %v: %s", method, path, err, data)
		}
	}
	if strings.HasPrefix(path, "/api/") && res.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("%s %s: Cache-Control %q, want no-store", method, path, res.Header.Get("Cache-Control"))
	}
	return res.StatusCode, out
}

func (rs *recordsSite) signIn(t *testing.T, c *http.Client, email string) {
	t.Helper()
	if code, out := rs.call(t, c, "POST", "/api/session", `{"email":"`+email+`","password":"`+testPassword+`"}`); code != http.StatusOK {
		t.Fatalf("signing in %s: %d %v", email, code, out)
	}
}

func sessionCookie(t *testing.T, rs *recordsSite, c *http.Client) *http.Cookie {
	t.Helper()
	u, _ := http.NewRequest("GET", rs.URL+"/", nil)
	for _, ck := range c.Jar.Cookies(u.URL) {
		if ck.Name == cookieName {
			return ck
		}
	}
	return nil
}

// TestSignInAndOut: a wrong password is 401; the right one gives an HttpOnly, SameSite
// cookie whose session /api/me knows; signing out ends it on the server, so that the
// same cookie presented again is refused.
func TestSignInAndOut(t *testing.T) { onEachStore(t, testSignInAndOut) }

func testSignInAndOut(t *testing.T, open storeOpener) {
	rs := newRecordsSiteOn(t, open, Auth{})
	c := rs.browser(t)
	if code, _ := rs.call(t, c, "GET", "/api/me", ""); code != http.StatusUnauthorized {
		t.Errorf("/api/me before signing in: %d, want 401", code)
	}
	if code, _ := rs.call(t, c, "POST", "/api/session", `{"email":"anna@dalvikurbyggd.is","password":"wrong password!"}`); code != http.StatusUnauthorized {
		t.Errorf("wrong password: %d, want 401", code)
	}
	if code, _ := rs.call(t, c, "POST", "/api/session", `{"email":"nobody@dalvikurbyggd.is","password":"`+testPassword+`"}`); code != http.StatusUnauthorized {
		t.Errorf("unknown email: %d, want 401", code)
	}
	req, _ := http.NewRequest("POST", rs.URL+"/api/session", strings.NewReader(`{"email":"Anna@Dalvikurbyggd.is","password":"`+testPassword+`"}`))
	req.Header.Set("Content-Type", "application/json")
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("right password: %d", res.StatusCode)
	}
	set := res.Header.Get("Set-Cookie")
	for _, want := range []string{cookieName + "=", "HttpOnly", "SameSite=Lax", "Path=/"} {
		if !strings.Contains(set, want) {
			t.Errorf("Set-Cookie %q lacks %s", set, want)
		}
	}
	if strings.Contains(set, "Secure") {
		t.Errorf("Set-Cookie %q is Secure over plain http", set)
	}
	code, me := rs.call(t, c, "GET", "/api/me", "")
	if code != http.StatusOK || me["email"] != "anna@dalvikurbyggd.is" || me["name"] != "Anna Jónsdóttir" {
		t.Fatalf("/api/me: %d %v", code, me)
	}
	old := sessionCookie(t, rs, c)
	req, _ = http.NewRequest("DELETE", rs.URL+"/api/session", nil)
	res, err = c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusNoContent || res.Header.Get("Clear-Site-Data") != `"cache", "storage"` {
		t.Errorf("sign out: %d, Clear-Site-Data %q; want 204 clearing the cache and storage", res.StatusCode, res.Header.Get("Clear-Site-Data"))
	}
	if sessionCookie(t, rs, c) != nil {
		t.Error("the browser keeps the session cookie after signing out")
	}
	if code, _ := rs.call(t, c, "GET", "/api/me", "", "Cookie", old.Name+"="+old.Value); code != http.StatusUnauthorized {
		t.Errorf("the old cookie after signing out: %d, want 401", code)
	}
}

// TestSignInGivesANewToken: each sign-in gets a fresh token, and a token the browser
// held before (one an attacker planted) does not become a session.
func TestSignInGivesANewToken(t *testing.T) {
	rs := newRecordsSite(t, Auth{})
	c := rs.browser(t)
	planted := &http.Cookie{Name: cookieName, Value: "planted-by-someone-else"}
	u, _ := http.NewRequest("GET", rs.URL+"/", nil)
	c.Jar.SetCookies(u.URL, []*http.Cookie{planted})
	rs.signIn(t, c, "anna@dalvikurbyggd.is")
	first := sessionCookie(t, rs, c).Value
	if first == planted.Value {
		t.Fatal("the planted token became the session")
	}
	other := rs.browser(t)
	if code, _ := rs.call(t, other, "GET", "/api/me", "", "Cookie", cookieName+"="+planted.Value); code != http.StatusUnauthorized {
		t.Errorf("the planted token: %d, want 401", code)
	}
	rs.signIn(t, c, "bjorn@dalvikurbyggd.is") // the next person at the same computer
	if second := sessionCookie(t, rs, c).Value; second == first {
		t.Error("signing in again kept the same token")
	}
	if code, _ := rs.call(t, other, "GET", "/api/me", "", "Cookie", cookieName+"="+first); code != http.StatusUnauthorized {
		t.Errorf("the session before the next sign-in in that browser: %d, want 401 (ended)", code)
	}
}

// TestSessionTimeouts: a session unused for longer than SessionIdle ends, and one in
// use ends after SessionLifetime.
func TestSessionTimeouts(t *testing.T) { onEachStore(t, testSessionTimeouts) }

func testSessionTimeouts(t *testing.T, open storeOpener) {
	rs := newRecordsSiteOn(t, open, Auth{})
	c := rs.browser(t)
	rs.signIn(t, c, "anna@dalvikurbyggd.is")
	rs.advance(SessionIdle - time.Minute)
	if code, _ := rs.call(t, c, "GET", "/api/me", ""); code != http.StatusOK {
		t.Fatalf("within the idle time: %d", code)
	}
	rs.advance(SessionIdle - time.Minute) // idle counts from the last use
	if code, _ := rs.call(t, c, "GET", "/api/me", ""); code != http.StatusOK {
		t.Fatalf("used again within the idle time: %d", code)
	}
	rs.advance(SessionIdle + time.Second)
	if code, _ := rs.call(t, c, "GET", "/api/me", ""); code != http.StatusUnauthorized {
		t.Errorf("idle past %s: %d, want 401", SessionIdle, code)
	}

	rs.signIn(t, c, "anna@dalvikurbyggd.is")
	used := time.Duration(0)
	for ; used+SessionIdle/2 <= SessionLifetime; used += SessionIdle / 2 {
		rs.advance(SessionIdle / 2)
		if code, _ := rs.call(t, c, "GET", "/api/me", ""); code != http.StatusOK {
			t.Fatalf("in use after %s: %d", used+SessionIdle/2, code)
		}
	}
	rs.advance(SessionLifetime - used + time.Second)
	if code, _ := rs.call(t, c, "GET", "/api/me", ""); code != http.StatusUnauthorized {
		t.Errorf("in use past %s: %d, want 401", SessionLifetime, code)
	}
}

// TestDisablingEndsSessions: a person disabled is signed out at once.
func TestDisablingEndsSessions(t *testing.T) { onEachStore(t, testDisablingEndsSessions) }

func testDisablingEndsSessions(t *testing.T, open storeOpener) {
	rs := newRecordsSiteOn(t, open, Auth{})
	c := rs.browser(t)
	rs.signIn(t, c, "anna@dalvikurbyggd.is")
	if err := rs.store.DisablePerson(t.Context(), "test", "anna@dalvikurbyggd.is"); err != nil {
		t.Fatal(err)
	}
	if code, _ := rs.call(t, c, "GET", "/api/me", ""); code != http.StatusUnauthorized {
		t.Errorf("/api/me after being disabled: %d, want 401", code)
	}
	if code, _ := rs.call(t, c, "POST", "/api/session", `{"email":"anna@dalvikurbyggd.is","password":"`+testPassword+`"}`); code != http.StatusUnauthorized {
		t.Errorf("signing in disabled: %d, want 401", code)
	}
}

// TestAckAPI is POST /api/acks by who asks and what: each answer as DESIGN.md says.
func TestAckAPI(t *testing.T) { onEachStore(t, testAckAPI) }

func testAckAPI(t *testing.T, open storeOpener) {
	rs := newRecordsSiteOn(t, open, Auth{})
	anna := rs.browser(t)
	rs.signIn(t, anna, "anna@dalvikurbyggd.is")
	nobody := rs.browser(t)
	tests := []struct {
		name   string
		c      *http.Client
		body   string
		header []string
		want   int
	}{
		{"not signed in", nobody, `{"policy":"thjonustustefna","version":1}`, nil, http.StatusUnauthorized},
		{"unknown policy", anna, `{"policy":"engin","version":1}`, nil, http.StatusNotFound},
		{"nothing to acknowledge", anna, `{"policy":"upplysingar","version":1}`, nil, http.StatusNotFound},
		{"another workplace's", anna, `{"policy":"leik-reglur","version":1}`, nil, http.StatusForbidden},
		{"not the current version", anna, `{"policy":"laug-oryggi","version":1}`, nil, http.StatusConflict},
		{"from another site", anna, `{"policy":"thjonustustefna","version":1}`, []string{"Origin", "https://evil.example"}, http.StatusForbidden},
		{"from another site, no Origin", anna, `{"policy":"thjonustustefna","version":1}`, []string{"Sec-Fetch-Site", "cross-site"}, http.StatusForbidden},
		{"not JSON", anna, `policy=thjonustustefna`, []string{"Content-Type", "application/x-www-form-urlencoded"}, http.StatusUnsupportedMediaType},
		{"not the object", anna, `{"policy":"thjonustustefna","version":"1"}`, nil, http.StatusBadRequest},
		{"no version", anna, `{"policy":"thjonustustefna"}`, nil, http.StatusBadRequest},
		{"a text edited since it was read", anna, `{"policy":"thjonustustefna","version":1,"revision":"r0"}`, nil, http.StatusConflict},
		{"first", anna, `{"policy":"thjonustustefna","version":1,"revision":"r1"}`, []string{"Origin", rs.URL, "Sec-Fetch-Site", "same-origin"}, http.StatusCreated},
		{"repeat", anna, `{"policy":"thjonustustefna","version":1}`, nil, http.StatusOK},
		{"own workplace's", anna, `{"policy":"laug-oryggi","version":2}`, nil, http.StatusCreated},
	}
	var first map[string]any
	for _, tt := range tests {
		code, out := rs.call(t, tt.c, "POST", "/api/acks", tt.body, tt.header...)
		if code != tt.want {
			t.Errorf("%s: %d %v, want %d", tt.name, code, out, tt.want)
		}
		if code >= 400 && out["error"] == "" {
			t.Errorf("%s: no error message: %v", tt.name, out)
		}
		switch tt.name {
		case "not the current version":
			if out["current"] != 2.0 {
				t.Errorf("409 names current %v, want 2", out["current"])
			}
		case "first":
			first = out
			if out["how"] != "button" || out["revision"] != "r1" || out["version"] != 1.0 {
				t.Errorf("first record: %v", out)
			}
		case "repeat":
			if out["at"] != first["at"] || out["how"] != first["how"] {
				t.Errorf("repeat answered %v, want the first record %v", out, first)
			}
		case "own workplace's":
			if out["how"] != "api" {
				t.Errorf("an acknowledgment not from a page of the site: how %v, want api", out["how"])
			}
		}
	}
	acks, err := rs.store.AcksOf(t.Context(), "anna@dalvikurbyggd.is")
	if err != nil || len(acks) != 2 {
		t.Errorf("the store keeps %v (%v), want the two acknowledgments", acks, err)
	}
}

// TestSignInThrottle: after five wrong passwords an account is refused with 429 and
// Retry-After, the right password too, and many tries at once cannot get past: exactly
// the burst is checked.
func TestSignInThrottle(t *testing.T) {
	rs := newRecordsSite(t, Auth{})
	c := rs.browser(t)
	var wg sync.WaitGroup
	var unauthorized, throttled atomic.Int32
	for range 3 * accountBurst {
		wg.Go(func() {
			code, _ := rs.call(t, c, "POST", "/api/session", `{"email":"anna@dalvikurbyggd.is","password":"not her password"}`)
			switch code {
			case http.StatusUnauthorized:
				unauthorized.Add(1)
			case http.StatusTooManyRequests:
				throttled.Add(1)
			default:
				t.Errorf("a wrong try: %d", code)
			}
		})
	}
	wg.Wait()
	if int(unauthorized.Load()) != accountBurst {
		t.Errorf("%d wrong passwords checked of %d tries at once, want %d", unauthorized.Load(), 3*accountBurst, accountBurst)
	}
	req, _ := http.NewRequest("POST", rs.URL+"/api/session", strings.NewReader(`{"email":"anna@dalvikurbyggd.is","password":"`+testPassword+`"}`))
	req.Header.Set("Content-Type", "application/json")
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusTooManyRequests || res.Header.Get("Retry-After") == "" {
		t.Errorf("the right password while throttled: %d, Retry-After %q; want 429 with Retry-After", res.StatusCode, res.Header.Get("Retry-After"))
	}
	rs.signIn(t, c, "bjorn@dalvikurbyggd.is") // another account from the same address
	rs.advance(time.Duration(float64(time.Second) / float64(accountRate)))
	rs.signIn(t, c, "anna@dalvikurbyggd.is")
}

// TestSingleSignOn: the header is honoured from a trusted proxy only; from elsewhere it
// is ignored and said once in the log. A person the proxy names who is not in the
// records is refused, or added as an employee when the handbook says so.
func TestSingleSignOn(t *testing.T) { onEachStore(t, testSingleSignOn) }

func testSingleSignOn(t *testing.T, open storeOpener) {
	loopback := []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("::1/128")}
	rs := newRecordsSiteOn(t, open, Auth{Header: "X-Remote-User", TrustedProxies: loopback})
	c := rs.browser(t)
	code, me := rs.call(t, c, "GET", "/api/me", "", "X-Remote-User", "Anna@dalvikurbyggd.is")
	if code != http.StatusOK || me["email"] != "anna@dalvikurbyggd.is" || me["sso"] != true {
		t.Errorf("from the proxy: %d %v", code, me)
	}
	if code, out := rs.call(t, c, "POST", "/api/acks", `{"policy":"thjonustustefna","version":1}`, "X-Remote-User", "anna@dalvikurbyggd.is"); code != http.StatusCreated || out["how"] != "sso" {
		t.Errorf("acknowledging through the proxy: %d %v", code, out)
	}
	if code, out := rs.call(t, c, "GET", "/api/me", "", "X-Remote-User", "okunnug@dalvikurbyggd.is"); code != http.StatusForbidden || !strings.Contains(out["error"].(string), "not in the handbook's records") {
		t.Errorf("someone not in the records: %d %v", code, out)
	}

	elsewhere := newRecordsSiteOn(t, open, Auth{Header: "X-Remote-User", TrustedProxies: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}})
	for range 2 {
		if code, _ := elsewhere.call(t, c, "GET", "/api/me", "", "X-Remote-User", "anna@dalvikurbyggd.is"); code != http.StatusUnauthorized {
			t.Errorf("the header from an untrusted address: %d, want 401", code)
		}
	}
	if n := strings.Count(elsewhere.log.String(), "single-sign-on header"); n != 1 {
		t.Errorf("the untrusted header is logged %d times, want once:\n%s", n, elsewhere.log)
	}

	welcoming := newRecordsSiteOn(t, open, Auth{Header: "X-Remote-User", TrustedProxies: loopback, CreateUnknown: people.Employee})
	if code, me := welcoming.call(t, c, "GET", "/api/me", "", "X-Remote-User", "nyr@dalvikurbyggd.is"); code != http.StatusOK || me["role"] != "employee" {
		t.Errorf("create_unknown: %d %v", code, me)
	}
	if _, err := welcoming.store.Person(t.Context(), "nyr@dalvikurbyggd.is"); err != nil {
		t.Errorf("the person the proxy named was not added: %v", err)
	}
}

// TestSignInForm: the sign-in page works without a script, in the handbook's language;
// a wrong password shows why, and the right one goes on to the page the person came
// from, never to another site.
func TestSignInForm(t *testing.T) {
	rs := newRecordsSite(t, Auth{})
	c := rs.browser(t)
	res, err := c.Get(rs.URL + signInPath + "?next=/laug/oryggi.html")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(res.Body)
	res.Body.Close()
	for _, want := range []string{`<html lang="is"`, "Innskráning", `name="next" value="/laug/oryggi.html"`, `autocomplete="current-password"`} {
		if !strings.Contains(string(page), want) {
			t.Errorf("the sign-in page lacks %s", want)
		}
	}
	if cc := res.Header.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("sign-in page Cache-Control %q", cc)
	}
	post := func(email, password, next string) *http.Response {
		body := "email=" + email + "&password=" + strings.ReplaceAll(password, " ", "+") + "&next=" + next
		req, _ := http.NewRequest("POST", rs.URL+signInPath, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", rs.URL)
		res, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	res = post("anna@dalvikurbyggd.is", "wrong one", "/laug/oryggi.html")
	page, _ = io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusUnauthorized || !strings.Contains(string(page), `role="alert">Netfangið eða lykilorðið er rangt.`) ||
		!strings.Contains(string(page), `value="anna@dalvikurbyggd.is"`) {
		t.Errorf("wrong password: %d\n%s", res.StatusCode, page)
	}
	for next, want := range map[string]string{"/laug/oryggi.html": "/laug/oryggi.html", "//evil.example/": "/", "https://evil.example/": "/", "/%5Cevil.example": "/"} {
		res = post("anna@dalvikurbyggd.is", testPassword, next)
		res.Body.Close()
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != want {
			t.Errorf("next %q: %d to %q, want 303 to %q", next, res.StatusCode, res.Header.Get("Location"), want)
		}
	}
}

// TestMeAndChanges: /api/me says where the person stands with each policy they must
// know, and after a new version, /api/policies/{id}/changes shows word by word what
// changed since the text they acknowledged.
func TestMeAndChanges(t *testing.T) { onEachStore(t, testMeAndChanges) }

func testMeAndChanges(t *testing.T, open storeOpener) {
	rs := newRecordsSiteOn(t, open, Auth{})
	ctx := t.Context()
	keep := func(version int, revision, text string) {
		if _, err := rs.store.KeepRevision(ctx, store.Revision{Policy: "thjonustustefna", Version: version, Revision: revision,
			Title: "Þjónustustefna", Text: text}); err != nil {
			t.Fatal(err)
		}
	}
	keep(1, "r1", "Við tökum vel á móti öllum.\nSvarað er innan viku.")
	c := rs.browser(t)
	rs.signIn(t, c, "anna@dalvikurbyggd.is")
	states := func() map[string]map[string]any {
		code, me := rs.call(t, c, "GET", "/api/me", "")
		if code != http.StatusOK {
			t.Fatalf("/api/me: %d %v", code, me)
		}
		out := map[string]map[string]any{}
		for _, p := range me["policies"].([]any) {
			p := p.(map[string]any)
			out[p["id"].(string)] = p
		}
		return out
	}
	got := states()
	if len(got) != 2 || got["thjonustustefna"]["state"] != "never" || got["laug-oryggi"]["state"] != "never" {
		t.Errorf("before acknowledging: %v, want the org-wide policy and the pool's, never acknowledged", got)
	}
	if code, _ := rs.call(t, c, "GET", "/api/policies/thjonustustefna/changes", ""); code != http.StatusNotFound {
		t.Errorf("changes of a policy never acknowledged: %d, want 404", code)
	}
	if code, _ := rs.call(t, c, "POST", "/api/acks", `{"policy":"thjonustustefna","version":1}`); code != http.StatusCreated {
		t.Fatalf("acknowledging: %d", code)
	}
	if got := states(); got["thjonustustefna"]["state"] != "current" || got["thjonustustefna"]["acked_version"] != 1.0 {
		t.Errorf("after acknowledging: %v", got["thjonustustefna"])
	}

	keep(2, "r1b", "Við tökum vel á móti öllum.\nSvarað er innan þriggja daga.")
	m := *rs.srv.live().m
	m.Policies = append([]manifest.Policy(nil), m.Policies...)
	m.Policies[0].Version, m.Policies[0].Revision = 2, "r1b"
	rs.srv.SetManifest(&m)
	if got := states(); got["thjonustustefna"]["state"] != "older" || got["thjonustustefna"]["acked_version"] != 1.0 || got["thjonustustefna"]["version"] != 2.0 {
		t.Errorf("after version 2: %v", got["thjonustustefna"])
	}
	if code, out := rs.call(t, c, "GET", "/api/policies/laug-oryggi/sundlaug/changes", ""); code != http.StatusNotFound || out["error"] == nil {
		t.Errorf("changes of a policy that is not there: %d %v, want a JSON 404", code, out)
	}
	if code, out := rs.call(t, c, "GET", "/api/nothing-here", ""); code != http.StatusNotFound || out["error"] == nil {
		t.Errorf("an API request that is not there: %d %v, want a JSON 404", code, out)
	}
	code, ch := rs.call(t, c, "GET", "/api/policies/thjonustustefna/changes", "")
	html, _ := ch["html"].(string)
	if code != http.StatusOK || ch["from_version"] != 1.0 || ch["to_version"] != 2.0 || ch["changed"] != true ||
		!strings.Contains(html, "<del>") || !strings.Contains(html, "viku") || !strings.Contains(html, "<ins>") || !strings.Contains(html, "þriggja daga") ||
		!strings.Contains(html, "Bætt við") {
		t.Errorf("changes: %d %v", code, ch)
	}
}

// TestRecordsCookie: pages of a server that keeps the records carry the cookie the
// records script looks for; a server without records gives none, so the script asks
// nothing there.
func TestRecordsCookie(t *testing.T) {
	rs := newRecordsSite(t, Auth{})
	for path, want := range map[string]bool{"/": true, "/index.html": true, "/handbok.json": false, signInPath: true} {
		res, err := http.Get(rs.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if got := strings.Contains(res.Header.Get("Set-Cookie"), recordsCookie+"=1"); got != want {
			t.Errorf("%s with records: cookie %v, want %v", path, got, want)
		}
	}
	plain := httptest.NewServer((&Server{Dir: t.TempDir(), Log: slog.New(slog.DiscardHandler)}).Handler())
	defer plain.Close()
	res, err := http.Get(plain.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.Header.Get("Set-Cookie") != "" {
		t.Errorf("a server without records sets %q", res.Header.Get("Set-Cookie"))
	}
}

// TestSingleSignOnPage: behind the proxy, the sign-in page sends a person in the records
// on, and tells anyone else, in the handbook's language, whom to ask.
func TestSingleSignOnPage(t *testing.T) {
	loopback := []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}
	rs := newRecordsSite(t, Auth{Header: "X-Remote-User", TrustedProxies: loopback, Contact: "Mannauðsdeild (mannaudur@dalvikurbyggd.is)"})
	c := rs.browser(t)
	get := func(user string) (*http.Response, string) {
		req, _ := http.NewRequest("GET", rs.URL+signInPath+"?next=/laug/", nil)
		req.Header.Set("X-Remote-User", user)
		res, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		body, _ := io.ReadAll(res.Body)
		return res, string(body)
	}
	if res, _ := get("anna@dalvikurbyggd.is"); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/laug/" {
		t.Errorf("someone in the records: %d to %q, want 303 to /laug/", res.StatusCode, res.Header.Get("Location"))
	}
	res, page := get("okunnug@dalvikurbyggd.is")
	if want := "Netfangið okunnug@dalvikurbyggd.is er ekki á skrá í handbókinni. Hafðu samband við Mannauðsdeild (mannaudur@dalvikurbyggd.is)"; res.StatusCode != http.StatusForbidden || !strings.Contains(page, want) || strings.Contains(page, `type="password"`) {
		t.Errorf("someone not in the records: %d\n%s\nwant 403 saying %q, without a password form", res.StatusCode, page, want)
	}
}

// TestChangesOfPolicyInFolder: a policy whose id has a slash (a workplace's, in its
// folder) has its changes at its id as written, and escaped, as the page's script sends
// it.
func TestChangesOfPolicyInFolder(t *testing.T) {
	rs := newRecordsSite(t, Auth{})
	ctx := t.Context()
	publish := func(version int, revision, text string) {
		if _, err := rs.store.KeepRevision(ctx, store.Revision{Policy: "sundlaug/reglur", Version: version, Revision: revision, Title: "Reglur", Text: text}); err != nil {
			t.Fatal(err)
		}
		m := *rs.srv.live().m
		m.Policies = append(append([]manifest.Policy(nil), m.Policies...), manifest.Policy{ID: "sundlaug/reglur", Title: "Reglur",
			Workplace: "sundlaug", Version: version, Revision: revision, Acknowledge: true})
		rs.srv.SetManifest(&m)
	}
	publish(1, "a", "Sturta fyrir sund.")
	c := rs.browser(t)
	rs.signIn(t, c, "anna@dalvikurbyggd.is")
	if code, _ := rs.call(t, c, "POST", "/api/acks", `{"policy":"sundlaug/reglur","version":1}`); code != http.StatusCreated {
		t.Fatalf("acknowledging: %d", code)
	}
	publish(2, "b", "Sturta án sundfata fyrir sund.")
	for _, path := range []string{"/api/policies/sundlaug/reglur/changes", "/api/policies/sundlaug%2Freglur/changes"} {
		code, ch := rs.call(t, c, "GET", path, "")
		if html, _ := ch["html"].(string); code != http.StatusOK || !strings.Contains(html, "án sundfata") {
			t.Errorf("%s: %d %v", path, code, ch)
		}
	}
}

// TestFirstAdminOnce: the one-time link makes one administrator; used again, or once
// an administrator was made some other way, it says it no longer works.
func TestFirstAdminOnce(t *testing.T) {
	rs := newRecordsSite(t, Auth{}) // its records have an administrator already
	fa, token := NewFirstAdmin(rs.clock.Load().Add(time.Hour))
	rs.srv.FirstAdmin = fa
	post := func(email string) (int, string) {
		form := url.Values{"token": {token}, "name": {"Ný"}, "email": {email}, "password": {testPassword}}
		req, _ := http.NewRequest("POST", rs.URL+firstAdminPath, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		res, err := rs.browser(t).Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		body, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(body)
	}
	if code, page := post("ny@dalvikurbyggd.is"); code != http.StatusNotFound || !strings.Contains(page, "virkar ekki lengur") {
		t.Errorf("the link with an administrator there already: %d\n%s", code, page)
	}
	if _, err := rs.store.Person(t.Context(), "ny@dalvikurbyggd.is"); err == nil {
		t.Error("the link made a second administrator")
	}
}
