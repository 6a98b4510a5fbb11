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
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Server serves a built handbook: its files, the search API and, in watch mode, the live
// reload events.
type Server struct {
	// Dir is the folder of the built site.
	Dir string
	// Prefix is the path the site is published under, from handbok.yaml's base_url
	// ("/handbok" for https://intranet.example.is/handbok/), or "": unescaped, as
	// request paths are (see PrefixOf).
	Prefix string
	// Search answers /api/search; nil leaves it out.
	Search Searcher
	// SearchLimits bound the searches that run at once; the zero value is
	// DefaultSearchLimits.
	SearchLimits SearchLimits
	// Reload, when set, is watch mode: pages get the live-reload script and its events,
	// and requests are not logged, so that the terminal shows what the builds say.
	Reload *Reload
	// Log takes the access log (without Reload) and the server's errors; it must be set.
	Log *slog.Logger
	// Records, when set, are the people and their acknowledgments: the server then
	// signs people in and answers the records' API and pages. Without it the handbook
	// is served as a static site.
	Records Records
	// Auth is single sign-on through a proxy, for Records.
	Auth Auth
	// FirstAdmin, when set, is the one-time link that makes the first administrator.
	FirstAdmin *FirstAdmin

	pages      atomic.Pointer[Pages]    // see SetPages
	handbook   atomic.Pointer[handbook] // see SetManifest
	testLimits *limits                  // nil: the limits of production
	clock      func() time.Time         // nil: time.Now
}

// SetPages sets how the server draws its own pages, for the build that is live; until
// it is called, they are plain.
func (s *Server) SetPages(p *Pages) { s.pages.Store(p) }

// reloadTag is the live-reload script's tag, which every HTML page gets in watch mode
// (with a Reload), and "" otherwise.
func (s *Server) reloadTag() string {
	if s.Reload == nil {
		return ""
	}
	return `<script src="` + html.EscapeString(s.EscapedPrefix()) + reloadScriptPath + `" defer></script>`
}

// Handler returns the server's routes, wrapped in the security headers and, in
// production (no Reload), the access log.
func (s *Server) Handler() http.Handler {
	h, _ := s.routes()
	return h
}

// routes is Handler, with the patterns of its routes.
func (s *Server) routes() (http.Handler, []string) {
	mux := newRouteTable()
	site := files{dir: s.Dir, prefix: s.Prefix, pace: s.limits().pace}
	if s.Reload != nil {
		site.inject = s.reloadTag()
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
		mux.Handle("/api/search", SearchHandler(s.Search, s.SearchLimits, s.Log))
	}
	var h http.Handler = mux
	if s.Records != nil {
		s.recordsRoutes(mux)
		h = s.markRecords(mux)
	}
	h = securityHeaders(s.sameOrigin(s.route(h, site.notFound)))
	if s.Reload != nil {
		return h, mux.patterns
	}
	return s.accessLog(h), mux.patterns
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

// statusRecorder notes the status and size of a response for the access log, and
// whether it was cut off.
type statusRecorder struct {
	http.ResponseWriter
	status int
	bytes  int64
	err    error // the first write that failed
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
	r.wrote(int64(n), err)
	return n, err
}

// ReadFrom keeps the connection's own ReadFrom (sendfile) for files.
func (r *statusRecorder) ReadFrom(src io.Reader) (int64, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	n, err := io.Copy(r.ResponseWriter, src)
	r.wrote(n, err)
	return n, err
}

func (r *statusRecorder) wrote(n int64, err error) {
	r.bytes += n
	if err != nil && r.err == nil {
		r.err = err
	}
}

// Unwrap lets http.ResponseController reach the connection (for the events stream).
func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// accessLog writes one structured line per request. It logs the path without the query,
// and no headers: cookies and tokens never reach the log. bytes is what was handed to
// the connection; a response cut off (the client stopped taking it, or left) also has
// cut, saying why.
func (s *Server) accessLog(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w}
		next.ServeHTTP(rec, r)
		if rec.status == 0 {
			rec.status = http.StatusOK
		}
		attrs := []any{"method", r.Method, "path", r.URL.Path, "status", rec.status, "bytes", rec.bytes,
			"ms", float64(time.Since(start).Microseconds()) / 1000, "remote", remoteHost(r)}
		if rec.err != nil {
			attrs = append(attrs, "cut", rec.err.Error())
		}
		s.Log.Info("request", attrs...)
	})
}

