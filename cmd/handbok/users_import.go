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

func runUsersImport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	flags := newFlagSet("users import", stdout)
	source, db := sourceFlag(flags), dbFlag(flags)
	if err := flags.parseWithArgs(args); err != nil {
		return err
	}
	if flags.NArg() != 1 {
		return fmt.Errorf("give one staff file, as in handbok users import starfsfolk.csv: %w", errUsage)
	}
	path := flags.Arg(0)
	known, err := siteWorkplaces(*source, stderr)
	if err != nil {
		return err
	}
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	s, err := openStore(ctx, *db, *source)
	if err != nil {
		return err
	}
	defer s.Close()
	there, err := emailsIn(ctx, s)
	if err != nil {
		return err
	}
	ps, problems := people.ReadNewCSV(f, path, known, func(email string) bool { return there[email] })
	for _, p := range problems {
		fmt.Fprintln(stderr, p.Error())
	}
	if len(problems) > 0 {
		fmt.Fprintf(stderr, "Nothing was imported: fix the %s above and import the whole file again.\n", plural(len(problems), "problem"))
		return errFailed
	}
	if err := s.AddPeople(ctx, cliActor(), ps); errors.Is(err, store.ErrExists) {
		return fmt.Errorf("nothing was imported: %w (added by someone else meanwhile; import the file again to see which rows)", err)
	} else if err != nil {
		return fmt.Errorf("nothing was imported: %w", err)
	}
	if len(ps) == 1 {
		fmt.Fprintln(stdout, "Imported 1 person.")
	} else {
		fmt.Fprintf(stdout, "Imported %d people.\n", len(ps))
	}
	return s.Close()
}

// emailsIn returns the emails of everyone in the records.
func emailsIn(ctx context.Context, s store.Store) (map[string]bool, error) {
	ps, err := s.People(ctx, "")
	if err != nil {
		return nil, err
	}
	there := map[string]bool{}
	for _, p := range ps {
		there[p.Email] = true
	}
	return there, nil
}
