package bleveindex

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/handbok/handbok/internal/corpus"
	"github.com/handbok/handbok/internal/render"
	"github.com/handbok/handbok/internal/site"
	"github.com/handbok/handbok/search"
)

// benchDocs returns the search documents of the corpus in $HANDBOK_BENCH_CORPUS, or of
// one generated with $HANDBOK_BENCH_PAGES pages (1,000 by default).
func benchDocs(b *testing.B) []search.Document {
	b.Helper()
	dir := os.Getenv("HANDBOK_BENCH_CORPUS")
	if dir == "" {
		dir = filepath.Join(b.TempDir(), "corpus")
		pages, err := strconv.Atoi(os.Getenv("HANDBOK_BENCH_PAGES"))
		if err != nil || pages < 1 {
			pages = 1000
		}
		if _, err := corpus.Write(dir, corpus.OptionsFor(pages, 1)); err != nil {
			b.Fatal(err)
		}
	}
	s, diags := site.Load(os.DirFS(dir), "bench")
	if diags.Count(site.Error) > 0 {
		b.Fatal(diags)
	}
	all := render.SearchDocuments(s, os.DirFS(dir), s.Pages)
	var docs []search.Document
	for _, d := range all {
		if d.Kind != string(site.KindSection) {
			docs = append(docs, d)
		}
	}
	return docs
}

// BenchmarkBleveIndex indexes a corpus from nothing into the bleve index behind handbok
// search and the server (what a first `handbok search` does; later ones index only
// what changed).
func BenchmarkBleveIndex(b *testing.B) {
	docs := benchDocs(b)
	hashes := map[string]string{}
	for _, d := range docs {
		hashes[d.ID] = "1"
	}
	b.ResetTimer()
	for b.Loop() {
		idx, err := Open(context.Background(), filepath.Join(b.TempDir(), "idx"), search.Icelandic, Options{})
		if err != nil {
			b.Fatal(err)
		}
		if err := idx.Update(docs, hashes, nil); err != nil {
			b.Fatal(err)
		}
		idx.Close()
	}
}

// BenchmarkBleveQuery runs one-word and two-word queries on the bleve index of a corpus.
func BenchmarkBleveQuery(b *testing.B) {
	docs := benchDocs(b)
	hashes := map[string]string{}
	for _, d := range docs {
		hashes[d.ID] = "1"
	}
	idx, err := Open(context.Background(), filepath.Join(b.TempDir(), "idx"), search.Icelandic, Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer idx.Close()
	if err := idx.Update(docs, hashes, nil); err != nil {
		b.Fatal(err)
	}
	queries := []string{"veikindi", "ábending", "hljóðfæri", "þagnarskylda starfsmanna", "abendingum"}
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		if _, err := idx.Search(context.Background(), search.Query{Text: queries[i%len(queries)]}); err != nil {
			b.Fatal(err)
		}
	}
}
