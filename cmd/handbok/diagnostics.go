package main

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/handbok/handbok/internal/build"
	"github.com/handbok/handbok/internal/site"
)

// printDiagnostics writes each diagnostic as "path:line:col: message", with the path as
// the user can open it from where they are, and the offending line under it with a caret.
func printDiagnostics(w io.Writer, p *build.Project, diags site.Diagnostics) {
	for _, d := range diags {
		d.Pos.Path = p.Path(d.Pos.Path)
		fmt.Fprintln(w, d.String())
		if d.Source == "" || d.Pos.Line == 0 {
			continue
		}
		num := fmt.Sprint(d.Pos.Line)
		// A tab is shown as an arrow, so that a tab in YAML's indentation can be seen.
		fmt.Fprintf(w, "  %s | %s\n", num, strings.ReplaceAll(d.Source, "\t", "→   "))
		if d.Pos.Col > 0 {
			before := d.Source
			if n := utf8.RuneCountInString(before); d.Pos.Col-1 < n {
				before = string([]rune(before)[:d.Pos.Col-1])
			}
			pad := utf8.RuneCountInString(strings.ReplaceAll(before, "\t", "    "))
			fmt.Fprintf(w, "  %s | %s^\n", strings.Repeat(" ", len(num)), strings.Repeat(" ", pad))
		}
	}
}
