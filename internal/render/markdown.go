package render

import (
	"bytes"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	gmrenderer "github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"

	"github.com/handbok/handbok/internal/site"
)

// markdown is the goldmark of a build: GitHub-flavoured Markdown, footnotes, and heading
// ids made by headingSlugs and cleanHeadings. Raw HTML is dropped unless the handbook allows it. It is two
// parsers, made once: GFM's autolinks (bare web and email addresses) are looked for
// at every space of a text, a fifth of the parsing time, so a page with nothing that
// could become one is parsed without them, to the same HTML but for spaces at the ends of
// lines, which it drops before a line break as CommonMark says (FuzzParseWithoutAutolinks).
type markdown struct {
	full, noAutolinks goldmark.Markdown
	reserved          []string // ids the theme gives elements of its own (theme.IDs)
}

func newMarkdown(rawHTML bool) *markdown {
	var rendererOpts []gmrenderer.Option
	if rawHTML {
		rendererOpts = append(rendererOpts, html.WithUnsafe())
	}
	build := func(autolinks bool) goldmark.Markdown {
		exts := []goldmark.Extender{
			// GFM, with table alignment as attributes: the server's Content-Security-Policy
			// forbids style attributes.
			extension.Strikethrough, extension.TaskList,
			extension.NewTable(extension.WithTableCellAlignMethod(extension.TableCellAlignAttribute)),
			footnotes{},
		}
		if autolinks {
			exts = append(exts, extension.Linkify)
		}
		return goldmark.New(
			goldmark.WithParser(limitedParser()),
			goldmark.WithExtensions(exts...),
			goldmark.WithParserOptions(parser.WithAutoHeadingID(), parser.WithHeadingAttribute()),
			goldmark.WithRendererOptions(rendererOpts...),
		)
	}
	return &markdown{full: build(true), noAutolinks: build(false)}
}

// mayAutolink reports whether body has anything GFM's autolinks start from: an @ of an
// email address, www., or an http:, https: or ftp: address.
func mayAutolink(body []byte) bool {
	if bytes.IndexByte(body, '@') >= 0 || bytes.Contains(body, []byte("www.")) {
		return true
	}
	for i := 0; ; {
		j := bytes.IndexByte(body[i:], ':')
		if j < 0 {
			return false
		}
		i += j
		before := body[:i]
		if bytes.HasSuffix(before, []byte("http")) || bytes.HasSuffix(before, []byte("https")) || bytes.HasSuffix(before, []byte("ftp")) {
			return true
		}
		i++
	}
}

// render writes the HTML of a parsed page to w.
func (m *markdown) render(w *bytes.Buffer, doc *document) error {
	return m.full.Renderer().Render(bufWriter{w}, doc.source, doc.root)
}

// bufWriter lets goldmark write straight into a buffer: given a plain writer, it puts
// a new bufio.Writer in front of it for every page.
type bufWriter struct{ *bytes.Buffer }

func (bufWriter) Flush() error    { return nil }
func (b bufWriter) Buffered() int { return b.Len() }

// Heading is an entry of a page's table of contents.
type Heading struct {
	ID    string
	Text  string
	Level int
}

// document is a parsed page body.
type document struct {
	page    *site.Page
	source  []byte
	root    ast.Node
	ids     map[string]bool // every id in the body a link may point at
	toc     []Heading       // level-2 and level-3 headings
	titleID string          // id of the first heading when it is the page title, else ""
	summary string          // the start of the first paragraph, as plain text (see summarize)
	// warnings are the page's own problems: blocks nested too deep (maxNesting)
	warnings site.Diagnostics
}

// idList returns the ids a link may point at, sorted.
func (d *document) idList() []string {
	ids := make([]string, 0, len(d.ids)+1)
	for id := range d.ids {
		ids = append(ids, id)
	}
	if d.titleID != "" {
		ids = append(ids, d.titleID)
	}
	slices.Sort(ids)
	return slices.Compact(ids)
}

