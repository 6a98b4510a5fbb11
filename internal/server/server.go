package server

import (
	"context"
	"errors"
	"fmt"
	"html"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"time"
)

// Server serves a built handbook: its files, the search API and, in watch mode, the live
// reload events.
type Server struct {
	// Dir is the folder of the built site.
	Dir string
	// Prefix is the path the site is published under, from handbok.yaml's base_url
	// ("/handbok" for https://intranet.example.is/handbok/), or "".
	Prefix string
	// Search answers /api/search; nil leaves it out.
	Search Searcher
	// Reload, when set, is watch mode: pages get the live-reload script and its events,
	// and requests are not logged, so that the terminal shows what the builds say.
	Reload *Reload
	Log    *slog.Logger

	pages atomic.Pointer[Pages] // see SetPages
}

// SetPages sets how the server draws its own pages, for the build that is live; until
// it is called, they are plain.
func (s *Server) SetPages(p *Pages) { s.pages.Store(p) }

// Handler returns the server's routes, wrapped in the security headers and, in
// production (no Reload), the access log.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	site := files{dir: s.Dir}
	if s.Reload != nil {
		site.inject = `<script src="` + s.Prefix + reloadScriptPath + `" defer></script>`
		mux.Handle("GET "+reloadScriptPath, http.HandlerFunc(s.serveReloadScript))
		mux.Handle("GET "+reloadEventsPath, s.Reload)
	}
	site.notFound = func(w http.ResponseWriter, r *http.Request) { s.notFound(w, r, site.inject) }
	mux.Handle("/", site)
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		w.Write([]byte("ok\n"))
	})
	if s.Search != nil {
		mux.Handle("/api/search", SearchHandler(s.Search, s.Log))
	}
	var h http.Handler = mux
	if s.Prefix != "" {
		h = http.StripPrefix(s.Prefix, h)
	}
	h = securityHeaders(h)
	if s.Reload != nil {
		return h
	}
	return s.accessLog(h)
}

// securityHeaders tells browsers what the handbook's pages may do: scripts and styles
// from the site only, no framing by other sites, no guessing of content types.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("X-Frame-Options", "DENY")
		next.ServeHTTP(w, r)
	})
}

// statusRecorder notes the status and size of a response for the access log.
type statusRecorder struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (r *statusRecorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	n, err := r.ResponseWriter.Write(b)
	r.bytes += int64(n)
	return n, err
}

// Unwrap lets http.ResponseController reach the connection (for the events stream).
func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// accessLog writes one structured line per request. It logs the path without the query,
// and no headers: cookies and tokens never reach the log.
func (s *Server) accessLog(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w}
		next.ServeHTTP(rec, r)
		if rec.status == 0 {
			rec.status = http.StatusOK
		}
		s.Log.Info("request", "method", r.Method, "path", r.URL.Path, "status", rec.status,
			"bytes", rec.bytes, "ms", float64(time.Since(start).Microseconds())/1000, "remote", remoteHost(r))
	})
}

func remoteHost(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// Serve serves on ln until ctx is done, then shuts down gracefully: requests under way
// get up to ten seconds to finish. The caller listens, so that a port that cannot be
// had is known before anything else is done.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{
		Handler:           s.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second, // the events stream lifts it for itself
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(s.Log.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	if s.Reload != nil {
		s.Reload.Close()
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		return err
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// PrefixOf returns the path of a base URL without its trailing slash: "/handbok" for
// "https://intranet.example.is/handbok/", "" for a site at the root.
func PrefixOf(baseURL string) string {
	if baseURL == "" {
		return ""
	}
	rest := baseURL
	if i := strings.Index(rest, "://"); i >= 0 {
		rest = rest[i+3:]
		if j := strings.IndexByte(rest, '/'); j >= 0 {
			rest = rest[j:]
		} else {
			rest = ""
		}
	}
	return strings.TrimSuffix(rest, "/")
}

// notFound answers 404 with the theme's page-not-found page, its links from the site's
// root under Prefix, or, when the theme cannot draw it, a plain page that links to the
// front page. inject is added to it as to every page.
func (s *Server) notFound(w http.ResponseWriter, r *http.Request, inject string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	w.WriteHeader(http.StatusNotFound)
	if r.Method == http.MethodHead {
		return
	}
	if p := s.pages.Load(); p != nil && p.notFound != nil {
		io.WriteString(w, injectBeforeBody(string(p.notFound), inject))
		return
	}
	fmt.Fprintf(w, `<!DOCTYPE html><html lang="is"><meta charset="utf-8"><title>404</title><main><h1>Síðan fannst ekki · Page not found</h1><p><a href="%s/index.html">Forsíða · Front page</a></p></main>%s</html>`,
		html.EscapeString(s.Prefix), inject)
}
