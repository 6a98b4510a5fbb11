// Package store is the handbook's records: the people, what they acknowledged and the
// audit log of every change. It declares the records and the Store contract; sqlite/
// and postgres/ implement it, and storetest/ is the one suite every implementation
// must pass. The server takes a store through smaller interfaces of its own.
//
// Nothing is deleted: people are disabled, not removed, and every change is appended to
// the audit log (see internal/audit) in the same transaction as the change itself.
// Sessions are not records: they come and go without a trace in the log.
package store

import (
	"context"
	"errors"
	"iter"
	"time"

	"github.com/handbok/handbok/internal/audit"
	"github.com/handbok/handbok/internal/people"
)

// Errors that callers tell apart with errors.Is; the store wraps them with what was
// not found or already there.
var (
	// ErrNotFound: no such person (or other record).
	ErrNotFound = errors.New("not found")
	// ErrExists: the record is already there, such as a person with that email.
	ErrExists = errors.New("already exists")
	// ErrDisabled: the person is disabled and may not act.
	ErrDisabled = errors.New("disabled")
	// ErrTooNew: the database was made by a newer handbok than this one.
	ErrTooNew = errors.New("database is newer than this handbok")
	// ErrSpent: the invitation was used already.
	ErrSpent = errors.New("used already")
	// ErrExpired: the invitation is past its time, or a newer one replaced it.
	ErrExpired = errors.New("no longer valid")
	// ErrPasswordSet: the person has a password already, and an invitation would replace
	// it.
	ErrPasswordSet = errors.New("has a password already")
)

// How says through what a person acknowledged a policy.
type How string

// The ways of acknowledging.
const (
	// Button: the button on the policy's page, signed in with a password.
	Button How = "button"
	// API: a request to the API from elsewhere than the page.
	API How = "api"
	// SSO: the button, signed in through the single-sign-on proxy.
	SSO How = "sso"
)

// Acknowledgment records that a person read and understood one version of a policy.
type Acknowledgment struct {
	// Email is the person's, as people.NormalizeEmail leaves it.
	Email string
	// Policy is the policy's id; Version the version acknowledged, and Revision the
	// content hash of the text the person was shown.
	Policy   string
	Version  int
	Revision string
	// At is when it was recorded, set by the store (UTC, to the microsecond).
	At  time.Time
	How How
}

// Session is a person signed in. The token the browser holds is never kept: TokenHash
// is the hex SHA-256 of it, so that a copy of the database signs nobody in.
type Session struct {
	TokenHash string
	Email     string
	// How the person signed in: Button for a password, SSO through the proxy.
	How How
	// The server ends a session past its lifetime (from Created) or idle too long
	// (since LastSeen). Expires is when the store may forget it. The store keeps the
	// times in UTC, to the microsecond.
	Created, LastSeen, Expires time.Time
}

// Revision is the text of one revision of a policy as the server served it, kept so that
// a person who acknowledged it can later be shown what changed since.
type Revision struct {
	Policy   string
	Version  int
	Revision string
	// Title and Text are the policy's title and its text in reading order, one block
	// a line, as search reads it.
	Title, Text string
	// FirstServed is set by the store: when it first kept this revision (UTC).
	FirstServed time.Time
}

// InvitationLifetime is how long an invitation works: a week, enough for a person
// added the week before they start.
const InvitationLifetime = 7 * 24 * time.Hour

// Invitation is a one-time link that lets a person set their password. As with a
// session, the token in the link is never kept: TokenHash is the hex SHA-256 of it.
type Invitation struct {
	TokenHash string
	Email     string
	// Created is when it was made; the store sets Expires, InvitationLifetime later, and
	// Spent when it is used (zero until then). Times are UTC, to the microsecond.
	Created, Expires, Spent time.Time
	// Reset lets CreateInvitation make an invitation for a person who has a password
	// already (an administrator's reset), which its audit entry then says; without it
	// such a person gets ErrPasswordSet. It is not kept.
	Reset bool
}

// PolicyVersion names one version of a policy.
type PolicyVersion struct {
	Policy  string
	Version int
}

// Tick is the state of one item of one person's checklist, as last changed.
type Tick struct {
	// Email is whose checklist it is, as people.NormalizeEmail leaves it.
	Email string
	// Checklist and Item are the ids of the checklist and its item in the manifest.
	Checklist, Item string
	Done            bool
	// At is when it was changed on the device, which may be long before the store heard
	// of it (UTC, to the microsecond).
	At time.Time
	// By is who changed it: the person, or their supervisor.
	By string
}

// TickData is what a tick's audit entry keeps in its Data, besides whose checklist (its
// Subject), who ticked (its Actor) and when the store heard of it (its Time). At is
// when it was done on the device, in audit.TimeLayout.
type TickData struct {
	Checklist string `json:"checklist"`
	Item      string `json:"item"`
	Done      bool   `json:"done"`
	At        string `json:"at"`
}

