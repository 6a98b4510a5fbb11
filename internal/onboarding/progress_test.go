package onboarding

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/handbok/handbok/internal/duty"
	"github.com/handbok/handbok/internal/manifest"
	"github.com/handbok/handbok/internal/people"
	"github.com/handbok/handbok/internal/store"
)

// progressManifest: an organisation-wide checklist, the pool's, the preschool's and one
// for supervisors; two policies to acknowledge, each in a version past its first.
func progressManifest(newHireDays int, dueDays string) *manifest.Manifest {
	return &manifest.Manifest{
		Policies: []manifest.Policy{
			{ID: "thjonustustefna", Version: 2, Acknowledge: true},
			{ID: "sundlaug/sundreglur", Workplace: "sundlaug", Version: 3, Acknowledge: true},
		},
		Checklists: []manifest.Checklist{
			{ID: "mottaka", Items: []manifest.Item{
				{ID: "velkomin", Owner: "employee", Due: 0},
				{ID: "lyklar", Owner: "supervisor", Due: -2},
				{ID: "thjonusta", Owner: "employee", Policy: "thjonustustefna", Due: 3},
			}},
			{ID: "sundlaug/mottaka", Workplace: "sundlaug", Items: []manifest.Item{
				{ID: "sundreglur", Owner: "employee", Policy: "sundlaug/sundreglur", Due: 1},
				{ID: "vakt", Owner: "supervisor", Due: 5},
			}},
			{ID: "leikskoli/mottaka", Workplace: "leikskoli", Items: []manifest.Item{{ID: "a", Owner: "employee"}}},
			{ID: "stjornendur", For: []string{"supervisor"}, Items: []manifest.Item{{ID: "b", Owner: "employee", Due: 30}}},
		},
		Onboarding: manifest.Onboarding{NewHireDays: newHireDays, DueDays: dueDays},
	}
}

// summary is a Status in a line a checklist and a line an item.
func summary(st Status) []string {
	out := []string{fmt.Sprintf("new hire %v, upcoming %v, finished %s: %d/%d, %d overdue",
		st.NewHire, st.Upcoming, dateOrNone(st.Finished), st.Done, st.Total, st.Overdue)}
	for _, c := range st.Checklists {
		out = append(out, fmt.Sprintf("%s: %d/%d, %d overdue", c.Checklist.ID, c.Done, c.Total, c.Overdue))
		for _, it := range c.Items {
			s := fmt.Sprintf("  %s due %s", it.Item.ID, dateOrNone(it.Due))
			if it.Done {
				s += fmt.Sprintf(" done %s by %s", it.At.Format(time.RFC3339), it.By)
			}
			if it.Overdue {
				s += " overdue"
			}
			if it.Reopened != 0 {
				s += fmt.Sprintf(" reopened %d", it.Reopened)
			}
			out = append(out, s)
		}
	}
	return out
}

func dateOrNone(d time.Time) string {
	if d.IsZero() {
		return "-"
	}
	return d.Format(time.DateOnly)
}

