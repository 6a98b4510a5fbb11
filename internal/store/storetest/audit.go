package storetest

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/handbok/handbok/internal/audit"
	"github.com/handbok/handbok/internal/people"
	"github.com/handbok/handbok/internal/store"
)

// mixed opens a database and makes nine entries of every kind: the staff added (1–4),
// an acknowledgment (5), a password set (6), a person disabled (7), another
// acknowledgment (8) and a person added (9).
func mixed(t *testing.T, target Target, name string) store.Store {
	t.Helper()
	s := open(t, target, name)
	ctx := t.Context()
	anna, bjorn, cecilia := staff()[0].Email, staff()[1].Email, staff()[2].Email
	mustAck(t, s, ack(anna, "thjonustustefna", 1))
	must(t, s.SetPasswordHash(ctx, anna, anna, "$argon2id$x"))
	must(t, s.DisablePerson(ctx, admin, cecilia))
	mustAck(t, s, ack(bjorn, "thjonustustefna", 1))
	must(t, s.AddPeople(ctx, admin, []people.Person{{Email: "dagny@dalvikurbyggd.is", Name: "Dagný", Role: people.Employee}}))
	return s
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func testAuditChain(t *testing.T, target Target) {
	s := mixed(t, target, "db")
	log := entries(t, s)
	var actions []string
	for _, e := range log {
		actions = append(actions, e.Action)
	}
	want := strings.Fields("person.add person.add person.add person.add ack person.password person.disable ack person.add")
	if !reflect.DeepEqual(actions, want) {
		t.Errorf("actions %v, want %v", actions, want)
	}
	kept, err := s.AuditHead(t.Context())
	must(t, err)
	head, err := verify(t, s, &kept)
	if err != nil {
		t.Fatal(err)
	}
	if head != kept || head.Seq != 9 {
		t.Errorf("verified head %v, kept head %v, want entry 9", head, kept)
	}
	if got := string(log[4].Data); got != `{"how":"button","policy":"thjonustustefna","revision":"rev-thjonustustefna","version":1}` {
		t.Errorf("the acknowledgment's audit data is %s", got)
	}
}

func testTamperChanged(t *testing.T, target Target) {
	mixed(t, target, "db")
	target.Exec(t, "db", `UPDATE audit_log SET actor = 'mallory@example.com' WHERE seq = 5`)
	s := mustOpen(t, target, "db")
	_, err := verify(t, s, nil)
	wantBad(t, err, 5, audit.Changed)
}

func testTamperRemoved(t *testing.T, target Target) {
	mixed(t, target, "db")
	target.Exec(t, "db", `DELETE FROM acks WHERE audit_seq = 5`)
	target.Exec(t, "db", `DELETE FROM audit_log WHERE seq = 5`)
	s := mustOpen(t, target, "db")
	_, err := verify(t, s, nil)
	wantBad(t, err, 5, audit.Missing)
}

// testTamperInserted inserts a well-formed entry as entry 5, renumbering the later ones,
// the way someone who knows the hash would. The forged entry itself verifies; the one
// after it no longer follows it.
func testTamperInserted(t *testing.T, target Target) {
	s := mixed(t, target, "db")
	log := entries(t, s)
	forged := audit.Next(audit.Head{Seq: 4, Hash: log[3].Hash}, audit.Entry{
		Time: log[4].Time, Actor: "mallory@example.com", Action: store.ActionAck,
		Subject: "mallory@example.com", Data: []byte(`{}`),
	})
	target.Exec(t, "db", `UPDATE audit_log SET seq = -seq - 1 WHERE seq >= 5`)
	target.Exec(t, "db", `UPDATE audit_log SET seq = -seq WHERE seq < 0`)
	target.Exec(t, "db", `INSERT INTO audit_log (seq, at, actor, action, subject, data, prev, hash)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, forged.Seq, forged.Time.Format(audit.TimeLayout),
		forged.Actor, forged.Action, forged.Subject, string(forged.Data), forged.Prev, forged.Hash)
	s = mustOpen(t, target, "db")
	_, err := verify(t, s, nil)
	wantBad(t, err, 6, audit.Unlinked)
}

// testTamperRemovedLast removes the last entry. The shorter chain still holds, so only a
// head kept before notices: the one printed by an earlier verify, or the store's own.
func testTamperRemovedLast(t *testing.T, target Target) {
	s := mixed(t, target, "db")
	printed, err := verify(t, s, nil)
	must(t, err)
	target.Exec(t, "db", `DELETE FROM audit_log WHERE seq = 9`)
	s = mustOpen(t, target, "db")
	if _, err := verify(t, s, nil); err != nil {
		t.Errorf("without a head: %v", err)
	}
	_, err = verify(t, s, &printed)
	wantBad(t, err, 9, audit.Missing)
	kept, err := s.AuditHead(t.Context())
	must(t, err)
	_, err = verify(t, s, &kept)
	wantBad(t, err, 9, audit.Missing)
}

// testReopen closes the database and opens it again: everything is there, and the chain
// goes on from where it was.
func testReopen(t *testing.T, target Target) {
	s := mixed(t, target, "db")
	ctx := t.Context()
	ps, err := s.People(ctx, "")
	must(t, err)
	acks, err := s.AcksOfWorkplace(ctx, "sundlaug")
	must(t, err)
	log := entries(t, s)
	hash, err := s.PasswordHash(ctx, staff()[0].Email)
	must(t, err)
	must(t, s.Close())

	s = mustOpen(t, target, "db")
	ps2, err := s.People(ctx, "")
	must(t, err)
	acks2, err := s.AcksOfWorkplace(ctx, "sundlaug")
	must(t, err)
	hash2, err := s.PasswordHash(ctx, staff()[0].Email)
	must(t, err)
	if !reflect.DeepEqual(ps2, ps) || !reflect.DeepEqual(acks2, acks) || hash2 != hash {
		t.Errorf("after reopening: people %+v, acknowledgments %+v, hash %q; before %+v, %+v, %q", ps2, acks2, hash2, ps, acks, hash)
	}
	if log2 := entries(t, s); !reflect.DeepEqual(log2, log) {
		t.Errorf("after reopening the audit log is\n%+v\nwant\n%+v", log2, log)
	}
	mustAck(t, s, ack(staff()[0].Email, "thjonustustefna", 2))
	head, err := verify(t, s, &audit.Head{Seq: 9, Hash: log[8].Hash})
	if err != nil || head.Seq != 10 {
		t.Errorf("after reopening and acknowledging: head %v, %v", head, err)
	}
}

func testSchemaTooNew(t *testing.T, target Target) {
	s, err := target.Open(t, "db")
	must(t, err)
	must(t, s.Close())
	target.Exec(t, "db", `INSERT INTO schema_migrations (version, name) VALUES (999, '0999_from_the_future')`)
	s, err = target.Open(t, "db")
	if !errors.Is(err, store.ErrTooNew) {
		if err == nil {
			s.Close()
		}
		t.Fatalf("opening a database from a newer handbok: %v, want ErrTooNew", err)
	}
	if !strings.Contains(err.Error(), "999") {
		t.Errorf("the refusal does not say the database's version: %v", err)
	}
}
