package search

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"github.com/handbok/handbok/internal/parallel"
)

// partMark ends a part key: the stem of a part of the handbook's compound words
// ("regl$", a part of "umgengnisreglur"), or of another form of a word's lemma, whose
// pages are those of the words it is a key of (see RelatedKeys). It sorts after the
// other marks and before letters, so a word's keys stay together.
const partMark = '$'

// Lexicon returns, for words of a handbook (lower case, as written), the other forms of
// their lemmas, as package search/lexicon reads them from BÍN.
type Lexicon func(words map[string]bool) (map[string][]string, error)

// RelatedKeys returns, for each of the handbook's words (lower case, as written), the
// keys under which it is found beside its own: the stems of its parts when it is a
// compound (see Compounds), and with a lexicon the stems of its lemma's other forms
// that the stemmer keys apart ("betri" under "god", the stem of "góður"). Both indexes
// keep them as part keys, weighted as parts.
func RelatedKeys(words []string, lang Language, lex Lexicon) ([][]string, error) {
	c := NewCompounds(words, lang)
	keys := make([][]string, len(words))
	parallel.Do(context.Background(), len(words), func(i int) error {
		keys[i] = c.Parts(words[i])
		return nil
	})
	if lex == nil {
		return keys, nil
	}
	set := make(map[string]bool, len(words))
	for _, w := range words {
		set[w] = true
	}
	forms, err := lex(set)
	if err != nil {
		return nil, err
	}
	for i, w := range words {
		if len(forms[w]) == 0 {
			continue
		}
		own := Stem(w, lang)
		for _, f := range forms[w] {
			if k := Stem(f, lang); k != own && !slices.Contains(keys[i], k) {
				keys[i] = append(keys[i], k)
			}
		}
	}
	return keys, nil
}

// addParts adds a part key for each key that RelatedKeys gives the handbook's words:
// its postings are those of the exact keys of the words it is a key of, which encode
// then keeps.
func (ix *inverted) addParts(lang Language, lex Lexicon) error {
	var words []string
	var ids []int32
	for k, name := range ix.names {
		if _, exact, ok := strings.Cut(name, string(exactMark)); ok {
			words = append(words, exact)
			ids = append(ids, int32(k))
		}
	}
	parts, err := RelatedKeys(words, lang, lex)
	if err != nil {
		return err
	}
	ix.sources = make(map[int32][]int32)
	ix.kept = make(map[int32]bool)
	byName := map[string]int32{}
	for i, ps := range parts {
		for _, p := range ps {
			name := p + string(partMark)
			k, ok := byName[name]
			if !ok {
				k = ix.newKey(name)
				byName[name] = k
			}
			ix.sources[k] = append(ix.sources[k], ids[i])
			ix.kept[ids[i]] = true
		}
	}
	return nil
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
