// Package search finds pages of a handbook: one analyzer for Icelandic and English text,
// implemented here and again in the browser script, the static index that the browser
// searches from disk, and the queries, results and snippets that the bleve index behind
// `handbok search` and the server (package bleveindex, which links bleve) answers with.
//
// # The analyzer
//
// Text becomes tokens in these steps, the same in Go and in handbok-search.js (the shared
// test vectors in testdata/analyzer.json keep the two in step):
//
//  1. Unicode NFC, then split into words at every character that is not a letter, a
//     digit or a combining mark.
//  2. Lower case.
//  3. Fold: ð→d, þ→th, æ→ae, ø→o, œ→oe, ß→ss, then decompose (NFD) and drop combining
//     marks, so á é í ó ú ý ö become a e i o u y o. A phone without an Icelandic keyboard
//     types the folded form.
//  4. Stop words, compared in folded form, are dropped (og, að, í, á…; the, and, of… for
//     English). A query made only of stop words keeps them.
//  5. Stem with a rule stemmer of our own (stem.go): the folded word with ö read as a
//     (the u-umlaut: "sögu" and "saga" both give "sag") loses its longest listed ending
//     when at least three letters remain, so "ábendingum", "ábendingar" and
//     "ábendingunni" all become "abending"; then a few rules and a small table bring
//     changed stems together ("menn" and "maður" give "mann"). No data from BÍN is used.
//
// Each token keeps its exact (lower-case) form, its folded form and its stem, so that an
// exact match can rank above a folded one, and that above a stemmed one. The last word of
// a query being typed also matches as a prefix of folded words.
//
// # Compounds and lemmas
//
// Beside its own keys, an index files each word under related keys, weighted below a
// stemmed match (RelatedKeys): the stems of its parts when it is a compound of other
// words of the handbook (Compounds), and, with the optional lexicon, the stems of the
// other forms of its lemma. They are worked out from the handbook's words when the
// index is made, so a query needs nothing more than its own stem to find them.
package search

import "golang.org/x/text/unicode/norm"

// Token is a word of a text in its three forms. Start and End are byte offsets of the
// word in the NFC form of the text.
type Token struct {
	Exact string `json:"exact"`
	Fold  string `json:"fold"`
	Stem  string `json:"stem"`
	Start int    `json:"-"`
	End   int    `json:"-"`
}

// Language chooses stop words and stemmer. Anything but "en" is treated as Icelandic.
type Language string

// Languages the analyzer knows.
const (
	Icelandic Language = "is"
	English   Language = "en"
)

// Words splits text into lower-case words with their byte offsets in NFC(text), before
// folding, stop words and stemming.
func Words(text string) []Token {
	var out []Token
	sc := scanner{}
	sc.scan(text, func(start, end int) {
		out = append(out, Token{Exact: string(sc.exact), Start: start, End: end})
	})
	return out
}

// Analyze turns text into tokens: words in their exact, folded and stemmed forms, stop
// words left out.
func Analyze(text string, lang Language) []Token {
	return analyze(text, lang, false)
}

// AnalyzeQuery is Analyze for what a person typed: when every word is a stop word, the
// words are kept, so that a search for "á" still finds something.
func AnalyzeQuery(text string, lang Language) []Token {
	if tokens := analyze(text, lang, false); len(tokens) > 0 {
		return tokens
	}
	return analyze(text, lang, true)
}

func analyze(text string, lang Language, keepStopWords bool) []Token {
	var out []Token
	sc := scanner{lang: lang}
	sc.scan(text, func(start, end int) {
		// A word of combining marks alone folds to nothing: as a key it would be every
		// word's prefix.
		if stop := sc.forms(); stop && !keepStopWords || len(sc.fold) == 0 {
			return
		}
		out = append(out, Token{Exact: string(sc.exact), Fold: string(sc.fold), Stem: string(sc.stem), Start: start, End: end})
	})
	return out
}

func normNFC(s string) string {
	if norm.NFC.IsNormalString(s) {
		return s
	}
	return norm.NFC.String(s)
}

// Fold maps a lower-case word to the letters a keyboard without accents can type.
func Fold(word string) string {
	for i := 0; i < len(word); i++ {
		if word[i] >= 0x80 {
			return string(appendFold(nil, []byte(word)))
		}
	}
	return word
}
