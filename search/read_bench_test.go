package search

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// BenchmarkRead counts the words of every Markdown file of the corpus in
// $HANDBOK_BENCH_CORPUS (the files' text as the body, without parsing), as the static
// index's readers do for each page; ns/op is per page.
func BenchmarkRead(b *testing.B) {
	dir := os.Getenv("HANDBOK_BENCH_CORPUS")
	if dir == "" {
		b.Skip("HANDBOK_BENCH_CORPUS names no corpus (go run ./cmd/handbok-corpus -out DIR)")
	}
	var docs []Document
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".md") {
			data, err := os.ReadFile(p)
			if err != nil {
				b.Fatal(err)
			}
			docs = append(docs, Document{Title: filepath.Base(p), Body: string(data)})
		}
		return nil
	})
	r := &reader{sc: scanner{lang: Icelandic}, dict: map[string]int32{}, words: newWordTable()}
	var bytes int64
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		d := &docs[i%len(docs)]
		bytes += int64(len(d.Body))
		r.read(d, int32(i))
		if len(r.log) > 64 {
			r.log = r.log[:0] // keep the log from growing without end
		}
	}
	b.SetBytes(bytes / int64(b.N))
}
