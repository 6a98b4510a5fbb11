package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// output is what a running serve prints, safe to read while it writes.
type output struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (o *output) Write(p []byte) (int, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.b.Write(p)
}

func (o *output) String() string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.b.String()
}

// TestServeTerminal: while writing, a rebuild that fails prints its headline and then
// its errors, and requests are not logged.
func TestServeTerminal(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "handbok.yaml", "title: Prófun\n")
	write(t, dir, "content/_index.md", "# Prófun\n")
	write(t, dir, "content/stefna.md", "---\ntitle: Stefna\nkind: policy\n---\nTexti.\n")
	var out output
	base := startServeTo(t, dir, &out)
	body(t, base+"/stefna.html")
	body(t, base+"/healthz")
	next := events(t, base)

	write(t, dir, "content/stefna.md", "---\ntitle: Stefna\nkind: polcy\nacknowlege: true\n---\nTexti.\n")
	if name, _ := next(); name != "problems" {
		t.Fatalf("after a broken edit: event %q", name)
	}
	// The event is sent after the terminal has been told.
	text := out.String()
	headline := strings.Index(text, "content/stefna.md changed: build failed (2 errors)")
	first, second := strings.Index(text, "stefna.md:3:7: "), strings.Index(text, "stefna.md:4:1: ")
	if headline < 0 || first < 0 || second < 0 || headline > first || headline > second {
		t.Errorf("the headline of a failed rebuild must come before its errors:\n%s", text)
	}
	if strings.Contains(text, "msg=request") {
		t.Errorf("requests are logged while writing:\n%s", text)
	}
}

// TestServeRebuildHeadline: the headline of a rebuild that worked says how many pages
// it wrote of how many, or that none needed it, and how many warnings the site has.
func TestServeRebuildHeadline(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "handbok.yaml", "title: Prófun\n")
	write(t, dir, "content/_index.md", "# Prófun\n")
	write(t, dir, "content/stefna.md", "---\ntitle: Stefna\nkind: policy\n---\nSjá [reglur](vantar.md).\n")
	write(t, dir, "content/b.md", "---\ntitle: B\n---\nTexti.\n")
	var out output
	base := startServeTo(t, dir, &out)
	next := events(t, base)
	for _, c := range []struct{ text, headline string }{
		{"Texti breyttur.", `content/b\.md changed: rebuilt 1 of 3 pages in \S+, 1 warning\n`},
		{"Texti breyttur.", `content/b\.md changed: nothing to rewrite \(3 pages up to date\) in \S+, 1 warning\n`},
	} {
		write(t, dir, "content/b.md", "---\ntitle: B\n---\n"+c.text+"\n")
		if name, _ := next(); name != "reload" {
			t.Fatalf("after an edit: event %q", name)
		}
		// The event is sent after the terminal has been told.
		if text := out.String(); !regexp.MustCompile(c.headline).MatchString(text) {
			t.Errorf("no headline matching %s:\n%s", c.headline, text)
		}
	}
}

// TestServeFailedRebuildWarnings: a rebuild that fails, which stops before it checks
// links, still shows the warnings the last good build gave about files that have not
// changed since, grouped as a build groups them, and counts them in its headline.
func TestServeFailedRebuildWarnings(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "handbok.yaml", "title: Prófun\n")
	write(t, dir, "content/_index.md", "# Prófun\n")
	for i := range 6 {
		write(t, dir, fmt.Sprintf("content/s%d.md", i), "# Síða\n\nSjá [reglur](vantar.md).\n")
	}
	write(t, dir, "content/b.md", "---\ntitle: B\n---\nTexti.\n")
	var out output
	base := startServeTo(t, dir, &out)
	next := events(t, base)
	broken := "---\ntitle: B\nkind: polcy\n---\nSjá [reglur](vantar.md).\n"
	for _, c := range []struct{ file, data, headline, group string }{
		// No file with a warning changed.
		{"content/b.md", broken, "content/b.md changed: build failed (1 error, 6 warnings)", "… the same warning in 5 more places"},
		// s0.md changed: whether its link still fails is known after the next good build.
		{"content/s0.md", broken, "content/s0.md changed: build failed (2 errors, 5 warnings)", "… the same warning in 4 more places"},
		// handbok.yaml governs every warning.
		{"handbok.yaml", "title: Prófun\nfront_matter: {unknown_keys: warm}\n", "handbok.yaml changed: build failed (", ""},
	} {
		before := len(out.String())
		write(t, dir, c.file, c.data)
		if name, _ := next(); name != "problems" {
			t.Fatalf("after a broken edit of %s: event %q", c.file, name)
		}
		text := out.String()[before:]
		headline, warning := strings.Index(text, c.headline), strings.Index(text, "warning: link to vantar.md")
		if c.group == "" && (headline < 0 || warning >= 0) {
			t.Errorf("after a broken edit of %s: want %q, and no link warnings:\n%s", c.file, c.headline, text)
		}
		if c.group != "" && (headline < 0 || warning < headline || !strings.Contains(text, c.group)) {
			t.Errorf("after a broken edit of %s: want %q, then the link warnings with %q:\n%s", c.file, c.headline, c.group, text)
		}
	}
}

