package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/handbok/handbok/internal/render"
	"github.com/handbok/handbok/internal/site"
)

func runBuild(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	flags := newFlagSet("build", stdout)
	source := flags.String("source", ".", "the handbook project `DIR`, with handbok.yaml and content/")
	dest := flags.String("dest", "", "where to write the `DIR` of the site (default: SOURCE/public)")
	strict := flags.Bool("strict", false, "treat warnings as errors")
	if err := flags.parse(args); err != nil {
		return err
	}
	start := time.Now()
	p, err := openProject(*source)
	if err != nil {
		return err
	}
	if *dest == "" {
		*dest = filepath.Join(*source, "public")
	}
	if err := checkDest(*source, *dest); err != nil {
		return err
	}
	s, th, diags := p.load()
	if diags.Count(site.Error) > 0 {
		return failed(stderr, p, diags, *dest)
	}
	out, err := render.NewDir(*dest)
	if err != nil {
		return err
	}
	stats, warnings, err := render.Render(ctx, s, p.fsys, th, out)
	diags = append(diags, warnings...)
	diags.Sort()
	if *strict {
		diags = diags.Strict()
	}
	if err == nil {
		err = ctx.Err()
	}
	if err != nil || diags.Count(site.Error) > 0 {
		if abortErr := out.Abort(); abortErr != nil {
			fmt.Fprintf(stderr, "handbok build: removing the unfinished build: %v\n", abortErr)
		}
		if err != nil {
			return fmt.Errorf("%w (the last good site in %s is unchanged)", err, *dest)
		}
		return failed(stderr, p, diags, *dest)
	}
	if err := out.Commit(); err != nil {
		if abortErr := out.Abort(); abortErr != nil {
			fmt.Fprintf(stderr, "handbok build: removing the unfinished build: %v\n", abortErr)
		}
		return err
	}
	printDiagnostics(stderr, p, diags)
	fmt.Fprintf(stdout, "Built %s: %s, %s, %s, %s, %s in %s → %s\n", s.Config.Title,
		plural(stats.Pages, "page"), plural(stats.Workplaces, "workplace"), plural(stats.Policies, "policy"),
		plural(stats.Checklists, "checklist"), plural(diags.Count(site.Warning), "warning"),
		time.Since(start).Round(time.Millisecond),
		filepath.Join(*dest, "index.html"))
	return nil
}

// failed reports a build that did not happen.
func failed(stderr io.Writer, p project, diags site.Diagnostics, dest string) error {
	printDiagnostics(stderr, p, diags)
	kept := "Nothing was written to " + dest + "."
	if _, err := os.Stat(filepath.Join(dest, render.ManifestFile)); err == nil {
		kept = "The last good site in " + dest + " is unchanged."
	}
	fmt.Fprintf(stderr, "Build failed: %s, %s. %s\n",
		plural(diags.Count(site.Error), "error"), plural(diags.Count(site.Warning), "warning"), kept)
	return errFailed
}
