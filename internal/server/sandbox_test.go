package server

import (
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestSVGSandboxed: an SVG or XML file is sent with a second policy that sandboxes it,
// so that opened by itself it runs no script; pages and scripts are not.
func TestSVGSandboxed(t *testing.T) {
	dir := site(t)
	if err := os.WriteFile(filepath.Join(dir, "myndir", "gogn.xml"), []byte("<x/>"), 0o644); err != nil {
		t.Fatal(err)
	}
	srv := newServer(t, &Server{Dir: dir})
	for _, c := range []struct {
		path    string
		sandbox bool
	}{
		{"/assets/icon.svg", true}, {"/myndir/gogn.xml", true},
		{"/index.html", false}, {"/sw.js", false}, {"/myndir/kort.png", false},
	} {
		csp := get(t, srv.URL+c.path).Header.Values("Content-Security-Policy")
		if got := slices.Contains(csp, "sandbox"); got != c.sandbox || len(csp) == 0 || !strings.Contains(csp[0], "default-src 'self'") {
			t.Errorf("%s: Content-Security-Policy %q, want sandbox %v and the site's policy", c.path, csp, c.sandbox)
		}
	}
}

// TestLinkOutOfSite: a symbolic link in the site's folder to a file outside it is not
// followed: 404, as for any path with no file to serve, not an error of the server.
func TestLinkOutOfSite(t *testing.T) {
	dir := site(t)
	secret := filepath.Join(t.TempDir(), "secret.txt")
	if err := os.WriteFile(secret, []byte("lykilorð"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, link := range []string{"abs.txt", "rel.txt", "myndir/folder"} {
		target := secret
		switch link {
		case "rel.txt":
			rel, err := filepath.Rel(dir, secret)
			if err != nil {
				t.Fatal(err)
			}
			target = rel
		case "myndir/folder":
			target = filepath.Dir(secret)
		}
		if err := os.Symlink(target, filepath.Join(dir, filepath.FromSlash(link))); err != nil {
			t.Skipf("no symbolic links here: %v", err)
		}
	}
	srv := newServer(t, &Server{Dir: dir})
	for _, p := range []string{"/abs.txt", "/rel.txt", "/myndir/folder/secret.txt"} {
		res := get(t, srv.URL+p)
		body, _ := io.ReadAll(res.Body)
		if res.StatusCode != 404 || strings.Contains(string(body), "lykilorð") {
			t.Errorf("%s: %d %q, want 404", p, res.StatusCode, body)
		}
	}
}