// TestServeNoWatchLogsRequests: in production every request is logged.
func TestServeNoWatchLogsRequests(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "content/_index.md", "# Prófun\n")
	var out output
	base := startServeTo(t, dir, &out, "--no-watch")
	// The log line is written before a response this small leaves the server.
	body(t, base+"/healthz")
	if text := out.String(); !strings.Contains(text, "msg=request method=GET path=/healthz status=200") {
		t.Errorf("no access log line for /healthz:\n%s", text)
	}
}

// TestListenAddr: --addr is HOST:PORT or a port alone, which listens on this computer
// only; anything else is a mistake on the command line, said with what to write.
func TestListenAddr(t *testing.T) {
	for addr, want := range map[string]string{
		"8080":             "127.0.0.1:8080",
		":8080":            "127.0.0.1:8080",
		"0":                "127.0.0.1:0",
		"127.0.0.1:1313":   "127.0.0.1:1313",
		"0.0.0.0:80":       "0.0.0.0:80",
		"localhost:1313":   "localhost:1313",
		"[::1]:1313":       "[::1]:1313",
		"intranet.is:8080": "intranet.is:8080",
	} {
		if got, err := listenAddr(addr); got != want || err != nil {
			t.Errorf("listenAddr(%q) = %q, %v; want %q", addr, got, err, want)
		}
	}
	for addr, says := range map[string]string{
		"":           "--addr is empty",
		"bad:x":      `--addr bad:x: the port "x" is not a number`,
		"localhost":  "--addr localhost: no port",
		"1:2:3":      "--addr 1:2:3: no port",
		":70000":     `the port "70000" is not a number from 0 to 65535`,
		"8080 ":      "--addr 8080 : no port",
		"127.0.0.1:": `the port "" is not a number`,
	} {
		_, err := listenAddr(addr)
		if err == nil || !errors.Is(err, errUsage) || !strings.Contains(err.Error(), says) || !strings.Contains(err.Error(), "a port alone such as 8080") {
			t.Errorf("listenAddr(%q): %v; want a usage error saying %q and what to write", addr, err, says)
		}
	}
}

// TestListenAddrURL: an address written as a URL, as a browser shows it, is told how
// to write it for --addr.
func TestListenAddrURL(t *testing.T) {
	for addr, says := range map[string]string{
		"http://127.0.0.1:8100/":  "--addr http://127.0.0.1:8100/: write the address without http:// and the / after it: --addr 127.0.0.1:8100",
		"https://0.0.0.0:8443":    "--addr https://0.0.0.0:8443: write the address without https://: --addr 0.0.0.0:8443",
		"http://localhost/":       "--addr http://localhost/: write the address without http:// and the / after it, and with a port: --addr localhost:1313",
		"http://[::1]:8080/hand/": "--addr http://[::1]:8080/hand/: write the address without http:// and the /hand/ after it: --addr [::1]:8080",
	} {
		_, err := listenAddr(addr)
		if err == nil || !errors.Is(err, errUsage) || !strings.Contains(err.Error(), says) {
			t.Errorf("listenAddr(%q): %v; want a usage error saying %q", addr, err, says)
		}
	}
}

