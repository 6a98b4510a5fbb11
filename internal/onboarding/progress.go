package onboarding

import (
	"time"

	"github.com/handbok/handbok/internal/duty"
	"github.com/handbok/handbok/internal/manifest"
	"github.com/handbok/handbok/internal/people"
	"github.com/handbok/handbok/internal/store"
)

// Status is where a person stands with their onboarding at a moment: each checklist
// assigned to them, item by item, and the totals.
type Status struct {
	// Start is the person's start date, zero when not known.
	Start time.Time
	// NewHire and Upcoming are IsNewHire and IsUpcoming at that moment.
	NewHire, Upcoming bool
	// Finished is the day a supervisor marked the onboarding finished early, or zero.
	Finished time.Time
	// Done, Total and Overdue count the items of every checklist.
	Done, Total, Overdue int
	Checklists           []ChecklistStatus
}

// ChecklistStatus is where a person stands with one checklist.
type ChecklistStatus struct {
	Checklist            manifest.Checklist
	Done, Total, Overdue int
	// Items are the checklist's items, in its order.
	Items []ItemStatus
}

// ItemStatus is where a person stands with one item.
type ItemStatus struct {
	Item manifest.Item
	// Due is the day it is due (midnight UTC), zero when the person has no start date.
	Due time.Time
	// Done says whether it is done; At and By, when it is, when and by whom: for a
	// policy item, when the person acknowledged the policy's current version.
	Done bool
	At   time.Time
	By   string
	// Overdue: not done, and due before the day of the moment asked about.
	Overdue bool
	// Reopened is, for a policy item the person acknowledged in an older version but
	// not in its current one, the current version, which they must read again; else 0.
	Reopened int
}

// Progress returns where p stands at now with the checklists of m assigned to them (see
// Assigned): an item is done as its last tick of ticks says, but a policy item exactly
// when acks has p's acknowledgment of the policy's current version in m, whatever was
// ticked. Due dates count from p's start date by m's rule, but a policy item is due when
// its policy is (duty.Due, with ps, the policies staff must acknowledge, and the
// checklists' own days), so that the checklist, the person's policies and the
// supervisor's pages give one day. ticks and acks are p's; those of items or policies m
// does not have are left out.
func Progress(p people.Person, m *manifest.Manifest, ps []duty.Policy, ticks []store.Tick, acks []store.Acknowledgment, now time.Time) Status {
	st := Status{Start: p.Start, NewHire: IsNewHire(p, now, m.Onboarding.NewHireDays),
		Upcoming: IsUpcoming(p, now), Finished: p.Onboarded}
	type itemKey struct{ checklist, item string }
	ticked := make(map[itemKey]store.Tick, len(ticks))
	for _, t := range ticks {
		ticked[itemKey{t.Checklist, t.Item}] = t
	}
	versions := make(map[string]int, len(m.Policies))
	for _, pol := range m.Policies {
		versions[pol.ID] = pol.Version
	}
	// For each policy, the acknowledgment of its current version, and whether an older
	// version was acknowledged.
	current := map[string]store.Acknowledgment{}
	older := map[string]bool{}
	for _, a := range acks {
		switch v, ok := versions[a.Policy]; {
		case !ok:
		case a.Version == v:
			current[a.Policy] = a
		case a.Version < v:
			older[a.Policy] = true
		}
	}
	rule, today := RuleNamed(m.Onboarding.DueDays), day(now)
	policies := make(map[string]duty.Policy, len(ps))
	for _, pol := range ps {
		policies[pol.ID] = pol
	}
	assigned := Assigned(p, m.Checklists)
	days := policyDays(p, assigned, rule)
	for _, c := range assigned {
		cs := ChecklistStatus{Checklist: c, Total: len(c.Items), Items: make([]ItemStatus, len(c.Items))}
		for i, it := range c.Items {
			is := ItemStatus{Item: it}
			if !p.Start.IsZero() {
				is.Due = DueDate(p.Start, it.Due, rule)
			}
			if pol, ok := policies[it.Policy]; ok {
				is.Due = duty.Due(p, pol, days[it.Policy])
			}
			if it.Policy != "" {
				if a, ok := current[it.Policy]; ok {
					is.Done, is.At, is.By = true, a.At, a.Email
				} else if older[it.Policy] {
					is.Reopened = versions[it.Policy]
				}
			} else if t, ok := ticked[itemKey{c.ID, it.ID}]; ok && t.Done {
				is.Done, is.At, is.By = true, t.At, t.By
			}
			is.Overdue = !is.Done && !is.Due.IsZero() && is.Due.Before(today)
			if is.Done {
				cs.Done++
			}
			if is.Overdue {
				cs.Overdue++
			}
			cs.Items[i] = is
		}
		st.Done += cs.Done
		st.Total += cs.Total
		st.Overdue += cs.Overdue
		st.Checklists = append(st.Checklists, cs)
	}
	return st
}

// PolicyDays returns, for m's checklists, the days by which each person's checklists
// have them acknowledge policies (see duty.Due).
func PolicyDays(m *manifest.Manifest) duty.Checklists {
	rule := RuleNamed(m.Onboarding.DueDays)
	return func(p people.Person) map[string]time.Time {
		return policyDays(p, Assigned(p, m.Checklists), rule)
	}
}

// policyDays returns the day each policy is due by the checklists cls of person p, the
// earliest of the items that name it, by rule; nil when p's start is not known or no
// item names a policy.
func policyDays(p people.Person, cls []manifest.Checklist, rule Rule) map[string]time.Time {
	if p.Start.IsZero() {
		return nil
	}
	var days map[string]time.Time
	for _, c := range cls {
		for _, it := range c.Items {
			if it.Policy == "" {
				continue
			}
			d := DueDate(p.Start, it.Due, rule)
			if old, ok := days[it.Policy]; !ok || d.Before(old) {
				if days == nil {
					days = map[string]time.Time{}
				}
				days[it.Policy] = d
			}
		}
	}
	return days
}
