package main

import (
	"bufio"
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/handbok/handbok/search"
	"github.com/handbok/handbok/search/bleveindex"
)

// process is handbok running as a process of its own (the test binary, which TestMain
// put on PATH as handbok), as a person runs it in a terminal, signals included.
type process struct {
	cmd    *exec.Cmd
	stdout chan string // its lines, as they come
	stderr chan string
}

// startHandbok starts handbok with args; the process is killed when the test ends if it
// is still running.
func startHandbok(t *testing.T, args ...string) *process {
	t.Helper()
	p := &process{cmd: exec.Command("handbok", args...), stdout: make(chan string, 1000), stderr: make(chan string, 1000)}
	out, err := p.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	errOut, err := p.cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := func(r io.Reader, c chan<- string) {
		s := bufio.NewScanner(r)
		for s.Scan() {
			c <- s.Text()
		}
		close(c)
	}
	go lines(out, p.stdout)
	go lines(errOut, p.stderr)
	t.Cleanup(func() {
		if p.cmd.ProcessState == nil {
			p.cmd.Process.Kill()
			p.wait(t, 10*time.Second)
		}
	})
	return p
}

// waitLine returns the last submatch of re in the next line of c that matches, or
// fails the test after within.
func waitLine(t *testing.T, c <-chan string, re string, within time.Duration) string {
	t.Helper()
	m, said, ok := findLine(c, re, within)
	if !ok {
		t.Fatalf("no line matching %q within %s; the process said:\n%s", re, within, said)
	}
	return m
}

// findLine returns the last submatch of re in the next line of c that matches, and
// whether one came within the time; else, what came.
func findLine(c <-chan string, re string, within time.Duration) (string, string, bool) {
	rx := regexp.MustCompile(re)
	deadline := time.After(within)
	var seen []string
	for {
		select {
		case l, ok := <-c:
			if !ok {
				return "", strings.Join(seen, "\n"), false
			}
			seen = append(seen, l)
			if m := rx.FindStringSubmatch(l); m != nil {
				return m[len(m)-1], "", true
			}
		case <-deadline:
			return "", strings.Join(seen, "\n"), false
		}
	}
}

// wait waits for the process to end, and returns its exit code and what it printed
// since it was last read; it fails the test if the process is still running after
// within.
func (p *process) wait(t *testing.T, within time.Duration) (code int, stdout, stderr string) {
	t.Helper()
	done := make(chan error, 1)
	collect := func(c <-chan string) chan string {
		out := make(chan string, 1)
		go func() {
			var b strings.Builder
			for l := range c {
				b.WriteString(l + "\n")
			}
			out <- b.String()
		}()
		return out
	}
	outc, errc := collect(p.stdout), collect(p.stderr)
	// The pipes close when the process ends; Wait comes after they are read.
	go func() { stdout, stderr = <-outc, <-errc; done <- p.cmd.Wait() }()
	select {
	case err := <-done:
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			return exit.ExitCode(), stdout, stderr
		}
		if err != nil {
			t.Fatal(err)
		}
		return 0, stdout, stderr
	case <-time.After(within):
		p.cmd.Process.Kill()
		<-done
		t.Fatalf("handbok %s still ran after %s (killed)\nstdout: %s\nstderr: %s", strings.Join(p.cmd.Args[1:], " "), within, stdout, stderr)
		return 0, "", ""
	}
}

// runHandbok runs handbok to its end, which must come within a minute.
func runHandbok(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	return startHandbok(t, args...).wait(t, time.Minute)
}

// lockProject writes a small handbook with a workplace.
func lockProject(t *testing.T) string {
	dir := t.TempDir()
	write(t, dir, "handbok.yaml", "title: Prófun\n")
	write(t, dir, "content/_index.md", "# Prófun\n\nVelkomin.\n")
	write(t, dir, "content/stefna.md", "---\ntitle: Þagnarskylda\nkind: policy\n---\nÞagnarskylda gildir um allt starfsfólk.\n")
	write(t, dir, "content/laug/_index.md", "---\ntitle: Laugin\nkind: workplace\n---\n")
	write(t, dir, "content/laug/reglur.md", "---\ntitle: Reglur laugar\nkind: policy\n---\nStarfsfólk laugar virðir þagnarskyldu.\n")
	return dir
}

