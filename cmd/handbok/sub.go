package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/handbok/handbok/internal/site"
)

// subcommands lists the commands that are a word after another, named "users add".
func subcommands() []command {
	return []command{
		{"users add", "Add one person", "EMAIL --name NAME [--role employee|supervisor|admin] [--workplace SLUG]… [--start YYYY-MM-DD] [--password-stdin] [--source DIR] [--db DSN]", runUsersAdd},
		{"users import", "Add the people of a staff CSV file, all or none", "FILE.csv [--source DIR] [--db DSN]", runUsersImport},
		{"users list", "List the people in the records", "[--workplace SLUG] [--source DIR] [--db DSN]", runUsersList},
		{"users disable", "Stop a person signing in; their records stay", "EMAIL [--source DIR] [--db DSN]", runUsersDisable},
		{"users password", "Set a person's password, read from stdin", "EMAIL --password-stdin [--source DIR] [--db DSN]", runUsersPassword},
		{"acks export", "Write every acknowledgment as CSV to stdout", "[--workplace SLUG] [--source DIR] [--db DSN]", runAcksExport},
		{"acks verify", "Check that no entry of the audit log was changed, inserted or removed, and that the acknowledgments agree with it", "[--expect NUMBER:HASH] [--source DIR] [--db DSN]", runAcksVerify},
	}
}

func runUsers(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return runSub(ctx, "users", args, stdout, stderr)
}

func runAcks(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return runSub(ctx, "acks", args, stdout, stderr)
}

// runSub runs the subcommand of group that args start with; --help, or no subcommand,
// lists them.
func runSub(ctx context.Context, group string, args []string, stdout, stderr io.Writer) error {
	var names []string
	for _, c := range subcommands() {
		word, ok := strings.CutPrefix(c.name, group+" ")
		if !ok {
			continue
		}
		if len(args) > 0 && args[0] == word {
			return c.run(ctx, args[1:], stdout, stderr)
		}
		names = append(names, word)
	}
	switch {
	case len(args) == 0:
		return fmt.Errorf("say what to do: handbok %s %s: %w", group, strings.Join(names, "|"), errUsage)
	case args[0] == "-h" || args[0] == "-help" || args[0] == "--help":
		printSubUsage(stdout, group)
		return nil
	}
	if s := site.Suggest(args[0], names); s != "" {
		return fmt.Errorf("unknown command %q (did you mean handbok %s %s?): %w", args[0], group, s, errUsage)
	}
	return fmt.Errorf("unknown command %q: use one of %s: %w", args[0], strings.Join(names, ", "), errUsage)
}

func printSubUsage(w io.Writer, group string) {
	fmt.Fprintf(w, "Usage: handbok %s COMMAND [flags]\n\nCommands:\n", group)
	for _, c := range subcommands() {
		if word, ok := strings.CutPrefix(c.name, group+" "); ok {
			fmt.Fprintf(w, "  %-8s %s\n", word, c.summary)
		}
	}
	fmt.Fprintf(w, "\nRun 'handbok %s COMMAND --help' for a command's flags.\n", group)
	if help := commandHelp[group]; help != "" {
		fmt.Fprintf(w, "\n%s\n", strings.TrimSpace(help))
	}
}

// fullName is the name of the command that args run under the command name: "users
// add" for users add …, name itself for a command without subcommands.
func fullName(name string, args []string) string {
	if len(args) == 0 {
		return name
	}
	for _, c := range subcommands() {
		if c.name == name+" "+args[0] {
			return c.name
		}
	}
	return name
}
