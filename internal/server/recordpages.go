package server

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/handbok/handbok/internal/theme"
	"github.com/handbok/handbok/search"
	"github.com/handbok/handbok/themes"
)

// recordLayouts are the theme's layouts of the pages the records server draws.
var recordLayouts = []string{"signin", "firstadmin", "mypolicies", "workplaceacks", "workplaceonboarding", "workplacepeople", "invitation", "refused", "suggestions"}

// recordsTheme loads the records' layouts from the handbook's theme or, when it cannot
// draw them (a theme of one's own from before the records), from the built-in one.
func recordsTheme(themeFS fs.FS, lang string, log *slog.Logger) *theme.Theme {
	th, err := theme.Load(themeFS, lang, recordLayouts, search.ThemeAssets())
	if err == nil {
		return th
	}
	log.Warn("the theme cannot draw the records' pages; the built-in theme's are served", "err", err)
	if theme.CheckLanguage(themes.Default(), lang) != nil {
		lang = "is"
	}
	th, err = theme.Load(themes.Default(), lang, recordLayouts, search.ThemeAssets())
	if err != nil {
		log.Error("the built-in theme cannot draw the records' pages", "err", err)
		return nil
	}
	return th
}

// canDraw reports whether draw can draw the records' pages.
func (s *Server) canDraw() bool {
	p := s.pages.Load()
	return p != nil && p.records != nil
}

// draw answers a page of the records, drawn with layout and data, with code. No page of
// the records is kept by a browser, a proxy or the service worker: each is someone's. In
// watch mode it gets the live-reload script as the built pages do, which also keeps the
// page from setting up the offline copy while the handbook is being written.
func (s *Server) draw(w http.ResponseWriter, code int, layout, titleKey string, data any) {
	p := s.pages.Load()
	if p == nil || p.records == nil {
		http.Error(w, "the theme cannot draw this page", http.StatusInternalServerError)
		return
	}
	d := p.base
	d.Page.Kind, d.Page.Title, d.Records = layout, p.records.Text(titleKey), data
	var b bytes.Buffer
	if err := p.records.Execute(&b, layout, &d); err != nil {
		s.Log.Error("drawing a records page", "layout", layout, "err", err)
		http.Error(w, "the theme cannot draw this page", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	s.setRecordsCookie(w)
	w.WriteHeader(code)
	io.WriteString(w, injectBeforeBody(b.String(), s.reloadTag()))
}

// signInPage is what the sign-in layout shows.
type signInPage struct {
	Action string // where the form is sent
	Email  string
	Next   string // the page to go to once signed in, a path of this site
	// Problem is the UI text key of why the last try failed, with Wait for a throttle.
	Problem string
	Wait    int
	// SSOEmail is the email the single-sign-on proxy named, of a person who is not in
	// the records, and Contact whom they should ask.
	SSOEmail, Contact string
	// SignedOut: the person has just signed out with the button that works without a
	// script.
	SignedOut bool
	// Unsaved is an answer to a suggestion typed by someone whose session had ended,
	// shown to copy: it was not saved.
	Unsaved string
}

// serveSignInPage is GET /_handbok/sign-in: the sign-in form. Behind a single-sign-on
// proxy there is nothing to fill in: a person in the records goes on to the page they
// came from, and anyone else is told whom to ask.
func (rc *records) serveSignInPage(w http.ResponseWriter, r *http.Request) {
	page := signInPage{Action: rc.s.EscapedPrefix() + signInPath, Next: rc.localNext(r.URL.Query().Get("next")),
		SignedOut: r.URL.Query().Get("out") == "1"}
	if email, ok := rc.ssoEmail(r); ok {
		_, err := rc.ssoVisitor(r.Context(), email)
		switch {
		case err == nil:
			http.Redirect(w, r, page.Next, http.StatusSeeOther)
			return
		case errors.Is(err, errUnknownSSO):
			page.Problem, page.SSOEmail, page.Contact = "sso_unknown", email, rc.s.Auth.Contact
			rc.s.draw(w, http.StatusForbidden, "signin", "sign_in_title", page)
			return
		default:
			rc.s.Log.Error("records: single sign-on", "err", err)
			page.Problem = "records_unavailable"
			rc.s.draw(w, http.StatusServiceUnavailable, "signin", "sign_in_title", page)
			return
		}
	}
	rc.s.draw(w, http.StatusOK, "signin", "sign_in_title", page)
}

// serveSignInForm is POST /_handbok/sign-in, the form sent without a script: on
// success it goes on to the page the person came from; otherwise it shows the form again
// with why.
func (rc *records) serveSignInForm(w http.ResponseWriter, r *http.Request) {
	if !rc.s.parseForm(w, r, maxBody) {
		return
	}
	page := signInPage{Action: rc.s.EscapedPrefix() + signInPath, Email: r.PostForm.Get("email"),
		Next: rc.localNext(r.PostForm.Get("next"))}
	p, err := rc.signIn(r.Context(), page.Email, r.PostForm.Get("password"), rc.s.clientAddr(r))
	if err == nil {
		err = rc.startSession(w, r, p)
	}
	var throttled throttledError
	code := http.StatusOK
	switch {
	case err == nil:
		http.Redirect(w, r, page.Next, http.StatusSeeOther)
		return
	case errors.As(err, &throttled):
		w.Header().Set("Retry-After", throttled.retryAfter())
		code, page.Problem = http.StatusTooManyRequests, "sign_in_throttled"
		page.Wait, _ = strconv.Atoi(throttled.retryAfter())
	case errors.Is(err, errWrongPassword):
		code, page.Problem = http.StatusUnauthorized, "sign_in_wrong"
	default:
		rc.s.Log.Error("records: signing in", "err", err)
		code, page.Problem = http.StatusServiceUnavailable, "records_unavailable"
	}
	rc.s.draw(w, code, "signin", "sign_in_title", page)
}

// localNext returns next when it is a path of this handbook, and the front page
// otherwise, so that the sign-in form cannot send anyone to another site.
func (rc *records) localNext(next string) string {
	home := rc.s.EscapedPrefix() + "/"
	u, err := url.Parse(next)
	if err != nil || next == "" || u.Scheme != "" || u.Host != "" || u.Opaque != "" ||
		!strings.HasPrefix(next, home) || strings.HasPrefix(next, "//") || strings.ContainsAny(next, "\\\r\n") {
		return home
	}
	return next
}
