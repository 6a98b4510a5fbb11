package render

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"sync"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"

	"github.com/handbok/handbok/internal/parallel"
	"github.com/handbok/handbok/internal/site"
	"github.com/handbok/handbok/search"
)

// searchDocument is what search indexes of a page: its headings and the rest of its text
// as plain text, one block a line, and all of it in reading order for snippets.
func searchDocument(doc *document) search.Document {
	pg := doc.page
	var headings []byte
	// The texts are put together in buffers kept from page to page, and copied into the
	// document's strings once, at the end.
	bufs := textBufs.Get().(*[2][]byte)
	defer textBufs.Put(bufs)
	body := append(append(bufs[0][:0], pg.Description...), '\n')
	all := append(bufs[1][:0], body...)
	_ = ast.Walk(doc.root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		// Each block goes into the text in reading order, and into the headings or the
		// body, which search weighs differently.
		start, to := len(all), &body
		switch n.(type) {
		case *ast.Heading:
			all, to = append(appendNodeText(all, n, doc.source), '\n'), &headings
		case *ast.Paragraph, *ast.TextBlock, *east.TableCell:
			all = append(appendNodeText(all, n, doc.source), '\n')
		case *ast.FencedCodeBlock, *ast.CodeBlock:
			lines := n.Lines()
			for i := range lines.Len() {
				seg := lines.At(i)
				all = append(all, seg.Value(doc.source)...)
			}
		default:
			return ast.WalkContinue, nil
		}
		*to = append(*to, all[start:]...)
		return ast.WalkSkipChildren, nil
	})
	if pg.Checklist != nil {
		for _, it := range pg.Checklist.Items {
			body = append(append(body, it.Task...), '\n')
			all = append(append(all, it.Task...), '\n')
		}
	}
	bufs[0], bufs[1] = body, all
	d := search.Document{
		ID: pg.ID, URL: pg.URL, Title: pg.Title, Headings: string(headings),
		Body: string(bytes.TrimSpace(body)), Text: string(bytes.TrimSpace(all)),
		Tags: pg.Tags, Kind: string(pg.Kind),
	}
	if w := pg.Workplace; w != nil {
		d.Workplace, d.WorkplaceTitle = w.Slug, w.Title
	}
	return d
}

var textBufs = sync.Pool{New: func() any { return new([2][]byte) }}

// searchable reports whether a page goes into the search index: generated folder lists
// have no text of their own.
func searchable(pg *site.Page) bool { return pg.Kind != site.KindSection }

// SearchDocuments makes the search documents of the given pages of s, whose project
// folder is fsys, reading only those pages' Markdown; the bleve index uses it to update
// what changed. A page whose Markdown cannot be read as it was loaded (a file that could
// not be decoded, or one changed since) is left out, so that an index does not record it
// and takes it up again the next time.
func SearchDocuments(s *site.Site, fsys fs.FS, pages []*site.Page) []search.Document {
	md := newMarkdown(s.Config.Markdown.RawHTML)
	docs := make([]search.Document, len(pages))
	read := make([]bool, len(pages))
	parallel.Do(context.Background(), len(pages), func(i int) error {
		if body, err := pages[i].ReadBody(fsys); err == nil {
			docs[i], read[i] = searchDocument(parse(md, pages[i], body)), true
		}
		return nil
	})
	out := docs[:0]
	for i, d := range docs {
		if read[i] {
			out = append(out, d)
		}
	}
	return out
}

// SearchHashes returns, for every page that search indexes, a hash of everything its
// search document is made from, by page id: an unchanged hash needs no reindexing.
func SearchHashes(s *site.Site) map[string]string {
	out := make(map[string]string, len(s.Pages))
	for _, pg := range s.Pages {
		if !searchable(pg) {
			continue
		}
		h := sha256.New()
		field := func(v string) {
			h.Write([]byte(v))
			h.Write([]byte{0})
		}
		field(pg.FileHash()) // the description, tags, items and text are in the file
		field(pg.Title)      // which may also come from the folder or handbok.yaml
		field(pg.URL)
		field(string(pg.Kind))
		if w := pg.Workplace; w != nil {
			field(w.Slug)
			field(w.Title)
		}
		out[pg.ID] = hex.EncodeToString(h.Sum(nil)[:12])
	}
	return out
}
