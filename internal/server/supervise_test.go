package server

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/handbok/handbok/internal/people"
	"github.com/handbok/handbok/internal/store"
)

// addStaff adds people to the records site, each with the test password: Dóra, who
// supervises the kindergarten, and Eva, at the pool since January, whose policies are
// long overdue.
func addStaff(t *testing.T, rs *recordsSite) {
	t.Helper()
	ctx := t.Context()
	staff := []people.Person{
		{Email: "dora@dalvikurbyggd.is", Name: "Dóra Leifsdóttir", Role: people.Supervisor, Workplaces: []string{"leikskoli"}},
		{Email: "eva@dalvikurbyggd.is", Name: "Eva Sigurðardóttir", Role: people.Employee, Workplaces: []string{"sundlaug"},
			Start: time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)},
	}
	if err := rs.store.AddPeople(ctx, "test", staff); err != nil {
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
}

// get fetches path with c and returns the answer and its body.
func (rs *recordsSite) get(t *testing.T, c *http.Client, path string) (*http.Response, string) {
	t.Helper()
	res, err := c.Get(rs.URL + path)
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

// TestWorkplaceAccess: every route of a workplace, for every role and workplace. A
// supervisor sees only their own workplaces, an administrator all; an employee and
// the supervisor of another workplace get 403; a workplace the handbook does not have
// is 404; nobody signed in gets 401 from the API and is sent to sign in by the page.
func TestWorkplaceAccess(t *testing.T) { onEachStore(t, testWorkplaceAccess) }

func testWorkplaceAccess(t *testing.T, open storeOpener) {
	rs := newRecordsSiteOn(t, open, Auth{})
	addStaff(t, rs)
	clients := map[string]*http.Client{"nobody": rs.browser(t)}
	for _, who := range []string{"anna", "bjorn", "dora", "admin"} {
		clients[who] = rs.browser(t)
		rs.signIn(t, clients[who], who+"@dalvikurbyggd.is")
	}
	const (
		ok        = http.StatusOK
		forbidden = http.StatusForbidden
		missing   = http.StatusNotFound
		signIn    = -1 // 401 from the API, 303 to the sign-in page from the page
	)
	// The pool (sundlaug) is Björn's, the kindergarten (leikskoli) Dóra's.
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
	routes := []struct {
		path string
		api  bool
	}{
		{workplacePath + "%s", false},
		{"/api/workplaces/%s/acks", true},
		{"/api/workplaces/%s/acks.csv", true},
		{"/api/workplaces/%s/onboarding", true},
		{workplacePath + "%s/onboarding", false},
	}
	for _, tt := range tests {
		for _, route := range routes {
			for slug, want := range map[string]int{"sundlaug": tt.sundlaug, "leikskoli": tt.leikskoli, "engin": tt.engin} {
				path := fmt.Sprintf(route.path, slug)
				res, body := rs.get(t, clients[tt.who], path)
				switch {
				case want == signIn && route.api:
					want = http.StatusUnauthorized
				case want == signIn:
					want = http.StatusSeeOther
					if loc := res.Header.Get("Location"); loc != signInPath+"?next="+url.QueryEscape(path) {
						t.Errorf("%s, %s: to %q, want the sign-in page coming back here", tt.role, path, loc)
					}
				}
				if res.StatusCode != want {
					t.Errorf("%s, %s: %d, want %d", tt.role, path, res.StatusCode, want)
				}
				if route.api && res.StatusCode >= 400 && !strings.Contains(body, `"error":`) {
					t.Errorf("%s, %s: %d without a JSON error: %s", tt.role, path, res.StatusCode, body)
				}
				if res.StatusCode == forbidden && !route.api && !strings.Contains(body, "Aðeins yfirmenn vinnustaðarins") {
					t.Errorf("%s, %s: the 403 page does not say who may see it:\n%s", tt.role, path, body)
				}
				if res.StatusCode != ok && (strings.Contains(body, "anna@") || strings.Contains(body, "cecilia@")) {
					t.Errorf("%s, %s: %d shows someone's records:\n%s", tt.role, path, res.StatusCode, body)
				}
			}
		}
	}
}

// TestWorkplaceMatrix: the pool's matrix lists the people of the pool only, the overdue
// first; each cell says in words where the person stands, with the date; each policy's
// column says how many acknowledged its current version, in a bar and in numbers.
func TestWorkplaceMatrix(t *testing.T) { onEachStore(t, testWorkplaceMatrix) }

func testWorkplaceMatrix(t *testing.T, open storeOpener) {
	rs := newRecordsSiteOn(t, open, Auth{})
	addStaff(t, rs)
	anna, bjorn := rs.browser(t), rs.browser(t)
	rs.signIn(t, anna, "anna@dalvikurbyggd.is")
	rs.signIn(t, bjorn, "bjorn@dalvikurbyggd.is")
	for _, body := range []string{`{"policy":"thjonustustefna","version":1}`, `{"policy":"laug-oryggi","version":2}`} {
		if code, out := rs.call(t, anna, "POST", "/api/acks", body); code != http.StatusCreated {
			t.Fatalf("acknowledging %s: %d %v", body, code, out)
		}
	}

	code, out := rs.call(t, bjorn, "GET", "/api/workplaces/sundlaug/acks", "")
	if code != http.StatusOK {
		t.Fatalf("the pool's acks: %d %v", code, out)
	}
	var emails []string
	for _, p := range out["people"].([]any) {
		emails = append(emails, p.(map[string]any)["email"].(string))
	}
	// Eva is overdue and comes first; then by name. Cecilía and Dóra are elsewhere.
	if want := []string{"eva@dalvikurbyggd.is", "anna@dalvikurbyggd.is", "bjorn@dalvikurbyggd.is"}; !slices.Equal(emails, want) {
		t.Errorf("people %v, want %v", emails, want)
	}
	var cols []string
	for _, p := range out["policies"].([]any) {
		p := p.(map[string]any)
		cols = append(cols, fmt.Sprintf("%s %v/%v", p["id"], p["current"], p["people"]))
	}
	if want := []string{"thjonustustefna 1/3", "laug-oryggi 1/3"}; !slices.Equal(cols, want) {
		t.Errorf("policies %v, want %v", cols, want)
	}
	eva := out["people"].([]any)[0].(map[string]any)
	cell := eva["policies"].([]any)[0].(map[string]any)
	if eva["overdue"] != 2.0 || eva["overdue_since"] != "2026-01-19" || cell["state"] != "never" || cell["overdue"] != true || cell["due"] != "2026-01-19" {
		t.Errorf("Eva: %v", eva)
	}

	acked := ackedDay(t, rs, "anna@dalvikurbyggd.is")
	res, page := rs.get(t, bjorn, workplacePath+"sundlaug")
	if res.StatusCode != http.StatusOK || res.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("the pool's page: %d, Cache-Control %q", res.StatusCode, res.Header.Get("Cache-Control"))
	}
	for _, want := range []string{
		`<caption id="matrix-caption">Hver hefur staðfest hvaða stefnu á vinnustaðnum Sundlaug Dalvíkur</caption>`,
		`<th scope="col"><a href="/stefnur/thjonustustefna.html">Þjónustustefna</a>`,
		`<svg role="img" aria-label="1 af 3 hafa staðfest"`, `</svg> 1/3`,
		`<th scope="row">Eva Sigurðardóttir <span class="ack-email">eva@dalvikurbyggd.is</span></th><td><strong>2, frá 19. janúar 2026</strong></td>` +
			`<td class="ack-never ack-late">Ekki staðfest <strong>Fram yfir frest</strong></td>`,
		`<td class="ack-current">Staðfest ` + acked + `</td>`,
		`href="/api/workplaces/sundlaug/acks.csv"`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the pool's page lacks %s", want)
		}
	}
	if strings.Index(page, "Eva Sigurðardóttir") > strings.Index(page, "Anna Jónsdóttir") {
		t.Error("the overdue person is not first on the page")
	}
	for _, other := range []string{"Cecilía", "Dóra", "Reglur leikskólans", "Upplýsingar"} {
		if strings.Contains(page, other) {
			t.Errorf("the pool's page shows %s, of another workplace or nothing to acknowledge", other)
		}
	}
}

