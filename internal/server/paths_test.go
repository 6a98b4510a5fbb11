package server

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// rawGet sends a request line as it is (a browser would clean or encode the path
// first) and returns the response.
func rawGet(t *testing.T, base, target string) *http.Response {
	t.Helper()
	conn, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	io.WriteString(conn, "GET "+target+" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// TestBadPaths: a path that does not lead to a file of the site is not found, whatever
// the reason the system gives: a link out of the site, a NUL, a name too long.
func TestBadPaths(t *testing.T) {
	dir := site(t)
	outside := t.TempDir()
	if err := os.WriteFile(filepath.Join(outside, "secret.html"), []byte("secret"), 0o644); err != nil {
		t.Fatal(err)
	}
	for name, target := range map[string]string{
		"out.html": filepath.Join(outside, "secret.html"),
		"out":      outside,
		"loop":     filepath.Join(dir, "loop"),
	} {
		if err := os.Symlink(target, filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	srv := newServer(t, &Server{Dir: dir})
	for _, path := range []string{
		"/out.html",
		"/out/secret.html",
		"/out/",
		"/loop",
		"/index.html%00",
		"/%00",
		"/stefnur%00/",
		"/" + strings.Repeat("a", 256) + ".html",
		"/" + strings.Repeat("a", 256) + "/index.html",
		"/" + strings.Repeat("a/", 3000) + "x",
	} {
		res := rawGet(t, srv.URL, path)
		if res.StatusCode != http.StatusNotFound {
			t.Errorf("%.60s: %d, want 404", path, res.StatusCode)
		}
	}
}

// TestRoutes: paths are cleaned by redirecting to their clean form, a folder's address
// gets its slash (so that the page's relative links work), and under a base path the
// prefix is kept in every redirect and is a whole path segment.
func TestRoutes(t *testing.T) {
	dir := site(t)
	at := map[string]string{
		"":         newServer(t, &Server{Dir: dir}).URL,
		"/handbok": newServer(t, &Server{Dir: dir, Prefix: "/handbok"}).URL,
		"/handbók": newServer(t, &Server{Dir: dir, Prefix: PrefixOf("https://x.is/handb%C3%B3k/")}).URL,
	}
	for _, c := range []struct {
		prefix, path string
		code         int
		location     string
	}{
		{"", "/stefnur", 301, "/stefnur/"},
		{"", "/stefnur?q=sund&x=1", 301, "/stefnur/?q=sund&x=1"},
		{"", "/stefnur/", 200, ""},
		{"", "//stefnur/", 301, "/stefnur/"},
		{"", "/a/../stefnur/./", 301, "/stefnur/"},
		{"", "/myndir", 404, ""}, // a folder without a page
		{"", "/index.html", 200, ""},
		{"", "/%5Cevil.example/./", 301, "/%5Cevil.example/"},
		{"/handbok", "/handbok", 301, "/handbok/"},
		{"/handbok", "/handbok?q=sund", 301, "/handbok/?q=sund"},
		{"/handbok", "/handbok/", 200, ""},
		{"/handbok", "/handbok/stefnur", 301, "/handbok/stefnur/"},
		{"/handbok", "/handbok/stefnur?q=a%20b", 301, "/handbok/stefnur/?q=a%20b"},
		{"/handbok", "/handbok/stefnur/", 200, ""},
		{"/handbok", "/handbok//stefnur/", 301, "/handbok/stefnur/"},
		{"/handbok", "/handbok/x/../stefnur/", 301, "/handbok/stefnur/"},
		{"/handbok", "/handbok/./index.html", 301, "/handbok/index.html"},
		{"/handbok", "/handbokx/", 404, ""},
		{"/handbok", "/handbokx/index.html", 404, ""},
		{"/handbok", "/handbokstefnur/", 404, ""},
		{"/handbok", "/stefnur/", 404, ""},
		{"/handbok", "/", 404, ""},
		{"", "/index.html/", 301, "/index.html"},
		{"", "/stefnur/index.html/", 301, "/stefnur/index.html"},
		{"/handbok", "/handbok/stefnur/index.html/", 301, "/handbok/stefnur/index.html"},
		{"/handbók", "/handb%C3%B3k/", 200, ""},
		{"/handbók", "/handb%C3%B3k/stefnur/", 200, ""},
		{"/handbók", "/handb%C3%B3k", 301, "/handb%C3%B3k/"},
		{"/handbók", "/handb%C3%B3k/stefnur", 301, "/handb%C3%B3k/stefnur/"},
		{"/handbók", "/handb%25C3%25B3k/", 404, ""},
	} {
		res := rawGet(t, at[c.prefix], c.path)
		if res.StatusCode != c.code || res.Header.Get("Location") != c.location {
			t.Errorf("%s (prefix %q): %d %q, want %d %q", c.path, c.prefix, res.StatusCode, res.Header.Get("Location"), c.code, c.location)
		}
	}
}
