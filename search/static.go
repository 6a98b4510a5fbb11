package search

import (
	"bytes"
	"cmp"
	"context"
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
//	search/f/N.js        a page's title, URL, workplace and text, for showing a result
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

// Output receives the files of the static index.
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
	var st StaticStats
	var mu sync.Mutex
	write := func(name string, data []byte) error {
		mu.Lock()
		st.Files++
		st.Bytes += int64(len(data))
		mu.Unlock()
		return out.WriteFile(StaticDir+"/"+name, data)
	}
	ix := invert(docs, o.Language)
	keys := ix.keys()

	// Each key's postings are encoded on all cores, then laid into shards in key order.
	encoded := make([]string, len(keys))
	parallel.Do(context.Background(), len(keys), func(i int) error {
		encoded[i] = ix.encode(keys[i])
		return nil
	})
	var shardFirst []string // the shortest start of each shard's first key that sorts after the shard before
	var shard bytes.Buffer
	last := ""
	flush := func() error {
		if shard.Len() == 0 {
			return nil
		}
		shard.WriteString("})\n")
		err := write(fmt.Sprintf("shard-%d.js", len(shardFirst)-1), shard.Bytes())
		shard.Reset()
		return err
	}
	for i, k := range keys {
		key := ix.names[k]
		if shard.Len() == 0 {
			shardFirst = append(shardFirst, shortestAbove(key, last))
			fmt.Fprintf(&shard, "HandbokSearch.shard(%d,{", len(shardFirst)-1)
		} else {
			shard.WriteByte(',')
		}
		last = key
		name, _ := json.Marshal(key)
		shard.Write(name)
		shard.WriteString(`:"`)
		shard.WriteString(encoded[i])
		shard.WriteByte('"')
		if shard.Len() >= o.ShardSize {
			if err := flush(); err != nil {
				return st, err
			}
		}
	}
	if err := flush(); err != nil {
		return st, err
	}
	st.Keys, st.Shards = len(keys), len(shardFirst)

	if err := writeDocs(docs, o, write); err != nil {
		return st, err
	}
	manifest, err := json.Marshal(map[string]any{
		"version": 1, "lang": lang(o.Language), "pages": len(docs),
		"shards": shardFirst, "workplaces": workplaces(docs), "text": o.Text,
	})
	if err != nil {
		return st, err
	}
	return st, write("index.js", []byte("HandbokSearch.manifest("+string(manifest)+")\n"))
}

// posting is a page under a key, with how often the key's word occurs in each field
// (up to 255: BM25 has long stopped growing by then, and small postings keep a large
// handbook's index in less memory).
type posting struct {
	doc int32
	tf  [3]uint8
}

// inverted is the inverted index of the pages: for each key, its postings in page order,
// all in one array (postings[start[k]:start[k+1]]).
type inverted struct {
	names    []string
	start    []int
	postings []posting
	lengths  [][3]int32 // words per field per page
	avg      [3]float64
	pages    int
}

// docTerms is what one page holds: its keys, by the id they have in the dictionary of
// the worker that read the page, and their counts.
type docTerms struct {
	worker int
	ids    []int32
	tf     [][3]uint8
	length [3]int32
}

// reader counts the keys of pages; each worker has its own, so the counting needs no locks.
type reader struct {
	sc      scanner
	dict    map[string]int32
	names   []string
	counts  [][3]uint8
	touched []int32
	key     []byte
	// words remembers the keys of each word seen (folded, stem, exact), so that a word
	// that comes again is folded, stemmed and looked up once; a stop word has none.
	words map[string]*[3]int32
}

func (r *reader) id(key []byte) int32 {
	if id, ok := r.dict[string(key)]; ok {
		return id
	}
	id := int32(len(r.names))
	name := string(key)
	r.dict[name] = id
	r.names = append(r.names, name)
	r.counts = append(r.counts, [3]uint8{})
	return id
}

func (r *reader) count(id int32, field int) {
	c := &r.counts[id]
	if *c == ([3]uint8{}) {
		r.touched = append(r.touched, id)
	}
	if c[field] < 255 {
		c[field]++
	}
}

func (r *reader) read(d *Document) docTerms {
	var t docTerms
	for f, text := range d.fields() {
		r.sc.scan(text, func(_, _ int) {
			ids, seen := r.words[string(r.sc.exact)]
			if !seen {
				if !r.sc.forms() {
					ids = &[3]int32{r.id(r.sc.fold)}
					r.key = append(append(r.key[:0], r.sc.stem...), stemMark)
					ids[1] = r.id(r.key)
					r.key = append(append(append(r.key[:0], r.sc.fold...), exactMark), r.sc.exact...)
					ids[2] = r.id(r.key)
				}
				r.words[string(r.sc.exact)] = ids
			}
			if ids == nil {
				return // a stop word
			}
			t.length[f]++
			for _, id := range ids {
				r.count(id, f)
			}
		})
	}
	t.ids = make([]int32, len(r.touched))
	t.tf = make([][3]uint8, len(r.touched))
	for i, id := range r.touched {
		t.ids[i], t.tf[i] = id, r.counts[id]
		r.counts[id] = [3]uint8{}
	}
	r.touched = r.touched[:0]
	return t
}

