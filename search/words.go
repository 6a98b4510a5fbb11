package search

import (
	"bytes"
	"hash/maphash"
)

// wordTable maps the lower-case words a reader has seen to the ids of their keys. A
// handbook has some thousands of different words and tens of millions of words in all,
// so this lookup is the index's busiest: the table keeps the words side by side in one
// arena and probes a flat array with the word's hash, where a map would keep each word
// as its own string somewhere in the heap and compare it there.
type wordTable struct {
	seed    maphash.Seed
	slots   []int32 // an index into entries plus one; 0 is an empty slot
	entries []wordEntry
	arena   []byte
}

type wordEntry struct {
	hash       uint64
	start, end int32    // the word, in arena
	ids        [3]int32 // its folded, stem and exact keys
	stop       bool     // a stop word, which has no keys
	counts     [3]uint8 // how often it is in each field of the page being read
}

func newWordTable() *wordTable {
	return &wordTable{seed: maphash.MakeSeed(), slots: make([]int32, 1024)}
}

// find returns the index of word's entry, or -1 and the word's hash for add.
func (t *wordTable) find(word []byte) (int32, uint64) {
	h := maphash.Bytes(t.seed, word)
	mask := uint64(len(t.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		s := t.slots[i]
		if s == 0 {
			return -1, h
		}
		e := &t.entries[s-1]
		if e.hash == h && bytes.Equal(t.arena[e.start:e.end], word) {
			return s - 1, h
		}
	}
}

// add adds word, which find did not find, with its hash, and returns its entry's index.
func (t *wordTable) add(word []byte, h uint64) int32 {
	if 2*(len(t.entries)+1) > len(t.slots) {
		t.grow()
	}
	start := int32(len(t.arena))
	t.arena = append(t.arena, word...)
	t.entries = append(t.entries, wordEntry{hash: h, start: start, end: int32(len(t.arena))})
	t.place(h, int32(len(t.entries)))
	return int32(len(t.entries) - 1)
}

func (t *wordTable) place(h uint64, slot int32) {
	mask := uint64(len(t.slots) - 1)
	i := h & mask
	for t.slots[i] != 0 {
		i = (i + 1) & mask
	}
	t.slots[i] = slot
}

func (t *wordTable) grow() {
	t.slots = make([]int32, 2*len(t.slots))
	for i := range t.entries {
		t.place(t.entries[i].hash, int32(i+1))
	}
}
