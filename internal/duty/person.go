package duty

import (
	"bytes"
	"cmp"
	"slices"
	"time"

	"github.com/handbok/handbok/internal/people"
	"github.com/handbok/handbok/internal/store"
	"golang.org/x/text/collate"
	"golang.org/x/text/language"
)

// For returns where person p stands with each of ps that applies to them, given acks,
// their acknowledgments (others' are passed over): first what is still to be done, the
// one due first at the top and those without a due date last, then what is done; in
// each, by due date and then title. A disabled person has no duties. cl gives the days
// p's onboarding checklists set (see Due).
func For(p people.Person, ps []Policy, acks []store.Acknowledgment, cl Checklists, now time.Time) []Status {
	var mine []Policy
	for _, pol := range ps {
		if pol.AppliesTo(p) {
			mine = append(mine, pol)
		}
	}
	if len(mine) == 0 {
		return nil
	}
	found := make([]acked, len(mine))
	index := indexByID(mine)
	for k := range acks {
		if acks[k].Email == p.Email {
			note(mine, index, found, &acks[k])
		}
	}
	out := make([]Status, len(mine))
	days := cl.of(p)
	for i, pol := range mine {
		setStatus(&out[i], p, pol, &found[i], days[pol.ID], now)
	}
	keys := titleKeys(out)
	slices.SortStableFunc(out, func(a, b Status) int {
		return cmp.Or(
			cmp.Compare(boolInt(a.State == Current), boolInt(b.State == Current)),
			compareDue(a.Due, b.Due),
			bytes.Compare(keys[a.Policy.ID], keys[b.Policy.ID]),
		)
	})
	return out
}

// compareDue orders due days earliest first, none last.
func compareDue(a, b time.Time) int {
	if a.IsZero() || b.IsZero() {
		return cmp.Compare(boolInt(a.IsZero()), boolInt(b.IsZero()))
	}
	return a.Compare(b)
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// titleKeys returns the Icelandic collation key of each status's policy title, by id.
func titleKeys(sts []Status) map[string][]byte {
	c := newCollator()
	keys := make(map[string][]byte, len(sts))
	for _, st := range sts {
		keys[st.Policy.ID] = c.key(st.Policy.Title)
	}
	return keys
}

// collator orders names and titles as an Icelandic reader expects (á after a, þ æ ö at
// the end), comparing keys worked out once rather than collating on every comparison.
type collator struct {
	c   *collate.Collator
	buf collate.Buffer
}

func newCollator() *collator { return &collator{c: collate.New(language.Icelandic)} }

func (c *collator) key(s string) []byte {
	k := bytes.Clone(c.c.KeyFromString(&c.buf, s))
	c.buf.Reset()
	return k
}
