package server

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"net/http"
	"net/netip"
	"time"

	"github.com/handbok/handbok/internal/people"
	"github.com/handbok/handbok/internal/store"
)

// Session rules. A session lasts a working day at most, and ends sooner when it is not
// used for an hour, so that a shared computer in a staff room does not stay signed in
// as the last person who used it.
const (
	SessionLifetime = 10 * time.Hour
	SessionIdle     = time.Hour
	// touchEvery: how stale a session's LastSeen may be before a request writes it
	// again, so that reading a page is not a write to the records each time.
	touchEvery = time.Minute
	cookieName = "handbok_session"
)

// visitor is who made a request: a person and how they are known.
type visitor struct {
	people.Person
	how       store.How // store.Button (password) or store.SSO
	tokenHash string    // of the session; "" under single sign-on
}

// errUnknownSSO: the single-sign-on proxy names a person who is not in the records.
var errUnknownSSO = errors.New("not in the records")

// newToken returns a fresh session token and the hash the store keeps of it.
func newToken() (token, hash string) {
	b := make([]byte, 32)
	rand.Read(b)
	token = base64.RawURLEncoding.EncodeToString(b)
	return token, hashToken(token)
}

func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// who returns who made r: the person the single-sign-on header names when r comes from
// a trusted proxy, else the person whose session the cookie holds. It returns nil when
// nobody is signed in, and errUnknownSSO for a person the proxy vouches for who is not
// in the records.
func (rc *records) who(r *http.Request) (*visitor, error) {
	if email, ok := rc.ssoEmail(r); ok {
		return rc.ssoVisitor(r.Context(), email)
	}
	c, err := r.Cookie(cookieName)
	if err != nil || c.Value == "" || len(c.Value) > 100 {
		return nil, nil
	}
	return rc.sessionVisitor(r.Context(), hashToken(c.Value))
}

// sessionVisitor returns the person of a session that is still valid; one past its
// lifetime or idle too long is ended. A session ended meanwhile is nobody's.
func (rc *records) sessionVisitor(ctx context.Context, hash string) (*visitor, error) {
	sess, err := rc.store.Session(ctx, hash)
	if errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrDisabled) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	now := rc.s.now()
	if now.Sub(sess.Created) > SessionLifetime || now.Sub(sess.LastSeen) > SessionIdle {
		return nil, rc.store.EndSession(ctx, hash)
	}
	p, err := rc.store.Person(ctx, sess.Email)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil
	}
	if err != nil || p.Disabled {
		return nil, err
	}
	if now.Sub(sess.LastSeen) > touchEvery {
		err := rc.store.TouchSession(ctx, hash, now)
		if errors.Is(err, store.ErrNotFound) {
			return nil, nil
		}
		if err != nil {
			return nil, err
		}
	}
	return &visitor{Person: p, how: sess.How, tokenHash: hash}, nil
}

// ssoEmail returns the email the single-sign-on header gives, when it is set and the
// request comes from a trusted proxy. From anywhere else the header is ignored, and
// the first time that happens it is logged.
func (rc *records) ssoEmail(r *http.Request) (string, bool) {
	a := rc.s.Auth
	if a.Header == "" {
		return "", false
	}
	value := r.Header.Get(a.Header)
	if value == "" {
		return "", false
	}
	if !a.trusts(r.RemoteAddr) {
		if rc.ssoSaid.CompareAndSwap(false, true) {
			rc.s.Log.Warn("ignored the single-sign-on header from an address that is not a trusted proxy (said once)",
				"header", a.Header, "remote", remoteHost(r))
		}
		return "", false
	}
	email, err := people.NormalizeEmail(value)
	if err != nil {
		return "", false
	}
	return email, true
}

// ssoVisitor returns the person the proxy names, adding them as an employee first when
// the handbook lets unknown people in.
func (rc *records) ssoVisitor(ctx context.Context, email string) (*visitor, error) {
	p, err := rc.store.Person(ctx, email)
	if errors.Is(err, store.ErrNotFound) && rc.s.Auth.CreateUnknown != "" {
		np := people.Person{Email: email, Name: email, Role: rc.s.Auth.CreateUnknown}
		if err = rc.store.AddPeople(ctx, "sso", []people.Person{np}); err == nil || errors.Is(err, store.ErrExists) {
			p, err = rc.store.Person(ctx, email)
		}
	}
	if errors.Is(err, store.ErrNotFound) {
		return nil, errUnknownSSO
	}
	if err != nil {
		return nil, err
	}
	if p.Disabled {
		return nil, errUnknownSSO
	}
	return &visitor{Person: p, how: store.SSO}, nil
}

// Auth is how people sign in besides their password: through a single-sign-on proxy.
type Auth struct {
	// Header names the person's email in requests from TrustedProxies; "" turns single
	// sign-on off.
	Header string
	// TrustedProxies are the proxies in front of the server: their X-Forwarded-For,
	// -Proto and -Host are believed (for the sign-in throttle, the cookie's Secure and
	// the Origin check), and their Header when it is set.
	TrustedProxies []netip.Prefix
	// CreateUnknown, when set, is the role of a person the proxy names who is not in the
	// records; otherwise they are shown whom to ask.
	CreateUnknown people.Role
	// Contact is whom a person who is not in the records should ask, for that page.
	Contact string
}

func (a Auth) trusts(remoteAddr string) bool {
	ap, err := netip.ParseAddrPort(remoteAddr)
	if err != nil {
		return false
	}
	addr := ap.Addr().Unmap()
	for _, p := range a.TrustedProxies {
		if p.Contains(addr) {
			return true
		}
	}
	return false
}

// setSessionCookie gives the browser a session's token: only for this site's paths,
// never to scripts, not sent along from other sites' pages, and only over https when
// the handbook is served so.
func (s *Server) setSessionCookie(w http.ResponseWriter, r *http.Request, token string) {
	http.SetCookie(w, &http.Cookie{Name: cookieName, Value: token, Path: s.EscapedPrefix() + "/",
		MaxAge: int(SessionLifetime / time.Second), HttpOnly: true, Secure: s.isHTTPS(r), SameSite: http.SameSiteLaxMode})
}

func (s *Server) clearSessionCookie(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: cookieName, Value: "", Path: s.EscapedPrefix() + "/",
		MaxAge: -1, HttpOnly: true, Secure: s.isHTTPS(r), SameSite: http.SameSiteLaxMode})
}

// startSession makes a session for p and gives the browser its token. A session the
// browser held before (the last person at a shared computer) ends on the server.
func (rc *records) startSession(w http.ResponseWriter, r *http.Request, p people.Person) error {
	if c, err := r.Cookie(cookieName); err == nil && c.Value != "" && len(c.Value) <= 100 {
		if err := rc.store.EndSession(r.Context(), hashToken(c.Value)); err != nil {
			return err
		}
	}
	token, hash := newToken()
	now := rc.s.now()
	err := rc.store.CreateSession(r.Context(), store.Session{TokenHash: hash, Email: p.Email, How: store.Button,
		Created: now, LastSeen: now, Expires: now.Add(SessionLifetime)})
	if err != nil {
		return err
	}
	rc.s.setSessionCookie(w, r, token)
	return nil
}
