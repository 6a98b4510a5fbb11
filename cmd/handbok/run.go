package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/handbok/handbok/internal/site"
)

// Exit codes.
const (
	exitOK     = 0 // done
	exitFailed = 1 // the content has errors, or the build failed (the output is unchanged), or a records command failed
	exitUsage  = 2 // the command line is wrong
	exitCancel = 3 // interrupted before done; a serve stopped once it serves exits with exitOK
)

// errFailed is returned by a command that has already said what went wrong.
var errFailed = errors.New("failed")

// errUsage marks a command-line mistake; the message says what to do.
var errUsage = errors.New("usage")

type command struct {
	name    string
	summary string
	usage   string // after "handbok NAME"
	run     func(ctx context.Context, args []string, stdout, stderr io.Writer) error
}

// commands lists the commands; a function rather than a variable, since the commands'
// own code looks them up.
func commands() []command {
	return []command{
		{"build", "Build the handbook into public/", "[--source DIR] [--dest DIR] [--strict] [--verbose] [--zip FILE]", runBuild},
		{"check", "Check content, links, review dates and suggestions waiting too long, without building", "[--source DIR] [--db DSN] [--strict] [--verbose]", runCheck},
		{"search", "Search the handbook", "[--source DIR] [--workplace SLUG] [--limit N] [--json] QUERY…", runSearch},
		{"serve", "Build, serve and rebuild on change (--no-watch: serve for production)", "[--source DIR] [--addr HOST:PORT] [--dest DIR] [--db DSN] [--no-watch] [--demo]", runServe},
		{"users", "Add, import, list and disable the people in the records, and set passwords", "add|import|list|disable|password …", runUsers},
		{"acks", "Export the acknowledgments, or verify the audit log", "export|verify …", runAcks},
		{"version", "Print handbok's version", "", runVersion},
		{"help", "Show help for a command", "[COMMAND]", runHelp},
	}
}

// commandHelp is the longer help of some commands, shown by --help.
var commandHelp = map[string]string{
	"build": `
Reads handbok.yaml and content/ in the source folder and writes the site to --dest.
The new site is written beside the old one and swapped in at the end: when the
content has errors, they are all reported (path:line:col) and the last good site
is left as it was. Links to missing pages or headings are warnings; with --strict
they and every other warning fail the build.

--zip FILE also packs the built site into one archive, for a USB stick or a shared
drive: unpacked, its folder's index.html opens the handbook from disk, search
included. FILE must be outside --dest; it is written whole or not at all.`,
	"search": `
Searches the handbook's pages. Words may be written without accents (thagnarskylda
finds þagnarskylda) and in any inflection (ábending finds ábendingum). Pages with all
the words come first; when none has them all, pages with some are shown. The index is
kept in SOURCE/.handbok/search.bleve and updated for the pages that changed. While
handbok serve runs on the project, the search is asked of it; a server that does not
answer within 5 seconds is named, with what to do.

Flags may come before or after the words (handbok search slys --json); after --
every word belongs to the query, one that starts with a dash too.`,
	"serve": `
Builds the handbook and serves it on --addr, 127.0.0.1:1313 unless told otherwise. A
port alone, 8080 or :8080, listens on this computer only (127.0.0.1:8080);
0.0.0.0:8080 listens on every network interface. The port is taken before the build,
so a port in use is said at once.

By default it watches content/, themes/ and handbok.yaml, rebuilds on every change and
makes open pages reload by themselves; a build that fails shows its errors over the
page while the last good site is still served. The terminal shows what each change
did, and no log of requests. With --no-watch it serves the site as built, for
production: caching headers, gzip, security headers, /healthz and an access log on
stderr. Ctrl-C or SIGTERM stops it gracefully, with exit code 0: stopping is what a
server is asked to do. Stopped before it serves (during the first build), it exits
with 3, as an interrupted build does. One serve runs per project: a second one stops
at once and says where the first serves.

It keeps the records (see --db): people sign in, acknowledge policies and see what
changed, and supervisors see their workplaces. With no administrator in the records it
prints a one-time link that makes the first. --demo keeps made-up people of the
example handbook in .handbok/demo.db instead, and prints how to sign in as each.`,
	"users": `
The people are kept in the records (see --db), by email. Every change is appended to
the audit log with "cli:" and the name of the user who ran the command as who made it.
Nobody is ever deleted: a person who leaves is disabled, and their records stay.`,
	"users add": `
Adds one person. Each --workplace must be the slug of one of the handbook's
workplaces (a supervisor needs at least one: the ones they supervise); a slug that is
not one gets the nearest as a suggestion. A password is read only from stdin, with
--password-stdin, never from the command line, where the shell's history and the list
of processes would keep it: printf '%s\n' "$PASSWORD" | handbok users add … --password-stdin.
It must be at least 10 characters, and only its argon2id hash is kept.`,
	"users import": `
Adds everyone in a staff CSV file with the header email,name,role,workplaces,start_date
(see the README). The file is imported whole or not at all: every problem in it,
emails already in the records included, is printed as path:line:col: message, and
nothing is imported (exit code 1) until there is none.`,
	"acks": `
The acknowledgments and the audit log are in the records (see --db). The audit log is a
hash chain: each entry carries the hash of the one before, so changing, inserting or
removing an entry breaks the chain there.`,
	"acks verify": `
Recomputes the chain of the audit log from its first entry and prints its head,
NUMBER:HASH. Without --expect it checks the log against the head the records keep;
keep a printed head elsewhere (a ticket, an email) and check against it later with
--expect, which notices entries removed from the end even when the kept head was
rewritten too. A log that does not verify exits with 1, naming the first bad entry:
what is wrong with it and what that means.`,
	"acks export": `
Writes one row per acknowledgment to stdout as CSV: email, name, policy, version,
revision, time (ISO 8601, UTC) and how (button, api or sso). It starts with a UTF-8
byte order mark, so that Excel shows Icelandic letters: handbok acks export > acks.csv.`,
	"check": `
Checks everything a build checks, without writing anything, and reports it all in
one run. These are errors here: links to missing pages or headings, and policies
and checklists in a folder that is neither a workplace (kind: workplace in its
_index.md) nor for every workplace (scope: all in its _index.md), most likely a
workplace whose _index.md was forgotten, which would publish its policies to every
workplace. These are warnings, which --strict turns into errors: policies past
their review date, without one or without an owner, checklists without items, and
checklist items tied to a policy without acknowledge: true.`,
}

