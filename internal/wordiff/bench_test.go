package wordiff

import (
	"math/rand/v2"
	"strings"
	"testing"
)

var vocabulary = strings.Fields(`starfsmenn skulu lesa stefnu þjónustu íbúa
	Dalvíkurbyggðar sveitarfélagsins vinnustaðar öryggi gæði ábyrgð ráðgjöf upplýsingar
	skjólstæðinga umsókn fundar sveitarstjórn byggðaráð samþykkt endurskoðun tölvupóst
	síma aðgang trúnað persónuupplýsingar og eða en að í á við um fyrir eftir með frá til`)

// policy returns a text of about words words in paragraphs of 20 to 80, drawn with the
// seed from vocabulary, each word's letters moved along alphabet when alphabet is not
// empty (so that two texts can have no word in common).
func policy(words int, seed uint64, alphabet string) string {
	r := rand.New(rand.NewPCG(seed, 0))
	var sb strings.Builder
	for n := 0; n < words; {
		para := 20 + r.IntN(61)
		for i := range para {
			w := vocabulary[r.IntN(len(vocabulary))]
			if alphabet != "" {
				w = strings.Map(func(c rune) rune { return rune(alphabet[int(c)%len(alphabet)]) }, w)
			}
			sb.WriteString(w)
			switch {
			case i == para-1:
				sb.WriteString(".\n")
			case r.IntN(12) == 0:
				sb.WriteString(", ")
			default:
				sb.WriteByte(' ')
			}
		}
		n += para
	}
	return sb.String()
}

// edited returns text with edits words, spread evenly, replaced, removed or doubled.
func edited(text string, edits int) string {
	words := strings.SplitAfter(text, " ")
	for e := range edits {
		i := (e*len(words))/edits + 3
		switch e % 3 {
		case 0:
			words[i] = "breytt "
		case 1:
			words[i] = ""
		case 2:
			words[i] += "nýtt "
		}
	}
	return strings.Join(words, "")
}

// BenchmarkDiff diffs a policy of 5,000 words against itself with 50 scattered edits.
func BenchmarkDiff(b *testing.B) {
	old := policy(5000, 1, "")
	new := edited(old, 50)
	b.ReportAllocs()
	for b.Loop() {
		Diff(old, new)
	}
}

// BenchmarkDiffWorstCase diffs two policies of 5,000 words with no word in common.
func BenchmarkDiffWorstCase(b *testing.B) {
	old := policy(5000, 1, "abcdefghij")
	new := policy(5000, 2, "klmnoprstu")
	b.ReportAllocs()
	for b.Loop() {
		Diff(old, new)
	}
}

// BenchmarkDiffSameWords diffs two different policies of 5,000 words drawn from the
// same words, where the token pass finds many short matches before its cap.
func BenchmarkDiffSameWords(b *testing.B) {
	old := policy(5000, 1, "")
	new := policy(5000, 2, "")
	b.ReportAllocs()
	for b.Loop() {
		Diff(old, new)
	}
}

// BenchmarkHTML draws the diff of BenchmarkDiff.
func BenchmarkHTML(b *testing.B) {
	old := policy(5000, 1, "")
	chunks := Diff(old, edited(old, 50))
	b.ReportAllocs()
	for b.Loop() {
		HTML(chunks, Labels{"Bætt við", "Tekið út"})
	}
}
