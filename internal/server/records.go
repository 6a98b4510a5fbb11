package server

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/handbok/handbok/internal/audit"
	"github.com/handbok/handbok/internal/manifest"
	"github.com/handbok/handbok/internal/people"
	"github.com/handbok/handbok/internal/store"
)

// Records is the records store as the server uses it (see internal/store for what each
// method promises).
type Records interface {
	Person(ctx context.Context, email string) (people.Person, error)
	People(ctx context.Context, workplace string) ([]people.Person, error)
	AddPeople(ctx context.Context, actor string, ps []people.Person) error
	AddPeopleWithPassword(ctx context.Context, actor string, ps []people.Person, hash string) error
	PasswordHash(ctx context.Context, email string) (string, error)
	SetPasswordHash(ctx context.Context, actor, email, hash string) error
	UpdatePerson(ctx context.Context, actor string, p people.Person) error
	DisablePerson(ctx context.Context, actor, email string) error

	CreateInvitation(ctx context.Context, actor string, inv store.Invitation) (store.Invitation, error)
	Invitation(ctx context.Context, tokenHash string, now time.Time) (store.Invitation, error)
	AcceptInvitation(ctx context.Context, tokenHash, passwordHash string, at time.Time) (people.Person, error)

	RecordAck(ctx context.Context, a store.Acknowledgment) (store.Acknowledgment, bool, error)
	AcksOf(ctx context.Context, email string) ([]store.Acknowledgment, error)
	AcksOfWorkplace(ctx context.Context, workplace string) ([]store.Acknowledgment, error)

	SetTick(ctx context.Context, t store.Tick) (store.Tick, bool, error)
	TicksOf(ctx context.Context, email string) ([]store.Tick, error)
	TicksOfWorkplace(ctx context.Context, workplace string) ([]store.Tick, error)

	CreateSession(ctx context.Context, s store.Session) error
	Session(ctx context.Context, tokenHash string) (store.Session, error)
	TouchSession(ctx context.Context, tokenHash string, at time.Time) error
	EndSession(ctx context.Context, tokenHash string) error
	EndSessionsOf(ctx context.Context, email string) error

	Revision(ctx context.Context, policy, revision string) (store.Revision, error)
	VersionsServed(ctx context.Context) (map[store.PolicyVersion]time.Time, error)

	AuditHead(ctx context.Context) (audit.Head, error)

	AddSuggestion(ctx context.Context, s store.Suggestion) (store.Suggestion, error)
	Suggestion(ctx context.Context, id int64) (store.Suggestion, error)
	Suggestions(ctx context.Context, q store.SuggestionQuery) ([]store.Suggestion, error)
	SetSuggestion(ctx context.Context, actor string, id int64, status, answer string) (store.Suggestion, error)
}

// handbook is what the records part of the server knows of the build that is live: its
// manifest, read again after every build.
type handbook struct {
	m          *manifest.Manifest
	policies   map[string]*manifest.Policy
	checklists map[string]*manifest.Checklist
	places     map[string]*manifest.Workplace
	pages      map[string]*manifest.Page // by URL
	duty       dutyPolicies
}

func newHandbook(m *manifest.Manifest) *handbook {
	h := &handbook{m: m, policies: map[string]*manifest.Policy{}, checklists: map[string]*manifest.Checklist{},
		places: map[string]*manifest.Workplace{}, pages: map[string]*manifest.Page{}}
	for i := range m.Policies {
		h.policies[m.Policies[i].ID] = &m.Policies[i]
	}
	for i := range m.Checklists {
		h.checklists[m.Checklists[i].ID] = &m.Checklists[i]
	}
	for i := range m.Workplaces {
		h.places[m.Workplaces[i].Slug] = &m.Workplaces[i]
	}
	for i := range m.Pages {
		h.pages[m.Pages[i].URL] = &m.Pages[i]
	}
	return h
}

// SetManifest gives the server the manifest of the build that is live: the policies
// people acknowledge and the workplaces they belong to.
func (s *Server) SetManifest(m *manifest.Manifest) { s.handbook.Store(newHandbook(m)) }

// HasManifest reports whether SetManifest was called.
func (s *Server) HasManifest() bool { return s.handbook.Load() != nil }

// live returns the handbook that is live, or an empty one before the first build.
func (s *Server) live() *handbook {
	if h := s.handbook.Load(); h != nil {
		return h
	}
	return newHandbook(&manifest.Manifest{})
}

// apiError is the body of every error the API answers.
type apiError struct {
	Error string `json:"error"`
	// Current is the policy's current version, with 409.
	Current int `json:"current,omitempty"`
}

// writeJSON answers v as JSON with code; nothing the API answers is kept by a browser
// or a proxy.
func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(v)
}

func writeError(w http.ResponseWriter, code int, msg string) {
	writeJSON(w, code, apiError{Error: msg})
}

// maxBody bounds a JSON request's body: an email and a password, or a policy id.
const maxBody = 8 << 10

// readJSON decodes a request's JSON body into v, or answers why it cannot (415 for
// another content type, 413 for a body too long, 400 for one that is not the object
// asked for) and returns false.
func readJSON(w http.ResponseWriter, r *http.Request, v any) bool {
	return readJSONUpTo(w, r, v, maxBody)
}

// readJSONUpTo is readJSON for a body of at most limit bytes.
func readJSONUpTo(w http.ResponseWriter, r *http.Request, v any, limit int64) bool {
	if ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); ct != "application/json" {
		writeError(w, http.StatusUnsupportedMediaType, "send the request as JSON (Content-Type: application/json)")
		return false
	}
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, limit))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var tooLong *http.MaxBytesError
		if errors.As(err, &tooLong) {
			writeError(w, http.StatusRequestEntityTooLarge, "the request is too long")
		} else {
			writeError(w, http.StatusBadRequest, "the request is not the JSON object expected: "+err.Error())
		}
		return false
	}
	if _, err := dec.Token(); err != io.EOF {
		writeError(w, http.StatusBadRequest, "the request has more than one JSON value")
		return false
	}
	return true
}

// records is the records part of a server: its routes share the throttles and the
// first-admin link.
type records struct {
	s          *Server
	store      Records
	throttle   *signInThrottle
	hashing    chan struct{} // a slot per password being checked
	ssoSaid    atomic.Bool   // an untrusted address sent the single-sign-on header
	diffs      diffCache
	workplaces workplaceRecords
	// suggestLimit counts the suggestions each person sent lately.
	suggestLimit *suggestThrottle
}
