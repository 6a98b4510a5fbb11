package duty

import (
	"bytes"
	"cmp"
	"slices"
	"time"

	"github.com/handbok/handbok/internal/people"
	"github.com/handbok/handbok/internal/store"
)

// Table is the matrix of a workplace: its people by the policies that apply to it.
type Table struct {
	Workplace string
	Columns   []Column
	Rows      []Row
}

// Column is a policy of the table, with how far its people are with it.
type Column struct {
	Policy Policy
	// Current is how many of the table's people acknowledged the current version, of
	// People.
	Current, People int
}

// Row is one person and where they stand with each of the table's policies.
type Row struct {
	Person   people.Person
	Statuses []Status // one for each column, in the same order
	// Overdue is how many of the policies are overdue; OverdueSince the earliest due
	// day among them, zero when none is.
	Overdue      int
	OverdueSince time.Time
}

// Matrix returns where each person of a workplace (by slug) stands with each policy of
// ps that applies there, its own and those for everyone, at now. workplace "" gives
// everyone and the policies for everyone. Disabled people are left out. People with
// anything overdue come first, the longest overdue at the top (then the most policies
// overdue), then everyone by name in Icelandic alphabetical order.
//
// acks may hold anyone's acknowledgments; each is looked at once. cl gives the days
// each person's onboarding checklists set (see Due).
func Matrix(staff []people.Person, ps []Policy, acks []store.Acknowledgment, workplace string, cl Checklists, now time.Time) Table {
	t := Table{Workplace: workplace}
	var cols []Policy
	for _, pol := range ps {
		if pol.Workplace == "" || pol.Workplace == workplace {
			cols = append(cols, pol)
		}
	}
	row := map[string]int{} // by email
	for _, p := range staff {
		if !p.Disabled && (workplace == "" || slices.Contains(p.Workplaces, workplace)) {
			row[p.Email] = len(t.Rows)
			t.Rows = append(t.Rows, Row{Person: p})
		}
	}
	byRow := groupByRow(acks, row, len(t.Rows))
	index := indexByID(cols)
	found := make([]acked, len(cols))
	for i := range t.Rows {
		r := &t.Rows[i]
		clear(found)
		for _, k := range byRow.of(i) {
			note(cols, index, found, &acks[k])
		}
		r.Statuses = make([]Status, len(cols))
		days := cl.of(r.Person)
		for j, pol := range cols {
			st := &r.Statuses[j]
			setStatus(st, r.Person, pol, &found[j], days[pol.ID], now)
			if st.Overdue {
				r.Overdue++
				if r.OverdueSince.IsZero() || st.Due.Before(r.OverdueSince) {
					r.OverdueSince = st.Due
				}
			}
		}
	}
	t.Columns = columns(cols, t.Rows)
	sortRows(t.Rows)
	return t
}

// grouped is the indexes of acknowledgments grouped by row, each row's in their order:
// those of row i are at[start[i]:start[i+1]].
type grouped struct {
	at    []int32
	start []int32
}

func (g grouped) of(i int) []int32 { return g.at[g.start[i]:g.start[i+1]] }

// groupByRow groups acks by the row of their email (row: by email), in two passes that
// hold an index of each rather than a copy: a large organisation has many.
func groupByRow(acks []store.Acknowledgment, row map[string]int, rows int) grouped {
	rowOf := make([]int32, len(acks))
	g := grouped{start: make([]int32, rows+1)}
	for k := range acks {
		i, ok := row[acks[k].Email]
		if !ok {
			rowOf[k] = -1
			continue
		}
		rowOf[k] = int32(i)
		g.start[i+1]++
	}
	for i := range rows {
		g.start[i+1] += g.start[i]
	}
	g.at = make([]int32, g.start[rows])
	next := slices.Clone(g.start[:rows])
	for k, i := range rowOf {
		if i >= 0 {
			g.at[next[i]] = int32(k)
			next[i]++
		}
	}
	return g
}

// columns counts, for each policy, the rows that acknowledged its current version.
func columns(ps []Policy, rows []Row) []Column {
	cols := make([]Column, len(ps))
	for j, pol := range ps {
		cols[j] = Column{Policy: pol, People: len(rows)}
	}
	for _, r := range rows {
		for j, st := range r.Statuses {
			if st.State == Current {
				cols[j].Current++
			}
		}
	}
	return cols
}

// sortRows puts the people with anything overdue first, the longest overdue (then the
// most overdue) at the top, then orders by name, then by email for people of one name.
func sortRows(rows []Row) {
	c := newCollator()
	keys := make(map[string][]byte, len(rows))
	for _, r := range rows {
		keys[r.Person.Email] = c.key(r.Person.Name)
	}
	slices.SortFunc(rows, func(a, b Row) int {
		return cmp.Or(
			cmp.Compare(boolInt(a.Overdue == 0), boolInt(b.Overdue == 0)),
			a.OverdueSince.Compare(b.OverdueSince),
			cmp.Compare(b.Overdue, a.Overdue),
			bytes.Compare(keys[a.Person.Email], keys[b.Person.Email]),
			cmp.Compare(a.Person.Email, b.Person.Email),
		)
	})
}
