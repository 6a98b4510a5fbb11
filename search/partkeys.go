package search

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"github.com/handbok/handbok/internal/parallel"
)

// partMark ends a part key: the stem of a part of the handbook's compound words
// ("regl$", a part of "umgengnisreglur"), whose pages are those of the compounds. It
// sorts after the other marks and before letters, so a word's keys stay together.
const partMark = '$'

// addParts adds a part key for each part of the handbook's compound words (see
// Compounds), split against the words of the handbook itself: its postings are those
// of the exact keys of the compounds it is a part of, which encode then keeps.
func (ix *inverted) addParts(lang Language) {
	var words []string
	var ids []int32
	for k, name := range ix.names {
		if _, exact, ok := strings.Cut(name, string(exactMark)); ok {
			words = append(words, exact)
			ids = append(ids, int32(k))
		}
	}
	c := NewCompounds(words, lang)
	parts := make([][]string, len(words))
	parallel.Do(context.Background(), len(words), func(i int) error {
		parts[i] = c.Parts(words[i])
		return nil
	})
	ix.sources = make(map[int32][]int32)
	ix.kept = make(map[int32]bool)
	byName := map[string]int32{}
	for i, ps := range parts {
		for _, p := range ps {
			name := p + string(partMark)
			k, ok := byName[name]
			if !ok {
				k = int32(len(ix.names))
				byName[name] = k
				ix.names = append(ix.names, name)
				ix.df = append(ix.df, 0)
				for v := range ix.local {
					ix.local[v] = append(ix.local[v], -1)
				}
			}
			ix.sources[k] = append(ix.sources[k], ids[i])
			ix.kept[ids[i]] = true
		}
	}
}

// partPostings appends to dst the postings of part key k: those of its compounds,
// with the counts of a page that has more than one of them added up.
func (ix *inverted) partPostings(dst []posting, k int32) []posting {
	for _, src := range ix.sources[k] {
		for w, r := range ix.readers {
			if local := ix.local[w][src]; local >= 0 {
				dst = readPostings(dst, r.lists[local])
			}
		}
	}
	slices.SortFunc(dst, func(a, b posting) int { return cmp.Compare(a.doc, b.doc) })
	out := dst[:0]
	for _, p := range dst {
		if n := len(out); n > 0 && out[n-1].doc == p.doc {
			for f := range p.tf {
				out[n-1].tf[f] = uint8(min(int(out[n-1].tf[f])+int(p.tf[f]), 255))
			}
			continue
		}
		out = append(out, p)
	}
	return out
}
