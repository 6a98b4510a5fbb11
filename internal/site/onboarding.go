package site

import "fmt"

// The ways handbok.yaml's onboarding.due_days counts a checklist item's days.
const (
	// DueCalendarDays counts every day: an item due 3 days after a start on Friday is
	// due on Monday.
	DueCalendarDays = "calendar"
	// DueWorkingDays counts Monday to Friday, without Icelandic public holidays.
	DueWorkingDays = "working_days"
)

// Onboarding settings: the default of new_hire_days, and the most it may be (a longer
// window is most likely a date or a number of weeks written where days were meant).
const (
	DefaultNewHireDays = 90
	maxNewHireDays     = 730
)

// Onboarding is handbok.yaml's onboarding: who counts as a new hire, and how the days of
// a checklist item's due offset are counted.
type Onboarding struct {
	// NewHireDays is how many days from their start date a person is a new hire, whose
	// checklists the front page and the supervisor's onboarding page follow.
	NewHireDays int `yaml:"new_hire_days"`
	// DueDays is DueCalendarDays (the default) or DueWorkingDays.
	DueDays string `yaml:"due_days"`
}

// checkOnboarding reports what in onboarding: cannot be used; loadConfig set the defaults
// before it read the file.
func (c *Config) checkOnboarding(d *strictDecoder) {
	o := &c.Onboarding
	if o.NewHireDays < 1 || o.NewHireDays > maxNewHireDays {
		d.report(c.Pos("onboarding.new_hire_days"), Error,
			"onboarding.new_hire_days is how many days from their start date a person counts as a new hire, from 1 to %d; "+
				"write a whole number such as new_hire_days: %d (the default)", maxNewHireDays, DefaultNewHireDays)
	}
	switch o.DueDays {
	case "":
		o.DueDays = DueCalendarDays
	case DueCalendarDays, DueWorkingDays:
	default:
		d.report(c.Pos("onboarding.due_days"), Error, "%s", fmt.Sprintf(
			"onboarding.due_days: %q is not a choice; use %s (every day counts, the default) or %s (weekends and Icelandic public holidays do not)",
			o.DueDays, DueCalendarDays, DueWorkingDays))
	}
}
