package site

import (
	"fmt"
	"regexp"
	"strconv"
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

var (
	datePattern     = regexp.MustCompile(`^(\d{4})-(\d{1,2})-(\d{1,2})$`)
	dayFirstPattern = regexp.MustCompile(`^(\d{1,2})[./](\d{1,2})[./](\d{4})$`) // 19.05.2015, as written in Iceland
)

// parseDate reads a date written YYYY-MM-DD. When s is not one, problem says why in
// words a person can act on: a day the month does not have is named as such, and a
// date written in another shape is shown as it should be.
func parseDate(s string) (d Date, problem string) {
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return Date{t}, ""
	}
	var year, month, day int
	if m := datePattern.FindStringSubmatch(s); m != nil {
		year, month, day = atoi(m[1]), atoi(m[2]), atoi(m[3])
	} else if m := dayFirstPattern.FindStringSubmatch(s); m != nil {
		year, month, day = atoi(m[3]), atoi(m[2]), atoi(m[1])
	} else {
		return d, "write it as YYYY-MM-DD, like 2015-05-19"
	}
	switch {
	case month < 1 || month > 12:
		return d, fmt.Sprintf("there is no month %d; write the date as YYYY-MM-DD, like 2015-05-19", month)
	case day < 1:
		return d, "there is no day 0; days are counted from 1"
	case day > daysIn(year, time.Month(month)):
		return d, fmt.Sprintf("%s %d has %d days", time.Month(month), year, daysIn(year, time.Month(month)))
	}
	return d, fmt.Sprintf("write it as YYYY-MM-DD: %04d-%02d-%02d", year, month, day)
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// daysIn returns the number of days of a month.
func daysIn(year int, m time.Month) int {
	return time.Date(year, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}
