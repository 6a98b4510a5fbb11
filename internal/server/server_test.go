package server

import (
	"bufio"
	"compress/gzip"
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// site makes a small built site in a temporary folder.
func site(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"index.html":                    "<!DOCTYPE html><html><body><h1>Forsíða</h1>" + strings.Repeat("texti ", 400) + "</body></html>",
		"stefnur/index.html":            "<html><body>Stefnur</body></html>",
		"myndir/kort.png":               "\x89PNG",
		"assets/handbok.0123456789.css": "body{}",
		"assets/icon.svg":               "<svg/>",
		".public.new-1/secret.html":     "unfinished",
		"sw.js":                         "var BUILD = {};",
		"offline.json":                  `{"version":"1","files":[]}`,
		"manifest.webmanifest":          `{"name":"Handbók"}`,
	}
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func newServer(t *testing.T, s *Server) *httptest.Server {
	t.Helper()
	if s.Log == nil {
		s.Log = slog.New(slog.DiscardHandler)
	}
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(srv.Close)
	return srv
}

func get(t *testing.T, url string, header ...string) *http.Response {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	tr := &http.Transport{DisableCompression: true}
	res, err := (&http.Client{Transport: tr}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { res.Body.Close() })
	return res
}

func TestFiles(t *testing.T) {
	srv := newServer(t, &Server{Dir: site(t)})
	for _, c := range []struct {
		path string
		code int
	}{
		{"/", 200}, {"/index.html", 200}, {"/stefnur/", 200}, {"/stefnur", 200},
		{"/myndir/", 404}, // no listing of a folder without index.html
		{"/nope.html", 404},
		{"/../../etc/passwd", 404}, // cleaned to /etc/passwd, which the site has not
		{"/%2e%2e/%2e%2e/etc/passwd", 404},
		{"/.public.new-1/secret.html", 404}, // a build being made, or a hidden file
	} {
		if res := get(t, srv.URL+c.path); res.StatusCode != c.code {
			t.Errorf("%s: %d, want %d", c.path, res.StatusCode, c.code)
		}
	}
	// A raw request line with .. (a browser would clean it first) is not served either.
	conn, err := net.Dial("tcp", strings.TrimPrefix(srv.URL, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	io.WriteString(conn, "GET /stefnur/../../../etc/passwd HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
	status, _ := bufio.NewReader(conn).ReadString('\n')
	// The mux answers with a redirect to the cleaned path, which is inside the site.
	if strings.Contains(status, " 200 ") {
		t.Errorf("raw traversal served a file: %q", status)
	}
}

func TestHeaders(t *testing.T) {
	srv := newServer(t, &Server{Dir: site(t)})
	res := get(t, srv.URL+"/index.html")
	h := res.Header
	for name, want := range map[string]string{
		"X-Content-Type-Options": "nosniff",
		"Referrer-Policy":        "same-origin",
		"Cache-Control":          "no-cache",
		"Content-Type":           "text/html; charset=utf-8",
	} {
		if h.Get(name) != want {
			t.Errorf("%s: %q, want %q", name, h.Get(name), want)
		}
	}
	csp := h.Get("Content-Security-Policy")
	if !strings.Contains(csp, "default-src 'self'") || !strings.Contains(csp, "frame-ancestors 'none'") || strings.Contains(csp, "unsafe-inline") {
		t.Errorf("CSP %q", csp)
	}
	if res := get(t, srv.URL+"/assets/handbok.0123456789.css"); res.Header.Get("Cache-Control") != "public, max-age=31536000, immutable" {
		t.Errorf("fingerprinted asset: Cache-Control %q", res.Header.Get("Cache-Control"))
	}
	if res := get(t, srv.URL+"/assets/icon.svg"); res.Header.Get("Cache-Control") != "no-cache" {
		t.Errorf("asset without fingerprint: Cache-Control %q", res.Header.Get("Cache-Control"))
	}

	// Validators: a page not changed since is 304 with no body.
	etag := h.Get("ETag")
	if etag == "" || h.Get("Last-Modified") == "" {
		t.Fatal("no ETag or Last-Modified")
	}
	// A 304 carries the Vary of the 200 it stands for (RFC 9110, 15.4.5), so that a cache
	// keeps the gzipped and plain copies apart.
	if res := get(t, srv.URL+"/index.html", "If-None-Match", etag); res.StatusCode != http.StatusNotModified || res.Header.Get("Vary") != "Accept-Encoding" {
		t.Errorf("If-None-Match: %d, Vary %q", res.StatusCode, res.Header.Get("Vary"))
	}
	if res := get(t, srv.URL+"/index.html", "If-Modified-Since", time.Now().Add(time.Hour).UTC().Format(http.TimeFormat)); res.StatusCode != http.StatusNotModified {
		t.Errorf("If-Modified-Since: %d", res.StatusCode)
	}
}

// TestOfflineFiles: the service worker, its list and the web app manifest get the types
// browsers require, and are revalidated rather than cached for good: a new build must
// reach devices that have the handbook offline.
func TestOfflineFiles(t *testing.T) {
	srv := newServer(t, &Server{Dir: site(t), Prefix: "/handbok"})
	for name, want := range map[string]string{
		"/handbok/sw.js":                "text/javascript; charset=utf-8",
		"/handbok/offline.json":         "application/json",
		"/handbok/manifest.webmanifest": "application/manifest+json",
	} {
		res := get(t, srv.URL+name)
		if res.StatusCode != 200 || res.Header.Get("Content-Type") != want {
			t.Errorf("%s: %d %q, want 200 %q", name, res.StatusCode, res.Header.Get("Content-Type"), want)
		}
		if cc := res.Header.Get("Cache-Control"); cc != "no-cache" {
			t.Errorf("%s: Cache-Control %q, want no-cache", name, cc)
		}
	}
}

func TestGzip(t *testing.T) {
	srv := newServer(t, &Server{Dir: site(t)})
	res := get(t, srv.URL+"/index.html", "Accept-Encoding", "gzip, br")
	if res.Header.Get("Content-Encoding") != "gzip" || !strings.Contains(res.Header.Get("Vary"), "Accept-Encoding") {
		t.Fatalf("headers %v", res.Header)
	}
	zr, err := gzip.NewReader(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(zr)
	if !strings.Contains(string(body), "<h1>Forsíða</h1>") {
		t.Error("gzipped body is not the page")
	}
	if res := get(t, srv.URL+"/myndir/kort.png", "Accept-Encoding", "gzip"); res.Header.Get("Content-Encoding") != "" {
		t.Error("an image should not be gzipped")
	}
}

func TestHealthz(t *testing.T) {
	srv := newServer(t, &Server{Dir: site(t)})
	res := get(t, srv.URL+"/healthz")
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != 200 || string(body) != "ok\n" {
		t.Errorf("%d %q", res.StatusCode, body)
	}
}

func TestPrefix(t *testing.T) {
	srv := newServer(t, &Server{Dir: site(t), Prefix: PrefixOf("https://intranet.example.is/handbok/")})
	if res := get(t, srv.URL+"/handbok/stefnur/"); res.StatusCode != 200 {
		t.Errorf("under the prefix: %d", res.StatusCode)
	}
	if res := get(t, srv.URL+"/stefnur/"); res.StatusCode != 404 {
		t.Errorf("outside the prefix: %d", res.StatusCode)
	}
	for in, want := range map[string]string{"": "", "https://a.is/": "", "https://a.is": "", "https://a.is/x/y/": "/x/y"} {
		if got := PrefixOf(in); got != want {
			t.Errorf("PrefixOf(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestReload: in watch mode pages get the reload script, which builds never contain, and
// the events stream says reload after a build and shows problems after a failed one.
func TestReload(t *testing.T) {
	dir := site(t)
	plain := newServer(t, &Server{Dir: dir})
	body, _ := io.ReadAll(get(t, plain.URL+"/index.html").Body)
	if strings.Contains(string(body), reloadScriptPath) {
		t.Error("the reload script is added without watch mode")
	}
	if res := get(t, plain.URL+reloadEventsPath); res.StatusCode != 404 {
		t.Errorf("events without watch mode: %d", res.StatusCode)
	}

	reload := NewReload()
	srv := newServer(t, &Server{Dir: dir, Reload: reload})
	body, _ = io.ReadAll(get(t, srv.URL+"/index.html").Body)
	if !strings.Contains(string(body), `<script src="`+reloadScriptPath+`" defer></script></body>`) {
		t.Error("the reload script is not added before </body>")
	}
	if res := get(t, srv.URL+reloadScriptPath); res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/javascript") {
		t.Errorf("reload script: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+reloadEventsPath, nil)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	lines := bufio.NewScanner(res.Body)
	next := func() string {
		for lines.Scan() {
			if l := lines.Text(); strings.HasPrefix(l, "event: ") || strings.HasPrefix(l, "data: ") {
				if strings.HasPrefix(l, "event: ") {
					lines.Scan()
					return l + " " + lines.Text()
				}
			}
		}
		t.Fatal("the stream ended")
		return ""
	}
	lines.Scan() // the greeting comment, sent when the stream is open
	reload.Failed([]Problem{{Where: "content/a.md:4:1", Line: "acknowlege: true", Message: `unknown field "acknowlege"`}})
	if got := next(); !strings.Contains(got, "event: problems") || !strings.Contains(got, `"where":"content/a.md:4:1"`) {
		t.Errorf("after a failed build: %q", got)
	}
	reload.Built()
	if got := next(); got != "event: reload data: {}" {
		t.Errorf("after a build: %q", got)
	}
}

// The access log says what was asked and how it went, and nothing a reader sent that could
// be personal or a secret: no query string, cookie or authorization header.
func TestAccessLogKeepsNoSecrets(t *testing.T) {
	log := make(logRecords, 16)
	srv := newServer(t, &Server{Dir: site(t), Log: slog.New(log)})
	get(t, srv.URL+"/index.html?q=kennitala-0101302989", "Cookie", "session=s3cr3t-cookie",
		"Authorization", "Bearer s3cr3t-token", "Referer", srv.URL+"/?q=s3cr3t-referer")
	attrs := log.request(t, "/index.html")
	if attrs["status"] != "200" {
		t.Errorf("status %q in the access log", attrs["status"])
	}
	for key, value := range attrs {
		for _, secret := range []string{"kennitala", "s3cr3t"} {
			if strings.Contains(value, secret) {
				t.Errorf("the access log's %s has %q: %s", key, secret, value)
			}
		}
	}
}
