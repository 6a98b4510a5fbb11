package search

import (
	"bytes"
	"cmp"
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf16"
	"unicode/utf8"

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
//
// A key is a word's folded form ("thagnarskylda"), its stem followed by "!"
// ("thagnarskyld!"), or its folded and exact forms joined by "#"
// ("thagnarskylda#þagnarskylda"). "!" and "#" sort before letters and digits, so the
// three keys of a word sort next to each other and a query usually needs one shard. An
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
}

// DefaultStaticOptions are the sizes the benchmarks settled on.
var DefaultStaticOptions = StaticOptions{ShardSize: 12 << 10, TextLimit: 3000}

// StaticStats says what WriteStatic wrote.
type StaticStats struct {
	Keys, Shards, Files int
	Bytes               int64
}

const (
	bm25K1 = 1.2
	bm25B  = 0.75
	// impactScale turns scores into small whole numbers; most fit one base-32 digit.
	impactScale = 4.0
)

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

// fragmentPath is where the fragment of page n is, under the index's folder: a hundred
// pages a folder, since a folder of tens of thousands of files is slow to fill.
func fragmentPath(n int) string {
	return "f/" + strconv.Itoa(n/100) + "/" + strconv.Itoa(n) + ".js"
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
	keys := ix.keys()

	// The keys' postings are encoded on all cores a batch at a time, then laid into
	// shards in key order; a batch is let go before the next, so that the index is
	// never held in memory twice over.
	const batch = 4096
	encoded := make([]string, batch)
	var name []byte         // a key as JSON
	var shardFirst []string // the shortest start of each shard's first key that sorts after the shard before
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
				return x.stats(), err
			}
		}
	}
	if err := flush(); err != nil {
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
		"shards": shardFirst, "workplaces": wps, "text": x.o.Text,
	})
	if err != nil {
		return x.stats(), err
	}
	err = x.write("index.js", []byte("HandbokSearch.manifest("+string(manifest)+")\n"))
	return x.stats(), err
}

// posting is a page under a key, with how often the key's word occurs in each field
// (up to 255: BM25 has long stopped growing by then).
type posting struct {
	doc int32
	tf  [3]uint8
}

// reader counts the keys of pages and keeps their postings; each worker takes one, so
// the counting needs no locks. Postings are kept compact (see lists), since at
// tens of thousands of pages they are most of what a build holds in memory.
//
// While pages are read, a reader writes each page's keys one after another into a log;
// only when all are read does it sort them into a list per key (transpose). Adding to
// a thousand lists per page, each in its own place in memory, waited on memory while
// the rendering of pages between them kept pushing those places out of the cache: a
// third of the reading time in a build.
type reader struct {
	sc      scanner
	dict    map[string]int32
	names   []string
	counts  [][3]uint8 // of the page being read, by key
	touched []int32    // the keys of the page being read
	// wordsRead are the words of the page being read, as entries of words.
	wordsRead []int32
	key       []byte
	// words remembers the keys of each word seen (folded, stem, exact), so that a word
	// that comes again is folded, stemmed and looked up once; a stop word has none.
	words *wordTable
	// log holds the pages read, each as its number, how many keys it has, and each key's
	// id and counts (see appendCounts), in chunks of about logChunk bytes.
	log [][]byte
	df  []int32 // by key, how many pages
	// After transpose, each key's postings: for each page, the gap from the page
	// before, zigzag-encoded since pages may reach a reader slightly out of order, as a
	// varint; then its counts (appendCounts).
	lists [][]byte
}

// logChunk is the size of a chunk of a reader's log: transpose lets go of each chunk
// once it is sorted, so the log and the lists are never both held whole.
const logChunk = 1 << 20

func (r *reader) id(key []byte) int32 {
	if id, ok := r.dict[string(key)]; ok {
		return id
	}
	id := int32(len(r.names))
	name := string(key)
	r.dict[name] = id
	r.names = append(r.names, name)
	r.counts = append(r.counts, [3]uint8{})
	r.df = append(r.df, 0)
	return id
}

