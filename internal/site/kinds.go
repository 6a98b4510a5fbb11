package site

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/mail"
	"regexp"
	"slices"
	"strings"
)

// setKind gives the page the kind its front matter names, a plain page when it names
// none. An unknown kind is reported, and the page kept as a plain one whose kind is
// uncertain.
func (s *source) setKind(kind string) {
	pg := s.page
	pg.Kind = Kind(kind)
	if pg.Kind == "" {
		pg.Kind = KindPage
	}
	if !slices.Contains(knownKinds, string(pg.Kind)) {
		hint := "use one of " + strings.Join(knownKinds, ", ")
		if c := Suggest(kind, knownKinds); c != "" {
			hint = fmt.Sprintf("did you mean %q?", c)
		}
		s.report("kind", Error, "unknown kind %q (%s)", kind, hint)
		pg.Kind = KindPage
		s.uncertain = true
	}
}

// checkKindFields reports the keys of another kind than the page's: a key that does
// nothing on this page is likely a kind: forgotten or mistyped.
func (s *source) checkKindFields() {
	if s.uncertain {
		return
	}
	for _, key := range setKeys(s.keys) {
		if k, ok := kindFields[key]; ok && k != s.page.Kind {
			s.reportKey(key, Error, "%q is a field of %s, but this page is a %s; remove it or set kind: %s",
				key, kindNames[k], s.page.Kind, k)
		}
	}
}

// readKind gives the page what its kind adds to it from the front matter, and checks
// that. body is the page's Markdown, of which a policy's revision is the hash.
func (s *source) readKind(fm *frontMatter, body []byte) {
	pg := s.page
	switch pg.Kind {
	case KindPolicy:
		pg.Policy = &Policy{Approved: fm.Approved, Effective: fm.Effective, Review: fm.Review,
			Version: 1, Acknowledge: fm.Acknowledge, Revision: revision(pg.Title, body)}
		if fm.Owner != nil {
			pg.Policy.Owner = *fm.Owner
		}
		if fm.Version != nil {
			pg.Policy.Version = *fm.Version
		}
		checkPolicy(s, pg.Policy)
		checkWithin(s, pg.Policy, fm.AcknowledgeWithin)
	case KindChecklist:
		pg.Checklist = &Checklist{Items: fm.Items, For: fm.For}
		checkItems(s, fm.Items)
		checkFor(s, fm.For)
	case KindWorkplace:
		s.slug, s.address = fm.Slug, fm.Address
		if fm.Contact != nil {
			s.contact = *fm.Contact
		}
		checkContact(s, "contact", s.contact)
	}
}

// checkPolicy reports what is wrong in a policy's front matter, at its keys.
func checkPolicy(src *source, p *Policy) {
	checkContact(src, "owner", p.Owner)
	if p.Version < 1 {
		src.report("version", Error, "version must be 1 or more; bump it by one when staff must acknowledge the policy again")
	}
	for i, a := range p.Approved {
		if strings.TrimSpace(a.Body) == "" {
			src.report(fmt.Sprintf("approved.%d", i), Error, "approval %d has no body: name who approved it, e.g. body: Sveitarstjórn", i+1)
		}
	}
	if !p.Effective.IsZero() && !p.Review.IsZero() && p.Review.Before(p.Effective.Time) {
		src.report("review", Warning, "review date %s is before the effective date %s", p.Review, p.Effective)
	}
}

// checkWithin gives the policy the acknowledge_within its front matter wrote, if any,
// and reports one out of range, or one on a policy that no one acknowledges.
func checkWithin(src *source, p *Policy, days *int) {
	if days == nil {
		return
	}
	if problem := withinProblem(*days); problem != "" {
		src.report("acknowledge_within", Error, "%s, or leave it out for the handbook's default", problem)
		return
	}
	p.AcknowledgeWithin = *days
	if !p.Acknowledge {
		src.reportKey("acknowledge_within", Warning,
			"acknowledge_within does nothing without acknowledge: true; add that, or remove acknowledge_within")
	}
}

// checkContact checks that an email address is one and a phone number has digits, since
// both become links that staff tap.
func checkContact(src *source, key string, c Contact) {
	if c.Email != "" {
		if a, err := mail.ParseAddress(c.Email); err != nil || a.Address != c.Email || strings.ContainsAny(c.Email, "?&") {
			src.report(key+".email", Error, "%q is not an email address; write it as name@example.is", c.Email)
		}
	}
	if c.Phone != "" && !strings.ContainsAny(c.Phone, "0123456789") {
		src.report(key+".phone", Error, "phone %q has no digits", c.Phone)
	}
}

// revision hashes what a reader sees of a policy, so any edit of the text gives a new one.
func revision(title string, body []byte) string {
	h := sha256.New()
	h.Write([]byte(title))
	h.Write([]byte{0})
	h.Write(bytes.TrimSpace(body)) // its line ends are \n already
	return hex.EncodeToString(h.Sum(nil))[:16]
}

var idPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9_.-]*(/[a-z0-9][a-z0-9_.-]*)*$`)

func checkItems(src *source, items []ChecklistItem) {
	seen := map[string]int{}
	for i := range items {
		it := &items[i]
		key := fmt.Sprintf("items.%d", i)
		switch {
		case it.ID == "":
			src.report(key, Error, "checklist item %d has no id: give it a short, stable id such as %q (progress is recorded by it)", i+1, Slugify(it.Task))
		case !idPattern.MatchString(it.ID):
			src.report(key+".id", Error, "item id %q: use lower-case letters a–z, digits, - and _ (for example %q)", it.ID, Slugify(it.ID))
		case seen[it.ID] > 0:
			first := fmt.Sprintf("items.%d.id", seen[it.ID]-1)
			src.report(key+".id", Error, "item id %q is used twice in this checklist: item %d has it too, at %s; give this item an id of its own",
				it.ID, seen[it.ID], src.posOf(first))
		default:
			seen[it.ID] = i + 1
		}
		if strings.TrimSpace(it.Task) == "" {
			src.report(key, Error, "checklist item %d has no task: say what is to be done", i+1)
		}
		switch it.Owner {
		case "":
			it.Owner = OwnerEmployee
		case OwnerEmployee, OwnerSupervisor:
		default:
			src.report(key+".owner", Error, "owner %q: use employee or supervisor", it.Owner)
		}
	}
}

// checkFor reports the entries of a checklist's for: that name nobody.
func checkFor(src *source, forWhom []string) {
	for i, f := range forWhom {
		if strings.TrimSpace(f) == "" {
			src.report(fmt.Sprintf("for.%d", i), Error, "for: entry %d is empty: name a role (employee, supervisor, admin) or a job title, "+
				"or leave for: out for a checklist that is for everyone", i+1)
		}
	}
}
