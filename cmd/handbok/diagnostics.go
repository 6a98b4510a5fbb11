package main

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/handbok/handbok/internal/build"
	"github.com/handbok/handbok/internal/site"
)

// groupAbove is how many times the same warning is printed in full: one that comes more
// often (an unknown key in 500 migrated files) is printed once, with a line that counts
// the rest and names a few of them.
const groupAbove = 4

// groupNamed is how many further places a grouped warning names.
const groupNamed = 3

// printDiagnostics writes each diagnostic as "path:line:col: message", with the path as
// the user can open it from where they are, and the offending line under it with a caret.
// A warning repeated in many places is written once with a count (see printReport).
func printDiagnostics(w io.Writer, p *build.Project, diags site.Diagnostics) {
	printReport(w, p, diags, false)
}

// printReport is printDiagnostics that, with verbose, writes every diagnostic; without,
// a warning whose message comes more than groupAbove times is written at its first place,
// followed by a line with how many more there are and where the next few are. Errors
// are always written, each one.
func printReport(w io.Writer, p *build.Project, diags site.Diagnostics, verbose bool) {
	var groups map[string][]site.Pos
	if !verbose {
		groups = repeatedWarnings(diags)
	}
	for _, d := range diags {
		d.Pos.Path = p.Path(d.Pos.Path)
		rest, grouped := groups[groupKey(d)]
		if grouped && rest == nil {
			continue // written with the first of its group
		}
		fmt.Fprintln(w, d.String())
		printSource(w, d)
		if grouped {
			printGroup(w, p, rest)
			groups[groupKey(d)] = nil
		}
	}
}

// repeatedWarnings returns the warnings that come more than groupAbove times, by
// groupKey, each with the places after its first.
func repeatedWarnings(diags site.Diagnostics) map[string][]site.Pos {
	places := map[string][]site.Pos{}
	for _, d := range diags {
		if d.Severity == site.Warning {
			places[groupKey(d)] = append(places[groupKey(d)], d.Pos)
		}
	}
	for k, ps := range places {
		if len(ps) <= groupAbove {
			delete(places, k)
		} else {
			places[k] = ps[1:]
		}
	}
	return places
}

// groupKey is what makes two warnings the same: their message.
func groupKey(d site.Diagnostic) string { return d.Code + "\x00" + d.Message }

// printGroup writes the line that stands for the other places of a repeated warning.
func printGroup(w io.Writer, p *build.Project, rest []site.Pos) {
	var named []string
	for _, pos := range rest[:min(groupNamed, len(rest))] {
		pos.Path = p.Path(pos.Path)
		named = append(named, pos.String())
	}
	more := ""
	if n := len(rest) - len(named); n > 0 {
		more = fmt.Sprintf(" and %d more", n)
	}
	fmt.Fprintf(w, "  … the same warning in %d more places: %s%s (--verbose lists every one)\n",
		len(rest), strings.Join(named, ", "), more)
}

// printSource writes the offending line of a diagnostic and a caret under its column.
func printSource(w io.Writer, d site.Diagnostic) {
	if d.Source == "" || d.Pos.Line == 0 {
		return
	}
	num := fmt.Sprint(d.Pos.Line)
	line, col := d.Excerpt()
	// A tab is shown as an arrow, so that a tab in YAML's indentation can be seen.
	fmt.Fprintf(w, "  %s | %s\n", num, strings.ReplaceAll(line, "\t", "→   "))
	if col > 0 {
		before := line
		if n := utf8.RuneCountInString(before); col-1 < n {
			before = string([]rune(before)[:col-1])
		}
		pad := utf8.RuneCountInString(strings.ReplaceAll(before, "\t", "    "))
		fmt.Fprintf(w, "  %s | %s^\n", strings.Repeat(" ", len(num)), strings.Repeat(" ", pad))
	}
}
