package site

import (
	"bytes"
	"slices"
	"sync"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
)

// newCollator orders titles as an Icelandic reader expects: á after a, þ æ ö at the end.
// A Collator keeps state between calls, so each sort makes its own.
func newCollator() *collate.Collator { return collate.New(language.Icelandic) }

// collators lends collators to the goroutines that read pages.
var collators = sync.Pool{New: func() any { return &collator{c: newCollator()} }}

type collator struct {
	c   *collate.Collator
	buf collate.Buffer
}

// titleKey returns the collation key of the page's title, working it out when needed.
func (p *Page) titleKey() []byte {
	if p.sortKey == nil {
		p.sortKey = sortKeyOf(p.Title)
	}
	return p.sortKey
}

// sortKeyOf is the collation key of a title: comparing keys orders titles as
// Icelandic does, without collating them again for every comparison.
func sortKeyOf(title string) []byte {
	c := collators.Get().(*collator)
	defer collators.Put(c)
	key := bytes.Clone(c.c.KeyFromString(&c.buf, title))
	c.buf.Reset()
	return key
}

// SortPages orders pages by weight, then title, in Icelandic alphabetical order. A weight
// of 0 means none: weighted pages come first.
func SortPages(pages []*Page) {
	for _, p := range pages {
		p.titleKey()
	}
	slices.SortStableFunc(pages, func(a, b *Page) int {
		if a.Weight != b.Weight {
			switch {
			case a.Weight == 0:
				return 1
			case b.Weight == 0:
				return -1
			}
			return a.Weight - b.Weight
		}
		return bytes.Compare(a.sortKey, b.sortKey)
	})
}
