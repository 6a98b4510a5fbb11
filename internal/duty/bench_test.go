package duty

import (
	"fmt"
	"io"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/handbok/handbok/internal/people"
	"github.com/handbok/handbok/internal/store"
)

// largeOrg is a workplace of 2,000 people, 50 policies (10 for everyone, 40 its own)
// and 100,000 acknowledgments, a fifth of them of older versions, in the store's order.
func largeOrg(b *testing.B) ([]people.Person, []Policy, []store.Acknowledgment, time.Time) {
	rng := rand.New(rand.NewPCG(1, 2))
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	ps := make([]Policy, 50)
	for i := range ps {
		ps[i] = Policy{ID: fmt.Sprintf("stefna-%02d", i), Title: fmt.Sprintf("Stefna %d", i), Version: 2, Within: 14,
			Since: base.AddDate(0, 0, rng.IntN(60))}
		if i >= 10 {
			ps[i].Workplace = "laug"
			ps[i].ID = "laug/" + ps[i].ID
		}
	}
	staff := make([]people.Person, 2000)
	for i := range staff {
		staff[i] = people.Person{Email: fmt.Sprintf("p%04d@example.is", i), Name: fmt.Sprintf("Starfsmaður %d", rng.IntN(10000)),
			Workplaces: []string{"laug"}, Start: base.AddDate(0, 0, -rng.IntN(1000))}
	}
	acks := make([]store.Acknowledgment, 0, 100_000)
	for _, p := range staff { // by email, as the store returns them
		for _, j := range rng.Perm(50) {
			version := 2
			if rng.IntN(5) == 0 {
				version = 1
			}
			acks = append(acks, store.Acknowledgment{Email: p.Email, Policy: ps[j].ID, Version: version,
				At: base.Add(time.Duration(rng.IntN(90*24)) * time.Hour)})
		}
	}
	return staff, ps, acks, base.AddDate(0, 3, 0)
}

func BenchmarkMatrix(b *testing.B) {
	staff, ps, acks, now := largeOrg(b)
	for b.Loop() {
		Matrix(staff, ps, acks, "laug", nil, now)
	}
}

func BenchmarkWriteCSV(b *testing.B) {
	staff, ps, acks, now := largeOrg(b)
	tbl := Matrix(staff, ps, acks, "laug", nil, now)
	for b.Loop() {
		if err := tbl.WriteCSV(io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}
