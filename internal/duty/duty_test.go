package duty

import (
	"testing"
	"time"

	"github.com/handbok/handbok/internal/manifest"
	"github.com/handbok/handbok/internal/people"
	"github.com/handbok/handbok/internal/store"
)

// day is midnight UTC of a day written YYYY-MM-DD.
func day(t testing.TB, s string) time.Time {
	t.Helper()
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// at is a time written RFC 3339.
func at(t testing.TB, s string) time.Time {
	t.Helper()
	d, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestPolicies: only the policies that staff must acknowledge, in the manifest's order,
// with the days of the manifest (14 when it gives none) and the time their current
// version was first served, not an older one's.
func TestPolicies(t *testing.T) {
	m := &manifest.Manifest{Policies: []manifest.Policy{
		{ID: "a", Title: "A", URL: "a.html", Version: 2, Revision: "r2", Acknowledge: true, AcknowledgeWithin: 30},
		{ID: "b", Title: "B", Acknowledge: false, AcknowledgeWithin: 14},
		{ID: "laug/c", Title: "C", URL: "laug/c.html", Workplace: "laug", Version: 1, Acknowledge: true},
	}}
	served := map[store.PolicyVersion]time.Time{
		{Policy: "a", Version: 1}:      at(t, "2026-01-01T10:00:00Z"),
		{Policy: "a", Version: 2}:      at(t, "2026-02-01T10:00:00Z"),
		{Policy: "laug/c", Version: 2}: at(t, "2026-03-01T10:00:00Z"),
	}
	got := Policies(m, served)
	want := []Policy{
		{ID: "a", Title: "A", URL: "a.html", Version: 2, Revision: "r2", Within: 30, Since: at(t, "2026-02-01T10:00:00Z")},
		{ID: "laug/c", Title: "C", URL: "laug/c.html", Workplace: "laug", Version: 1, Within: 14},
	}
	if len(got) != len(want) {
		t.Fatalf("got %+v\nwant %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("policy %d:\n got %+v\nwant %+v", i, got[i], want[i])
		}
	}
}

// TestDueDay: due the given days after the later of the start day and the day the
// version was first served, counted in calendar days of UTC; no due day without either.
func TestDueDay(t *testing.T) {
	tests := []struct {
		name         string
		start, since time.Time
		within       int
		want         string // "" for none
	}{
		{"the start day alone", day(t, "2026-03-01"), time.Time{}, 14, ""},
		{"from the version", time.Time{}, at(t, "2026-03-01T18:30:00Z"), 14, "2026-03-15"},
		{"the version, later than the start", day(t, "2025-06-01"), at(t, "2026-03-01T09:00:00Z"), 14, "2026-03-15"},
		{"the start, later than the version", day(t, "2026-04-20"), at(t, "2026-03-01T09:00:00Z"), 14, "2026-05-04"},
		{"the version served on the start day", day(t, "2026-03-01"), at(t, "2026-03-01T23:59:00Z"), 1, "2026-03-02"},
		{"calendar days over a month's end and a weekend", day(t, "2026-02-20"), at(t, "2026-02-01T12:00:00Z"), 10, "2026-03-02"},
		{"a UTC day, whatever the zone", time.Time{}, at(t, "2026-03-02T01:00:00+03:00"), 1, "2026-03-02"},
		{"neither known", time.Time{}, time.Time{}, 14, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := DueDay(tt.start, tt.since, tt.within)
			if tt.want == "" {
				if !got.IsZero() {
					t.Errorf("due %v, want none", got)
				}
				return
			}
			if !got.Equal(day(t, tt.want)) || got.Location() != time.UTC {
				t.Errorf("due %v, want %s at midnight UTC", got, tt.want)
			}
		})
	}
}

// TestDue: a checklist's day wins when it is sooner than the policy's own and the
// version was out by its end; a version served later, or no due day at all, is not
// moved by it.
func TestDue(t *testing.T) {
	anna := people.Person{Email: "anna@example.is", Start: day(t, "2026-03-01")}
	pol := Policy{ID: "p", Within: 14, Since: at(t, "2026-02-01T09:00:00Z")}
	tests := []struct {
		name      string
		since     time.Time
		checklist string // "" for none
		want      string // "" for none
	}{
		{"no checklist: the policy's own", pol.Since, "", "2026-03-15"},
		{"a sooner checklist day", pol.Since, "2026-03-08", "2026-03-08"},
		{"a later checklist day: the policy's own", pol.Since, "2026-03-31", "2026-03-15"},
		{"a checklist day before the start", pol.Since, "2026-02-27", "2026-02-27"},
		{"a version served on the checklist's day", at(t, "2026-03-08T23:00:00Z"), "2026-03-08", "2026-03-08"},
		{"a version served after the checklist's day", at(t, "2026-03-09T00:00:00Z"), "2026-03-08", "2026-03-23"},
		{"a version not known to be served", time.Time{}, "2026-03-08", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := pol
			p.Since = tt.since
			var cl time.Time
			if tt.checklist != "" {
				cl = day(t, tt.checklist)
			}
			got := Due(anna, p, cl)
			if (tt.want == "" && !got.IsZero()) || (tt.want != "" && !got.Equal(day(t, tt.want))) {
				t.Errorf("due %v, want %q", got, tt.want)
			}
		})
	}
}

