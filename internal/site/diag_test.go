package site

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// A long line is cut around the column, the caret still under the same character; a
// short one is shown whole.
func TestExcerpt(t *testing.T) {
	long := strings.Repeat("- ", 10000) + "x" + strings.Repeat(" þ", 10)
	xCol := strings.Index(long, "x") + 1 // ASCII before x: bytes are characters
	cases := []struct {
		name, source string
		col          int
		cutBefore    bool
		cutAfter     bool
	}{
		{"short", "title: Stefna", 8, false, false},
		{"start of a long line", long, 3, false, true},
		{"middle of a long line", long, 5001, true, true},
		{"near the end of a long line", long, xCol, true, false},
		{"no column", long, 0, false, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := Diagnostic{Source: c.source, Pos: Pos{Line: 1, Col: c.col}}
			text, col := d.Excerpt()
			if n := utf8.RuneCountInString(text); n > excerptWidth+2 {
				t.Errorf("%d characters shown", n)
			}
			if strings.HasPrefix(text, "…") != c.cutBefore || strings.HasSuffix(text, "…") != c.cutAfter {
				t.Errorf("ellipses wrong: %q", text)
			}
			if c.col == 0 {
				if col != 0 {
					t.Errorf("caret at %d without a column", col)
				}
				return
			}
			want := []rune(c.source)[c.col-1]
			if got := []rune(text)[col-1]; got != want {
				t.Errorf("caret under %q, want %q (%q, col %d)", got, want, text, col)
			}
		})
	}
}
