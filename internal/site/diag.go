package site

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// Severity tells whether a diagnostic stops the build.
type Severity int

const (
	// Warning is reported but does not stop `handbok build` (it does with --strict).
	Warning Severity = iota
	// Error stops the build; the last good output is kept.
	Error
)

func (s Severity) String() string {
	if s == Error {
		return "error"
	}
	return "warning"
}

// Pos is a place in a source file. Path is relative to the handbook's source folder and
// uses forward slashes; Line and Col are 1-based, 0 when unknown.
type Pos struct {
	Path string
	Line int
	Col  int
}

func (p Pos) String() string {
	switch {
	case p.Line == 0:
		return p.Path
	case p.Col == 0:
		return fmt.Sprintf("%s:%d", p.Path, p.Line)
	}
	return fmt.Sprintf("%s:%d:%d", p.Path, p.Line, p.Col)
}

// Diagnostic is one problem found in the content, with where it is and what to do.
type Diagnostic struct {
	Pos      Pos
	Severity Severity
	Message  string
	// Source is the offending line of the file, when known, for showing under the message.
	Source string
	// Code names the kind of problem, for those that commands treat apart (CodeLink).
	Code string
}

// excerptWidth is how many characters of a long source line are shown around the column.
const excerptWidth = 100

// Excerpt returns the part of Source to show under the message and the column of the
// caret in it, counted in characters from 1 (0 for none). A line longer than a terminal
// is cut to the characters around the column, with an ellipsis where it was cut, so that
// a 20 KB line is not printed whole.
func (d Diagnostic) Excerpt() (string, int) {
	line := []rune(d.Source)
	col := d.Pos.Col
	if len(line) <= excerptWidth {
		return d.Source, col
	}
	start := 0
	if col > excerptWidth/2 {
		start = min(col-1-excerptWidth/2, len(line)-excerptWidth)
	}
	end := start + excerptWidth
	text := string(line[start:end])
	if start > 0 {
		text = "…" + text
		if col > 0 {
			col = col - start + 1
		}
	}
	if end < len(line) {
		text += "…"
	}
	return text, col
}

// CodeLink marks a link to a missing page, file or heading: a warning while building, an
// error when checking.
const CodeLink = "link"

// String formats the diagnostic as "path:line:col: message" (warnings say so).
func (d Diagnostic) String() string {
	if d.Severity == Warning {
		return d.Pos.String() + ": warning: " + d.Message
	}
	return d.Pos.String() + ": " + d.Message
}

// Diagnostics is the list of problems found by a load or a build.
type Diagnostics []Diagnostic

// Sort orders diagnostics by path, line and column, so reports are stable and read top down.
func (ds Diagnostics) Sort() {
	slices.SortStableFunc(ds, func(a, b Diagnostic) int {
		return cmp.Or(
			cmp.Compare(a.Pos.Path, b.Pos.Path),
			cmp.Compare(a.Pos.Line, b.Pos.Line),
			cmp.Compare(a.Pos.Col, b.Pos.Col),
		)
	})
}

// Count returns how many diagnostics have the given severity.
func (ds Diagnostics) Count(s Severity) int {
	n := 0
	for _, d := range ds {
		if d.Severity == s {
			n++
		}
	}
	return n
}

// Strict returns a copy in which every warning is an error (`check` and `build --strict`).
func (ds Diagnostics) Strict() Diagnostics {
	out := slices.Clone(ds)
	for i := range out {
		out[i].Severity = Error
	}
	return out
}

// String lists the diagnostics one a line.
func (ds Diagnostics) String() string {
	var b strings.Builder
	for _, d := range ds {
		b.WriteString(d.String())
		b.WriteByte('\n')
	}
	return b.String()
}

// Suggest returns the candidate nearest to word by edit distance, or "" when none is near
// enough to be a likely typo: the "did you mean" of an error message.
func Suggest(word string, candidates []string) string {
	best, bestDist := "", -1
	for _, c := range candidates {
		d := editDistance(strings.ToLower(word), c)
		if bestDist < 0 || d < bestDist {
			best, bestDist = c, d
		}
	}
	limit := max(2, len([]rune(word))/3)
	if bestDist < 0 || bestDist > limit {
		return ""
	}
	return best
}

// editDistance is the Levenshtein distance between a and b, counting runes.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