func TestProgress(t *testing.T) {
	const anna, bjorn = "anna@dalvikurbyggd.is", "bjorn@dalvikurbyggd.is"
	at := func(s string) time.Time {
		d, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	// Anna starts at the pool on Friday 6 March 2026; it is now Tuesday the 10th.
	hire := people.Person{Email: anna, Role: people.Employee, Workplaces: []string{"sundlaug"}, Start: day0(t, "2026-03-06")}
	now := at("2026-03-10T12:00:00Z")
	tick := func(checklist, item string, done bool, when, by string) store.Tick {
		return store.Tick{Email: anna, Checklist: checklist, Item: item, Done: done, At: at(when), By: by}
	}
	ack := func(policy string, version int, when string) store.Acknowledgment {
		return store.Acknowledgment{Email: anna, Policy: policy, Version: version, At: at(when)}
	}
	// Both policies' current versions were out long before, with 14 days to acknowledge
	// them: the checklists' days are sooner.
	served := func(within int, since string) []duty.Policy {
		var ps []duty.Policy
		for _, pol := range progressManifest(0, "").Policies {
			ps = append(ps, duty.Policy{ID: pol.ID, Workplace: pol.Workplace, Version: pol.Version, Within: within, Since: at(since)})
		}
		return ps
	}
	for _, tc := range []struct {
		name  string
		p     people.Person
		m     *manifest.Manifest
		ps    []duty.Policy // nil: served(14, "2026-01-05T09:00:00Z")
		ticks []store.Tick
		acks  []store.Acknowledgment
		now   time.Time
		want  []string
	}{
		{"NothingDone", hire, progressManifest(0, ""), nil, nil, nil, now, []string{
			"new hire true, upcoming false, finished -: 0/5, 4 overdue",
			"mottaka: 0/3, 3 overdue",
			"  velkomin due 2026-03-06 overdue",
			"  lyklar due 2026-03-04 overdue",
			"  thjonusta due 2026-03-09 overdue",
			"sundlaug/mottaka: 0/2, 1 overdue",
			"  sundreglur due 2026-03-07 overdue",
			"  vakt due 2026-03-11",
		}},
		// Working days: the weekend after the start does not count.
		{"WorkingDays", hire, progressManifest(0, "working_days"), nil, nil, nil, now, []string{
			"new hire true, upcoming false, finished -: 0/5, 3 overdue",
			"mottaka: 0/3, 2 overdue",
			"  velkomin due 2026-03-06 overdue",
			"  lyklar due 2026-03-04 overdue",
			"  thjonusta due 2026-03-11",
			"sundlaug/mottaka: 0/2, 1 overdue",
			"  sundreglur due 2026-03-09 overdue",
			"  vakt due 2026-03-13",
		}},
		// The last change of each item stands: done, or undone again. A tick of a policy
		// item is not what makes it done, nor one of a checklist not theirs.
		{"Ticked", hire, progressManifest(0, ""), nil, []store.Tick{
			tick("mottaka", "lyklar", false, "2026-03-05T10:00:00Z", bjorn),
			tick("mottaka", "thjonusta", true, "2026-03-06T10:00:00Z", anna),
			tick("mottaka", "velkomin", true, "2026-03-06T09:15:02.123Z", anna),
			tick("sundlaug/mottaka", "vakt", true, "2026-03-09T16:00:00Z", bjorn),
			tick("leikskoli/mottaka", "a", true, "2026-03-09T16:00:00Z", anna),
		}, nil, now, []string{
			"new hire true, upcoming false, finished -: 2/5, 3 overdue",
			"mottaka: 1/3, 2 overdue",
			"  velkomin due 2026-03-06 done 2026-03-06T09:15:02Z by " + anna,
			"  lyklar due 2026-03-04 overdue",
			"  thjonusta due 2026-03-09 overdue",
			"sundlaug/mottaka: 1/2, 1 overdue",
			"  sundreglur due 2026-03-07 overdue",
			"  vakt due 2026-03-11 done 2026-03-09T16:00:00Z by " + bjorn,
		}},
		// A policy item is done by acknowledging the policy's current version, and open
		// again, saying why, when only an older version was acknowledged.
		{"Policies", hire, progressManifest(0, ""), nil, nil, []store.Acknowledgment{
			ack("thjonustustefna", 1, "2026-03-06T10:00:00Z"),
			ack("sundlaug/sundreglur", 2, "2026-03-06T10:05:00Z"),
			ack("thjonustustefna", 2, "2026-03-08T11:00:00Z"),
			ack("fjarverustefna", 1, "2026-03-08T11:00:00Z"),
		}, now, []string{
			"new hire true, upcoming false, finished -: 1/5, 3 overdue",
			"mottaka: 1/3, 2 overdue",
			"  velkomin due 2026-03-06 overdue",
			"  lyklar due 2026-03-04 overdue",
			"  thjonusta due 2026-03-09 done 2026-03-08T11:00:00Z by " + anna,
			"sundlaug/mottaka: 0/2, 1 overdue",
			"  sundreglur due 2026-03-07 overdue reopened 3",
			"  vakt due 2026-03-11",
		}},
		// A version the handbook does not have yet (the manifest went back to an older
		// build) is neither the current one nor older.
		{"NewerVersion", hire, progressManifest(0, ""), nil, nil, []store.Acknowledgment{
			ack("thjonustustefna", 3, "2026-03-08T11:00:00Z"),
		}, now, []string{
			"new hire true, upcoming false, finished -: 0/5, 4 overdue",
			"mottaka: 0/3, 3 overdue",
			"  velkomin due 2026-03-06 overdue",
			"  lyklar due 2026-03-04 overdue",
			"  thjonusta due 2026-03-09 overdue",
			"sundlaug/mottaka: 0/2, 1 overdue",
			"  sundreglur due 2026-03-07 overdue",
			"  vakt due 2026-03-11",
		}},
		// Without a start date, items have no due day, but policies are due from the day
		// their version was first served, as on the person's policies.
		{"NoStartDate", people.Person{Email: anna, Role: people.Employee, Workplaces: []string{"sundlaug"}},
			progressManifest(0, ""), nil, nil, nil, now, []string{
				"new hire false, upcoming false, finished -: 0/5, 2 overdue",
				"mottaka: 0/3, 1 overdue",
				"  velkomin due -",
				"  lyklar due -",
				"  thjonusta due 2026-01-19 overdue",
				"sundlaug/mottaka: 0/2, 1 overdue",
				"  sundreglur due 2026-01-19 overdue",
				"  vakt due -",
			}},
		// Before the start, what is due before it may be overdue already.
		{"Upcoming", people.Person{Email: anna, Role: people.Employee, Start: day0(t, "2026-03-12")},
			progressManifest(0, ""), nil, nil, nil, at("2026-03-11T08:00:00Z"), []string{
				"new hire false, upcoming true, finished -: 0/3, 1 overdue",
				"mottaka: 0/3, 1 overdue",
				"  velkomin due 2026-03-12",
				"  lyklar due 2026-03-10 overdue",
				"  thjonusta due 2026-03-15",
			}},
		// Due on the day is not overdue on that day.
		{"DueToday", people.Person{Email: anna, Role: people.Employee, Start: day0(t, "2026-03-12")},
			progressManifest(0, ""), nil, nil, nil, at("2026-03-10T23:59:59Z"), []string{
				"new hire false, upcoming true, finished -: 0/3, 0 overdue",
				"mottaka: 0/3, 0 overdue",
				"  velkomin due 2026-03-12",
				"  lyklar due 2026-03-10",
				"  thjonusta due 2026-03-15",
			}},
		{"MarkedFinished", people.Person{Email: anna, Role: people.Employee, Start: day0(t, "2026-03-06"), Onboarded: day0(t, "2026-03-09")},
			progressManifest(0, ""), nil, nil, []store.Acknowledgment{ack("thjonustustefna", 2, "2026-03-08T11:00:00Z")}, now, []string{
				"new hire false, upcoming false, finished 2026-03-09: 1/3, 2 overdue",
				"mottaka: 1/3, 2 overdue",
				"  velkomin due 2026-03-06 overdue",
				"  lyklar due 2026-03-04 overdue",
				"  thjonusta due 2026-03-09 done 2026-03-08T11:00:00Z by " + anna,
			}},
		// handbok.yaml's window: day 4 is past a window of four days.
		{"Window", people.Person{Email: anna, Role: people.Employee, Start: day0(t, "2026-03-06")},
			progressManifest(4, ""), nil, nil, nil, now, []string{
				"new hire false, upcoming false, finished -: 0/3, 3 overdue",
				"mottaka: 0/3, 3 overdue",
				"  velkomin due 2026-03-06 overdue",
				"  lyklar due 2026-03-04 overdue",
				"  thjonusta due 2026-03-09 overdue",
			}},
		{"Supervisor", people.Person{Email: bjorn, Role: people.Supervisor, Start: day0(t, "2026-03-06")},
			progressManifest(0, ""), nil, nil, nil, now, []string{
				"new hire true, upcoming false, finished -: 0/4, 3 overdue",
				"mottaka: 0/3, 3 overdue",
				"  velkomin due 2026-03-06 overdue",
				"  lyklar due 2026-03-04 overdue",
				"  thjonusta due 2026-03-09 overdue",
				"stjornendur: 0/1, 0 overdue",
				"  b due 2026-04-05",
			}},
		// The policy's own rule, when it is sooner than the checklist's day, is the day.
		{"PolicySooner", hire, progressManifest(0, ""), served(2, "2026-01-05T09:00:00Z"), nil, nil, now, []string{
			"new hire true, upcoming false, finished -: 0/5, 4 overdue",
			"mottaka: 0/3, 3 overdue",
			"  velkomin due 2026-03-06 overdue",
			"  lyklar due 2026-03-04 overdue",
			"  thjonusta due 2026-03-08 overdue",
			"sundlaug/mottaka: 0/2, 1 overdue",
			"  sundreglur due 2026-03-07 overdue",
			"  vakt due 2026-03-11",
		}},
		// A version first served after the checklist's day is due by the policy's own
		// rule, from that day; one whose first serving is not known has no due day.
		{"NewVersion", hire, progressManifest(0, ""), []duty.Policy{
			{ID: "thjonustustefna", Version: 2, Within: 14, Since: at("2026-03-10T08:00:00Z")},
			{ID: "sundlaug/sundreglur", Workplace: "sundlaug", Version: 3, Within: 14},
		}, nil, []store.Acknowledgment{ack("thjonustustefna", 1, "2026-03-06T10:00:00Z")}, now, []string{
			"new hire true, upcoming false, finished -: 0/5, 2 overdue",
			"mottaka: 0/3, 2 overdue",
			"  velkomin due 2026-03-06 overdue",
			"  lyklar due 2026-03-04 overdue",
			"  thjonusta due 2026-03-24 reopened 2",
			"sundlaug/mottaka: 0/2, 0 overdue",
			"  sundreglur due -",
			"  vakt due 2026-03-11",
		}},
		{"Disabled", people.Person{Email: anna, Role: people.Employee, Start: day0(t, "2026-03-06"), Disabled: true},
			progressManifest(0, ""), nil, nil, nil, now, []string{
				"new hire false, upcoming false, finished -: 0/0, 0 overdue",
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ps := tc.ps
			if ps == nil {
				ps = served(14, "2026-01-05T09:00:00Z")
			}
			got := summary(Progress(tc.p, tc.m, ps, tc.ticks, tc.acks, tc.now))
			if !slices.Equal(got, tc.want) {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}
