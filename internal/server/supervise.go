package server

import (
	"compress/gzip"
	"errors"
	"fmt"
	"html"
	"html/template"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/handbok/handbok/internal/duty"
	"github.com/handbok/handbok/internal/manifest"
	"github.com/handbok/handbok/internal/onboarding"
	"github.com/handbok/handbok/internal/people"
)

// maySee reports whether v may see the people of workplace slug: an administrator every
// workplace, a supervisor their own, nobody else any.
func maySee(v *visitor, slug string) bool {
	switch v.Role {
	case people.Admin:
		return true
	case people.Supervisor:
		return slices.Contains(v.Workplaces, slug)
	}
	return false
}

// matrix returns the table of workplace slug at now, read from the store: its people
// by the policies they must acknowledge.
func (rc *records) matrix(r *http.Request, slug string) (duty.Table, error) {
	h := rc.s.live()
	ps, err := h.duties(r, rc.store)
	if err != nil {
		return duty.Table{}, err
	}
	staff, acks, err := rc.workplaces.read(r.Context(), rc.store, slug)
	if err != nil {
		return duty.Table{}, err
	}
	return duty.Matrix(staff, ps, acks, slug, onboarding.PolicyDays(h.m), rc.s.now()), nil
}

// workplaceAPI runs h for a workplace that the person signed in may see: 404 for a
// workplace the handbook does not have, 403 for one that is not theirs.
func (rc *records) workplaceAPI(h func(http.ResponseWriter, *http.Request, *manifest.Workplace)) http.HandlerFunc {
	return rc.api(func(w http.ResponseWriter, r *http.Request, v *visitor) {
		slug := r.PathValue("slug")
		place := rc.s.live().places[slug]
		switch {
		case place == nil:
			writeError(w, http.StatusNotFound, fmt.Sprintf("the handbook has no workplace %q", slug))
		case !maySee(v, slug):
			writeError(w, http.StatusForbidden, "only the supervisors of "+place.Title+" and administrators see its people")
		default:
			h(w, r, place)
		}
	})
}

// workplaceAcksJSON is the answer of GET /api/workplaces/{slug}/acks.
type workplaceAcksJSON struct {
	Workplace string         `json:"workplace"`
	Title     string         `json:"title"`
	Policies  []columnJSON   `json:"policies"`
	People    []matrixPerson `json:"people"`
}

// columnJSON is a policy of a workplace's table, with how many of its people
// acknowledged the current version.
type columnJSON struct {
	ID      string `json:"id"`
	Title   string `json:"title"`
	URL     string `json:"url"`
	Version int    `json:"version"`
	Current int    `json:"current"`
	People  int    `json:"people"`
}

// matrixPerson is one person of a workplace's table and where they stand with each of
// its policies, in the order of policies.
type matrixPerson struct {
	Email        string     `json:"email"`
	Name         string     `json:"name"`
	Overdue      int        `json:"overdue"`
	OverdueSince string     `json:"overdue_since,omitempty"` // YYYY-MM-DD
	Policies     []cellJSON `json:"policies"`
}

// cellJSON is where a person stands with one policy of the table.
type cellJSON struct {
	Policy  string     `json:"policy"`
	State   string     `json:"state"` // current, older or never
	Acked   int        `json:"acked_version,omitempty"`
	AckedAt *time.Time `json:"acked_at,omitempty"`
	Due     string     `json:"due,omitempty"` // YYYY-MM-DD
	Overdue bool       `json:"overdue"`
}

// serveWorkplaceAcks is GET /api/workplaces/{slug}/acks: where each person of the
// workplace stands with each policy, in the order of the supervisor's page.
func (rc *records) serveWorkplaceAcks(w http.ResponseWriter, r *http.Request, place *manifest.Workplace) {
	tbl, err := rc.matrix(r, place.Slug)
	if err != nil {
		rc.unavailable(w, "reading a workplace's acknowledgments", err)
		return
	}
	out := workplaceAcksJSON{Workplace: place.Slug, Title: place.Title, Policies: []columnJSON{}, People: []matrixPerson{}}
	for _, c := range tbl.Columns {
		out.Policies = append(out.Policies, columnJSON{ID: c.Policy.ID, Title: c.Policy.Title, URL: c.Policy.URL,
			Version: c.Policy.Version, Current: c.Current, People: c.People})
	}
	for _, row := range tbl.Rows {
		p := matrixPerson{Email: row.Person.Email, Name: row.Person.Name, Overdue: row.Overdue, Policies: make([]cellJSON, len(row.Statuses))}
		if !row.OverdueSince.IsZero() {
			p.OverdueSince = row.OverdueSince.Format(time.DateOnly)
		}
		for i, st := range row.Statuses {
			d := toDutyJSON(st)
			p.Policies[i] = cellJSON{Policy: d.ID, State: d.State, Acked: d.Acked, AckedAt: d.AckedAt, Due: d.Due, Overdue: d.Overdue}
		}
		out.People = append(out.People, p)
	}
	writeJSON(w, http.StatusOK, out)
}