// read adds the postings of page doc and returns its words per field. Each word is
// counted once; its keys get the counts of every word that has them at the end.
func (r *reader) read(d *Document, doc int32) (length [3]int32) {
	for f, text := range d.Fields() {
		r.sc.scan(text, func(_, _ int) {
			i, h := r.words.find(r.sc.exact)
			if i < 0 {
				stop := r.sc.forms()
				i = r.words.add(r.sc.exact, h)
				w := &r.words.entries[i]
				if w.stop = stop; !stop {
					w.ids[0] = r.id(r.sc.fold)
					r.key = append(append(r.key[:0], r.sc.stem...), stemMark)
					w.ids[1] = r.id(r.key)
					r.key = append(append(append(r.key[:0], r.sc.fold...), exactMark), r.sc.exact...)
					w.ids[2] = r.id(r.key)
				}
			}
			w := &r.words.entries[i]
			if w.stop {
				return
			}
			length[f]++
			if w.counts == ([3]uint8{}) {
				r.wordsRead = append(r.wordsRead, i)
			}
			if w.counts[f] < 255 {
				w.counts[f]++
			}
		})
	}
	for _, i := range r.wordsRead {
		w := &r.words.entries[i]
		for _, id := range w.ids {
			c := &r.counts[id]
			if *c == ([3]uint8{}) {
				r.touched = append(r.touched, id)
			}
			for f := range c {
				c[f] = uint8(min(int(c[f])+int(w.counts[f]), 255))
			}
		}
		w.counts = [3]uint8{}
	}
	r.wordsRead = r.wordsRead[:0]
	// The most a page takes in the log: its number and count, and per key its id and
	// four bytes of counts.
	need := 2*binary.MaxVarintLen32 + len(r.touched)*(binary.MaxVarintLen32+4)
	if len(r.log) == 0 || cap(r.log[len(r.log)-1])-len(r.log[len(r.log)-1]) < need {
		r.log = append(r.log, make([]byte, 0, max(logChunk, need)))
	}
	b := r.log[len(r.log)-1]
	b = binary.AppendUvarint(b, uint64(doc))
	b = binary.AppendUvarint(b, uint64(len(r.touched)))
	for _, id := range r.touched {
		b = binary.AppendUvarint(b, uint64(id))
		b = appendCounts(b, r.counts[id])
		r.df[id]++
		r.counts[id] = [3]uint8{}
	}
	r.log[len(r.log)-1] = b
	r.touched = r.touched[:0]
	return length
}

// transpose sorts the log into the postings of each key, and lets the log go.
func (r *reader) transpose() {
	r.lists = make([][]byte, len(r.names))
	last := make([]int32, len(r.names))
	for i, b := range r.log {
		for len(b) > 0 {
			doc, n := binary.Uvarint(b)
			b = b[n:]
			keys, n := binary.Uvarint(b)
			b = b[n:]
			for range keys {
				id, n := binary.Uvarint(b)
				b = b[n:]
				gap := int32(doc) - last[id]
				z := binary.AppendUvarint(r.lists[id], uint64(uint32(gap<<1)^uint32(gap>>31)))
				n = 1
				if b[0] == 0 {
					n = 4
				}
				r.lists[id] = append(z, b[:n]...)
				b = b[n:]
				last[id] = int32(doc)
			}
		}
		r.log[i] = nil
	}
	r.log = nil
}

// appendCounts appends the counts of a key on a page: one byte when the word is only in
// the text fewer than 128 times, else a 0 and the three.
func appendCounts(b []byte, tf [3]uint8) []byte {
	if tf[0] == 0 && tf[1] == 0 && tf[2] > 0 && tf[2] < 128 {
		return append(b, tf[2])
	}
	return append(b, 0, tf[0], tf[1], tf[2])
}

// readPostings appends the postings in b to dst.
func readPostings(dst []posting, b []byte) []posting {
	doc := int32(0)
	for len(b) > 0 {
		z, n := binary.Uvarint(b)
		b = b[n:]
		doc += int32(uint32(z)>>1) ^ -int32(z&1)
		p := posting{doc: doc}
		if b[0] != 0 {
			p.tf[2], b = b[0], b[1:]
		} else {
			p.tf, b = [3]uint8{b[1], b[2], b[3]}, b[4:]
		}
		dst = append(dst, p)
	}
	return dst
}