// TestStatus: where one person stands with one policy, and when it is overdue: from the
// first moment after the due day, never for the current version or without a due day.
func TestStatus(t *testing.T) {
	pol := Policy{ID: "p", Title: "P", Version: 3, Within: 14, Since: at(t, "2026-02-01T09:00:00Z")}
	unserved := pol
	unserved.Since = time.Time{}
	anna := people.Person{Email: "anna@example.is", Name: "Anna", Start: day(t, "2026-03-01")}
	ack := func(version int, when string) store.Acknowledgment {
		return store.Acknowledgment{Email: anna.Email, Policy: "p", Version: version, At: at(t, when)}
	}
	v1 := ack(1, "2026-03-02T08:00:00Z")
	v2 := ack(2, "2026-03-03T08:00:00Z")
	v3 := ack(3, "2026-03-04T08:00:00Z")
	other := store.Acknowledgment{Email: "bjarni@example.is", Policy: "p", Version: 3, At: at(t, "2026-03-02T08:00:00Z")}
	otherPolicy := store.Acknowledgment{Email: anna.Email, Policy: "q", Version: 3, At: at(t, "2026-03-02T08:00:00Z")}
	endOfDueDay := at(t, "2026-03-15T23:59:59.999999999Z")
	afterDueDay := at(t, "2026-03-16T00:00:00Z")
	tests := []struct {
		name    string
		person  people.Person
		pol     *Policy // nil: pol
		acks    []store.Acknowledgment
		now     time.Time
		state   State
		acked   store.Acknowledgment
		overdue bool
	}{
		{"never, on the due day's last moment", anna, nil, nil, endOfDueDay, Never, store.Acknowledgment{}, false},
		{"never, the day after", anna, nil, nil, afterDueDay, Never, store.Acknowledgment{}, true},
		{"others' and another policy's do not count", anna, nil, []store.Acknowledgment{other, otherPolicy}, afterDueDay, Never, store.Acknowledgment{}, true},
		{"older: the latest of them", anna, nil, []store.Acknowledgment{v2, v1}, afterDueDay, Older, v2, true},
		{"older: the latest, in the store's order", anna, nil, []store.Acknowledgment{v1, v2}, afterDueDay, Older, v2, true},
		{"older, in time", anna, nil, []store.Acknowledgment{v1}, endOfDueDay, Older, v1, false},
		{"current, whatever came before", anna, nil, []store.Acknowledgment{v1, v3, v2}, afterDueDay, Current, v3, false},
		{"a version not known to be served: no due day, never overdue", anna, &unserved, nil, at(t, "2036-01-01T00:00:00Z"), Never, store.Acknowledgment{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := pol
			if tt.pol != nil {
				p = *tt.pol
			}
			sts := For(tt.person, []Policy{p}, tt.acks, nil, tt.now)
			if len(sts) != 1 {
				t.Fatalf("statuses: %+v", sts)
			}
			st := sts[0]
			if st.State != tt.state || st.Acked != tt.acked || st.Overdue != tt.overdue {
				t.Errorf("got %v acked %+v overdue %v\nwant %v acked %+v overdue %v",
					st.State, st.Acked, st.Overdue, tt.state, tt.acked, tt.overdue)
			}
			if st.Policy != p {
				t.Errorf("policy %+v", st.Policy)
			}
			if want := day(t, "2026-03-15"); tt.pol == nil && !st.Due.Equal(want) || tt.pol != nil && !st.Due.IsZero() {
				t.Errorf("due %v", st.Due)
			}
		})
	}
}

