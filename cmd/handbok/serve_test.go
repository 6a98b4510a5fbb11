package main

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/handbok/handbok/internal/browsertest"
)

// serveProject writes a small handbook, starts handbok serve on a free port in watch
// mode, and returns the project folder and the server's address. The server stops, and
// must stop cleanly, when the test ends.
func serveProject(t *testing.T, extra ...string) (string, string) {
	t.Helper()
	dir := t.TempDir()
	write(t, dir, "handbok.yaml", "title: Prófun\n")
	write(t, dir, "content/_index.md", "# Prófun\n\nVelkomin.\n")
	write(t, dir, "content/stefna.md", "---\ntitle: Stefna\nkind: policy\n---\nFyrsta útgáfa.\n")
	return dir, startServe(t, dir, extra...)
}

// startServe starts handbok serve on the project in dir and returns its address.
func startServe(t *testing.T, dir string, extra ...string) string {
	t.Helper()
	return startServeTo(t, dir, io.Discard, extra...)
}

// startServeTo is startServe writing what serve prints, stdout and stderr, to out.
func startServeTo(t *testing.T, dir string, out io.Writer, extra ...string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	done := make(chan error, 1)
	args := append([]string{"--source", dir, "--addr", "127.0.0.1:0"}, extra...)
	go func() { done <- serve(ctx, args, out, out, serveHooks{ready: ready}) }()
	var addr string
	select {
	case addr = <-ready:
	case err := <-done:
		t.Fatalf("serve stopped: %v", err)
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not start")
	}
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("serve did not shut down cleanly: %v", err)
			}
		case <-time.After(15 * time.Second):
			t.Error("serve did not shut down")
		}
	})
	return "http://" + addr
}

func write(t *testing.T, dir, name, data string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func body(t *testing.T, url string) string {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	data, _ := io.ReadAll(res.Body)
	return string(data)
}

// events reads the live-reload stream: each call returns the next event's name and data.
func events(t testing.TB, base string) func() (string, string) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, base+"/_handbok/events", nil)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { res.Body.Close() })
	lines := bufio.NewScanner(res.Body)
	lines.Scan() // the greeting, sent once the stream is open
	type ev struct{ name, data string }
	c := make(chan ev)
	go func() {
		var name string
		for lines.Scan() {
			l := lines.Text()
			switch {
			case strings.HasPrefix(l, "event: "):
				name = strings.TrimPrefix(l, "event: ")
			case strings.HasPrefix(l, "data: "):
				select {
				case c <- ev{name, strings.TrimPrefix(l, "data: ")}:
				case <-ctx.Done():
					return
				}
			}
		}
	}()
	return func() (string, string) {
		t.Helper()
		select {
		case e := <-c:
			return e.name, e.data
		case <-time.After(30 * time.Second):
			t.Fatal("no event")
			return "", ""
		}
	}
}

// TestServeRebuildsOnChange: an edit is rebuilt and open pages are told to reload; a
// broken edit is shown to them while the last good site is still served; fixing it
// clears it.
func TestServeRebuildsOnChange(t *testing.T) {
	dir, base := serveProject(t)
	if !strings.Contains(body(t, base+"/stefna.html"), "Fyrsta útgáfa.") {
		t.Fatal("the first build is not served")
	}
	next := events(t, base)

	write(t, dir, "content/stefna.md", "---\ntitle: Stefna\nkind: policy\n---\nÖnnur útgáfa.\n")
	if name, _ := next(); name != "reload" {
		t.Fatalf("after an edit: event %q, want reload", name)
	}
	if !strings.Contains(body(t, base+"/stefna.html"), "Önnur útgáfa.") {
		t.Error("the edit is not served")
	}

	write(t, dir, "content/stefna.md", "---\ntitle: Stefna\nkind: policy\nacknowlege: true\n---\nÞriðja.\n")
	name, data := next()
	if name != "problems" || !strings.Contains(data, "stefna.md:4:1") || !strings.Contains(data, `acknowledge`) {
		t.Fatalf("after a broken edit: %s %s", name, data)
	}
	if !strings.Contains(body(t, base+"/stefna.html"), "Önnur útgáfa.") {
		t.Error("the last good site is not served after a broken edit")
	}

	// A new folder with a page in it is seen too.
	write(t, dir, "content/stefna.md", "---\ntitle: Stefna\nkind: policy\n---\nFjórða.\n")
	if name, _ := next(); name != "reload" {
		t.Fatalf("after the fix: event %q, want reload", name)
	}
	// The folder comes with its page in one step, as a move or a checkout brings it: made
	// and then written, a busy machine may rebuild between the two.
	write(t, dir, "ny/sida.md", "# Ný síða\n")
	if err := os.Rename(filepath.Join(dir, "ny"), filepath.Join(dir, "content", "ny")); err != nil {
		t.Fatal(err)
	}
	if name, _ := next(); name != "reload" {
		t.Fatalf("after a new folder: event %q", name)
	}
	if !strings.Contains(body(t, base+"/ny/sida.html"), "Ný síða") {
		t.Error("the page in the new folder is not served")
	}
}

