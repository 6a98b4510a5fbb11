package site

import (
	"fmt"
	"time"
)

// Audit reports what `handbok check` asks supervisors to look after, beyond what a build
// needs: policies past their review date or without an owner, and empty checklists.
// today is the date the review dates are compared with, as a calendar date.
func Audit(s *Site, today time.Time) Diagnostics {
	var ds Diagnostics
	warn := func(p Pos, format string, args ...any) {
		ds = append(ds, Diagnostic{Pos: p, Severity: Warning, Message: fmt.Sprintf(format, args...)})
	}
	day := today.Format(time.DateOnly) // a review is due on its day, overdue after it
	for _, p := range s.Pages {
		switch {
		case p.Policy != nil:
			if r := p.Policy.Review; !r.IsZero() && r.String() < day {
				warn(p.KeyPos("review"), "policy %q was due for review on %s; review it, then set a new review date", p.Title, r)
			}
			if p.Policy.Owner.Name == "" && p.Policy.Owner.Email == "" {
				warn(p.KeyPos("kind"), "policy %q has no owner: add owner: {name: …, email: …} so staff know whom to ask", p.Title)
			}
		case p.Checklist != nil && len(p.Checklist.Items) == 0:
			warn(p.KeyPos("kind"), "checklist %q has no items: add items: with at least one task", p.Title)
		}
	}
	ds.Sort()
	return ds
}
