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
	exitFailed = 1 // the content has errors, or the build failed; the output is unchanged
	exitUsage  = 2 // the command line is wrong
	exitCancel = 3 // interrupted
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

var commands []command

func init() {
	commands = []command{
		{"build", "build the handbook into public/", "[--source DIR] [--dest DIR] [--strict]", runBuild},
		{"check", "check content, links and review dates without building", "[--source DIR] [--strict]", runCheck},
		{"search", "search the handbook", "[--source DIR] [--workplace SLUG] [--limit N] [--json] QUERY…", runSearch},
		{"version", "print handbok's version", "", runVersion},
		{"help", "show help for a command", "[COMMAND]", runHelp},
	}
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
	for _, c := range commands {
		if c.name != name {
			continue
		}
		err := c.run(ctx, args[1:], stdout, stderr)
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
	for _, c := range commands {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprint(w, `
Run 'handbok help COMMAND' or 'handbok COMMAND --help' for a command's flags.

Exit codes: 0 done; 1 the content has errors or the build failed (the last good
output is kept); 2 the command line is wrong; 3 interrupted.
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
	for _, c := range commands {
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
	for _, c := range commands {
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
	fmt.Fprintf(f.w, "Usage: handbok %s %s\n\n%s.\n", f.cmd.name, f.cmd.usage, upperFirst(f.cmd.summary))
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

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// parse parses args, which must be flags only; a mistake becomes errUsage, and --help
// prints the usage and returns flag.ErrHelp.
func (f *flagSet) parse(args []string) error {
	if err := f.parseWithArgs(args); err != nil {
		return err
	}
	if f.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q: %w", f.Arg(0), errUsage)
	}
	return nil
}

// parseWithArgs parses flags followed by arguments, which f.Args returns.
func (f *flagSet) parseWithArgs(args []string) error {
	for _, a := range args {
		if a == "--" || !strings.HasPrefix(a, "-") {
			break
		}
		name, _, _ := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if name == "h" || name == "help" || f.Lookup(name) != nil {
			continue
		}
		var names []string
		f.VisitAll(func(fl *flag.Flag) { names = append(names, fl.Name) })
		if s := site.Suggest(name, names); s != "" {
			return fmt.Errorf("unknown flag %s (did you mean --%s?): %w", a, s, errUsage)
		}
		return fmt.Errorf("unknown flag %s: %w", a, errUsage)
	}
	err := f.Parse(args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		f.usage()
		return err
	case err != nil:
		return fmt.Errorf("%v: %w", err, errUsage)
	}
	return nil
}
