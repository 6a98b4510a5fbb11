package search

import (
	"slices"
	"strings"
	"sync"
	"unicode/utf8"
)

// Compounds splits the compound words of a handbook into their parts, so that a search
// for "regla" finds "umgengnisreglur" and one for "áætlun" finds "neyðaráætlun". A part
// must be a word of the handbook itself: a word is split where its end is a form of a
// word the handbook uses (its stem is among the handbook's stems) and what comes before
// is one too, or is itself a compound, with or without one of the linking letters of
// Icelandic compounds (starfs-, neyðar-, vinnu-, barna-). The parts' stems are the
// word's part keys, which the indexes keep beside its own keys with a lower weight.
//
// What guards against false splits: each part has at least minPart letters and a stem
// of as many; an end that is only an inflectional ending ("barn-anna", "regl-unnar") or
// a suffix that makes adjectives and nouns of other words (-legur, -ing) is no part;
// a short last part must be a word the handbook inflects, so "metnaður" is not "metn"
// + "aður"; and a part must be in the handbook. headKey and modifier have the rest.
type Compounds struct {
	lang  Language
	folds map[string]bool // the handbook's words, folded
	stems map[string]int  // the stems of its words, with how many folded words have each

	mu   sync.Mutex
	memo map[string][]string
}

// minPart is the fewest letters of a part of a compound, and of its stem.
const minPart = 3

// linkingLetters join the parts of Icelandic compounds: the genitive of the first part
// (starfs-, neyðar-, barna-, vinnu-) or a letter that only joins (umgengnis-). The
// empty link is a stem joined as it is (hand-, skól-).
var linkingLetters = []string{"", "s", "a", "ar", "u", "i", "na", "ur"}

// prefixes begin compounds but are no words of their own in an index: prepositions
// and adverbs, which are stop words (yfirmaður, undirskrift), and prefixes (sérkennari,
// endurmenntun). A compound of one has only its last part as a part.
var prefixes = map[string]bool{"yfir": true, "undir": true, "sér": true, "endur": true, "sí": true,
	"mis": true, "sam": true, "frum": true, "fjöl": true, "að": true, "við": true, "með": true, "um": true,
	"út": true, "inn": true, "upp": true, "aðal": true, "meðal": true, "ör": true, "of": true}

// notParts are the stems of word ends that make a new word of the one before rather
// than join two: "nauðsynlegur" is no compound of "legur", nor "ábending" of "ing".
var notParts = map[string]bool{"leg": true, "lig": true, "ing": true, "ung": true}

// NewCompounds returns the splitter for a handbook of words: its words in lower case,
// as written.
func NewCompounds(words []string, lang Language) *Compounds {
	c := &Compounds{lang: lang, folds: make(map[string]bool, len(words)), stems: make(map[string]int, len(words)), memo: map[string][]string{}}
	for _, w := range words {
		if f := Fold(w); !c.folds[f] {
			c.folds[f] = true
			c.stems[Stem(w, lang)]++
		}
	}
	return c
}

// Parts returns the keys of the parts of word (lower case, as written), sorted and
// without duplicates, leaving out the word's own stem; nil when it is no compound.
// Only Icelandic words are split. Parts may be called from many goroutines.
func (c *Compounds) Parts(word string) []string {
	if c == nil || c.lang == English || utf8.RuneCountInString(word) < 2*minPart {
		return nil
	}
	parts, _ := c.split(word)
	own := Stem(word, c.lang)
	if !slices.Contains(parts, own) {
		return parts
	}
	parts = slices.DeleteFunc(slices.Clone(parts), func(p string) bool { return p == own })
	if len(parts) == 0 {
		return nil
	}
	return parts
}

// split returns the part keys of word and whether it splits.
func (c *Compounds) split(word string) ([]string, bool) {
	c.mu.Lock()
	parts, seen := c.memo[word]
	c.mu.Unlock()
	if seen {
		return parts, parts != nil
	}
	parts = c.splitNew(word)
	c.mu.Lock()
	c.memo[word] = parts
	c.mu.Unlock()
	return parts, parts != nil
}

