package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/handbok/handbok/internal/render"
	"github.com/handbok/handbok/internal/site"
)

func runCheck(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	flags := newFlagSet("check", stdout)
	source := sourceFlag(flags)
	strict := flags.Bool("strict", false, "treat warnings as errors")
	if err := flags.parse(args); err != nil {
		return err
	}
	p, err := openProject(*source)
	if err != nil {
		return err
	}
	tuneGC()
	s, th, diags := p.load()
	if diags.Count(site.Error) == 0 {
		_, warnings, err := render.Render(ctx, s, p.fsys, th, render.Discard{})
		if err != nil {
			return err
		}
		// A link that leads nowhere is a warning while editing, an error when checking.
		for _, w := range warnings {
			if w.Code == site.CodeLink {
				w.Severity = site.Error
			}
			diags = append(diags, w)
		}
		diags = append(diags, site.Audit(s, time.Now())...)
	}
	if *strict {
		diags = diags.Strict()
	}
	diags.Sort()
	if err := ctx.Err(); err != nil {
		return err
	}
	printDiagnostics(stderr, p, diags)
	errs, warns := diags.Count(site.Error), diags.Count(site.Warning)
	fmt.Fprintf(stdout, "Checked %d pages: %s, %s.\n", len(s.Pages), plural(errs, "error"), plural(warns, "warning"))
	if errs > 0 {
		return errFailed
	}
	return nil
}
