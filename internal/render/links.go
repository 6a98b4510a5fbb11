package render

import (
	"bytes"
	"fmt"
	"net/url"
	"path"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"

	"github.com/handbok/handbok/internal/site"
)

// linkResolver rewrites links between Markdown files into links between the generated
// pages, relative to the page they are on, and reports links that lead nowhere. A link to
// a heading of another page is checked once every page is parsed (see anchor).
type linkResolver struct {
	site  *site.Site
	byURL map[string]*site.Page // output path → page, for links already written to .html
	paths []string              // source paths of pages and files, for suggestions
}

func newLinkResolver(s *site.Site) *linkResolver {
	r := &linkResolver{site: s, byURL: make(map[string]*site.Page, len(s.Pages))}
	for _, p := range s.Pages {
		r.byURL[p.URL] = p
	}
	r.paths = s.Paths()
	for _, f := range s.Files {
		r.paths = append(r.paths, f.Path)
	}
	slices.Sort(r.paths)
	return r
}

// anchor is a link to a heading of another page. Whether that page has the heading is
// known only once it is parsed too, so the link is written and checked afterwards:
// warning is reported when the heading is missing.
type anchor struct {
	url     string // the page linked to
	id      string
	warning site.Diagnostic
}

// resolve rewrites the destinations of the links and images of doc and returns a warning
// for each one that points at a missing page, file or heading of this page, for raw HTML
// that the handbook leaves out, and for a link to an address that could run script,
// which only its text replaces (see unsafeAddress); links to headings of other pages
// come back as anchors to check. A link whose text is its address gets the class "bare",
// so that a print stylesheet that writes out where links lead does not write that one
// twice.
func (r *linkResolver) resolve(doc *document) (site.Diagnostics, []anchor) {
	var diags site.Diagnostics
	var anchors []anchor
	var unsafe []ast.Node
	_ = ast.Walk(doc.root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		if dest, bad := unsafeAddress(n, doc.source); bad {
			d := doc.diagnostic(n, unsafeLinkProblem(dest))
			d.Code = site.CodeLink
			diags = append(diags, d)
			unsafe = append(unsafe, n)
			return ast.WalkSkipChildren, nil
		}
		var dest *[]byte
		switch l := n.(type) {
		case *ast.Paragraph, *ast.TextBlock:
			diags = append(diags, doc.unwrittenLinks(n)...)
			return ast.WalkContinue, nil
		case *ast.HTMLBlock, *ast.RawHTML:
			if !r.site.Config.Markdown.RawHTML && !isComment(n, doc.source) {
				diags = append(diags, doc.diagnostic(n,
					"raw HTML is left out of the page; write it in Markdown, or allow HTML with markdown: {raw_html: true} in handbok.yaml"))
			}
			return ast.WalkSkipChildren, nil
		case *ast.AutoLink:
			l.SetAttributeString("class", []byte("bare"))
			return ast.WalkContinue, nil
		case *ast.Link:
			if bytes.Equal(nodeText(l, doc.source), l.Destination) {
				l.SetAttributeString("class", []byte("bare"))
			}
			dest = &l.Destination
		case *ast.Image:
			dest = &l.Destination
		default:
			return ast.WalkContinue, nil
		}
		newDest, problem, to := r.rewrite(doc, string(*dest))
		if to.id != "" {
			to.warning = doc.diagnostic(n, to.warning.Message)
			to.warning.Code = site.CodeLink
			anchors = append(anchors, to)
		}
		if problem != "" {
			d := doc.diagnostic(n, problem)
			d.Code = site.CodeLink
			diags = append(diags, d)
			return ast.WalkContinue, nil
		}
		*dest = []byte(newDest)
		return ast.WalkContinue, nil
	})
	leaveText(unsafe, doc.source)
	return diags, anchors
}

