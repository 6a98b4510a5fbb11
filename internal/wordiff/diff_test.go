package wordiff

import (
	"reflect"
	"strings"
	"testing"
)

func eq(s string) Chunk  { return Chunk{Equal, s} }
func ins(s string) Chunk { return Chunk{Insert, s} }
func del(s string) Chunk { return Chunk{Delete, s} }

func TestDiff(t *testing.T) {
	tests := []struct {
		name     string
		old, new string
		want     []Chunk
	}{
		{"Identical", "Þjónustustefna Dalvíkurbyggðar\nVið þjónum íbúum.\n", "Þjónustustefna Dalvíkurbyggðar\nVið þjónum íbúum.\n",
			[]Chunk{eq("Þjónustustefna Dalvíkurbyggðar\nVið þjónum íbúum.\n")}},
		{"BothEmpty", "", "", nil},
		{"OldEmpty", "", "Ný stefna.\n", []Chunk{ins("Ný stefna.\n")}},
		{"NewEmpty", "Gömul stefna.\n", "", []Chunk{del("Gömul stefna.\n")}},
		{"WordReplaced", "Starfsmenn skulu lesa stefnuna.\n", "Starfsmenn skulu kynna sér stefnuna.\n",
			[]Chunk{eq("Starfsmenn skulu "), del("lesa"), ins("kynna sér"), eq(" stefnuna.\n")}},
		// Icelandic letters are letters: the word is replaced whole, not cut at ð or í.
		{"IcelandicWord", "Íbúar Dalvíkurbyggð njóta þjónustu.\n", "Íbúar Dalvíkurbyggðar njóta þjónustu.\n",
			[]Chunk{eq("Íbúar "), del("Dalvíkurbyggð"), ins("Dalvíkurbyggðar"), eq(" njóta þjónustu.\n")}},
		{"WordInserted", "Við þjónum íbúum.\n", "Við þjónum öllum íbúum.\n",
			[]Chunk{eq("Við þjónum "), ins("öllum "), eq("íbúum.\n")}},
		{"WordDeleted", "Við þjónum öllum íbúum.\n", "Við þjónum íbúum.\n",
			[]Chunk{eq("Við þjónum "), del("öllum "), eq("íbúum.\n")}},
		{"SentenceExtended", "Við erum góð.\n", "Við erum góð og glöð.\n",
			[]Chunk{eq("Við erum góð"), ins(" og glöð"), eq(".\n")}},
		{"LastWordDeleted", "Við erum góð og glöð.\n", "Við erum góð.\n",
			[]Chunk{eq("Við erum góð"), del(" og glöð"), eq(".\n")}},
		{"PunctuationChanged", "Hringdu í 460 4900.\n", "Hringdu í 460 4900!\n",
			[]Chunk{eq("Hringdu í 460 4900"), del("."), ins("!"), eq("\n")}},
		{"CommaInserted", "Já nei\n", "Já, nei\n", []Chunk{eq("Já"), ins(","), eq(" nei\n")}},
		{"BlockAdded", "Inngangur\nFyrsta grein.\nÖnnur grein.\n", "Inngangur\nFyrsta grein.\nNý grein.\nÖnnur grein.\n",
			[]Chunk{eq("Inngangur\nFyrsta grein.\n"), ins("Ný grein.\n"), eq("Önnur grein.\n")}},
		{"BlockRemoved", "Inngangur\nFyrsta grein.\nÖnnur grein.\n", "Inngangur\nÖnnur grein.\n",
			[]Chunk{eq("Inngangur\n"), del("Fyrsta grein.\n"), eq("Önnur grein.\n")}},
		{"BlockAddedAtEnd", "Fyrsta grein.", "Fyrsta grein.\nÖnnur grein.",
			[]Chunk{eq("Fyrsta grein."), ins("\nÖnnur grein.")}},
		{"BlocksSplit", "Fyrsta grein. Önnur grein.\n", "Fyrsta grein.\nÖnnur grein.\n",
			[]Chunk{eq("Fyrsta grein."), del(" "), ins("\n"), eq("Önnur grein.\n")}},
		// Two edits in one block, and one in a block further on.
		{"ScatteredEdits", "Eitt tvö þrjú fjögur.\nFimm.\nSex sjö átta.\n", "Eitt tvö þrjú fimm.\nFimm.\nSex sjö níu.\n",
			[]Chunk{eq("Eitt tvö þrjú "), del("fjögur"), ins("fimm"), eq(".\nFimm.\nSex sjö "), del("átta"), ins("níu"), eq(".\n")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Diff(tt.old, tt.new)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Diff(%q, %q)\n got %q\nwant %q", tt.old, tt.new, got, tt.want)
			}
			checkDiff(t, tt.old, tt.new, got)
		})
	}
}

