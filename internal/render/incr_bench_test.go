package render

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/handbok/handbok/internal/corpus"
	"github.com/handbok/handbok/internal/site"
	"github.com/handbok/handbok/themes"
)

// BenchmarkRebuildOneChange loads and renders a corpus again after one page's text
// changed, with a warm file cache and the memory of the build before: what handbok serve
// does after an edit, up to the reload event. The corpus is a copy of
// $HANDBOK_BENCH_CORPUS, or a generated one of $HANDBOK_BENCH_PAGES pages (1,000).
func BenchmarkRebuildOneChange(b *testing.B) {
	dir := filepath.Join(b.TempDir(), "c")
	if src := os.Getenv("HANDBOK_BENCH_CORPUS"); src != "" {
		if err := os.CopyFS(dir, os.DirFS(src)); err != nil {
			b.Fatal(err)
		}
	} else {
		pages := 1000
		if n, err := parsePositive(os.Getenv("HANDBOK_BENCH_PAGES")); err == nil {
			pages = n
		}
		if _, err := corpus.Write(dir, corpus.OptionsFor(pages, 1)); err != nil {
			b.Fatal(err)
		}
	}
	fsys := os.DirFS(dir)
	cache, mem := site.NewCache(), NewMemory()
	mem.SearchLater = true // as handbok serve does: the index is written after the reload
	s, _ := site.LoadCached(fsys, "bench", cache)
	if _, _, err := RenderWith(context.Background(), s, fsys, themes.Default(), Discard{}, mem); err != nil {
		b.Fatal(err)
	}
	mem.Keep()
	page := s.Pages[len(s.Pages)/2].Path
	original, err := os.ReadFile(filepath.Join(dir, page))
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		b.StopTimer()
		if err := os.WriteFile(filepath.Join(dir, page), append(original, byte('a'+i%26)), 0o644); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		cache.Touched([]string{page})
		s, _ := site.LoadCached(fsys, "bench", cache)
		st, _, err := RenderWith(context.Background(), s, fsys, themes.Default(), Discard{}, mem)
		if err != nil {
			b.Fatal(err)
		}
		if st.Rendered != 1 {
			b.Fatalf("rendered %d pages", st.Rendered)
		}
		mem.Keep()
	}
}
