package server

import (
	"cmp"
	"context"
	"errors"
	"net/http"
	"slices"
	"time"

	"github.com/handbok/handbok/internal/manifest"
	"github.com/handbok/handbok/internal/onboarding"
	"github.com/handbok/handbok/internal/people"
	"github.com/handbok/handbok/internal/store"
)

// progressJSON is where a person stands with their onboarding, as GET /api/me, GET
// /api/people/{email}/onboarding and a workplace's onboarding answer it.
type progressJSON struct {
	Start    string `json:"start,omitempty"` // YYYY-MM-DD
	NewHire  bool   `json:"new_hire"`
	Upcoming bool   `json:"upcoming"`
	// Finished is the day a supervisor marked the onboarding finished early.
	Finished   string          `json:"finished,omitempty"`
	Done       int             `json:"done"`
	Total      int             `json:"total"`
	Overdue    int             `json:"overdue"`
	Checklists []checklistJSON `json:"checklists"`
}

type checklistJSON struct {
	ID        string     `json:"id"`
	Title     string     `json:"title"`
	URL       string     `json:"url"`
	Workplace string     `json:"workplace"`
	Done      int        `json:"done"`
	Total     int        `json:"total"`
	Overdue   int        `json:"overdue"`
	Items     []itemJSON `json:"items"`
}

type itemJSON struct {
	ID        string     `json:"id"`
	Task      string     `json:"task"`
	Owner     string     `json:"owner"`
	Policy    string     `json:"policy,omitempty"`
	DueOffset int        `json:"due_offset"`
	Due       string     `json:"due,omitempty"` // YYYY-MM-DD; none without a start date
	Done      bool       `json:"done"`
	At        *time.Time `json:"at,omitempty"`
	By        string     `json:"by,omitempty"`
	// ByName is the name of who ticked it (By), as the records have it; empty when
	// they do not.
	ByName  string `json:"by_name,omitempty"`
	Overdue bool   `json:"overdue"`
	// Reopened is the current version of the item's policy when the person acknowledged
	// an older one only: the page says why the item is open again.
	Reopened int `json:"reopened,omitempty"`
}

// dateText is d as YYYY-MM-DD, or "" for none.
func dateText(d time.Time) string {
	if d.IsZero() {
		return ""
	}
	return d.UTC().Format(time.DateOnly)
}

// toProgressJSON is st as the API answers it; names are the names of those who ticked
// its items, by email (see tickerNames).
func toProgressJSON(st onboarding.Status, names map[string]string) progressJSON {
	out := progressJSON{Start: dateText(st.Start), NewHire: st.NewHire, Upcoming: st.Upcoming, Finished: dateText(st.Finished),
		Done: st.Done, Total: st.Total, Overdue: st.Overdue, Checklists: []checklistJSON{}}
	for _, c := range st.Checklists {
		cj := checklistJSON{ID: c.Checklist.ID, Title: c.Checklist.Title, URL: c.Checklist.URL, Workplace: c.Checklist.Workplace,
			Done: c.Done, Total: c.Total, Overdue: c.Overdue, Items: make([]itemJSON, len(c.Items))}
		for i, it := range c.Items {
			ij := itemJSON{ID: it.Item.ID, Task: it.Item.Task, Owner: it.Item.Owner, Policy: it.Item.Policy, DueOffset: it.Item.Due,
				Due: dateText(it.Due), Done: it.Done, By: it.By, ByName: names[it.By], Overdue: it.Overdue, Reopened: it.Reopened}
			if it.Done {
				at := it.At
				ij.At = &at
			}
			cj.Items[i] = ij
		}
		out.Checklists = append(out.Checklists, cj)
	}
	return out
}

