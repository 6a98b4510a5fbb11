package server

import (
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
)

// TestOriginEveryRoute goes through every route the server has, read from its route
// table, so that a route added later is checked without being named here: every
// request that can change something (a route for a method other than GET, or for any
// method) is refused with 403 when it comes from another site's page, however the
// browser says so, even with the session cookie of an administrator; nothing of the
// records changes and the session is not ended. The same request from the site's own
// page is not refused.
func TestOriginEveryRoute(t *testing.T) { t.Parallel(); onEachStore(t, testOriginEveryRoute) }

func testOriginEveryRoute(t *testing.T, open storeOpener) {
	rs := newRecordsSiteOn(t, open, Auth{})
	rs.srv.Search = &searcher{}
	rs.srv.Reload = NewReload() // its routes too
	h, patterns := rs.srv.routes()
	rs.Server.Close()
	rs.Server = httptest.NewServer(h)
	t.Cleanup(rs.Close)
	for _, want := range []string{"POST /api/acks", "DELETE /api/session", "PUT /api/checklists/{rest...}", "POST " + signInPath, "/"} {
		if !slices.Contains(patterns, want) {
			t.Fatalf("the route table lacks %q: %q", want, patterns)
		}
	}
	admin := rs.browser(t)
	rs.signIn(t, admin, "admin@dalvikurbyggd.is")
	head, err := rs.store.AuditHead(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	crossSite := [][]string{
		{"Origin", "https://evil.example"},
		{"Origin", "null"},
		{"Origin", "http://" + strings.TrimPrefix(rs.URL, "http://") + ".evil.example"},
		{"Sec-Fetch-Site", "cross-site"},
		{"Sec-Fetch-Site", "same-site"},
		{"Origin", rs.URL, "Sec-Fetch-Site", "cross-site"},
	}
	checked := 0
	for _, pattern := range patterns {
		method, target := routeRequest(pattern)
		methods := []string{method}
		switch method {
		case "GET", "HEAD", "OPTIONS":
			continue // cannot change anything
		case "":
			methods = []string{"POST", "PUT", "PATCH", "DELETE"}
		}
		for _, m := range methods {
			checked++
			for _, header := range crossSite {
				code, body := originRequest(t, admin, m, rs.URL+target, header...)
				if code != http.StatusForbidden || !strings.Contains(body, "another site") && !strings.Contains(body, "annars vefs") {
					t.Errorf("%s %s (route %q) with %q: %d, want 403 saying it comes from another site\n%.300s", m, target, pattern, header, code, body)
				}
			}
			// Not signed in, from the site's own page: whatever the route answers, it
			// is not the refusal.
			if code, body := originRequest(t, rs.browser(t), m, rs.URL+target, "Origin", rs.URL, "Sec-Fetch-Site", "same-origin"); code == http.StatusForbidden &&
				(strings.Contains(body, "another site") || strings.Contains(body, "annars vefs")) {
				t.Errorf("%s %s from the site's own page is refused as from another site", m, target)
			}
		}
	}
	if checked < 15 {
		t.Errorf("only %d state-changing routes were checked: %q", checked, patterns)
	}
	if now, err := rs.store.AuditHead(t.Context()); err != nil || now != head {
		t.Errorf("the records changed under refused requests: head %v, was %v (%v)", now, head, err)
	}
	if code, _ := rs.call(t, admin, "GET", "/api/me", ""); code != http.StatusOK {
		t.Errorf("the administrator's session after refused requests: %d, want 200 (not signed out)", code)
	}
}

// routeRequest returns the method of a ServeMux pattern ("" for any) and a path that
// the pattern matches, with sample values for its wildcards: workplaces, people and
// policies the test site has.
func routeRequest(pattern string) (method, target string) {
	method, target, ok := strings.Cut(pattern, " ")
	if !ok {
		method, target = "", pattern
	}
	for wildcard, value := range map[string]string{"{slug}": "sundlaug", "{email}": "anna@dalvikurbyggd.is", "{id}": "1",
		"{rest...}": "thjonustustefna/items/a"} {
		target = strings.ReplaceAll(target, wildcard, value)
	}
	if strings.Contains(target, "{") {
		panic("routeRequest has no sample value for a wildcard of " + pattern + ": add one")
	}
	if strings.HasSuffix(target, "/") {
		target += "x" // a pattern ending in / matches the paths under it
	}
	return method, target
}

// originRequest sends a request with a body that would be read, as c, with the headers
// given, and returns the status and the body of the answer.
func originRequest(t *testing.T, c *http.Client, method, url string, header ...string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(`{"policy":"thjonustustefna","version":1}`))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(body)
}