// mergePostings appends to dst the postings of a and b in page order; a is in order,
// b is sorted first when it is not.
func mergePostings(dst, a, b []posting) []posting {
	byDoc := func(x, y posting) int { return cmp.Compare(x.doc, y.doc) }
	if !slices.IsSortedFunc(b, byDoc) {
		slices.SortFunc(b, byDoc)
	}
	for len(a) > 0 && len(b) > 0 {
		if a[0].doc <= b[0].doc {
			dst, a = append(dst, a[0]), a[1:]
		} else {
			dst, b = append(dst, b[0]), b[1:]
		}
	}
	return append(append(dst, a...), b...)
}

// inverted is the inverted index of the pages: for each key, where its postings are in
// the readers.
type inverted struct {
	names   []string
	local   [][]int32 // by reader, the key's id there, or -1
	df      []int32
	readers []*reader
	lengths [][3]int32 // words per field per page
	avg     [3]float64
	pages   int
}

// invert makes one dictionary of the readers' dictionaries.
func (x *StaticIndex) invert() *inverted {
	ix := &inverted{pages: len(x.meta), readers: x.all, lengths: x.lengths, local: make([][]int32, len(x.all))}
	parallel.Do(context.Background(), len(x.all), func(w int) error {
		x.all[w].transpose()
		return nil
	})
	global := map[string]int32{}
	for w, r := range x.all {
		for local, name := range r.names {
			g, ok := global[name]
			if !ok {
				g = int32(len(ix.names))
				global[name] = g
				ix.names = append(ix.names, name)
				ix.df = append(ix.df, 0)
				for v := range ix.local {
					ix.local[v] = append(ix.local[v], -1)
				}
			}
			ix.local[w][g] = int32(local)
			ix.df[g] += r.df[local]
		}
		r.dict, r.words, r.names, r.counts = nil, nil, nil, nil
	}
	var total [3]float64
	for _, l := range x.lengths {
		for f := range 3 {
			total[f] += float64(l[f])
		}
	}
	for f := range 3 {
		ix.avg[f] = max(total[f]/max(float64(ix.pages), 1), 1)
	}
	return ix
}

// keys returns the ids of the keys to write, sorted in JavaScript's string order. An
// exact key with the same pages as its folded key is left out.
func (ix *inverted) keys() []int32 {
	byName := make(map[string]int32, len(ix.names))
	for k, name := range ix.names {
		byName[name] = int32(k)
	}
	out := make([]int32, 0, len(ix.names))
	for k, name := range ix.names {
		if folded, _, ok := strings.Cut(name, string(exactMark)); ok {
			if f, ok := byName[folded]; ok && ix.df[f] == ix.df[k] {
				continue
			}
		}
		out = append(out, int32(k))
	}
	slices.SortFunc(out, func(a, b int32) int { return compareJS(ix.names[a], ix.names[b]) })
	return out
}

// encode writes the postings of key k as base-32 varints: the gap to each page and the
// page's impact, a BM25 score with field weights and the key's idf.
func (ix *inverted) encode(k int32) string {
	sc := encodeScratches.Get().(*encodeScratch)
	defer encodeScratches.Put(sc)
	// Each reader's postings are in page order but for the few pages that reached it
	// late; those of the readers are merged one after another.
	sc.list = sc.list[:0]
	for w, r := range ix.readers {
		if local := ix.local[w][k]; local >= 0 {
			sc.run = readPostings(sc.run[:0], r.lists[local])
			r.lists[local] = nil
			sc.merged = mergePostings(sc.merged[:0], sc.list, sc.run)
			sc.list, sc.merged = sc.merged, sc.list
		}
	}
	list := sc.list
	n := float64(ix.pages)
	idf := math.Log(1 + (n-float64(len(list))+0.5)/(float64(len(list))+0.5))
	b := sc.out[:0]
	prev := int32(0)
	for _, p := range list {
		w := 0.0
		for f := range 3 {
			if p.tf[f] > 0 {
				norm := 1 - bm25B + bm25B*float64(ix.lengths[p.doc][f])/ix.avg[f]
				w += FieldWeights[f] * float64(p.tf[f]) / norm
			}
		}
		score := idf * w * (bm25K1 + 1) / (w + bm25K1)
		b = appendVarint(b, int(p.doc-prev))
		b = appendVarint(b, max(1, int(math.Round(score*impactScale))))
		prev = p.doc
	}
	sc.out = b
	return string(b)
}

