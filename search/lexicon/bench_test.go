package lexicon

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"sync"
	"testing"
	"time"
)

// Synthetic BÍN: as many lemmas and lines as the real one (some 300,000 lemmas and 6.5
// million lines), made up, so that no data from BÍN is needed to measure.
const (
	benchLemmas = 300_000
	benchForms  = 22 // lines a lemma: 6.6 million in all
	benchWords  = 20_000
)

var benchEndings = [benchForms]string{"ur", "", "i", "s", "urinn", "inn", "inum", "sins", "ar", "a", "um", "a",
	"arnir", "ana", "unum", "anna", "legur", "lega", "legri", "legan", "anda", "aði"}

// benchStem is lemma i's made-up stem, of three syllables or more, some with
// Icelandic letters; no two lemmas have the same.
func benchStem(i int) string {
	on, vo := []rune("bdfghklmnprstvþ"), []rune("aeiouáéíóúæö")
	var s []rune
	for n, k := i, 0; k < 3 || n > 0; n, k = n/(len(on)*len(vo)), k+1 {
		syl := n % (len(on) * len(vo))
		s = append(s, on[syl%len(on)], vo[syl/len(on)])
	}
	return string(s)
}

// writeBench writes the synthetic file: each lemma's lines together as in BÍN, or
// scattered (every lemma's first form, then every lemma's second…), the worst order.
func writeBench(b *testing.B, scattered bool) string {
	b.Helper()
	p := filepath.Join(b.TempDir(), "SHsnid.csv")
	f, err := os.Create(p)
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	line := func(i, j int) {
		class, domain := [4]string{"kk", "kvk", "hk", "lo"}[i%4], "alm"
		if i%50 == 0 {
			domain = "ism"
		}
		stem := benchStem(i)
		fmt.Fprintf(w, "%s%s;%d;%s;%s;%s%s;NFET%d\n", stem, benchEndings[0], i+1, class, domain, stem, benchEndings[j], j)
	}
	if scattered {
		for j := range benchForms {
			for i := range benchLemmas {
				line(i, j)
			}
		}
	} else {
		for i := range benchLemmas {
			for j := range benchForms {
				line(i, j)
			}
		}
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	if err := f.Close(); err != nil {
		b.Fatal(err)
	}
	return p
}

// benchHandbookWords are the words of a large handbook: one form each of every
// fifteenth lemma, and words the lexicon does not have.
func benchHandbookWords() map[string]bool {
	words := map[string]bool{}
	for i := 0; len(words) < benchWords; i += 15 {
		words[benchStem(i)+benchEndings[i%benchForms]] = true
		words[fmt.Sprintf("orð%d", i)] = true
	}
	return words
}

// BenchmarkForms reads a file of BÍN's size, its lemmas' lines together as in BÍN (one
// pass) and scattered (a second pass for every lemma the handbook needs), and reports
// the processor time (the wall time is the machine's load's as much as the
// reader's) and the peak of the heap while it reads.
//
//	go test -run '^$' -bench Forms -benchtime 3x ./search/lexicon
func BenchmarkForms(b *testing.B) {
	for _, scattered := range []bool{false, true} {
		name := "together"
		if scattered {
			name = "scattered"
		}
		b.Run(name, func(b *testing.B) {
			path := writeBench(b, scattered)
			fi, _ := os.Stat(path)
			words := benchHandbookWords()
			runtime.GC()
			peak := watchHeap()
			cpu := cpuTime()
			var got map[string][]string
			for b.Loop() {
				var err error
				if got, err = Forms(path, words); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric((cpuTime()-cpu).Seconds()/float64(b.N), "cpu-s/op")
			b.ReportMetric(float64(peak()>>20), "peak-heap-MiB")
			b.ReportMetric(float64(fi.Size()>>20), "file-MiB")
			b.ReportMetric(float64(len(got)), "words-given")
		})
	}
}

// watchHeap samples the live heap until the returned function is called, which gives
// the highest it saw.
func watchHeap() func() uint64 {
	var mu sync.Mutex
	var peak uint64
	done := make(chan struct{})
	stopped := make(chan struct{})
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	go func() {
		defer close(stopped)
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		for {
			metrics.Read(sample)
			mu.Lock()
			peak = max(peak, sample[0].Value.Uint64())
			mu.Unlock()
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	}()
	return func() uint64 {
		close(done)
		<-stopped
		mu.Lock()
		defer mu.Unlock()
		return peak
	}
}