// run carries out the command line args and returns the process's exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		printUsage(stderr)
		return exitUsage
	}
	name := args[0]
	switch name {
	case "-h", "-help", "--help":
		printUsage(stdout)
		return exitOK
	case "-version", "--version":
		name = "version"
	}
	for _, c := range commands() {
		if c.name != name {
			continue
		}
		err := c.run(ctx, args[1:], stdout, stderr)
		name = fullName(name, args[1:])
		switch {
		case err == nil, errors.Is(err, flag.ErrHelp):
			return exitOK
		case errors.Is(err, errUsage):
			fmt.Fprintf(stderr, "handbok %s: %v\nRun 'handbok help %s' for usage.\n", name, strings.TrimSuffix(err.Error(), ": usage"), name)
			return exitUsage
		case ctx.Err() != nil:
			fmt.Fprintf(stderr, "handbok %s: interrupted\n", name)
			return exitCancel
		case errors.Is(err, errFailed):
			return exitFailed
		default:
			fmt.Fprintf(stderr, "handbok %s: %v\n", name, err)
			return exitFailed
		}
	}
	fmt.Fprintf(stderr, "handbok: unknown command %q\n", name)
	printUsage(stderr)
	return exitUsage
}

func printUsage(w io.Writer) {
	fmt.Fprint(w, `handbok turns Markdown policies into a staff handbook for many workplaces.

Usage:
  handbok COMMAND [flags]

Commands:
`)
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprint(w, `
Run 'handbok help COMMAND' or 'handbok COMMAND --help' for a command's flags.

Exit codes: 0 done, also a serve stopped by Ctrl-C or SIGTERM; 1 the content has
errors or the build failed (the last good output is kept), or a records command
failed (a staff file with problems, an audit log that does not verify); 2 the
command line is wrong; 3 interrupted before done (serve: before it serves).
`)
}

func runHelp(_ context.Context, args []string, stdout, _ io.Writer) error {
	if len(args) == 0 {
		printUsage(stdout)
		return nil
	}
	if args[0] == "help" {
		printUsage(stdout)
		return nil
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return c.run(context.Background(), []string{"--help"}, stdout, stdout)
		}
	}
	return fmt.Errorf("unknown command %q: %w", args[0], errUsage)
}

