package server

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/handbok/handbok/internal/onboarding"
	"github.com/handbok/handbok/internal/people"
)

// onboardingPage is what the workplaceonboarding layout shows: a workplace's new hires,
// the most behind first.
type onboardingPage struct {
	Slug, Title string
	// Problem is the UI text key of why there is nothing to show (workplace_forbidden,
	// records_unavailable), or, with Hires, why the last tick was not saved; TickRefused
	// is the key of why it was refused.
	Problem     string
	TickRefused string
	Action      string // where the tick forms are sent: this page
	Acks        string // the workplace's acknowledgments page
	Hires       []hireCard
	// Behind is how many of the hires have an item overdue.
	Behind int
}

// hireCard is one new hire as the page shows them.
type hireCard struct {
	Anchor                string // the id of their part of the page
	Name, Email, JobTitle string
	// Manage is the address of their page among the workplace's people, where their
	// onboarding is marked finished; "" when the visitor may not change them.
	Manage               string
	Start                time.Time
	Upcoming             bool
	Done, Total, Overdue int
	Bar                  string // the filled part of the progress bar, of 100
	// Late are their items overdue, the oldest due first; Theirs the supervisor's
	// items of their checklists, in the checklists' order.
	Late, Theirs []cardItem
	Checklists   []cardChecklist
}

// cardItem is an item of a hire's checklist.
type cardItem struct {
	ID                     string // an id for the page, unique on it
	Checklist, Item, Task  string
	Supervisor, Done, Late bool
	Due, At                time.Time
	By                     string
	Policy                 bool
}

// cardChecklist links to a hire's checklist as they see it.
type cardChecklist struct {
	Title, URL  string
	Done, Total int
}

// serveOnboardingPage is GET /_handbok/workplaces/{slug}/onboarding: the supervisor's
// page of a workplace's new hires and those about to start. Who may see it is as for
// the workplace's acknowledgments.
func (rc *records) serveOnboardingPage(w http.ResponseWriter, r *http.Request) {
	v, ok := rc.pageVisitor(w, r)
	if !ok {
		return
	}
	rc.onboardingPage(w, r, v, http.StatusOK, "", "")
}

// serveOnboardingForm is POST /_handbok/workplaces/{slug}/onboarding: a supervisor ticks
// an item of a new hire's checklist (or unticks it), with the page's form, so that it
// works without script. The same rules as the API's (see records.tick) apply; a tick
// made goes back to the page, at the hire's part of it, and one refused shows the page
// with why.
func (rc *records) serveOnboardingForm(w http.ResponseWriter, r *http.Request) {
	v, ok := rc.pageVisitor(w, r)
	if !ok {
		return
	}
	slug := r.PathValue("slug")
	if rc.s.live().places[slug] == nil {
		rc.s.notFound(w, r, "")
		return
	}
	if !maySee(v, slug) {
		rc.onboardingPage(w, r, v, http.StatusForbidden, "", "")
		return
	}
	if !rc.s.parseForm(w, r, maxBody) {
		return
	}
	stands, problem := rc.tick(r, v, r.PostFormValue("checklist"), r.PostFormValue("item"), r.PostFormValue("person"),
		r.PostFormValue("done") == "1", nil, true)
	if problem != nil {
		if problem.code == http.StatusServiceUnavailable {
			rc.s.Log.Error("records: "+problem.doing, "err", problem.err)
			rc.onboardingPage(w, r, v, problem.code, "records_unavailable", "")
			return
		}
		rc.onboardingPage(w, r, v, problem.code, "", refusalKey(problem.code))
		return
	}
	back := rc.s.EscapedPrefix() + workplacePath + url.PathEscape(slug) + "/onboarding"
	if rc.onHiresPage(r, slug, stands.Person) {
		back += "#" + hireAnchor(stands.Person)
	}
	http.Redirect(w, r, back, http.StatusSeeOther)
}

// onHiresPage reports whether the person with email has a part of workplace slug's new
// hires' page to go back to: a supervisor may tick for any of their people (a page drawn
// before the person's onboarding was marked finished, say), and the page lists the new
// hires only.
func (rc *records) onHiresPage(r *http.Request, slug, email string) bool {
	p, err := rc.store.Person(r.Context(), email)
	return err == nil && slices.Contains(p.Workplaces, slug) && isHire(p, rc.s.live().m, rc.s.now())
}

