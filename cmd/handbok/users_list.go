package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/handbok/handbok/internal/people"
)

func runUsersList(ctx context.Context, args []string, stdout, _ io.Writer) error {
	flags := newFlagSet("users list", stdout)
	source, db := sourceFlag(flags), dbFlag(flags)
	workplace := flags.String("workplace", "", "only the people of the workplace with this `SLUG` (or title)")
	if err := flags.parse(args); err != nil {
		return err
	}
	slug, err := workplaceSlug(*source, *workplace)
	if err != nil {
		return err
	}
	s, err := openRecords(ctx, *db, *source)
	if err != nil {
		return err
	}
	defer s.Close()
	ps, err := s.People(ctx, slug)
	if err != nil {
		return err
	}
	printPeople(stdout, ps)
	return s.Close()
}

// printPeople writes people as a table, a person a row.
func printPeople(w io.Writer, ps []people.Person) {
	if len(ps) == 0 {
		fmt.Fprintln(w, "No people.")
		return
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "EMAIL\tNAME\tROLE\tWORKPLACES\tSTART\tDISABLED")
	for _, p := range ps {
		start, disabled := "-", "no"
		if !p.Start.IsZero() {
			start = p.Start.Format("2006-01-02")
		}
		if p.Disabled {
			disabled = "yes"
		}
		wps := strings.Join(p.Workplaces, ";")
		if wps == "" {
			wps = "-"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", p.Email, oneLine(p.Name), p.Role, wps, start, disabled)
	}
	tw.Flush()
}

// oneLine keeps a name from breaking the table: tabs and line breaks become spaces.
func oneLine(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return ' '
		}
		return r
	}, s)
}
