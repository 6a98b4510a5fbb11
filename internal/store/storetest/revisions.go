package storetest

import (
	"errors"
	"fmt"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/handbok/handbok/internal/store"
)

func revision(policy string, version int, rev string) store.Revision {
	return store.Revision{Policy: policy, Version: version, Revision: rev,
		Title: "Þjónustustefna", Text: "Við tökum vel á móti öllum.\nRevision " + rev}
}

func mustKeep(t *testing.T, s store.Store, r store.Revision) store.Revision {
	t.Helper()
	kept, err := s.KeepRevision(t.Context(), r)
	must(t, err)
	return kept
}

// testKeepRevision keeps a revision once: the first text and time stay, whatever is
// sent again, and nothing of it goes in the audit log.
func testKeepRevision(t *testing.T, target Target) {
	s := open(t, target, "db")
	ctx := t.Context()
	before := len(entries(t, s))
	start := time.Now().Add(-time.Second)
	r := revision("thjonustustefna", 1, "r1")
	r.FirstServed = time.Date(2001, 1, 1, 0, 0, 0, 0, time.UTC) // the store's to set
	first := mustKeep(t, s, r)
	if first.FirstServed.Before(start) || first.FirstServed.After(time.Now().Add(time.Second)) || first.FirstServed.Location() != time.UTC {
		t.Errorf("first served %v, want now in UTC", first.FirstServed)
	}
	r.FirstServed = first.FirstServed
	if first != r {
		t.Errorf("KeepRevision = %+v, want %+v", first, r)
	}
	again := revision("thjonustustefna", 1, "r1")
	again.Title, again.Text = "Annað", "Annar texti"
	if got := mustKeep(t, s, again); got != first {
		t.Errorf("keeping it again = %+v, want the first %+v", got, first)
	}
	if got, err := s.Revision(ctx, "thjonustustefna", "r1"); err != nil || got != first {
		t.Errorf("Revision = %+v, %v, want %+v", got, err, first)
	}
	other := mustKeep(t, s, revision("sundreglur", 1, "r1")) // the same hash, another policy
	if other.Policy != "sundreglur" {
		t.Errorf("another policy's revision with the same hash: %+v", other)
	}
	for _, missing := range [][2]string{{"thjonustustefna", "r2"}, {"leikreglur", "r1"}} {
		if _, err := s.Revision(ctx, missing[0], missing[1]); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("Revision(%s, %s): %v, want ErrNotFound", missing[0], missing[1], err)
		}
	}
	if after := len(entries(t, s)); after != before {
		t.Errorf("keeping revisions left %d audit entries, want none", after-before)
	}
}

// testVersionsServed gives each policy version the time its first revision was kept.
func testVersionsServed(t *testing.T, target Target) {
	s := open(t, target, "db")
	ctx := t.Context()
	if got, err := s.VersionsServed(ctx); err != nil || len(got) != 0 {
		t.Errorf("VersionsServed before any = %v, %v, want none", got, err)
	}
	v1 := mustKeep(t, s, revision("thjonustustefna", 1, "r1"))
	afterMicrosecond(v1.FirstServed)
	mustKeep(t, s, revision("thjonustustefna", 1, "r1-typo-fixed"))
	v2 := mustKeep(t, s, revision("thjonustustefna", 2, "r2"))
	pool := mustKeep(t, s, revision("sundreglur", 1, "s1"))
	afterMicrosecond(pool.FirstServed)
	// Version 2 of the pool's rules asks staff again with the same text.
	again := mustKeep(t, s, revision("sundreglur", 2, "s1"))
	if again.Version != 2 || !again.FirstServed.After(pool.FirstServed) {
		t.Errorf("the same text as version 2 was kept as %+v, want a record of its own, later than %v", again, pool.FirstServed)
	}
	if r, err := s.Revision(ctx, "sundreglur", "s1"); err != nil || r.Version != 1 || !r.FirstServed.Equal(pool.FirstServed) {
		t.Errorf("Revision of a text kept under two versions = %+v, %v, want the first", r, err)
	}
	got, err := s.VersionsServed(ctx)
	must(t, err)
	want := map[store.PolicyVersion]time.Time{
		{Policy: "thjonustustefna", Version: 1}: v1.FirstServed,
		{Policy: "thjonustustefna", Version: 2}: v2.FirstServed,
		{Policy: "sundreglur", Version: 1}:      pool.FirstServed,
		{Policy: "sundreglur", Version: 2}:      again.FirstServed,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("VersionsServed = %v, want %v", got, want)
	}
}

// afterMicrosecond returns once the clock is past t by more than the microsecond the
// store keeps, so that what is kept next is later than t. It is a few microseconds.
func afterMicrosecond(t time.Time) {
	for !time.Now().After(t.Add(time.Microsecond)) {
	}
}

// testConcurrentKeepRevision keeps a revision from many goroutines at once through two
// stores on one database, as servers behind a load balancer serving a new version would:
// every call succeeds and gets the same one record. It does so for several revisions,
// each a new race, because a keeper that looks late finds the revision kept and never
// reaches the write where the keepers meet.
func testConcurrentKeepRevision(t *testing.T, target Target) {
	ss := []store.Store{open(t, target, "db"), mustOpen(t, target, "db")}
	for round := range 5 {
		keepAtOnce(t, ss, fmt.Sprintf("r%d", round))
	}
}

// keepAtOnce has 20 goroutines keep revision rev at once, the i-th through store i mod
// len(ss), each with a text of its own, and checks they all got the same record.
func keepAtOnce(t *testing.T, ss []store.Store, rev string) {
	const n = 20
	got := make([]store.Revision, n)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			<-start
			r := revision("thjonustustefna", 3, rev)
			r.Text = fmt.Sprintf("served by %d", i)
			var err error
			if got[i], err = ss[i%len(ss)].KeepRevision(t.Context(), r); err != nil {
				t.Error(err)
			}
		})
	}
	close(start)
	wg.Wait()
	for i := range got {
		if got[i] != got[0] {
			t.Fatalf("revision %s: call %d got %+v, call 0 %+v, want the same record", rev, i, got[i], got[0])
		}
	}
	for _, s := range ss {
		if r, err := s.Revision(t.Context(), "thjonustustefna", rev); err != nil || r != got[0] {
			t.Errorf("Revision(%s) = %+v, %v, want %+v", rev, r, err, got[0])
		}
	}
}
