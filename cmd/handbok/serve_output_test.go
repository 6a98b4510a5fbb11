package main

import (
	"bytes"
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
