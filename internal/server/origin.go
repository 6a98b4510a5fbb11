package server

import (
	"net/http"
	"net/url"
	"strings"
)

// sameOrigin refuses, with 403, a request that would change something (any method but
// GET, HEAD and OPTIONS) when the browser says it comes from another site's page: its
// Origin names another host, or, without an Origin, Sec-Fetch-Site says so. Requests
// that carry neither (curl, scripts) pass; they have no cookie of a browser's to ride on.
// A form of the server's own pages (under _handbok/) is refused with a page a person
// can read, the API with its JSON error.
func (s *Server) sameOrigin(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.Method {
		case http.MethodGet, http.MethodHead, http.MethodOptions:
			next.ServeHTTP(w, r)
			return
		}
		if !s.fromThisSite(r) {
			if strings.HasPrefix(strings.TrimPrefix(r.URL.Path, s.Prefix), "/_handbok/") && s.canDraw() {
				s.draw(w, http.StatusForbidden, "refused", "refused_title", refusal{Problem: "refused_cross_site"})
				return
			}
			writeError(w, http.StatusForbidden, "refused: the request comes from another site's page")
			return
		}
		next.ServeHTTP(w, r)
	})
}

// fromThisSite reports whether a browser sent r from one of this site's pages (the host
// it asked for, also behind a trusted proxy that rewrites it), or r is not from a
// browser's page at all. Either header saying another site is enough to refuse: a
// browser computes Sec-Fetch-Site from the page's own address, so this site's pages
// always send same-origin, proxy or not.
func (s *Server) fromThisSite(r *http.Request) bool {
	switch r.Header.Get("Sec-Fetch-Site") {
	case "cross-site", "same-site":
		return false
	}
	if origin := r.Header.Get("Origin"); origin != "" {
		u, err := url.Parse(origin)
		// "null" (a sandboxed frame, a page from disk) and anything unreadable are
		// another site.
		return err == nil && u.Host != "" && (u.Host == r.Host || u.Host == s.publicHost(r))
	}
	return true
}
