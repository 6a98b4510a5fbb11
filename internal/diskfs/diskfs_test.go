package diskfs

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"testing/fstest"
)

// Dir is os.DirFS by fstest's checks, and reads files whole: empty, small, large, and
// a file that says it is empty (/proc's).
func TestDir(t *testing.T) {
	root := t.TempDir()
	files := map[string][]byte{
		"empty.md":        nil,
		"a.md":            []byte("# A\n"),
		"content/b/c.md":  bytes.Repeat([]byte("Þjónusta "), 1_000),
		"content/b/d.txt": []byte("d"),
	}
	write := func(name string, data []byte) {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for name, data := range files {
		write(name, data)
	}
	fsys := Dir(root)
	if err := fstest.TestFS(fsys, "empty.md", "a.md", "content/b/c.md", "content/b/d.txt"); err != nil {
		t.Fatal(err)
	}
	// The large file comes after fstest, whose reads of every file a few bytes at a
	// time would take seconds on it; ReadFile below reads it whole.
	files["content/b/large.md"] = bytes.Repeat([]byte("Þjónusta "), 100_000)
	write("content/b/large.md", files["content/b/large.md"])
	for name, want := range files {
		if got, err := fs.ReadFile(fsys, name); err != nil || !bytes.Equal(got, want) {
			t.Errorf("ReadFile(%s) = %d bytes, %v; want %d bytes", name, len(got), err, len(want))
		}
	}
	for _, bad := range []string{"/etc/passwd", "../x", "content/../a.md", "missing.md", "content"} {
		var pe *fs.PathError
		if _, err := fs.ReadFile(fsys, bad); !errors.As(err, &pe) || pe.Path != bad {
			t.Errorf("ReadFile(%q): %v, want an error naming %q", bad, err, bad)
		}
	}
	if _, err := fs.ReadFile(fsys, "missing.md"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a missing file: %v", err)
	}
	if runtime.GOOS != "linux" {
		return
	}
	if data, err := Dir("/proc/self").(fs.ReadFileFS).ReadFile("status"); err != nil || !bytes.Contains(data, []byte("Pid:")) {
		t.Errorf("/proc/self/status, whose size is 0: %q, %v", data, err)
	}
}

// writeFile writes a new file whole, replaces a longer one, and names the file it
// could not create.
func TestWriteFile(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "a.html")
	big := bytes.Repeat([]byte("x"), 1<<20)
	if err := WriteFile(name, big); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(name, []byte("stutt")); err != nil {
		t.Fatal(err)
	}
	if got, err := os.ReadFile(name); err != nil || string(got) != "stutt" {
		t.Errorf("after writing over it: %q, %v", got, err)
	}
	if fi, err := os.Stat(name); err != nil || fi.Mode().Perm()&^0o022 != 0o644&^0o022 {
		t.Errorf("mode %v, %v; want 0644 less the umask", fi.Mode(), err)
	}
	missing := filepath.Join(dir, "nowhere", "b.html")
	var pathErr *os.PathError
	if err := WriteFile(missing, []byte("x")); !errors.As(err, &pathErr) || pathErr.Path != missing || !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("into a missing folder: %v", err)
	}
}
