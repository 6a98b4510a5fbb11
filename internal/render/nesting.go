package render

import (
	"fmt"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	gmrenderer "github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/handbok/handbok/internal/site"
)

// maxNesting is how deep lists, block quotes and footnotes may be nested in a page.
//
// goldmark goes through every open block for each line, and keeps each line's place in
// every one of them, so a page nested n deep costs about n times its length in time and
// memory. With the limit a line costs at most maxNesting blocks, and the time stays
// linear in the page's length. No handbook needs more: a list nested that deep is far
// past what a screen can show.
const maxNesting = 32

// tooDeep is where in the body the first block that would have gone past maxNesting
// starts, an int, in the parser's context.
var tooDeep = parser.NewContextKey()

// nestingLimit is a parser of blocks that hold blocks (a list, a block quote or a
// footnote) that opens none deeper than maxNesting: what would be deeper stays in the
// block around it, as text, and parse warns where it starts.
type nestingLimit struct{ parser.BlockParser }

// Open implements parser.BlockParser. The block is opened and then given up if it is
// too deep, so that a line that opens nothing is not reported; giving it up puts the
// reader back where it was.
func (b nestingLimit) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	line, seg := reader.Position()
	node, state := b.BlockParser.Open(parent, reader, pc)
	if node == nil || nesting(parent) < maxNesting {
		return node, state
	}
	reader.SetPosition(line, seg)
	if pc.Get(tooDeep) == nil {
		pc.Set(tooDeep, seg.Start+max(pc.BlockOffset(), 0))
	}
	return nil, parser.NoChildren
}

// nesting is how many lists, block quotes and footnotes n is in, itself included. It
// climbs at most twice maxNesting blocks: a list's items sit between its lists.
func nesting(n ast.Node) int {
	depth := 0
	for ; n != nil; n = n.Parent() {
		switch n.Kind() {
		case ast.KindList, ast.KindBlockquote, east.KindFootnote:
			depth++
		}
	}
	return depth
}

// limitedParser is goldmark's parser with its lists and block quotes under maxNesting
// (a list item opens only in a list).
func limitedParser() parser.Parser {
	blocks := parser.DefaultBlockParsers()
	for i, b := range blocks {
		switch b.Value {
		case parser.NewListParser(), parser.NewBlockquoteParser():
			blocks[i].Value = nestingLimit{b.Value.(parser.BlockParser)}
		}
	}
	return parser.NewParser(parser.WithBlockParsers(blocks...),
		parser.WithInlineParsers(parser.DefaultInlineParsers()...),
		parser.WithParagraphTransformers(parser.DefaultParagraphTransformers()...))
}

// footnotes is goldmark's footnote extension, with footnotes under maxNesting.
type footnotes struct{}

// Extend implements goldmark.Extender, as extension.Footnote does.
func (footnotes) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(
		parser.WithBlockParsers(util.Prioritized(nestingLimit{extension.NewFootnoteBlockParser()}, 999)),
		parser.WithInlineParsers(util.Prioritized(extension.NewFootnoteParser(), 101)),
		parser.WithASTTransformers(util.Prioritized(extension.NewFootnoteASTTransformer(), 999)),
	)
	m.Renderer().AddOptions(gmrenderer.WithNodeRenderers(util.Prioritized(extension.NewFootnoteHTMLRenderer(), 500)))
}

// nestingWarning is the warning of a page whose parse met a block nested too deep, if
// it did.
func (d *document) nestingWarning(pc parser.Context) site.Diagnostics {
	off, ok := pc.Get(tooDeep).(int)
	if !ok {
		return nil
	}
	return site.Diagnostics{d.diagnosticAt(off, fmt.Sprintf(
		"lists, block quotes and footnotes are nested more than %d deep here: what is deeper shows as plain text; nest them less deeply", maxNesting))}
}
