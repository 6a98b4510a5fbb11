// Package onboarding works out who gets which onboarding checklist, who counts as a new
// hire, and the day each item of a checklist is due for a person. It is pure: the caller
// brings the manifest's checklists, the person and the time, and nothing is read or
// written here.
//
// Days are calendar days in UTC (Iceland's time all year): a start date is taken as the
// day it falls on in UTC, and every day returned is midnight UTC.
package onboarding

import (
	"slices"
	"strings"
	"time"

	"github.com/handbok/handbok/internal/manifest"
	"github.com/handbok/handbok/internal/people"
)

// DefaultWindowDays is how many days after their start a person is a new hire when
// handbok.yaml sets no window.
const DefaultWindowDays = 90

// Assigned returns the checklists of cls that person p gets, in the order of cls: the
// organisation-wide ones (Workplace "") and those of p's workplaces, each only if it is
// for p. A checklist's For names the roles or job titles it is for, compared with p.Role
// and p.Title without regard to case or the spaces around them; empty, it is for
// everyone. They are matched exactly: a checklist for "employee" is not given to a
// supervisor. A disabled person gets nothing.
func Assigned(p people.Person, cls []manifest.Checklist) []manifest.Checklist {
	if p.Disabled {
		return nil
	}
	var out []manifest.Checklist
	for _, c := range cls {
		if c.Workplace != "" && !slices.Contains(p.Workplaces, c.Workplace) {
			continue
		}
		if !isFor(c.For, p) {
			continue
		}
		out = append(out, c)
	}
	return out
}

// isFor reports whether a checklist for the roles or titles in forWhom is for p.
func isFor(forWhom []string, p people.Person) bool {
	if len(forWhom) == 0 {
		return true
	}
	title := strings.TrimSpace(p.Title)
	return slices.ContainsFunc(forWhom, func(s string) bool {
		s = strings.TrimSpace(s)
		return strings.EqualFold(s, string(p.Role)) || (title != "" && strings.EqualFold(s, title))
	})
}

// IsNewHire reports whether p is a new hire at now: p has a start date, now is on or
// after the start day, and fewer than windowDays days have passed since it (with 90, the
// start day is day 0 and day 89 the last). windowDays of zero or less means
// DefaultWindowDays. A person with no start date, one who has not started yet (see
// IsUpcoming), one whose onboarding a supervisor marked finished (Onboarded) and a
// disabled person are not new hires.
func IsNewHire(p people.Person, now time.Time, windowDays int) bool {
	if p.Disabled || p.Start.IsZero() || !p.Onboarded.IsZero() {
		return false
	}
	if windowDays <= 0 {
		windowDays = DefaultWindowDays
	}
	n := daysBetween(p.Start, now)
	return n >= 0 && n < windowDays
}

// IsUpcoming reports whether p is to start after the day of now: a new hire-to-be whose
// items due before the start (negative offsets) may already be due. A person with no
// start date is not (the zero time is in year 1, before any now).
func IsUpcoming(p people.Person, now time.Time) bool {
	return !p.Disabled && daysBetween(p.Start, now) < 0
}

// day returns midnight UTC of the day t falls on in UTC.
func day(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// daysBetween returns the whole days from the day of a to the day of b (negative when b's
// day is before a's).
func daysBetween(a, b time.Time) int {
	return int(day(b).Sub(day(a)).Hours() / 24)
}
