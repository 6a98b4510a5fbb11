// Package lexicon reads the Database of Icelandic Morphology (Beygingarlýsing
// íslensks nútímamáls, BÍN) that an organisation may download from the Árni Magnússon
// Institute (https://bin.arnastofnun.is/gogn/mimisbrunnur/, CC BY-SA 4.0), so that the
// search can bring together the forms of a lemma that no rule stemmer can: maður and
// menn, taka and tók, góður and betri. handbok ships no data from BÍN; the lexicon is
// used only where handbok.yaml names it (search: {lexicon: PATH}).
//
// # Formats
//
// BÍN's two downloads for language technology are read, as they come (a .zip, told by
// its first bytes rather than its name, from which the one .csv file is read and the
// checksum file beside it ignored) or unzipped:
//
//   - Sigrúnarsnið, SHsnid.csv: six fields a line separated by semicolons,
//     lemma;id;class;domain;form;tag, such as "maður;1234;kk;alm;menn;NFFT".
//   - Kristínarsnið, KRISTINsnid.csv: fifteen fields a line, of which the same are
//     read: the lemma (1st), its id (2nd), word class (3rd), domain (4th) and the
//     form (10th).
//
// The first line's number of fields tells the format, and every line must have as
// many. There is no header line. The text is UTF-8, as BÍN publishes it; a line that is
// not valid UTF-8 is read as ISO 8859-1 (Latin-1), so that a copy saved in that
// encoding reads the same. A byte order mark, \r\n line ends, blank lines and lines
// that start with # (which BÍN's files do not have) are allowed. A line without a
// lemma id (BÍN's all have one) goes with the other lines of its lemma and class.
//
// # What is left out
//
// Forms decides for each word of the handbook whether to give it the forms of its
// lemmas, and leaves a word as the rule stemmer has it when the lexicon would do more
// harm than good:
//
//   - A word that is a form of a function word's lemma (preposition, conjunction,
//     pronoun, article, the infinitive marker, interjection) is given nothing. "á",
//     "við", "að" and "er" are also forms of eiga, viður, aða and vera; expanding them
//     would put "eiga" on almost every page.
//   - Given names, patronymics, metronymics, nicknames, family names and foreign
//     personal names (domains ism, föð, móð, gæl, ætt, erm) and abbreviations (class
//     skst) are not lemmas a word is given forms of: names inflect regularly, the rule
//     stemmer has them, and they make common words look ambiguous (Birta and birta,
//     Von and von). Place names are kept: Ólafsfjörður and Ólafsfirði need BÍN.
//   - A word that is a form of more than maxLemmas lemmas is too ambiguous to say
//     which is meant, and is given nothing.
//   - Forms of one letter, forms with anything but letters in them (spaces, hyphens,
//     digits), which are not words of the index, and forms of function words (the
//     "á" of eiga, the "er" of vera, the "við" of viður) are never given.
//
// # Reading it
//
// BÍN has some 6.5 million lines (300–400 MB), more than a build should hold. Forms
// streams it: BÍN lists the forms of a lemma together, so one pass keeps the forms of
// only the lemmas that some word of the handbook belongs to, a lemma at a time. Where a
// lemma's lines are not together (a file sorted some other way, or lines added by
// hand), a second pass collects the forms of just those lemmas, so the answer is the
// same in any order. BENCHMARKS.md gives the time and memory on a file of BÍN's size.
package lexicon

import (
	"slices"
	"unicode"
	"unicode/utf8"
)

// maxLemmas is how many lemmas a word may be a form of and still be given their
// forms. Forms of more are short words (ár is a form of ár, ár, á and ár) where
// every reading but one is noise on the page.
const maxLemmas = 3

// functionClasses are the word classes of function words: see the package doc.
var functionClasses = map[string]bool{
	"fs": true, "st": true, "fn": true, "pfn": true, "afn": true, "abfn": true,
	"gr": true, "nhm": true, "uh": true,
}

// skippedClasses and skippedDomains are lemmas whose forms no word is given.
var (
	skippedClasses = map[string]bool{"skst": true}
	skippedDomains = map[string]bool{"ism": true, "föð": true, "móð": true, "gæl": true, "ætt": true, "erm": true}
)

