package site

import "time"

// Date is a calendar date without time of day or zone, written YYYY-MM-DD.
type Date struct{ time.Time }

// IsZero reports whether the date was not set.
func (d Date) IsZero() bool { return d.Time.IsZero() }

// String formats the date as YYYY-MM-DD, or "" when unset.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.Format(time.DateOnly)
}
