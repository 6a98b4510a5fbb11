package duty

import (
	"slices"
	"testing"
	"time"

	"github.com/handbok/handbok/internal/people"
	"github.com/handbok/handbok/internal/store"
)

// matrixFixture is a small organisation: the pool (laug) and the school (skoli), a policy
// for everyone, one of each workplace, and people in one, both or none of them.
func matrixFixture(t *testing.T) ([]people.Person, []Policy, []store.Acknowledgment, time.Time) {
	start := day(t, "2026-01-01")
	person := func(email, name string, start time.Time, workplaces ...string) people.Person {
		return people.Person{Email: email, Name: name, Start: start, Workplaces: workplaces}
	}
	staff := []people.Person{
		person("orn@x.is", "Örn", start, "laug"),
		person("thora@x.is", "Þóra", start, "laug"),
		person("bara@x.is", "Bára", start, "laug"),
		person("asta@x.is", "Ásta", start, "laug"),
		person("ari@x.is", "Ari", start, "laug", "skoli"),
		person("dora@x.is", "Dóra", start, "skoli"),
		person("jon@x.is", "Jón", time.Time{}),
		{Email: "gamli@x.is", Name: "Gamli", Start: start, Workplaces: []string{"laug"}, Disabled: true},
		person("ny@x.is", "Ný", day(t, "2026-02-25"), "laug"), // not yet due
		person("seinn@x.is", "Seinn", day(t, "2026-01-20"), "laug"),
	}
	ps := []Policy{
		{ID: "thjonusta", Title: "Þjónustustefna", Version: 2, Within: 14, Since: at(t, "2026-01-10T09:00:00Z")},                     // due 24 Jan; 20 Jan start → 3 Feb
		{ID: "laug/oryggi", Title: "Öryggisreglur", Workplace: "laug", Version: 1, Within: 30, Since: at(t, "2025-12-01T09:00:00Z")}, // due 31 Jan; 20 Jan start → 19 Feb
		{ID: "skoli/reglur", Title: "Skólareglur", Workplace: "skoli", Version: 1, Within: 14, Since: at(t, "2025-12-01T09:00:00Z")},
	}
	ack := func(email, policy string, version int) store.Acknowledgment {
		return store.Acknowledgment{Email: email, Policy: policy, Version: version, At: at(t, "2026-01-05T10:00:00Z")}
	}
	acks := []store.Acknowledgment{
		ack("thora@x.is", "thjonusta", 2), ack("thora@x.is", "laug/oryggi", 1),
		ack("bara@x.is", "thjonusta", 2), ack("bara@x.is", "laug/oryggi", 1),
		ack("asta@x.is", "thjonusta", 1), ack("asta@x.is", "laug/oryggi", 1), // an older version: overdue since 24 Jan
		ack("ari@x.is", "thjonusta", 2), ack("ari@x.is", "skoli/reglur", 1), // oryggi overdue since 31 Jan
		// Örn: nothing, both overdue, the oldest since 24 Jan
		ack("gamli@x.is", "thjonusta", 2),
		ack("dora@x.is", "thjonusta", 2),
		// Seinn: nothing; thjonusta due 3 Feb, oryggi 19 Feb: overdue since 3 Feb
	}
	return staff, ps, acks, at(t, "2026-03-01T12:00:00Z")
}

