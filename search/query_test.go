package search

import (
	"errors"
	"strings"
	"testing"
)

// TestCheckQuery: queries up to MaxQueryBytes and MaxQueryWords different words pass;
// over either, the error says the limit.
func TestCheckQuery(t *testing.T) {
	sixteen := "a b c d e f g h i j k l m n o p"
	for _, c := range []struct {
		name, text, err string
	}{
		{"Empty", "", ""},
		{"256Bytes", strings.Repeat("ð", 128), ""},
		{"257Bytes", strings.Repeat("ð", 128) + " ", "the query is 257 bytes long; a search can be at most 256 bytes: search for fewer or shorter words"},
		{"16Words", sixteen, ""},
		{"16WordsInOtherCase", sixteen + " A B Þ þ", "the query has 17 different words; a search can have at most 16: leave some out"},
		{"RepeatedWords", strings.Repeat("sund ", 51), ""},
		{"17Words", sixteen + " q", "the query has 17 different words; a search can have at most 16: leave some out"},
		{"PunctuationIsNoWord", sixteen + " - , . ? !", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := CheckQuery(c.text)
			if c.err == "" {
				if err != nil {
					t.Errorf("%v", err)
				}
				return
			}
			if err == nil || err.Error() != c.err || !errors.Is(err, ErrQueryTooLong) {
				t.Errorf("%v, want %q", err, c.err)
			}
		})
	}
}