// TestApplies: a policy for everyone applies to everyone; a workplace's to its people
// only; a disabled person has no duties.
func TestApplies(t *testing.T) {
	ps := []Policy{
		{ID: "thjonusta", Title: "Þjónustustefna", Version: 1, Within: 14},
		{ID: "laug/oryggi", Title: "Öryggisreglur", Workplace: "laug", Version: 1, Within: 14},
		{ID: "skoli/reglur", Title: "Skólareglur", Workplace: "skoli", Version: 1, Within: 14},
	}
	tests := []struct {
		name   string
		person people.Person
		want   []string
	}{
		{"no workplace", people.Person{Email: "a@x.is", Role: people.Admin}, []string{"thjonusta"}},
		{"one workplace", people.Person{Email: "b@x.is", Workplaces: []string{"laug"}}, []string{"laug/oryggi", "thjonusta"}},
		{"two workplaces", people.Person{Email: "c@x.is", Workplaces: []string{"skoli", "laug"}}, []string{"laug/oryggi", "skoli/reglur", "thjonusta"}},
		{"disabled", people.Person{Email: "d@x.is", Workplaces: []string{"laug"}, Disabled: true}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, st := range For(tt.person, ps, nil, nil, time.Time{}) {
				got = append(got, st.Policy.ID)
			}
			// The order is TestForOrder's.
			if !sameSet(got, tt.want) {
				t.Errorf("policies %v, want %v", got, tt.want)
			}
		})
	}
}

func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	seen := map[string]int{}
	for _, s := range a {
		seen[s]++
	}
	for _, s := range b {
		seen[s]--
	}
	for _, n := range seen {
		if n != 0 {
			return false
		}
	}
	return true
}

// TestForOrder: what is still to do comes first, the one due first at the top and those
// without a due day last, then in Icelandic alphabetical order of title; then what is done.
func TestForOrder(t *testing.T) {
	anna := people.Person{Email: "anna@example.is"} // start unknown: due days come from the versions
	since := func(s string) time.Time { return at(t, s+"T12:00:00Z") }
	ps := []Policy{
		{ID: "done-early", Title: "Aðgengi", Version: 1, Within: 1, Since: since("2026-01-01")},
		{ID: "none-b", Title: "Öryggi", Version: 1, Within: 1},
		{ID: "none-a", Title: "Þagnarskylda", Version: 1, Within: 1},
		{ID: "late", Title: "Ábyrgð", Version: 1, Within: 1, Since: since("2026-05-01")},
		{ID: "early-b", Title: "Bókun", Version: 2, Within: 1, Since: since("2026-02-01")},
		{ID: "early-a", Title: "Ásýnd", Version: 1, Within: 1, Since: since("2026-02-01")},
		{ID: "done-none", Title: "Agi", Version: 1, Within: 1},
	}
	acks := []store.Acknowledgment{
		{Email: anna.Email, Policy: "done-early", Version: 1},
		{Email: anna.Email, Policy: "done-none", Version: 1},
		{Email: anna.Email, Policy: "early-b", Version: 1},
	}
	var got []string
	for _, st := range For(anna, ps, acks, nil, since("2026-03-01")) {
		got = append(got, st.Policy.Title)
	}
	want := []string{"Ásýnd", "Bókun", "Ábyrgð", "Þagnarskylda", "Öryggi", "Aðgengi", "Agi"}
	if len(got) != len(want) {
		t.Fatalf("got %q\nwant %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("got %q\nwant %q", got, want)
		}
	}
}
