package theme

import (
	"html/template"
	"io"
	"slices"
	"strconv"
	"strings"
	tparse "text/template/parse"
)

// The theme's UI text is the same on every page of a build, yet each {{t "key"}} in a
// layout costs two calls through reflection on every page: t itself, and the escaper
// html/template puts after it. With some twenty of them on a page, that was a tenth of
// rendering. So, once per build, a theme's layouts are rewritten:
//
//  1. Before escaping, {{t "key"}} (no arguments, a key the theme has) becomes the
//     string constant {{"text"}}.
//  2. html/template escapes each layout set, all its templates in one pass (escapeAll),
//     choosing an escaper for each action by where it stands (text, attribute, URL,
//     script…).
//  3. An action that is a string constant followed only by escapers that treat a
//     string the same way in every context they are used in (HTML text, a quoted
//     attribute, RCDATA) becomes the text those escapers would have written.
//
// An action in any other context, such as a URL or a script, keeps its escapers, so
// the output is byte for byte what html/template writes without the rewrite
// (TestFoldedUIText).

// constantText rewrites {{t "key"}} actions under node into string constants.
func constantText(node tparse.Node, text map[string]string) {
	forActions(node, func(_ *tparse.ListNode, _ int, a *tparse.ActionNode) {
		p := a.Pipe
		if len(p.Decl) > 0 || len(p.Cmds) != 1 || len(p.Cmds[0].Args) != 2 {
			return
		}
		fn, ok1 := p.Cmds[0].Args[0].(*tparse.IdentifierNode)
		key, ok2 := p.Cmds[0].Args[1].(*tparse.StringNode)
		if !ok1 || !ok2 || fn.Ident != "t" {
			return
		}
		s, ok := text[key.Text]
		if !ok {
			return // t reports the missing key when the page is rendered
		}
		p.Cmds[0].Args = []tparse.Node{&tparse.StringNode{NodeType: tparse.NodeString, Pos: key.Pos,
			Quoted: strconv.Quote(s), Text: s}}
	})
}

// escapeProbe is a template that calls templates without running them: executing it
// makes html/template escape them and every template they call, and writes nothing.
const escapeProbe = "handbok:escape"

// escapeAll escapes every template of the set t belongs to now, each as it stands at
// the top of a page or partial (in HTML text), rather than at its first use. All are
// escaped in one pass, so that a template that is also called from a URL, a script or
// another context gets its own copy for that context made from the tree as parsed,
// before any of it is folded. (Escaped as each was first used, a template escaped for
// HTML text and then called inside a URL was escaped twice over: the URL got the HTML
// escapes of its text, percent-encoded.) It reports false, and leaves the set as
// parsed, when escaping fails (say, a partial made to be called inside an attribute):
// the set is then escaped as it is used, and reports what is wrong when a page uses it.
func escapeAll(t *template.Template) bool {
	var names []string
	for _, x := range t.Templates() {
		if x.Tree != nil && x.Name() != escapeProbe {
			names = append(names, x.Name())
		}
	}
	slices.Sort(names)
	probe := "{{if false}}"
	for _, name := range names {
		probe += "{{template " + strconv.Quote(name) + " .}}"
	}
	probe += "{{end}}"
	if _, err := t.New(escapeProbe).Parse(probe); err != nil {
		return false
	}
	// html/template commits nothing of a pass that fails.
	return t.ExecuteTemplate(io.Discard, escapeProbe, nil) == nil
}

// foldConstants replaces escaped string constants under node with their output.
func foldConstants(node tparse.Node) {
	forActions(node, func(list *tparse.ListNode, i int, a *tparse.ActionNode) {
		p := a.Pipe
		if len(p.Decl) > 0 || len(p.Cmds) < 2 || len(p.Cmds[0].Args) != 1 {
			return
		}
		c, ok := p.Cmds[0].Args[0].(*tparse.StringNode)
		if !ok {
			return
		}
		s := c.Text
		for _, cmd := range p.Cmds[1:] {
			if len(cmd.Args) != 1 {
				return
			}
			esc, ok := cmd.Args[0].(*tparse.IdentifierNode)
			if !ok || !htmlTableEscapers[esc.Ident] {
				return
			}
			s = htmlTableReplacer.Replace(s)
		}
		list.Nodes[i] = &tparse.TextNode{NodeType: tparse.NodeText, Pos: a.Pos, Text: []byte(s)}
	})
}

// htmlTableEscapers are html/template's escapers that, given a string, replace the
// characters of htmlTableReplacer and nothing else.
var htmlTableEscapers = map[string]bool{
	"_html_template_htmlescaper":   true,
	"_html_template_attrescaper":   true,
	"_html_template_rcdataescaper": true,
}

// htmlTableReplacer does what those escapers do to a string.
var htmlTableReplacer = strings.NewReplacer(
	"\x00", "\uFFFD", `"`, "&#34;", "&", "&amp;", "'", "&#39;", "+", "&#43;", "<", "&lt;", ">", "&gt;")

// forActions calls fn for each action under node, with the list that holds it and its
// index there, inside {{if}}, {{range}} and {{with}} too.
func forActions(node tparse.Node, fn func(list *tparse.ListNode, i int, a *tparse.ActionNode)) {
	switch n := node.(type) {
	case *tparse.ListNode:
		if n == nil {
			return
		}
		for i, child := range n.Nodes {
			if a, ok := child.(*tparse.ActionNode); ok {
				fn(n, i, a)
			} else {
				forActions(child, fn)
			}
		}
	case *tparse.IfNode:
		forActions(n.List, fn)
		forActions(n.ElseList, fn)
	case *tparse.RangeNode:
		forActions(n.List, fn)
		forActions(n.ElseList, fn)
	case *tparse.WithNode:
		forActions(n.List, fn)
		forActions(n.ElseList, fn)
	}
}

// EscapeText returns s as html/template writes a string into HTML text or a quoted
// attribute, for HTML that Go code writes in a layout's place (see
// render's TableOfContents).
func EscapeText(s string) string { return htmlTableReplacer.Replace(s) }
