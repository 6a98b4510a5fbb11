package search

import (
	"encoding/binary"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// scanner walks the words of a text and gives each word's exact, folded and stemmed
// forms in buffers it reuses, so that indexing a large handbook allocates little. Words,
// Analyze and the static index all read text through it, so they cannot disagree.
type scanner struct {
	lang              Language
	exact, fold, stem []byte
}

// scan calls fn for every word of text (after NFC), with its byte offsets in the NFC
// text; the word's lower-case form is in sc.exact until fn returns, and fn calls
// sc.forms for the others. It returns the NFC text. Each word is lowered as it is
// read, a byte at a time for ASCII: this loop runs for every letter of a handbook.
func (sc *scanner) scan(text string, fn func(start, end int)) string {
	if !isNFC(text) {
		text = norm.NFC.String(text)
	}
	start := -1
	for i := 0; i < len(text); {
		if c := text[i]; c < utf8.RuneSelf {
			if l := asciiLower[c]; l != 0 {
				if start < 0 {
					start, sc.exact = i, sc.exact[:0]
				}
				sc.exact = append(sc.exact, l)
			} else if start >= 0 {
				fn(start, i)
				start = -1
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(text[i:])
		if isWordRune(r) {
			if start < 0 {
				start, sc.exact = i, sc.exact[:0]
			}
			sc.exact = utf8.AppendRune(sc.exact, toLower(r))
		} else if start >= 0 {
			fn(start, i)
			start = -1
		}
		i += n
	}
	if start >= 0 {
		fn(start, len(text))
	}
	return text
}

// isNFC reports whether text is in Unicode NFC. Below U+0300 every letter is in NFC and
// none combines with the one before, which covers Icelandic and English text without
// the normalizer's table lookups; so do most runes up to U+2FFF, such as the quotes
// „“ and dashes of Icelandic text (see settledRunes). ASCII is passed over eight bytes
// at a time, and the two-byte letters below U+0300 without decoding them.
func isNFC(text string) bool {
	for i := 0; i < len(text); {
		if i+8 <= len(text) && binary.LittleEndian.Uint64([]byte(text[i:i+8]))&0x8080808080808080 == 0 {
			i += 8
			continue
		}
		c := text[i]
		if c < utf8.RuneSelf {
			i++
			continue
		}
		// A lead byte of U+0080–U+02FF and a continuation byte.
		if c >= 0xC2 && c <= 0xCB && i+1 < len(text) && text[i+1]&0xC0 == 0x80 {
			i += 2
			continue
		}
		r, n := utf8.DecodeRuneInString(text[i:])
		if r >= 0x300 && (r >= settledEnd || !settledRunes()[r-0x300]) {
			return norm.NFC.IsNormalString(text)
		}
		i += n
	}
	return true
}

// settledEnd ends the runes settledRunes covers, from U+0300.
const settledEnd = 0x3000

// settledRunes tells, for each rune from U+0300 to settledEnd, whether it is in NFC
// whatever comes before or after it: NFC leaves it as it is, and it neither combines
// nor reorders with its neighbours. The normalizer's own data decides, once.
var settledRunes = sync.OnceValue(func() (settled []bool) {
	settled = make([]bool, settledEnd-0x300)
	for r := rune(0x300); r < settledEnd; r++ {
		s := string(r)
		p := norm.NFC.PropertiesString(s)
		settled[r-0x300] = utf8.ValidRune(r) && p.CCC() == 0 && p.BoundaryBefore() && p.BoundaryAfter() &&
			norm.NFC.String(s) == s
	}
	return settled
})

// isWordRune reports whether r is part of a word: a letter, a digit or a mark.
func isWordRune(r rune) bool {
	if r < latinEnd {
		return latin[r].word
	}
	return slowIsWordRune(r)
}

func slowIsWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.M, r)
}

// toLower is unicode.ToLower, from the latin table where it covers r.
func toLower(r rune) rune {
	if r < latinEnd {
		return latin[r].lower
	}
	return unicode.ToLower(r)
}

// latinEnd ends the runes of the latin table: ASCII, Latin-1 and Latin Extended-A and
// -B, the letters of Icelandic and of most languages written in Latin letters.
const latinEnd = 0x250

// latin tells, for each rune below latinEnd, whether it is part of a word and its lower
// case: what unicode's tables say, looked up once rather than for every letter.
var latin = func() (t [latinEnd]struct {
	word  bool
	lower rune
}) {
	for r := range rune(latinEnd) {
		t[r].word, t[r].lower = slowIsWordRune(r), unicode.ToLower(r)
	}
	return t
}()

// asciiLower is, for each ASCII byte that is part of a word, its lower case; 0 for the
// others.
var asciiLower = func() (t [utf8.RuneSelf]byte) {
	for c := range byte(utf8.RuneSelf) {
		if latin[c].word {
			t[c] = byte(latin[c].lower)
		}
	}
	return t
}()

// forms puts the folded form and the stem of the word in sc.fold and sc.stem, and
// reports whether the word is a stop word.
func (sc *scanner) forms() (stop bool) {
	sc.fold = appendFold(sc.fold[:0], sc.exact)
	sc.stem = appendStem(sc.stem[:0], sc.exact, sc.fold, sc.lang)
	return IsStopWord(string(sc.fold), sc.lang)
}

// foldTable holds the folded form of the Latin letters U+00C0–U+024F, worked out once
// by the rule of appendFold's slow path.
var foldTable = func() (t [0x250 - 0xC0]string) {
	for r := rune(0xC0); r < 0x250; r++ {
		t[r-0xC0] = slowFold(r)
	}
	return t
}()

var letterFolds = map[rune]string{'ð': "d", 'þ': "th", 'æ': "ae", 'ø': "o", 'œ': "oe", 'ß': "ss", 'đ': "d", 'ł': "l"}

// slowFold folds one rune: the letters of letterFolds by the table, the rest by
// decomposing (NFD) and dropping the combining marks.
func slowFold(r rune) string {
	var out []byte
	for _, d := range norm.NFD.String(string(r)) {
		if f, ok := letterFolds[d]; ok {
			out = append(out, f...)
		} else if !unicode.Is(unicode.Mn, d) {
			out = utf8.AppendRune(out, d)
		}
	}
	return string(out)
}

// appendFold appends the folded form of a lower-case word to dst.
func appendFold(dst, word []byte) []byte {
	for i := 0; i < len(word); {
		c := word[i]
		if c < utf8.RuneSelf {
			dst = append(dst, c)
			i++
			continue
		}
		r, n := utf8.DecodeRune(word[i:])
		if r >= 0xC0 && r < 0x250 {
			dst = append(dst, foldTable[r-0xC0]...)
		} else if f, ok := letterFolds[r]; ok {
			dst = append(dst, f...)
		} else if !unicode.Is(unicode.Mn, r) {
			dst = append(dst, slowFold(r)...)
		}
		i += n
	}
	return dst
}