// TestSearchWhileServing: handbok search answers while handbok serve runs on the same
// project, by asking the server, and prints what it prints from the index on disk
// once the server has stopped; a second serve of the project stops at once with a
// message; the server stops on SIGTERM, gracefully.
func TestSearchWhileServing(t *testing.T) {
	dir := lockProject(t)
	srv := startHandbok(t, "serve", "--source", dir, "--addr", "127.0.0.1:0")
	addr := waitLine(t, srv.stdout, `at (http://\S+)/ `, time.Minute)

	searches := [][]string{ // the third finds laug's policy and the one for every workplace
		{"þagnarskylda"},
		{"--json", "thagnarskyldu"},
		{"--workplace", "laug", "--json", "starfsfólk"},
		{"--limit", "1", "starfsfólk"},
		{"xyzzy"},
	}
	served := make([]string, len(searches))
	for i, q := range searches {
		code, out, errOut := runHandbok(t, append([]string{"search", "--source", dir}, q...)...)
		if code != 0 {
			t.Fatalf("search %v while serving: exit %d\n%s", q, code, errOut)
		}
		served[i] = out
	}
	if !strings.Contains(served[0], "1. Þagnarskylda") || !strings.Contains(served[2], `"workplace": "laug"`) || !strings.Contains(served[2], `"id": "stefna"`) {
		t.Errorf("searches while serving found:\n%s", strings.Join(served, "\n"))
	}
	// A query the server refuses is said as the server says it, at once, without
	// waiting for the index the server has open.
	long := strings.Repeat("þagnarskylda ", 30)
	if code, out, errOut := runHandbok(t, "search", "--source", dir, long); code != exitFailed ||
		!strings.Contains(errOut, "a search can be at most 256 bytes") || strings.Contains(errOut, "waiting") {
		t.Errorf("a query over the limit while serving: exit %d\nstdout: %s\nstderr: %s", code, out, errOut)
	}

	code, out, errOut := runHandbok(t, "serve", "--source", dir, "--addr", "127.0.0.1:0", "--no-watch")
	if code != exitFailed || !strings.Contains(errOut, "handbok serve (pid "+strconv.Itoa(srv.cmd.Process.Pid)+")") || !strings.Contains(errOut, addr) {
		t.Errorf("a second serve of the project: exit %d\nstdout: %s\nstderr: %s", code, out, errOut)
	}

	srv.cmd.Process.Signal(syscall.SIGTERM)
	if code, _, errOut := srv.wait(t, 30*time.Second); code != exitOK {
		t.Errorf("serve after SIGTERM: exit %d\n%s", code, errOut)
	}
	for i, q := range searches {
		_, out, errOut := runHandbok(t, append([]string{"search", "--source", dir}, q...)...)
		if out != served[i] {
			t.Errorf("search %v: from the server\n%s\nfrom the index on disk\n%s%s", q, served[i], out, errOut)
		}
	}
}

// TestSearchStopsOnSignal: a search that waits for the index, which another handbok
// has open, says so and stops on Ctrl-C or SIGTERM, and leaves the index as it was.
func TestSearchStopsOnSignal(t *testing.T) {
	dir := lockProject(t)
	if code, _, errOut := runHandbok(t, "search", "--source", dir, "þagnarskylda"); code != 0 {
		t.Fatalf("the first search: exit %d\n%s", code, errOut)
	}
	hold := holdIndex(t, dir)
	for _, sig := range []os.Signal{os.Interrupt, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			p := startHandbok(t, "search", "--source", dir, "þagnarskylda")
			if _, said, ok := findLine(p.stderr, `waiting for handbok search \(pid `+strconv.Itoa(os.Getpid())+`\)`, 30*time.Second); !ok {
				t.Errorf("the search does not say what it waits for:\n%s", said)
			}
			p.cmd.Process.Signal(sig)
			if code, _, errOut := p.wait(t, 10*time.Second); code != exitCancel || !strings.Contains(errOut, "interrupted") {
				t.Errorf("after %v: exit %d\n%s", sig, code, errOut)
			}
			hold.check(t)
			if _, err := os.Stat(filepath.Join(dir, ".handbok/search.bleve/index_meta.json")); err != nil {
				t.Errorf("the index is not as it was: %v", err)
			}
		})
	}
}

// heldIndex is a project's search index that the test has open, as a handbok search
// that indexes has it.
type heldIndex struct{ idx *bleveindex.Index }

func holdIndex(t *testing.T, dir string) heldIndex {
	t.Helper()
	idx, err := bleveindex.Open(context.Background(), filepath.Join(dir, ".handbok/search.bleve"), search.Icelandic,
		bleveindex.Options{Holder: bleveindex.Holder{Command: searchCommand}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { idx.Close() })
	return heldIndex{idx}
}

// check fails the test unless the held index still finds what it held.
func (h heldIndex) check(t *testing.T) {
	t.Helper()
	if found, err := h.idx.Search(context.Background(), search.Query{Text: "þagnarskylda"}); err != nil || len(found) == 0 {
		t.Errorf("the held index finds %v (%v)", found, err)
	}
}
