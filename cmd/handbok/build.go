package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/handbok/handbok/internal/build"
	"github.com/handbok/handbok/internal/manifest"
	"github.com/handbok/handbok/internal/site"
)

func runBuild(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	flags := newFlagSet("build", stdout)
	source, destDir := sourceFlag(flags), destFlag(flags)
	strict := flags.Bool("strict", false, "treat warnings as errors")
	verbose := verboseFlag(flags)
	zipFile := flags.String("zip", "", "also pack the site into the archive `FILE`, for a USB stick or a shared drive")
	if err := flags.parse(args); err != nil {
		return err
	}
	p, dest, err := openWithDest(*source, *destDir)
	if err != nil {
		return err
	}
	if *zipFile != "" {
		if err := checkZip(dest, *zipFile); err != nil {
			return err
		}
	}
	tuneGC()
	res, err := build.Build(ctx, p, dest, *strict)
	if err != nil {
		if res.Diags.Count(site.Error) > 0 {
			return failed(stderr, p, res.Diags, dest, *verbose)
		}
		return err
	}
	printReport(stderr, p, res.Diags, *verbose)
	fmt.Fprintln(stdout, summary(res, dest))
	if *zipFile != "" {
		if err := build.Zip(ctx, dest, *zipFile); err != nil {
			return fmt.Errorf("--zip %s: %w", *zipFile, err)
		}
		fmt.Fprintf(stdout, "Packed the site into %s: unpack it and open %s\n", *zipFile,
			filepath.Join(strings.TrimSuffix(filepath.Base(*zipFile), filepath.Ext(*zipFile)), "index.html"))
	}
	return nil
}

// summary is what a build that succeeded prints.
func summary(res build.Result, dest string) string {
	return fmt.Sprintf("Built %s: %s, %s, %s, %s, %s in %s → %s", res.Site.Config.Title,
		plural(res.Stats.Pages, "page"), plural(res.Stats.Workplaces, "workplace"), plural(res.Stats.Policies, "policy"),
		plural(res.Stats.Checklists, "checklist"), plural(res.Diags.Count(site.Warning), "warning"),
		res.Elapsed.Round(time.Millisecond), filepath.Join(dest, "index.html"))
}

// failed reports a build that did not happen.
func failed(stderr io.Writer, p *build.Project, diags site.Diagnostics, dest string, verbose bool) error {
	printReport(stderr, p, diags, verbose)
	kept := "Nothing was written to " + dest + "."
	if _, err := os.Stat(filepath.Join(dest, manifest.File)); err == nil {
		kept = "The last good site in " + dest + " is unchanged."
	}
	fmt.Fprintf(stderr, "Build failed: %s, %s. %s\n",
		plural(diags.Count(site.Error), "error"), plural(diags.Count(site.Warning), "warning"), kept)
	return errFailed
}
