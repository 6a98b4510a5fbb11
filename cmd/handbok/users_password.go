package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/handbok/handbok/internal/people"
	"github.com/handbok/handbok/internal/store"
)

// runUsersPassword sets a person's password, read from stdin: for people imported from
// HR's CSV, which has none, and for anyone who forgot theirs. Their sessions end, so
// that whoever knew the old password is signed out.
func runUsersPassword(ctx context.Context, args []string, stdout, _ io.Writer) error {
	flags := newFlagSet("users password", stdout)
	source, db := sourceFlag(flags), dbFlag(flags)
	if err := refusePasswordArg(args); err != nil {
		return err
	}
	withPassword := flags.Bool("password-stdin", false, "read the new password from the first line of stdin (required: never give it as an argument)")
	if err := flags.parseWithArgs(args); err != nil {
		return err
	}
	if flags.NArg() != 1 || !*withPassword {
		return fmt.Errorf("give one email address and the password on stdin, as in printf '%%s\\n' \"$PASSWORD\" | handbok users password anna@dalvikurbyggd.is --password-stdin: %w", errUsage)
	}
	email, err := people.NormalizeEmail(flags.Arg(0))
	if err != nil {
		return fmt.Errorf("%v: %w", err, errUsage)
	}
	hash, err := hashPasswordFrom(os.Stdin)
	if err != nil {
		return err
	}
	s, err := openRecords(ctx, *db, *source)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := s.SetPasswordHash(ctx, cliActor(), email, hash); errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("%s is not in the records (handbok users list shows who is there)", email)
	} else if err != nil {
		return err
	}
	if err := s.EndSessionsOf(ctx, email); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Set a new password for %s; they are signed out everywhere.\n", email)
	return s.Close()
}
