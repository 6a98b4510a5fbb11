package search

import (
	"slices"
	"unicode/utf8"
)

// The Icelandic stemmer removes one ending from a folded word: the longest of these that
// leaves at least minStem letters. The endings are case endings and the suffixed definite
// article of nouns and adjectives, and the commonest verb endings, in folded form
// (ð→d, so "-inu" and "-ið" are "inu" and "id"). It conflates the forms that differ
// only at the end ("stefna", "stefnu", "stefnunni", "stefnunnar" → "stefn"); forms with a
// changed vowel inside ("maður", "menn") stay apart. Endings that would cut into common
// stems are left out: "-aður" (staður, maður), "-na" (stefna), "-ns" (skólans is caught
// by "-ans"). Written for handbok, from the grammar rather than from any word list.
var icelandicEndings = groupByLength([]string{
	// definite article with case and number endings
	"unnar", "unnir", "unnum", "arins", "arnar", "urnar", "irnar", "anna", "inna", "unna",
	"inum", "unum", "anum", "inni", "unni", "sins", "ans", "ins", "inn", "ina", "inu",
	"una", "ana", "anir", "num", "id",
	// verbs: past tense plural, middle voice, present participle (not "-endur", which
	// would cut "nemendur" to "nem")
	"udum", "udu", "ast", "ist", "ust", "andi",
	// case, number and adjective endings
	"um", "ar", "ur", "ir", "an", "ra", "ri", "rar", "rir",
	"a", "i", "u", "s",
})

// English endings, for handbooks written in English: plurals, -ing, -ed, -ly.
var englishEndings = groupByLength([]string{"ing", "ed", "es", "ly", "s"})

const minStem = 3

// groupByLength files endings by their last letter, longest first within each, for a
// longest-match scan that looks only at endings that can match.
func groupByLength(endings []string) [256][]string {
	var out [256][]string
	for _, e := range endings {
		last := e[len(e)-1]
		out[last] = append(out[last], e)
	}
	for i := range out {
		slices.SortStableFunc(out[i], func(a, b string) int { return len(b) - len(a) })
	}
	return out
}

// Stem removes the longest known ending of a folded word when at least three letters
// remain. Words of digits are left alone.
func Stem(fold string, lang Language) string {
	return string(appendStem(nil, []byte(fold), lang))
}

// appendStem appends the stem of a folded word to dst.
func appendStem(dst, fold []byte, lang Language) []byte {
	if len(fold) == 0 || fold[0] >= '0' && fold[0] <= '9' {
		return append(dst, fold...)
	}
	endings := &icelandicEndings // a pointer: the table is 6 KB
	if lang == English {
		endings = &englishEndings
		if len(fold) > 4 && hasSuffix(fold, "ies") {
			return append(append(dst, fold[:len(fold)-3]...), 'y')
		}
		if hasSuffix(fold, "ss") || hasSuffix(fold, "us") || hasSuffix(fold, "is") {
			return append(dst, fold...)
		}
	}
	n := utf8.RuneCount(fold)
	for _, e := range endings[fold[len(fold)-1]] {
		if n-len(e) >= minStem && hasSuffix(fold, e) {
			return append(dst, fold[:len(fold)-len(e)]...)
		}
	}
	return append(dst, fold...)
}

func hasSuffix(s []byte, suffix string) bool {
	return len(s) >= len(suffix) && string(s[len(s)-len(suffix):]) == suffix
}
