package site

import (
	"os"
	"testing"
)

// BenchmarkLoadCached loads $HANDBOK_BENCH_CORPUS again with a warm cache, as handbok
// serve does after an edit.
func BenchmarkLoadCached(b *testing.B) {
	dir := os.Getenv("HANDBOK_BENCH_CORPUS")
	if dir == "" {
		b.Skip("set HANDBOK_BENCH_CORPUS to a generated corpus (go run ./cmd/handbok-corpus)")
	}
	cache := NewCache()
	LoadCached(os.DirFS(dir), "bench", cache)
	var page string
	for p := range cache.walk.stats {
		page = p
		break
	}
	b.ResetTimer()
	for b.Loop() {
		cache.Touched([]string{page}) // as handbok serve does after an edit
		LoadCached(os.DirFS(dir), "bench", cache)
	}
}

// BenchmarkLoad loads $HANDBOK_BENCH_CORPUS from scratch, as handbok build does.
func BenchmarkLoad(b *testing.B) {
	dir := os.Getenv("HANDBOK_BENCH_CORPUS")
	if dir == "" {
		b.Skip("set HANDBOK_BENCH_CORPUS to a generated corpus (go run ./cmd/handbok-corpus)")
	}
	for b.Loop() {
		Load(os.DirFS(dir), "bench")
	}
}
