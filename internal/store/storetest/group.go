package storetest

import (
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/handbok/handbok/internal/people"
	"github.com/handbok/handbok/internal/store"
)

// testGroupFailure sends acknowledgments and failing changes at once, as a version bump
// and a bad import would: changes that arrive together are committed together, and the
// ones that fail (one halfway through, after it added someone) must take nothing else
// with them. Every acknowledgment answered is there after closing and reopening.
func testGroupFailure(t *testing.T, target Target) {
	const n = 40
	s := open(t, target, "db")
	ctx := t.Context()
	var staff []people.Person
	for i := range n {
		staff = append(staff, people.Person{Email: fmt.Sprintf("g%02d@dalvikurbyggd.is", i), Name: "G", Role: people.Employee})
	}
	must(t, s.AddPeople(ctx, admin, staff))

	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			if _, created, err := s.RecordAck(ctx, ack(staff[i].Email, "thjonustustefna", 1)); err != nil || !created {
				t.Errorf("%s: created %v, %v", staff[i].Email, created, err)
			}
		})
		if i%8 == 0 {
			wg.Go(func() {
				bad := []people.Person{{Email: fmt.Sprintf("new%02d@dalvikurbyggd.is", i), Name: "N", Role: people.Employee}, staff[i]}
				if err := s.AddPeople(ctx, admin, bad); !errors.Is(err, store.ErrExists) {
					t.Errorf("adding %s again: %v, want %v", staff[i].Email, err, store.ErrExists)
				}
			})
			wg.Go(func() {
				if _, _, err := s.RecordAck(ctx, ack("nobody@dalvikurbyggd.is", "thjonustustefna", 1)); !errors.Is(err, store.ErrNotFound) {
					t.Errorf("acknowledging as nobody: %v, want %v", err, store.ErrNotFound)
				}
			})
		}
	}
	wg.Wait()
	must(t, s.Close())

	s = mustOpen(t, target, "db")
	for _, p := range staff {
		if acks, err := s.AcksOf(ctx, p.Email); err != nil || len(acks) != 1 {
			t.Errorf("%s after reopening: %v, %v, want one acknowledgment", p.Email, acks, err)
		}
	}
	ps, err := s.People(ctx, "")
	must(t, err)
	if len(ps) != len(staff)+4 {
		t.Errorf("%d people after reopening, want %d: a failed import left someone", len(ps), len(staff)+4)
	}
	if got := countAcks(t, s); got != n {
		t.Errorf("%d acknowledgments in the audit log, want %d", got, n)
	}
	kept, err := s.AuditHead(ctx)
	must(t, err)
	if _, err := verify(t, s, &kept); err != nil {
		t.Error(err)
	}
}