// rewrite returns the destination to write for a link on the page of doc, or a problem.
// A link to a heading of another page comes back as an anchor, its warning holding the
// message only.
func (r *linkResolver) rewrite(doc *document, dest string) (newDest, problem string, to anchor) {
	pg := doc.page
	u, err := url.Parse(dest)
	if err != nil {
		return dest, fmt.Sprintf("link %q cannot be read as a URL: %v", dest, err), to
	}
	if u.Scheme != "" || u.Host != "" || strings.HasPrefix(dest, "//") {
		return dest, "", to // leaves the handbook
	}
	if u.Path == "" {
		if u.Fragment != "" && !doc.hasID(u.Fragment) {
			return dest, fmt.Sprintf("link to #%s: this page has no heading with that id%s", u.Fragment, headingHint(u.Fragment, doc.idList())), to
		}
		return dest, "", to
	}
	var source string // the file the link names
	if strings.HasPrefix(u.Path, "/") {
		source = path.Join(site.ContentDir, u.Path) // from the top of content/
	} else {
		source = path.Join(path.Dir(sourcePath(pg)), u.Path)
	}
	if source != site.ContentDir && !strings.HasPrefix(source, site.ContentDir+"/") {
		return dest, fmt.Sprintf("link %q leads out of content/", dest), to
	}

	var target string
	if p := r.site.PageByPath(source); p != nil {
		target = p.URL
		missing := fmt.Sprintf("link to %s#%s: that page has no heading with the id %q", u.Path, u.Fragment, u.Fragment)
		if u.Fragment != "" && p == pg && !doc.hasID(u.Fragment) {
			return dest, missing + headingHint(u.Fragment, doc.idList()), to
		} else if u.Fragment != "" && p != pg {
			to = anchor{url: p.URL, id: u.Fragment, warning: site.Diagnostic{Message: missing}}
		}
	} else if f := r.site.FileByPath(source); f != nil {
		target = f.URL
	} else if p := r.sectionIndex(source); p != nil {
		target = p.URL
	} else if p := r.byURL[strings.TrimPrefix(source, site.ContentDir+"/")]; p != nil {
		target = p.URL // a link written to the generated page
	} else if r.site.IsDraft(source) {
		return dest, fmt.Sprintf("link to %s: that page is a draft (draft: true), so it is not published", u.Path), to
	} else {
		hint := ""
		if near := r.nearest(pg, source); len(near) > 0 {
			hint = fmt.Sprintf(" (did you mean %s?)", r.linksTo(pg, near))
		} else if !strings.Contains(path.Base(source), ".") {
			hint = " (links between pages name the Markdown file, like " + path.Base(source) + ".md)"
		}
		return dest, fmt.Sprintf("link to %s: no such page or file%s", u.Path, hint), to
	}
	out := relURL(pg.URL, target)
	if u.RawQuery != "" {
		out += "?" + u.RawQuery
	}
	if u.Fragment != "" {
		out += "#" + u.EscapedFragment()
	}
	return out, "", to
}

// nearest guesses what a link from the page pg to a missing file meant: a file of a
// near name in the same folder, or else the files of the same name elsewhere nearest
// to pg, those of its own workplace before those for every workplace, and those before
// the other workplaces' (a supervisor links to the policy that applies to their
// workplace). Several come back when they are equally near.
func (r *linkResolver) nearest(pg *site.Page, target string) []string {
	dir, base := path.Dir(target), path.Base(target)
	var here []string
	for _, p := range r.paths {
		if path.Dir(p) == dir {
			here = append(here, path.Base(p))
		}
	}
	if c := site.Suggest(base, here); c != "" {
		return []string{path.Join(dir, c)}
	}
	var tiers [3][]string
	for _, p := range r.paths {
		if path.Base(p) != base {
			continue
		}
		switch w := r.site.WorkplaceOf(p); {
		case w == pg.Workplace:
			tiers[0] = append(tiers[0], p)
		case w == nil:
			tiers[1] = append(tiers[1], p)
		default:
			tiers[2] = append(tiers[2], p)
		}
	}
	for _, t := range tiers {
		if len(t) > 0 {
			return t
		}
	}
	return nil
}

// maxSuggested is how many equally likely files a message about a broken link names.
const maxSuggested = 3

// linksTo writes the links from pg to the source paths near for a message: "a.md",
// "a.md or b.md", "a.md, b.md or c.md", or past maxSuggested "a.md, b.md, c.md or one
// of 2 more files of that name".
func (r *linkResolver) linksTo(pg *site.Page, near []string) string {
	var links []string
	for _, p := range near[:min(len(near), maxSuggested)] {
		links = append(links, relURL(sourcePath(pg), p))
	}
	if more := len(near) - len(links); more > 0 {
		return strings.Join(links, ", ") + fmt.Sprintf(" or one of %d more files of that name", more)
	}
	out := links[len(links)-1]
	if len(links) > 1 {
		out = strings.Join(links[:len(links)-1], ", ") + " or " + out
	}
	return out
}

// sectionIndex returns the index page of a folder of content/, for links to folders.
func (r *linkResolver) sectionIndex(target string) *site.Page {
	dir := strings.TrimPrefix(strings.TrimPrefix(target, site.ContentDir), "/")
	if sec := r.site.SectionByDir(strings.TrimSuffix(dir, "/")); sec != nil {
		return sec.Index
	}
	return nil
}

// sourcePath is where a page's links are relative to: its file, or for a generated index
// a file inside its folder.
func sourcePath(pg *site.Page) string {
	if pg.Path != "" {
		return pg.Path
	}
	return path.Join(site.ContentDir, pg.Section.Dir, "_index.md")
}

