package server

import (
	"errors"
	"net/http"
	"runtime"
	"strings"
	"time"
)

// Paths of the pages the server makes itself, under the handbook's root. They are under
// _handbok/, which content cannot take, like the live-reload script.
const (
	signInPath     = "/_handbok/sign-in"
	myPoliciesPath = "/_handbok/my-policies"
	signOutPath    = "/_handbok/sign-out"
	workplacePath  = "/_handbok/workplaces/"
	firstAdminPath = "/_handbok/first-admin"
	invitationPath = "/_handbok/invitation"
	suggestPath    = "/_handbok/suggestions"
)

// now is the server's clock; tests set theirs.
func (s *Server) now() time.Time {
	if s.clock != nil {
		return s.clock()
	}
	return time.Now()
}

// recordsRoutes adds the API and the pages of the records to mux.
func (s *Server) recordsRoutes(mux *routeTable) {
	rc := &records{s: s, store: s.Records, throttle: newSignInThrottle(), hashing: make(chan struct{}, runtime.GOMAXPROCS(0)),
		suggestLimit: newSuggestThrottle()}
	mux.HandleFunc("POST /api/session", rc.serveSignIn)
	mux.HandleFunc("DELETE /api/session", rc.serveSignOut)
	mux.HandleFunc("GET /api/me", rc.api(rc.serveMe))
	mux.HandleFunc("POST /api/acks", rc.api(rc.serveAck))
	// A policy's id may have slashes (sundlaug/oryggisreglur), written as they are or
	// escaped.
	mux.HandleFunc("GET /api/policies/{rest...}", rc.api(rc.serveChanges))
	// A checklist's id may have slashes too (sundlaug/mottaka): the item is after the
	// last /items/.
	mux.HandleFunc("PUT /api/checklists/{rest...}", rc.api(rc.serveTick))
	mux.HandleFunc("GET /api/people/{email}/onboarding", rc.api(rc.servePersonOnboarding))
	mux.HandleFunc("POST /api/suggestions", rc.api(rc.serveSuggest))
	mux.HandleFunc("GET /api/suggestions", rc.api(rc.serveSuggestionsList))
	mux.HandleFunc("PATCH /api/suggestions/{id}", rc.api(rc.serveSuggestStatus))
	mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, "there is no such API request: the README's \"The records API\" lists them")
	})
	mux.HandleFunc("GET "+signInPath, rc.serveSignInPage)
	mux.HandleFunc("POST "+signInPath, rc.serveSignInForm)
	mux.HandleFunc("GET "+firstAdminPath, rc.serveFirstAdminPage)
	mux.HandleFunc("POST "+firstAdminPath, rc.serveFirstAdminForm)
	mux.HandleFunc("GET "+myPoliciesPath, rc.serveMyPolicies)
	mux.HandleFunc("POST "+signOutPath, rc.serveSignOutForm)
	mux.HandleFunc("GET "+signOutPath, func(w http.ResponseWriter, r *http.Request) {
		// The sign-out button is on Mínar stefnur: a link cannot sign out.
		http.Redirect(w, r, rc.s.EscapedPrefix()+myPoliciesPath+"#sign-out", http.StatusSeeOther)
	})
	mux.HandleFunc("GET "+workplacePath+"{slug}", rc.serveWorkplacePage)
	mux.HandleFunc("GET "+workplacePath+"{slug}/onboarding", rc.serveOnboardingPage)
	mux.HandleFunc("POST "+workplacePath+"{slug}/onboarding", rc.serveOnboardingForm)
	mux.HandleFunc("GET "+workplacePath+"{slug}/people", rc.servePeoplePage)
	mux.HandleFunc("POST "+workplacePath+"{slug}/people", rc.serveAddPerson)
	mux.HandleFunc("GET "+workplacePath+"{slug}/people/{email}", rc.servePersonPage)
	mux.HandleFunc("POST "+workplacePath+"{slug}/people/{email}", rc.servePersonForm)
	mux.HandleFunc("GET "+suggestPath, rc.serveSuggestionsPage)
	mux.HandleFunc("GET "+suggestPath+"/{id}", rc.serveSuggestionLink)
	mux.HandleFunc("POST "+suggestPath+"/{id}", rc.serveSuggestionForm)
	mux.HandleFunc("GET "+invitationPath, rc.serveInvitationPage)
	mux.HandleFunc("POST "+invitationPath, rc.serveInvitationForm)
	mux.HandleFunc("GET /api/workplaces/{slug}/acks", rc.workplaceAPI(rc.serveWorkplaceAcks))
	mux.HandleFunc("GET /api/workplaces/{slug}/acks.csv", rc.workplaceAPI(rc.serveWorkplaceCSV))
	mux.HandleFunc("GET /api/workplaces/{slug}/onboarding", rc.workplaceAPI(rc.serveWorkplaceOnboarding))
}

// api runs h for a person signed in, and answers 401 (or, for a person the proxy
// names who is not in the records, 403) for anyone else.
func (rc *records) api(h func(http.ResponseWriter, *http.Request, *visitor)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		v, err := rc.who(r)
		switch {
		case errors.Is(err, errUnknownSSO):
			writeError(w, http.StatusForbidden, "you are not in the handbook's records; ask "+rc.contact()+" to add you")
		case err != nil:
			rc.unavailable(w, "finding who is signed in", err)
		case v == nil:
			writeError(w, http.StatusUnauthorized, "sign in first")
		default:
			h(w, r, v)
		}
	}
}

// contact is whom to ask to be added to the records.
func (rc *records) contact() string {
	if c := rc.s.Auth.Contact; c != "" {
		return c
	}
	return "the handbook's administrator"
}

// recordsCookie tells the pages' records script that this server keeps the records, so
// that it asks who is signed in; on any other web server (or from disk) it does not ask,
// and no request fails. It holds nothing else.
const recordsCookie = "handbok_records"

// markRecords gives every page of the site the records cookie; the records' own pages
// get it where they are drawn.
func (s *Server) markRecords(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if p := r.URL.Path; strings.HasSuffix(p, "/") || strings.HasSuffix(p, ".html") {
			s.setRecordsCookie(w)
		}
		next.ServeHTTP(w, r)
	})
}

func (s *Server) setRecordsCookie(w http.ResponseWriter) {
	w.Header().Add("Set-Cookie", (&http.Cookie{Name: recordsCookie, Value: "1", Path: s.EscapedPrefix() + "/", SameSite: http.SameSiteLaxMode}).String())
}
