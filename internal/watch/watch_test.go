package watch

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/fsnotify/fsnotify"
)

// TestWatch: changes in content/, in folders made while watching, and to handbok.yaml
// arrive in batches; editors' hidden and backup files and other folders do not.
func TestWatch(t *testing.T) {
	root := t.TempDir()
	for _, d := range []string{"content/a", "themes", "public"} {
		if err := os.MkdirAll(filepath.Join(root, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	w, err := Start(root)
	if err != nil {
		t.Fatal(err)
	}
	next, stop := run(t, w)
	write := func(name string) {
		t.Helper()
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("public/ignored.html")
	write("content/a/.hidden.md.swp")
	write("content/a/sedX1b2Zq") // sed -i, before it renames this over x.md
	write("content/a/x.md~")
	write("content/a/x.md___jb_tmp___")
	write("content/a/x.md")
	write("handbok.yaml")
	if b := next(); !slices.Equal(b, []string{"content/a/x.md", "handbok.yaml"}) {
		t.Errorf("batch %v", b)
	}
	if err := os.MkdirAll(filepath.Join(root, "content/ny/djup"), 0o755); err != nil {
		t.Fatal(err)
	}
	next() // the new folders
	write("content/ny/djup/sida.md")
	if b := next(); !slices.Contains(b, "content/ny/djup/sida.md") {
		t.Errorf("a file in a folder made while watching: %v", b)
	}
	// A folder whose name an editor's file could have is a folder all the same.
	if err := os.Mkdir(filepath.Join(root, "content/4913"), 0o755); err != nil {
		t.Fatal(err)
	}
	if b := next(); !slices.Equal(b, []string{"content/4913"}) {
		t.Errorf("a new folder called 4913: %v", b)
	}
	write("content/4913/sida.md")
	if b := next(); !slices.Equal(b, []string{"content/4913/sida.md"}) {
		t.Errorf("a file in a folder called 4913: %v", b)
	}
	if err := stop(); err != nil {
		t.Error(err)
	}
}

// TestTemporary: the files editors and tools write while saving are not changes to the
// handbook; files that merely look a little like them are.
// run runs w until the test ends or stop is called, and returns a function that waits
// for its next batch, and stop, which returns what Run returned.
func run(t *testing.T, w *Watcher) (next func() []string, stop func() error) {
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	batches := make(chan []string)
	done := make(chan error, 1)
	go func() { done <- w.Run(ctx, batches) }()
	stop = func() error {
		cancel()
		return <-done
	}
	return func() []string {
		t.Helper()
		select {
		case b := <-batches:
			return b
		case err := <-done:
			t.Fatalf("Run stopped: %v", err)
		case <-time.After(20 * time.Second):
			t.Fatal("no batch")
		}
		return nil
	}, stop
}

func TestTemporary(t *testing.T) {
	for _, name := range []string{
		"sedAbC123", "sed0a9Zz1", // GNU sed -i
		"stefna.md.swp", "stefna.md.swx", "stefna.md.swo", "4913", // vim
		"#stefna.md#",                                    // emacs
		"stefna.md~",                                     // backups
		"stefna.md___jb_tmp___", "stefna.md___jb_old___", // JetBrains
		"stefna.md.tmp", "stefna.TMP", "stefna.md.kate-swp", "~$stefna.docx", "stefna.md.crswap",
	} {
		if !temporary(name) {
			t.Errorf("%q is an editor's temporary file", name)
		}
	}
	for _, name := range []string{
		"stefna.md", "sedlar.md", "sedill", "sedlabanki", "sed1234", "sed1234567", "sed12.md", "4913.md",
		"#1-forgangur.md", "tmp.md", "swp.md", "_index.md", "kort.png",
	} {
		if temporary(name) {
			t.Errorf("%q is not a temporary file", name)
		}
	}
}

// TestRelevant: only handbok.yaml and what is in content/ and themes/, hidden and
// temporary files left out.
func TestRelevant(t *testing.T) {
	for rel, want := range map[string]bool{
		"handbok.yaml":                    true,
		"content/stefna.md":               true,
		"themes/default/i18n/is.yaml":     true,
		"content/sedQ8rT2x":               false,
		"content/a/.stefna.md.swp":        false,
		"content/a/#stefna.md#":           false,
		"themes/default/layouts/4913":     false,
		"public/index.html":               false,
		".handbok/search.bleve/store":     false,
		"handbok.yaml~":                   false,
		"content/a/stefna.md.tmp":         false,
		"content/a/stefna.md___jb_old___": false,
	} {
		if got := relevant(filepath.FromSlash(rel)); got != want {
			t.Errorf("relevant(%q) = %v, want %v", rel, got, want)
		}
	}
}

// TestOverflow: when the kernel drops events (its queue overflowed while a rebuild ran),
// nothing is known of what changed, so everything is rebuilt; folders whose watches were
// lost are watched again, and edits made after are rebuilt as before.
func TestOverflow(t *testing.T) {
	root := t.TempDir()
	for _, d := range []string{"content/a", "themes/mitt"} {
		if err := os.MkdirAll(filepath.Join(root, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	w, err := Start(root)
	if err != nil {
		t.Fatal(err)
	}
	lost := make(chan error, 1)
	w.Lost = func(err error) { lost <- err }
	next, stop := run(t, w)
	// A folder whose watch went with the events the kernel dropped.
	if err := w.w.Remove(filepath.Join(root, "content/a")); err != nil {
		t.Fatal(err)
	}
	w.w.Errors <- fsnotify.ErrEventOverflow
	if b := next(); !slices.Equal(b, []string{"content", "handbok.yaml", "themes"}) {
		t.Errorf("after an overflow: %v, want everything", b)
	}
	if err := <-lost; !errors.Is(err, fsnotify.ErrEventOverflow) {
		t.Errorf("Lost was told %v", err)
	}
	if err := os.WriteFile(filepath.Join(root, "content/a/x.md"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if b := next(); !slices.Equal(b, []string{"content/a/x.md"}) {
		t.Errorf("an edit after the overflow: %v", b)
	}
	if err := stop(); err != nil {
		t.Error(err)
	}
}

// TestBusy: events that come while the last batch waits to be taken (a rebuild is
// running) are read at once, so that the kernel's queue does not overflow, and come
// as the next batch.
func TestBusy(t *testing.T) {
	root := t.TempDir()
	if err := os.MkdirAll(filepath.Join(root, "content"), 0o755); err != nil {
		t.Fatal(err)
	}
	w, err := Start(root)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	batches := make(chan []string)
	done := make(chan error, 1)
	waiting := make(chan struct{}, 1)
	w.waiting = func() {
		select {
		case waiting <- struct{}{}:
		default:
		}
	}
	go func() { done <- w.Run(ctx, batches) }()
	// The watcher's event channel is unbuffered: a send on it returns once Run has read
	// the event.
	event := func(name string) {
		t.Helper()
		select {
		case w.w.Events <- fsnotify.Event{Name: filepath.Join(root, "content", name), Op: fsnotify.Create}:
		case <-time.After(20 * time.Second):
			t.Fatalf("%s: events are not read while a batch waits", name)
		}
	}
	event("first.md")
	select {
	case <-waiting:
	case <-time.After(20 * time.Second):
		t.Fatal("no batch is ready after the quiet time")
	}
	for _, name := range []string{"a.md", "b.md"} {
		event(name)
	}
	var got []string
	for !slices.Contains(got, "content/b.md") {
		select {
		case b := <-batches:
			got = append(got, b...)
		case err := <-done:
			t.Fatalf("Run stopped: %v", err)
		case <-time.After(20 * time.Second):
			t.Fatalf("no batch; so far %v", got)
		}
	}
	if !slices.Equal(got, []string{"content/first.md", "content/a.md", "content/b.md"}) {
		t.Errorf("batches %v, want first.md alone, then a.md and b.md", got)
	}
}
