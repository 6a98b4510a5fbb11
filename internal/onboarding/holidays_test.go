package onboarding

import (
	"testing"
	"time"
)

// day0 is midnight UTC of a day written YYYY-MM-DD.
func day0(t testing.TB, s string) time.Time {
	t.Helper()
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestEaster: Easter Sunday as the churches publish it, including the earliest and
// latest dates it can fall on (22 March 2285, 25 April 2038) and the years whose full
// moon the algorithm must move a week back (1954, 1981, 2049, 2076).
func TestEaster(t *testing.T) {
	for year, want := range map[int]string{
		2024: "2024-03-31", 2025: "2025-04-20", 2026: "2026-04-05", 2027: "2027-03-28",
		2028: "2028-04-16", 2029: "2029-04-01", 2030: "2030-04-21", 2000: "2000-04-23",
		2019: "2019-04-21", 2038: "2038-04-25", 2285: "2285-03-22", 1961: "1961-04-02",
		1954: "1954-04-18", 1981: "1981-04-19", 2049: "2049-04-18", 2076: "2076-04-19",
	} {
		if got := Easter(year); !got.Equal(day0(t, want)) {
			t.Errorf("Easter(%d) = %s, want %s", year, got.Format(time.DateOnly), want)
		}
	}
}

// TestHolidays2026: every public holiday of 2026, and nothing else.
func TestHolidays2026(t *testing.T) {
	want := []string{
		"2026-01-01", // nýársdagur
		"2026-04-02", // skírdagur
		"2026-04-03", // föstudagurinn langi
		"2026-04-05", // páskadagur
		"2026-04-06", // annar í páskum
		"2026-04-23", // sumardagurinn fyrsti: 18 April is a Saturday
		"2026-05-01",
		"2026-05-14", // uppstigningardagur
		"2026-05-24", // hvítasunnudagur
		"2026-05-25", // annar í hvítasunnu
		"2026-06-17",
		"2026-08-03", // frídagur verslunarmanna: 1 August is a Saturday
		"2026-12-24", "2026-12-25", "2026-12-26", "2026-12-31",
	}
	got := Holidays(2026)
	if len(got) != len(want) {
		t.Fatalf("got %d holidays, want %d: %v", len(got), len(want), got)
	}
	for i, w := range want {
		if !got[i].Date.Equal(day0(t, w)) {
			t.Errorf("holiday %d (%s) = %s, want %s", i, got[i].Name, got[i].Date.Format(time.DateOnly), w)
		}
	}
	holidays := 0
	for d := day0(t, "2026-01-01"); d.Year() == 2026; d = d.AddDate(0, 0, 1) {
		if IsHoliday(d) {
			holidays++
		}
	}
	if holidays != len(want) {
		t.Errorf("IsHoliday is true on %d days of 2026, want %d", holidays, len(want))
	}
}

// TestMovingHolidays: the first Thursday after 18 April and the first Monday of August,
// when the 18th is itself a Thursday and the 1st itself a Monday, and otherwise.
func TestMovingHolidays(t *testing.T) {
	for _, tc := range []struct {
		year                 int
		summer, merchantsDay string
	}{
		{2024, "2024-04-25", "2024-08-05"}, // 18 April is a Thursday: the next one
		{2025, "2025-04-24", "2025-08-04"}, // 18 April is Good Friday
		{2022, "2022-04-21", "2022-08-01"}, // 1 August is a Monday: that day
		{2030, "2030-04-25", "2030-08-05"},
	} {
		hs := Holidays(tc.year)
		if got := hs[5].Date; !got.Equal(day0(t, tc.summer)) {
			t.Errorf("sumardagurinn fyrsti %d = %s, want %s", tc.year, got.Format(time.DateOnly), tc.summer)
		}
		if got := hs[11].Date; !got.Equal(day0(t, tc.merchantsDay)) {
			t.Errorf("frídagur verslunarmanna %d = %s, want %s", tc.year, got.Format(time.DateOnly), tc.merchantsDay)
		}
	}
}

// TestIsWorkingDay: weekends and holidays are not, other days are, whatever the time of
// day.
func TestIsWorkingDay(t *testing.T) {
	for _, tc := range []struct {
		at   string
		want bool
	}{
		{"2026-12-04T09:00:00Z", true},  // Friday
		{"2026-12-05T09:00:00Z", false}, // Saturday
		{"2026-12-06T23:59:59Z", false}, // Sunday
		{"2026-12-07T00:00:00Z", true},  // Monday
		{"2026-12-24T08:00:00Z", false}, // aðfangadagur, counted whole
		{"2026-12-31T08:00:00Z", false}, // gamlársdagur, counted whole
		{"2026-06-17T12:00:00Z", false},
		{"2026-06-18T12:00:00Z", true},
	} {
		at, err := time.Parse(time.RFC3339, tc.at)
		if err != nil {
			t.Fatal(err)
		}
		if got := IsWorkingDay(at); got != tc.want {
			t.Errorf("IsWorkingDay(%s) = %v, want %v", tc.at, got, tc.want)
		}
	}
}
