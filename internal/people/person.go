// Package people is who the handbook's records are about: the staff, their roles and the
// workplaces they belong to. It knows nothing of how they are stored or how they sign in.
package people

import (
	"fmt"
	"net/mail"
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
