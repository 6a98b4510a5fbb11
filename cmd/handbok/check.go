package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/handbok/handbok/internal/build"
	"github.com/handbok/handbok/internal/site"
	"github.com/handbok/handbok/internal/store"
)

func runCheck(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	flags := newFlagSet("check", stdout)
	source := sourceFlag(flags)
	strict := flags.Bool("strict", false, "treat warnings as errors")
	db := dbFlag(flags)
	verbose := verboseFlag(flags)
	if err := flags.parse(args); err != nil {
		return err
	}
	p, err := openProject(*source)
	if err != nil {
		return err
	}
	open, read, err := openSuggestions(ctx, *db, *source)
	if err != nil {
		return err
	}
	if !read && *verbose {
		fmt.Fprintf(stderr, "No records at %s: suggestions not checked (give --db where the records are).\n",
			filepath.Join(*source, ".handbok", "handbok.db"))
	}
	tuneGC()
	s, diags, err := build.Check(ctx, p, *strict, open)
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

// openSuggestions reads the suggestions still waiting for an answer from the records,
// when --db names them or the default SQLite file is there: a handbook without records
// is checked as before, and no records file is made. read says whether there were
// records to read.
func openSuggestions(ctx context.Context, dsn, source string) (open []site.OpenSuggestion, read bool, err error) {
	if path, isFile := sqlitePath(dsn, source); isFile && dsn == "" {
		if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
			return nil, false, nil
		}
	}
	st, err := openRecords(ctx, dsn, source)
	if err != nil {
		return nil, false, err
	}
	defer st.Close()
	sgs, err := st.Suggestions(ctx, store.SuggestionQuery{Statuses: []string{store.SuggestionOpen}})
	if err != nil {
		return nil, false, fmt.Errorf("reading the suggestions: %w", err)
	}
	open = make([]site.OpenSuggestion, len(sgs))
	for i, sg := range sgs {
		open[i] = site.OpenSuggestion{Page: sg.Page, Created: sg.Created}
	}
	return open, true, nil
}
