package search

// Document is a page as search sees it: its text by field, and what results show.
type Document struct {
	ID       string // the page's id
	URL      string // relative to the site root
	Title    string
	Headings string // the text of the page's headings, one per line
	Body     string // the rest of the page's text
	// Text is all of the page's text in reading order, headings included, one block a
	// line: what snippets are chosen from, so that a word found only in a heading
	// shows with the passage under it.
	Text           string
	Tags           []string
	Kind           string // policy, checklist, workplace or page
	Workplace      string // the workplace's slug, "" for the whole organisation
	WorkplaceTitle string
}

// SnippetText is the text the page's snippet is chosen from: its Text, or, for a
// document made without one, its body, else its headings.
func (d *Document) SnippetText() string {
	switch {
	case d.Text != "":
		return d.Text
	case d.Body != "":
		return d.Body
	}
	return d.Headings
}

// Field weights: a word in the title counts most, then in a heading, then in the text.
const (
	weightTitle    = 16.0
	weightHeadings = 3.0
	weightBody     = 1.0
)

// Fields returns the document's text by field, in the order of FieldWeight: the title
// (with the tags, one a line), the headings and the body.
func (d *Document) Fields() [3]string {
	title := d.Title
	for _, t := range d.Tags {
		title += "\n" + t
	}
	return [3]string{title, d.Headings, d.Body}
}

var fieldWeights = [3]float64{weightTitle, weightHeadings, weightBody}

// FieldWeight is the weight of a word in a document's field (0, 1, 2: see Fields).
func FieldWeight(field int) float64 { return fieldWeights[field] }
