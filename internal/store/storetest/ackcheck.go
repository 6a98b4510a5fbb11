package storetest

import (
	"testing"

	"github.com/handbok/handbok/internal/store"
)

// The tamper tests of the acknowledgments themselves: a row of the acks table inserted,
// removed or changed past the store, with the audit log left as it was. The log's chain
// still verifies; store.CheckAcks finds the row, or the entry, that no longer agrees.

func testAcksAgree(t *testing.T, target Target) {
	s := mixed(t, target, "db")
	if err := store.CheckAcks(t.Context(), s); err != nil {
		t.Errorf("untouched records: %v", err)
	}
}

func testTamperAckInserted(t *testing.T, target Target) {
	mixed(t, target, "db")
	target.Exec(t, "db", `INSERT INTO acks (person_id, policy, version, revision, at, how, audit_seq)
		SELECT id, 'thjonustustefna', 1, 'rev-thjonustustefna', '2026-03-01T09:00:00.000000Z', 'button', 8
		FROM people WHERE email = $1`, staff()[2].Email)
	s := mustOpen(t, target, "db")
	wantAckProblems(t, s, store.AckProblem{Kind: store.NoEntry, Ack: store.Acknowledgment{
		Email: staff()[2].Email, Policy: "thjonustustefna", Version: 1, Revision: "rev-thjonustustefna", How: store.Button}})
}

func testTamperAckRemoved(t *testing.T, target Target) {
	mixed(t, target, "db")
	target.Exec(t, "db", `DELETE FROM acks WHERE audit_seq = 8`)
	s := mustOpen(t, target, "db")
	wantAckProblems(t, s, store.AckProblem{Kind: store.NoRow, Seq: 8, Ack: store.Acknowledgment{
		Email: staff()[1].Email, Policy: "thjonustustefna", Version: 1, Revision: "rev-thjonustustefna", How: store.Button}})
}

func testTamperAckChanged(t *testing.T, target Target) {
	mixed(t, target, "db")
	target.Exec(t, "db", `UPDATE acks SET revision = 'rev-forged' WHERE audit_seq = 5`)
	s := mustOpen(t, target, "db")
	wantAckProblems(t, s, store.AckProblem{Kind: store.Differs, Seq: 5, Ack: store.Acknowledgment{
		Email: staff()[0].Email, Policy: "thjonustustefna", Version: 1, Revision: "rev-forged", How: store.Button}})
}

// testTamperAckMoved changes which version a row says, so that it no longer names the
// acknowledgment its entry records: the row has no entry, and the entry no row.
func testTamperAckMoved(t *testing.T, target Target) {
	mixed(t, target, "db")
	target.Exec(t, "db", `UPDATE acks SET version = 2 WHERE audit_seq = 5`)
	s := mustOpen(t, target, "db")
	a := store.Acknowledgment{Email: staff()[0].Email, Policy: "thjonustustefna", Version: 2, Revision: "rev-thjonustustefna", How: store.Button}
	entry := a
	entry.Version = 1
	wantAckProblems(t, s, store.AckProblem{Kind: store.NoEntry, Ack: a}, store.AckProblem{Kind: store.NoRow, Seq: 5, Ack: entry})
}

// wantAckProblems checks that CheckAcks finds exactly the problems want, comparing what
// they name but not the time.
func wantAckProblems(t *testing.T, s store.Store, want ...store.AckProblem) {
	t.Helper()
	if _, err := verify(t, s, nil); err != nil {
		t.Fatalf("the audit log itself should still verify: %v", err)
	}
	err := store.CheckAcks(t.Context(), s)
	bad, ok := err.(*store.AcksDisagreeError)
	if !ok {
		t.Fatalf("CheckAcks: %v, want %d problems", err, len(want))
	}
	if len(bad.Problems) != len(want) {
		t.Fatalf("CheckAcks found %d problems, want %d:\n%v", len(bad.Problems), len(want), err)
	}
	for i, p := range bad.Problems {
		p.Ack.At = want[i].Ack.At
		if p.Kind != want[i].Kind || p.Seq != want[i].Seq || p.Ack != want[i].Ack {
			t.Errorf("problem %d is %+v, want %+v", i, p, want[i])
		}
		if p.String() == "" {
			t.Errorf("problem %d says nothing", i)
		}
	}
}
