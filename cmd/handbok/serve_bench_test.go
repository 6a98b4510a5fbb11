package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/handbok/handbok/internal/corpus"
)

// BenchmarkEditToReload measures, in a running handbok serve, the time from writing a
// page to the reload event that open pages get; each edit comes after the search indexes
// of the one before are written. The handbook is $HANDBOK_BENCH_CORPUS (a
// copy of it is edited), or a generated one of $HANDBOK_BENCH_PAGES pages (1,000 by
// default). It reports the median of the edits as ms/edit.
func BenchmarkEditToReload(b *testing.B) {
	dir := b.TempDir()
	if src := os.Getenv("HANDBOK_BENCH_CORPUS"); src != "" {
		if err := os.CopyFS(dir, os.DirFS(src)); err != nil {
			b.Fatal(err)
		}
	} else {
		pages := 1000
		if n, err := parsePositiveEnv("HANDBOK_BENCH_PAGES"); err == nil {
			pages = n
		}
		if _, err := corpus.Write(filepath.Join(dir, "c"), corpus.OptionsFor(pages, 1)); err != nil {
			b.Fatal(err)
		}
		dir = filepath.Join(dir, "c")
	}
	var page string
	filepath.WalkDir(filepath.Join(dir, "content"), func(p string, d os.DirEntry, err error) error {
		if page == "" && err == nil && !d.IsDir() && filepath.Ext(p) == ".md" && filepath.Base(p) != "_index.md" {
			page = p
		}
		return nil
	})
	original, err := os.ReadFile(page)
	if err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	indexed := make(chan struct{}, 1)
	done := make(chan error, 1)
	go func() {
		done <- serve(ctx, []string{"--source", dir, "--addr", "127.0.0.1:0"}, io.Discard, io.Discard, serveHooks{ready: ready, indexed: indexed})
	}()
	b.Cleanup(func() { cancel(); <-done }) // before the folder is removed

	var addr string
	select {
	case addr = <-ready:
	case <-time.After(10 * time.Minute):
		b.Fatal("serve did not start")
	}
	<-indexed // the first build's
	next := events(b, "http://"+addr)
	var took []time.Duration
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		start := time.Now()
		if err := os.WriteFile(page, append(slices.Clone(original), []byte("\n\nBreyting "+time.Now().String()+"\n")...), 0o644); err != nil {
			b.Fatal(err)
		}
		if name, _ := next(); name != "reload" {
			b.Fatalf("event %q", name)
		}
		took = append(took, time.Since(start))
		// Like a person who saves, looks and edits again, the next edit waits for the
		// search indexes that are written after the reload.
		b.StopTimer()
		<-indexed
		b.StartTimer()
	}
	b.StopTimer()
	slices.Sort(took)
	b.ReportMetric(float64(took[len(took)/2].Microseconds())/1000, "median-ms/edit")
}

func parsePositiveEnv(name string) (int, error) {
	var n int
	_, err := fmt.Sscan(os.Getenv(name), &n)
	return n, err
}
