package bleveindex

import (
	"encoding/json"
	"fmt"
	"slices"

	"github.com/handbok/handbok/search"
)

// exactFields are the fields of the words as written.
var exactFields = []string{"title_exact", "headings_exact", "body_exact"}

// partsKey is where the index keeps its table of parts (see RefreshParts), and
// lexiconKey the name of the lexicon it was made with (see UseLexicon).
var (
	partsKey   = []byte("parts")
	lexiconKey = []byte("lexicon")
)

// UseLexicon sets the lexicon whose forms the table of parts adds (see
// search.RelatedKeys), named by id (what tells one version of its file from another;
// "" for none). When id is not the one the table was made with, the table is made anew
// at once, since no page need change for the lexicon to.
func (x *Index) UseLexicon(id string, lex search.Lexicon) error {
	x.partsMu.Lock()
	defer x.partsMu.Unlock()
	x.lexicon = lex
	if id == x.lexiconID {
		return nil
	}
	if err := x.makeParts(); err != nil {
		return err
	}
	if err := x.idx.SetInternal(lexiconKey, []byte(id)); err != nil {
		return err
	}
	x.lexiconID = id
	return nil
}

// RefreshParts makes the table of parts anew if the pages changed since it was made:
// it splits the compound words of the index against the index's own words
// (search.RelatedKeys), as the static index does with the words of the handbook, and
// keeps each part's key and the compounds it is a part of (lower case, as written) in
// the index, so that a search finds compounds by their parts without splitting them
// again. The whole table is made anew, since a word new to the handbook may be the part
// that splits a compound on a page that did not change; so it is made once after all
// of an update's batches, not after each. A search makes it when it is stale.
func (x *Index) RefreshParts() error {
	if !x.partsStale.Load() {
		return nil
	}
	x.partsMu.Lock()
	defer x.partsMu.Unlock()
	if !x.partsStale.Load() {
		return nil
	}
	return x.makeParts()
}

// makeParts makes the table of parts; partsMu is held.
func (x *Index) makeParts() error {
	words, err := x.terms(exactFields)
	if err != nil {
		return err
	}
	parts, err := search.RelatedKeys(words, x.lang, x.lexicon)
	if err != nil {
		return fmt.Errorf("lexicon: %w", err)
	}
	table := map[string][]string{}
	for i, ps := range parts {
		for _, p := range ps {
			table[p] = append(table[p], words[i])
		}
	}
	data, err := json.Marshal(table)
	if err != nil {
		return err
	}
	if err := x.idx.SetInternal(partsKey, data); err != nil {
		return err
	}
	x.parts.Store(&table)
	x.partsStale.Store(false)
	return nil
}

// partsOf returns the words that have key as a part (see RefreshParts).
func (x *Index) partsOf(key string) []string {
	if t := x.parts.Load(); t != nil {
		return (*t)[key]
	}
	return nil
}

// readParts reads the table of parts that makeParts kept, and the name of the
// lexicon it was made with; an index without one (an update was cut short) makes it
// at the first search.
func (x *Index) readParts() error {
	id, err := x.idx.GetInternal(lexiconKey)
	if err != nil {
		return err
	}
	x.lexiconID = string(id)
	data, err := x.idx.GetInternal(partsKey)
	if err != nil {
		return err
	}
	if data == nil {
		x.partsStale.Store(true)
		return nil
	}
	var table map[string][]string
	if err := json.Unmarshal(data, &table); err != nil {
		return err
	}
	x.parts.Store(&table)
	return nil
}

// terms returns the terms of fields, sorted and without duplicates.
func (x *Index) terms(fields []string) ([]string, error) {
	var out []string
	err := x.eachTerm(fields, "", func(term string) { out = append(out, term) })
	slices.Sort(out)
	return slices.Compact(out), err
}

// eachTerm calls fn with each term of fields that begins with prefix, field by field.
func (x *Index) eachTerm(fields []string, prefix string, fn func(term string)) error {
	ix, err := x.idx.Advanced()
	if err != nil {
		return err
	}
	r, err := ix.Reader()
	if err != nil {
		return err
	}
	defer r.Close()
	for _, field := range fields {
		dict, err := r.FieldDictPrefix(field, []byte(prefix))
		if err != nil {
			return err
		}
		for {
			e, err := dict.Next()
			if err != nil {
				dict.Close()
				return err
			}
			if e == nil {
				break
			}
			fn(e.Term)
		}
		if err := dict.Close(); err != nil {
			return err
		}
	}
	return nil
}
