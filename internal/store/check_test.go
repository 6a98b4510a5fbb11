package store

import (
	"context"
	"iter"
	"strings"
	"testing"
	"time"

	"github.com/handbok/handbok/internal/audit"
)

// fakeRecords are records as CheckAcks reads them: the head kept, the acknowledgments,
// and the log, which may have grown past the head since it was read.
type fakeRecords struct {
	head    audit.Head
	acks    []Acknowledgment
	entries []audit.Entry
}

func (f fakeRecords) AuditHead(context.Context) (audit.Head, error)  { return f.head, nil }
func (f fakeRecords) Acks(context.Context) ([]Acknowledgment, error) { return f.acks, nil }
func (f fakeRecords) AuditLog(context.Context) iter.Seq2[audit.Entry, error] {
	return audit.All(f.entries)
}

// chain makes the log that records acks, in order.
func chain(t *testing.T, acks ...Acknowledgment) []audit.Entry {
	var out []audit.Entry
	head := audit.Empty
	for _, a := range acks {
		data, err := audit.CanonicalJSON(AckData{Policy: a.Policy, Version: a.Version, Revision: a.Revision, How: string(a.How)})
		if err != nil {
			t.Fatal(err)
		}
		e := audit.Next(head, audit.Entry{Time: a.At, Actor: a.Email, Action: ActionAck, Subject: a.Email, Data: data})
		head = audit.Head{Seq: e.Seq, Hash: e.Hash}
		out = append(out, e)
	}
	return out
}

var (
	at    = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	first = Acknowledgment{Email: "anna@dalvik.is", Policy: "thagnarskylda", Version: 1, Revision: "r1", At: at, How: Button}
	later = Acknowledgment{Email: "jon@dalvik.is", Policy: "thagnarskylda", Version: 1, Revision: "r1", At: at.Add(time.Second), How: API}
)

// An acknowledgment recorded while CheckAcks reads, after it read the acknowledgments
// but before it walked the log, is no disagreement; one recorded before it began is.
func TestCheckAcksWhileWritten(t *testing.T) {
	log := chain(t, first, later)
	ctx := context.Background()
	during := fakeRecords{head: audit.Head{Seq: 1, Hash: log[0].Hash}, acks: []Acknowledgment{first}, entries: log}
	if err := CheckAcks(ctx, during); err != nil {
		t.Errorf("an acknowledgment recorded during the check: %v", err)
	}
	before := fakeRecords{head: audit.Head{Seq: 2, Hash: log[1].Hash}, acks: []Acknowledgment{first}, entries: log}
	err := CheckAcks(ctx, before)
	if bad, ok := err.(*AcksDisagreeError); !ok || len(bad.Problems) != 1 || bad.Problems[0].Kind != NoRow || bad.Problems[0].Seq != 2 {
		t.Errorf("an acknowledgment removed: %v", err)
	}
}

// A second entry recording the same acknowledgment is named, and what the problems
// say names the person, the policy, the version and the entry.
func TestCheckAcksRepeated(t *testing.T) {
	log := chain(t, first, first)
	err := CheckAcks(context.Background(), fakeRecords{head: audit.Head{Seq: 2, Hash: log[1].Hash}, acks: []Acknowledgment{first}, entries: log})
	bad, ok := err.(*AcksDisagreeError)
	if !ok || len(bad.Problems) != 1 || bad.Problems[0].Kind != Repeated || bad.Problems[0].Seq != 2 {
		t.Fatalf("a repeated entry: %v", err)
	}
	want := "audit entry 2 records anna@dalvik.is's acknowledgment of thagnarskylda version 1 (revision r1, button, at 2026-03-01T09:00:00.000000Z) a second time"
	if !strings.Contains(err.Error(), want) {
		t.Errorf("the problem says %q, want it to say %q", err, want)
	}
}