// headingHint says which of a page's heading ids, sorted, a link to a missing id likely
// meant: the id of the same words (a link may give the heading's text,
// #Þjónusta-fyrir-alla), a near miss, or the one id that starts with what the link has;
// "" when none is likely.
func headingHint(id string, ids []string) string {
	c := site.Slugify(id)
	if _, found := slices.BinarySearch(ids, c); !found {
		c = site.Suggest(id, ids)
	}
	if c == "" {
		var starts []string
		for _, h := range ids {
			if strings.HasPrefix(h, site.Slugify(id)) {
				starts = append(starts, h)
			}
		}
		if len(starts) == 1 {
			c = starts[0]
		}
	}
	if c == "" || c == id {
		return ""
	}
	return fmt.Sprintf(" (did you mean #%s?)", c)
}

func (d *document) hasID(id string) bool { return d.ids[id] || id == d.titleID }

// diagnostic makes a warning that points at node n of the document.
func (d *document) diagnostic(n ast.Node, msg string) site.Diagnostic {
	return d.diagnosticAt(nodeOffset(n), msg)
}

// diagnosticAt makes a warning that points at a byte offset of the body.
func (d *document) diagnosticAt(off int, msg string) site.Diagnostic {
	p := site.Pos{Path: d.page.Path}
	if off >= 0 && off <= len(d.source) {
		before := d.source[:off]
		line := bytes.Count(before, []byte("\n"))
		lineStart := bytes.LastIndexByte(before, '\n') + 1
		p.Line = d.page.BodyLine + line
		p.Col = utf8.RuneCount(before[lineStart:]) + 1
		end := bytes.IndexByte(d.source[lineStart:], '\n')
		if end < 0 {
			end = len(d.source) - lineStart
		}
		return site.Diagnostic{Pos: p, Severity: site.Warning, Message: msg,
			Source: strings.TrimRight(string(d.source[lineStart:lineStart+end]), "\r")}
	}
	return site.Diagnostic{Pos: p, Severity: site.Warning, Message: msg}
}

// nodeOffset is the byte offset in the body where an inline node starts, or -1.
func nodeOffset(n ast.Node) int {
	if p := n.Pos(); p >= 0 {
		return p
	}
	for c := n.FirstChild(); c != nil; c = c.FirstChild() {
		if t, ok := c.(*ast.Text); ok {
			return t.Segment.Start - 1
		}
	}
	for b := n.Parent(); b != nil; b = b.Parent() {
		if b.Type() == ast.TypeBlock && b.Lines().Len() > 0 {
			return b.Lines().At(0).Start
		}
	}
	return -1
}

// relURL returns the link from the page at output path from to the output path to; both
// are relative to the site root. It climbs only as far as the two share no folder.
func relURL(from, to string) string {
	fromDirs := strings.Split(from, "/")
	fromDirs = fromDirs[:len(fromDirs)-1]
	toParts := strings.Split(to, "/")
	common := 0
	for common < len(fromDirs) && common < len(toParts)-1 && fromDirs[common] == toParts[common] {
		common++
	}
	return strings.Repeat("../", len(fromDirs)-common) + strings.Join(toParts[common:], "/")
}

// rootPrefix is the way back up from a page to the site root: "", "../", "../../"…
func rootPrefix(url string) string {
	return strings.Repeat("../", strings.Count(url, "/"))
}

// isComment reports whether a raw HTML node is only an HTML comment, which is never shown
// and so is no loss when left out, or a closing tag, whose opening tag was reported.
func isComment(n ast.Node, source []byte) bool {
	var text []byte
	switch h := n.(type) {
	case *ast.HTMLBlock:
		return h.HTMLBlockType == ast.HTMLBlockType2
	case *ast.RawHTML:
		for i := range h.Segments.Len() {
			seg := h.Segments.At(i)
			text = append(text, seg.Value(source)...)
		}
	}
	return bytes.HasPrefix(text, []byte("<!--")) || bytes.HasPrefix(text, []byte("</"))
}

// spacedLink matches what looks like a link to a Markdown file whose path has a space,
// which Markdown does not take as a link: it shows as plain text.
var spacedLink = regexp.MustCompile(`\[[^\]]*\]\(([^()<>]*\s[^()<>]*\.(?:md|markdown)(?:#[^()]*)?)\)`)

// unwrittenLinks warns about links to files with spaces in their names written as they
// are, which Markdown shows as text.
func (d *document) unwrittenLinks(block ast.Node) site.Diagnostics {
	var diags site.Diagnostics
	lines := block.Lines()
	for i := range lines.Len() {
		seg := lines.At(i)
		for _, m := range spacedLink.FindAllSubmatchIndex(seg.Value(d.source), -1) {
			target := string(seg.Value(d.source)[m[2]:m[3]])
			diags = append(diags, d.diagnosticAt(seg.Start+m[0], fmt.Sprintf(
				"this is shown as text, not as a link: a path with spaces is written <%s> or with %%20 for each space", target)))
		}
	}
	return diags
}
