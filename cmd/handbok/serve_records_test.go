package main

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
)

// syncBuffer is what serve prints, read while it runs.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// client is a browser's cookies, and no redirects followed.
func client(t *testing.T) *http.Client {
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// apiCall sends a JSON request and returns the status and the answer decoded.
func apiCall(t *testing.T, c *http.Client, method, url, body string) (int, map[string]any) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var out map[string]any
	data, _ := io.ReadAll(res.Body)
	json.Unmarshal(data, &out)
	return res.StatusCode, out
}

// policyState returns where the person signed in on c stands with a policy.
func policyState(t *testing.T, c *http.Client, base, id string) map[string]any {
	t.Helper()
	code, me := apiCall(t, c, "GET", base+"/api/me", "")
	if code != http.StatusOK {
		t.Fatalf("/api/me: %d %v", code, me)
	}
	for _, p := range me["policies"].([]any) {
		if p := p.(map[string]any); p["id"] == id {
			return p
		}
	}
	t.Fatalf("/api/me has no policy %s: %v", id, me)
	return nil
}

// TestServeRecords is the records as a new user meets them: serve prints a one-time link
// that makes the first administrator; they acknowledge a policy; a new version, saved
// while serving, asks them again and shows what changed; and the link works only once.
func TestServeRecords(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "handbok.yaml", "title: Prófun\n")
	write(t, dir, "content/_index.md", "# Prófun\n")
	write(t, dir, "content/stefna.md", "---\ntitle: Stefna\nkind: policy\nacknowledge: true\n---\nVið svörum innan viku.\n")
	out := &syncBuffer{}
	base := startServeTo(t, dir, out)
	link := regexp.MustCompile(`http://\S+/_handbok/first-admin\?token=\S+`).FindString(out.String())
	if link == "" {
		t.Fatalf("serve printed no first-admin link:\n%s", out)
	}
	if _, err := os.Stat(filepath.Join(dir, ".handbok", "handbok.db")); err != nil {
		t.Errorf("the records were not made on first start: %v", err)
	}
	c := client(t)
	form := url.Values{"token": {strings.SplitN(link, "token=", 2)[1]}, "name": {"Guðrún"}, "email": {"gudrun@dalvik.is"}, "password": {"langt og gott lykilorð"}}
	req, _ := http.NewRequest("POST", base+"/_handbok/first-admin", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", base)
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("making the first administrator: %d", res.StatusCode)
	}
	if page := body(t, link); !strings.Contains(page, "Þessi tengill virkar ekki lengur") || strings.Contains(page, `name="password"`) {
		t.Errorf("the link a second time does not say it no longer works, or still has the form:\n%s", page)
	}

	if st := policyState(t, c, base, "stefna"); st["state"] != "never" {
		t.Errorf("before acknowledging: %v", st)
	}
	if code, ack := apiCall(t, c, "POST", base+"/api/acks", `{"policy":"stefna","version":1}`); code != http.StatusCreated {
		t.Fatalf("acknowledging: %d %v", code, ack)
	}
	next := events(t, base)
	write(t, dir, "content/stefna.md", "---\ntitle: Stefna\nkind: policy\nacknowledge: true\nversion: 2\n---\nVið svörum innan þriggja daga.\n")
	if name, _ := next(); name != "reload" {
		t.Fatalf("after the new version: event %q", name)
	}
	if st := policyState(t, c, base, "stefna"); st["state"] != "older" || st["acked_version"] != 1.0 || st["version"] != 2.0 {
		t.Errorf("after version 2: %v", st)
	}
	code, ch := apiCall(t, c, "GET", base+"/api/policies/stefna/changes", "")
	if html, _ := ch["html"].(string); code != http.StatusOK || !strings.Contains(html, "þriggja daga") || !strings.Contains(html, "<del>") {
		t.Errorf("what changed: %d %v", code, ch)
	}
	if code, _ := apiCall(t, c, "POST", base+"/api/acks", `{"policy":"stefna","version":1}`); code != http.StatusConflict {
		t.Errorf("acknowledging the old version: %d, want 409", code)
	}
	if code, _ := apiCall(t, c, "POST", base+"/api/acks", `{"policy":"stefna","version":2}`); code != http.StatusCreated {
		t.Errorf("acknowledging version 2: %d", code)
	}
	if st := policyState(t, c, base, "stefna"); st["state"] != "current" {
		t.Errorf("after acknowledging version 2: %v", st)
	}
}