// refusalKey is the UI text key that says why a tick was refused with code.
func refusalKey(code int) string {
	switch code {
	case http.StatusBadRequest:
		return "onboarding_refused_policy" // the one refusal a form of the page can meet
	case http.StatusNotFound:
		return "onboarding_refused_gone"
	}
	return "onboarding_refused_forbidden"
}

// onboardingPage draws the page with code; problem and refused are UI text keys of why
// a tick was not made.
func (rc *records) onboardingPage(w http.ResponseWriter, r *http.Request, v *visitor, code int, problem, refused string) {
	slug := r.PathValue("slug")
	place := rc.s.live().places[slug]
	if place == nil {
		rc.s.notFound(w, r, "")
		return
	}
	root := rc.s.EscapedPrefix()
	page := onboardingPage{Slug: slug, Title: place.Title, Problem: problem, TickRefused: refused,
		Action: root + workplacePath + url.PathEscape(slug) + "/onboarding", Acks: root + workplacePath + url.PathEscape(slug)}
	if !maySee(v, slug) {
		page.Problem = "workplace_forbidden"
		rc.s.draw(w, http.StatusForbidden, "workplaceonboarding", "onboarding_title", page)
		return
	}
	hs, err := rc.hires(r, slug)
	if err != nil {
		rc.s.Log.Error("records: reading a workplace's onboarding", "err", err)
		page.Problem = "records_unavailable"
		rc.s.draw(w, http.StatusServiceUnavailable, "workplaceonboarding", "onboarding_title", page)
		return
	}
	known, sts := make([]people.Person, len(hs)), make([]onboarding.Status, len(hs))
	for i, h := range hs {
		known[i], sts[i] = h.person, h.status
	}
	names, err := rc.tickerNames(r.Context(), known, sts...)
	if err != nil {
		rc.s.Log.Error("records: reading who ticked", "err", err)
		page.Problem = "records_unavailable"
		rc.s.draw(w, http.StatusServiceUnavailable, "workplaceonboarding", "onboarding_title", page)
		return
	}
	for _, h := range hs {
		card := rc.hireCard(h, names)
		if mayManage(v, h.person) {
			card.Manage = root + personPath(slug, h.person.Email)
		}
		page.Hires = append(page.Hires, card)
		if h.status.Overdue > 0 {
			page.Behind++
		}
	}
	rc.s.draw(w, code, "workplaceonboarding", "onboarding_title", page)
}

// hireCard makes the page's part of hire h; names are those of who ticked, by email.
func (rc *records) hireCard(h hire, names map[string]string) hireCard {
	st := h.status
	c := hireCard{Anchor: hireAnchor(h.person.Email), Name: h.person.Name, Email: h.person.Email, JobTitle: h.person.Title,
		Start: st.Start, Upcoming: st.Upcoming, Done: st.Done, Total: st.Total, Overdue: st.Overdue, Bar: "0"}
	if st.Total > 0 {
		c.Bar = strconv.FormatFloat(100*float64(st.Done)/float64(st.Total), 'f', 1, 64)
	}
	root := rc.s.EscapedPrefix()
	n := 0
	for _, cl := range st.Checklists {
		c.Checklists = append(c.Checklists, cardChecklist{Title: cl.Checklist.Title, Done: cl.Done, Total: cl.Total,
			URL: root + "/" + cl.Checklist.URL + "?person=" + url.QueryEscape(h.person.Email)})
		for _, it := range cl.Items {
			n++
			ci := cardItem{ID: c.Anchor + "-" + strconv.Itoa(n), Checklist: cl.Checklist.ID, Item: it.Item.ID, Task: it.Item.Task,
				Supervisor: it.Item.Owner == "supervisor", Done: it.Done, Late: it.Overdue, Due: it.Due, At: it.At, By: cmp.Or(names[it.By], it.By),
				Policy: it.Item.Policy != ""}
			if it.Overdue {
				c.Late = append(c.Late, ci)
			}
			if ci.Supervisor {
				c.Theirs = append(c.Theirs, ci)
			}
		}
	}
	sortLate(c.Late)
	return c
}

// sortLate puts overdue items in the order they fell due, the oldest first.
func sortLate(items []cardItem) {
	slices.SortStableFunc(items, func(a, b cardItem) int { return a.Due.Compare(b.Due) })
}

// hireAnchor is the id of a hire's part of the page: made from their email, so that it
// stays when the order of the page changes, without putting the address in the URL.
func hireAnchor(email string) string {
	sum := sha256.Sum256([]byte(email))
	return "hire-" + hex.EncodeToString(sum[:6])
}