// TestDiffCap checks that a run of blocks whose diff would cost more than the caps is
// shown deleted and inserted whole, while the blocks around it are still diffed word
// by word.
func TestDiffCap(t *testing.T) {
	l := limits{maxEdits: 6, maxWork: 1000}
	old := "Fyrsta grein er stutt.\nÓbreytt.\nein tvær þrjár fjórar fimm sex\nÓbreytt líka.\n"
	new := "Fyrsta grein er löng.\nÓbreytt.\nsjö átta níu tíu ellefu tólf\nÓbreytt líka.\n"
	want := []Chunk{
		eq("Fyrsta grein er "), del("stutt"), ins("löng"), eq(".\nÓbreytt.\n"),
		del("ein tvær þrjár fjórar fimm sex"), ins("sjö átta níu tíu ellefu tólf"), eq("\nÓbreytt líka.\n"),
	}
	got := l.diff(old, new)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	checkDiff(t, old, new, got)
}

// TestDiffWorstCase checks that two long texts with no word in common come out as the
// one deleted and the other inserted, but for the full stop and line break they both
// end with.
func TestDiffWorstCase(t *testing.T) {
	old := policy(5000, 1, "abcdefghij")
	new := policy(5000, 2, "klmnoprstu")
	got := Diff(old, new)
	end := len(".\n")
	want := []Chunk{del(old[:len(old)-end]), ins(new[:len(new)-end]), eq(".\n")}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %d chunks, want the old text deleted and the new inserted", len(got))
	}
}

// checkDiff fails t unless chunks give back both texts, and are merged and ordered as
// Diff promises.
func checkDiff(t *testing.T, old, new string, chunks []Chunk) {
	t.Helper()
	var a, b strings.Builder
	for i, c := range chunks {
		if c.Text == "" {
			t.Errorf("chunk %d is empty", i)
		}
		if i > 0 && chunks[i-1].Op == c.Op {
			t.Errorf("chunks %d and %d are both %v", i-1, i, c.Op)
		}
		if i > 0 && chunks[i-1].Op == Insert && c.Op == Delete {
			t.Errorf("chunk %d: a deletion after an insertion", i)
		}
		if c.Op != Insert {
			a.WriteString(c.Text)
		}
		if c.Op != Delete {
			b.WriteString(c.Text)
		}
	}
	if a.String() != old {
		t.Errorf("equal and deleted chunks give %q, want the old text %q", a.String(), old)
	}
	if b.String() != new {
		t.Errorf("equal and inserted chunks give %q, want the new text %q", b.String(), new)
	}
}

func FuzzDiff(f *testing.F) {
	f.Add("Við erum góð.\n", "Við erum góð og glöð.\n")
	f.Add("Eitt tvö.\nÞrjú.\n", "Þrjú.\nEitt tvö.\n")
	f.Add("", "Ný stefna.\n")
	f.Add("a\n\n b,c", "a b\n\nc, ")
	f.Add("<script>&\"'\n", "\xff\xfe á\u0301\n")
	f.Fuzz(func(t *testing.T, old, new string) {
		checkDiff(t, old, new, Diff(old, new))
		// Small caps, so that the fallbacks are fuzzed too.
		checkDiff(t, old, new, limits{maxEdits: 3, maxWork: 40}.diff(old, new))
	})
}
