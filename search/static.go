package search

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"unicode/utf16"
)

// The static index is what the browser searches, written into public/search/ as classic
// scripts that call HandbokSearch with their data, since a page opened from disk may load
// scripts but not fetch files:
//
//	search/index.js      the manifest: the first key of each shard, the workplaces, sizes
//	search/shard-N.js    keys and their postings, a slice of the sorted keys each
//	search/docs.js       each page's workplace and kind, for filters (loaded when used)
//	search/f/N.js        a page's title, URL, workplace and text, for showing a result
//
// A key is a word's folded form ("thagnarskylda"), its stem after "~" ("~thagnarskyld"),
// or its exact form after "=" ("=þagnarskylda"). An exact key is kept only when its pages
// differ from its folded key's ("=lög" beside "log"): when they are the same, every page
// under the folded key has the exact form, and the browser reads it so. Keys are sorted in
// JavaScript's string order, so that a prefix is a range and a key's shard is found by
// binary search. A posting list is a string of base-32 varints: for each page, the gap
// from the previous page number and the page's impact for that key, a BM25 score with
// field weights and idf already applied, so that the browser needs no per-page lengths.

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
}

// DefaultStaticOptions are the sizes the benchmarks settled on.
var DefaultStaticOptions = StaticOptions{ShardSize: 12 << 10, TextLimit: 6000}

// StaticStats says what WriteStatic wrote.
type StaticStats struct {
	Keys, Shards, Files int
	Bytes               int64
}

type posting struct {
	doc    int
	impact int
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
	write := func(name string, data []byte) error {
		st.Files++
		st.Bytes += int64(len(data))
		return out.WriteFile(StaticDir+"/"+name, data)
	}

	// Term frequencies per key, field and page; field lengths for BM25.
	type counts struct{ tf [3]int }
	freq := map[string]map[int]*counts{}
	var lengths [][3]int
	var total [3]float64
	for i := range docs {
		var lens [3]int
		for f, text := range docs[i].fields() {
			tokens := Analyze(text, o.Language)
			lens[f] = len(tokens)
			total[f] += float64(len(tokens))
			for _, tk := range tokens {
				for _, key := range keysOf(tk) {
					m := freq[key]
					if m == nil {
						m = map[int]*counts{}
						freq[key] = m
					}
					c := m[i]
					if c == nil {
						c = &counts{}
						m[i] = c
					}
					c.tf[f]++
				}
			}
		}
		lengths = append(lengths, lens)
	}
	n := float64(len(docs))
	var avg [3]float64
	for f := range avg {
		avg[f] = max(total[f]/max(n, 1), 1)
	}

	// Drop exact keys with the same pages as their folded key.
	for k, m := range freq {
		if k[0] != '=' {
			continue
		}
		if folded := freq[Fold(k[1:])]; len(folded) == len(m) {
			delete(freq, k)
		}
	}
	keys := make([]string, 0, len(freq))
	for k := range freq {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, compareJS)

	// Shards of about o.ShardSize bytes each, split between keys.
	var shardFirst []string
	var shard bytes.Buffer
	shardNo := 0
	flush := func() error {
		if shard.Len() == 0 {
			return nil
		}
		shard.WriteString("})\n")
		err := write(fmt.Sprintf("shard-%d.js", shardNo), shard.Bytes())
		shard.Reset()
		shardNo++
		return err
	}
	var list []posting
	for _, key := range keys {
		m := freq[key]
		idf := math.Log(1 + (n-float64(len(m))+0.5)/(float64(len(m))+0.5))
		list = list[:0]
		for doc, c := range m {
			w := 0.0
			for f := range 3 {
				if c.tf[f] > 0 {
					norm := 1 - bm25B + bm25B*float64(lengths[doc][f])/avg[f]
					w += fieldWeights[f] * float64(c.tf[f]) / norm
				}
			}
			score := idf * w * (bm25K1 + 1) / (w + bm25K1)
			list = append(list, posting{doc: doc, impact: max(1, int(math.Round(score*impactScale)))})
		}
		slices.SortFunc(list, func(a, b posting) int { return a.doc - b.doc })
		if shard.Len() == 0 {
			shardFirst = append(shardFirst, key)
			fmt.Fprintf(&shard, "HandbokSearch.shard(%d,{", shardNo)
		} else {
			shard.WriteByte(',')
		}
		k, _ := json.Marshal(key)
		shard.Write(k)
		shard.WriteString(`:"`)
		prev := 0
		for _, p := range list {
			shard.WriteString(varint(p.doc - prev))
			shard.WriteString(varint(p.impact))
			prev = p.doc
		}
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
	st.Keys, st.Shards = len(keys), shardNo

	if err := writeDocs(docs, o, write); err != nil {
		return st, err
	}
	manifest, err := json.Marshal(map[string]any{
		"version": 1, "lang": lang(o.Language), "pages": len(docs),
		"shards": shardFirst, "workplaces": workplaces(docs),
	})
	if err != nil {
		return st, err
	}
	return st, write("index.js", []byte("HandbokSearch.manifest("+string(manifest)+")\n"))
}

func lang(l Language) string {
	if l == English {
		return "en"
	}
	return "is"
}

// keysOf returns the index keys of a token: folded, stem and exact.
func keysOf(tk Token) []string {
	return []string{tk.Fold, "~" + tk.Stem, "=" + tk.Exact}
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
		table.WriteString(varint(wpIndex[d.Workplace]*len(kinds) + k))
	}
	filters, err := json.Marshal(map[string]any{"kinds": kinds, "table": table.String()})
	if err != nil {
		return err
	}
	if err := write("docs.js", []byte("HandbokSearch.docs("+string(filters)+")\n")); err != nil {
		return err
	}
	for i, d := range docs {
		text := d.Body
		if r := []rune(text); len(r) > o.TextLimit {
			text = string(r[:o.TextLimit])
		}
		frag, err := json.Marshal(map[string]string{
			"t": d.Title, "u": d.URL, "w": d.WorkplaceTitle, "k": d.Kind, "h": d.Headings, "x": text,
		})
		if err != nil {
			return err
		}
		if err := write("f/"+strconv.Itoa(i)+".js", []byte("HandbokSearch.page("+strconv.Itoa(i)+","+string(frag)+")\n")); err != nil {
			return err
		}
	}
	return nil
}

const (
	digitsLast = "0123456789abcdefghijklmnopqrstuv"
	digitsMore = "wxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_"
)

// varint writes n in base 32, most significant digit first: every digit but the last
// from digitsMore, the last from digitsLast.
func varint(n int) string {
	if n < 32 {
		return digitsLast[n : n+1]
	}
	var buf [13]byte
	i := len(buf) - 1
	buf[i] = digitsLast[n&31]
	for n >>= 5; n > 0; n >>= 5 {
		i--
		buf[i] = digitsMore[n&31]
	}
	return string(buf[i:])
}

// compareJS orders strings as JavaScript's < does: by UTF-16 code units.
func compareJS(a, b string) int {
	ua, ub := utf16.Encode([]rune(a)), utf16.Encode([]rune(b))
	return slices.Compare(ua, ub)
}
