package render

import (
	"strings"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"

	"github.com/handbok/handbok/internal/site"
	"github.com/handbok/handbok/search"
)

// searchDocument is what search indexes of a page: its headings and the rest of its text
// as plain text, one block a line.
func searchDocument(doc *document) search.Document {
	pg := doc.page
	var headings, body strings.Builder
	_ = ast.Walk(doc.root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n.(type) {
		case *ast.Heading:
			headings.Write(nodeText(n, doc.source))
			headings.WriteByte('\n')
			return ast.WalkSkipChildren, nil
		case *ast.Paragraph, *ast.TextBlock, *east.TableCell:
			body.Write(nodeText(n, doc.source))
			body.WriteByte('\n')
			return ast.WalkSkipChildren, nil
		case *ast.FencedCodeBlock, *ast.CodeBlock:
			lines := n.Lines()
			for i := range lines.Len() {
				seg := lines.At(i)
				body.Write(seg.Value(doc.source))
			}
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	if pg.Checklist != nil {
		for _, it := range pg.Checklist.Items {
			body.WriteString(it.Task)
			body.WriteByte('\n')
		}
	}
	d := search.Document{
		URL: pg.URL, Title: pg.Title, Headings: headings.String(),
		Body: strings.TrimSpace(pg.Description + "\n" + body.String()),
		Tags: pg.Tags, Kind: string(pg.Kind),
	}
	if w := pg.Workplace; w != nil {
		d.Workplace, d.WorkplaceTitle = w.Slug, w.Title
	}
	return d
}

// searchable reports whether a page goes into the search index: generated folder lists
// have no text of their own.
func searchable(pg *site.Page) bool { return pg.Kind != site.KindSection }