// flagSet is a command's flags and how it explains them.
type flagSet struct {
	*flag.FlagSet
	cmd command
	w   io.Writer // where --help goes
}

// newFlagSet makes the flag set of the named command; its --help prints to w.
func newFlagSet(name string, w io.Writer) *flagSet {
	f := &flagSet{FlagSet: flag.NewFlagSet(name, flag.ContinueOnError), w: w}
	for _, c := range append(commands(), subcommands()...) {
		if c.name == name {
			f.cmd = c
		}
	}
	// The flag package's own messages are replaced by ours: parse reports mistakes, and
	// usage is printed once, on request.
	f.SetOutput(io.Discard)
	f.Usage = func() {}
	return f
}

func (f *flagSet) usage() {
	fmt.Fprintf(f.w, "Usage: handbok %s %s\n\n%s.\n", f.cmd.name, f.cmd.usage, f.cmd.summary)
	if help := commandHelp[f.cmd.name]; help != "" {
		fmt.Fprintf(f.w, "\n%s\n", strings.TrimSpace(help))
	}
	first := true
	f.VisitAll(func(fl *flag.Flag) {
		if first {
			fmt.Fprintln(f.w, "\nFlags:")
			first = false
		}
		arg, usage := flag.UnquoteUsage(fl)
		if arg == "value" { // a boolean
			arg = ""
		} else if arg != "" {
			arg = " " + strings.ToUpper(arg)
		}
		if fl.DefValue != "" && fl.DefValue != "false" {
			usage += fmt.Sprintf(" (default %s)", fl.DefValue)
		}
		fmt.Fprintf(f.w, "  --%s%s\n      %s\n", fl.Name, arg, usage)
	})
}

// parse parses args, which must be flags only; a mistake becomes errUsage, and --help
// prints the usage and returns flag.ErrHelp.
func (f *flagSet) parse(args []string) error {
	if err := f.parseFlags(args, false); err != nil {
		return err
	}
	if f.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q: %w", f.Arg(0), errUsage)
	}
	return nil
}

// parseWithArgs parses flags and arguments, which f.Args returns. Flags may stand
// anywhere among the arguments, as people write them (handbok search slys --json);
// after "--" everything is an argument, one that starts with a dash too.
func (f *flagSet) parseWithArgs(args []string) error { return f.parseFlags(args, true) }

// parseFlags is parse, or parseWithArgs when the command takes arguments.
func (f *flagSet) parseFlags(args []string, takesArgs bool) error {
	var flags, rest []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			rest = append(rest, args[i+1:]...)
			break
		}
		if !strings.HasPrefix(a, "-") || a == "-" {
			rest = append(rest, a)
			continue
		}
		flags = append(flags, a)
		name, _, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if name == "h" || name == "help" {
			continue
		}
		fl := f.Lookup(name)
		if fl == nil {
			return f.unknown(a, name, takesArgs)
		}
		if b, ok := fl.Value.(interface{ IsBoolFlag() bool }); hasValue || ok && b.IsBoolFlag() {
			continue
		}
		if i+1 == len(args) {
			arg, _ := flag.UnquoteUsage(fl)
			return fmt.Errorf("%s needs a value, as in --%s %s: %w", a, fl.Name, strings.ToUpper(arg), errUsage)
		}
		i++ // the flag's value, which may start with a dash
		flags = append(flags, args[i])
	}
	// The flag package stops at "--", and what follows is its Args.
	err := f.Parse(append(append(flags, "--"), rest...))
	switch {
	case errors.Is(err, flag.ErrHelp):
		f.usage()
		return err
	case err != nil:
		return fmt.Errorf("%v: %w", err, errUsage)
	}
	return nil
}

// unknown is the error for the flag a, named name, which f does not have; for a
// command that takes arguments, a may be one that starts with a dash.
func (f *flagSet) unknown(a, name string, takesArgs bool) error {
	var names []string
	f.VisitAll(func(fl *flag.Flag) { names = append(names, fl.Name) })
	if s := site.Suggest(name, names); s != "" {
		return fmt.Errorf("unknown flag %s (did you mean --%s?): %w", a, s, errUsage)
	}
	if takesArgs {
		return fmt.Errorf("unknown flag %s (for an argument that starts with a dash, put -- before it: handbok %s -- %s): %w", a, f.cmd.name, a, errUsage)
	}
	return fmt.Errorf("unknown flag %s: %w", a, errUsage)
}