func (c *Compounds) splitNew(word string) []string {
	if utf8.RuneCountInString(word) < 2*minPart {
		return nil
	}
	// The split with the longest last part counts, and those after it whose first part
	// is a word of the handbook as written, so that "sundlaugarvörður" is "sund" +
	// "laugarvörður" and "sundlaugar" + "vörður", but "vinnutímann" is only "vinnu" +
	// "tímann", not "vinnutí" + "mann".
	var parts []string
	letters := 0
	for i := range word {
		letters++
		if letters <= minPart {
			continue
		}
		head := word[i:]
		if utf8.RuneCountInString(head) < minPart {
			break
		}
		hk, ok := c.headKey(head)
		if !ok {
			continue
		}
		mparts, ok := c.modifier(word[:i], head, parts == nil)
		if !ok {
			continue
		}
		parts = append(append(parts, mparts...), hk)
		if more, ok := c.split(head); ok {
			parts = append(parts, more...)
		}
	}
	if parts == nil {
		return nil
	}
	slices.Sort(parts)
	return slices.Compact(parts)
}

// headKey returns the stem of the last part of a compound, if it is one.
func (c *Compounds) headKey(head string) (string, bool) {
	if strings.ContainsAny(head, "0123456789") || isEnding(Fold(head)) {
		return "", false
	}
	k := Stem(head, c.lang)
	n := utf8.RuneCountInString(k)
	switch {
	case n < minPart || notParts[k] || c.stems[k] == 0:
		return "", false
	case n == minPart && (!c.folds[Fold(head)] || isEndingAfter(Fold(head))):
		return "", false
	case n <= minPart+1 && c.stems[k] < 2:
		// A short word that the handbook never inflects is more often an adverb or a
		// conjunction (uns, enn, áður: metnaður is no "metn" + "aður") than a
		// compound's last part.
		return "", false
	}
	return k, true
}

// modifier returns the part keys of what comes before the last part of a compound:
// a word of the handbook, or a compound of its words, with or without linking letters.
// Unless it is the first split tried of its word, it must be a word as written.
func (c *Compounds) modifier(m, head string, first bool) ([]string, bool) {
	if prefixes[m] {
		return nil, true
	}
	for _, link := range linkingLetters {
		if !strings.HasSuffix(m, link) {
			continue
		}
		w := m[:len(m)-len(link)]
		if utf8.RuneCountInString(w) < minPart || !first && !c.folds[Fold(w)] {
			continue
		}
		if k, ok := c.wordKey(w); ok && (link != "" || utf8.RuneCountInString(w) > minPart || !startsWithVowel(head)) {
			parts := []string{k}
			if more, ok := c.split(w); ok {
				parts = append(parts, more...)
			}
			return parts, true
		}
		if parts, ok := c.split(w); ok {
			return slices.Clone(parts), true
		}
	}
	return nil, false
}

// wordKey returns the key of w, the first part of a compound without its linking
// letters, when the handbook has it: as a word, or as the stem of its words.
func (c *Compounds) wordKey(w string) (string, bool) {
	k := Stem(w, c.lang)
	if utf8.RuneCountInString(k) < minPart || notParts[k] {
		return "", false
	}
	if c.folds[Fold(w)] || c.stems[k] > 0 && utf8.RuneCountInString(w) > minPart {
		return k, true
	}
	return "", false
}

// startsWithVowel tells whether a word begins with a vowel. After a first part of
// three letters joined without a linking letter, a last part that does is more often
// no part at all (for-eldri, sal-erni) than a compound's.
func startsWithVowel(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return strings.ContainsRune("aáeéiíoóuúyýæö", r)
}

// isEndingAfter tells whether a last part of three letters is one letter and an
// ending that begins with a vowel: such a part is more often the end of a word with
// the article ("ferl-ið", "heimil-ið") than a word ("lið").
func isEndingAfter(fold string) bool {
	return len(fold) == 3 && isVowel(fold[1]) && isEnding(fold[1:])
}

// isEnding tells whether a folded word end is one of the stemmer's endings.
func isEnding(fold string) bool {
	if fold == "" {
		return false
	}
	return slices.Contains(icelandicEndings[fold[len(fold)-1]], fold)
}
