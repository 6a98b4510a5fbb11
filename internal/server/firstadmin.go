package server

import (
	"context"
	"crypto/subtle"
	"errors"
	"net/http"
	"sync"
	"time"

	"github.com/handbok/handbok/internal/people"
)

// FirstAdmin is the one-time link that `handbok serve` prints when the records have no
// administrator: whoever opens it within its hour makes the first administrator's
// account in the browser, and then it is spent. It lives in the server's memory only,
// so a restart prints a new one.
type FirstAdmin struct {
	mu      sync.Mutex
	token   string
	expires time.Time
}

// NewFirstAdmin returns a link valid until expires, and the token that opens it.
func NewFirstAdmin(expires time.Time) (*FirstAdmin, string) {
	token, _ := newToken()
	return &FirstAdmin{token: token, expires: expires}, token
}

// Path is the link's path under the handbook's root, with its token.
func (f *FirstAdmin) Path() string { return firstAdminPath + "?token=" + f.token }

// valid reports whether token opens the link at now.
func (f *FirstAdmin) valid(token string, now time.Time) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.token != "" && now.Before(f.expires) && subtle.ConstantTimeCompare([]byte(token), []byte(f.token)) == 1
}

// spend makes the link unusable; it reports whether it was still valid, so that two
// people racing for it cannot both become the first administrator.
func (f *FirstAdmin) spend(token string, now time.Time) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.token == "" || !now.Before(f.expires) || subtle.ConstantTimeCompare([]byte(token), []byte(f.token)) != 1 {
		return false
	}
	f.token = ""
	return true
}

// firstAdminPage is what the first-admin layout shows.
type firstAdminPage struct {
	Action, Token     string
	Email, Name       string
	Problem           string // the UI text key of what is wrong
	MinPasswordLength int
	SignIn            string // the sign-in page, for a link that no longer works
}

// serveFirstAdminPage is GET /_handbok/first-admin?token=…: the form, or 404 for a link
// that is spent, expired or not this one (as if there were no such page).
func (rc *records) serveFirstAdminPage(w http.ResponseWriter, r *http.Request) {
	token := r.URL.Query().Get("token")
	if rc.s.FirstAdmin == nil || !rc.s.FirstAdmin.valid(token, rc.s.now()) {
		rc.firstAdminSpent(w)
		return
	}
	rc.s.draw(w, http.StatusOK, "firstadmin", "first_admin_title", rc.firstAdminPage(token))
}

func (rc *records) firstAdminPage(token string) firstAdminPage {
	return firstAdminPage{Action: rc.s.EscapedPrefix() + firstAdminPath, Token: token, MinPasswordLength: people.MinPasswordChars}
}

// serveFirstAdminForm is POST /_handbok/first-admin: it makes the administrator, signs
// them in and spends the link.
func (rc *records) serveFirstAdminForm(w http.ResponseWriter, r *http.Request) {
	if !rc.s.parseForm(w, r, maxBody) {
		return
	}
	token := r.PostForm.Get("token")
	now := rc.s.now()
	if rc.s.FirstAdmin == nil || !rc.s.FirstAdmin.valid(token, now) {
		rc.firstAdminSpent(w)
		return
	}
	page := rc.firstAdminPage(token)
	page.Email, page.Name = r.PostForm.Get("email"), r.PostForm.Get("name")
	p, err := people.NewPerson(page.Email, page.Name, string(people.Admin), nil, "", nil)
	if err != nil {
		page.Problem = "first_admin_details"
		rc.s.draw(w, http.StatusBadRequest, "firstadmin", "first_admin_title", page)
		return
	}
	hash, err := people.HashPassword(r.PostForm.Get("password"))
	if err != nil {
		page.Problem = "first_admin_password"
		rc.s.draw(w, http.StatusBadRequest, "firstadmin", "first_admin_title", page)
		return
	}
	if !rc.s.FirstAdmin.spend(token, now) {
		rc.firstAdminSpent(w)
		return
	}
	ctx := r.Context()
	if err := rc.addFirstAdmin(ctx, p, hash); errors.Is(err, errAdminExists) {
		rc.firstAdminSpent(w)
		return
	} else if err != nil {
		rc.s.Log.Error("records: making the first administrator", "err", err)
		page.Problem = "records_unavailable"
		rc.s.FirstAdmin.mu.Lock()
		rc.s.FirstAdmin.token = token // nothing was made: the link still works
		rc.s.FirstAdmin.mu.Unlock()
		rc.s.draw(w, http.StatusServiceUnavailable, "firstadmin", "first_admin_title", page)
		return
	}
	if err := rc.startSession(w, r, p); err != nil {
		// The administrator is there with their password: they sign in as anyone does.
		rc.s.Log.Error("records: the first administrator was made, but not signed in", "person", p.Email, "err", err)
		http.Redirect(w, r, rc.s.EscapedPrefix()+signInPath, http.StatusSeeOther)
		return
	}
	rc.s.Log.Info("the first administrator was made through the one-time link", "person", p.Email)
	http.Redirect(w, r, rc.s.EscapedPrefix()+"/", http.StatusSeeOther)
}

// firstAdminSpent answers 404 for a first-administrator link that does not work (used,
// expired, from an earlier run of serve, or never made), saying what to do instead.
func (rc *records) firstAdminSpent(w http.ResponseWriter) {
	rc.s.draw(w, http.StatusNotFound, "firstadmin", "first_admin_title", firstAdminPage{
		Problem: "first_admin_spent", SignIn: rc.s.EscapedPrefix() + signInPath})
}

// errAdminExists: an administrator was made meanwhile (on the command line, or through
// another instance's link).
var errAdminExists = errors.New("the records have an administrator already")

// addFirstAdmin adds p with the password whose hash is given, unless the records have
// an active administrator already.
func (rc *records) addFirstAdmin(ctx context.Context, p people.Person, hash string) error {
	everyone, err := rc.store.People(ctx, "")
	if err != nil {
		return err
	}
	for _, q := range everyone {
		if q.Role == people.Admin && !q.Disabled {
			return errAdminExists
		}
	}
	return rc.store.AddPeopleWithPassword(ctx, "first-admin link", []people.Person{p}, hash)
}
