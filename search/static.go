package search

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"runtime"
	"slices"
	"sync"

	"github.com/handbok/handbok/internal/parallel"
)

// The static index is what the browser searches, written into public/search/ as classic
// scripts that call HandbokSearch with their data, since a page opened from disk may load
// scripts but not fetch files:
//
//	search/index.js      the manifest: the first key of each shard, the workplaces, UI text
//	search/shard-N.js    keys and their postings, a slice of the sorted keys each
//	search/docs.js       each page's workplace and kind, for filters (loaded when used)
//	search/f/M/N.js      page N's title, URL, workplace and text, for showing a result
//	                     (M is N/100: a hundred pages a folder)
//	search/w/L-N.js      the words of N letters that begin with L, for correcting typos
//	                     (see typowords.go)
//
// A key is a word's folded form ("thagnarskylda"), its stem followed by "!"
// ("thagnarskyld!"), its folded and exact forms joined by "#"
// ("thagnarskylda#þagnarskylda"), or the stem of a part of compound words followed by
// "$" ("skyld$", whose pages have "þagnarskylda" or another compound with that part;
// see partkeys.go). "!", "#" and "$" sort before letters and digits, so the keys of a
// word sort next to each other and a query usually needs one shard. An
// exact key is kept only when its pages differ from its folded key's ("log#lög" beside
// "log"): when they are the same, every page under the folded key has the exact form,
// and the browser reads it so. Keys are sorted in
// JavaScript's string order, so that a prefix is a range and a key's shard is found by
// binary search. A posting list is a string of base-32 varints: for each page, the gap
// from the previous page number and the page's impact for that key, a BM25 score with
// field weights and idf already applied, so that the browser needs no per-page lengths.

// Marks that end a stem key and join the folded and exact forms in an exact key.
const (
	stemMark  = '!'
	exactMark = '#'
)

// StaticDir is the folder of the static index in the output.
const StaticDir = "search"

// Output receives the files of the static index. WriteFile may be called from many
// goroutines, and must not keep data after it returns: the buffer is used again.
type Output interface {
	WriteFile(name string, data []byte) error
}

// StaticOptions tune the static index.
type StaticOptions struct {
	Language  Language
	ShardSize int // bytes of postings and keys per shard before a new one starts
	TextLimit int // characters of a page's text kept for snippets
	// Text is the UI text the browser script shows with results, in the handbook's
	// language ("results", "partial", "noResults", "noResultsShort", "kindPolicy"…).
	Text map[string]string
	// Lexicon, when set, gives the forms of the lemmas of the handbook's words, whose
	// stems the index keeps as part keys (see RelatedKeys).
	Lexicon Lexicon
}

// DefaultStaticOptions are the sizes the benchmarks settled on.
var DefaultStaticOptions = StaticOptions{ShardSize: 12 << 10, TextLimit: 3000}

// StaticStats says what WriteStatic wrote.
type StaticStats struct {
	Keys, Shards, Files int
	Bytes               int64
}

// WriteStatic writes the static index of docs. Page numbers are positions in docs.
func WriteStatic(docs []Document, o StaticOptions, out Output) (StaticStats, error) {
	x := NewStaticIndex(len(docs), o, out)
	err := parallel.Do(context.Background(), len(docs), func(i int) error { return x.Add(i, &docs[i]) })
	if err != nil {
		return x.stats(), err
	}
	return x.Finish()
}

// StaticIndex writes a static index page by page: Add reads a page's words and writes
// its fragment at once, so that a build need not hold the text of every page until the
// end; Finish writes the shards, the filter table and the manifest.
type StaticIndex struct {
	o       StaticOptions
	out     Output
	readers chan *reader // one per core, each with its own dictionary and postings
	all     []*reader
	lengths [][3]int32 // words per field, by page
	meta    []docMeta

	mu sync.Mutex
	st StaticStats
}

// docMeta is what the filter table and the manifest need of a page.
type docMeta struct {
	kind, workplace, workplaceTitle string
}

// NewStaticIndex starts the static index of a handbook of the given number of pages.
func NewStaticIndex(pages int, o StaticOptions, out Output) *StaticIndex {
	x := &StaticIndex{o: o, out: out, lengths: make([][3]int32, pages), meta: make([]docMeta, pages)}
	workers := runtime.GOMAXPROCS(0)
	x.readers = make(chan *reader, workers)
	for range workers {
		r := &reader{sc: scanner{lang: o.Language}, dict: map[string]int32{}, words: newWordTable()}
		x.all = append(x.all, r)
		x.readers <- r
	}
	return x
}

// Add indexes d as page n (0 ≤ n < pages) and writes its fragment. It may be called
// from many goroutines, once for each page.
func (x *StaticIndex) Add(n int, d *Document) error {
	r := <-x.readers
	x.lengths[n] = r.read(d, int32(n))
	x.readers <- r
	x.meta[n] = docMeta{kind: d.Kind, workplace: d.Workplace, workplaceTitle: d.WorkplaceTitle}
	b := fragmentBufs.Get().(*[]byte)
	defer fragmentBufs.Put(b)
	*b = appendFragment((*b)[:0], n, d, x.o.TextLimit)
	return x.write(fragmentPath(n), *b)
}

