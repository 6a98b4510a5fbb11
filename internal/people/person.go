// Package people is who the handbook's records are about: the staff, their roles and the
// workplaces they belong to. It knows nothing of how they are stored or how they sign in.
package people

import (
	"errors"
	"fmt"
	"net/mail"
	"slices"
	"strings"
	"time"
)

// Role is what a person may see and do.
type Role string

// The roles, from least to most entitled.
const (
	// Employee reads the handbook, acknowledges policies and ticks their own checklists.
	Employee Role = "employee"
	// Supervisor is also an employee, and sees and manages the people of the workplaces
	// they supervise.
	Supervisor Role = "supervisor"
	// Admin sees and manages everyone, in every workplace.
	Admin Role = "admin"
)

// ParseRole reads a role as written in a staff CSV or on the command line.
func ParseRole(s string) (Role, error) {
	switch r := Role(strings.ToLower(strings.TrimSpace(s))); r {
	case Employee, Supervisor, Admin:
		return r, nil
	}
	return "", fmt.Errorf("%q is not a role: use employee, supervisor or admin", s)
}

// Person is one member of staff as the records know them.
type Person struct {
	// Email is who the person is in the records, as NormalizeEmail leaves it.
	Email string
	Name  string
	Role  Role
	// Workplaces are the slugs of the workplaces the person works at, or, for a
	// supervisor, supervises.
	Workplaces []string
	// Start is the day the person started (midnight UTC), or zero when not known.
	Start time.Time
	// Disabled people cannot sign in; their records stay.
	Disabled bool
	// Title is the person's job title (Laugarvörður), or "": a checklist may be for
	// people of some titles only.
	Title string
	// Onboarded is the day a supervisor marked the person's onboarding finished before
	// the new-hire window ended, or zero.
	Onboarded time.Time
}

// NormalizeEmail returns the form of an email address the records keep: without the
// spaces around it and in lower case, so that one person is one address however it is
// typed. It refuses what is not a bare address ("Name <a@b>" included).
func NormalizeEmail(s string) (string, error) {
	s = strings.TrimSpace(s)
	addr, err := mail.ParseAddress(s)
	if err != nil || addr.Address != s || addr.Name != "" {
		return "", fmt.Errorf("%q is not an email address", s)
	}
	return strings.ToLower(s), nil
}

// NewPerson checks a person given value by value, as on the command line: the email, a
// name, a role (empty: employee), the slugs of their workplaces, each one of the
// handbook's workplaces, and a start day YYYY-MM-DD or "". The error names every
// problem, each saying what to do.
func NewPerson(email, name, role string, workplaces []string, start string, known []string) (Person, error) {
	var p Person
	var errs []error
	var err error
	if p.Email, err = NormalizeEmail(email); err != nil {
		errs = append(errs, fmt.Errorf("%w: write one address, like anna@dalvikurbyggd.is", err))
	}
	if p.Name = strings.TrimSpace(name); p.Name == "" {
		errs = append(errs, errors.New("the name is empty: write the person's name as the handbook should show it"))
	}
	p.Role = Employee
	if strings.TrimSpace(role) != "" {
		if p.Role, err = ParseRole(role); err != nil {
			errs = append(errs, err)
		}
	}
	for _, w := range workplaces {
		slug, err := MatchWorkplace(strings.TrimSpace(w), known)
		if err != nil {
			errs = append(errs, err)
		} else if !slices.Contains(p.Workplaces, slug) {
			p.Workplaces = append(p.Workplaces, slug)
		}
	}
	if p.Role == Supervisor && len(workplaces) == 0 {
		errs = append(errs, errors.New("a supervisor needs the workplaces they supervise: name each one (with users add, --workplace SLUG for each)"))
	}
	if start != "" {
		var problem string
		if p.Start, problem = parseDay(strings.TrimSpace(start)); problem != "" {
			errs = append(errs, fmt.Errorf("start date %q: %s", start, problem))
		}
	}
	return p, errors.Join(errs...)
}
