package site

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSplitFrontMatter(t *testing.T) {
	tests := []struct {
		name     string
		in       string
		yaml     string
		body     string
		bodyLine int
		ok       bool
	}{
		{"none", "# Title\n\nText\n", "", "# Title\n\nText\n", 1, true},
		{"yaml", "---\ntitle: A\n---\nBody\n", "title: A\n", "Body\n", 4, true},
		{"crlf and BOM", "\ufeff---\r\ntitle: A\r\n---\r\nBody\r\n", "title: A\r\n", "Body\r\n", 4, true},
		{"lone CR normalized", string(normalizeNewlines([]byte("---\rtitle: A\r---\rBody"))), "title: A\n", "Body", 4, true},
		{"dots close", "---\ntitle: A\n...\nBody", "title: A\n", "Body", 4, true},
		{"empty", "---\n---\n", "", "", 3, true},
		{"unclosed", "---\ntitle: A\nBody\n", "", "", 0, false},
		{"rule later is body", "Text\n\n---\n\nMore\n", "", "Text\n\n---\n\nMore\n", 1, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			y, body, line, ok := splitFrontMatter([]byte(tt.in))
			if ok != tt.ok || string(y) != tt.yaml || string(body) != tt.body || line != tt.bodyLine {
				t.Errorf("got (%q, %q, %d, %v), want (%q, %q, %d, %v)", y, body, line, ok, tt.yaml, tt.body, tt.bodyLine, tt.ok)
			}
		})
	}
}

func TestFirstHeading(t *testing.T) {
	tests := []struct{ in, want string }{
		{"# Þjónusta\n", "Þjónusta"},
		{"Inngangur\n\n## Annar *kafli* ##\n", "Annar kafli"},
		{"```\n# not a heading\n```\n# Real\n", "Real"},
		{"Setext title\n============\n", "Setext title"},
		{"- list item\n---\n", ""},
		{"# [Linked](x.md) `code`\n", "Linked code"},
		{"No heading at all.\n", ""},
	}
	for _, tt := range tests {
		if got := firstHeading([]byte(tt.in)); got != tt.want {
			t.Errorf("firstHeading(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// FuzzFrontMatter feeds arbitrary files through splitting and strict decoding: no input
// may panic, every diagnostic must point inside the file, and a file that decodes without
// error must keep the body it was given.
func FuzzFrontMatter(f *testing.F) {
	seeds := []string{
		"---\ntitle: A\nkind: policy\nacknowlege: true\n---\nBody",
		"---\ntitle: A\nkind: checklist\nitems:\n  - id: a\n    task: b\n    due: -3\n---\n",
		"---\nowner: {name: x, email: y}\napproved:\n  - {body: B, meeting: 1, date: 2015-05-06}\n---\n",
		"---\ntitle: [unclosed\n---\n",
		"---\ntags: &a [x]\nkeywords: *a\n---\n",
		"---\n- a\n- b\n---\n",
		"---\ntitle: A\ntitle: B\n---\n",
		"# Just Markdown\n",
		"---\neffective: 2015-13-45\nversion: 1.5\n---\n",
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		data = normalizeNewlines(data) // as readPage does
		y, body, bodyLine, ok := splitFrontMatter(data)
		if !ok {
			return
		}
		lines := splitLines(data)
		d := &strictDecoder{path: "x.md", lineOffset: 1, lines: &fileLines{data: data}, unknown: Error, pos: map[string]Pos{}, keys: map[string]Pos{}}
		var fm frontMatter
		decodeFrontMatter(d, y, &fm)
		for _, diag := range d.diags {
			if diag.Pos.Line < 1 || diag.Pos.Line > len(lines) {
				t.Fatalf("diagnostic %v points outside the file of %d lines", diag, len(lines))
			}
			if diag.Source != lines[diag.Pos.Line-1] {
				t.Fatalf("diagnostic %v quotes %q, but line %d is %q", diag, diag.Source, diag.Pos.Line, lines[diag.Pos.Line-1])
			}
			if n := utf8.RuneCountInString(diag.Source); diag.Pos.Col < 1 || diag.Pos.Col > n+1 {
				t.Fatalf("diagnostic %v points at column %d of a line of %d characters", diag, diag.Pos.Col, n)
			}
		}
		// The body starts on the line the split says it does.
		before := data[:len(data)-len(body)]
		before = bytes.TrimPrefix(before, []byte("\xef\xbb\xbf"))
		if got := len(splitLines(before)); len(body) > 0 && got != bodyLine {
			t.Fatalf("body said to start on line %d, but %d lines come before it", bodyLine, got-1)
		}
	})
}

func TestStrictDecodeReportsEveryProblem(t *testing.T) {
	text := "title: 5\nversion: x\nowner: {nme: A}\napproved: {body: B}\nitems:\n  - id: a\n    due: soon\n"
	d := &strictDecoder{path: "p.md", lineOffset: 1, lines: &fileLines{data: []byte("---\n" + text)}, unknown: Error, pos: map[string]Pos{}}
	var fm frontMatter
	decodeFrontMatter(d, []byte(text), &fm)
	var got []string
	for _, diag := range d.diags {
		got = append(got, diag.String())
	}
	want := []string{
		`p.md:3:10: version: expected a whole number, not "x"`,
		`p.md:4:9: unknown field "nme" (did you mean "name"?)`,
		`p.md:5:11: approved: expected a list, like [a, b] or lines starting with "- "`,
		`p.md:8:10: due: expected a whole number, not "soon"`,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if fm.Title != "5" {
		t.Errorf("a number as title should be read as text, got %q", fm.Title)
	}
}
