package wordiff

import (
	"strings"
	"unicode/utf8"
)

// builder gathers a diff's text op by op into chunks: it joins runs of the same op,
// puts the deletions between two unchanged runs before the insertions, and moves into
// the unchanged runs the words that a deletion and an insertion start or end with in
// common, so that "góð." changed to "góð og glöð." reads as " og glöð" inserted rather
// than "góð" replaced by "góð og glöð".
type builder struct {
	out          []Chunk
	eq, del, ins strings.Builder
}

// add appends s, which op says is in both texts or in one of them.
func (b *builder) add(op Op, s string) {
	switch {
	case s == "":
		// Nothing to add; and a change ends only at unchanged text that is there,
		// which emit relies on.
	case op == Delete:
		b.del.WriteString(s)
	case op == Insert:
		b.ins.WriteString(s)
	default:
		if b.del.Len() > 0 || b.ins.Len() > 0 {
			b.flushChange()
		}
		b.eq.WriteString(s)
	}
}

// flushChange ends the change gathered since the last unchanged text.
func (b *builder) flushChange() {
	del, ins := b.del.String(), b.ins.String()
	b.del.Reset()
	b.ins.Reset()
	if del == ins { // nothing changed after all (or nothing was gathered)
		b.eq.WriteString(del)
		return
	}
	p := sharedPrefix(del, ins)
	b.eq.WriteString(del[:p])
	del, ins = del[p:], ins[p:]
	s := sharedSuffix(del, ins)
	suffix := del[len(del)-s:]
	del, ins = del[:len(del)-s], ins[:len(ins)-s]
	b.emit(Equal, b.eq.String())
	b.eq.Reset()
	b.emit(Delete, del)
	b.emit(Insert, ins)
	b.eq.WriteString(suffix)
}

// emit appends a chunk unless s is empty. Two chunks with the same op never follow
// each other: a change ends only when non-empty unchanged text arrives, which the next
// change's Equal chunk then starts with.
func (b *builder) emit(op Op, s string) {
	if s != "" {
		b.out = append(b.out, Chunk{op, s})
	}
}

// chunks ends the diff and returns its chunks.
func (b *builder) chunks() []Chunk {
	b.flushChange()
	b.emit(Equal, b.eq.String())
	b.eq.Reset()
	return b.out
}

// sharedPrefix returns the length of the longest text a and b start with that ends,
// in both, where a word does.
func sharedPrefix(a, b string) int {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	for n > 0 && !(wordEdge(a, n) && wordEdge(b, n)) {
		n--
	}
	return n
}

// sharedSuffix returns the length of the longest text a and b end with that starts,
// in both, where a word does.
func sharedSuffix(a, b string) int {
	n := 0
	for n < len(a) && n < len(b) && a[len(a)-1-n] == b[len(b)-1-n] {
		n++
	}
	for n > 0 && !(wordEdge(a, len(a)-n) && wordEdge(b, len(b)-n)) {
		n--
	}
	return n
}

// wordEdge says whether s can be cut at byte i without cutting a word or a letter in
// two.
func wordEdge(s string, i int) bool {
	if i == 0 || i == len(s) {
		return true
	}
	if !utf8.RuneStart(s[i]) {
		return false
	}
	before, _ := utf8.DecodeLastRuneInString(s[:i])
	after, _ := utf8.DecodeRuneInString(s[i:])
	return !isWord(before) || !isWord(after)
}
