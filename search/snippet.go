package search

import (
	"strings"
	"unicode/utf8"
)

// A snippet is snippetWords words of a page's text; the passage that is ranked is the
// last snippetWords-snippetLead of them, after snippetLead words that show what leads up
// to its first match. The browser script (snippet() in js/handbok-search.js) uses the
// same numbers, weights and steps, and testdata/ranking.json holds snippets both must
// give.
const (
	snippetWords = 30
	snippetLead  = 3
)

// Weights of a word's match in a snippet: the ranking's weights of the forms (exact over
// folded over stemmed over prefix; a compound with the word as a part as a prefix) times five, so that sums are whole numbers and come
// out the same in Go and in JavaScript.
const (
	markExact  = 5
	markFold   = 4
	markStem   = 3
	markPrefix = 2
	markPart   = 2
)

// minMarkedPart is the fewest letters of a query word's stem that marks a longer word
// containing it in a snippet.
const minMarkedPart = 4

// hasPart tells whether a word (exact, and folded as f) may be a compound with the
// query word of stem st as a part: whether the word, folded with ö as a (as stems
// are), has the stem in it and at least minPart letters more. Snippets have no list of
// the handbook's compounds, so a word that merely contains the stem is marked too;
// the page itself was found by the part keys of real compounds.
func hasPart(exact, f, st string) bool {
	if n := utf8.RuneCountInString(st); n < minMarkedPart || utf8.RuneCountInString(f) < n+minPart {
		return false
	}
	if strings.Contains(exact, "ö") {
		f = string(appendUmlautFold(nil, []byte(exact)))
	}
	return strings.Contains(f, st)
}

// SnippetHTML returns the best-matching passage of text as HTML: about 30 words,
// escaped, every word that matches the query in <mark>, with "…" where text was left
// out. The best passage is the one of 27 words that begins with a match and has the most
// different words of the query, then the most weight of matches (exact over folded over
// stemmed over prefix), then comes first; three words before it are shown too. When no
// word matches, as when only the title did, it is the start of the text.
func SnippetHTML(text string, tokens []Token, prefix bool, lang Language) string {
	text = normNFC(text)
	ws := Words(text)
	if len(ws) == 0 {
		return ""
	}
	weights := make([]int, len(ws))
	covers := make([][]bool, len(ws))
	for i, w := range ws {
		weights[i], covers[i] = matchWord(w.Exact, tokens, prefix, lang)
	}
	first, last := snippetWindow(weights, covers, len(tokens))
	from, to := ws[first].Start, ws[last].End
	if first == 0 {
		from = 0
	}
	if last == len(ws)-1 {
		to = len(text)
	}
	var b strings.Builder
	at := from
	for i := first; i <= last; i++ {
		if weights[i] == 0 {
			continue
		}
		b.WriteString(escapeSnippet(text[at:ws[i].Start]))
		b.WriteString("<mark>" + escapeSnippet(text[ws[i].Start:ws[i].End]) + "</mark>")
		at = ws[i].End
	}
	b.WriteString(escapeSnippet(text[at:to]))
	out := strings.Trim(collapseSpace(b.String()), " ")
	if first > 0 {
		out = "… " + out
	}
	if last < len(ws)-1 {
		out += " …"
	}
	return out
}

// snippetWindow returns the first and last word of the snippet, given each word's match
// weight and the query words it matches.
func snippetWindow(weights []int, covers [][]bool, nTokens int) (first, last int) {
	n := len(weights)
	bestAt, bestWords, bestWeight := -1, 0, 0
	seen := make([]bool, nTokens)
	for m := range n {
		if weights[m] == 0 {
			continue
		}
		clear(seen)
		words, weight := 0, 0
		for i := m; i < min(n, m+snippetWords-snippetLead); i++ {
			weight += weights[i]
			for j, c := range covers[i] {
				if c && !seen[j] {
					seen[j] = true
					words++
				}
			}
		}
		if words > bestWords || words == bestWords && weight > bestWeight {
			bestAt, bestWords, bestWeight = m, words, weight
		}
	}
	first = 0
	if bestAt >= 0 {
		first = max(0, min(bestAt-snippetLead, n-snippetWords))
	}
	return first, min(n-1, first+snippetWords-1)
}

// matchWord returns the weight of the best match of a word of a text with the query
// words, 0 for none, and which query words it matches: in lower case, folded, by stem,
// or, when prefix is set, by beginning with the last query word (of two letters or
// more, as in the search itself).
func matchWord(exact string, tokens []Token, prefix bool, lang Language) (int, []bool) {
	f := Fold(exact)
	st := Stem(exact, lang)
	best := 0
	var covers []bool
	for i, t := range tokens {
		w := 0
		switch {
		case exact == t.Exact:
			w = markExact
		case f == t.Fold:
			w = markFold
		case st == t.Stem:
			w = markStem
		case prefix && i == len(tokens)-1 && utf8.RuneCountInString(t.Fold) >= 2 && strings.HasPrefix(f, t.Fold):
			w = markPrefix
		case lang != English && hasPart(exact, f, t.Stem):
			w = markPart
		}
		if w == 0 {
			continue
		}
		if covers == nil {
			covers = make([]bool, len(tokens))
		}
		covers[i] = true
		best = max(best, w)
	}
	return best, covers
}

// escapeSnippet escapes text for HTML as the browser script's escapeHTML does, so that
// both give the same snippet byte for byte.
var escapeSnippet = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&#39;").Replace

// collapseSpace turns each run of ASCII white space (line breaks between paragraphs,
// table cells) into one space; a no-break space is kept.
func collapseSpace(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case ' ', '\t', '\n', '\v', '\f', '\r':
			if !space {
				b.WriteByte(' ')
			}
			space = true
		default:
			b.WriteByte(c)
			space = false
		}
	}
	return b.String()
}