// Audit actions the store appends. Data holds the details as canonical JSON.
const (
	ActionAck            = "ack"               // subject: the person; data: policy, version, revision, how
	ActionPersonAdd      = "person.add"        // subject: the person; data: name, role, workplaces, start
	ActionPersonDisable  = "person.disable"    // subject: the person
	ActionPersonPassword = "person.password"   // subject: the person; the hash itself is never logged
	ActionTick           = "checklist.tick"    // subject: the person; actor: who ticked; data: checklist, item, done, at
	ActionPersonUpdate   = "person.update"     // subject: the person; data: each field changed, with from and to
	ActionPersonInvite   = "person.invite"     // subject: the person; data: expires; never the token or its hash
	ActionSuggest        = "suggestion.add"    // subject: the page; actor: the author; data: id, kind, revision
	ActionSuggestStatus  = "suggestion.status" // subject: the page; data: id, from, to, and whether the answer changed
)

// The kinds of a suggestion: what the reader found.
const (
	SuggestUnclear  = "unclear"
	SuggestOutdated = "outdated"
	SuggestWrong    = "wrong"
	SuggestOther    = "other"
)

// The statuses of a suggestion. It starts open; whoever handles it answers it or marks
// it handled, and may open it again.
const (
	SuggestionOpen     = "open"
	SuggestionAnswered = "answered"
	SuggestionHandled  = "handled"
)

// Suggestion is what a reader told a page's owner, and what came of it.
type Suggestion struct {
	// ID is the store's number for it, from 1.
	ID int64
	// Page is the page's id: a policy's or checklist's id, else its URL from the site
	// root. Title and Revision are the page's when it was written (Revision "" for a
	// page without one).
	Page, Title, Revision string
	// Author is the email of who wrote it.
	Author string
	// Kind is one of the Suggest kinds; Passage the text it is about, as the reader
	// selected it ("" for the whole page); Text what they wrote, as they wrote it.
	Kind, Passage, Text string
	// Status is one of the Suggestion statuses; Answer the answer, "" until there is
	// one; AnsweredBy the email of who last answered or changed the status.
	Status, Answer, AnsweredBy string
	// Created is when it was written, Updated when its status or answer last changed
	// (Created until then): the store's times, UTC.
	Created, Updated time.Time
}

// SuggestionQuery picks suggestions: by Author when not "", and with one of Statuses
// when not empty.
type SuggestionQuery struct {
	Author   string
	Statuses []string
}

