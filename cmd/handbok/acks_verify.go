package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/handbok/handbok/internal/audit"
	"github.com/handbok/handbok/internal/store"
)

func runAcksVerify(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	flags := newFlagSet("acks verify", stdout)
	source, db := sourceFlag(flags), dbFlag(flags)
	expectFlag := flags.String("expect", "", "check against the head `NUMBER:HASH` printed by an earlier verify (default: the head the records keep)")
	if err := flags.parse(args); err != nil {
		return err
	}
	var expect *audit.Head
	if *expectFlag != "" {
		h, err := audit.ParseHead(*expectFlag)
		if err != nil {
			return fmt.Errorf("--expect: %v: %w", err, errUsage)
		}
		expect = &h
	}
	s, err := openRecords(ctx, *db, *source)
	if err != nil {
		return err
	}
	defer s.Close()
	against := "the head given"
	if expect == nil {
		kept, err := s.AuditHead(ctx)
		if err != nil {
			return err
		}
		expect, against = &kept, "the head the records keep"
	}
	head, err := audit.Verify(s.AuditLog(ctx), expect)
	var bad *audit.BadEntryError
	if errors.As(err, &bad) {
		fmt.Fprintf(stdout, "Head: %s (the last entry that verifies)\n", head)
		fmt.Fprintf(stderr, "handbok acks verify: %v\n%s\n", bad, badMeaning(bad))
		return errFailed
	} else if err != nil {
		return err
	}
	var disagree *store.AcksDisagreeError
	if err := store.CheckAcks(ctx, s); errors.As(err, &disagree) {
		fmt.Fprintf(stdout, "Head: %s (the audit log verifies; the acknowledgments do not agree with it)\n", head)
		sayDisagree(stderr, disagree)
		return errFailed
	} else if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "The audit log verifies: %s, checked against %s.\nHead: %s\n", plural(int(head.Seq), "entry"), against, head)
	fmt.Fprintf(stdout, "Keep this head outside the records (a ticket, an email); later, handbok acks verify --expect %s shows that nothing up to it was removed.\n", head)
	return s.Close()
}

// maxProblems is how many disagreements verify lists; the rest are counted.
const maxProblems = 20

// sayDisagree lists the acknowledgments that disagree with the audit log, and says what
// that means for the records.
func sayDisagree(w io.Writer, bad *store.AcksDisagreeError) {
	verb := "disagree"
	if len(bad.Problems) == 1 {
		verb = "disagrees"
	}
	fmt.Fprintf(w, "handbok acks verify: %s %s with the audit log:\n", plural(len(bad.Problems), "acknowledgment"), verb)
	for i, p := range bad.Problems {
		if i == maxProblems {
			fmt.Fprintf(w, "  and %d more\n", len(bad.Problems)-maxProblems)
			break
		}
		fmt.Fprintf(w, "  %s\n", p)
	}
	fmt.Fprintln(w, "The audit log's chain holds, so it is what handbok recorded: the acknowledgments were altered outside handbok. Keep the database as it is, and compare it with a backup from before.")
}

// badMeaning says what a broken chain means for the records, and what to do.
func badMeaning(bad *audit.BadEntryError) string {
	what := fmt.Sprintf("The records were altered outside handbok at entry %d", bad.Seq)
	if bad.Problem == audit.Missing || bad.Problem == audit.NotExpected {
		what = fmt.Sprintf("Entries were removed or rewritten outside handbok from entry %d on", bad.Seq)
	}
	return what + ": the entries from there on cannot be trusted. Keep the database as it is, and compare it with a backup from before."
}
