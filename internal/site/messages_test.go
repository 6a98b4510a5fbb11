package site

import (
	"testing"
	"testing/fstest"
)

// errorsOf loads a handbook of the given files and returns its diagnostics, one a line.
func errorsOf(t *testing.T, files map[string]string) (*Site, string) {
	t.Helper()
	fsys := fstest.MapFS{}
	for name, text := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(text)}
	}
	s, diags := load(t, fsys)
	return s, messages(diags)
}

// TestYAMLSyntaxHints: the usual slips in front matter are named for what they are, with
// the caret where the fix goes.
func TestYAMLSyntaxHints(t *testing.T) {
	tests := []struct {
		name, front, want string
	}{
		{"one space too many", "title: A\n kind: policy\n",
			`content/a.md:3:2: "kind" is indented more than "title" on the line above: line them up (YAML reads a line indented further as more of the value above it)`},
		{"one space too many, nested", "title: A\nkind: policy\nowner:\n  name: A\n   email: a@example.is\n",
			`content/a.md:6:4: "email" is indented more than "name" on the line above: line them up (YAML reads a line indented further as more of the value above it)`},
		{"one space too many, in a list", "title: A\nkind: checklist\nitems:\n  - id: a\n     task: T\n",
			`content/a.md:6:6: "task" is indented more than "id" on the line above: line them up (YAML reads a line indented further as more of the value above it)`},
		{"one space too few", "title: A\nkind: policy\nowner:\n  name: A\n email: a@example.is\n",
			`content/a.md:6:2: "email" is indented less than "name" on the line above but more than "owner" on line 4: line it up with the key it belongs with`},
		{"no space after the colon", "title: A\nversion:1\nkind: policy\n",
			`content/a.md:3:8: add a space after the colon: version: 1`},
		{"no space after the colon, last line", "title: A\nkind: policy\nversion:1\n",
			`content/a.md:4:8: add a space after the colon: version: 1`},
		{"no space after the colon, nested", "title: A\nkind: policy\nowner:\n  name:Anna\n  email: a@example.is\n",
			`content/a.md:5:7: add a space after the colon: name: Anna`},
		{"no space after the colon, in braces", "title: A\nkind: policy\nowner: {name:Anna}\n",
			`content/a.md:4:13: add a space after the colon: name: Anna`},
		{"no space after the colon, only line", "version:1\n",
			`content/a.md:2:8: add a space after the colon: version: 1`},
		{"colon in a value", "title: A\ndescription: Reglur: um öryggi\n",
			`content/a.md:3:20: YAML syntax error: mapping values are not allowed in this context (put a value that contains ": " in quotes)`},
		{"tab", "title: A\n\tkind: policy\n",
			`content/a.md:3:1: a tab in the indentation: YAML indents with spaces only, so replace the tab with spaces`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, got := errorsOf(t, map[string]string{"content/a.md": "---\n" + tt.front + "---\n"})
			if got != tt.want+"\n" {
				t.Errorf("got:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

// TestDateProblems: a date that is written right but is not in the calendar is told so,
// not told to use the format it uses; one written another way is shown as it should be.
func TestDateProblems(t *testing.T) {
	tests := []struct{ value, want string }{
		{"2026-02-30", `effective: "2026-02-30" is not a date; February 2026 has 28 days`},
		{"2024-02-30", `effective: "2024-02-30" is not a date; February 2024 has 29 days`},
		{"2026-04-31", `effective: "2026-04-31" is not a date; April 2026 has 30 days`},
		{"2026-13-01", `effective: "2026-13-01" is not a date; there is no month 13; write the date as YYYY-MM-DD, like 2015-05-19`},
		{"2026-04-00", `effective: "2026-04-00" is not a date; there is no day 0; days are counted from 1`},
		{"2026-2-3", `effective: "2026-2-3" is not a date; write it as YYYY-MM-DD: 2026-02-03`},
		{"19.05.2015", `effective: "19.05.2015" is not a date; write it as YYYY-MM-DD: 2015-05-19`},
		{"í vor", `effective: "í vor" is not a date; write it as YYYY-MM-DD, like 2015-05-19`},
	}
	for _, tt := range tests {
		t.Run(tt.value, func(t *testing.T) {
			_, got := errorsOf(t, map[string]string{
				"content/a.md": "---\ntitle: A\nkind: policy\neffective: " + tt.value + "\n---\n"})
			if want := "content/a.md:4:12: " + tt.want + "\n"; got != want {
				t.Errorf("got:\n%s\nwant:\n%s", got, want)
			}
		})
	}
}
