package render

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/handbok/handbok/internal/manifest"
)

func writeBuild(t *testing.T, dest string, files map[string]string) *Dir {
	t.Helper()
	d, err := NewDir(dest)
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range files {
		if err := d.WriteFile(name, []byte(data)); err != nil {
			t.Fatal(err)
		}
	}
	return d
}

func read(t *testing.T, p string) string {
	t.Helper()
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// TestDirSwap: a committed build replaces the old site whole (no file of the old one is
// left), an aborted one leaves it untouched, and no temporary folder stays behind.
func TestDirSwap(t *testing.T) {
	parent := t.TempDir()
	dest := filepath.Join(parent, "public")

	if err := writeBuild(t, dest, map[string]string{"index.html": "1", "old/gone.html": "x", manifest.File: "{}"}).Commit(); err != nil {
		t.Fatal(err)
	}
	if read(t, filepath.Join(dest, "index.html")) != "1" {
		t.Fatal("first build not in place")
	}

	aborted := writeBuild(t, dest, map[string]string{"index.html": "broken"})
	if err := aborted.Abort(); err != nil {
		t.Fatal(err)
	}
	if read(t, filepath.Join(dest, "index.html")) != "1" {
		t.Error("an aborted build changed the site")
	}

	if err := writeBuild(t, dest, map[string]string{"index.html": "2", "a/b/c.html": "c", manifest.File: "{}"}).Commit(); err != nil {
		t.Fatal(err)
	}
	if read(t, filepath.Join(dest, "index.html")) != "2" || read(t, filepath.Join(dest, "a/b/c.html")) != "c" {
		t.Error("second build not in place")
	}
	if _, err := os.Stat(filepath.Join(dest, "old/gone.html")); !os.IsNotExist(err) {
		t.Error("a file of the old build survived the swap")
	}
	entries, err := os.ReadDir(parent)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("left beside the site: %v", names)
	}
}

// TestDirRefusesOtherFolders: a folder with files that handbok did not write is never
// replaced.
func TestDirRefusesOtherFolders(t *testing.T) {
	dest := t.TempDir()
	if err := os.WriteFile(filepath.Join(dest, "notes.txt"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := NewDir(dest); !errors.Is(err, ErrNotSite) {
		t.Fatalf("got %v, want ErrNotSite", err)
	}
	if read(t, filepath.Join(dest, "notes.txt")) != "mine" {
		t.Error("the folder was touched")
	}
}

// TestDirFileAndLink: a file is never replaced by a build; a link to a folder builds the
// folder it points at and stays a link.
func TestDirFileAndLink(t *testing.T) {
	parent := t.TempDir()
	file := filepath.Join(parent, "notes.txt")
	if err := os.WriteFile(file, []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := NewDir(file); !errors.Is(err, ErrNotSite) {
		t.Errorf("a file as destination: got %v, want ErrNotSite", err)
	}
	if read(t, file) != "mine" {
		t.Error("the file was touched")
	}

	served := filepath.Join(parent, "www")
	link := filepath.Join(parent, "public")
	if err := os.Mkdir(served, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(served, link); err != nil {
		t.Fatal(err)
	}
	if err := writeBuild(t, link, map[string]string{"index.html": "1", manifest.File: "{}"}).Commit(); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Error("the link was replaced")
	}
	if read(t, filepath.Join(served, "index.html")) != "1" {
		t.Error("the folder the link points at was not built")
	}
}

// TestInPlace: a changed file is replaced whole; an unchanged one is not written again.
func TestInPlace(t *testing.T) {
	dir := t.TempDir()
	out := InPlace(dir)
	if err := out.WriteFile("a/b.html", []byte("1")); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "a", "b.html")
	old := time.Unix(1, 0)
	if err := os.Chtimes(p, old, old); err != nil {
		t.Fatal(err)
	}
	if err := out.WriteFile("a/b.html", []byte("1")); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(p); !fi.ModTime().Equal(old) {
		t.Error("an unchanged file was written again")
	}
	if err := out.WriteFile("a/b.html", []byte("2")); err != nil {
		t.Fatal(err)
	}
	if read(t, p) != "2" {
		t.Error("a changed file was not written")
	}
	if entries, _ := os.ReadDir(filepath.Join(dir, "a")); len(entries) != 1 {
		t.Errorf("temporary files left: %v", entries)
	}
}