// encodeScratch is what encode works in, kept from one key to the next.
type encodeScratch struct {
	run, list, merged []posting
	out               []byte
}

var encodeScratches = sync.Pool{New: func() any { return new(encodeScratch) }}

// shortestAbove returns the shortest start of key that sorts after prev (key itself sorts
// after prev): as a shard boundary it splits the keys just as key does, in fewer bytes.
func shortestAbove(key, prev string) string {
	for i := range key {
		if i > 0 && compareJS(key[:i], prev) > 0 {
			return key[:i]
		}
	}
	return key
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

// fragmentBufs keep the buffers fragments are written in: Output does not keep them.
var fragmentBufs = sync.Pool{New: func() any { return new([]byte) }}

// appendFragment appends the script of page n that the browser loads to show it as a
// result: its title, URL, workplace, kind, headings and the start of its text, for
// snippets.
func appendFragment(b []byte, n int, d *Document, limit int) []byte {
	b = strconv.AppendInt(append(b, "HandbokSearch.page("...), int64(n), 10)
	for i, f := range [...]struct {
		key, value string
		limit      int
	}{
		{"h", d.Headings, -1}, {"k", d.Kind, -1}, {"t", d.Title, -1}, {"u", d.URL, -1},
		{"w", d.WorkplaceTitle, -1}, {"x", d.Body, limit},
	} {
		if i == 0 {
			b = append(b, ",{"...)
		} else {
			b = append(b, ',')
		}
		b = append(appendJSON(b, f.key, -1), ':')
		b = appendJSON(b, f.value, f.limit)
	}
	return append(b, "})\n"...)
}

// appendJSON appends s as a JSON string, escaped as encoding/json escapes it: with <,
// > and & as \u escapes too, and invalid UTF-8 as U+FFFD. With a limit of 0 or more,
// only the first limit runes of s are written (an invalid byte counts as one): one pass
// over a page's text both cuts and escapes it.
func appendJSON(b []byte, s string, limit int) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	i := 0
	for runes := 0; i < len(s) && runes != limit; runes++ {
		if c := s[i]; c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(append(b, s[start:i]...), `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(append(b, s[start:i]...), '\\', 'u', '2', '0', '2', hex[r&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	return append(append(b, s[start:i]...), '"')
}

const (
	digitsLast = "0123456789abcdefghijklmnopqrstuv"
	digitsMore = "wxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_"
)

// appendVarint appends n in base 32, most significant digit first: every digit but the
// last from digitsMore, the last from digitsLast.
func appendVarint(dst []byte, n int) []byte {
	if n < 32 {
		return append(dst, digitsLast[n])
	}
	var buf [13]byte
	i := len(buf) - 1
	buf[i] = digitsLast[n&31]
	for n >>= 5; n > 0; n >>= 5 {
		i--
		buf[i] = digitsMore[n&31]
	}
	return append(dst, buf[i:]...)
}

// compareJS orders strings as JavaScript's < does: by UTF-16 code units. That is the
// order of code points except that letters above U+FFFF (two units, the first from
// U+D800) sort before U+E000–U+FFFF.
func compareJS(a, b string) int {
	for a != "" && b != "" {
		ra, na := utf8.DecodeRuneInString(a)
		rb, nb := utf8.DecodeRuneInString(b)
		if ra != rb {
			return cmp.Compare(utf16Unit(ra), utf16Unit(rb))
		}
		a, b = a[na:], b[nb:]
	}
	return cmp.Compare(len(a), len(b))
}

// utf16Unit is the first UTF-16 unit of r, with r itself added below, so that runes
// with the same first unit still compare in order.
func utf16Unit(r rune) int64 {
	if r >= 0x10000 {
		hi, _ := utf16.EncodeRune(r)
		return int64(hi)<<21 | int64(r)
	}
	return int64(r) << 21
}