// serveWorkplaceCSV is GET /api/workplaces/{slug}/acks.csv: the same as a download that
// Excel opens with Icelandic letters intact (see duty.Table.WriteCSV).
func (rc *records) serveWorkplaceCSV(w http.ResponseWriter, r *http.Request, place *manifest.Workplace) {
	tbl, err := rc.matrix(r, place.Slug)
	if err != nil {
		rc.unavailable(w, "reading a workplace's acknowledgments", err)
		return
	}
	name := "acks-" + place.Slug + "-" + rc.s.now().UTC().Format(time.DateOnly) + ".csv"
	h := w.Header()
	h.Set("Content-Type", "text/csv; charset=utf-8")
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	h.Set("Cache-Control", "no-store")
	if err := tbl.WriteCSV(w); err != nil {
		rc.s.Log.Warn("records: writing a workplace's CSV", "workplace", place.Slug, "err", err)
	}
}

// workplacePage is what the workplaceacks layout shows: a workplace's people by its
// policies.
type workplacePage struct {
	Slug, Title string
	// Problem is the UI text key of why there is no table: workplace_forbidden or
	// records_unavailable.
	Problem string
	CSV     string // the address of the CSV download
	// Onboarding is the address of the workplace's new hires' page.
	Onboarding string
	// PeoplePage is the address of the page of the workplace's people.
	PeoplePage string
	// Stale are the workplace's pages with suggestions open too long; Suggestions is
	// the page where they are answered.
	Stale       []stalePage
	Suggestions string
	StaleDays   int
	Columns     []pageColumn
	Rows        []pageRow // the people of this page of the table
	// People is how many people the whole table has, Overdue how many of them have a
	// policy overdue.
	People, Overdue int
	Paging          paging
}

// rowsPerPage is how many people a page of a workplace's table shows. The whole table
// of a large workplace is a hundred thousand cells, which takes a browser many seconds
// to lay out, and a phone longer; the overdue come first, and the CSV has everyone.
const rowsPerPage = 100

// paging is where a page of a workplace's table is among its pages.
type paging struct {
	Page, Pages int
	// First and Last number the people of this page, from 1.
	First, Last int
	// Prev and Next are the addresses of the pages before and after; "" for none.
	Prev, Next string
}

// pageOf returns the page that the query asks for (1 when it asks for none or one
// that is not there) of a table of n rows whose page addresses start with base.
func pageOf(query string, n int, base string) paging {
	p := paging{Page: 1, Pages: max(1, (n+rowsPerPage-1)/rowsPerPage)}
	if k, err := strconv.Atoi(query); err == nil && k >= 1 && k <= p.Pages {
		p.Page = k
	}
	p.First, p.Last = min(n, (p.Page-1)*rowsPerPage+1), min(n, p.Page*rowsPerPage)
	if p.Page > 1 {
		p.Prev = base + "?page=" + strconv.Itoa(p.Page-1)
	}
	if p.Page < p.Pages {
		p.Next = base + "?page=" + strconv.Itoa(p.Page+1)
	}
	return p
}

// pageColumn is a policy of the table as the page shows it.
type pageColumn struct {
	Title, URL               string
	Version, Current, People int
	// Bar is the width of the completion bar's filled part, of 100.
	Bar string
}

// pageRow is one person of the table. Cells are drawn here rather than in the layout,
// each different cell once (see cellDrawer): a page has thousands of them.
type pageRow struct {
	Name, Email  string
	Overdue      int
	OverdueSince time.Time
	Cells        template.HTML
}

