package server

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/handbok/handbok/internal/people"
	"github.com/handbok/handbok/internal/store"
)

// Why a sign-in failed, as signIn tells its callers.
var (
	errWrongPassword = errors.New("the email or the password is wrong")
	errThrottled     = errors.New("too many tries")
)

// throttledError says how long to wait.
type throttledError struct{ wait time.Duration }

func (e throttledError) Error() string { return errThrottled.Error() }
func (e throttledError) Unwrap() error { return errThrottled }

// retryAfter is the wait in whole seconds, at least one, for a Retry-After header.
func (e throttledError) retryAfter() string {
	return strconv.Itoa(int(math.Ceil(max(e.wait, time.Second).Seconds())))
}

// dummyHash is checked against when the account does not exist or has no password, so
// that the answer takes as long as for a wrong password and does not tell who has an
// account. It is made when first needed: every command of handbok links the server.
var dummyHash = sync.OnceValue(func() string {
	h, err := people.HashPassword("not anyone's password at all")
	if err != nil {
		panic(err) // the password is long enough, and random bytes do not run out
	}
	return h
})

// signIn checks a person's password, within the throttles, and returns them. A wrong
// email, a wrong password, a disabled person and one without a password all give
// errWrongPassword.
func (rc *records) signIn(ctx context.Context, email, password, remoteAddr string) (people.Person, error) {
	norm, err := people.NormalizeEmail(email)
	if err != nil {
		norm = "" // every string that is not an email shares one account's tries
	}
	wait, giveBack := rc.throttle.try(norm, remoteAddr, rc.s.now())
	if giveBack == nil {
		return people.Person{}, throttledError{wait}
	}
	p, err := rc.store.Person(ctx, norm)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return people.Person{}, err
	}
	hash := ""
	if err == nil && !p.Disabled {
		if hash, err = rc.store.PasswordHash(ctx, norm); err != nil {
			return people.Person{}, err
		}
	}
	ok, rehash, err := rc.checkPassword(ctx, hash, password)
	if err != nil {
		return people.Person{}, err
	}
	if !ok {
		return people.Person{}, errWrongPassword
	}
	giveBack()
	if rehash {
		if h, err := people.HashPassword(password); err == nil {
			if err := rc.store.SetPasswordHash(ctx, norm, norm, h); err != nil {
				rc.s.Log.Warn("could not store a stronger password hash", "person", norm, "err", err)
			}
		}
	}
	return p, nil
}

// checkPassword checks pw against hash ("" checks against a hash nobody has), in one of
// the slots that bound how many hashes are computed at once: each takes a few tens of
// megabytes.
func (rc *records) checkPassword(ctx context.Context, hash, pw string) (ok, rehash bool, err error) {
	select {
	case rc.hashing <- struct{}{}:
		defer func() { <-rc.hashing }()
	case <-ctx.Done():
		return false, false, ctx.Err()
	}
	if hash == "" {
		people.CheckPassword(dummyHash(), pw)
		return false, false, nil
	}
	ok, rehash, err = people.CheckPassword(hash, pw)
	if errors.Is(err, people.ErrBadHash) {
		rc.s.Log.Error("a stored password hash cannot be read", "err", err)
		return false, false, nil
	}
	return ok, rehash, err
}

// signInRequest is the body of POST /api/session.
type signInRequest struct {
	Email    string `json:"email"`
	Password string `json:"password"`
}

// serveSignIn is POST /api/session: 200 with who signed in and the session cookie,
// 401 for a wrong email or password, 429 with Retry-After when throttled.
func (rc *records) serveSignIn(w http.ResponseWriter, r *http.Request) {
	var req signInRequest
	if !readJSON(w, r, &req) {
		return
	}
	p, err := rc.signIn(r.Context(), req.Email, req.Password, rc.s.clientAddr(r))
	if !rc.signInFailed(w, err) {
		if err := rc.startSession(w, r, p); err != nil {
			rc.unavailable(w, "signing in", err)
			return
		}
		writeJSON(w, http.StatusOK, rc.personJSON(p, store.Button))
	}
}

// signInFailed answers a failed sign-in and reports whether it failed.
func (rc *records) signInFailed(w http.ResponseWriter, err error) bool {
	var throttled throttledError
	switch {
	case err == nil:
		return false
	case errors.As(err, &throttled):
		w.Header().Set("Retry-After", throttled.retryAfter())
		writeError(w, http.StatusTooManyRequests, fmt.Sprintf("too many tries: wait %s seconds and try again", throttled.retryAfter()))
	case errors.Is(err, errWrongPassword):
		writeError(w, http.StatusUnauthorized, errWrongPassword.Error())
	default:
		rc.unavailable(w, "signing in", err)
	}
	return true
}

// serveSignOut is DELETE /api/session: the session ends on the server, and the browser
// forgets its cookie and everything it kept of the handbook (its HTTP cache, the offline
// copy and the service worker), so that the next person at a shared computer starts
// afresh; the next page opened keeps the handbook offline again. With ?everywhere=1
// every other session of the person ends too.
func (rc *records) serveSignOut(w http.ResponseWriter, r *http.Request) {
	if err := rc.endSession(w, r, r.URL.Query().Get("everywhere") == "1"); err != nil {
		rc.unavailable(w, "signing out", err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// serveSignOutForm is POST /_handbok/sign-out, the buttons on Mínar stefnur that work
// without a script: it ends the session as DELETE /api/session does, every session of
// the person for the button whose everywhere is 1, and goes on to the sign-in page,
// which says it is done.
func (rc *records) serveSignOutForm(w http.ResponseWriter, r *http.Request) {
	if err := rc.endSession(w, r, r.PostFormValue("everywhere") == "1"); err != nil {
		rc.s.Log.Error("records: signing out", "err", err)
		w.Header().Set("Retry-After", "5")
		http.Error(w, rc.s.recordsText("records_unavailable"), http.StatusServiceUnavailable)
		return
	}
	http.Redirect(w, r, rc.s.EscapedPrefix()+signInPath+"?out=1", http.StatusSeeOther)
}

// endSession ends the session of the request's cookie, if any, and tells the browser to
// forget it and what it kept of the records. With everywhere, a session that is still
// valid ends with every other session of its person, on other devices too; one that is
// not ends alone, so that an old cookie cannot sign its person out elsewhere.
func (rc *records) endSession(w http.ResponseWriter, r *http.Request, everywhere bool) error {
	if c, err := r.Cookie(cookieName); err == nil && c.Value != "" && len(c.Value) <= 100 {
		hash := hashToken(c.Value)
		if everywhere {
			v, err := rc.sessionVisitor(r.Context(), hash)
			if err != nil {
				return err
			}
			if v != nil {
				if err := rc.store.EndSessionsOf(r.Context(), v.Email); err != nil && !errors.Is(err, store.ErrNotFound) {
					return err
				}
			}
		}
		if err := rc.store.EndSession(r.Context(), hash); err != nil {
			return err
		}
	}
	rc.s.clearSessionCookie(w, r)
	w.Header().Set("Clear-Site-Data", `"cache", "storage"`)
	w.Header().Set("Cache-Control", "no-store")
	return nil
}

// unavailable answers 503 for a records store that failed, and logs why.
func (rc *records) unavailable(w http.ResponseWriter, doing string, err error) {
	if requestEnded(w, doing, err, rc.s.Log) {
		return
	}
	rc.s.Log.Error("records: "+doing, "err", err)
	w.Header().Set("Retry-After", "5")
	writeError(w, http.StatusServiceUnavailable, "the records cannot be reached just now; nothing was saved, try again in a moment")
}
