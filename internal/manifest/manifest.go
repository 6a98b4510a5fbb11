// Package manifest is handbok.json, the file in which a built handbook describes itself
// to the server and to other tools: its policies with their versions and revisions, its
// checklists with their items, and its workplaces. The renderer writes it; the server
// and the command line read it with Read. It is the contract between a built site and
// whatever serves it, so the package depends on nothing else of handbok's.
//
// URLs are relative to the site root. Fields are added, never renamed or removed, so
// that a reader of an older handbook's file keeps working.
package manifest

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// File is the manifest's name in a built site's folder.
const File = "handbok.json"

// Manifest is the content of handbok.json.
type Manifest struct {
	Title      string      `json:"title"`
	Language   string      `json:"language"`
	Policies   []Policy    `json:"policies"`
	Checklists []Checklist `json:"checklists"`
	Workplaces []Workplace `json:"workplaces"`
	Onboarding Onboarding  `json:"onboarding"`
	// Pages are the handbook's other pages (not policies or checklists), so that the
	// server knows what a suggestion is about and whom it goes to.
	Pages []Page `json:"pages"`
	// Contact is the handbook's own contact, for suggestions about pages that have no
	// owner and belong to no workplace; nil when handbok.yaml names none.
	Contact     *Contact    `json:"contact"`
	Suggestions Suggestions `json:"suggestions"`
}

// Page is a page of the handbook that is neither a policy nor a checklist.
type Page struct {
	URL       string `json:"url"`
	Title     string `json:"title"`
	Workplace string `json:"workplace"`
}

// Suggestions is the handbook's suggestion settings. A manifest written before they
// existed reads as the zero value, which readers take as the default (14 days).
type Suggestions struct {
	// StaleDays is how many days a suggestion may stay open before its page is listed
	// as waiting too long.
	StaleDays int `json:"stale_days"`
}

// Onboarding is the handbook's onboarding settings. A manifest written before they
// existed reads as the zero value, which readers take as the defaults (90 days, calendar).
type Onboarding struct {
	// NewHireDays is how many days from their start date a person is a new hire.
	NewHireDays int `json:"new_hire_days"`
	// DueDays is how an item's due offset is counted: "calendar" (every day) or
	// "working_days" (not weekends or Icelandic public holidays).
	DueDays string `json:"due_days"`
}

// Policy is a policy of the handbook. Workplace is "" for the policies that apply to
// every workplace. Version changes when staff must acknowledge the policy again;
// Revision, a hash of its title and text, changes with every edit. AcknowledgeWithin is
// how many days staff have to acknowledge it (its own acknowledge_within, else the
// handbook's): after they start, or after its version changed, whichever is later.
type Policy struct {
	ID          string     `json:"id"`
	URL         string     `json:"url"`
	Title       string     `json:"title"`
	Workplace   string     `json:"workplace"`
	Version     int        `json:"version"`
	Revision    string     `json:"revision"`
	Acknowledge bool       `json:"acknowledge"`
	Owner       *Contact   `json:"owner,omitempty"`
	Effective   Date       `json:"effective"`
	Review      Date       `json:"review"`
	Approved    []Approval `json:"approved"`

	AcknowledgeWithin int `json:"acknowledge_within"`
}

// Checklist is an onboarding checklist.
type Checklist struct {
	ID        string `json:"id"`
	URL       string `json:"url"`
	Title     string `json:"title"`
	Workplace string `json:"workplace"`
	Items     []Item `json:"items"`
	// For are the roles or job titles the checklist is for; empty, everyone.
	For []string `json:"for,omitempty"`
}

// Item is one task of a checklist. It is done when Policy, if set, is acknowledged;
// Due is in days after the person's start date (negative: before it).
type Item struct {
	ID     string `json:"id"`
	Task   string `json:"task"`
	Policy string `json:"policy,omitempty"`
	Owner  string `json:"owner"` // "employee" or "supervisor"
	Due    int    `json:"due"`
}

// Workplace is a workplace of the organisation; Slug is its id in the records.
type Workplace struct {
	Slug  string `json:"slug"`
	URL   string `json:"url"`
	Title string `json:"title"`
	// Contact is the workplace's contact, to whom suggestions about its pages without an
	// owner of their own go; nil when it names none.
	Contact *Contact `json:"contact,omitempty"`
}

// Contact is a person or office to turn to.
type Contact struct {
	Name  string `json:"name,omitempty"`
	Email string `json:"email,omitempty"`
	Phone string `json:"phone,omitempty"`
}

// Approval records that a body (a board or council) approved a policy at a meeting.
type Approval struct {
	Body    string `json:"body"`
	Meeting int    `json:"meeting,omitempty"`
	Date    Date   `json:"date"`
}

// Date is a calendar date, written "YYYY-MM-DD", or null when unset.
type Date struct{ time.Time }

// String formats the date as YYYY-MM-DD, or "" when unset.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.Format(time.DateOnly)
}

// MarshalJSON writes the date as "YYYY-MM-DD", or null when unset.
func (d Date) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte("null"), nil
	}
	return []byte(`"` + d.String() + `"`), nil
}

// UnmarshalJSON reads a date written by MarshalJSON.
func (d *Date) UnmarshalJSON(data []byte) error {
	if string(data) == "null" {
		*d = Date{}
		return nil
	}
	t, err := time.Parse(`"`+time.DateOnly+`"`, string(data))
	if err != nil {
		return fmt.Errorf("date: %w", err)
	}
	*d = Date{t}
	return nil
}

// Read reads the manifest of the site built in dir.
func Read(dir string) (*Manifest, error) {
	name := filepath.Join(dir, File)
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	var m Manifest
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return &m, nil
}
