package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"os/user"
	"path/filepath"
	"slices"
	"strings"

	"github.com/handbok/handbok/internal/site"
	"github.com/handbok/handbok/internal/store"
)

// dbFlag adds --db, where the records are, to a command's flags.
func dbFlag(f *flagSet) *string {
	return f.String("db", "", "the records database `DSN`: sqlite:PATH or postgres://… (default: sqlite:SOURCE/.handbok/handbok.db)")
}

// openRecords opens the records of the commands that only read them or change what is
// there: a SQLite file that does not exist is an error, not a new empty database.
func openRecords(ctx context.Context, dsn, source string) (store.Store, error) {
	path, isFile := sqlitePath(dsn, source)
	if isFile {
		if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("no records at %s: add people first (handbok users add or import), or give --db or --source: %w", path, errUsage)
		}
	}
	return openStore(ctx, dsn, source)
}

// sqlitePath is the file a SQLite dsn names, and whether it names one.
func sqlitePath(dsn, source string) (string, bool) {
	if dsn == "" {
		return filepath.Join(source, ".handbok", "handbok.db"), true
	}
	path, ok := strings.CutPrefix(dsn, "sqlite:")
	return path, ok
}

// redactDSN is dsn without the password it may hold, to be shown in a message.
func redactDSN(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil || u.User == nil {
		if err != nil {
			return "(a DSN that is not a URL)"
		}
		return dsn
	}
	return u.Redacted()
}

// cliActor is who the audit log says made a change from the command line: "cli:" and
// the name of the user who ran it.
func cliActor() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return "cli:" + u.Username
	}
	if name := os.Getenv("USER"); name != "" {
		return "cli:" + name
	}
	return "cli:unknown"
}

// siteWorkplaces returns the slugs of the workplaces of the project in source, to check
// the people's against. Content with errors is reported as check reports it, and
// refused: its workplaces cannot be trusted.
func siteWorkplaces(source string, stderr io.Writer) ([]string, error) {
	p, err := openProject(source)
	if err != nil {
		return nil, err
	}
	s, diags := p.LoadContent()
	if errs := diags.Count(site.Error); errs > 0 {
		printDiagnostics(stderr, p, slices.DeleteFunc(diags, func(d site.Diagnostic) bool { return d.Severity != site.Error }))
		return nil, fmt.Errorf("the content has %s, so its workplaces cannot be checked: fix them first (handbok check lists them)", plural(errs, "error"))
	}
	var slugs []string
	for _, w := range s.Workplaces {
		slugs = append(slugs, w.Slug)
	}
	return slugs, nil
}

// workplaceSlug returns the slug of the workplace that --workplace names in the project
// in source, as search takes it: by slug or title, with a suggestion when it fits none.
func workplaceSlug(source, name string) (string, error) {
	if name == "" {
		return "", nil
	}
	p, err := openProject(source)
	if err != nil {
		return "", err
	}
	s, _ := p.LoadContent()
	w, err := findWorkplace(s, name)
	if err != nil {
		return "", err
	}
	return w.Slug, nil
}
