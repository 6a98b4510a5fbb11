package search

import (
	"strings"
	"testing"
)

// memOutput keeps the files of a static index in memory.
type memOutput map[string]string

func (m memOutput) WriteFile(name string, data []byte) error {
	m[name] = string(data)
	return nil
}

// shardKeys reports which of keys the static index's shards have.
func shardKeys(out memOutput, keys ...string) map[string]bool {
	has := map[string]bool{}
	for name, data := range out {
		if !strings.Contains(name, "/shard-") {
			continue
		}
		for _, k := range keys {
			if strings.Contains(data, `"`+k+`":`) {
				has[k] = true
			}
		}
	}
	return has
}

// TestLexiconKeys: with a lexicon, the static index files a word under the stems of its
// lemma's other forms that the stemmer keys apart, as part keys; without one, not.
func TestLexiconKeys(t *testing.T) {
	docs := []Document{{ID: "a", Title: "Þjónusta", Body: "Betri þjónusta við íbúa."}}
	lex := func(words map[string]bool) (map[string][]string, error) {
		if !words["betri"] {
			t.Errorf("the lexicon was not asked for betri: %v", words)
		}
		return map[string][]string{"betri": {"betra", "bestur", "góður", "gott"}}, nil
	}
	o := DefaultStaticOptions
	without, with := memOutput{}, memOutput{}
	if _, err := WriteStatic(docs, o, without); err != nil {
		t.Fatal(err)
	}
	o.Lexicon = lex
	if _, err := WriteStatic(docs, o, with); err != nil {
		t.Fatal(err)
	}
	// betra has betri's own stem, so it needs no key of its own.
	if got := shardKeys(with, "god$", "best$", "betr$"); !got["god$"] || !got["best$"] || got["betr$"] {
		t.Errorf("with the lexicon, the keys are %v; want god$ and best$, not betr$", got)
	}
	if got := shardKeys(without, "god$", "best$"); len(got) > 0 {
		t.Errorf("without the lexicon: %v", got)
	}
}
