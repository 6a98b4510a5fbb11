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
// endurmenntun). A compound of one has only its last part as a part. Prefixes that
// change the meaning of what follows (með-ferð, við-burður, um-sókn) are left out.
var prefixes = map[string]bool{"yfir": true, "undir": true, "sér": true, "endur": true, "aðal": true, "frum": true}

// notFirstParts change the meaning of the word they join, so what follows is no part of
// it: "velferð" and "vellíðan" are no kinds of "ferð" and "líðan".
var notFirstParts = map[string]bool{"vel": true, "illa": true, "mis": true, "sam": true, "van": true}

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
		parts = c.splitUnknownHead(word)
	}
	if parts == nil {
		return nil
	}
	slices.Sort(parts)
	return slices.Compact(parts)
}

// splitUnknownHead splits a word whose last part is no word of the handbook on its own
// ("herbergi" in "viðtalsherbergi", "áætlun" in "neyðaráætlun"): a handbook may have a
// word only in compounds. The first part must then be a word as written, and the last
// the shortest that looks like a word (see unknownHeadKey), so that "viðtals" +
// "herbergi" wins over "viðtal" + "sherbergi".
func (c *Compounds) splitUnknownHead(word string) []string {
	n := utf8.RuneCountInString(word)
	for head := minPart + 2; head <= n-minPart-1; head++ {
		i := len(word)
		for range head {
			_, size := utf8.DecodeLastRuneInString(word[:i])
			i -= size
		}
		hk, ok := c.unknownHeadKey(word[i:])
		if !ok {
			continue
		}
		if mparts, ok := c.modifier(word[:i], word[i:], false); ok {
			return append(mparts, hk)
		}
	}
	return nil
}

// unknownHeadKey returns the stem of a last part that is no word of the handbook, if
// it looks like a word rather than a suffix: minPart+2 letters or more, a stem of
// minPart+1, and a consonant or an accented vowel first, since Icelandic's suffixes and
// endings begin with a, e, i or u (-ing, -andi, -ari, -ili), unless listed in notParts
// or suffixes; and no letter and an ending (s-ins).
func (c *Compounds) unknownHeadKey(head string) (string, bool) {
	f := Fold(head)
	if strings.ContainsAny(f, "0123456789") || isEnding(f[1:]) {
		return "", false
	}
	if r, _ := utf8.DecodeRuneInString(head); strings.ContainsRune("aeiouy", r) {
		return "", false
	}
	k := Stem(head, c.lang)
	if utf8.RuneCountInString(k) < minPart+1 || notParts[k] || suffixes[k] {
		return "", false
	}
	return k, true
}

// suffixes are the stems of suffixes that begin with a consonant, which are no last
// parts unless the handbook has them as words: skrá-ning, kost-naður, starf-semi.
var suffixes = map[string]bool{"ning": true, "ling": true, "nad": true, "semi": true,
	"skap": true, "leys": true, "leik": true}

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
	if notFirstParts[m] {
		return nil, false
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
	n := utf8.RuneCountInString(k)
	if n < minPart || notParts[k] || n == minPart && c.stems[k] < 2 {
		// A first part of three letters that the handbook never inflects is more
		// often an adverb (vel-ferð) than a word joined to another.
		return "", false
	}
	if c.folds[Fold(w)] || c.stems[k] > 0 && utf8.RuneCountInString(w) > minPart && isLink(cutFrom(w, k)) {
		return k, true
	}
	return "", false
}

// cutFrom returns what the stemmer cut from w to make its stem k: the end of w, folded
// with ö as a, after k; "?" when k is no beginning of it.
func cutFrom(w, k string) string {
	f := Fold(w)
	if strings.Contains(w, "ö") {
		f = string(appendUmlautFold(nil, []byte(w)))
	}
	if !strings.HasPrefix(f, k) {
		return "?"
	}
	return f[len(k):]
}

// isLink tells whether s is nothing or one of the linking letters. A first part that
// is no word as written is one only as a stem, or a stem and what joins it (starf-s,
// kennsl-u); "neyðará" is no first part, though its stem "neyd" is a stem of the
// handbook.
func isLink(s string) bool { return slices.Contains(linkingLetters, s) }

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
