package server

import (
	"net/http"
	"net/url"
	"path"
	"strings"
)

// route sends a request for a path that is not in its simplest form to that form, and
// takes Prefix off the path for next; a path outside Prefix is not found, and Prefix
// alone is sent to Prefix + "/". Every redirect keeps Prefix and the query.
func (s *Server) route(next http.Handler, notFound http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := r.URL.Path
		if clean := cleanPath(p); clean != p {
			redirect(w, r, clean)
			return
		}
		if s.Prefix == "" {
			next.ServeHTTP(w, r)
			return
		}
		if p == s.Prefix {
			redirect(w, r, p+"/")
			return
		}
		rest, ok := strings.CutPrefix(p, s.Prefix)
		if !ok || !strings.HasPrefix(rest, "/") {
			notFound(w, r)
			return
		}
		inner := new(http.Request)
		*inner = *r
		inner.URL = new(url.URL)
		*inner.URL = *r.URL
		inner.URL.Path = rest
		inner.URL.RawPath = ""
		if raw, ok := strings.CutPrefix(r.URL.RawPath, s.EscapedPrefix()); ok {
			inner.URL.RawPath = raw
		}
		next.ServeHTTP(w, inner)
	})
}

// cleanPath is p without empty, . and .. segments, its trailing slash kept.
func cleanPath(p string) string {
	if p == "" || p[0] != '/' {
		p = "/" + p
	}
	clean := path.Clean(p)
	if strings.HasSuffix(p, "/") && clean != "/" {
		clean += "/"
	}
	return clean
}

// redirect sends the browser to target, a clean path of this server, with the query
// kept: permanently, since a path's clean form does not change. target is escaped, so
// that no character of it (a backslash) can make it another site's address.
func redirect(w http.ResponseWriter, r *http.Request, target string) {
	loc := (&url.URL{Path: target}).EscapedPath()
	if r.URL.RawQuery != "" {
		loc += "?" + r.URL.RawQuery
	}
	code := http.StatusMovedPermanently
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		code = http.StatusPermanentRedirect // keeps the method and body
	}
	http.Redirect(w, r, loc, code)
}
