package render

import (
	"context"
	"os"
	"testing"

	"github.com/handbok/handbok/themes"
)

// BenchmarkRenderOneChange renders a corpus again after one page's text changed, with
// the memory of the build before: what handbok serve does after an edit.
func BenchmarkRenderOneChange(b *testing.B) {
	s, dir := benchSite(b)
	mem := NewMemory()
	mem.SearchLater = true // as handbok serve does: the index is written after the reload
	if _, _, err := RenderWith(context.Background(), s, os.DirFS(dir), themes.Default(), Discard{}, mem); err != nil {
		b.Fatal(err)
	}
	mem.Keep()
	pg := s.Pages[len(s.Pages)/2]
	body := pg.Body
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		pg.Body = append(body[:len(body):len(body)], byte('a'+i%26))
		st, _, err := RenderWith(context.Background(), s, os.DirFS(dir), themes.Default(), Discard{}, mem)
		if err != nil {
			b.Fatal(err)
		}
		if st.Rendered != 1 {
			b.Fatalf("rendered %d pages", st.Rendered)
		}
		mem.Keep()
	}
}
