package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/handbok/handbok/internal/people"
	"github.com/handbok/handbok/internal/store"
)

func runUsersDisable(ctx context.Context, args []string, stdout, _ io.Writer) error {
	flags := newFlagSet("users disable", stdout)
	source, db := sourceFlag(flags), dbFlag(flags)
	if err := flags.parseWithArgs(args); err != nil {
		return err
	}
	if flags.NArg() != 1 {
		return fmt.Errorf("give one email address, as in handbok users disable anna@dalvikurbyggd.is: %w", errUsage)
	}
	email, err := people.NormalizeEmail(flags.Arg(0))
	if err != nil {
		return fmt.Errorf("%v: %w", err, errUsage)
	}
	s, err := openRecords(ctx, *db, *source)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := s.DisablePerson(ctx, cliActor(), email); errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("%s is not in the records (handbok users list shows who is there)", email)
	} else if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Disabled %s: they can no longer sign in; their records stay.\n", email)
	return s.Close()
}
