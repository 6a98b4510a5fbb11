package site

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"
)

// yamlShape is what a YAML line shows of its structure: where it starts and, when it
// starts with a key, which key and where its colon is. Columns are 1-based, in runes.
type yamlShape struct {
	text      string
	key       string // "" when the line does not start with a key
	keyCol    int    // where the key starts, after any "- " of a list item
	colon     int    // the colon after the key
	spaceless bool   // the colon is followed by a value without a space: "version:1"
}

var keyStart = regexp.MustCompile(`^( *)((?:- +)*)([A-Za-z_][A-Za-z0-9_-]*)[ \t]*:(.?)`)

func shapeOf(text string) yamlShape {
	sh := yamlShape{text: text}
	m := keyStart.FindStringSubmatchIndex(text)
	if m == nil {
		return sh
	}
	sh.key = text[m[6]:m[7]]
	sh.keyCol = m[6] + 1
	sh.colon = m[8] // 1-based: the 0-based offset of the character after the colon
	after := text[m[8]:m[9]]
	sh.spaceless = after != "" && !strings.Contains(" \t#/", after) // not key: #…, nor https://
	return sh
}

// syntaxHint turns yaml.v3's message about a syntax error on line (1-based, of lines)
// into one that says what to do, and where: the message, and the line of lines and
// column to point at; lineOffset is how many lines of the file come before lines. The
// mistakes people make most — a line indented a space too far or too little,
// "key:value" without a space, ": " inside a value — get a message of their own.
func syntaxHint(msg string, lines []string, line, lineOffset int) (string, int, int) {
	cur := shapeOf(lineAt(lines, line))
	prevLine := contentLineAbove(lines, line)
	prev := shapeOf(lineAt(lines, prevLine))
	trimmed := strings.TrimSpace(cur.text)
	keyMissing := strings.Contains(msg, "could not find expected ':'") || strings.Contains(msg, "mapping values are not allowed")
	// A line of "key:value" is one plain word to YAML, which then fails on it or, when
	// the next line is a key, on that one.
	spaceless := 0
	for _, n := range []int{line, prevLine} {
		if keyMissing && spaceless == 0 && shapeOf(lineAt(lines, n)).spaceless {
			spaceless = n
		}
	}
	switch {
	case strings.Contains(cur.text[:len(cur.text)-len(strings.TrimLeft(cur.text, " \t"))], "\t") ||
		strings.Contains(msg, "tab character"):
		return "a tab in the indentation: YAML indents with spaces only, so replace the tab with spaces", line, 1
	case keyMissing && cur.key != "" && prev.key != "" && cur.keyCol > prev.keyCol && !strings.HasSuffix(strings.TrimSpace(prev.text), ":"):
		return fmt.Sprintf("%q is indented more than %q on the line above: line them up (YAML reads a line indented further as more of the value above it)",
			cur.key, prev.key), line, cur.keyCol
	case spaceless > 0:
		sh := shapeOf(lines[spaceless-1])
		return fmt.Sprintf("add a space after the colon: %s: %s", sh.key, strings.TrimSpace(sh.text[sh.colon:])), spaceless, sh.colon
	case strings.Contains(msg, "mapping values are not allowed") && valueColon(cur) > 0:
		return "YAML syntax error: " + msg + ` (put a value that contains ": " in quotes)`, line, valueColon(cur)
	case strings.Contains(msg, "did not find expected") && cur.key != "" && prev.key != "" && cur.keyCol < prev.keyCol:
		hint := fmt.Sprintf("%q is indented less than %q on the line above", cur.key, prev.key)
		if n := parentLine(lines, line, cur.keyCol); n > 0 {
			hint += fmt.Sprintf(" but more than %q on line %d", shapeOf(lines[n-1]).key, n+lineOffset)
		}
		return hint + ": line it up with the key it belongs with", line, cur.keyCol
	case trimmed != "" && !strings.Contains(trimmed, ":") && !strings.HasPrefix(trimmed, "-") && !strings.HasPrefix(trimmed, "#"):
		return "YAML syntax error: " + msg + " (this line is not YAML: if the front matter ends before it, put a --- line there)", line, 1
	}
	return "YAML syntax error: " + msg + " (check the indentation and the brackets and quotes)", line, 1
}

// lineAt returns line n of lines, counted from 1, or "".
func lineAt(lines []string, n int) string {
	if n < 1 || n > len(lines) {
		return ""
	}
	return lines[n-1]
}

// contentLineAbove returns the number of the nearest line above line n that holds more
// than a comment, or 0.
func contentLineAbove(lines []string, n int) int {
	for i := n - 1; i >= 1; i-- {
		if t := strings.TrimSpace(lines[i-1]); t != "" && !strings.HasPrefix(t, "#") {
			return i
		}
	}
	return 0
}

// parentLine returns the number of the nearest line above line n whose key starts left
// of column col: the key that a key at col would belong to; 0 if none.
func parentLine(lines []string, n, col int) int {
	for i := n - 1; i >= 1; i-- {
		if sh := shapeOf(lines[i-1]); sh.key != "" && sh.keyCol < col {
			return i
		}
	}
	return 0
}

// valueColon returns the column of the first ": " in the value of a line (after its
// key's colon when it has a key), where YAML saw a second key; 0 if there is none.
func valueColon(sh yamlShape) int {
	start := 0
	if sh.key != "" {
		start = sh.colon
	}
	rest := sh.text[start:]
	i := strings.Index(rest, ": ")
	if i < 0 {
		if !strings.HasSuffix(rest, ":") {
			return 0
		}
		i = len(rest) - 1
	}
	return utf8.RuneCountInString(sh.text[:start+i]) + 1
}
