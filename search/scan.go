package search

import (
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
// sc.forms for the others. It returns the NFC text.
func (sc *scanner) scan(text string, fn func(start, end int)) string {
	if !isNFC(text) {
		text = norm.NFC.String(text)
	}
	start := -1
	for i := 0; i < len(text); {
		r, n := rune(text[i]), 1
		if r >= utf8.RuneSelf {
			r, n = utf8.DecodeRuneInString(text[i:])
		}
		in := isWordRune(r)
		switch {
		case in && start < 0:
			start = i
		case !in && start >= 0:
			sc.lower(text[start:i])
			fn(start, i)
			start = -1
		}
		i += n
	}
	if start >= 0 {
		sc.lower(text[start:])
		fn(start, len(text))
	}
	return text
}

// isNFC reports whether text is in Unicode NFC. Below U+0300 every letter is in NFC and
// none combines with the one before, which covers Icelandic and English text without
// the normalizer's table lookups; so do most runes up to U+2FFF, such as the quotes
// „“ and dashes of Icelandic text (see settledRunes).
func isNFC(text string) bool {
	for i := 0; i < len(text); {
		if text[i] < utf8.RuneSelf {
			i++
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

func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.M, r)
}

// lower puts the lower-case form of a word in sc.exact.
func (sc *scanner) lower(w string) {
	sc.exact = sc.exact[:0]
	for i := 0; i < len(w); {
		c := w[i]
		if c < utf8.RuneSelf {
			if c >= 'A' && c <= 'Z' {
				c += 'a' - 'A'
			}
			sc.exact = append(sc.exact, c)
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(w[i:])
		sc.exact = utf8.AppendRune(sc.exact, unicode.ToLower(r))
		i += n
	}
}

// forms puts the folded form and the stem of the word in sc.fold and sc.stem, and
// reports whether the word is a stop word.
func (sc *scanner) forms() (stop bool) {
	sc.fold = appendFold(sc.fold[:0], sc.exact)
	sc.stem = appendStem(sc.stem[:0], sc.fold, sc.lang)
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