// TestWorkplaceOlderVersion: after a new version, a person who acknowledged the old one
// is shown with it, and no longer counted as done.
func TestWorkplaceOlderVersion(t *testing.T) {
	rs := newRecordsSite(t, Auth{})
	anna, admin := rs.browser(t), rs.browser(t)
	rs.signIn(t, anna, "anna@dalvikurbyggd.is")
	rs.signIn(t, admin, "admin@dalvikurbyggd.is")
	if code, _ := rs.call(t, anna, "POST", "/api/acks", `{"policy":"thjonustustefna","version":1}`); code != http.StatusCreated {
		t.Fatal("acknowledging failed")
	}
	bumpVersion(rs, "thjonustustefna")
	_, page := rs.get(t, admin, workplacePath+"sundlaug")
	if want := `<td class="ack-older">Eldri útg. 1 ` + ackedDay(t, rs, "anna@dalvikurbyggd.is") + `</td>`; !strings.Contains(page, want) {
		t.Errorf("the page lacks %s", want)
	}
	if !strings.Contains(page, `aria-label="0 af 2 hafa staðfest"`) {
		t.Error("the older version is counted as done")
	}
}

// ackedDay is the day of a person's first acknowledgment as a cell shows it: the store
// keeps its own time, not the site's clock.
func ackedDay(t *testing.T, rs *recordsSite, email string) string {
	t.Helper()
	acks, err := rs.store.AcksOf(t.Context(), email)
	if err != nil || len(acks) == 0 {
		t.Fatalf("%s's acknowledgments: %v %v", email, acks, err)
	}
	y, m, d := acks[0].At.UTC().Date()
	return fmt.Sprintf("%d.%d.%d", d, m, y)
}

