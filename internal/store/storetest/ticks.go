package storetest

import (
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/handbok/handbok/internal/audit"
	"github.com/handbok/handbok/internal/store"
)

// tickAt is anna's tick of the swimming pool's keys item, done or not, at 9:00 and the
// given seconds on 2 February 2026, by by.
func tickAt(done bool, seconds int, by string) store.Tick {
	return store.Tick{Email: staff()[0].Email, Checklist: "sundlaug/mottaka", Item: "lyklar", Done: done,
		At: time.Date(2026, 2, 2, 9, 0, seconds, 123456000, time.UTC), By: by}
}

func mustTick(t *testing.T, s store.Store, tk store.Tick) (store.Tick, bool) {
	t.Helper()
	stands, applied, err := s.SetTick(t.Context(), tk)
	if err != nil {
		t.Fatal(err)
	}
	return stands, applied
}

// tickEntries returns the ticks' audit entries.
func tickEntries(t *testing.T, s store.Store) []audit.Entry {
	t.Helper()
	var out []audit.Entry
	for _, e := range entries(t, s) {
		if e.Action == store.ActionTick {
			out = append(out, e)
		}
	}
	return out
}

// testTicksConverge sends two devices' changes to one item in both orders, one database
// for each order, and finds the latest standing in both, whichever came last.
func testTicksConverge(t *testing.T, target Target) {
	anna, bjorn := staff()[0].Email, staff()[1].Email
	early, late := tickAt(true, 1, anna), tickAt(false, 2, bjorn)
	for name, order := range map[string][]store.Tick{"InOrder": {early, late}, "Reversed": {late, early}} {
		t.Run(name, func(t *testing.T) {
			s := open(t, target, "db-"+name)
			first, applied := mustTick(t, s, order[0])
			if !applied || first != order[0] {
				t.Errorf("first tick: %+v applied %v, want %+v applied", first, applied, order[0])
			}
			second, applied := mustTick(t, s, order[1])
			if applied != (order[1] == late) {
				t.Errorf("second tick applied %v, want %v", applied, order[1] == late)
			}
			if second != late {
				t.Errorf("after the second tick %+v stands, want the later %+v", second, late)
			}
			ticks, err := s.TicksOf(t.Context(), anna)
			must(t, err)
			if want := []store.Tick{late}; !reflect.DeepEqual(ticks, want) {
				t.Errorf("TicksOf = %+v, want %+v", ticks, want)
			}
			if n := len(tickEntries(t, s)); n != len(order)-boolInt(order[0] == late) {
				t.Errorf("%d tick entries in the audit log, want one per tick applied", n)
			}
		})
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// testTickTie: at the same time on two devices, done wins, in either order; the same
// change again is a repeat, not applied and not logged.
func testTickTie(t *testing.T, target Target) {
	anna := staff()[0].Email
	done, undone := tickAt(true, 5, anna), tickAt(false, 5, anna)
	for name, order := range map[string][]store.Tick{"DoneFirst": {done, undone}, "UndoneFirst": {undone, done}} {
		t.Run(name, func(t *testing.T) {
			s := open(t, target, "db-"+name)
			mustTick(t, s, order[0])
			stands, applied := mustTick(t, s, order[1])
			if stands != done || applied != order[1].Done {
				t.Errorf("%+v stands, applied %v; want done standing, applied only when it came second", stands, applied)
			}
			before := len(entries(t, s))
			stands, applied = mustTick(t, s, done)
			if stands != done || applied {
				t.Errorf("a repeat: %+v stands, applied %v; want nothing changed", stands, applied)
			}
			// The same change from another hand is a repeat too: who is not when.
			other := done
			other.By = staff()[1].Email
			if stands, applied = mustTick(t, s, other); stands != done || applied {
				t.Errorf("a repeat by another: %+v stands, applied %v; want nothing changed", stands, applied)
			}
			if after := len(entries(t, s)); after != before {
				t.Errorf("the repeats appended %d audit entries", after-before)
			}
		})
	}
}

// testTickAudit: each applied tick has its entry, made by who ticked, about whose
// checklist, with what and when on the device, in a chain that verifies.
func testTickAudit(t *testing.T, target Target) {
	s := open(t, target, "db")
	anna, bjorn := staff()[0].Email, staff()[1].Email
	// A time with nanoseconds is kept to the microsecond, in UTC.
	fine := tickAt(true, 1, bjorn)
	fine.At = fine.At.Add(789).In(time.FixedZone("GMT-1", -3600))
	stands, _ := mustTick(t, s, fine)
	want := tickAt(true, 1, bjorn)
	if stands != want {
		t.Errorf("kept %+v, want %+v", stands, want)
	}
	mustTick(t, s, tickAt(false, 3, anna))
	log := tickEntries(t, s)
	if len(log) != 2 {
		t.Fatalf("%d tick entries, want 2", len(log))
	}
	if e := log[0]; e.Actor != bjorn || e.Subject != anna ||
		string(e.Data) != `{"at":"2026-02-02T09:00:01.123456Z","checklist":"sundlaug/mottaka","done":true,"item":"lyklar"}` {
		t.Errorf("the supervisor's tick's entry: actor %s subject %s data %s", e.Actor, e.Subject, e.Data)
	}
	if e := log[1]; e.Actor != anna || string(e.Data) != `{"at":"2026-02-02T09:00:03.123456Z","checklist":"sundlaug/mottaka","done":false,"item":"lyklar"}` {
		t.Errorf("anna's untick's entry: actor %s data %s", e.Actor, e.Data)
	}
	kept, err := s.AuditHead(t.Context())
	must(t, err)
	if _, err := verify(t, s, &kept); err != nil {
		t.Error(err)
	}
}

// testTickPeople: nobody's checklist but a person's in the records, and not a disabled
// person's; TicksOf and TicksOfWorkplace give each their own, in order.
func testTickPeople(t *testing.T, target Target) {
	s := open(t, target, "db")
	ctx := t.Context()
	anna, bjorn, cecilia := staff()[0].Email, staff()[1].Email, staff()[2].Email
	nobody := tickAt(true, 1, bjorn)
	nobody.Email = "nobody@dalvikurbyggd.is"
	if _, _, err := s.SetTick(ctx, nobody); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("an unknown person's tick: %v, want ErrNotFound", err)
	}
	a2 := tickAt(true, 2, anna)
	a1 := tickAt(true, 1, bjorn)
	a1.Item = "aryggi"
	a3 := tickAt(false, 3, anna)
	a3.Checklist = "mottaka"
	c1 := tickAt(true, 4, cecilia)
	c1.Email, c1.Checklist = cecilia, "leikskoli/mottaka"
	b1 := tickAt(true, 5, bjorn)
	b1.Email = bjorn
	for _, tk := range []store.Tick{a2, a1, a3, c1, b1} {
		mustTick(t, s, tk)
	}
	if got, err := s.TicksOf(ctx, anna); err != nil || !reflect.DeepEqual(got, []store.Tick{a3, a1, a2}) {
		t.Errorf("TicksOf(anna) = %+v, %v; want by checklist and item", got, err)
	}
	for workplace, want := range map[string][]store.Tick{
		"sundlaug":  {a3, a1, a2, b1},
		"leikskoli": {b1, c1},
		"bokasafn":  nil,
	} {
		if got, err := s.TicksOfWorkplace(ctx, workplace); err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("TicksOfWorkplace(%s) = %+v, %v; want %+v", workplace, got, err, want)
		}
	}
	must(t, s.DisablePerson(ctx, admin, cecilia))
	before := len(entries(t, s))
	later := c1
	later.Done, later.At = false, c1.At.Add(time.Hour)
	if _, _, err := s.SetTick(ctx, later); !errors.Is(err, store.ErrDisabled) {
		t.Errorf("a disabled person's tick: %v, want ErrDisabled", err)
	}
	if got, err := s.TicksOf(ctx, cecilia); err != nil || !reflect.DeepEqual(got, []store.Tick{c1}) {
		t.Errorf("after the refused tick TicksOf(cecilia) = %+v, %v; want the tick before", got, err)
	}
	if after := len(entries(t, s)); after != before {
		t.Errorf("the refused tick appended %d audit entries", after-before)
	}
}
