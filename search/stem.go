package search

import (
	"bytes"
	"slices"
	"unicode/utf8"
)

// The Icelandic stemmer is a rule stemmer written for handbok from the grammar, not from
// any word list. It works on the folded word with ö read as a: the ö of Icelandic is
// almost always the u-umlaut of an a ("saga", "sögu"; "dagur", "dögum"; "ákvörðun",
// "ákvarðanir"), so the key holds the a. A word typed without accents ("sogu") has lost
// that ö and keeps its o. Then, in order:
//
//  1. The longest ending of icelandicEndings that leaves at least minStem letters is
//     removed, if its condition (endingAllowed) holds.
//  2. Irregular stems with a vowel change inside are mapped to one form (icelandicStems):
//     "menn", "maður" → "mann", "kvenna" → "kon", "degi" → "dag", at the end of a
//     compound as well.
//  3. A stem ending in "-að" or "-uð" loses it: the weak past and its participle
//     ("kallaði", "kölluðu", "kallaður") and the nouns made so ("kostnaður") all lose
//     it in every form, so their forms keep meeting. So do "-and" and "-end": the present
//     participle ("kallandi") meets its verb, and the nouns made from it
//     ("stjórnandi", "stjórnendur") the word they come from ("stjórn"). A noun whose
//     stem ends so loses it in every form too ("samband", "sambandi").
//  4. A stem ending in a consonant and j, t, n or d may lose that letter (isDroppable):
//     setjum/setti/set, virkt/virkur, tilkynntu/tilkynna, reglna/regla, sagna/saga,
//     teknir/tekinn, greiddi/greiða. A stem has its consonants in every form, so it
//     loses them in every form.
//  5. A few common strong verbs have their vowel changes mapped (icelandicVerbs).
//
// Before all that, a few whole words whose stem would be another word's are mapped
// (icelandicWords): "eldri", the comparative of "gamall", is no form of "eldur".
var icelandicEndings = groupByLength([]string{
	// the suffixed article, with case and number endings
	"unnar", "unni", "una", "urnar", "unum", "anna", "inna", "unna", "inum", "anum",
	"inni", "innar", "sins", "isins", "ans", "ins", "inn", "ina", "inu", "urinn", "arnir",
	"irnir", "urnir", "urna", "arnar", "irnar", "arinnar", "arins", "ann", "an", "in",
	"num", "id",
	// nouns in -un (ákvörðun, ákvarðanir) and in -ari (kennari, kennurum)
	"un", "unar", "unin", "unina", "uninni", "unarinnar", "anir", "anirnar", "ununum",
	"ananna", "ana", "arinn", "arann", "aranum", "arans", "arar", "ararnir", "arana",
	"aranna", "urum", "urunum",
	// verbs: the weak past, middle voice; adjectives: comparative and superlative
	"udum", "udud", "udu", "adi", "adir", "ast", "ist", "ari", "ara", "astur", "asti",
	"asta", "ust", "ustu",
	// case, number and adjective endings
	"um", "ar", "ur", "ir", "ra", "ri", "rar", "rir", "is", "a", "i", "u", "s",
})

// endingAllowed tells whether ending e may be cut from word, which ends with it:
// some endings are also the end of common stems.
func endingAllowed(word []byte, e string) bool {
	before := word[:len(word)-len(e)]
	last := before[len(before)-1]
	switch {
	case e == "num": // the article after a stem without a vowel ending (staðnum, hópnum), not stefnum, launum
		return bytes.IndexByte([]byte("dlmp"), last) >= 0 || bytes.HasSuffix(before, []byte("ng"))
	case e == "id": // barnið, netið, but not námskeið, máltíð, markmið
		return !isVowel(last) && !(len(before) > 1 && (last == 't' || last == 'm') && !isVowel(before[len(before)-2]))
	case e == "ann" || e == "anna": // skólann, tímann, but not starfsmann
		return last != 'm' || len(before) > 1 && isVowel(before[len(before)-2])
	case e == "ust" || e == "ustu": // the superlative of virkur and -legur, not þjónustu
		return last == 'g' || last == 'k'
	case e[0] == 'i' && e != "ir" && e != "is" && e != "ist", e == "s", e[0] == 'r':
		// greinin, greinum but not grein; dags but not slys; stjóri
		return !isVowel(last)
	}
	return true
}

// icelandicStems maps the end of a stem with a changed vowel to the common stem. An
// entry with a list of letters does not apply after those letters (almenn is no menn).
var icelandicStems = []struct{ from, to, notAfter string }{
	{"menn", "mann", "la"}, {"mad", "mann", ""}, {"kvenn", "kon", ""}, {"deg", "dag", ""},
	{"hend", "hand", ""},
}

// icelandicVerbs maps the stems of common strong verbs to the stem of the infinitive.
var icelandicVerbs = map[string]string{
	"tek": "tak", "tok": "tak", "for": "far", "fer": "far", "farn": "far", "gaf": "gef",
	"bar": "ber", "bor": "ber", "born": "ber", "akv": "akved", "gefn": "gef", "metn": "met",
}