// TestServeNotFoundFollowsBuild: the page-not-found page is the live build's: a new
// title in handbok.yaml shows on it after the rebuild.
func TestServeNotFoundFollowsBuild(t *testing.T) {
	dir, base := serveProject(t)
	next := events(t, base)
	if page := body(t, base+"/ekki/til.html"); !strings.Contains(page, "<title>Síðan fannst ekki · Prófun</title>") {
		t.Fatalf("the page-not-found page:\n%s", page)
	}
	write(t, dir, "handbok.yaml", "title: Önnur handbók\n")
	if name, _ := next(); name != "reload" {
		t.Fatalf("after a new title: event %q, want reload", name)
	}
	if page := body(t, base+"/ekki/til.html"); !strings.Contains(page, "<title>Síðan fannst ekki · Önnur handbók</title>") {
		t.Errorf("the page-not-found page after the rebuild:\n%s", page)
	}
}

// TestServeStartsBroken: when the first build fails, pages that open get its problems,
// and fixing the file builds the site.
func TestServeStartsBroken(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "content/a.md", "---\ntitel: A\n---\n")
	base := startServe(t, dir)
	next := events(t, base)
	if name, data := next(); name != "problems" || !strings.Contains(data, "a.md:2:1") {
		t.Fatalf("a page that opens after a failed first build: %s %s", name, data)
	}
	write(t, dir, "content/a.md", "---\ntitle: A\n---\nLagað.\n")
	if name, _ := next(); name != "reload" {
		t.Fatalf("after the fix: %s", name)
	}
	if !strings.Contains(body(t, base+"/a.html"), "Lagað.") {
		t.Error("the fixed page is not served")
	}
}

// TestServeNoWatch: production mode serves the build without the reload script.
func TestServeNoWatch(t *testing.T) {
	_, base := serveProject(t, "--no-watch")
	page := body(t, base+"/index.html")
	if !strings.Contains(page, "Velkomin.") || strings.Contains(page, "_handbok/reload.js") {
		t.Error("production pages must be the build as it is")
	}
	if res, err := http.Get(base + "/_handbok/events"); err != nil || res.StatusCode != 404 {
		t.Errorf("no events in production: %v %v", res.StatusCode, err)
	}
	if !strings.Contains(body(t, base+"/api/search?q=stefna"), `"url":"stefna.html"`) {
		t.Error("the search API does not answer")
	}
}

// TestBrowserLiveReload: an open page reloads by itself after an edit, shows a broken
// edit's error over the page, and clears it when the file is fixed.
func TestBrowserLiveReload(t *testing.T) {
	t.Parallel()
	dir, base := serveProject(t)
	b := browsertest.New(t)
	tab := b.Tab(t, 1280)
	ctx, cancel := context.WithTimeout(tab, 60*time.Second)
	defer cancel()
	listening := func() {
		t.Helper()
		// Wait until the page listens, so that the next edit's event reaches it.
		if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.documentElement.dataset.liveReload === "on"`, pollEvery)); err != nil {
			t.Fatal(err)
		}
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/stefna.html"), chromedp.WaitReady(chromedp.CSS("body"))); err != nil {
		t.Fatal(err)
	}
	listening()
	// While writing, no service worker: it would show the last kept page, not the edit.
	// (The manifest link is added in the same step as the registration.)
	if sw, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector('link[rel="manifest"]') !== null`)); err != nil || sw {
		t.Errorf("under serve while writing, the page set up offline use (%v)", err)
	}
	write(t, dir, "content/stefna.md", "---\ntitle: Stefna\nkind: policy\n---\n## Breytt {#breytt}\n")
	if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS("#breytt"))); err != nil {
		t.Fatalf("the page did not reload with the edit: %v", err)
	}

	listening()
	write(t, dir, "content/stefna.md", "---\ntitle: Stefna\nkind: polcy\n---\nBrotið.\n")
	if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS("#handbok-problems"))); err != nil {
		t.Fatalf("no error overlay: %v", err)
	}
	text, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#handbok-problems")))
	if err != nil || !strings.Contains(text, "stefna.md:3:7") || !strings.Contains(text, `did you mean "policy"`) {
		t.Errorf("overlay text %q (%v)", text, err)
	}
	browsertest.Screenshot(t, ctx, "overlay")

	write(t, dir, "content/stefna.md", "---\ntitle: Stefna\nkind: policy\n---\n## Lagað {#lagad}\n")
	if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS("#lagad")), chromedp.WaitNotPresent(chromedp.CSS("#handbok-problems"))); err != nil {
		t.Fatalf("the overlay did not clear: %v", err)
	}
}
