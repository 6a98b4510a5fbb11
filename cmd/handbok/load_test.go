package main

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/handbok/handbok/bench/load"
	"github.com/handbok/handbok/internal/store"
	"github.com/handbok/handbok/internal/store/postgres/pgtest"
)

// The short load's size; bench/records.sh runs the long one (200 people for a minute)
// and BENCHMARKS.md has its figures.
const (
	shortLoadPeople   = 20
	shortLoadDuration = 2 * time.Second
	shortLoadPause    = 20 * time.Millisecond
)

// TestServeUnderLoad puts the records mix of bench/recordsload on handbok serve
// --no-watch of the example handbook, on SQLite and on PostgreSQL: people signed in at
// once, each reading pages, searching, asking /api/me, acknowledging and ticking. Every
// request is answered 2xx, none fails, and every acknowledgment the server confirmed is
// in the store as it was confirmed (read through /api/me and from the store itself),
// every tick stands as last answered, and the audit chain verifies. It asserts nothing
// of time: how fast depends on the machine, which the long run measures.
func TestServeUnderLoad(t *testing.T) {
	t.Parallel()
	t.Run("sqlite", func(t *testing.T) {
		t.Parallel()
		dir := copyExample(t)
		shortLoad(t, dir, "sqlite:"+dir+"/.handbok/handbok.db")
	})
	t.Run("postgres", func(t *testing.T) {
		t.Parallel()
		base, admin := pgtest.Server(t)
		shortLoad(t, copyExample(t), pgtest.Schema(t, base, admin))
	})
}

func shortLoad(t *testing.T, dir, dsn string) {
	ctx := t.Context()
	staff := load.Staff(shortLoadPeople, load.ExampleWorkplaces, time.Now())
	st, err := openStore(ctx, dsn, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := load.AddStaff(ctx, st, staff); err != nil {
		t.Fatal(err)
	}
	base, err := url.Parse(startServe(t, dir, "--no-watch", "--db", dsn) + "/")
	if err != nil {
		t.Fatal(err)
	}
	r, err := load.NewRecords(ctx, base, load.Emails(staff), load.Password)
	if err != nil {
		t.Fatal(err)
	}
	rep := r.Run(ctx, shortLoadDuration, shortLoadPause)
	for _, kind := range load.Kinds {
		s := rep.Kinds[kind]
		if s.Requests == 0 || s.Errors > 0 {
			t.Errorf("%s: %d requests answered, %d failed (%s)", kind, s.Requests, s.Errors, s.LastError)
		}
		for code, n := range s.Status {
			if !strings.HasPrefix(code, "2") {
				t.Errorf("%s: %d answered %s", kind, n, code)
			}
		}
	}
	if rep.Kinds[load.Ack].Status["201"] == 0 {
		t.Errorf("no acknowledgment was made (201): %+v", rep.Kinds[load.Ack])
	}
	v, err := r.Verify(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if v.Acks == 0 || v.Ticks == 0 || v.AcksMissing > 0 || v.TicksWrong > 0 {
		t.Errorf("after the load, through /api/me: %+v", v)
	}
	checkConfirmedInStore(t, st, r.Confirmed())
	var out, errOut strings.Builder
	if code := run(context.Background(), []string{"acks", "verify", "--source", dir, "--db", dsn}, &out, &errOut); code != 0 ||
		!strings.Contains(out.String(), "The audit log verifies") {
		t.Errorf("handbok acks verify after the load: exit %d\n%s%s", code, &out, &errOut)
	}
	t.Logf("%d requests, %.0f/s; %d acknowledgments and %d ticks confirmed", rep.Requests, rep.RPS, v.Acks, v.Ticks)
}

// checkConfirmedInStore looks for every confirmed acknowledgment in the store itself.
func checkConfirmedInStore(t *testing.T, st store.Store, confirmed []store.Acknowledgment) {
	t.Helper()
	kept := map[string][]store.Acknowledgment{}
	var missing []string
	for _, a := range confirmed {
		if _, ok := kept[a.Email]; !ok {
			acks, err := st.AcksOf(t.Context(), a.Email)
			if err != nil {
				t.Fatal(err)
			}
			kept[a.Email] = acks
		}
		if !slices.ContainsFunc(kept[a.Email], func(k store.Acknowledgment) bool {
			return k.Policy == a.Policy && k.Version == a.Version && k.Revision == a.Revision && k.At.Equal(a.At)
		}) {
			missing = append(missing, fmt.Sprintf("%s %s v%d at %s", a.Email, a.Policy, a.Version, a.At.Format(time.RFC3339Nano)))
		}
	}
	if len(missing) > 0 {
		t.Errorf("%d of %d confirmed acknowledgments are not in the store, such as %s", len(missing), len(confirmed), missing[0])
	}
}
