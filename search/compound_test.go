package search

import (
	"slices"
	"testing"
)

// TestCompoundParts splits words against a handbook of the evaluation's words and a few
// more: compounds into the keys of their parts, and words that only look like
// compounds not at all.
func TestCompoundParts(t *testing.T) {
	vocabulary := append(compoundVocabulary(t, readCompounds(t)),
		"metnaður", "áður", "met", "salerni", "salur", "barnanna", "anna", "nauðsynlegur",
		"foreldrar", "fór", "eldri", "kurteisum", "skrifar", "fara", "skrá", "reglunnar",
		"ferlið", "ferli", "fer", "lið", "liði", "heimilið", "heimili", "morguns", "morgun",
		"morgni", "uns", "vinnutímann", "tími", "tíma", "úti", "mann", "manni", "sumarfrí", "frí", "fríi", "sumri", "velferð", "vel", "velja", "ferð", "ferðir",
		"erni", "ernir", "sal", "sali", "eldra", "eldrar", "rýmingaráætlun", "rýming", "rýmingar",
		"ætlun", "ætlunar", "nauðsyn", "legur", "lega", "legu")
	c := NewCompounds(vocabulary, Icelandic)
	for _, tc := range []struct {
		word string
		want []string
	}{
		{"umgengnisreglur", []string{"regl", "umgeng"}},
		{"öryggisreglur", []string{"arygg", "regl"}},
		{"neyðaráætlun", []string{"aaetl", "neyd"}},
		// a compound of a compound, split at every level
		{"starfsmannahandbók", []string{"handbok", "mann", "starf", "starfsmann"}},
		{"sundlaugarvörður", []string{"laug", "laugarvard", "sund", "sundlaug", "vard"}},
		// a first part that is a prefix, not a word
		{"yfirmaður", []string{"mann"}},
		// inflected, with the article
		{"öryggisreglunum", []string{"arygg", "regl"}},
		// a word ending as a word does, after what is no word of the handbook
		{"metnaður", nil},
		// the article and case endings are no last parts
		{"barnanna", nil}, {"reglunnar", nil},
		// -legur makes an adjective; it joins no words
		{"nauðsynlegur", nil},
		// three letters and a vowel: for + eldri, sal + erni are no compounds
		{"foreldrar", nil}, {"salerni", nil},
		// a stem of three letters is a part only when it is a word of the handbook
		{"skrifar", nil}, {"kurteisum", nil},
		// nor when it is a letter and an ending (the article of ferli, heimili)
		{"ferlið", nil}, {"heimilið", nil},
		// a short word the handbook never inflects is no last part
		{"morguns", nil},
		// only the longest last part may follow what is no word as written
		{"vinnutímann", []string{"tim", "vinn"}},
		{"rýmingaráætlun", []string{"aaetl", "ryming"}},
		// a first part that changes the meaning of the last
		{"velferð", nil},
		{"sumarfrí", []string{"fri", "sum"}},
	} {
		if got := c.Parts(tc.word); !slices.Equal(got, tc.want) {
			t.Errorf("Parts(%q) = %q, want %q", tc.word, got, tc.want)
		}
	}
	if got := NewCompounds(vocabulary, English).Parts("umgengnisreglur"); got != nil {
		t.Errorf("an English handbook splits umgengnisreglur into %q", got)
	}
}

// TestCompoundNeedsItsParts: a word is split only where its first part is a word of the
// handbook; its last part may be one only in compounds.
func TestCompoundNeedsItsParts(t *testing.T) {
	for _, tc := range []struct {
		words []string
		want  []string
	}{
		{[]string{"neyðaráætlun", "neyð", "áætlun"}, []string{"aaetl", "neyd"}},
		{[]string{"neyðaráætlun", "neyð"}, []string{"aaetl", "neyd"}},
		{[]string{"neyðaráætlun", "áætlun"}, nil},
		{[]string{"neyðaráætlun"}, nil},
		// a last part that the handbook lacks must look like a word, not a suffix
		{[]string{"skráning", "skrá"}, nil},
		{[]string{"starfsins", "starf"}, nil},
	} {
		if got := NewCompounds(tc.words, Icelandic).Parts(tc.words[0]); !slices.Equal(got, tc.want) {
			t.Errorf("%s in a handbook of %q: %q, want %q", tc.words[0], tc.words[1:], got, tc.want)
		}
	}
}
