package bleveindex

import (
	"encoding/json"
	"fmt"
	"slices"

	"github.com/handbok/handbok/search"
)

// exactFields are the fields of the words as written.
var exactFields = []string{"title_exact", "headings_exact", "body_exact"}

// partsKey is where the index keeps its table of parts (see updateParts), and
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
	x.lexicon = lex
	if id == x.lexiconID {
		return nil
	}
	if err := x.updateParts(); err != nil {
		return err
	}
	if err := x.idx.SetInternal(lexiconKey, []byte(id)); err != nil {
		return err
	}
	x.lexiconID = id
	return nil
}

// updateParts splits the compound words of the index against the index's own words
// (search.Compounds), as the static index does with the words of the handbook, and
// keeps the table of each part's key and the compounds it is a part of (lower case, as
// written) in the index, so that a search finds compounds by their parts without
// splitting them again. It is made anew after each update, since a word new to the
// handbook may be the part that splits a compound on a page that did not change.
func (x *Index) updateParts() error {
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
	x.parts = table
	return nil
}

// readParts reads the table of parts that updateParts kept, and the name of the
// lexicon it was made with.
func (x *Index) readParts() error {
	id, err := x.idx.GetInternal(lexiconKey)
	if err != nil {
		return err
	}
	x.lexiconID = string(id)
	data, err := x.idx.GetInternal(partsKey)
	if err != nil || data == nil {
		return err
	}
	return json.Unmarshal(data, &x.parts)
}

// terms returns the terms of fields, sorted and without duplicates.
func (x *Index) terms(fields []string) ([]string, error) {
	ix, err := x.idx.Advanced()
	if err != nil {
		return nil, err
	}
	r, err := ix.Reader()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	var out []string
	for _, field := range fields {
		dict, err := r.FieldDict(field)
		if err != nil {
			return nil, err
		}
		for {
			e, err := dict.Next()
			if err != nil {
				dict.Close()
				return nil, err
			}
			if e == nil {
				break
			}
			out = append(out, e.Term)
		}
		if err := dict.Close(); err != nil {
			return nil, err
		}
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}
