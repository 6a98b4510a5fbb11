// Package duty works out what each person must acknowledge, by when, and where they
// stand: for one person ("Mínar stefnur") and for everyone at a workplace (the
// supervisor's matrix and its CSV). It is pure: the caller brings the handbook's
// manifest, the people, their acknowledgments and the time, and nothing is read or
// written here.
//
// A policy that staff must acknowledge applies to everyone when it belongs to no
// workplace, else to the people of its workplace; disabled people have no duties. It is
// due Within days after the later of the day the person started and the day its current
// version was first served, or sooner when the person's onboarding checklist says so
// (see Due). Days are calendar days in UTC (Iceland's time all year),
// weekends and holidays included: a policy due on 15 March is overdue from the start of
// 16 March for whoever has not acknowledged its current version. When the day the
// version was first served is not known (the server could not keep its text, or the
// build it serves failed before it could) there is no due date, and it is never overdue.
package duty

import (
	"slices"
	"time"

	"github.com/handbok/handbok/internal/manifest"
	"github.com/handbok/handbok/internal/people"
	"github.com/handbok/handbok/internal/store"
)

// DefaultWithin is the days to acknowledge a policy whose manifest entry gives none,
// as one written by a handbok older than acknowledge_within does: handbok.yaml's default.
const DefaultWithin = 14

// Policy is a policy that staff must acknowledge, as far as duties go.
type Policy struct {
	ID, Title, URL string
	Workplace      string // "" for a policy that applies to everyone
	Version        int
	Revision       string
	Within         int       // days to acknowledge it
	Since          time.Time // when its current version was first served; zero if not known
}

// AppliesTo reports whether person p must acknowledge the policy.
func (pol Policy) AppliesTo(p people.Person) bool {
	return !p.Disabled && (pol.Workplace == "" || slices.Contains(p.Workplaces, pol.Workplace))
}

// Policies returns the policies of m that staff must acknowledge, in the manifest's
// order, each with the time its current version was first served, from served.
func Policies(m *manifest.Manifest, served map[store.PolicyVersion]time.Time) []Policy {
	var out []Policy
	for _, p := range m.Policies {
		if !p.Acknowledge {
			continue
		}
		within := p.AcknowledgeWithin
		if within <= 0 {
			within = DefaultWithin
		}
		out = append(out, Policy{
			ID: p.ID, Title: p.Title, URL: p.URL, Workplace: p.Workplace,
			Version: p.Version, Revision: p.Revision, Within: within,
			Since: served[store.PolicyVersion{Policy: p.ID, Version: p.Version}],
		})
	}
	return out
}

// State is where a person stands with a policy.
type State int

// The states, from worst to best.
const (
	// Never: no version of the policy acknowledged.
	Never State = iota
	// Older: another version acknowledged, not the current one.
	Older
	// Current: the current version acknowledged.
	Current
)

// String names the state as the CSV does: never, older or current.
func (s State) String() string {
	switch s {
	case Current:
		return "current"
	case Older:
		return "older"
	}
	return "never"
}

// Status is where a person stands with one policy.
type Status struct {
	Policy Policy
	State  State
	// Acked is the acknowledgment of the current version when State is Current, else
	// the latest of another version; zero for Never.
	Acked store.Acknowledgment
	// Due is the day (midnight UTC) by the end of which the current version is to be
	// acknowledged; zero when there is no due date.
	Due time.Time
	// Overdue: not Current, and the due day is over.
	Overdue bool
}

// DueDay returns the day, as midnight UTC, by the end of which a person who started on
// start (zero: not known) must acknowledge a policy's version first served at since,
// when the policy gives within days to do it; zero when since is not known: counted
// from the start day alone, everyone who started long ago would be overdue the moment
// the version is served.
func DueDay(start, since time.Time, within int) time.Time {
	if since.IsZero() {
		return time.Time{}
	}
	from := start
	if since.After(from) {
		from = since
	}
	y, m, d := from.UTC().Date()
	return time.Date(y, m, d+within, 0, 0, 0, 0, time.UTC)
}

// Checklists gives the days by which a person's onboarding checklists have them
// acknowledge policies, by policy id: for each policy, the earliest of the items that
// name it. A nil Checklists, or a nil map, gives none.
type Checklists func(people.Person) map[string]time.Time

// Due returns the day, as midnight UTC, by the end of which person p must acknowledge
// the current version of pol, when p's onboarding checklist has it due on checklist
// (zero: it does not). One day holds everywhere the policy shows, on the checklist as
// on the person's policies and the supervisor's table: DueDay's, or the checklist's
// day when that is sooner and the version was first served by its end. A version
// first served after the checklist's day is due by the policy's own rule, so that a new
// version does not make someone overdue the moment it is served.
func Due(p people.Person, pol Policy, checklist time.Time) time.Time {
	due := DueDay(p.Start, pol.Since, pol.Within)
	if due.IsZero() || checklist.IsZero() || !checklist.Before(due) || !pol.Since.Before(checklist.AddDate(0, 0, 1)) {
		return due
	}
	return checklist
}

// overdue reports whether the due day is over at now.
func overdue(due, now time.Time) bool {
	return !due.IsZero() && !now.Before(due.AddDate(0, 0, 1))
}

// acked is what one person's acknowledgments of one policy decide.
type acked struct {
	current, latest store.Acknowledgment
	hasCurrent      bool
	hasLatest       bool
}

// add takes one acknowledgment of the policy, of the given current version.
func (a *acked) add(ack store.Acknowledgment, version int) {
	if ack.Version == version {
		a.current, a.hasCurrent = ack, true
		return
	}
	if !a.hasLatest || !ack.At.Before(a.latest.At) {
		a.latest, a.hasLatest = ack, true
	}
}

// indexByID returns the index of each policy in ps by its id.
func indexByID(ps []Policy) map[string]int {
	index := make(map[string]int, len(ps))
	for i, pol := range ps {
		index[pol.ID] = i
	}
	return index
}

// note adds ack to found when it is of one of the policies ps (index: by id).
func note(ps []Policy, index map[string]int, found []acked, ack *store.Acknowledgment) {
	if i, ok := index[ack.Policy]; ok {
		found[i].add(*ack, ps[i].Version)
	}
}

// of returns what cl gives for p, or nil when cl is nil.
func (cl Checklists) of(p people.Person) map[string]time.Time {
	if cl == nil {
		return nil
	}
	return cl(p)
}

// setStatus sets *st to where person p, who acknowledged what a says, stands with pol
// at now, when p's checklists have it due on checklist (zero: not). It fills st in
// place, since a matrix holds many.
func setStatus(st *Status, p people.Person, pol Policy, a *acked, checklist, now time.Time) {
	st.Policy, st.Due = pol, Due(p, pol, checklist)
	switch {
	case a.hasCurrent:
		st.State, st.Acked = Current, a.current
	case a.hasLatest:
		st.State, st.Acked = Older, a.latest
	}
	st.Overdue = st.State != Current && overdue(st.Due, now)
}
