package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestExitCodes: each kind of outcome has its documented exit code.
func TestExitCodes(t *testing.T) {
	good := t.TempDir()
	if err := os.MkdirAll(filepath.Join(good, "content"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(good, "content", "a.md"), []byte("# A\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	bad := t.TempDir()
	if err := os.MkdirAll(filepath.Join(bad, "content"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(bad, "content", "a.md"), []byte("---\ntitel: A\n---\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	canceled, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		name string
		ctx  context.Context
		args []string
		want int
	}{
		{"done", context.Background(), []string{"build", "--source", good}, exitOK},
		{"help", context.Background(), []string{"build", "--help"}, exitOK},
		{"content errors", context.Background(), []string{"build", "--source", bad}, exitFailed},
		{"check finds errors", context.Background(), []string{"check", "--source", bad}, exitFailed},
		{"unknown flag", context.Background(), []string{"build", "--nope"}, exitUsage},
		{"unknown command", context.Background(), []string{"nope"}, exitUsage},
		{"no command", context.Background(), nil, exitUsage},
		{"interrupted", canceled, []string{"build", "--source", good, "--dest", filepath.Join(good, "out2")}, exitCancel},
		{"check interrupted", canceled, []string{"check", "--source", good}, exitCancel},
		{"search interrupted", canceled, []string{"search", "--source", good, "a"}, exitCancel},
		{"serve interrupted", canceled, []string{"serve", "--source", good, "--addr", "127.0.0.1:0", "--dest", filepath.Join(good, "out3")}, exitCancel},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			if got := run(tt.ctx, tt.args, &stdout, &stderr); got != tt.want {
				t.Errorf("exit %d, want %d\nstdout: %s\nstderr: %s", got, tt.want, stdout.String(), stderr.String())
			}
		})
	}
}

// TestServeStopExitCode: a serve stopped by Ctrl-C once it serves has done what it was
// asked, and exits with 0, as the help says; stopped before it serves, it is
// interrupted (3), which TestExitCodes shows.
func TestServeStopExitCode(t *testing.T) {
	var help bytes.Buffer
	run(context.Background(), []string{"help"}, &help, &help)
	if !strings.Contains(help.String(), "0 done, also a serve stopped by Ctrl-C or SIGTERM") ||
		!strings.Contains(help.String(), "3 interrupted before done (serve: before it serves)") {
		t.Errorf("the help does not say how a stopped serve exits:\n%s", help.String())
	}

	dir := lockProject(t)
	srv := startHandbok(t, "serve", "--source", dir, "--addr", "127.0.0.1:0")
	waitLine(t, srv.stdout, `^Serving `, time.Minute)
	srv.cmd.Process.Signal(os.Interrupt)
	if code, _, errOut := srv.wait(t, 30*time.Second); code != exitOK || strings.Contains(errOut, "interrupted") {
		t.Errorf("serve after Ctrl-C: exit %d\n%s", code, errOut)
	}
}
