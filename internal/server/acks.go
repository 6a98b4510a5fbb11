package server

import (
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/handbok/handbok/internal/duty"
	"github.com/handbok/handbok/internal/people"
	"github.com/handbok/handbok/internal/store"
)

// ackRequest is the body of POST /api/acks.
type ackRequest struct {
	Policy  string `json:"policy"`
	Version int    `json:"version"`
	// Revision, when given, is the revision of the text the person read (the page's):
	// a text edited since, even without a new version, is refused with 409, so that the
	// record never names a text the person was not shown.
	Revision string `json:"revision,omitempty"`
}

// ackJSON is an acknowledgment as the API answers it.
type ackJSON struct {
	Policy   string    `json:"policy"`
	Version  int       `json:"version"`
	Revision string    `json:"revision"`
	At       time.Time `json:"at"`
	How      store.How `json:"how"`
}

func toAckJSON(a store.Acknowledgment) ackJSON {
	return ackJSON{Policy: a.Policy, Version: a.Version, Revision: a.Revision, At: a.At, How: a.How}
}

// serveAck is POST /api/acks: the person signed in acknowledges the current version of
// a policy they must know. 201 with the record; 200 with the record kept before when
// they acknowledged that version already; 404 for a policy that is not there or asks
// for no acknowledgment; 403 for another workplace's policy; 409 when the version is
// not the current one, or the revision read was edited since (the page is older than the
// handbook); 401 when nobody is signed in. The answer comes once the record is durable.
func (rc *records) serveAck(w http.ResponseWriter, r *http.Request, v *visitor) {
	var req ackRequest
	if !readJSON(w, r, &req) {
		return
	}
	if req.Policy == "" || req.Version < 1 {
		writeError(w, http.StatusBadRequest, `give the policy's id and the version you read, as {"policy":"thjonustustefna","version":2}`)
		return
	}
	h := rc.s.live()
	pol := h.policies[req.Policy]
	if pol == nil || !pol.Acknowledge {
		writeError(w, http.StatusNotFound, fmt.Sprintf("there is no policy %q to acknowledge", req.Policy))
		return
	}
	if !(duty.Policy{Workplace: pol.Workplace}).AppliesTo(v.Person) {
		writeError(w, http.StatusForbidden, fmt.Sprintf("%q is a policy of the staff of %s", pol.ID, h.workplaceTitle(pol.Workplace)))
		return
	}
	if req.Version != pol.Version || (req.Revision != "" && req.Revision != pol.Revision) {
		writeJSON(w, http.StatusConflict, apiError{
			Error:   fmt.Sprintf("what you read of %q (version %d) is not its current text, version %d: read that and acknowledge it", pol.ID, req.Version, pol.Version),
			Current: pol.Version})
		return
	}
	kept, created, err := rc.store.RecordAck(r.Context(), store.Acknowledgment{
		Email: v.Email, Policy: pol.ID, Version: pol.Version, Revision: pol.Revision, How: ackHow(r, v)})
	if errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrDisabled) {
		writeError(w, http.StatusUnauthorized, "sign in again")
		return
	}
	if err != nil && requestEnded(w, "recording an acknowledgment", err, rc.s.Log) {
		return
	}
	if err != nil {
		rc.s.Log.Error("records: an acknowledgment was not saved", "person", v.Email, "policy", pol.ID, "err", err)
		w.Header().Set("Retry-After", "5")
		writeError(w, http.StatusServiceUnavailable, "your acknowledgment was not saved; try again in a moment")
		return
	}
	code := http.StatusOK
	if created {
		code = http.StatusCreated
	}
	writeJSON(w, code, toAckJSON(kept))
}

// ackHow says how an acknowledgment was made: through the single-sign-on proxy, with
// the button on a page of the handbook's (the browser says the request came from this
// site), or else through the API.
func ackHow(r *http.Request, v *visitor) store.How {
	switch {
	case v.how == store.SSO:
		return store.SSO
	case r.Header.Get("Sec-Fetch-Site") == "same-origin":
		return store.Button
	}
	return store.API
}

// workplaceTitle returns a workplace's title, or its slug when the handbook has no such
// workplace.
func (h *handbook) workplaceTitle(slug string) string {
	if w := h.places[slug]; w != nil {
		return w.Title
	}
	return slug
}

// personJSON is a person as the API shows them to themselves.
type personJSON struct {
	Email      string          `json:"email"`
	Name       string          `json:"name"`
	Role       people.Role     `json:"role"`
	Workplaces []workplaceJSON `json:"workplaces"`
	// SSO: signed in through the proxy, so signing out is the proxy's business.
	SSO bool `json:"sso"`
}

type workplaceJSON struct {
	Slug  string `json:"slug"`
	Title string `json:"title"`
	URL   string `json:"url"`
}

func (rc *records) personJSON(p people.Person, how store.How) personJSON {
	h := rc.s.live()
	out := personJSON{Email: p.Email, Name: p.Name, Role: p.Role, Workplaces: []workplaceJSON{}, SSO: how == store.SSO}
	for _, slug := range p.Workplaces {
		wj := workplaceJSON{Slug: slug, Title: slug}
		if w := h.places[slug]; w != nil {
			wj.Title, wj.URL = w.Title, w.URL
		}
		out.Workplaces = append(out.Workplaces, wj)
	}
	return out
}