// TestServeBarePort: a port alone serves on this computer.
func TestServeBarePort(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "content/_index.md", "# Prófun\n\nVelkomin.\n")
	base := startServe(t, dir, "--addr", "0", "--no-watch")
	if !strings.HasPrefix(base, "http://127.0.0.1:") || !strings.Contains(body(t, base+"/index.html"), "Velkomin.") {
		t.Errorf("--addr 0 serves at %s", base)
	}
}

// serveFails runs serve with args on a new project that builds, and returns its error;
// it fails the test if anything was built or printed before it.
func serveFails(t *testing.T, args ...string) error {
	t.Helper()
	dir := t.TempDir()
	write(t, dir, "content/_index.md", "# Prófun\n")
	var out bytes.Buffer
	err := serve(context.Background(), append([]string{"--source", dir}, args...), &out, &out, serveHooks{})
	if _, statErr := os.Stat(filepath.Join(dir, "public")); statErr == nil || out.Len() > 0 {
		t.Errorf("serve %s built the site before failing:\n%s", strings.Join(args, " "), out.String())
	}
	return err
}

// TestServeBadAddr: a wrong --addr is a mistake on the command line, said before
// anything is built.
func TestServeBadAddr(t *testing.T) {
	err := serveFails(t, "--addr", "bad:x")
	if !errors.Is(err, errUsage) || !strings.Contains(err.Error(), `--addr bad:x: the port "x" is not a number`) {
		t.Errorf("--addr bad:x: %v", err)
	}
}

// TestServeBusyPort: a port in use is said before anything is built, with what to do.
func TestServeBusyPort(t *testing.T) {
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	err = serveFails(t, "--addr", busy.Addr().String())
	if err == nil || !strings.Contains(err.Error(), "--addr "+busy.Addr().String()+": another program is listening on port") ||
		!strings.Contains(err.Error(), "choose another port with --addr") {
		t.Errorf("a port in use: %v", err)
	}
}

// TestServeStartsBrokenInEnglish: when the first build fails, the overlay still speaks
// the handbook's language, from handbok.yaml, though no build is live.
func TestServeStartsBrokenInEnglish(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "handbok.yaml", "title: Handbook\nlanguage: en\n")
	write(t, dir, "content/a.md", "---\ntitel: A\n---\n")
	base := startServe(t, dir)
	if script := body(t, base+"/_handbok/reload.js"); !strings.Contains(script, `"title":"The handbook could not be built"`) {
		t.Errorf("the overlay's text of an English handbook that has not built yet:\n%s", script)
	}
}

// TestServeTwice: a second serve of a project that handbok serve serves says so, with
// the first one's pid and address, on the same port as on another, before it builds.
func TestServeTwice(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "content/_index.md", "# Prófun\n")
	base := startServe(t, dir)
	want := "handbok serve (pid " + strconv.Itoa(os.Getpid()) + ") already serves this project at " + base + "/"
	for name, addr := range map[string]string{"same port": strings.TrimPrefix(base, "http://"), "another port": "127.0.0.1:0"} {
		t.Run(name, func(t *testing.T) {
			var out bytes.Buffer
			err := serve(context.Background(), []string{"--source", dir, "--addr", addr, "--no-watch"}, &out, &out, serveHooks{})
			if err == nil || !strings.Contains(err.Error(), want) || strings.Contains(err.Error(), "another program") || out.Len() > 0 {
				t.Errorf("a second serve on %s: %v\n%s", addr, err, out.String())
			}
		})
	}
}

// TestServeNoSuchAddress: an address that is not this machine's (192.0.2.1 is kept for
// documentation, and no machine has it) is said in words, with what to use instead.
func TestServeNoSuchAddress(t *testing.T) {
	err := serveFails(t, "--addr", "192.0.2.1:8080")
	want := "cannot listen on 192.0.2.1:8080: this machine has no such address; use 127.0.0.1:8080 (or :8080)"
	if err == nil || !strings.Contains(err.Error(), want) || strings.Contains(err.Error(), "listen tcp") {
		t.Errorf("an address that is not this machine's: %v", err)
	}
}
