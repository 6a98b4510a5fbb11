package onboarding

import "time"

// Holiday is an Icelandic public holiday.
type Holiday struct {
	Date time.Time // midnight UTC
	Name string    // its Icelandic name
}

// Holidays returns Iceland's public holidays in year (almennir frídagar, 2. gr. laga nr.
// 88/1971 um 40 stunda vinnuviku), in the order of the year.
// Christmas Eve and New Year's Eve are holidays from noon only; a due date counts them as
// whole holidays, since an item due on the afternoon of either is as good as due the
// next working day. A holiday that falls on a weekend gives no day off in its place.
func Holidays(year int) []Holiday {
	easter := Easter(year)
	rel := func(days int) time.Time { return easter.AddDate(0, 0, days) }
	on := func(m time.Month, d int) time.Time { return time.Date(year, m, d, 0, 0, 0, 0, time.UTC) }
	return []Holiday{
		{on(time.January, 1), "Nýársdagur"},
		{rel(-3), "Skírdagur"},
		{rel(-2), "Föstudagurinn langi"},
		{easter, "Páskadagur"},
		{rel(1), "Annar í páskum"},
		{weekdayAfter(on(time.April, 18), time.Thursday), "Sumardagurinn fyrsti"},
		{on(time.May, 1), "Fyrsti maí"},
		{rel(39), "Uppstigningardagur"},
		{rel(49), "Hvítasunnudagur"},
		{rel(50), "Annar í hvítasunnu"},
		{on(time.June, 17), "Þjóðhátíðardagurinn"},
		{weekdayAfter(on(time.July, 31), time.Monday), "Frídagur verslunarmanna"},
		{on(time.December, 24), "Aðfangadagur"},
		{on(time.December, 25), "Jóladagur"},
		{on(time.December, 26), "Annar í jólum"},
		{on(time.December, 31), "Gamlársdagur"},
	}
}

// IsHoliday reports whether the day t falls on (in UTC) is an Icelandic public holiday.
func IsHoliday(t time.Time) bool {
	d := day(t)
	for _, h := range Holidays(d.Year()) {
		if h.Date.Equal(d) {
			return true
		}
	}
	return false
}

// weekdayAfter returns the first day after d (not d itself) that is a wd.
func weekdayAfter(d time.Time, wd time.Weekday) time.Time {
	n := (int(wd)-int(d.Weekday())+6)%7 + 1
	return d.AddDate(0, 0, n)
}

// Easter returns Easter Sunday of year in the Gregorian calendar, as midnight UTC,
// worked out with the anonymous Gregorian algorithm (Meeus/Jones/Butcher).
func Easter(year int) time.Time {
	a := year % 19             // the year's place in the 19-year Metonic cycle
	b, c := year/100, year%100 // century, year in century
	d, e := b/4, b%4
	f := (b + 8) / 25
	g := (b - f + 1) / 3
	h := (19*a + b - d - g + 15) % 30 // days from 21 March to the Paschal full moon, near enough
	i, k := c/4, c%4
	l := (32 + 2*e + 2*i - h - k) % 7 // days from the full moon to the next Sunday
	m := (a + 11*h + 22*l) / 451
	month := (h + l - 7*m + 114) / 31
	dayOf := (h+l-7*m+114)%31 + 1
	return time.Date(year, time.Month(month), dayOf, 0, 0, 0, 0, time.UTC)
}
