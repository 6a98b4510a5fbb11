package site

import (
	"fmt"
	"time"
)

// Audit reports what `handbok check` asks supervisors to look after, beyond what a build
// needs: policies past their review date, without one or without an owner, empty
// checklists, checklist items that wait for an acknowledgment their policy never asks
// for, and policy items due later than their policy. today is the date the review dates are compared with, as a calendar date.
func Audit(s *Site, today time.Time) Diagnostics {
	var ds Diagnostics
	warn := func(p Pos, format string, args ...any) {
		ds = append(ds, Diagnostic{Pos: p, Severity: Warning, Message: fmt.Sprintf(format, args...)})
	}
	day := today.Format(time.DateOnly) // a review is due on its day, overdue after it
	for _, p := range s.Pages {
		switch {
		case p.Policy != nil:
			switch r := p.Policy.Review; {
			case !r.IsZero() && r.String() < day:
				warn(p.KeyPos("review"), "policy %q was due for review on %s; review it, then set a new review date", p.Title, r)
			case r.IsZero() && !p.wrote("review"): // a review: that could not be read is reported already
				warn(p.KeyPos("kind"), "policy %q has no review date: add review: with the date by which it is to be reviewed, e.g. review: %s",
					p.Title, today.AddDate(1, 0, 0).Format(time.DateOnly))
			}
			if p.Policy.Owner.Name == "" && p.Policy.Owner.Email == "" && !p.wrote("owner") { // an owner: that could not be read is reported already
				warn(p.KeyPos("kind"), "policy %q has no owner: add owner: {name: …, email: …} so staff know whom to ask", p.Title)
			}
		case p.Checklist != nil && len(p.Checklist.Items) == 0:
			warn(p.KeyPos("kind"), "checklist %q has no items: add items: with at least one task", p.Title)
		case p.Checklist != nil:
			ds = append(ds, auditItems(s, p)...)
		}
	}
	ds.Sort()
	return ds
}

// auditItems reports the items of a checklist that are done when a policy is
// acknowledged, where that policy does not ask for acknowledgment (nothing would ever
// tick them off) or gives fewer days to do it than the item (the page would show a day
// later than the one that holds).
func auditItems(s *Site, p *Page) Diagnostics {
	var ds Diagnostics
	for i, it := range p.Checklist.Items {
		target := s.PageByID(it.Policy)
		if it.Policy == "" || target == nil || target.Policy == nil {
			continue // no policy, or one that load reports as missing
		}
		if within := s.Config.DaysToAcknowledge(target.Policy); target.Policy.Acknowledge && it.Due > within {
			ds = append(ds, Diagnostic{Pos: p.KeyPos(fmt.Sprintf("items.%d.due", i)), Severity: Warning,
				Message: fmt.Sprintf("checklist item %q is due %d days after the start, but policy %q is to be acknowledged within %d days, "+
					"and the sooner of the two is the due day: set due: %d or less, or give the policy a longer acknowledge_within",
					it.ID, it.Due, it.Policy, within, within)})
		}
		if target.Policy.Acknowledge {
			continue
		}
		ds = append(ds, Diagnostic{Pos: p.KeyPos(fmt.Sprintf("items.%d.policy", i)), Severity: Warning,
			Message: fmt.Sprintf("checklist item %q is done when policy %q is acknowledged, but that policy does not ask staff to acknowledge it, "+
				"so the item can never be ticked off: set acknowledge: true in %s, or remove policy: from the item so that it is ticked off by hand",
				it.ID, it.Policy, target.Path)})
	}
	return ds
}