// icelandicWords maps whole folded words to their stem where the rules would give them
// the stem of an unrelated word: the comparative of "gamall" goes with its superlative
// ("elstur"), not with "eldur".
var icelandicWords = map[string]string{"eldri": "elst", "eldra": "elst"}

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

// Stem gives the stem of a lower-case word, the key under which the index files its
// forms. Words of digits are left alone.
func Stem(word string, lang Language) string {
	w := []byte(word)
	return string(appendStem(nil, w, appendFold(nil, w), lang))
}

// appendStem appends the stem of a lower-case word, whose folded form is fold, to dst.
func appendStem(dst, word, fold []byte, lang Language) []byte {
	if len(fold) == 0 || fold[0] >= '0' && fold[0] <= '9' {
		return append(dst, fold...)
	}
	if lang == English {
		if len(fold) > 4 && hasSuffix(fold, "ies") {
			return append(append(dst, fold[:len(fold)-3]...), 'y')
		}
		if hasSuffix(fold, "ss") || hasSuffix(fold, "us") || hasSuffix(fold, "is") {
			return append(dst, fold...)
		}
		return append(dst, cutEnding(fold, &englishEndings, nil)...)
	}
	start := len(dst)
	if bytes.Contains(word, umlautO) && utf8.RuneCount(fold) >= minStem {
		dst = appendUmlautFold(dst, word)
	} else {
		dst = append(dst, fold...)
	}
	return append(dst[:start], stemIcelandic(dst[start:])...)
}

var umlautO = []byte("ö")

// appendUmlautFold appends the folded form of word with ö as a.
func appendUmlautFold(dst, word []byte) []byte {
	for {
		i := bytes.Index(word, umlautO)
		if i < 0 {
			return appendFold(dst, word)
		}
		dst = append(appendFold(dst, word[:i]), 'a')
		word = word[i+len(umlautO):]
	}
}

// stemIcelandic returns the stem of w, a folded word with ö as a, as a prefix of w
// changed in place.
func stemIcelandic(w []byte) []byte {
	if v, ok := icelandicWords[string(w)]; ok {
		return append(w[:0], v...)
	}
	w = cutEnding(w, &icelandicEndings, endingAllowed)
	for _, s := range icelandicStems {
		if hasSuffix(w, s.from) {
			rest := w[:len(w)-len(s.from)]
			if len(rest) == 0 || bytes.IndexByte([]byte(s.notAfter), rest[len(rest)-1]) < 0 {
				w = append(rest, s.to...)
				break
			}
		}
	}
	n := utf8.RuneCount(w)
	if (hasSuffix(w, "ad") || hasSuffix(w, "ud")) && n-2 >= minStem {
		w, n = w[:len(w)-2], n-2
	} else if (hasSuffix(w, "end") || hasSuffix(w, "and")) && n-3 >= minStem {
		w, n = w[:len(w)-3], n-3
	}
	for _, c := range []byte("jtdn") {
		if n-1 >= minStem && w[len(w)-1] == c && isDroppable(c, w[len(w)-2], w[len(w)-3]) {
			w, n = w[:len(w)-1], n-1
		}
	}
	if v, ok := icelandicVerbs[string(w)]; ok {
		w = append(w[:0], v...)
	}
	return w
}

// isDroppable tells whether c (j, t, n or d) is dropped from the end of a stem, after
// the letter before and the one before that: j after a consonant; t too, but not after
// s (fast, gestur); n after b d g k l p v, not after n, r, s, f or t (mann, stjórn,
// lausn, stefna, kostnaður keep theirs); d only in dd and ggd (greiddi, tryggði), since
// heimild and nefnd must keep theirs.
func isDroppable(c, before, after byte) bool {
	if isVowel(before) || before >= utf8.RuneSelf {
		return false
	}
	switch c {
	case 't':
		return before != 's'
	case 'n':
		return bytes.IndexByte([]byte("bdgklpv"), before) >= 0
	case 'd':
		return before == 'd' || before == 'g' && after == 'g'
	}
	return true
}

func isVowel(c byte) bool { return bytes.IndexByte([]byte("aeiouy"), c) >= 0 }

// cutEnding removes the longest ending of fold that leaves minStem letters and that
// allowed, if set, allows.
func cutEnding(fold []byte, endings *[256][]string, allowed func([]byte, string) bool) []byte {
	n := utf8.RuneCount(fold)
	for _, e := range endings[fold[len(fold)-1]] {
		if n-len(e) >= minStem && hasSuffix(fold, e) && (allowed == nil || allowed(fold, e)) {
			return fold[:len(fold)-len(e)]
		}
	}
	return fold
}

func hasSuffix(s []byte, suffix string) bool {
	return len(s) >= len(suffix) && string(s[len(s)-len(suffix):]) == suffix
}
