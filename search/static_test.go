package search

import (
	"slices"
	"testing"
)

// Postings from two readers come out in page order, also when a reader got a page late.
func TestMergePostings(t *testing.T) {
	p := func(docs ...int32) []posting {
		var out []posting
		for _, d := range docs {
			out = append(out, posting{doc: d, tf: [3]uint8{0, 0, uint8(d)}})
		}
		return out
	}
	for _, c := range []struct{ a, b, want []posting }{
		{nil, p(1, 2), p(1, 2)},
		{p(1, 4, 5), p(2, 3, 6), p(1, 2, 3, 4, 5, 6)},
		{p(1, 2), p(7, 3, 4), p(1, 2, 3, 4, 7)},
		{p(5), p(1), p(1, 5)},
	} {
		if got := mergePostings(c.a, c.b); !slices.Equal(got, c.want) {
			t.Errorf("mergePostings(%v, %v) = %v, want %v", c.a, c.b, got, c.want)
		}
	}
}
