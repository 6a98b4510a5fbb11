// Package wordiff shows, word by word, what changed between two versions of a policy's
// text: the one a person acknowledged and the current one.
//
// The texts are plain text with one block (paragraph, heading, list item, table cell)
// a line, as search.Document.Text holds them. Diff compares them in two passes: first
// whole lines, with Myers' O(ND) algorithm, so that the unchanged blocks of a long
// policy cost a hash each; then, within each run of changed blocks, tokens (a word
// with the blanks after it, a punctuation mark, a line break), with the same
// algorithm. A replaced word reads as its deletion followed by its insertion.
//
// Both passes have a cap on the edit script's length and on the steps spent finding
// it. Two long texts with little in common would otherwise cost time and memory that
// grow with the square of their length; past the cap, the run of blocks being compared
// is shown deleted and then inserted as a whole (less any words at its start and end
// that both texts share), and the blocks around it are still compared word by word.
//
// The diff is written here rather than taken from a library: the algorithm is a few
// dozen lines, it adds no dependency, and what is particular to policies (these
// tokens, the cap with its fallback, cutting shared text only where a word ends) sits
// around it in this package either way.
//
// HTML draws a diff for a page: changed blocks with their insertions and deletions
// marked, unchanged blocks near them for context, and the rest left out.
package wordiff

import "strings"

// Op says what a chunk of a diff is.
type Op int8

// What a chunk is.
const (
	Equal  Op = iota // in both texts
	Insert           // only in the new text
	Delete           // only in the old text
)

func (o Op) String() string {
	switch o {
	case Insert:
		return "Insert"
	case Delete:
		return "Delete"
	}
	return "Equal"
}

// Chunk is a run of text that is in both texts, only in the new one or only in the old
// one.
type Chunk struct {
	Op   Op
	Text string
}

// defaults are the caps of Diff. A policy of 5,000 words with 50 scattered edits stays
// far below them; past them the fallback described in the package doc applies.
var defaults = limits{maxEdits: 1000, maxWork: 4_000_000}

// Diff returns the chunks that turn old into new: the Equal and Delete chunks in order
// give old, the Equal and Insert chunks in order give new. No chunk is empty, and no
// two chunks next to each other have the same op; between two Equal chunks, the
// deletions come before the insertions.
func Diff(old, new string) []Chunk { return defaults.diff(old, new) }

// diff is Diff with the given caps.
func (l limits) diff(a, b string) []Chunk {
	la, lb := lines(a), lines(b)
	ia, ib := intern(la, lb)
	var out builder
	ops, ok := l.script(ia, ib)
	if !ok {
		l.words(&out, a, b)
		return out.chunks()
	}
	// i and j are where the run of changed lines being gathered starts in la and lb,
	// x and y where the walk is.
	i, j, x, y := 0, 0, 0, 0
	for _, op := range ops {
		switch op {
		case Delete:
			x++
		case Insert:
			y++
		case Equal:
			l.words(&out, strings.Join(la[i:x], ""), strings.Join(lb[j:y], ""))
			out.add(Equal, la[x])
			x, y = x+1, y+1
			i, j = x, y
		}
	}
	l.words(&out, strings.Join(la[i:], ""), strings.Join(lb[j:], ""))
	return out.chunks()
}

// words adds to out the word by word diff of a and b, or, past the caps, a deleted and
// b inserted, less the tokens they start and end with in common.
func (l limits) words(out *builder, a, b string) {
	if a == "" && b == "" {
		return
	}
	ta, tb := tokens(a), tokens(b)
	ia, ib := intern(ta, tb)
	p := 0
	for p < len(ia) && p < len(ib) && ia[p] == ib[p] {
		p++
	}
	s := 0
	for s < len(ia)-p && s < len(ib)-p && ia[len(ia)-1-s] == ib[len(ib)-1-s] {
		s++
	}
	out.add(Equal, strings.Join(ta[:p], ""))
	suffix := strings.Join(ta[len(ta)-s:], "")
	ta, tb = ta[p:len(ta)-s], tb[p:len(tb)-s]
	ops, ok := l.script(ia[p:len(ia)-s], ib[p:len(ib)-s])
	if !ok {
		out.add(Delete, strings.Join(ta, ""))
		out.add(Insert, strings.Join(tb, ""))
	}
	x, y := 0, 0
	for _, op := range ops {
		switch op {
		case Delete:
			out.add(Delete, ta[x])
			x++
		case Insert:
			out.add(Insert, tb[y])
			y++
		case Equal:
			out.add(Equal, ta[x])
			x, y = x+1, y+1
		}
	}
	out.add(Equal, suffix)
}
