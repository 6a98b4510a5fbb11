package search

import (
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// typoWords are the words of the handbook that a misspelt query word may be corrected
// to, for the browser: in search/w/, a file per first letter and length (typoBucket),
// each a script that hands the browser the words as the handbook most often writes them
// with the number of pages each is on. A misspelt word of n letters needs the files of
// its first letter and of n-2 to n+2 letters at most, loaded only when it is found on
// too few pages, so that a query spelt right loads nothing more.
type typoWords struct {
	buckets map[string][]typoEntry
	// lengths has, per first letter (as in TypoBucket), a bit for each length that has
	// a file, from typoMinLetters on: the manifest's "words".
	lengths map[string][]bool
}

type typoEntry struct {
	word  string // as written: the exact form on the most pages
	pages int
}

// vocabulary collects the words for correcting typos from the keys of the index.
func (ix *inverted) vocabulary() typoWords {
	type written struct {
		exact string
		pages int32
	}
	best := map[string]written{}
	for k, name := range ix.names {
		fold, exact, ok := strings.Cut(name, string(exactMark))
		if !ok || !typoWord(fold) {
			continue
		}
		w, seen := best[fold]
		if !seen || ix.df[k] > w.pages || ix.df[k] == w.pages && compareJS(exact, w.exact) < 0 {
			best[fold] = written{exact, ix.df[k]}
		}
	}
	tw := typoWords{buckets: map[string][]typoEntry{}, lengths: map[string][]bool{}}
	for k, name := range ix.names {
		w, ok := best[name] // a folded key: one without marks
		if !ok {
			continue
		}
		first, _ := utf8.DecodeRuneInString(name)
		n := utf8.RuneCountInString(name)
		b := typoBucket(first, n)
		tw.buckets[b] = append(tw.buckets[b], typoEntry{w.exact, int(ix.df[k])})
		letter := typoLetter(first)
		l := tw.lengths[letter]
		for len(l) <= n-typoMinLetters {
			l = append(l, false)
		}
		l[n-typoMinLetters] = true
		tw.lengths[letter] = l
	}
	return tw
}

// typoLetter names a first letter in the files of words: a to z as it is, another by
// its code point.
func typoLetter(first rune) string {
	if first >= 'a' && first <= 'z' {
		return string(first)
	}
	return "u" + strconv.FormatInt(int64(first), 16)
}

// manifest returns, per first letter, which lengths have a file: a bit per length
// from typoMinLetters, five to a base-32 digit, the lowest bit first.
func (tw typoWords) manifest() map[string]string {
	out := make(map[string]string, len(tw.lengths))
	for letter, l := range tw.lengths {
		var b []byte
		for i := 0; i < len(l); i += 5 {
			d := 0
			for j := 0; j < 5 && i+j < len(l); j++ {
				if l[i+j] {
					d |= 1 << j
				}
			}
			b = append(b, digitsLast[d])
		}
		out[letter] = string(b)
	}
	return out
}

// write writes the files of words.
func (tw typoWords) write(x *StaticIndex) error {
	names := make([]string, 0, len(tw.buckets))
	for name := range tw.buckets {
		names = append(names, name)
	}
	slices.Sort(names)
	var b []byte
	for _, name := range names {
		words := tw.buckets[name]
		slices.SortFunc(words, func(a, b typoEntry) int { return compareJS(a.word, b.word) })
		b = appendJSON(append(b[:0], "HandbokSearch.vocabulary("...), name, -1)
		for i, w := range words {
			if i == 0 {
				b = append(b, ",{"...)
			} else {
				b = append(b, ',')
			}
			b = strconv.AppendInt(append(appendJSON(b, w.word, -1), ':'), int64(w.pages), 10)
		}
		b = append(b, "})\n"...)
		if err := x.write(name, b); err != nil {
			return err
		}
	}
	return nil
}
