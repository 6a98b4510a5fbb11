package corpus

import (
	_ "embed"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

//go:embed words.txt
var wordsTxt string

// vocabulary is the words of generated text in order of rank, with the cumulative weights
// of a Zipf–Mandelbrot distribution over the ranks: the word of rank r (from 0) is drawn
// with weight 1/(r+zipfQ)^zipfS, so a few function words make up much of the text and
// most words are rare, as in real prose.
type vocabulary struct {
	words []string
	cum   []float64
}

const (
	zipfS = 1.0
	zipfQ = 2.7
)

var vocab = loadVocabulary(wordsTxt)

// loadVocabulary reads words.txt: the function words of its first block keep their order
// at the top of the ranks, and the content words after them are shuffled into a fixed
// order, so that no part of speech is more common just for being listed first.
func loadVocabulary(text string) *vocabulary {
	var function, content []string
	seen := map[string]bool{}
	block := 0
	for line := range strings.Lines(text) {
		line = strings.TrimSpace(line)
		if strings.HasPrefix(line, "#") {
			if line == "# nouns" {
				block = 1 // the content words start here
			}
			continue
		}
		for _, w := range strings.Fields(line) {
			if seen[w] {
				continue
			}
			seen[w] = true
			if block == 0 {
				function = append(function, w)
			} else {
				content = append(content, w)
			}
		}
	}
	rand.New(rand.NewPCG(0x68616e64, 0x626f6b)).Shuffle(len(content), func(i, j int) {
		content[i], content[j] = content[j], content[i]
	})
	v := &vocabulary{words: append(function, content...)}
	v.cum = make([]float64, len(v.words))
	sum := 0.0
	for r := range v.words {
		sum += 1 / math.Pow(float64(r)+zipfQ, zipfS)
		v.cum[r] = sum
	}
	return v
}

// text writes Markdown prose into a buffer and counts the words it writes.
type text struct {
	r     *rand.Rand
	b     strings.Builder
	words int
	wrap  bool // wrap paragraphs at about 80 columns, as many editors do
	prev  string
}

// word draws a word from the vocabulary, never the same one twice in a row.
func (t *text) word() string {
	for {
		x := t.r.Float64() * vocab.cum[len(vocab.cum)-1]
		i, _ := slices.BinarySearch(vocab.cum, x)
		if w := vocab.words[min(i, len(vocab.words)-1)]; w != t.prev {
			t.prev = w
			return w
		}
	}
}

// sentence makes a sentence of n words: capitalised, with the odd comma, number and
// emphasised phrase, ending in end ("." or "" for list items).
func (t *text) sentence(n int, end string) string {
	ws := make([]string, n)
	for i := range ws {
		ws[i] = t.word()
		// A number, but never last: "14." at the start of a wrapped line would begin a list.
		if i > 0 && i < n-1 && t.r.IntN(50) == 0 {
			ws[i] = strconv.Itoa(1 + t.r.IntN(60))
		}
	}
	if n > 3 && t.r.IntN(8) == 0 {
		i := 1 + t.r.IntN(n-2)
		k := 1 + t.r.IntN(min(3, n-1-i))
		mark := "*"
		if t.r.IntN(2) == 0 {
			mark = "**"
		}
		ws[i] = mark + ws[i]
		ws[i+k-1] += mark
	}
	for i := 1; i < n-2; i++ {
		if t.r.IntN(12) == 0 {
			ws[i] += ","
		}
	}
	ws[0] = upperFirst(ws[0])
	t.words += n
	return strings.Join(ws, " ") + end
}

// plain makes a sentence of n words without markup, for front matter.
func (t *text) plain(n int) string {
	ws := make([]string, n)
	for i := range ws {
		ws[i] = t.word()
	}
	ws[0] = upperFirst(ws[0])
	return strings.Join(ws, " ") + "."
}

// sentenceLength is 5 to 19 words, most often about 11.
func (t *text) sentenceLength() int { return 5 + t.r.IntN(8) + t.r.IntN(7) }

// paragraph writes sentences until about budget words, then the extra lines (links).
func (t *text) paragraph(budget int, extra ...string) {
	var s []string
	for n := 0; n < budget; {
		l := t.sentenceLength()
		s = append(s, t.sentence(l, "."))
		n += l
	}
	p := strings.Join(s, " ")
	if t.wrap {
		p = wrap(p, 80)
	}
	t.b.WriteString(p)
	for _, e := range extra {
		t.b.WriteString("\n" + e)
	}
	t.b.WriteString("\n\n")
}

// wrap breaks s into lines of at most width characters where it can.
func wrap(s string, width int) string {
	var b strings.Builder
	col := 0
	for i, w := range strings.Fields(s) {
		n := utf8.RuneCountInString(w)
		if i > 0 {
			if col+1+n > width {
				b.WriteByte('\n')
				col = 0
			} else {
				b.WriteByte(' ')
				col++
			}
		}
		b.WriteString(w)
		col += n
	}
	return b.String()
}

// bullets writes a list of short items, some ending in a full stop and a few with a
// nested list.
func (t *text) bullets() {
	stop := []string{"", "."}[t.r.IntN(2)]
	for range 3 + t.r.IntN(5) {
		t.b.WriteString("- " + t.sentence(3+t.r.IntN(10), stop) + "\n")
		if t.r.IntN(12) == 0 {
			for range 2 + t.r.IntN(2) {
				t.b.WriteString("  - " + t.sentence(2+t.r.IntN(6), stop) + "\n")
			}
		}
	}
	t.b.WriteString("\n")
}

// steps writes a numbered list.
func (t *text) steps() {
	for i := range 3 + t.r.IntN(4) {
		t.b.WriteString(strconv.Itoa(i+1) + ". " + t.sentence(t.sentenceLength(), ".") + "\n")
	}
	t.b.WriteString("\n")
}

// callout writes a paragraph that starts with a bold warning.
func (t *text) callout() {
	t.b.WriteString("**ATHUGIÐ:** " + t.sentence(t.sentenceLength(), ".") + "\n\n")
	t.words++
}

// table writes a GFM table of one of the kinds in tableKinds.
func (t *text) table() {
	k := tableKinds[t.r.IntN(len(tableKinds))]
	t.b.WriteString("| " + strings.Join(k.head, " | ") + " |\n|")
	for range k.head {
		t.b.WriteString(" --- |")
	}
	t.b.WriteString("\n")
	t.words += len(k.head)
	for range 3 + t.r.IntN(4) {
		t.b.WriteString("|")
		for _, c := range k.cols {
			t.b.WriteString(" " + t.cell(c) + " |")
		}
		t.b.WriteString("\n")
	}
	t.b.WriteString("\n")
}

func (t *text) cell(kind rune) string {
	var s string
	switch kind {
	case 'r':
		s = pick(t.r, roles)
	case 'n':
		s = personName(t.r)
	case 't':
		s = phone(t.r)
	case 'd':
		s = pick(t.r, deadlines)
	case 'f':
		s = pick(t.r, frequencies)
	default:
		return t.sentence(2+t.r.IntN(5), "")
	}
	t.words += len(strings.Fields(s))
	return s
}

// heading writes a heading of the given level (2 or 3).
func (t *text) heading(level int, s string) {
	t.b.WriteString(strings.Repeat("#", level) + " " + s + "\n\n")
	t.words += len(strings.Fields(s))
}

func upperFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

func lowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToLower(r)) + s[n:]
}

func pick[T any](r *rand.Rand, list []T) T { return list[r.IntN(len(list))] }

// personName makes an Icelandic name: a first name and a patronymic.
func personName(r *rand.Rand) string {
	if r.IntN(2) == 0 {
		return pick(r, womensNames) + " " + pick(r, fathers) + "dóttir"
	}
	return pick(r, mensNames) + " " + pick(r, fathers) + "son"
}

func phone(r *rand.Rand) string {
	return "4" + strconv.Itoa(10+r.IntN(90)) + " " + strconv.Itoa(1000+r.IntN(9000))
}
