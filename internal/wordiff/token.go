package wordiff

import (
	"unicode"
	"unicode/utf8"
)

// isWord says whether r belongs in a word: letters of any script (so á, ð, þ, æ and ö
// do), digits, and the combining marks of decomposed text.
func isWord(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

// isBlank says whether r is space within a line.
func isBlank(r rune) bool { return r != '\n' && unicode.IsSpace(r) }

// tokens splits s into the units the diff compares: a word with the blanks after it, a
// single punctuation mark with the blanks after it, blanks that start a line, and each
// line break on its own. The tokens are substrings of s and, joined, give s back
// (bytes that are not UTF-8 included), so that a diff of tokens is a diff of the text.
func tokens(s string) []string {
	var toks []string
	for i := 0; i < len(s); {
		start := i
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == '\n':
			toks = append(toks, s[start:start+1])
			i++
			continue
		case isWord(r):
			i = skip(s, i, isWord)
		case !isBlank(r):
			i += size
		}
		i = skip(s, i, isBlank)
		toks = append(toks, s[start:i])
	}
	return toks
}

// skip returns the offset of the first rune at or after i in s that is not in.
func skip(s string, i int, in func(rune) bool) int {
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !in(r) {
			break
		}
		i += size
	}
	return i
}

// lines splits s after each line break; the last line may have none.
func lines(s string) []string {
	var ls []string
	for i := 0; i < len(s); {
		j := i
		for j < len(s) && s[j] != '\n' {
			j++
		}
		if j < len(s) {
			j++
		}
		ls = append(ls, s[i:j])
		i = j
	}
	return ls
}

// intern numbers the distinct strings of a and b, so that the diff compares numbers.
func intern(a, b []string) (ia, ib []int32) {
	ids := make(map[string]int32, len(a)+len(b))
	number := func(ss []string) []int32 {
		out := make([]int32, len(ss))
		for i, s := range ss {
			id, ok := ids[s]
			if !ok {
				id = int32(len(ids))
				ids[s] = id
			}
			out[i] = id
		}
		return out
	}
	return number(a), number(b)
}
