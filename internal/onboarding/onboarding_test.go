package onboarding

import (
	"slices"
	"testing"
	"time"

	"github.com/handbok/handbok/internal/manifest"
	"github.com/handbok/handbok/internal/people"
)

// TestAssigned: the organisation-wide checklists and those of the person's workplaces, in
// the manifest's order, each only for the roles it is for; nothing for a disabled person.
func TestAssigned(t *testing.T) {
	everyone := []manifest.Checklist{
		{ID: "allir"},
		{ID: "laug/mottaka", Workplace: "laug"},
		{ID: "skoli/mottaka", Workplace: "skoli"},
		{ID: "stjornendur"},
		{ID: "laug/vaktstjorar", Workplace: "laug"},
	}
	byRole := slices.Clone(everyone)
	byRole[3].For = []string{"Supervisor ", "admin"}
	byRole[4].For = []string{"supervisor", " Laugarvörður"}
	for _, tc := range []struct {
		name string
		p    people.Person
		cls  []manifest.Checklist
		want []string
	}{
		{"NoWorkplace", people.Person{Role: people.Employee}, everyone, []string{"allir", "stjornendur"}},
		{"OneWorkplace", people.Person{Role: people.Employee, Workplaces: []string{"laug"}}, everyone,
			[]string{"allir", "laug/mottaka", "stjornendur", "laug/vaktstjorar"}},
		{"TwoWorkplaces", people.Person{Role: people.Employee, Workplaces: []string{"skoli", "laug"}}, everyone,
			[]string{"allir", "laug/mottaka", "skoli/mottaka", "stjornendur", "laug/vaktstjorar"}},
		{"EmployeeByRole", people.Person{Role: people.Employee, Workplaces: []string{"laug"}}, byRole,
			[]string{"allir", "laug/mottaka"}},
		{"SupervisorByRole", people.Person{Role: people.Supervisor, Workplaces: []string{"laug"}}, byRole,
			[]string{"allir", "laug/mottaka", "stjornendur", "laug/vaktstjorar"}},
		{"AdminByRole", people.Person{Role: people.Admin}, byRole, []string{"allir", "stjornendur"}},
		{"EmployeeByTitle", people.Person{Role: people.Employee, Title: "laugarvörður ", Workplaces: []string{"laug"}}, byRole,
			[]string{"allir", "laug/mottaka", "laug/vaktstjorar"}},
		{"OtherTitle", people.Person{Role: people.Employee, Title: "Kennari", Workplaces: []string{"laug"}}, byRole,
			[]string{"allir", "laug/mottaka"}},
		{"Disabled", people.Person{Role: people.Employee, Workplaces: []string{"laug"}, Disabled: true}, everyone, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, c := range Assigned(tc.p, tc.cls) {
				got = append(got, c.ID)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

// TestIsNewHire: from the start day for the window's days, not before the start, not
// without a start date, not when disabled; a window of 0 is the default.
func TestIsNewHire(t *testing.T) {
	start := day0(t, "2026-09-01")
	at := func(s string) time.Time {
		d, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	for _, tc := range []struct {
		name              string
		p                 people.Person
		now               time.Time
		window            int
		newHire, upcoming bool
	}{
		{"StartDay", people.Person{Start: start}, at("2026-09-01T08:00:00Z"), 90, true, false},
		{"DayBefore", people.Person{Start: start}, at("2026-08-31T23:59:59Z"), 90, false, true},
		{"LastDay", people.Person{Start: start}, at("2026-11-29T23:00:00Z"), 90, true, false},
		{"DayAfterWindow", people.Person{Start: start}, at("2026-11-30T00:00:00Z"), 90, false, false},
		{"DefaultWindowLastDay", people.Person{Start: start}, at("2026-11-29T12:00:00Z"), 0, true, false},
		{"DefaultWindowOver", people.Person{Start: start}, at("2026-11-30T12:00:00Z"), 0, false, false},
		{"ShortWindow", people.Person{Start: start}, at("2026-09-08T12:00:00Z"), 7, false, false},
		{"NoStart", people.Person{}, at("2026-09-01T12:00:00Z"), 90, false, false},
		{"NoStartHugeWindow", people.Person{}, at("2026-09-01T12:00:00Z"), 1 << 30, false, false},
		{"Disabled", people.Person{Start: start, Disabled: true}, at("2026-09-02T12:00:00Z"), 90, false, false},
		{"MarkedFinished", people.Person{Start: start, Onboarded: day0(t, "2026-09-20")}, at("2026-09-21T12:00:00Z"), 90, false, false},
		{"DisabledBefore", people.Person{Start: start, Disabled: true}, at("2026-08-30T12:00:00Z"), 90, false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := IsNewHire(tc.p, tc.now, tc.window); got != tc.newHire {
				t.Errorf("IsNewHire = %v, want %v", got, tc.newHire)
			}
			if got := IsUpcoming(tc.p, tc.now); got != tc.upcoming {
				t.Errorf("IsUpcoming = %v, want %v", got, tc.upcoming)
			}
		})
	}
}
