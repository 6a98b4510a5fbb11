package main

import (
	"context"
	"fmt"
	"io"

	"github.com/handbok/handbok/internal/build"
	"github.com/handbok/handbok/internal/site"
)

func runCheck(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	flags := newFlagSet("check", stdout)
	source := sourceFlag(flags)
	strict := flags.Bool("strict", false, "treat warnings as errors")
	verbose := verboseFlag(flags)
	if err := flags.parse(args); err != nil {
		return err
	}
	p, err := openProject(*source)
	if err != nil {
		return err
	}
	tuneGC()
	s, diags, err := build.Check(ctx, p, *strict)
	if err != nil {
		return err
	}
	printReport(stderr, p, diags, *verbose)
	errs, warns := diags.Count(site.Error), diags.Count(site.Warning)
	fmt.Fprintf(stdout, "Checked %d pages: %s, %s.\n", len(s.Pages), plural(errs, "error"), plural(warns, "warning"))
	if errs > 0 {
		return errFailed
	}
	return nil
}
