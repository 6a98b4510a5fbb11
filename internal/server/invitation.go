package server

import (
	"errors"
	"net/http"

	"github.com/handbok/handbok/internal/people"
	"github.com/handbok/handbok/internal/store"
)

// An invitation is a one-time link a supervisor gives a new person (or one who lost
// their password) to set their password. The token is in the link only: the records
// keep its hash, the audit log neither, and the access log leaves out the query.

// invite makes an invitation for p and returns the link to give them, or the UI text key
// of why there is none.
func (rc *records) invite(r *http.Request, v *visitor, p people.Person) (*invitedLink, string) {
	token, hash := newToken()
	inv, err := rc.store.CreateInvitation(r.Context(), v.Email, store.Invitation{TokenHash: hash, Email: p.Email, Created: rc.s.now()})
	if errors.Is(err, store.ErrDisabled) {
		return nil, "people_invite_disabled"
	}
	if err != nil {
		rc.s.Log.Error("records: making an invitation", "person", p.Email, "err", err)
		return nil, "records_unavailable"
	}
	scheme := "http://"
	if rc.s.isHTTPS(r) {
		scheme = "https://"
	}
	link := scheme + rc.s.publicHost(r) + rc.s.EscapedPrefix() + invitationPath + "?token=" + token
	return &invitedLink{Name: p.Name, URL: link, Expires: inv.Expires}, ""
}

// invitationPage is what the invitation layout shows.
type invitationPage struct {
	Action, Token     string
	Name, Email       string
	Problem           string // the UI text key of what is wrong
	MinPasswordLength int
	SignIn            string
}

// serveInvitationPage is GET /_handbok/invitation?token=…: the form to set a password,
// or why the link no longer works.
func (rc *records) serveInvitationPage(w http.ResponseWriter, r *http.Request) {
	token := r.URL.Query().Get("token")
	page, code := rc.invitationPage(r, token)
	rc.s.draw(w, code, "invitation", "invitation_title", page)
}

// invitationPage is the page of the invitation whose token is given, and its status.
func (rc *records) invitationPage(r *http.Request, token string) (invitationPage, int) {
	page := invitationPage{Action: rc.s.EscapedPrefix() + invitationPath, MinPasswordLength: people.MinPasswordChars,
		SignIn: rc.s.EscapedPrefix() + signInPath}
	if token == "" || len(token) > 100 {
		page.Problem = "invitation_unknown"
		return page, http.StatusNotFound
	}
	inv, err := rc.store.Invitation(r.Context(), hashToken(token), rc.s.now())
	if problem, code := invitationProblem(err); problem != "" {
		if code == http.StatusServiceUnavailable {
			rc.s.Log.Error("records: reading an invitation", "err", err)
		}
		page.Problem = problem
		return page, code
	}
	p, err := rc.store.Person(r.Context(), inv.Email)
	if err != nil {
		rc.s.Log.Error("records: reading an invitation's person", "err", err)
		page.Problem = "records_unavailable"
		return page, http.StatusServiceUnavailable
	}
	page.Token, page.Name, page.Email = token, p.Name, p.Email
	return page, http.StatusOK
}

// invitationProblem is the UI text key and status of an invitation the store refused.
func invitationProblem(err error) (string, int) {
	switch {
	case err == nil:
		return "", http.StatusOK
	case errors.Is(err, store.ErrSpent):
		return "invitation_spent", http.StatusGone
	case errors.Is(err, store.ErrExpired), errors.Is(err, store.ErrDisabled):
		return "invitation_expired", http.StatusGone
	case errors.Is(err, store.ErrNotFound):
		return "invitation_unknown", http.StatusNotFound
	}
	return "records_unavailable", http.StatusServiceUnavailable
}

// serveInvitationForm is POST /_handbok/invitation: it sets the person's password,
// spends the invitation and signs them in.
func (rc *records) serveInvitationForm(w http.ResponseWriter, r *http.Request) {
	if !parseForm(w, r) {
		return
	}
	page, code := rc.invitationPage(r, r.PostForm.Get("token"))
	if page.Problem != "" {
		rc.s.draw(w, code, "invitation", "invitation_title", page)
		return
	}
	hash, err := people.HashPassword(r.PostForm.Get("password"))
	if err != nil {
		page.Problem = "invitation_password"
		rc.s.draw(w, http.StatusBadRequest, "invitation", "invitation_title", page)
		return
	}
	p, err := rc.store.AcceptInvitation(r.Context(), hashToken(page.Token), hash, rc.s.now())
	if problem, code := invitationProblem(err); problem != "" {
		if code == http.StatusServiceUnavailable {
			rc.s.Log.Error("records: accepting an invitation", "err", err)
		}
		page.Problem, page.Token = problem, ""
		rc.s.draw(w, code, "invitation", "invitation_title", page)
		return
	}
	if err := rc.startSession(w, r, p); err != nil {
		// The password is set: they sign in as anyone does.
		rc.s.Log.Error("records: a password was set through an invitation, but not signed in", "person", p.Email, "err", err)
		http.Redirect(w, r, page.SignIn, http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, rc.s.EscapedPrefix()+"/", http.StatusSeeOther)
}