// tickerNames returns the names of those who ticked the items of sts, by email: the
// pages show who ticked by name. known are people read already, whose names need no
// asking; one no longer in the records has none.
func (rc *records) tickerNames(ctx context.Context, known []people.Person, sts ...onboarding.Status) (map[string]string, error) {
	names := map[string]string{}
	for _, p := range known {
		names[p.Email] = p.Name
	}
	for _, st := range sts {
		for _, c := range st.Checklists {
			for _, it := range c.Items {
				if _, ok := names[it.By]; ok || it.By == "" {
					continue
				}
				p, err := rc.store.Person(ctx, it.By)
				if err != nil && !errors.Is(err, store.ErrNotFound) {
					return nil, err
				}
				names[it.By] = p.Name
			}
		}
	}
	return names, nil
}

// progressJSON is st, p's, as the API answers it, with the names of who ticked.
func (rc *records) progressJSON(ctx context.Context, p people.Person, st onboarding.Status) (progressJSON, error) {
	names, err := rc.tickerNames(ctx, []people.Person{p}, st)
	if err != nil {
		return progressJSON{}, err
	}
	return toProgressJSON(st, names), nil
}

// progress returns where p stands with their onboarding now, given their
// acknowledgments; their ticks are read from the store.
func (rc *records) progress(r *http.Request, p people.Person, acks []store.Acknowledgment) (onboarding.Status, error) {
	ticks, err := rc.store.TicksOf(r.Context(), p.Email)
	if err != nil {
		return onboarding.Status{}, err
	}
	h := rc.s.live()
	ps, err := h.duties(r, rc.store)
	if err != nil {
		return onboarding.Status{}, err
	}
	return onboarding.Progress(p, h.m, ps, ticks, acks, rc.s.now()), nil
}

// personOnboardingJSON is the answer of GET /api/people/{email}/onboarding.
type personOnboardingJSON struct {
	Person     personJSON   `json:"person"`
	Onboarding progressJSON `json:"onboarding"`
}

// servePersonOnboarding is GET /api/people/{email}/onboarding: where a person stands
// with their checklists, for themself, a supervisor of one of their workplaces or an
// administrator (see whose): what a supervisor's copy of a checklist page shows.
func (rc *records) servePersonOnboarding(w http.ResponseWriter, r *http.Request, v *visitor) {
	p, problem := rc.whose(r, v, r.PathValue("email"), false)
	if problem != nil {
		rc.writeProblem(w, problem)
		return
	}
	acks, err := rc.store.AcksOf(r.Context(), p.Email)
	if err != nil {
		rc.unavailable(w, "reading acknowledgments", err)
		return
	}
	st, err := rc.progress(r, p, acks)
	if err != nil {
		rc.unavailable(w, "reading ticks", err)
		return
	}
	pj, err := rc.progressJSON(r.Context(), p, st)
	if err != nil {
		rc.unavailable(w, "reading who ticked", err)
		return
	}
	writeJSON(w, http.StatusOK, personOnboardingJSON{Person: rc.personJSON(p, ""), Onboarding: pj})
}

// workplaceOnboardingJSON is the answer of GET /api/workplaces/{slug}/onboarding.
type workplaceOnboardingJSON struct {
	Workplace string     `json:"workplace"`
	Title     string     `json:"title"`
	Hires     []hireJSON `json:"hires"`
}

// hireJSON is a new hire, or one to start soon, of a workplace.
type hireJSON struct {
	Person     personJSON   `json:"person"`
	Onboarding progressJSON `json:"onboarding"`
	// OverdueItems are their items overdue, of every checklist, the oldest due first.
	OverdueItems []overdueJSON `json:"overdue_items"`
}

type overdueJSON struct {
	Checklist string `json:"checklist"`
	Item      string `json:"item"`
	Task      string `json:"task"`
	Owner     string `json:"owner"`
	Due       string `json:"due"`
}

// hire is a person of a workplace and where they stand.
type hire struct {
	person people.Person
	status onboarding.Status
}

