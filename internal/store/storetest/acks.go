package storetest

import (
	"errors"
	"fmt"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/handbok/handbok/internal/people"
	"github.com/handbok/handbok/internal/store"
)

func testRecordAckIdempotent(t *testing.T, target Target) {
	s := open(t, target, "db")
	ctx := t.Context()
	anna := staff()[0].Email
	before := time.Now().Add(-time.Second)
	first, created, err := s.RecordAck(ctx, ack(anna, "thjonustustefna", 1))
	if err != nil || !created {
		t.Fatalf("first: created %v, %v", created, err)
	}
	if first.At.Before(before) || first.At.After(time.Now().Add(time.Second)) || first.At.Location() != time.UTC {
		t.Errorf("recorded at %v, want now in UTC", first.At)
	}
	again := ack(anna, "thjonustustefna", 1)
	again.Revision, again.How = "another-revision", store.API
	kept, created, err := s.RecordAck(ctx, again)
	if err != nil || created {
		t.Fatalf("repeat: created %v, %v", created, err)
	}
	if kept != first {
		t.Errorf("repeat returned %+v, want the first record %+v", kept, first)
	}
	next, created, err := s.RecordAck(ctx, ack(anna, "thjonustustefna", 2))
	if err != nil || !created {
		t.Fatalf("next version: created %v, %v", created, err)
	}
	acks, err := s.AcksOf(ctx, anna)
	if err != nil {
		t.Fatal(err)
	}
	if want := []store.Acknowledgment{first, next}; !reflect.DeepEqual(acks, want) {
		t.Errorf("AcksOf = %+v, want %+v", acks, want)
	}
	if n := countAcks(t, s); n != 2 {
		t.Errorf("%d acknowledgments in the audit log, want 2", n)
	}
	if _, _, err := s.RecordAck(ctx, ack("nobody@dalvikurbyggd.is", "thjonustustefna", 1)); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("an unknown person acknowledged: %v, want ErrNotFound", err)
	}
}

func countAcks(t *testing.T, s store.Store) int {
	n := 0
	for _, e := range entries(t, s) {
		if e.Action == store.ActionAck {
			n++
		}
	}
	return n
}

func testAcksOfWorkplace(t *testing.T, target Target) {
	s := open(t, target, "db")
	ctx := t.Context()
	anna, bjorn, cecilia := staff()[0].Email, staff()[1].Email, staff()[2].Email
	a1 := mustAck(t, s, ack(anna, "sundreglur", 1))
	c1 := mustAck(t, s, ack(cecilia, "leikreglur", 1))
	b1 := mustAck(t, s, ack(bjorn, "sundreglur", 1))
	b2 := mustAck(t, s, ack(bjorn, "thjonustustefna", 1))
	for workplace, want := range map[string][]store.Acknowledgment{
		"sundlaug":  {a1, b1, b2},
		"leikskoli": {b1, b2, c1},
		"bokasafn":  nil,
	} {
		got, err := s.AcksOfWorkplace(ctx, workplace)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("AcksOfWorkplace(%s) = %+v, want %+v", workplace, got, want)
		}
	}
	// Acks is everyone's, also of people outside every workplace and of people disabled.
	admin1 := mustAck(t, s, ack(admin, "thjonustustefna", 1))
	if err := s.DisablePerson(ctx, admin, cecilia); err != nil {
		t.Fatal(err)
	}
	all, err := s.Acks(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if want := []store.Acknowledgment{admin1, a1, b1, b2, c1}; !reflect.DeepEqual(all, want) {
		t.Errorf("Acks = %+v, want %+v", all, want)
	}
}

// testConcurrentAcks has 50 people acknowledge at once, each twice over, and finds each
// acknowledgment recorded once, with one audit entry, in a chain that verifies.
func testConcurrentAcks(t *testing.T, target Target) {
	concurrentAcks(t, open(t, target, "db"))
}

// testConcurrentInstances does the same through two stores open on one database, as
// several servers behind a load balancer would: each person acknowledges through both.
func testConcurrentInstances(t *testing.T, target Target) {
	s := open(t, target, "db")
	concurrentAcks(t, s, mustOpen(t, target, "db"))
	kept, err := s.AuditHead(t.Context())
	must(t, err)
	if _, err := verify(t, s, &kept); err != nil {
		t.Error(err)
	}
}

// concurrentAcks adds 50 people through the first store and has each acknowledge twice at
// once, the i-th request through store i mod len(ss).
func concurrentAcks(t *testing.T, ss ...store.Store) {
	const n = 50
	ctx := t.Context()
	var staff []people.Person
	for i := range n {
		staff = append(staff, people.Person{Email: fmt.Sprintf("p%02d@dalvikurbyggd.is", i), Name: "P", Role: people.Employee})
	}
	if err := ss[0].AddPeople(ctx, admin, staff); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	created := make(chan bool, 2*n)
	for i := range 2 * n {
		wg.Go(func() {
			_, c, err := ss[i%len(ss)].RecordAck(ctx, ack(staff[i%n].Email, "thjonustustefna", 1))
			if err != nil {
				t.Error(err)
			}
			created <- c
		})
	}
	wg.Wait()
	close(created)
	count := 0
	for c := range created {
		if c {
			count++
		}
	}
	if count != n {
		t.Errorf("%d acknowledgments created, want %d", count, n)
	}
	for _, s := range ss {
		for _, p := range staff {
			if acks, err := s.AcksOf(ctx, p.Email); err != nil || len(acks) != 1 {
				t.Errorf("%s: %v, %v, want one acknowledgment", p.Email, acks, err)
			}
		}
		if got := countAcks(t, s); got != n {
			t.Errorf("%d acknowledgments in the audit log, want %d", got, n)
		}
		if _, err := verify(t, s, nil); err != nil {
			t.Error(err)
		}
	}
}

// testOpenConcurrently opens one new database from several stores at once, as several
// servers starting together would: each waits for the one migrating, and all open.
func testOpenConcurrently(t *testing.T, target Target) {
	const n = 4
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for range n {
		wg.Go(func() {
			s, err := target.Open(t, "db")
			if err == nil {
				err = s.Close()
			}
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	s := open(t, target, "db")
	mustAck(t, s, ack(staff()[0].Email, "thjonustustefna", 1))
}