// TestMatrix: the people of the workplace by its policies and those for everyone; the
// people with anything overdue first, the longest overdue first, then the most overdue,
// then by name in Icelandic alphabetical order; completion per policy.
func TestMatrix(t *testing.T) {
	staff, ps, acks, now := matrixFixture(t)
	tbl := Matrix(staff, ps, acks, "laug", nil, now)
	var cols []string
	for _, c := range tbl.Columns {
		cols = append(cols, c.Policy.ID)
	}
	if !slices.Equal(cols, []string{"thjonusta", "laug/oryggi"}) {
		t.Errorf("columns %v", cols)
	}
	var rows []string
	for _, r := range tbl.Rows {
		rows = append(rows, r.Person.Name)
		if len(r.Statuses) != len(tbl.Columns) {
			t.Errorf("%s: %d statuses for %d columns", r.Person.Name, len(r.Statuses), len(tbl.Columns))
		}
		for j, st := range r.Statuses {
			if st.Policy.ID != tbl.Columns[j].Policy.ID {
				t.Errorf("%s: status %d is of %s, its column %s", r.Person.Name, j, st.Policy.ID, tbl.Columns[j].Policy.ID)
			}
		}
	}
	// Örn and Ásta are overdue since 24 January, Örn with two; Ari since 31 January;
	// Seinn since 3 February. Then the others by name (Þ before Ö in Icelandic, as
	// TestMatrixOther shows).
	want := []string{"Örn", "Ásta", "Ari", "Seinn", "Bára", "Ný", "Þóra"}
	if !slices.Equal(rows, want) {
		t.Errorf("rows\n got %v\nwant %v", rows, want)
	}
	byName := map[string]Row{}
	for _, r := range tbl.Rows {
		byName[r.Person.Name] = r
	}
	if r := byName["Örn"]; r.Overdue != 2 || !r.OverdueSince.Equal(day(t, "2026-01-24")) {
		t.Errorf("Örn: %d overdue since %v", r.Overdue, r.OverdueSince)
	}
	if r := byName["Ásta"]; r.Overdue != 1 || r.Statuses[0].State != Older || r.Statuses[1].State != Current {
		t.Errorf("Ásta: %+v", r)
	}
	if r := byName["Ný"]; r.Overdue != 0 || !r.Statuses[1].Due.Equal(day(t, "2026-03-27")) {
		t.Errorf("Ný: %+v", r)
	}
	var done []int
	for _, c := range tbl.Columns {
		if c.People != 7 {
			t.Errorf("%s: %d people, want 7", c.Policy.ID, c.People)
		}
		done = append(done, c.Current)
	}
	if !slices.Equal(done, []int{3, 3}) {
		t.Errorf("current per column %v, want [3 3]", done) // Þóra, Bára, Ari; Þóra, Bára, Ásta
	}
}

// TestMatrixChecklists: a new hire whose checklist has a policy due sooner than its own
// rule is overdue by the checklist's day, and sorts with the overdue.
func TestMatrixChecklists(t *testing.T) {
	staff, ps, acks, now := matrixFixture(t)
	cl := func(p people.Person) map[string]time.Time {
		if p.Email != "ny@x.is" {
			return nil
		}
		return map[string]time.Time{"laug/oryggi": day(t, "2026-02-28")} // 3 days after the start
	}
	tbl := Matrix(staff, ps, acks, "laug", cl, now)
	var rows []string
	for _, r := range tbl.Rows {
		rows = append(rows, r.Person.Name)
	}
	if want := []string{"Örn", "Ásta", "Ari", "Seinn", "Ný", "Bára", "Þóra"}; !slices.Equal(rows, want) {
		t.Errorf("rows\n got %v\nwant %v", rows, want)
	}
	r := tbl.Rows[4]
	if r.Overdue != 1 || !r.OverdueSince.Equal(day(t, "2026-02-28")) || !r.Statuses[1].Due.Equal(day(t, "2026-02-28")) {
		t.Errorf("Ný: %d overdue since %v, due %v", r.Overdue, r.OverdueSince, r.Statuses[1].Due)
	}
	if d := r.Statuses[0].Due; !d.Equal(day(t, "2026-03-11")) {
		t.Errorf("Ný's thjonusta, not on the checklist: due %v, want its own 11 March", d)
	}
}

// TestMatrixOther: another workplace has its own policies and people; "" has everyone
// who is not disabled and the policies for everyone.
func TestMatrixOther(t *testing.T) {
	staff, ps, acks, now := matrixFixture(t)
	tests := []struct {
		workplace  string
		cols, rows []string
	}{
		{"skoli", []string{"thjonusta", "skoli/reglur"}, []string{"Dóra", "Ari"}},
		{"", []string{"thjonusta"}, []string{"Ásta", "Jón", "Örn", "Seinn", "Ari", "Bára", "Dóra", "Ný", "Þóra"}}, // Jón: no start, due from the version
		{"enginn", []string{"thjonusta"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.workplace, func(t *testing.T) {
			tbl := Matrix(staff, ps, acks, tt.workplace, nil, now)
			var cols, rows []string
			for _, c := range tbl.Columns {
				cols = append(cols, c.Policy.ID)
			}
			for _, r := range tbl.Rows {
				rows = append(rows, r.Person.Name)
			}
			if !slices.Equal(cols, tt.cols) || !slices.Equal(rows, tt.rows) {
				t.Errorf("columns %v rows %v\nwant %v %v", cols, rows, tt.cols, tt.rows)
			}
		})
	}
}