// parse parses body, the Markdown of pg.
func parse(md *markdown, pg *site.Page, body []byte) *document {
	ctx := parser.NewContext(parser.WithIDs(headingSlugs{}))
	gm := md.noAutolinks
	if mayAutolink(body) {
		gm = md.full
	}
	root := gm.Parser().Parse(text.NewReader(body), parser.WithContext(ctx))
	doc := &document{page: pg, source: body, root: root, ids: map[string]bool{}}
	doc.warnings = doc.nestingWarning(ctx)
	cleanHeadings(root, newIDSet(md.reserved), doc.ids)

	// A body that starts with the page's title as a heading would show it twice: the
	// layout prints the title, so the heading goes and its id moves to the title.
	if h, ok := root.FirstChild().(*ast.Heading); ok &&
		(pg.TitleFromHeading || h.Level == 1 && string(nodeText(h, body)) == pg.Title) {
		if id, ok := h.AttributeString("id"); ok {
			doc.titleID = string(id.([]byte))
		}
		root.RemoveChild(root, h)
	}
	demoteHeadings(root)
	for n := root.FirstChild(); n != nil; n = n.NextSibling() {
		if p, ok := n.(*ast.Paragraph); ok && doc.summary == "" {
			doc.summary = summarize(nodeText(p, body))
		}
		h, ok := n.(*ast.Heading)
		if !ok || h.Level < 2 || h.Level > 3 {
			continue
		}
		if id, ok := h.AttributeString("id"); ok {
			doc.toc = append(doc.toc, Heading{ID: string(id.([]byte)), Text: string(nodeText(h, body)), Level: h.Level})
		}
	}
	return doc
}

// maxSummary is the most characters of a summary: about what search engines show of a
// page's description.
const maxSummary = 160

// summarize returns text with its spaces made single, cut after the last whole word
// that fits in maxSummary characters with "…" after it: a page's description for search
// engines and link previews when it has none of its own.
func summarize(text []byte) string {
	s := strings.Join(strings.Fields(string(text)), " ")
	if utf8.RuneCountInString(s) <= maxSummary {
		return s
	}
	cut := string([]rune(s)[:maxSummary-1]) // room for the "…"
	if i := strings.LastIndexByte(cut, ' '); i > 0 {
		cut = cut[:i]
	}
	return cut + "…"
}

// cleanHeadings keeps the attributes of every heading of the page safe and its ids
// unique: only id and class may be set by hand ({#id .class}; a style could load things
// from elsewhere), and each heading's id, its slug or the one written by hand, is
// claimed from set in the order of the page, so that a later heading, or one that
// would take an id the theme gives an element of its own (set's reserved ids, such as
// "main"), gets a number. The ids it gives are added to ids.
func cleanHeadings(root ast.Node, set *idSet, ids map[string]bool) {
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		h, ok := n.(*ast.Heading)
		if !ok {
			if c := n.FirstChild(); c != nil && c.Type() == ast.TypeInline {
				return ast.WalkSkipChildren, nil // a heading is a block
			}
			return ast.WalkContinue, nil
		}
		attrs := h.Attributes()
		h.RemoveAttributes()
		for _, a := range attrs {
			if name := string(a.Name); name == "id" || name == "class" {
				h.SetAttribute(a.Name, a.Value)
			}
		}
		if v, ok := h.AttributeString("id"); ok {
			id := set.claim(string(v.([]byte)))
			ids[id] = true
			h.SetAttributeString("id", []byte(id))
		}
		return ast.WalkSkipChildren, nil
	})
}

// demoteHeadings keeps the page's outline sound: when the body has level-1 headings of
// its own, every heading moves down a level under the page's title.
func demoteHeadings(root ast.Node) {
	demote := false
	for n := root.FirstChild(); n != nil && !demote; n = n.NextSibling() {
		h, ok := n.(*ast.Heading)
		demote = ok && h.Level == 1
	}
	if !demote {
		return
	}
	for n := root.FirstChild(); n != nil; n = n.NextSibling() {
		if h, ok := n.(*ast.Heading); ok && h.Level < 6 {
			h.Level++
		}
	}
}

// nodeText is the plain text of an inline tree.
func nodeText(n ast.Node, source []byte) []byte { return appendNodeText(nil, n, source) }

// appendNodeText appends the plain text of an inline tree to b, without the spaces it
// starts or ends with.
func appendNodeText(b []byte, n ast.Node, source []byte) []byte {
	start := len(b)
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch t := c.(type) {
		case *ast.Text:
			b = append(b, t.Value(source)...)
			if t.SoftLineBreak() || t.HardLineBreak() {
				b = append(b, ' ')
			}
		case *ast.String:
			b = append(b, t.Value...)
		case *ast.CodeSpan:
			for cc := t.FirstChild(); cc != nil; cc = cc.NextSibling() {
				if tx, ok := cc.(*ast.Text); ok {
					b = append(b, tx.Value(source)...)
				}
			}
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	text := bytes.TrimSpace(b[start:])
	return b[:start+copy(b[start:], text)]
}
