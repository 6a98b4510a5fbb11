package site

import (
	"fmt"
	"time"
)

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

// MarshalJSON writes the date as "YYYY-MM-DD", or null when unset.
func (d Date) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte("null"), nil
	}
	return []byte(`"` + d.String() + `"`), nil
}

// UnmarshalJSON reads a date written by MarshalJSON.
func (d *Date) UnmarshalJSON(data []byte) error {
	if string(data) == "null" {
		*d = Date{}
		return nil
	}
	t, err := time.Parse(`"`+time.DateOnly+`"`, string(data))
	if err != nil {
		return fmt.Errorf("date: %w", err)
	}
	*d = Date{t}
	return nil
}
