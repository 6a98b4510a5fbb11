package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/handbok/handbok/internal/people"
	"github.com/handbok/handbok/internal/store"
)

func runUsersAdd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	flags := newFlagSet("users add", stdout)
	source, db := sourceFlag(flags), dbFlag(flags)
	name := flags.String("name", "", "the person's `NAME` as the handbook shows it (required)")
	role := flags.String("role", "employee", "the person's `ROLE`: employee, supervisor or admin")
	var workplaces stringsFlag
	flags.Var(&workplaces, "workplace", "a workplace the person works at (a supervisor: supervises), by its `SLUG`; give it once for each")
	start := flags.String("start", "", "the `DAY` the person started, YYYY-MM-DD")
	withPassword := flags.Bool("password-stdin", false, "read the person's password from the first line of stdin (never give it as an argument)")
	if err := refusePasswordArg(args); err != nil {
		return err
	}
	if err := flags.parseWithArgs(args); err != nil {
		return err
	}
	if flags.NArg() != 1 {
		return fmt.Errorf("give one email address, as in handbok users add anna@dalvikurbyggd.is --name \"Anna Jónsdóttir\": %w", errUsage)
	}
	if *name == "" {
		return fmt.Errorf("--name is required: the person's name as the handbook shows it: %w", errUsage)
	}
	known, err := siteWorkplaces(*source, stderr)
	if err != nil {
		return err
	}
	p, err := people.NewPerson(flags.Arg(0), *name, *role, workplaces, *start, known)
	if err != nil {
		return fmt.Errorf("%v: %w", strings.ReplaceAll(err.Error(), "\n", "; "), errUsage)
	}
	var hash string
	if *withPassword {
		if hash, err = hashPasswordFrom(os.Stdin); err != nil {
			return err
		}
	}
	return addPerson(ctx, *db, *source, p, hash, stdout)
}

// addPerson adds p to the records, with the password hash when there is one.
func addPerson(ctx context.Context, dsn, source string, p people.Person, hash string, stdout io.Writer) error {
	s, err := openStore(ctx, dsn, source)
	if err != nil {
		return err
	}
	defer s.Close()
	add := func() error { return s.AddPeople(ctx, cliActor(), []people.Person{p}) }
	if hash != "" {
		add = func() error { return s.AddPeopleWithPassword(ctx, cliActor(), []people.Person{p}, hash) }
	}
	if err := add(); errors.Is(err, store.ErrExists) {
		return fmt.Errorf("%s is already in the records (handbok users list shows who is there)", p.Email)
	} else if err != nil {
		return err
	}
	how := "without a password"
	if hash != "" {
		how = "with a password"
	}
	fmt.Fprintf(stdout, "Added %s (%s, %s), %s.\n", p.Email, p.Name, p.Role, how)
	return s.Close()
}

// refusePasswordArg refuses a password given as a flag, without repeating it: on the
// command line it would stay in the shell's history and be seen by anyone listing
// processes.
func refusePasswordArg(args []string) error {
	for _, a := range args {
		if a == "--" {
			return nil
		}
		name, _, _ := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if strings.HasPrefix(a, "-") && (name == "password" || name == "pw" || name == "pass") {
			return fmt.Errorf("a password is never given as an argument, where the shell history and the list of processes keep it: give --password-stdin and the password on stdin: %w", errUsage)
		}
	}
	return nil
}

// hashPasswordFrom reads a password from the first line of r and hashes it.
func hashPasswordFrom(r io.Reader) (string, error) {
	line, err := bufio.NewReader(io.LimitReader(r, people.MaxPasswordBytes+2)).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("reading the password from stdin: %w", err)
	}
	pw := strings.TrimSuffix(strings.TrimSuffix(line, "\n"), "\r")
	if pw == "" {
		return "", errors.New("--password-stdin: stdin has no password: give it on the first line, as in printf '%s\\n' \"$PASSWORD\" | handbok users add …")
	}
	hash, err := people.HashPassword(pw)
	if err != nil {
		return "", fmt.Errorf("--password-stdin: %w", err)
	}
	return hash, nil
}

// stringsFlag is a flag given once for each of its values.
type stringsFlag []string

func (s *stringsFlag) String() string     { return strings.Join(*s, ",") }
func (s *stringsFlag) Set(v string) error { *s = append(*s, v); return nil }