// bumpVersion makes the next version of a policy the live one.
func bumpVersion(rs *recordsSite, id string) {
	m := *rs.srv.live().m
	m.Policies = slices.Clone(m.Policies)
	for i := range m.Policies {
		if m.Policies[i].ID == id {
			m.Policies[i].Version++
			m.Policies[i].Revision += "b"
		}
	}
	rs.srv.SetManifest(&m)
}

// TestWorkplaceCSV: the download is UTF-8 with a BOM, named after the workplace and the
// day, kept by nobody but the person who downloads it.
func TestWorkplaceCSV(t *testing.T) {
	rs := newRecordsSite(t, Auth{})
	bjorn := rs.browser(t)
	rs.signIn(t, bjorn, "bjorn@dalvikurbyggd.is")
	res, body := rs.get(t, bjorn, "/api/workplaces/sundlaug/acks.csv")
	h := res.Header
	if res.StatusCode != http.StatusOK || h.Get("Content-Type") != "text/csv; charset=utf-8" || h.Get("Cache-Control") != "no-store" ||
		h.Get("Content-Disposition") != `attachment; filename=acks-sundlaug-2026-12-03.csv` {
		t.Errorf("%d %v", res.StatusCode, h)
	}
	if !strings.HasPrefix(body, "\ufeff") {
		t.Fatal("no BOM")
	}
	records, err := csv.NewReader(strings.NewReader(body[len("\ufeff"):])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(records) != 1+2*2 || records[1][0] != "anna@dalvikurbyggd.is" || records[1][1] != "Anna Jónsdóttir" {
		t.Errorf("records %q, want a header and the pool's two people by its two policies", records)
	}
}

// TestWorkplacePageGzip: a browser that takes gzip gets the page gzipped, the same page.
func TestWorkplacePageGzip(t *testing.T) {
	rs := newRecordsSite(t, Auth{})
	admin := rs.browser(t)
	rs.signIn(t, admin, "admin@dalvikurbyggd.is")
	_, plain := rs.get(t, admin, workplacePath+"sundlaug")
	req, _ := http.NewRequest("GET", rs.URL+workplacePath+"sundlaug", nil)
	req.Header.Set("Accept-Encoding", "gzip")
	res, err := admin.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.Header.Get("Content-Encoding") != "gzip" || !strings.Contains(res.Header.Get("Vary"), "Accept-Encoding") {
		t.Fatalf("Content-Encoding %q, Vary %q", res.Header.Get("Content-Encoding"), res.Header.Get("Vary"))
	}
	zr, err := gzip.NewReader(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	unzipped, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(unzipped, []byte(plain)) {
		t.Error("the gzipped page differs from the plain one")
	}
}

// TestWorkplaceAcksJSONShape: the API's answer has a row per person and a cell per
// policy in the order of the policies.
func TestWorkplaceAcksJSONShape(t *testing.T) {
	rs := newRecordsSite(t, Auth{})
	admin := rs.browser(t)
	rs.signIn(t, admin, "admin@dalvikurbyggd.is")
	res, body := rs.get(t, admin, "/api/workplaces/leikskoli/acks")
	var out workplaceAcksJSON
	if err := json.Unmarshal([]byte(body), &out); err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("%d %v: %s", res.StatusCode, err, body)
	}
	if out.Workplace != "leikskoli" || out.Title != "Krílakot" || len(out.Policies) != 2 || len(out.People) != 1 {
		t.Fatalf("%+v", out)
	}
	for i, c := range out.People[0].Policies {
		if c.Policy != out.Policies[i].ID || c.State != "never" {
			t.Errorf("cell %d: %+v, of policy %s", i, c, out.Policies[i].ID)
		}
	}
}

// TestWorkplacePaging: a large workplace's table comes a hundred people a page, the
// overdue first, with links to the pages before and after; a page that is not there
// gives the first. The numbers above the table count everyone.
func TestWorkplacePaging(t *testing.T) {
	rs := newRecordsSite(t, Auth{})
	var staff []people.Person
	for i := range 228 {
		p := people.Person{Email: fmt.Sprintf("p%03d@dalvikurbyggd.is", i), Name: fmt.Sprintf("Starfsmaður %03d", i), Role: people.Employee, Workplaces: []string{"sundlaug"}}
		p.Start = time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC) // not yet due
		if i%2 == 1 {
			p.Start = time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC) // overdue
		}
		staff = append(staff, p)
	}
	if err := rs.store.AddPeople(t.Context(), "test", staff); err != nil {
		t.Fatal(err)
	}
	admin := rs.browser(t)
	rs.signIn(t, admin, "admin@dalvikurbyggd.is")
	tests := []struct {
		query       string
		rows        int
		first, last string
		prev, next  string
	}{
		{"", 100, "Starfsmaður 001", "Starfsmaður 199", "", "?page=2"},
		// The last 14 overdue, then by name: Anna, Björn, the even numbers.
		{"?page=2", 100, "Starfsmaður 201", "Starfsmaður 166", "?page=1", "?page=3"},
		{"?page=3", 30, "Starfsmaður 168", "Starfsmaður 226", "?page=2", ""},
		{"?page=4", 100, "Starfsmaður 001", "Starfsmaður 199", "", "?page=2"},
		{"?page=x", 100, "Starfsmaður 001", "Starfsmaður 199", "", "?page=2"},
	}
	for _, tt := range tests {
		res, page := rs.get(t, admin, workplacePath+"sundlaug"+tt.query)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d", tt.query, res.StatusCode)
		}
		rows := strings.Split(page, `<tr><th scope="row">`)[1:]
		if len(rows) != tt.rows || !strings.HasPrefix(rows[0], tt.first+" ") || !strings.HasPrefix(rows[len(rows)-1], tt.last+" ") {
			t.Errorf("%s: %d rows from %.20q to %.20q, want %d from %s to %s", tt.query, len(rows), rows[0], rows[len(rows)-1], tt.rows, tt.first, tt.last)
		}
		for rel, want := range map[string]string{"prev": tt.prev, "next": tt.next} {
			link := `<a href="` + workplacePath + "sundlaug" + want + `" rel="` + rel + `">`
			if strings.Contains(page, `rel="`+rel+`"`) != (want != "") || want != "" && !strings.Contains(page, link) {
				t.Errorf("%s: want %s link %q", tt.query, rel, want)
			}
		}
		if !strings.Contains(page, "Starfsfólk: 230. Með stefnu komna fram yfir frest: 114;") {
			t.Errorf("%s: the numbers above the table do not count everyone", tt.query)
		}
	}
}

