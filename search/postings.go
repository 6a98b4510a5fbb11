package search

import (
	"cmp"
	"context"
	"encoding/binary"
	"math"
	"slices"
	"strings"
	"sync"

	"github.com/handbok/handbok/internal/parallel"
)

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
	// familyDF is, for a folded or exact key, the pages of its stem key: the forms of
	// a word share the idf of the word (see familyDFs).
	familyDF []int32
	// sources are the exact keys whose postings make each part key's (see addParts);
	// kept are those keys, whose postings encode must not let go of.
	sources map[int32][]int32
	kept    map[int32]bool
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
				g = ix.newKey(name)
				global[name] = g
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

// newKey adds a key that no reader has yet, and returns its id.
func (ix *inverted) newKey(name string) int32 {
	k := int32(len(ix.names))
	ix.names = append(ix.names, name)
	ix.df = append(ix.df, 0)
	for v := range ix.local {
		ix.local[v] = append(ix.local[v], -1)
	}
	return k
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

const (
	bm25K1 = 1.2
	bm25B  = 0.75
	// impactScale turns scores into small whole numbers; most fit one base-32 digit.
	impactScale = 4.0
)

// encode writes the postings of key k as base-32 varints: the gap to each page and the
// page's impact, a BM25 score with field weights and the key's idf.
func (ix *inverted) encode(k int32) string {
	sc := encodeScratches.Get().(*encodeScratch)
	defer encodeScratches.Put(sc)
	// Each reader's postings are in page order but for the few pages that reached it
	// late; those of the readers are merged one after another.
	sc.list = sc.list[:0]
	if ix.sources[k] != nil {
		sc.list = ix.partPostings(sc.list, k)
	}
	for w, r := range ix.readers {
		if local := ix.local[w][k]; local >= 0 {
			sc.run = readPostings(sc.run[:0], r.lists[local])
			if !ix.kept[k] {
				r.lists[local] = nil
			}
			sc.merged = mergePostings(sc.merged[:0], sc.list, sc.run)
			sc.list, sc.merged = sc.merged, sc.list
		}
	}
	list := sc.list
	n := float64(ix.pages)
	df := float64(len(list))
	if int(k) < len(ix.familyDF) && ix.familyDF[k] > 0 {
		df = float64(ix.familyDF[k])
	}
	idf := math.Log(1 + (n-df+0.5)/(df+0.5))
	b := sc.out[:0]
	prev := int32(0)
	for _, p := range list {
		w := 0.0
		for f := range 3 {
			if p.tf[f] > 0 {
				norm := 1 - bm25B + bm25B*float64(ix.lengths[p.doc][f])/ix.avg[f]
				w += fieldWeights[f] * float64(p.tf[f]) / norm
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

// familyDFs sets familyDF: each folded and exact key gets the pages of its word's stem
// key, so that a rare form of a common word ("slysum" beside "slys") does not outweigh
// the word itself in a title; the weights of the forms (exact over folded over stemmed)
// still rank a form as typed first. A folded key has the most pages of the stems of its
// exact forms.
func (ix *inverted) familyDFs(lang Language) {
	byName := make(map[string]int32, len(ix.names))
	for k, name := range ix.names {
		byName[name] = int32(k)
	}
	ix.familyDF = make([]int32, len(ix.names))
	for k, name := range ix.names {
		fold, exact, ok := strings.Cut(name, string(exactMark))
		if !ok {
			continue
		}
		st, ok := byName[Stem(exact, lang)+string(stemMark)]
		if !ok {
			continue
		}
		df := ix.df[st]
		ix.familyDF[k] = df
		if f, ok := byName[fold]; ok && df > ix.familyDF[f] {
			ix.familyDF[f] = df
		}
	}
}