// serveWorkplacePage is GET /_handbok/workplaces/{slug}: the supervisor's page of a
// workplace. Someone not signed in is sent to sign in first; a workplace the handbook
// does not have is not found; one the person may not see says so, with 403.
func (rc *records) serveWorkplacePage(w http.ResponseWriter, r *http.Request) {
	v, ok := rc.pageVisitor(w, r)
	if !ok {
		return
	}
	slug := r.PathValue("slug")
	place := rc.s.live().places[slug]
	if place == nil {
		rc.s.notFound(w, r, "")
		return
	}
	page := workplacePage{Slug: slug, Title: place.Title}
	if !maySee(v, slug) {
		page.Problem = "workplace_forbidden"
		rc.s.draw(w, http.StatusForbidden, "workplaceacks", "workplace_acks_title", page)
		return
	}
	tbl, err := rc.matrix(r, slug)
	if err != nil {
		rc.s.Log.Error("records: reading a workplace's acknowledgments", "err", err)
		page.Problem = "records_unavailable"
		rc.s.draw(w, http.StatusServiceUnavailable, "workplaceacks", "workplace_acks_title", page)
		return
	}
	rc.fillWorkplacePage(&page, tbl, r.URL.Query().Get("page"))
	if page.Stale, err = rc.staleOf(r, slug); err != nil {
		rc.s.Log.Error("records: reading a workplace's suggestions", "err", err)
	}
	page.Suggestions, page.StaleDays = rc.s.EscapedPrefix()+suggestPath, rc.s.live().staleDays()
	gw := gzipped(w, r)
	defer gw.Close()
	rc.s.draw(gw, http.StatusOK, "workplaceacks", "workplace_acks_title", page)
}

// fillWorkplacePage puts on page its columns and the rows of tbl on the page of the
// table that pageQuery asks for.
func (rc *records) fillWorkplacePage(page *workplacePage, tbl duty.Table, pageQuery string) {
	root := rc.s.EscapedPrefix()
	page.CSV = root + "/api/workplaces/" + url.PathEscape(page.Slug) + "/acks.csv"
	page.Onboarding = root + workplacePath + url.PathEscape(page.Slug) + "/onboarding"
	page.PeoplePage = root + peoplePath(page.Slug)
	for _, c := range tbl.Columns {
		bar := 0.0
		if c.People > 0 {
			bar = 100 * float64(c.Current) / float64(c.People)
		}
		page.Columns = append(page.Columns, pageColumn{Title: c.Policy.Title, URL: root + "/" + c.Policy.URL,
			Version: c.Policy.Version, Current: c.Current, People: c.People, Bar: strconv.FormatFloat(bar, 'f', 1, 64)})
	}
	page.People = len(tbl.Rows)
	for _, row := range tbl.Rows {
		if row.Overdue > 0 {
			page.Overdue++
		}
	}
	page.Paging = pageOf(pageQuery, len(tbl.Rows), root+workplacePath+url.PathEscape(page.Slug))
	if len(tbl.Rows) == 0 {
		return
	}
	rows := tbl.Rows[page.Paging.First-1 : page.Paging.Last]
	cells := newCellDrawer(rc.s.recordsText)
	// One buffer for every row's cells, each row a part of it.
	var b strings.Builder
	b.Grow(len(rows) * len(tbl.Columns) * 48)
	page.Rows = make([]pageRow, len(rows))
	for i, row := range rows {
		start := b.Len()
		for _, st := range row.Statuses {
			b.WriteString(cells.draw(st))
		}
		page.Rows[i] = pageRow{Name: row.Person.Name, Email: row.Person.Email, Overdue: row.Overdue,
			OverdueSince: row.OverdueSince, Cells: template.HTML(b.String()[start:])}
	}
}

// pageVisitor returns who asks for a page of the records. Anyone not signed in (or a
// person the single-sign-on proxy names who is not in the records) is sent to the
// sign-in page, which comes back here; it reports false when it answered.
func (rc *records) pageVisitor(w http.ResponseWriter, r *http.Request) (*visitor, bool) {
	v, err := rc.who(r)
	return rc.pageVisitorOf(w, r, v, err)
}

