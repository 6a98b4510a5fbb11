package storetest

import (
	"errors"
	"testing"
	"time"

	"github.com/handbok/handbok/internal/store"
)

// session is a session of email made at created, for a day, with a token hash of its own.
func session(hash, email string, created time.Time) store.Session {
	return store.Session{TokenHash: hash, Email: email, How: store.Button,
		Created: created, LastSeen: created, Expires: created.Add(24 * time.Hour)}
}

// asKept is what the store gives back of ses: its times in UTC, to the microsecond.
func asKept(ses store.Session) store.Session {
	for _, t := range []*time.Time{&ses.Created, &ses.LastSeen, &ses.Expires} {
		*t = t.UTC().Truncate(time.Microsecond)
	}
	return ses
}

func wantSession(t *testing.T, s store.Store, hash string, want error) {
	t.Helper()
	if _, err := s.Session(t.Context(), hash); !errors.Is(err, want) {
		t.Errorf("session %s: %v, want %v", hash, err, want)
	}
}

// testSessions creates, reads, touches and ends a session, and finds none of it in the
// audit log.
func testSessions(t *testing.T, target Target) {
	s := open(t, target, "db")
	ctx := t.Context()
	anna := staff()[0].Email
	before := len(entries(t, s))
	azores := time.FixedZone("Atlantic/Azores", -3600) // a zone not UTC, times finer than kept
	ses := session("a1", anna, time.Date(2026, 3, 2, 8, 30, 0, 123456789, azores))
	ses.How = store.SSO
	must(t, s.CreateSession(ctx, ses))
	got, err := s.Session(ctx, "a1")
	must(t, err)
	if want := asKept(ses); got != want {
		t.Errorf("Session = %+v, want %+v", got, want)
	}
	if err := s.CreateSession(ctx, session("a1", staff()[1].Email, ses.Created)); !errors.Is(err, store.ErrExists) {
		t.Errorf("a second session with the same hash: %v, want ErrExists", err)
	}

	later := ses.Created.Add(time.Hour)
	must(t, s.TouchSession(ctx, "a1", later))
	must(t, s.TouchSession(ctx, "a1", ses.Created.Add(time.Minute))) // a slower request, done after
	got, err = s.Session(ctx, "a1")
	must(t, err)
	if want := later.UTC().Truncate(time.Microsecond); !got.LastSeen.Equal(want) || got.Created != asKept(ses).Created {
		t.Errorf("after touching: last seen %v, created %v; want %v, %v", got.LastSeen, got.Created, want, asKept(ses).Created)
	}

	must(t, s.EndSession(ctx, "a1"))
	wantSession(t, s, "a1", store.ErrNotFound)
	must(t, s.EndSession(ctx, "a1"))
	if err := s.TouchSession(ctx, "a1", later); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("touching an ended session: %v, want ErrNotFound", err)
	}
	wantSession(t, s, "never-made", store.ErrNotFound)
	if err := s.CreateSession(ctx, session("n1", "nobody@dalvikurbyggd.is", later)); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("a session of nobody: %v, want ErrNotFound", err)
	}
	if after := len(entries(t, s)); after != before {
		t.Errorf("sessions left %d audit entries, want none", after-before)
	}
}

// testEndSessionsOf ends every session of one person and no one else's.
func testEndSessionsOf(t *testing.T, target Target) {
	s := open(t, target, "db")
	ctx := t.Context()
	anna, bjorn := staff()[0].Email, staff()[1].Email
	now := time.Now()
	for _, ses := range []store.Session{session("a1", anna, now), session("a2", anna, now), session("b1", bjorn, now)} {
		must(t, s.CreateSession(ctx, ses))
	}
	must(t, s.EndSessionsOf(ctx, anna))
	wantSession(t, s, "a1", store.ErrNotFound)
	wantSession(t, s, "a2", store.ErrNotFound)
	wantSession(t, s, "b1", nil)
	if err := s.EndSessionsOf(ctx, "nobody@dalvikurbyggd.is"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("ending the sessions of nobody: %v, want ErrNotFound", err)
	}
}

// testDisableEndsSessions: disabling a person ends their sessions, a disabled person
// gets no new one, and a session left over (the person disabled past the store, as an
// older handbok or a hand edit could) is refused.
func testDisableEndsSessions(t *testing.T, target Target) {
	s := open(t, target, "db")
	ctx := t.Context()
	anna, bjorn, cecilia := staff()[0].Email, staff()[1].Email, staff()[2].Email
	now := time.Now()
	must(t, s.CreateSession(ctx, session("a1", anna, now)))
	must(t, s.CreateSession(ctx, session("b1", bjorn, now)))
	must(t, s.CreateSession(ctx, session("c1", cecilia, now)))
	must(t, s.DisablePerson(ctx, admin, anna))
	wantSession(t, s, "a1", store.ErrNotFound)
	wantSession(t, s, "b1", nil)
	if err := s.CreateSession(ctx, session("a2", anna, now)); !errors.Is(err, store.ErrDisabled) {
		t.Errorf("a session for a disabled person: %v, want ErrDisabled", err)
	}
	wantSession(t, s, "a2", store.ErrNotFound)

	target.Exec(t, "db", `UPDATE people SET disabled = TRUE WHERE email = $1`, cecilia)
	wantSession(t, s, "c1", store.ErrDisabled)
}

// testSessionsExpire: a new session makes the store forget those that expired before it
// was created, and only those.
func testSessionsExpire(t *testing.T, target Target) {
	s := open(t, target, "db")
	ctx := t.Context()
	anna, bjorn := staff()[0].Email, staff()[1].Email
	t0 := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
	gone, edge, stays := session("gone", anna, t0), session("edge", bjorn, t0), session("stays", anna, t0)
	gone.Expires = t0.Add(time.Hour)
	edge.Expires = t0.Add(2 * time.Hour)
	stays.Expires = t0.Add(3 * time.Hour)
	for _, ses := range []store.Session{gone, edge, stays} {
		must(t, s.CreateSession(ctx, ses))
	}
	wantSession(t, s, "gone", nil) // expired or not, it is the caller who decides
	must(t, s.CreateSession(ctx, session("new", bjorn, edge.Expires)))
	wantSession(t, s, "gone", store.ErrNotFound)
	wantSession(t, s, "edge", nil)
	wantSession(t, s, "stays", nil)
	wantSession(t, s, "new", nil)
}
