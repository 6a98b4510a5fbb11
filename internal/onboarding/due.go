package onboarding

import "time"

// Rule says which days count when an item's offset is counted from the start date.
type Rule int

// The rules.
const (
	// Calendar counts every day, weekends and holidays included: an item due 3 days
	// after a start on Friday is due on Monday.
	Calendar Rule = iota
	// WorkingDays counts only working days: not Saturdays, Sundays or Icelandic public
	// holidays (see Holidays). Day 0 is the start date, or the first working day after
	// it when it is not one; an item due n days after is due on the n-th working day
	// after day 0. An item due n days before (a negative offset) is due on the n-th
	// working day before the start date, so that what must be ready before the first
	// day is done on a working day before it, never moved past the start.
	WorkingDays
)

// RuleNamed returns the rule handbok.yaml's onboarding.due_days names: WorkingDays for
// "working_days", else Calendar (the default, also for a manifest older than the setting).
func RuleNamed(name string) Rule {
	if name == "working_days" {
		return WorkingDays
	}
	return Calendar
}

// DueDate returns the day, as midnight UTC, on which an item is due for a person who
// started on start, when the item is due offset days after the start date (negative:
// before it; 0: the first day), counted as rule says.
func DueDate(start time.Time, offset int, rule Rule) time.Time {
	d := day(start)
	if rule != WorkingDays {
		return d.AddDate(0, 0, offset)
	}
	// Moving a start that is not a working day to the next one first changes nothing
	// for a negative offset: no working day lies between the two.
	for !IsWorkingDay(d) {
		d = d.AddDate(0, 0, 1)
	}
	return stepWorkingDays(d, offset)
}

// stepWorkingDays moves from the day d by n working days, forwards when n > 0 and
// backwards when n < 0, skipping the days that are not working days.
func stepWorkingDays(d time.Time, n int) time.Time {
	step := 1
	if n < 0 {
		step, n = -1, -n
	}
	for n > 0 {
		d = d.AddDate(0, 0, step)
		if IsWorkingDay(d) {
			n--
		}
	}
	return d
}

// IsWorkingDay reports whether the day t falls on (in UTC) is a working day in Iceland:
// neither a Saturday, a Sunday nor a public holiday.
func IsWorkingDay(t time.Time) bool {
	d := day(t)
	if wd := d.Weekday(); wd == time.Saturday || wd == time.Sunday {
		return false
	}
	return !IsHoliday(d)
}
