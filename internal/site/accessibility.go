package site

import (
	"net/mail"
	"strings"
)

// Accessibility is the accessibility: block of handbok.yaml, from which the handbook's
// accessibility statement (accessibility.html) is written. Public bodies in the EEA must
// publish one (the Web Accessibility Directive, EN 301 549), with a way to give feedback.
type Accessibility struct {
	// Status is how far the handbook meets WCAG 2.1 AA: full, partial or none; empty
	// when it has not been assessed.
	Status string `yaml:"status"`
	// Date is when the statement was prepared or last reviewed.
	Date Date `yaml:"date"`
	// Method says how conformance was assessed ("self-assessment", "audit by …").
	Method string `yaml:"method"`
	// Contact receives feedback about accessibility; the site's contact when unset.
	Contact *Contact `yaml:"contact"`
	// Issues are known problems, each a sentence shown in a list.
	Issues []string `yaml:"issues"`
	// Enforcement names the body people may turn to when the answer is not
	// satisfactory, as the directive asks.
	Enforcement string `yaml:"enforcement"`
}

// AccessibilityStatuses are the values of accessibility.status.
var AccessibilityStatuses = []string{"full", "partial", "none"}

// AccessibilityContact is whom the statement names for feedback: the accessibility
// block's contact, else the handbook's, else nobody.
func (c Config) AccessibilityContact() *Contact {
	if a := c.Accessibility; a != nil && a.Contact != nil {
		return a.Contact
	}
	return c.Contact
}

// checkAccessibility reports a status that is not one of the choices and contact details
// that cannot become links.
func (c Config) checkAccessibility(d *strictDecoder) {
	a := c.Accessibility
	if a == nil {
		return
	}
	switch a.Status {
	case "", "full", "partial", "none":
	default:
		d.report(c.Pos("accessibility.status"), Error, "accessibility.status: %q is not a choice; use %s",
			a.Status, strings.Join(AccessibilityStatuses, ", "))
	}
	if a.Contact != nil {
		if e := a.Contact.Email; e != "" {
			if addr, err := mail.ParseAddress(e); err != nil || addr.Address != e || strings.ContainsAny(e, "?&") {
				d.report(c.Pos("accessibility.contact.email"), Error, "%q is not an email address; write it as name@example.is", e)
			}
		}
		if p := a.Contact.Phone; p != "" && !strings.ContainsAny(p, "0123456789") {
			d.report(c.Pos("accessibility.contact.phone"), Error, "phone %q has no digits", p)
		}
	}
}
