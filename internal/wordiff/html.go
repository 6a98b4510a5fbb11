package wordiff

import (
	"html/template"
	"strings"
)

// Labels are what screen readers say before a change, since most do not announce
// <ins> and <del>: for example "Bætt við" and "Tekið út", from the theme's i18n.
type Labels struct {
	Inserted, Deleted string
}

// context is how many unchanged blocks HTML shows on each side of a changed one.
const context = 1

// Changed says whether the diff has any insertion or deletion.
func Changed(chunks []Chunk) bool {
	for _, c := range chunks {
		if c.Op != Equal {
			return true
		}
	}
	return false
}

// segment is the part of a chunk that falls within one block.
type segment struct {
	op   Op
	text string
}

// block is one line of the diff: its segments, and whether any of them, or the line
// break that ends it, was inserted or deleted.
type block struct {
	segs    []segment
	changed bool
}

// HTML draws a diff, escaped, one <p> a block, with insertions in <ins> and deletions
// in <del>, each starting with its label in a visually hidden span. Unchanged blocks
// more than one block away from a change are left out, each run of them replaced by
// <p class="diff-skip">…</p>, which the theme styles; so a diff without changes is
// that element alone. Blocks with nothing but blanks are left out.
func HTML(chunks []Chunk, l Labels) template.HTML {
	blocks := splitBlocks(chunks)
	shown := near(blocks)
	var sb strings.Builder
	for i, bl := range blocks {
		switch {
		case shown[i]:
			writeBlock(&sb, bl, l)
		case i == 0 || shown[i-1]:
			sb.WriteString("<p class=\"diff-skip\">…</p>\n")
		}
	}
	return template.HTML(sb.String())
}

// splitBlocks cuts the chunks into blocks at their line breaks, leaving out the blocks
// that show nothing.
func splitBlocks(chunks []Chunk) []block {
	var blocks []block
	var cur block
	for _, c := range chunks {
		for text := c.Text; text != ""; {
			line, rest, broken := strings.Cut(text, "\n")
			if line != "" {
				cur.segs = append(cur.segs, segment{c.Op, line})
				cur.changed = cur.changed || c.Op != Equal
			}
			if !broken {
				break
			}
			cur.changed = cur.changed || c.Op != Equal
			blocks = appendVisible(blocks, cur)
			cur, text = block{}, rest
		}
	}
	return appendVisible(blocks, cur)
}

// appendVisible appends b to blocks if it shows anything.
func appendVisible(blocks []block, b block) []block {
	for _, s := range b.segs {
		if strings.TrimSpace(s.text) != "" {
			return append(blocks, b)
		}
	}
	return blocks
}

// near says which blocks are changed or within context blocks of a changed one.
func near(blocks []block) []bool {
	shown := make([]bool, len(blocks))
	for i, b := range blocks {
		if !b.changed {
			continue
		}
		for j := max(0, i-context); j <= min(len(blocks)-1, i+context); j++ {
			shown[j] = true
		}
	}
	return shown
}

// writeBlock writes one block as a paragraph.
func writeBlock(sb *strings.Builder, b block, l Labels) {
	sb.WriteString("<p>")
	for _, s := range b.segs {
		tag, label := "", ""
		switch s.op {
		case Insert:
			tag, label = "ins", l.Inserted
		case Delete:
			tag, label = "del", l.Deleted
		}
		// A blank inserted or deleted, as when a block is split in two, is no change
		// worth marking or announcing.
		if tag == "" || strings.TrimSpace(s.text) == "" {
			sb.WriteString(template.HTMLEscapeString(s.text))
			continue
		}
		sb.WriteString("<" + tag + ">")
		if label != "" {
			sb.WriteString(`<span class="visually-hidden">` + template.HTMLEscapeString(label) + " </span>")
		}
		sb.WriteString(template.HTMLEscapeString(s.text) + "</" + tag + ">")
	}
	sb.WriteString("</p>\n")
}
