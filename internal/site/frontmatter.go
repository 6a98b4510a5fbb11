package site

import (
	"bytes"
	"reflect"
	"regexp"
	"slices"
	"strings"
)

// frontMatter is every key a page's front matter may have. Which ones apply depends on
// the kind; see kindFields.
type frontMatter struct {
	Title       string   `yaml:"title"`
	Kind        string   `yaml:"kind"`
	ID          string   `yaml:"id"`
	Description string   `yaml:"description"`
	Tags        []string `yaml:"tags"`
	Weight      int      `yaml:"weight"`
	Draft       bool     `yaml:"draft"`
	Example     bool     `yaml:"example"`
	Scope       string   `yaml:"scope"` // of a folder's index page: see ScopeAll

	Owner       *Contact   `yaml:"owner"`
	Approved    []Approval `yaml:"approved"`
	Effective   Date       `yaml:"effective"`
	Review      Date       `yaml:"review"`
	Version     *int       `yaml:"version"`
	Acknowledge bool       `yaml:"acknowledge"`
	// AcknowledgeWithin is nil when not written, so that 0 is reported.
	AcknowledgeWithin *int `yaml:"acknowledge_within"`

	Items []ChecklistItem `yaml:"items"`
	For   []string        `yaml:"for"`

	Contact *Contact `yaml:"contact"`
	Address string   `yaml:"address"`
	Slug    string   `yaml:"slug"`
}

// kindFields names the keys that belong to one kind only.
var kindFields = map[string]Kind{
	"owner": KindPolicy, "approved": KindPolicy, "effective": KindPolicy, "review": KindPolicy,
	"version": KindPolicy, "acknowledge": KindPolicy, "acknowledge_within": KindPolicy,
	"items": KindChecklist, "for": KindChecklist,
	"contact": KindWorkplace, "address": KindWorkplace, "slug": KindWorkplace,
}

var kindNames = map[Kind]string{
	KindPolicy: "policies", KindChecklist: "checklists", KindWorkplace: "workplaces", KindPage: "pages",
}

var frontMatterFence = []byte("---")

// splitFrontMatter separates YAML front matter from the Markdown body. It keeps line
// numbers: bodyLine is the file's line number of the body's first line, and the YAML
// starts on line 2. ok is false when the file has an opening fence that is never closed.
func splitFrontMatter(data []byte) (yamlText, body []byte, bodyLine int, ok bool) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	first, rest, found := bytes.Cut(data, []byte("\n"))
	if !found || !bytes.Equal(bytes.TrimRight(first, " \t\r"), frontMatterFence) {
		return nil, data, 1, true
	}
	line := 2
	for off := 0; off < len(rest); line++ {
		end := bytes.IndexByte(rest[off:], '\n')
		next := len(rest)
		if end >= 0 {
			next = off + end + 1
		}
		l := bytes.TrimRight(rest[off:next], " \t\r\n")
		if bytes.Equal(l, frontMatterFence) || bytes.Equal(l, []byte("...")) {
			return rest[:off], rest[next:], line + 1, true
		}
		off = next
	}
	return nil, nil, 0, false
}

var (
	atxHeading  = regexp.MustCompile(`^ {0,3}#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$`)
	setextLine  = regexp.MustCompile(`^ {0,3}(=+|-+)[ \t]*$`)
	fenceLine   = regexp.MustCompile("^ {0,3}(```|~~~)")
	inlineLink  = regexp.MustCompile(`!?\[([^\]]*)\]\([^)]*\)`)
	inlineMarks = strings.NewReplacer("**", "", "__", "", "*", "", "`", "", "\\", "")
)

// firstHeading finds the text of the body's first heading, for a page that has no title
// in front matter. It looks at lines only; emphasis and links are reduced to their text.
func firstHeading(body []byte) string {
	lines := splitLines(body)
	fence := ""
	for i, l := range lines {
		if m := fenceLine.FindStringSubmatch(l); m != nil {
			switch fence {
			case "":
				fence = m[1]
			case m[1]:
				fence = ""
			}
			continue
		}
		if fence != "" {
			continue
		}
		text := ""
		if m := atxHeading.FindStringSubmatch(l); m != nil {
			text = m[1]
		} else if i+1 < len(lines) && strings.TrimSpace(l) != "" && setextLine.MatchString(lines[i+1]) &&
			!strings.HasPrefix(strings.TrimSpace(l), "- ") && !strings.HasPrefix(strings.TrimSpace(l), "* ") {
			text = l
		}
		if text = plainText(text); text != "" {
			return text
		}
	}
	return ""
}

func plainText(s string) string {
	s = inlineLink.ReplaceAllString(s, "$1")
	return strings.TrimSpace(inlineMarks.Replace(s))
}

// knownKinds are the kinds front matter may name.
var knownKinds = []string{string(KindPage), string(KindPolicy), string(KindChecklist), string(KindWorkplace)}

// setKeys returns the top-level keys that the front matter set, in file order.
func setKeys(pos map[string]Pos) []string {
	var keys []string
	for k := range pos {
		if k != "" && !strings.Contains(k, ".") {
			keys = append(keys, k)
		}
	}
	slices.SortFunc(keys, func(a, b string) int { return pos[a].Line - pos[b].Line })
	return keys
}

// decodeFrontMatter decodes yamlText strictly into fm; positions are file positions. It
// reports false when the YAML could not be parsed at all.
func decodeFrontMatter(d *strictDecoder, yamlText []byte, fm *frontMatter) bool {
	n, ok := d.parse(yamlText)
	if ok && n != nil {
		d.decode(n, reflect.ValueOf(fm).Elem(), "")
	}
	return ok
}

// recoveredKey matches a top-level key that later checks need to know a page by,
// written on a line of its own, even without the space after the colon.
var recoveredKey = regexp.MustCompile(`^(id|kind|slug|title)[ \t]*:[ \t]*(.*?)[ \t]*$`)

// recoverFrontMatter reads what can be known of front matter that is not valid YAML:
// the page's id, kind, title and slug, each from the first line that sets it at the
// top level. The page is still there at its path and other pages name it by these; a
// page that knows them does not make errors appear elsewhere that follow from the one
// reported (a checklist naming its id, a workplace's policies that lose their place).
func recoverFrontMatter(yamlText []byte) frontMatter {
	var fm frontMatter
	for _, l := range splitLines(yamlText) {
		m := recoveredKey.FindStringSubmatch(l)
		if m == nil {
			continue
		}
		v := m[2]
		if i := strings.Index(v, " #"); i >= 0 {
			v = strings.TrimSpace(v[:i])
		}
		if len(v) >= 2 && (v[0] == '"' || v[0] == '\'') && v[len(v)-1] == v[0] {
			v = v[1 : len(v)-1]
		}
		field := map[string]*string{"id": &fm.ID, "kind": &fm.Kind, "slug": &fm.Slug, "title": &fm.Title}[m[1]]
		if *field == "" {
			*field = v
		}
	}
	return fm
}
