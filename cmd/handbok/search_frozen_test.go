package main

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/handbok/handbok/search"
	"github.com/handbok/handbok/search/bleveindex"
)

// TestSearchFrozenServer: while a handbok serve that has the search index open does
// not answer (suspended with Ctrl-Z, say), handbok search gives it a few seconds, then
// says which server it is, where, and what to do, without waiting for the index that
// server keeps.
func TestSearchFrozenServer(t *testing.T) {
	dir := lockProject(t)
	release := make(chan struct{})
	frozen := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { <-release }))
	t.Cleanup(frozen.Close)
	t.Cleanup(func() { close(release) })
	if err := os.MkdirAll(filepath.Join(dir, ".handbok"), 0o755); err != nil {
		t.Fatal(err)
	}
	idx, err := bleveindex.Open(context.Background(), filepath.Join(dir, ".handbok/search.bleve"), search.Icelandic,
		bleveindex.Options{Holder: bleveindex.Holder{Command: serveCommand}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { idx.Close() })
	url := frozen.URL + "/"
	if err := idx.Announce(url); err != nil {
		t.Fatal(err)
	}

	var stdout, stderr output
	done := make(chan error, 1)
	go func() {
		done <- searchWith(context.Background(), []string{"--source", dir, "þagnarskylda"}, &stdout, &stderr,
			searchWaits{answer: 50 * time.Millisecond, index: time.Hour})
	}()
	select {
	case err = <-done:
	case <-time.After(10 * time.Second):
		t.Fatalf("the search still waits for the server that does not answer; it said:\n%s", stderr.String())
	}
	pid := strconv.Itoa(os.Getpid())
	msg := ""
	if err != nil {
		msg = err.Error()
	}
	for _, want := range []string{"handbok serve (pid " + pid + ") at " + url + " does not answer", "kill " + pid} {
		if !strings.Contains(msg, want) {
			t.Errorf("the error does not say %q: %v", want, err)
		}
	}
	if strings.Contains(stderr.String(), "waiting") || strings.Contains(msg, "try again once it is done") {
		t.Errorf("the search waited for the index that the server keeps:\n%s%v", stderr.String(), err)
	}
}
