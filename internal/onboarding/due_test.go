package onboarding

import (
	"testing"
	"time"
)

// TestDueDate: offsets counted from the start day, by the calendar and by working days,
// forwards and backwards, across weekends and Icelandic holidays.
func TestDueDate(t *testing.T) {
	for _, tc := range []struct {
		name   string
		start  string
		offset int
		rule   Rule
		want   string
	}{
		{"CalendarFirstDay", "2026-03-02", 0, Calendar, "2026-03-02"},
		{"CalendarOverWeekend", "2026-03-06", 3, Calendar, "2026-03-09"},
		{"CalendarOnWeekend", "2026-03-06", 1, Calendar, "2026-03-07"},
		{"CalendarBefore", "2026-03-02", -7, Calendar, "2026-02-23"},
		{"CalendarStartOnSunday", "2026-03-08", 0, Calendar, "2026-03-08"},
		{"CalendarAcrossYear", "2026-12-30", 3, Calendar, "2027-01-02"},

		{"WorkingFirstDay", "2026-03-02", 0, WorkingDays, "2026-03-02"},
		{"WorkingWithinWeek", "2026-03-02", 3, WorkingDays, "2026-03-05"},
		{"WorkingOverWeekend", "2026-03-06", 1, WorkingDays, "2026-03-09"},
		{"WorkingTwoWeeks", "2026-03-02", 10, WorkingDays, "2026-03-16"},
		{"WorkingStartOnSaturday", "2026-03-07", 0, WorkingDays, "2026-03-09"},
		{"WorkingStartOnSaturdayOneDay", "2026-03-07", 1, WorkingDays, "2026-03-10"},
		{"WorkingBefore", "2026-03-09", -1, WorkingDays, "2026-03-06"},
		{"WorkingBeforeWeek", "2026-03-09", -5, WorkingDays, "2026-03-02"},
		{"WorkingBeforeStartOnSunday", "2026-03-08", -1, WorkingDays, "2026-03-06"},
		// Easter 2026: skírdagur 2 April to annar í páskum 6 April.
		{"WorkingOverEaster", "2026-04-01", 1, WorkingDays, "2026-04-07"},
		{"WorkingBeforeEaster", "2026-04-07", -1, WorkingDays, "2026-04-01"},
		{"WorkingStartOnGoodFriday", "2026-04-03", 0, WorkingDays, "2026-04-07"},
		// Sumardagurinn fyrsti, Thursday 23 April 2026.
		{"WorkingOverFirstDayOfSummer", "2026-04-22", 1, WorkingDays, "2026-04-24"},
		// 1 May (Friday) and uppstigningardagur (Thursday 14 May).
		{"WorkingOverMayDay", "2026-04-30", 1, WorkingDays, "2026-05-04"},
		{"WorkingOverAscension", "2026-05-13", 1, WorkingDays, "2026-05-15"},
		// Annar í hvítasunnu, Monday 25 May; 17 June, a Wednesday.
		{"WorkingOverWhitMonday", "2026-05-22", 1, WorkingDays, "2026-05-26"},
		{"WorkingOverNationalDay", "2026-06-16", 1, WorkingDays, "2026-06-18"},
		// Frídagur verslunarmanna, Monday 3 August.
		{"WorkingOverMerchantsDay", "2026-07-31", 1, WorkingDays, "2026-08-04"},
		// Christmas: 24, 25 and 26 December and 31 December are not counted, nor 1 January.
		{"WorkingOverChristmas", "2026-12-23", 1, WorkingDays, "2026-12-28"},
		{"WorkingOverNewYear", "2026-12-30", 1, WorkingDays, "2027-01-04"},
		{"WorkingBeforeNewYear", "2027-01-04", -2, WorkingDays, "2026-12-29"},
		{"WorkingStartOnNewYearsDay", "2027-01-01", 0, WorkingDays, "2027-01-04"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := DueDate(day0(t, tc.start), tc.offset, tc.rule)
			if !got.Equal(day0(t, tc.want)) {
				t.Errorf("DueDate(%s, %d) = %s (%s), want %s", tc.start, tc.offset,
					got.Format(time.DateOnly), got.Weekday(), tc.want)
			}
		})
	}
}

// TestDueDateStartTime: a start given at another time of day, or in another zone, counts
// from the day it falls on in UTC, and the due date is midnight UTC.
func TestDueDateStartTime(t *testing.T) {
	start := time.Date(2026, time.March, 2, 23, 30, 0, 0, time.FixedZone("UTC-1", -3600)) // 3 March 00:30 UTC
	for _, rule := range []Rule{Calendar, WorkingDays} {
		if got := DueDate(start, 1, rule); got != day0(t, "2026-03-04") {
			t.Errorf("rule %d: DueDate = %v, want 2026-03-04 midnight UTC", rule, got)
		}
	}
}

// TestRuleNamed: handbok.yaml's names of the rules; anything else, an older manifest's
// empty name included, is the calendar.
func TestRuleNamed(t *testing.T) {
	for name, want := range map[string]Rule{"working_days": WorkingDays, "calendar": Calendar, "": Calendar} {
		if got := RuleNamed(name); got != want {
			t.Errorf("RuleNamed(%q) = %v, want %v", name, got, want)
		}
	}
}
