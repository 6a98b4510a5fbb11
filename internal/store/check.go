package store

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"slices"
	"strings"

	"github.com/handbok/handbok/internal/audit"
)

// AckData is what an acknowledgment's audit entry keeps in its Data, besides who (its
// Subject) and when (its Time).
type AckData struct {
	Policy   string `json:"policy"`
	Version  int    `json:"version"`
	Revision string `json:"revision"`
	How      string `json:"how"`
}

// AckRecords is what CheckAcks reads of a store.
type AckRecords interface {
	Acks(ctx context.Context) ([]Acknowledgment, error)
	AuditLog(ctx context.Context) iter.Seq2[audit.Entry, error]
	AuditHead(ctx context.Context) (audit.Head, error)
}

// AckProblemKind says how an acknowledgment and the audit log disagree.
type AckProblemKind string

// The ways they can disagree.
const (
	// NoEntry: an acknowledgment has no audit entry, so it was added past handbok.
	NoEntry AckProblemKind = "no audit entry"
	// NoRow: an audit entry records an acknowledgment that is not there, so it was
	// removed past handbok (or changed to name another policy, version or person).
	NoRow AckProblemKind = "no acknowledgment"
	// Differs: the acknowledgment is not as its audit entry records it.
	Differs AckProblemKind = "differs from its audit entry"
	// Repeated: a second audit entry records the same acknowledgment.
	Repeated AckProblemKind = "repeated audit entry"
)

// AckProblem is one disagreement between the acknowledgments and the audit log.
type AckProblem struct {
	Kind AckProblemKind
	// Seq is the audit entry's number; 0 for NoEntry.
	Seq uint64
	// Ack is the acknowledgment as the records have it, or for NoRow and Repeated as the
	// entry records it.
	Ack Acknowledgment
	// Detail says, for Differs, which fields differ and how.
	Detail string
}

// String says what the problem is, naming the acknowledgment and the entry.
func (p AckProblem) String() string {
	what := fmt.Sprintf("%s's acknowledgment of %s version %d (revision %s, %s, at %s)",
		p.Ack.Email, p.Ack.Policy, p.Ack.Version, p.Ack.Revision, p.Ack.How, p.Ack.At.UTC().Format(audit.TimeLayout))
	switch p.Kind {
	case NoEntry:
		return what + " has no audit entry: it was added outside handbok"
	case NoRow:
		return fmt.Sprintf("audit entry %d records %s, which is not in the records: it was removed or changed outside handbok", p.Seq, what)
	case Repeated:
		return fmt.Sprintf("audit entry %d records %s a second time: it was added outside handbok", p.Seq, what)
	}
	return fmt.Sprintf("%s differs from its audit entry %d (%s): it was changed outside handbok", what, p.Seq, p.Detail)
}

// AcksDisagreeError lists every disagreement CheckAcks found.
type AcksDisagreeError struct {
	Problems []AckProblem
}

func (e *AcksDisagreeError) Error() string {
	if len(e.Problems) == 1 {
		return "an acknowledgment disagrees with the audit log: " + e.Problems[0].String()
	}
	return fmt.Sprintf("%d acknowledgments disagree with the audit log, the first: %s", len(e.Problems), e.Problems[0])
}

// ackKey names an acknowledgment: a person acknowledges a version of a policy once.
type ackKey struct {
	email, policy string
	version       int
}

// CheckAcks checks that the acknowledgments and the audit log agree: that every
// acknowledgment has the audit entry that recorded it, with the same person, policy,
// version, revision, way and time, and that every acknowledgment an entry records is
// there. It returns an *AcksDisagreeError listing what does not agree: acknowledgments
// first, in the order Acks gives them, then audit entries by number.
//
// The records may be written while they are read: an entry appended after the check
// began may lack its acknowledgment, which is read before the entries.
func CheckAcks(ctx context.Context, r AckRecords) error {
	head, err := r.AuditHead(ctx)
	if err != nil {
		return err
	}
	acks, err := r.Acks(ctx)
	if err != nil {
		return err
	}
	entries, problems, err := ackEntries(r.AuditLog(ctx))
	if err != nil {
		return err
	}
	for _, a := range acks {
		k := ackKey{a.Email, a.Policy, a.Version}
		e, ok := entries[k]
		if !ok {
			problems = append(problems, AckProblem{Kind: NoEntry, Ack: a})
			continue
		}
		delete(entries, k)
		if d := ackDiff(a, e.Ack); d != "" {
			problems = append(problems, AckProblem{Kind: Differs, Seq: e.Seq, Ack: a, Detail: d})
		}
	}
	var missing []AckProblem
	for _, e := range entries {
		if e.Seq <= head.Seq {
			missing = append(missing, AckProblem{Kind: NoRow, Seq: e.Seq, Ack: e.Ack})
		}
	}
	problems = append(problems, missing...)
	sortEntryProblems(problems)
	if len(problems) > 0 {
		return &AcksDisagreeError{Problems: problems}
	}
	return nil
}

// ackEntries reads the acknowledgments the audit log records, by what they name, and
// the entries that repeat one already recorded.
func ackEntries(log iter.Seq2[audit.Entry, error]) (map[ackKey]AckProblem, []AckProblem, error) {
	byKey := map[ackKey]AckProblem{}
	var repeated []AckProblem
	for e, err := range log {
		if err != nil {
			return nil, nil, err
		}
		if e.Action != ActionAck {
			continue
		}
		var d AckData
		if err := json.Unmarshal(e.Data, &d); err != nil {
			return nil, nil, fmt.Errorf("audit entry %d: an acknowledgment whose data cannot be read: %w", e.Seq, err)
		}
		a := Acknowledgment{Email: e.Subject, Policy: d.Policy, Version: d.Version, Revision: d.Revision, At: e.Time, How: How(d.How)}
		k := ackKey{a.Email, a.Policy, a.Version}
		if _, ok := byKey[k]; ok {
			repeated = append(repeated, AckProblem{Kind: Repeated, Seq: e.Seq, Ack: a})
			continue
		}
		byKey[k] = AckProblem{Seq: e.Seq, Ack: a}
	}
	return byKey, repeated, nil
}

// ackDiff says how a differs from what its entry records, "" when it does not.
func ackDiff(a, entry Acknowledgment) string {
	var d []string
	if a.Revision != entry.Revision {
		d = append(d, fmt.Sprintf("revision %s, the entry says %s", a.Revision, entry.Revision))
	}
	if a.How != entry.How {
		d = append(d, fmt.Sprintf("way %s, the entry says %s", a.How, entry.How))
	}
	if !a.At.Equal(entry.At) {
		d = append(d, fmt.Sprintf("time %s, the entry says %s", a.At.UTC().Format(audit.TimeLayout), entry.At.UTC().Format(audit.TimeLayout)))
	}
	return strings.Join(d, "; ")
}

// sortEntryProblems puts the problems found from the entries' side (NoRow, Repeated)
// after those of the acknowledgments, by entry number; the others keep their order.
func sortEntryProblems(ps []AckProblem) {
	fromEntries := func(p AckProblem) bool { return p.Kind == NoRow || p.Kind == Repeated }
	slices.SortStableFunc(ps, func(a, b AckProblem) int {
		switch ea, eb := fromEntries(a), fromEntries(b); {
		case ea != eb && ea:
			return 1
		case ea != eb:
			return -1
		case ea:
			return cmp.Compare(a.Seq, b.Seq)
		}
		return 0
	})
}
