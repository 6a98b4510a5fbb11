package server

import (
	"slices"

	"github.com/handbok/handbok/internal/manifest"
	"github.com/handbok/handbok/internal/people"
)

// defaultStaleDays is how long a suggestion may stay open before it is waiting too long,
// when the manifest does not say (one written before suggestions).
const defaultStaleDays = 14

// suggestTarget is a page of the live handbook as a suggestion about it sees it: what to
// call it, where it is, and whom it goes to. It is decided from the manifest each time
// it is read, so that a new owner in the front matter takes over at the next build.
type suggestTarget struct {
	// Known: the page is in the live handbook. A suggestion about a page that is gone
	// keeps its stored title and goes to the administrators only.
	Known bool
	// Title and URL (from the site root) are the manifest's; Revision the policy's, ""
	// for other pages.
	Title, URL, Revision string
	// Workplace is the page's workplace, "" for the pages of the whole organisation.
	Workplace string
	// Owner is the email of who answers for the page, as people.NormalizeEmail leaves
	// it: the policy's owner, else the workplace's contact, else the handbook's; "" when
	// none is given.
	Owner string
}

// suggestTarget resolves a suggestion's page key against the handbook: a policy's id, a
// checklist's id, or else a page's URL from the site root.
func (h *handbook) suggestTarget(key string) suggestTarget {
	var t suggestTarget
	var owner *manifest.Contact
	if p := h.policies[key]; p != nil {
		t = suggestTarget{Known: true, Title: p.Title, URL: p.URL, Revision: p.Revision, Workplace: p.Workplace}
		owner = p.Owner
	} else if c := h.checklists[key]; c != nil {
		t = suggestTarget{Known: true, Title: c.Title, URL: c.URL, Workplace: c.Workplace}
	} else if p := h.pages[key]; p != nil {
		t = suggestTarget{Known: true, Title: p.Title, URL: p.URL, Workplace: p.Workplace}
	} else {
		return t
	}
	for _, c := range []*manifest.Contact{owner, h.placeContact(t.Workplace), h.m.Contact} {
		if c == nil || c.Email == "" {
			continue
		}
		// An owner's address that is not one cannot be anyone's account.
		t.Owner, _ = people.NormalizeEmail(c.Email)
		break
	}
	return t
}

// placeContact is the contact of workplace slug, nil for none.
func (h *handbook) placeContact(slug string) *manifest.Contact {
	if w := h.places[slug]; w != nil {
		return w.Contact
	}
	return nil
}

// staleDays is how many days a suggestion may stay open before it waits too long.
func (h *handbook) staleDays() int {
	if d := h.m.Suggestions.StaleDays; d > 0 {
		return d
	}
	return defaultStaleDays
}

// handles reports whether p handles suggestions about page t: an administrator every
// one; the person whose email is the page's owner; a supervisor those of the pages of
// their workplaces. A page that is gone is the administrators' alone, and a disabled
// person handles nothing.
func handles(p people.Person, t suggestTarget) bool {
	switch {
	case p.Disabled:
		return false
	case p.Role == people.Admin:
		return true
	case !t.Known:
		return false
	case t.Owner != "" && sameEmail(p.Email, t.Owner):
		return true
	}
	return p.Role == people.Supervisor && t.Workplace != "" && slices.Contains(p.Workplaces, t.Workplace)
}

// sameEmail reports whether a and b are one address as the records keep them.
func sameEmail(a, b string) bool {
	na, err := people.NormalizeEmail(a)
	if err != nil {
		return false
	}
	nb, err := people.NormalizeEmail(b)
	return err == nil && na == nb
}
