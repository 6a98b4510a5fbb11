package audit

import (
	"fmt"
	"iter"
)

// Problem says how an entry breaks the chain.
type Problem string

// The ways a log can be found broken.
const (
	// Changed: the entry's fields no longer give its hash.
	Changed Problem = "changed"
	// Unlinked: the entry does not carry the hash of the entry before it, so that one was
	// changed, or an entry was inserted or removed between them.
	Unlinked Problem = "unlinked"
	// Missing: the entry with this number is not in the log.
	Missing Problem = "missing"
	// OutOfOrder: the entry's number repeats or goes back, so it was inserted.
	OutOfOrder Problem = "out of order"
	// NotExpected: the entry is there and the chain holds, but its hash is not the one
	// of the head kept outside the log, so the log was rewritten from here on.
	NotExpected Problem = "not the expected head"
)

// BadEntryError names the first entry at which a log stops verifying.
type BadEntryError struct {
	Seq     uint64
	Problem Problem
	Detail  string
}

func (e *BadEntryError) Error() string {
	return fmt.Sprintf("audit entry %d: %s: %s", e.Seq, e.Problem, e.Detail)
}

// Verify walks a log from its first entry and recomputes the chain. It returns the head
// of the log it walked and, when the log does not verify, a *BadEntryError naming the
// first bad entry. With expect set it also checks that the log still holds that head's
// entry unchanged, which is how removing entries from the end is noticed: later entries
// may follow it. An error from the sequence itself is returned as it is.
func Verify(entries iter.Seq2[Entry, error], expect *Head) (Head, error) {
	head := Empty
	var expectHash string // hash of the entry the expected head names, once walked
	for e, err := range entries {
		if err != nil {
			return head, err
		}
		if bad := check(head, e); bad != nil {
			return head, bad
		}
		head = Head{Seq: e.Seq, Hash: e.Hash}
		if expect != nil && e.Seq == expect.Seq {
			expectHash = e.Hash
		}
	}
	if expect == nil {
		return head, nil
	}
	switch {
	case expect.Seq > head.Seq:
		return head, &BadEntryError{Seq: head.Seq + 1, Problem: Missing, Detail: fmt.Sprintf(
			"the log ends at entry %d but the expected head is entry %d: entries were removed from the end", head.Seq, expect.Seq)}
	case expect.Seq == 0 && expect.Hash != Genesis:
		return head, &BadEntryError{Seq: 0, Problem: NotExpected, Detail: "the expected head of an empty log is " + Genesis}
	case expect.Seq > 0 && expectHash != expect.Hash:
		return head, &BadEntryError{Seq: expect.Seq, Problem: NotExpected, Detail: fmt.Sprintf(
			"its hash is %s, the expected head says %s: the log was rewritten from this entry on", expectHash, expect.Hash)}
	}
	return head, nil
}

// check says whether e may follow head, nil when it may.
func check(head Head, e Entry) *BadEntryError {
	want := head.Seq + 1
	switch {
	case e.Seq > want:
		return &BadEntryError{Seq: want, Problem: Missing, Detail: fmt.Sprintf(
			"the log goes from entry %d to entry %d", head.Seq, e.Seq)}
	case e.Seq < want:
		return &BadEntryError{Seq: e.Seq, Problem: OutOfOrder, Detail: fmt.Sprintf(
			"it comes after entry %d: it was inserted", head.Seq)}
	case e.Prev != head.Hash:
		return &BadEntryError{Seq: e.Seq, Problem: Unlinked, Detail: fmt.Sprintf(
			"it does not carry the hash of entry %d: that entry was changed, or one was inserted or removed before this one", head.Seq)}
	case Sum(e) != e.Hash:
		return &BadEntryError{Seq: e.Seq, Problem: Changed, Detail: "its fields no longer give its hash"}
	}
	return nil
}

// All turns a slice of entries into the sequence Verify walks.
func All(entries []Entry) iter.Seq2[Entry, error] {
	return func(yield func(Entry, error) bool) {
		for _, e := range entries {
			if !yield(e, nil) {
				return
			}
		}
	}
}