func (x *StaticIndex) write(name string, data []byte) error {
	x.mu.Lock()
	x.st.Files++
	x.st.Bytes += int64(len(data))
	x.mu.Unlock()
	return x.out.WriteFile(StaticDir+"/"+name, data)
}

func (x *StaticIndex) stats() StaticStats {
	x.mu.Lock()
	defer x.mu.Unlock()
	return x.st
}

// Finish writes the rest of the index, once every page has been added.
func (x *StaticIndex) Finish() (StaticStats, error) {
	ix := x.invert()
	ix.familyDFs(x.o.Language)
	if err := ix.addParts(x.o.Language, x.o.Lexicon); err != nil {
		return x.stats(), fmt.Errorf("lexicon: %w", err)
	}
	keys := ix.keys()
	words := ix.vocabulary()
	if err := words.write(x); err != nil {
		return x.stats(), err
	}
	shardFirst, err := x.writeShards(ix, keys)
	if err != nil {
		return x.stats(), err
	}
	x.all = nil
	x.mu.Lock()
	x.st.Keys, x.st.Shards = len(keys), len(shardFirst)
	x.mu.Unlock()

	wps := x.workplaces()
	if err := x.writeFilters(wps); err != nil {
		return x.stats(), err
	}
	manifest, err := json.Marshal(map[string]any{
		"version": 1, "lang": lang(x.o.Language), "pages": len(x.meta),
		"shards": shardFirst, "workplaces": wps, "text": x.o.Text, "words": words.manifest(),
	})
	if err != nil {
		return x.stats(), err
	}
	err = x.write("index.js", []byte("HandbokSearch.manifest("+string(manifest)+")\n"))
	return x.stats(), err
}

// writeShards writes keys, in their order, with their postings into shards of about
// ShardSize bytes each. It returns the shortest start of each shard's first key that
// sorts after the shard before: the manifest's table for finding a key's shard.
func (x *StaticIndex) writeShards(ix *inverted, keys []int32) ([]string, error) {
	// The keys' postings are encoded on all cores a batch at a time, then laid into
	// shards in key order; a batch is let go before the next, so that the index is
	// never held in memory twice over.
	const batch = 4096
	encoded := make([]string, batch)
	var name []byte // a key as JSON
	var shardFirst []string
	var shard bytes.Buffer
	last := ""
	flush := func() error {
		if shard.Len() == 0 {
			return nil
		}
		shard.WriteString("})\n")
		err := x.write(fmt.Sprintf("shard-%d.js", len(shardFirst)-1), shard.Bytes())
		shard.Reset()
		return err
	}
	for i, k := range keys {
		if i%batch == 0 {
			next := keys[i:min(i+batch, len(keys))]
			parallel.Do(context.Background(), len(next), func(j int) error {
				encoded[j] = ix.encode(next[j])
				return nil
			})
		}
		key := ix.names[k]
		if shard.Len() == 0 {
			shardFirst = append(shardFirst, shortestAbove(key, last))
			fmt.Fprintf(&shard, "HandbokSearch.shard(%d,{", len(shardFirst)-1)
		} else {
			shard.WriteByte(',')
		}
		last = key
		name = appendJSON(name[:0], key, -1)
		shard.Write(name)
		shard.WriteString(`:"`)
		shard.WriteString(encoded[i%batch])
		encoded[i%batch] = ""
		shard.WriteByte('"')
		if shard.Len() >= x.o.ShardSize {
			if err := flush(); err != nil {
				return nil, err
			}
		}
	}
	return shardFirst, flush()
}

func lang(l Language) string {
	if l == English {
		return "en"
	}
	return "is"
}

// workplaces lists [slug, title] of the workplaces the pages belong to, sorted by slug.
func (x *StaticIndex) workplaces() [][2]string {
	seen := map[string]string{}
	for _, d := range x.meta {
		if d.workplace != "" {
			seen[d.workplace] = d.workplaceTitle
		}
	}
	out := make([][2]string, 0, len(seen))
	for slug, title := range seen {
		out = append(out, [2]string{slug, title})
	}
	slices.SortFunc(out, func(a, b [2]string) int { return compareJS(a[0], b[0]) })
	return out
}

// writeFilters writes the table of each page's workplace and kind, for the filters.
func (x *StaticIndex) writeFilters(wps [][2]string) error {
	wpIndex := map[string]int{"": 0}
	for i, w := range wps {
		wpIndex[w[0]] = i + 1
	}
	kinds := []string{"page", "policy", "checklist", "workplace"}
	var table bytes.Buffer
	for _, d := range x.meta {
		k := max(0, slices.Index(kinds, d.kind))
		table.Write(appendVarint(nil, wpIndex[d.workplace]*len(kinds)+k))
	}
	filters, err := json.Marshal(map[string]any{"kinds": kinds, "table": table.String()})
	if err != nil {
		return err
	}
	return x.write("docs.js", []byte("HandbokSearch.docs("+string(filters)+")\n"))
}
