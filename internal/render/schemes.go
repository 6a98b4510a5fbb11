package render

import (
	"bytes"
	"fmt"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"
)

// unsafeAddress returns the address of a link, image or autolink when following it
// would run script or open something that is not a page of the web: javascript:,
// vbscript:, file:, and data: other than a PNG, GIF, JPEG or WebP image. Goldmark's own
// rule decides, on the address as it would write it (character references resolved),
// so that what is reported is what it would otherwise have written as an empty
// address, or, with raw HTML allowed, written as it is.
func unsafeAddress(n ast.Node, source []byte) ([]byte, bool) {
	var dest []byte
	switch l := n.(type) {
	case *ast.Link:
		dest = util.URLEscape(l.Destination, true)
	case *ast.Image:
		dest = util.URLEscape(l.Destination, true)
	case *ast.AutoLink:
		dest = util.URLEscape(l.URL(source), false)
	default:
		return nil, false
	}
	return dest, html.IsDangerousURL(dest)
}

// unsafeLinkProblem is the warning for a link to such an address.
func unsafeLinkProblem(dest []byte) string {
	scheme, _, _ := bytes.Cut(dest, []byte(":"))
	return fmt.Sprintf("a link to a %s: address is left out, its text kept: such an address can run a script; "+
		"link to a page, a file of the handbook, or an https:, mailto: or tel: address", bytes.ToLower(scheme))
}

// leaveText puts, in place of each of the links and images, the text it shows: a
// link's words and an image's description stay where they were, as plain text, and an
// autolink's address is shown as it was written.
func leaveText(nodes []ast.Node, source []byte) {
	for _, n := range nodes {
		parent := n.Parent()
		if parent == nil {
			continue
		}
		if al, ok := n.(*ast.AutoLink); ok {
			parent.ReplaceChild(parent, n, ast.NewString(bytes.Clone(al.URL(source))))
			continue
		}
		for c := n.FirstChild(); c != nil; {
			next := c.NextSibling()
			parent.InsertBefore(parent, n, c)
			c = next
		}
		parent.RemoveChild(parent, n)
	}
}