// hires returns the new hires and those to start soon of workplace slug, the most
// behind first (most items overdue), then by start date.
func (rc *records) hires(r *http.Request, slug string) ([]hire, error) {
	staff, acks, err := rc.workplaces.read(r.Context(), rc.store, slug)
	if err != nil {
		return nil, err
	}
	ticks, err := rc.store.TicksOfWorkplace(r.Context(), slug)
	if err != nil {
		return nil, err
	}
	h, now := rc.s.live(), rc.s.now()
	ps, err := h.duties(r, rc.store)
	if err != nil {
		return nil, err
	}
	m := h.m
	// Both lists are by email, as staff is: each person's are a run of them.
	var out []hire
	for _, p := range staff {
		if !isHire(p, m, now) {
			continue
		}
		out = append(out, hire{person: p, status: onboarding.Progress(p, m, ps, runOf(ticks, p.Email, tickEmail), runOf(acks, p.Email, ackEmail), now)})
	}
	slices.SortStableFunc(out, func(a, b hire) int {
		return cmp.Or(b.status.Overdue-a.status.Overdue, a.person.Start.Compare(b.person.Start), cmp.Compare(a.person.Email, b.person.Email))
	})
	return out, nil
}

// isHire reports whether p is a new hire at now or about to start: one of the new
// hires' page.
func isHire(p people.Person, m *manifest.Manifest, now time.Time) bool {
	return onboarding.IsNewHire(p, now, m.Onboarding.NewHireDays) || onboarding.IsUpcoming(p, now)
}

func tickEmail(t store.Tick) string          { return t.Email }
func ackEmail(a store.Acknowledgment) string { return a.Email }

// runOf returns the records of xs, sorted by email, whose email is email.
func runOf[T any](xs []T, email string, emailOf func(T) string) []T {
	from, _ := slices.BinarySearchFunc(xs, email, func(x T, e string) int { return cmp.Compare(emailOf(x), e) })
	to := from
	for to < len(xs) && emailOf(xs[to]) == email {
		to++
	}
	return xs[from:to]
}

// overdueItems returns the items of st that are overdue, the oldest due first.
func overdueItems(st onboarding.Status) []overdueJSON {
	type due struct {
		day time.Time
		o   overdueJSON
	}
	var ds []due
	for _, c := range st.Checklists {
		for _, it := range c.Items {
			if it.Overdue {
				ds = append(ds, due{it.Due, overdueJSON{Checklist: c.Checklist.ID, Item: it.Item.ID, Task: it.Item.Task,
					Owner: it.Item.Owner, Due: dateText(it.Due)}})
			}
		}
	}
	slices.SortStableFunc(ds, func(a, b due) int { return a.day.Compare(b.day) })
	out := make([]overdueJSON, len(ds))
	for i, d := range ds {
		out[i] = d.o
	}
	return out
}

// serveWorkplaceOnboarding is GET /api/workplaces/{slug}/onboarding: the new hires of a
// workplace and those about to start, the most behind first, each with their progress
// and what of it is overdue.
func (rc *records) serveWorkplaceOnboarding(w http.ResponseWriter, r *http.Request, place *manifest.Workplace) {
	hs, err := rc.hires(r, place.Slug)
	if err != nil {
		rc.unavailable(w, "reading a workplace's onboarding", err)
		return
	}
	known, sts := make([]people.Person, len(hs)), make([]onboarding.Status, len(hs))
	for i, h := range hs {
		known[i], sts[i] = h.person, h.status
	}
	names, err := rc.tickerNames(r.Context(), known, sts...)
	if err != nil {
		rc.unavailable(w, "reading who ticked", err)
		return
	}
	out := workplaceOnboardingJSON{Workplace: place.Slug, Title: place.Title, Hires: []hireJSON{}}
	for _, h := range hs {
		out.Hires = append(out.Hires, hireJSON{Person: rc.personJSON(h.person, ""), Onboarding: toProgressJSON(h.status, names),
			OverdueItems: overdueItems(h.status)})
	}
	writeJSON(w, http.StatusOK, out)
}
