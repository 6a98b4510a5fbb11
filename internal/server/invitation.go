package server

import (
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/handbok/handbok/internal/people"
	"github.com/handbok/handbok/internal/store"
)

// An invitation is a one-time link a supervisor gives a new person to set their
// password. The token is in the link only: the records keep its hash, the audit log
// neither, and the access log leaves out the query.
//
// A supervisor invites only a person who has never set a password: a link for someone
// who has one would let whoever holds it take the account over. An administrator may
// (a reset for someone who forgot theirs), and the audit entry says that the link
// replaces a password.

// invite makes an invitation for p and returns its token, or the UI text key of why
// there is none.
func (rc *records) invite(r *http.Request, v *visitor, p people.Person) (token, problem string) {
	token, hash := newToken()
	_, err := rc.store.CreateInvitation(r.Context(), v.Email, store.Invitation{TokenHash: hash, Email: p.Email, Created: rc.s.now(),
		Reset: v.Role == people.Admin})
	switch {
	case errors.Is(err, store.ErrDisabled):
		return "", "people_invite_disabled"
	case errors.Is(err, store.ErrPasswordSet):
		return "", "people_invite_has_password"
	case err != nil:
		rc.s.Log.Error("records: making an invitation", "person", p.Email, "err", err)
		return "", "records_unavailable"
	}
	return token, ""
}

// inviteProblemCode is the status of a page that says why no invitation was made.
func inviteProblemCode(problem string) int {
	if problem == "records_unavailable" {
		return http.StatusServiceUnavailable
	}
	return http.StatusConflict
}

// invitedCookie carries an invitation link just made from the form that made it to the
// page it redirects to, which shows the link once and clears it: a reload shows it no
// more and sends no form again, and the token is in no address, so in no access log or
// browser history. It lives a few minutes, for the workplaces' pages only, HttpOnly and
// SameSite=Strict, and holds, after the token, a mark of the session it was made in, so
// that no other session sees it. A cookie rather than the server's memory: behind a
// load balancer the redirect may reach another instance.
const invitedCookie = "handbok_invited"

// invitedFor is how long the link waits for the page that shows it.
const invitedFor = 10 * time.Minute

// keepInvited gives the browser token, to be shown once by takeInvited.
func (rc *records) keepInvited(w http.ResponseWriter, r *http.Request, token string) {
	http.SetCookie(w, rc.invited(r, token+"."+sessionMark(r), int(invitedFor/time.Second)))
}

func (rc *records) invited(r *http.Request, value string, maxAge int) *http.Cookie {
	return &http.Cookie{Name: invitedCookie, Value: value, Path: rc.s.EscapedPrefix() + workplacePath, MaxAge: maxAge,
		HttpOnly: true, Secure: rc.s.isHTTPS(r), SameSite: http.SameSiteStrictMode}
}

// sessionMark stands for the session r's cookie holds, without being its token or the
// hash the records keep of it.
func sessionMark(r *http.Request) string {
	c, err := r.Cookie(cookieName)
	if err != nil {
		return ""
	}
	return hashToken("invited " + c.Value)[:16]
}

// takeInvited returns the invitation link that keepInvited gave the browser, and clears
// it, when it was made in this session, still works and is for a person fits accepts;
// nil otherwise.
func (rc *records) takeInvited(w http.ResponseWriter, r *http.Request, fits func(people.Person) bool) *invitedLink {
	c, err := r.Cookie(invitedCookie)
	if err != nil {
		return nil
	}
	http.SetCookie(w, rc.invited(r, "", -1))
	token, mark, ok := strings.Cut(c.Value, ".")
	if !ok || token == "" || len(token) > 100 || mark != sessionMark(r) {
		return nil
	}
	inv, err := rc.store.Invitation(r.Context(), hashToken(token), rc.s.now())
	var p people.Person
	if err == nil {
		p, err = rc.store.Person(r.Context(), inv.Email)
	}
	if problem, _ := invitationProblem(err); problem == "records_unavailable" {
		rc.s.Log.Error("records: reading an invitation just made", "err", err)
	}
	if err != nil || !fits(p) {
		return nil
	}
	return &invitedLink{Name: p.Name, URL: rc.invitationLink(r, token), Expires: inv.Expires}
}

// invitationLink is the address of the invitation page with token, as the browser
// reaches this server.
func (rc *records) invitationLink(r *http.Request, token string) string {
	scheme := "http://"
	if rc.s.isHTTPS(r) {
		scheme = "https://"
	}
	return scheme + rc.s.publicHost(r) + rc.s.EscapedPrefix() + invitationPath + "?token=" + token
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
	if !rc.s.parseForm(w, r, maxBody) {
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