// TestServeDemo: serve --demo makes its made-up people, apart from the real records,
// says who they are and how to sign in, and they can.
func TestServeDemo(t *testing.T) {
	dir := copyExample(t)
	out := &syncBuffer{}
	base := startServeTo(t, dir, out, "--demo")
	if !strings.Contains(out.String(), "Sign in with the password "+demoPassword) || !strings.Contains(out.String(), "anna@dalvik.example") {
		t.Errorf("serve --demo does not say how to sign in:\n%s", out)
	}
	if strings.Contains(out.String(), "first-admin") {
		t.Errorf("the demo has an administrator, yet a first-admin link was printed:\n%s", out)
	}
	if _, err := os.Stat(filepath.Join(dir, ".handbok", "handbok.db")); err == nil {
		t.Error("the demo wrote to the real records' file")
	}
	c := client(t)
	if code, me := apiCall(t, c, "POST", base+"/api/session", `{"email":"anna@dalvik.example","password":"`+demoPassword+`"}`); code != http.StatusOK || me["name"] != "Anna Jónsdóttir" {
		t.Fatalf("signing in as a demo person: %d %v", code, me)
	}
	if st := policyState(t, c, base, "thjonustustefna"); st["state"] != "never" {
		t.Errorf("a demo person's policy: %v", st)
	}
	bjorn := client(t)
	apiCall(t, bjorn, "POST", base+"/api/session", `{"email":"bjorn@dalvik.example","password":"`+demoPassword+`"}`)
	code, pool := apiCall(t, bjorn, "GET", base+"/api/workplaces/sundlaug/acks", "")
	if p, _ := pool["policies"].([]any); code != http.StatusOK || len(p) == 0 || p[0].(map[string]any)["current"] == 0.0 {
		t.Errorf("the demo supervisor's view has no acknowledgments in it: %d %v", code, pool["policies"])
	}
	// The pool has a new hire who started a week ago, with items ticked, and one to
	// start next week, whatever day the demo is tried.
	code, hires := apiCall(t, bjorn, "GET", base+"/api/workplaces/sundlaug/onboarding", "")
	var names []string
	for _, h := range hires["hires"].([]any) {
		h := h.(map[string]any)
		names = append(names, h["person"].(map[string]any)["name"].(string))
		if o := h["onboarding"].(map[string]any); o["done"] == 0.0 {
			t.Errorf("the demo's %s has nothing done: %v", names[len(names)-1], o)
		}
	}
	if code != http.StatusOK || !slices.Equal(names, []string{"Anna Jónsdóttir", "Kári Pálsson"}) {
		t.Errorf("the demo pool's new hires: %d %q, want Anna (behind) and Kári (starting soon)", code, names)
	}
	// The demo's ticks are dated as if made when due: the keys on Anna's first day.
	code, annas := apiCall(t, bjorn, "GET", base+"/api/people/anna@dalvik.example/onboarding", "")
	o, _ := annas["onboarding"].(map[string]any)
	var keys any
	for _, c := range o["checklists"].([]any) {
		for _, it := range c.(map[string]any)["items"].([]any) {
			if it := it.(map[string]any); it["id"] == "lyklar" {
				keys = it["at"]
			}
		}
	}
	if at, _ := keys.(string); code != http.StatusOK || !strings.HasPrefix(at, o["start"].(string)+"T10:00:00") {
		t.Errorf("Anna's keys were handed over at %v, want at ten on her first day, %v", keys, o["start"])
	}
	// The pool's supervisor has the demo's two suggestions to handle, one still open.
	code, sgs := apiCall(t, bjorn, "GET", base+"/api/suggestions", "")
	var statuses []string
	for _, s := range sgs["handling"].([]any) {
		statuses = append(statuses, s.(map[string]any)["status"].(string))
	}
	if code != http.StatusOK || !slices.Equal(statuses, []string{"open", "answered"}) {
		t.Errorf("the demo supervisor's suggestions: %d %v, want one open and one answered", code, statuses)
	}
	var stderr strings.Builder
	if code := run(t.Context(), []string{"serve", "--source", dir, "--demo", "--db", "sqlite:x.db"}, io.Discard, &stderr); code == 0 || !strings.Contains(stderr.String(), "leave out --db") {
		t.Errorf("--demo with --db: exit %d, %s", code, stderr.String())
	}
}

// TestServeSaysAuthNeedsRestart: a change to auth: while serving is said, once, since it
// takes effect only when serve starts again.
func TestServeSaysAuthNeedsRestart(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "handbok.yaml", "title: Prófun\n")
	write(t, dir, "content/_index.md", "# Prófun\n")
	out := &syncBuffer{}
	base := startServeTo(t, dir, out)
	next := events(t, base)
	const said = "auth: changed; restart serve"
	for _, cfg := range []string{"title: Prófun 2\n", "title: Prófun 2\nauth: {header: X-Remote-User, trusted_proxies: [127.0.0.1]}\n", "title: Prófun 3\nauth: {header: X-Remote-User, trusted_proxies: [127.0.0.1]}\n"} {
		write(t, dir, "handbok.yaml", cfg)
		if name, _ := next(); name != "reload" {
			t.Fatalf("after %q: event %q", cfg, name)
		}
		if n, want := strings.Count(out.String(), said), strings.Count(cfg, "auth:"); n != want {
			t.Errorf("after %q: said %d times that auth: needs a restart, want %d:\n%s", cfg, n, want, out)
		}
	}
}