func remoteHost(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// limits are the server's timeouts; tests shorten them.
type limits struct {
	writeTimeout time.Duration // for answers that set no deadline of their own
	shutdown     time.Duration // from ctx done to Serve returning
	pace         pace
}

// maxHeaderBytes bounds a request's line and headers: ample for a search and a session
// cookie, a sixteenth of Go's default.
const maxHeaderBytes = 64 << 10

func (s *Server) limits() limits {
	if s.testLimits != nil {
		return *s.testLimits
	}
	return limits{writeTimeout: 60 * time.Second, shutdown: 10 * time.Second, pace: pace{grace: writeGrace, minRate: minWriteRate}}
}

// Serve serves on ln until ctx is done, then shuts down within ten seconds: requests
// under way get eight to finish, then they are stopped (their contexts end and their
// connections close), and Serve returns when they have returned. The caller listens, so
// that a port that cannot be had is known before anything else is done.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	lim := s.limits()
	base, stop := context.WithCancel(context.Background())
	defer stop()
	var running requests
	srv := &http.Server{
		Handler:           running.track(s.Handler()),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      lim.writeTimeout, // files and the events stream set their own
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    maxHeaderBytes,
		BaseContext:       func(net.Listener) context.Context { return base },
		ErrorLog:          slog.NewLogLogger(s.Log.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	if err := s.shutdown(srv, stop, &running, lim.shutdown); err != nil {
		return err
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// shutdown stops srv within limit: it closes the events streams, lets requests under way
// finish for four fifths of it, then stops those left (stop ends their contexts) and
// waits for them for the rest.
func (s *Server) shutdown(srv *http.Server, stop context.CancelFunc, running *requests, limit time.Duration) error {
	deadline := time.Now().Add(limit)
	if s.Reload != nil {
		s.Reload.Close()
	}
	graceful, cancel := context.WithDeadline(context.Background(), deadline.Add(-limit/5))
	defer cancel()
	if srv.Shutdown(graceful) == nil {
		return nil
	}
	stop()
	srv.Close()
	left, n := running.idle()
	s.Log.Warn("shutdown: closing connections still in use", "requests", n)
	timer := time.NewTimer(time.Until(deadline))
	defer timer.Stop()
	select {
	case <-left:
		return nil
	case <-timer.C:
		_, n = running.idle()
		return fmt.Errorf("%d requests did not stop within %s of shutting down", n, limit)
	}
}

// requests counts the requests being answered, for shutdown to wait for.
type requests struct {
	mu   sync.Mutex
	n    int
	none chan struct{} // closed when n comes to 0
}

func (rq *requests) track(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rq.add(1)
		defer rq.add(-1)
		next.ServeHTTP(w, r)
	})
}

func (rq *requests) add(d int) {
	rq.mu.Lock()
	defer rq.mu.Unlock()
	if rq.n == 0 {
		rq.none = make(chan struct{})
	}
	rq.n += d
	if rq.n == 0 {
		close(rq.none)
	}
}

// idle returns a channel that is closed when no request is being answered, and how
// many are now.
func (rq *requests) idle() (<-chan struct{}, int) {
	rq.mu.Lock()
	defer rq.mu.Unlock()
	if rq.n == 0 {
		done := make(chan struct{})
		close(done)
		return done, 0
	}
	return rq.none, rq.n
}

// PrefixOf returns the path of a base URL without its trailing slash, unescaped as
// request paths are: "/handbok" for "https://intranet.example.is/handbok/", "/handbók"
// for ".../handb%C3%B3k/", "" for a site at the root.
func PrefixOf(baseURL string) string {
	u, err := url.Parse(baseURL)
	if err != nil {
		return ""
	}
	return strings.TrimSuffix(u.Path, "/")
}

// EscapedPrefix is Prefix as it is written in an address.
func (s *Server) EscapedPrefix() string { return (&url.URL{Path: s.Prefix}).EscapedPath() }

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
		html.EscapeString(s.EscapedPrefix()), inject)
}