// Store is everything a records database keeps. Each method that changes something
// takes the actor (the email of who did it, or the name of the command) for the audit log.
type Store interface {
	// AddPeople adds all of ps or, when any cannot be added (ErrExists for an email
	// already there or repeated), none of them.
	AddPeople(ctx context.Context, actor string, ps []people.Person) error
	// Person returns the person with that email, or ErrNotFound.
	Person(ctx context.Context, email string) (people.Person, error)
	// People returns the people of a workplace by email, or everyone when workplace is "".
	People(ctx context.Context, workplace string) ([]people.Person, error)
	// DisablePerson keeps the person and their records but stops them acting.
	DisablePerson(ctx context.Context, actor, email string) error
	// AddPeopleWithPassword is AddPeople with a password for each, whose hash is given
	// (one person, or a demo's people who share one), all in one transaction: nobody is
	// ever left added without the password they were given.
	AddPeopleWithPassword(ctx context.Context, actor string, ps []people.Person, hash string) error
	// SetPasswordHash keeps a password hash (never a password) for the person.
	SetPasswordHash(ctx context.Context, actor, email, hash string) error
	// PasswordHash returns the person's password hash, "" when they have none.
	PasswordHash(ctx context.Context, email string) (string, error)
	// UpdatePerson changes the name, role, workplaces, start day, title and Onboarded day
	// of the person with p's email to p's (not Disabled: see DisablePerson), and appends
	// one audit entry naming each field that changed, from what to what; a change that
	// changes nothing appends nothing. A person unknown gets ErrNotFound.
	UpdatePerson(ctx context.Context, actor string, p people.Person) error

	// CreateInvitation keeps an invitation for inv's person, who must be known (else
	// ErrNotFound) and not disabled (ErrDisabled), and appends an audit entry without
	// the token or its hash. From then on the person's earlier invitations no longer
	// work. A person who has a password gets ErrPasswordSet, unless inv.Reset: then the
	// audit entry says that the invitation replaces their password. A hash already kept
	// gives ErrExists.
	CreateInvitation(ctx context.Context, actor string, inv Invitation) (Invitation, error)
	// Invitation returns the invitation whose token has that hash, or ErrNotFound. Spent
	// and expired ones are returned too, with ErrSpent or ErrExpired as at now.
	Invitation(ctx context.Context, tokenHash string, now time.Time) (Invitation, error)
	// AcceptInvitation spends the invitation and keeps the password hash for its person
	// in one transaction, with the audit entry of a password set by that person, and
	// returns the person. It ends every session of that person in the same transaction
	// (whoever knew a password it replaces may be signed in with it), and no other
	// invitation. An
	// invitation used already gives ErrSpent; one past its time at at, or replaced by a
	// newer one, ErrExpired; of a disabled person, ErrDisabled; and one never made,
	// ErrNotFound.
	AcceptInvitation(ctx context.Context, tokenHash, passwordHash string, at time.Time) (people.Person, error)

	// RecordAck records a's person acknowledging a's policy version, at the store's time.
	// When that person already acknowledged that version it returns the record kept
	// then and created false, and appends nothing to the audit log.
	RecordAck(ctx context.Context, a Acknowledgment) (kept Acknowledgment, created bool, err error)
	// AcksOf returns a person's acknowledgments, oldest first.
	AcksOf(ctx context.Context, email string) ([]Acknowledgment, error)
	// AcksOfWorkplace returns the acknowledgments of the people of a workplace, by
	// email and then oldest first.
	AcksOfWorkplace(ctx context.Context, workplace string) ([]Acknowledgment, error)
	// Acks returns every acknowledgment, of people disabled too, by email and then
	// oldest first.
	Acks(ctx context.Context) ([]Acknowledgment, error)

	// SetTick records t when it is later (by At) than the change the store has for that
	// person's item; at the same At, done wins; an identical At and Done is a repeat and
	// changes nothing. So every change converges on the latest, whichever order the
	// devices send them in. It returns the tick that stands and whether t was applied.
	// An applied tick is appended to the audit log (ActionTick, with t.By as the actor)
	// in the same transaction. A person unknown gets ErrNotFound, a disabled one
	// ErrDisabled.
	SetTick(ctx context.Context, t Tick) (stands Tick, applied bool, err error)
	// TicksOf returns the ticks of a person's checklists, by checklist and item.
	TicksOf(ctx context.Context, email string) ([]Tick, error)
	// TicksOfWorkplace returns the ticks of the people of a workplace, by email,
	// checklist and item.
	TicksOfWorkplace(ctx context.Context, workplace string) ([]Tick, error)

	// CreateSession keeps a new session, and forgets the sessions that expired before
	// it was created. The token is never kept, only its hash. A person unknown gets
	// ErrNotFound, a disabled one ErrDisabled, and a hash already kept ErrExists.
	// Sessions are not records: no change to them is in the audit log.
	CreateSession(ctx context.Context, s Session) error
	// Session returns the session whose token has that hash, or ErrNotFound when there
	// is none (never made, ended, or forgotten), or ErrDisabled when its person is
	// disabled. Whether it is still valid (its lifetime and idle time) is the caller's
	// rule.
	Session(ctx context.Context, tokenHash string) (Session, error)
	// TouchSession notes that the session was used at at: LastSeen moves to at, never
	// back. A session that is not there gives ErrNotFound.
	TouchSession(ctx context.Context, tokenHash string, at time.Time) error
	// EndSession forgets one session; ending one that is not there is no error.
	EndSession(ctx context.Context, tokenHash string) error
	// EndSessionsOf forgets every session of a person, or returns ErrNotFound for a
	// person unknown. DisablePerson does it too, in the same transaction.
	EndSessionsOf(ctx context.Context, email string) error

	// KeepRevision keeps the text of a policy's revision the first time it is served
	// as that version, with that time as FirstServed; when that version and revision of
	// that policy are kept already it keeps nothing and returns what was kept. A version
	// raised without a change of text (staff asked again each year) is a new record of
	// the same revision, so that VersionsServed knows when it was first asked for.
	KeepRevision(ctx context.Context, r Revision) (Revision, error)
	// Revision returns the kept text of a policy's revision, as it was first kept
	// (under its earliest version), or ErrNotFound.
	Revision(ctx context.Context, policy, revision string) (Revision, error)
	// VersionsServed returns, for every version of every policy that has a revision
	// kept, the time the first of its revisions was served: when staff were first
	// asked to acknowledge that version.
	VersionsServed(ctx context.Context) (map[PolicyVersion]time.Time, error)

	// AddSuggestion keeps s from its Author, open, at the store's time, with its audit
	// entry, and returns it with its ID and times. An author unknown gets ErrNotFound, a
	// disabled one ErrDisabled.
	AddSuggestion(ctx context.Context, s Suggestion) (Suggestion, error)
	// Suggestion returns the suggestion with that id, or ErrNotFound.
	Suggestion(ctx context.Context, id int64) (Suggestion, error)
	// Suggestions returns those q picks, oldest first.
	Suggestions(ctx context.Context, q SuggestionQuery) ([]Suggestion, error)
	// SetSuggestion sets the status and answer of suggestion id, as actor, with the
	// audit entry in the same transaction, and returns it as it stands. Setting what is
	// there already changes nothing and appends nothing. An id unknown gets ErrNotFound.
	SetSuggestion(ctx context.Context, actor string, id int64, status, answer string) (Suggestion, error)

	// AuditLog walks the audit log from its first entry, as audit.Verify reads it.
	AuditLog(ctx context.Context) iter.Seq2[audit.Entry, error]
	// AuditHead returns the head of the audit log as the store keeps it.
	AuditHead(ctx context.Context) (audit.Head, error)

	// Close waits for the write in progress and closes the store; calling it again
	// does nothing.
	Close() error
}