// pageVisitorOf is pageVisitor for what rc.who found.
func (rc *records) pageVisitorOf(w http.ResponseWriter, r *http.Request, v *visitor, err error) (*visitor, bool) {
	switch {
	case err != nil && !errors.Is(err, errUnknownSSO):
		rc.s.Log.Error("records: finding who is signed in", "err", err)
		w.Header().Set("Retry-After", "5")
		http.Error(w, rc.s.recordsText("records_unavailable"), http.StatusServiceUnavailable)
		return nil, false
	case v == nil:
		root := rc.s.EscapedPrefix()
		next := root + r.URL.EscapedPath()
		http.Redirect(w, r, root+signInPath+"?next="+url.QueryEscape(next), http.StatusSeeOther)
		return nil, false
	}
	return v, true
}

// recordsText is the records theme's UI text of key, "" when there is none.
func (s *Server) recordsText(key string) string {
	if p := s.pages.Load(); p != nil && p.records != nil {
		return p.records.Text(key)
	}
	return ""
}

// cellDrawer draws the cells of a workplace's table: each says in words whether the
// person acknowledged the current version, an older one or none, with the date and
// whether it is overdue, so that colour is never the only cue (the theme adds a symbol
// for each state). Cells that say the same are drawn once.
type cellDrawer struct {
	current, older, never, overdue, dateFormat string
	drawn                                      map[cellKey]string
}

// cellKey is what a cell shows.
type cellKey struct {
	state   duty.State
	version int
	day     time.Time
	overdue bool
}

func newCellDrawer(text func(string) string) *cellDrawer {
	return &cellDrawer{current: text("cell_current"), older: text("cell_older"), never: text("cell_never"),
		overdue: text("cell_overdue"), dateFormat: text("date_short"), drawn: map[cellKey]string{}}
}

// draw returns the cell of st, a <td> whose class names the state (ack-current,
// ack-older or ack-never) and, when it is overdue, ack-late.
func (c *cellDrawer) draw(st duty.Status) string {
	k := cellKey{state: st.State, overdue: st.Overdue}
	if st.State != duty.Never {
		k.version = st.Acked.Version
		y, m, d := st.Acked.At.UTC().Date()
		k.day = time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	}
	if s, ok := c.drawn[k]; ok {
		return s
	}
	var b strings.Builder
	b.WriteString(`<td class="ack-` + st.State.String())
	if k.overdue {
		b.WriteString(" ack-late")
	}
	b.WriteString(`">`)
	switch k.state {
	case duty.Current:
		b.WriteString(html.EscapeString(c.current))
	case duty.Older:
		b.WriteString(html.EscapeString(fmt.Sprintf(c.older, k.version)))
	default:
		b.WriteString(html.EscapeString(c.never))
	}
	if !k.day.IsZero() {
		y, m, d := k.day.Date()
		b.WriteString(" " + html.EscapeString(fmt.Sprintf(c.dateFormat, d, int(m), y)))
	}
	if k.overdue {
		b.WriteString(` <strong>` + html.EscapeString(c.overdue) + `</strong>`)
	}
	b.WriteString("</td>")
	s := b.String()
	c.drawn[k] = s
	return s
}

// gzipWriter compresses what is written to it, when the browser takes gzip: a page of a
// large workplace's table is hundreds of kilobytes of markup that repeats itself.
type gzipWriter struct {
	http.ResponseWriter
	gz     *gzip.Writer // nil when the browser does not take gzip
	headed bool
}

// gzipped returns w compressing for a browser that takes gzip; Close it when done.
func gzipped(w http.ResponseWriter, r *http.Request) *gzipWriter {
	w.Header().Add("Vary", "Accept-Encoding")
	g := &gzipWriter{ResponseWriter: w}
	if acceptsGzip(r) {
		g.gz, _ = gzip.NewWriterLevel(w, gzip.BestSpeed)
	}
	return g
}

// WriteHeader says the body is gzipped, when it is, at the last moment: http.Error
// takes away what was said before.
func (g *gzipWriter) WriteHeader(code int) {
	g.headed = true
	if g.gz != nil {
		g.Header().Set("Content-Encoding", "gzip")
		g.Header().Del("Content-Length")
	}
	g.ResponseWriter.WriteHeader(code)
}

func (g *gzipWriter) Write(b []byte) (int, error) {
	if !g.headed {
		g.WriteHeader(http.StatusOK)
	}
	if g.gz == nil {
		return g.ResponseWriter.Write(b)
	}
	return g.gz.Write(b)
}

// Close ends the compressed body.
func (g *gzipWriter) Close() error {
	if g.gz == nil {
		return nil
	}
	return g.gz.Close()
}
