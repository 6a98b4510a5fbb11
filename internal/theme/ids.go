package theme

import (
	"regexp"
	"slices"
)

// idAttr is an id attribute written out in a layout, not made by a template action.
var idAttr = regexp.MustCompile(`\sid="([^"{}]+)"`)

// IDs returns the ids that base.html, the partials and the loaded layouts give elements
// themselves ("main", "hb-offline"…), sorted: the theme's scripts and styles find those
// elements by them, so the renderer keeps the headings of a page's text from taking them.
func (th *Theme) IDs() []string {
	var ids []string
	for _, src := range th.sources {
		for _, m := range idAttr.FindAllSubmatch(src, -1) {
			ids = append(ids, string(m[1]))
		}
	}
	slices.Sort(ids)
	return slices.Compact(ids)
}
