package search

import (
	"encoding/json"
	"maps"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// Postings from two readers come out in page order, also when a reader got a page late.
func TestMergePostings(t *testing.T) {
	p := func(docs ...int32) []posting {
		var out []posting
		for _, d := range docs {
			out = append(out, posting{doc: d, tf: [3]uint8{0, 0, uint8(d)}})
		}
		return out
	}
	for _, c := range []struct{ a, b, want []posting }{
		{nil, p(1, 2), p(1, 2)},
		{p(1, 4, 5), p(2, 3, 6), p(1, 2, 3, 4, 5, 6)},
		{p(1, 2), p(7, 3, 4), p(1, 2, 3, 4, 7)},
		{p(5), p(1), p(1, 5)},
	} {
		if got := mergePostings(nil, c.a, c.b); !slices.Equal(got, c.want) {
			t.Errorf("mergePostings(%v, %v) = %v, want %v", c.a, c.b, got, c.want)
		}
	}
}

// The word table finds every word added, across its growths, and no word it was not given.
func TestWordTable(t *testing.T) {
	wt := newWordTable()
	word := func(i int) []byte { return []byte("orð" + strconv.Itoa(i)) }
	for i := range 5000 {
		e, h := wt.find(word(i))
		if e >= 0 {
			t.Fatalf("%s found before it was added", word(i))
		}
		added := &wt.entries[wt.add(word(i), h)]
		added.ids = [3]int32{int32(i), int32(i + 1), int32(i + 2)}
		added.stop = i%7 == 0
	}
	for i := range 5000 {
		e, _ := wt.find(word(i))
		if e < 0 {
			t.Fatalf("%s not found", word(i))
		}
		if got := wt.entries[e]; got.ids != [3]int32{int32(i), int32(i + 1), int32(i + 2)} || got.stop != (i%7 == 0) {
			t.Fatalf("%s: got %+v", word(i), got)
		}
	}
	if e, _ := wt.find([]byte("orð5000")); e >= 0 {
		t.Errorf("a word never added was found: %+v", wt.entries[e])
	}
}

// appendJSON writes what encoding/json writes for a string: the fragments' text goes
// into pages' scripts, so <, > and & must come out escaped, as must invalid UTF-8.
func FuzzAppendJSON(f *testing.F) {
	for _, s := range []string{"", "Þjónusta „góð“", "a\"b\\c</script>&<!--", "\x00\x01\b\f\n\r\t\x1f\x7f",
		"\xff\xfe bad \xc3", "line\u2028sep\u2029", "emoji 😀 ✓", strings.Repeat("x", 100)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		if got := appendJSON([]byte("prefix"), s, -1); string(got) != "prefix"+string(want) {
			t.Errorf("appendJSON(%q) = %s, want %s", s, got[len("prefix"):], want)
		}
	})
}

// A fragment is a script that hands the page's fields to HandbokSearch.page as JSON.
func TestFragment(t *testing.T) {
	d := &Document{Title: `Reglur „A“ <b>`, URL: "a/b.html", Headings: "Eitt\nTvö", Kind: "policy",
		WorkplaceTitle: "Skóli & leikskóli", Body: "Textinn er lengri en svo"}
	got := string(appendFragment(nil, 7, d, 9))
	const prefix, suffix = "HandbokSearch.page(7,", ")\n"
	if !strings.HasPrefix(got, prefix) || !strings.HasSuffix(got, suffix) {
		t.Fatalf("fragment = %q", got)
	}
	var fields map[string]string
	if err := json.Unmarshal([]byte(got[len(prefix):len(got)-len(suffix)]), &fields); err != nil {
		t.Fatalf("fragment %q: %v", got, err)
	}
	want := map[string]string{"k": d.Kind, "t": d.Title, "u": d.URL,
		"w": d.WorkplaceTitle, "x": "Textinn e"}
	if !maps.Equal(fields, want) {
		t.Errorf("fragment fields = %q, want %q", fields, want)
	}
	if strings.ContainsAny(got, "<>&") {
		t.Errorf("fragment %q has <, > or & unescaped", got)
	}
}

// appendJSON with a limit writes the first runes of a text, counting as
// utf8.DecodeRuneInString does, an invalid byte as one rune.
func FuzzAppendJSONLimit(f *testing.F) {
	for _, s := range []string{"", "abc", "Þjónusta fyrir alla", "a\xffb\xc3\xa1\xe2\x80", "😀😀😀x", "a<b>\u2028c"} {
		f.Add(s, 2)
	}
	f.Fuzz(func(t *testing.T, s string, limit int) {
		cut := s
		for i, runes := 0, 0; i < len(s); runes++ {
			if runes == limit {
				cut = s[:i]
				break
			}
			_, size := utf8.DecodeRuneInString(s[i:])
			i += size
		}
		want, err := json.Marshal(cut)
		if err != nil {
			t.Fatal(err)
		}
		if got := appendJSON(nil, s, limit); string(got) != string(want) {
			t.Errorf("appendJSON(%q, %d) = %s, want %s", s, limit, got, want)
		}
	})
}
