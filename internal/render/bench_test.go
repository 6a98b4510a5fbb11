package render

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"sync/atomic"
	"testing"
	"time"

	"github.com/handbok/handbok/internal/corpus"
	"github.com/handbok/handbok/internal/site"
	"github.com/handbok/handbok/search"
	"github.com/handbok/handbok/themes"
)

// benchSite loads the corpus in $HANDBOK_BENCH_CORPUS, or generates one of
// $HANDBOK_BENCH_PAGES pages (1,000 by default).
func benchSite(b *testing.B) (*site.Site, string) {
	b.Helper()
	dir := os.Getenv("HANDBOK_BENCH_CORPUS")
	if dir == "" {
		dir = filepath.Join(b.TempDir(), "corpus")
		pages := 1000
		if n, err := parsePositive(os.Getenv("HANDBOK_BENCH_PAGES")); err == nil {
			pages = n
		}
		if _, err := corpus.Write(dir, corpus.OptionsFor(pages, 1)); err != nil {
			b.Fatal(err)
		}
	}
	s, diags := site.Load(os.DirFS(dir), "bench")
	if diags.Count(site.Error) > 0 {
		b.Fatal(diags)
	}
	return s, dir
}

func parsePositive(s string) (int, error) {
	var n int
	_, err := fmt.Sscan(s, &n)
	return n, err
}

// BenchmarkRender renders a corpus into memory: pages, assets, manifest and the static
// search index.
func BenchmarkRender(b *testing.B) {
	s, dir := benchSite(b)
	b.ResetTimer()
	for b.Loop() {
		if _, _, err := Render(context.Background(), s, os.DirFS(dir), themes.Default(), Discard{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkStaticIndex writes the static search index of a corpus. Besides time, it
// reports the most heap the index took above what the pages' text already held
// (index-peak-MB), sampled every millisecond.
func BenchmarkStaticIndex(b *testing.B) {
	docs := benchDocs(b)
	runtime.GC()
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(sample)
	base := sample[0].Value.Uint64()
	var peak atomic.Uint64
	stop := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-stop:
				return
			case <-tick.C:
				metrics.Read(s)
				if v := s[0].Value.Uint64(); v > peak.Load() {
					peak.Store(v)
				}
			}
		}
	}()
	b.ResetTimer()
	for b.Loop() {
		if _, err := search.WriteStatic(docs, search.DefaultStaticOptions, Discard{}); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	close(stop)
	<-sampled
	b.ReportMetric(float64(peak.Load()-min(base, peak.Load()))/(1<<20), "index-peak-MB")
}

func benchDocs(b *testing.B) []search.Document {
	s, dir := benchSite(b)
	all := SearchDocuments(s, os.DirFS(dir), s.Pages)
	var docs []search.Document
	for _, d := range all {
		if d.Kind != string(site.KindSection) {
			docs = append(docs, d)
		}
	}
	return docs
}

// BenchmarkTheme executes the theme's layouts alone, on one goroutine, for every page of
// a corpus whose bodies are parsed and rendered beforehand; ns/op is per page.
func BenchmarkTheme(b *testing.B) {
	s, dir := benchSite(b)
	th, err := loadTheme(themes.Default(), s.Config.Language)
	if err != nil {
		b.Fatal(err)
	}
	r := &renderer{ctx: context.Background(), site: s, project: os.DirFS(dir), theme: th,
		md: newMarkdown(false), navs: newNavCache(th, s)}
	r.orgPolicies = s.OrgPolicies()
	data := make([]*pageData, len(s.Pages))
	kinds := make([]site.Kind, len(s.Pages))
	for i, pg := range s.Pages {
		body, err := pg.ReadBody(r.project)
		if err != nil {
			b.Fatal(err)
		}
		doc := parse(r.md, pg, body)
		html, err := r.body(doc)
		if err != nil {
			b.Fatal(err)
		}
		data[i], kinds[i] = r.pageData(doc, html), r.layoutKind(pg)
	}
	var buf bytes.Buffer
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		buf.Reset()
		n := i % len(data)
		if err := r.executePage(kinds[n], data[n], &buf); err != nil {
			b.Fatal(err)
		}
	}
}