// Forms returns, for each word of words (lower-case forms as the handbook writes
// them) that the lexicon at path has, the other lower-case forms of its lemma(s),
// sorted, without duplicates and without the word itself. A word the lexicon does
// not have, or whose lemmas are left out (see the package doc), is not in the map.
// An error names path:line and what is wrong with the line, or says what to do when
// the file cannot be read.
func Forms(path string, words map[string]bool) (map[string][]string, error) {
	c := &collector{words: words, functions: map[string]bool{}, lemmas: map[int]*lemma{}, wordLemmas: map[string][]int{}}
	if err := scan(path, c.add); err != nil {
		return nil, err
	}
	c.flush()
	if split := c.splitLemmas(); len(split) > 0 {
		for id := range split {
			c.lemmas[id].forms = nil
		}
		err := scan(path, func(_ int, r record) error {
			if split[r.id] {
				c.lemmas[r.id].addForm(r.form)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return c.result(), nil
}

// Check reads the first lines of the lexicon at path, as `handbok check` does to
// find a wrong path or a wrong file before a build reads all of it.
func Check(path string) error {
	const lines = 1000
	n := 0
	return scan(path, func(int, record) error {
		if n++; n == lines {
			return errStop
		}
		return nil
	})
}

// lemma is a lemma that some word of the handbook is a form of.
type lemma struct {
	function bool     // a function word's: its words are given nothing
	skipped  bool     // a name's or abbreviation's: it gives no forms
	forms    []string // lower case, of letters only, perhaps repeated
}

func (l *lemma) addForm(form []byte) {
	if utf8.RuneCount(form) > 1 && allLetters(form) {
		l.forms = append(l.forms, string(form))
	}
}

func allLetters(b []byte) bool {
	for _, r := range string(b) {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return true
}

// collector gathers, in one pass, the lemmas that words are forms of, a lemma's lines
// at a time.
type collector struct {
	words      map[string]bool
	functions  map[string]bool // the forms of function words' lemmas
	lemmas     map[int]*lemma
	wordLemmas map[string][]int // each word's lemmas, by id
	seen       idSet            // the lemmas whose lines have been read
	repeated   idSet            // lemmas whose lines came in more than one run

	// The run of lines being read: one lemma's.
	id       int
	started  bool
	class    []byte
	domain   []byte
	arena    []byte // its forms, one after another
	ends     []int  // where each form ends in arena
	function bool   // a function word's lemma
	hits     []string
}

func (c *collector) add(_ int, r record) error {
	if !c.started || r.id != c.id {
		c.flush()
		c.id, c.started = r.id, true
		c.class, c.domain = append(c.class[:0], r.class...), append(c.domain[:0], r.domain...)
		c.arena, c.ends, c.hits = c.arena[:0], c.ends[:0], c.hits[:0]
		c.function = functionClasses[string(c.class)]
	}
	if c.function && !c.functions[string(r.form)] {
		c.functions[string(r.form)] = true
	}
	c.arena = append(c.arena, r.form...)
	c.ends = append(c.ends, len(c.arena))
	if c.words[string(r.form)] {
		c.hits = append(c.hits, string(r.form))
	}
	return nil
}

// flush ends the run of lines being read, keeping its lemma when a word is a form of it.
func (c *collector) flush() {
	if !c.started {
		return
	}
	if c.seen.has(c.id) {
		c.repeated.add(c.id)
	}
	c.seen.add(c.id)
	if len(c.hits) == 0 {
		return
	}
	l := c.lemmas[c.id]
	if l == nil {
		l = &lemma{function: c.function,
			skipped: skippedClasses[string(c.class)] || skippedDomains[string(c.domain)]}
		c.lemmas[c.id] = l
	}
	start := 0
	for _, end := range c.ends {
		l.addForm(c.arena[start:end])
		start = end
	}
	for _, w := range c.hits {
		if ids := c.wordLemmas[w]; !slices.Contains(ids, c.id) {
			c.wordLemmas[w] = append(ids, c.id)
		}
	}
}

// splitLemmas are the kept lemmas whose lines were not all together: their forms are
// read again, all of them.
func (c *collector) splitLemmas() map[int]bool {
	ids := map[int]bool{}
	for id := range c.lemmas {
		if c.repeated.has(id) {
			ids[id] = true
		}
	}
	return ids
}

// result is Forms' answer: see the package doc for what is left out.
func (c *collector) result() map[string][]string {
	out := make(map[string][]string, len(c.wordLemmas))
	for w, ids := range c.wordLemmas {
		if utf8.RuneCountInString(w) < 2 {
			continue
		}
		var use []*lemma
		function := false
		for _, id := range ids {
			l := c.lemmas[id]
			function = function || l.function
			if !l.skipped {
				use = append(use, l)
			}
		}
		if function || len(use) == 0 || len(use) > maxLemmas {
			continue
		}
		var forms []string
		for _, l := range use {
			for _, f := range l.forms {
				if f != w && !c.functions[f] {
					forms = append(forms, f)
				}
			}
		}
		slices.Sort(forms)
		if forms = slices.Compact(forms); len(forms) > 0 {
			out[w] = slices.Clip(forms)
		}
	}
	return out
}

// idSet is a set of lemma ids: a bitset for BÍN's ids, which are below a million, and
// a map for any others (the negative keys of lines without an id, or very large ids).
type idSet struct {
	bits  []uint64
	other map[int]bool
}

const maxBitsetID = 1 << 24

func (s *idSet) add(id int) {
	if id < 0 || id >= maxBitsetID {
		if s.other == nil {
			s.other = map[int]bool{}
		}
		s.other[id] = true
		return
	}
	if w := id / 64; w >= len(s.bits) {
		s.bits = append(s.bits, make([]uint64, w+1-len(s.bits))...)
	}
	s.bits[id/64] |= 1 << (id % 64)
}

func (s *idSet) has(id int) bool {
	if id < 0 || id >= maxBitsetID {
		return s.other[id]
	}
	return id/64 < len(s.bits) && s.bits[id/64]&(1<<(id%64)) != 0
}
