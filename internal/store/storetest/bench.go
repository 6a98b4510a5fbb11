package storetest

import (
	"fmt"
	"sync"
	"testing"

	"github.com/handbok/handbok/internal/people"
	"github.com/handbok/handbok/internal/store"
)

// BenchWorkplaceAcks measures what a supervisor's view of a large workplace reads: the
// people of a workplace of 2,000 and their 100,000 acknowledgments (50 policies each),
// on the store s, empty when given.
func BenchWorkplaceAcks(b *testing.B, s store.Store) {
	ctx := b.Context()
	const staff, policies = 2000, 50
	ps := make([]people.Person, staff)
	for i := range ps {
		ps[i] = people.Person{Email: fmt.Sprintf("p%04d@example.is", i), Name: fmt.Sprintf("Starfsmaður %d", i),
			Role: people.Employee, Workplaces: []string{"laug"}}
	}
	if err := s.AddPeople(ctx, "bench", ps); err != nil {
		b.Fatal(err)
	}
	// Many at once, as the group commit takes them, so that the setup is quick.
	var wg sync.WaitGroup
	for w := range 64 {
		wg.Go(func() {
			for i := w; i < staff; i += 64 {
				for j := range policies {
					a := store.Acknowledgment{Email: ps[i].Email, Policy: fmt.Sprintf("stefna-%02d", j), Version: 1, Revision: "r", How: store.Button}
					if _, _, err := s.RecordAck(ctx, a); err != nil {
						b.Error(err)
						return
					}
				}
			}
		})
	}
	wg.Wait()
	b.ReportAllocs()
	for b.Loop() {
		people, err := s.People(ctx, "laug")
		if err != nil || len(people) != staff {
			b.Fatalf("%d people, %v", len(people), err)
		}
		acks, err := s.AcksOfWorkplace(ctx, "laug")
		if err != nil || len(acks) != staff*policies {
			b.Fatalf("%d acknowledgments, %v", len(acks), err)
		}
	}
}