// invert reads the pages on all cores and builds the inverted index.
func invert(docs []Document, lang Language) *inverted {
	workers := runtime.GOMAXPROCS(0)
	readers := make([]*reader, workers)
	terms := make([]docTerms, len(docs))
	var wg sync.WaitGroup
	for w := range workers {
		readers[w] = &reader{sc: scanner{lang: lang}, dict: map[string]int32{}, words: map[string]*[3]int32{}}
		wg.Go(func() {
			for i := w; i < len(docs); i += workers {
				terms[i] = readers[w].read(&docs[i])
				terms[i].worker = w
			}
		})
	}
	wg.Wait()

	// One dictionary for all: each worker's ids are mapped to global ones.
	ix := &inverted{pages: len(docs)}
	global := map[string]int32{}
	toGlobal := make([][]int32, workers)
	for w, r := range readers {
		toGlobal[w] = make([]int32, len(r.names))
		for local, name := range r.names {
			g, ok := global[name]
			if !ok {
				g = int32(len(ix.names))
				global[name] = g
				ix.names = append(ix.names, name)
			}
			toGlobal[w][local] = g
		}
	}
	df := make([]int, len(ix.names)+1)
	var total [3]float64
	ix.lengths = make([][3]int32, len(docs))
	for i, t := range terms {
		for _, id := range t.ids {
			df[toGlobal[t.worker][id]]++
		}
		ix.lengths[i] = t.length
		for f := range 3 {
			total[f] += float64(t.length[f])
		}
	}
	ix.start = make([]int, len(ix.names)+1)
	for k := range ix.names {
		ix.start[k+1] = ix.start[k] + df[k]
	}
	ix.postings = make([]posting, ix.start[len(ix.names)])
	next := slices.Clone(ix.start[:len(ix.names)])
	for i, t := range terms {
		for j, id := range t.ids {
			g := toGlobal[t.worker][id]
			ix.postings[next[g]] = posting{doc: int32(i), tf: t.tf[j]}
			next[g]++
		}
		terms[i] = docTerms{} // let the page's counts go
	}
	for f := range 3 {
		ix.avg[f] = max(total[f]/max(float64(len(docs)), 1), 1)
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
			if f, ok := byName[folded]; ok && ix.df(f) == ix.df(int32(k)) {
				continue
			}
		}
		out = append(out, int32(k))
	}
	slices.SortFunc(out, func(a, b int32) int { return compareJS(ix.names[a], ix.names[b]) })
	return out
}

func (ix *inverted) df(k int32) int { return ix.start[k+1] - ix.start[k] }

// encode writes the postings of key k as base-32 varints: the gap to each page and the
// page's impact, a BM25 score with field weights and the key's idf.
func (ix *inverted) encode(k int32) string {
	list := ix.postings[ix.start[k]:ix.start[k+1]]
	n := float64(ix.pages)
	idf := math.Log(1 + (n-float64(len(list))+0.5)/(float64(len(list))+0.5))
	b := make([]byte, 0, len(list)*3)
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
	return string(b)
}

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
func workplaces(docs []Document) [][2]string {
	seen := map[string]string{}
	for _, d := range docs {
		if d.Workplace != "" {
			seen[d.Workplace] = d.WorkplaceTitle
		}
	}
	out := make([][2]string, 0, len(seen))
	for slug, title := range seen {
		out = append(out, [2]string{slug, title})
	}
	slices.SortFunc(out, func(a, b [2]string) int { return compareJS(a[0], b[0]) })
	return out
}

// writeDocs writes the per-page files: the filter table and one fragment per page.
func writeDocs(docs []Document, o StaticOptions, write func(string, []byte) error) error {
	wps := workplaces(docs)
	wpIndex := map[string]int{"": 0}
	for i, w := range wps {
		wpIndex[w[0]] = i + 1
	}
	kinds := []string{"page", "policy", "checklist", "workplace"}
	var table bytes.Buffer
	for _, d := range docs {
		k := max(0, slices.Index(kinds, d.Kind))
		table.Write(appendVarint(nil, wpIndex[d.Workplace]*len(kinds)+k))
	}
	filters, err := json.Marshal(map[string]any{"kinds": kinds, "table": table.String()})
	if err != nil {
		return err
	}
	if err := write("docs.js", []byte("HandbokSearch.docs("+string(filters)+")\n")); err != nil {
		return err
	}
	return parallel.Do(context.Background(), len(docs), func(i int) error {
		d := &docs[i]
		text := d.Body
		for i, runes := 0, 0; i < len(text); runes++ {
			if runes == o.TextLimit {
				text = text[:i]
				break
			}
			_, n := utf8.DecodeRuneInString(text[i:])
			i += n
		}
		frag, err := json.Marshal(map[string]string{
			"t": d.Title, "u": d.URL, "w": d.WorkplaceTitle, "k": d.Kind, "h": d.Headings, "x": text,
		})
		if err != nil {
			return err
		}
		return write("f/"+strconv.Itoa(i)+".js", []byte("HandbokSearch.page("+strconv.Itoa(i)+","+string(frag)+")\n"))
	})
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
