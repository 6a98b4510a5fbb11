package search

import (
	"strconv"
	"unicode"
	"unicode/utf8"
)

// Typos. A query word that the handbook has on very few pages may be misspelt: the
// words of the handbook within an edit or two of it, compared in folded form, are
// candidates for what was meant, and the most frequent of the nearest is offered as
// "Did you mean …?", with its pages ranked below those of the query as typed. The
// browser script (handbok-search.js) makes the same choice from the same rules; the
// shared vectors in testdata/typo.json keep the two in step.
//
// The rules, in folded form and counted in letters (runes):
//
//   - A word is corrected only when it is a word of letters alone (no digits: numbers
//     such as 112 or 2008 are left as typed), of at least typoMinLetters letters, not a
//     stop word, and found on at most TypoFewPages pages.
//   - Candidates are words of the handbook of letters alone and at least
//     typoMinLetters letters, that begin with the same letter (people seldom get the
//     first letter wrong, and it keeps what the browser loads small), within one edit
//     of the word, or two when the word has typoLongLetters letters or more. An edit
//     is an insertion, a deletion, a substitution, or the swap of two neighbouring
//     letters.
//   - The nearest candidates win; of those, the one on the most pages; then the first
//     in JavaScript's string order. It is taken only when it is on at least typoGain
//     times as many pages as the word: a rare word is not "corrected" into another
//     rare one.
const (
	typoMinLetters  = 4
	typoLongLetters = 8
	// TypoFewPages is the most pages a query word may be found on and still be taken
	// for a typo. One or two pages is what a word misspelt in the handbook itself has.
	TypoFewPages = 2
	typoGain     = 3
)

// Candidate is a word of the handbook, folded, and the number of pages it is on.
type Candidate struct {
	Fold  string
	Pages int
}

// TypoEdits returns how many edits a correction of the folded query word fold may be
// from it: 0 when the word is not one to correct at all (too short, has a digit, or is
// a stop word), 1, or 2 for a long word.
func TypoEdits(fold string, lang Language) int {
	if !typoWord(fold) || IsStopWord(fold, lang) {
		return 0
	}
	if utf8.RuneCountInString(fold) >= typoLongLetters {
		return 2
	}
	return 1
}

// typoWord reports whether a folded word can be corrected, or be a correction: letters
// alone, and enough of them.
func typoWord(fold string) bool {
	n := 0
	for _, r := range fold {
		if !unicode.IsLetter(r) {
			return false
		}
		n++
	}
	return n >= typoMinLetters
}

// Correct returns the correction of the folded query word fold, which is on pages
// pages of the handbook, chosen from cands (words of the handbook; those that cannot be
// candidates are skipped) by the rules above; false when there is none.
func Correct(fold string, pages int, lang Language, cands []Candidate) (Candidate, bool) {
	edits := TypoEdits(fold, lang)
	if edits == 0 || pages > TypoFewPages {
		return Candidate{}, false
	}
	first, _ := utf8.DecodeRuneInString(fold)
	n := utf8.RuneCountInString(fold)
	var best Candidate
	bestDist := edits + 1
	for _, c := range cands {
		if c.Fold == fold || !typoWord(c.Fold) {
			continue
		}
		if r, _ := utf8.DecodeRuneInString(c.Fold); r != first {
			continue
		}
		if m := utf8.RuneCountInString(c.Fold); m < n-edits || m > n+edits {
			continue
		}
		d := EditDistance(fold, c.Fold, edits)
		if d > edits {
			continue
		}
		if d < bestDist || d == bestDist && (c.Pages > best.Pages || c.Pages == best.Pages && compareJS(c.Fold, best.Fold) < 0) {
			best, bestDist = c, d
		}
	}
	if best.Pages == 0 || best.Pages < typoGain*pages {
		return Candidate{}, false
	}
	return best, true
}

// EditDistance returns the number of edits between a and b, letter by letter: an
// insertion, a deletion, a substitution or a swap of two neighbouring letters is one
// (the optimal string alignment distance). Past limit it stops counting and returns
// limit+1.
func EditDistance(a, b string, limit int) int {
	x, y := []rune(a), []rune(b)
	if d := len(x) - len(y); d > limit || -d > limit {
		return limit + 1
	}
	// Three rows of the table: the one before the last, the last, and this one.
	prev2 := make([]int, len(y)+1)
	prev := make([]int, len(y)+1)
	cur := make([]int, len(y)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(x); i++ {
		cur[0] = i
		low := cur[0]
		for j := 1; j <= len(y); j++ {
			cost := 1
			if x[i-1] == y[j-1] {
				cost = 0
			}
			d := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && x[i-1] == y[j-2] && x[i-2] == y[j-1] {
				d = min(d, prev2[j-2]+1)
			}
			cur[j] = d
			low = min(low, d)
		}
		if low > limit {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return min(prev[len(y)], limit+1)
}

// typoBucket is the name of the file of the static index that holds the words of the
// handbook that begin with the letter first and are n letters long: "w/s-17.js".
func typoBucket(first rune, n int) string {
	return "w/" + typoLetter(first) + "-" + strconv.Itoa(n) + ".js"
}