// countingRecords counts the reads of a workplace's acknowledgments.
type countingRecords struct {
	Records
	reads atomic.Int32
}

func (c *countingRecords) AcksOfWorkplace(ctx context.Context, slug string) ([]store.Acknowledgment, error) {
	c.reads.Add(1)
	return c.Records.AcksOfWorkplace(ctx, slug)
}

// TestWorkplaceRecordsKept: opening a workplace again reads its records again only when
// something changed, and what changed shows at once.
func TestWorkplaceRecordsKept(t *testing.T) { onEachStore(t, testWorkplaceRecordsKept) }

func testWorkplaceRecordsKept(t *testing.T, open storeOpener) {
	counting := &countingRecords{}
	rs := newRecordsSiteOn(t, func(t testing.TB) store.Store {
		st := open(t)
		counting.Records = st
		return st
	}, Auth{})
	rs.srv.Records = counting
	rs.Server.Close()
	rs.Server = httptest.NewServer(rs.srv.Handler())
	t.Cleanup(rs.Close)
	anna, bjorn := rs.browser(t), rs.browser(t)
	rs.signIn(t, anna, "anna@dalvikurbyggd.is")
	rs.signIn(t, bjorn, "bjorn@dalvikurbyggd.is")
	current := func() any {
		code, out := rs.call(t, bjorn, "GET", "/api/workplaces/sundlaug/acks", "")
		if code != http.StatusOK {
			t.Fatalf("the pool's acks: %d %v", code, out)
		}
		return out["policies"].([]any)[0].(map[string]any)["current"]
	}
	if got := current(); got != 0.0 {
		t.Fatalf("before anyone acknowledged: %v current", got)
	}
	current()
	if n := counting.reads.Load(); n != 1 {
		t.Errorf("two looks at an unchanged workplace read its acknowledgments %d times, want once", n)
	}
	if code, _ := rs.call(t, anna, "POST", "/api/acks", `{"policy":"thjonustustefna","version":1}`); code != http.StatusCreated {
		t.Fatalf("acknowledging: %d", code)
	}
	if got := current(); got != 1.0 {
		t.Errorf("after Anna acknowledged: %v current, want 1", got)
	}
}
