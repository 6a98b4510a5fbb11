package site

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/handbok/handbok/internal/diskfs"
)

// project writes files (slash paths → text) under a new folder and returns it.
func project(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for name, text := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

func symlink(t *testing.T, target, link string) {
	t.Helper()
	if err := os.Symlink(target, link); err != nil {
		t.Skipf("no symbolic links here: %v", err)
	}
}

// TestLinksRefused: no symbolic link in content/ is followed, to a file or a folder,
// out of the project or within content/; each is a warning naming it, and the rest of
// the site builds.
func TestLinksRefused(t *testing.T) {
	root := project(t, map[string]string{
		"content/a.md":            "# A\n",
		"outside/secret.md":       "# Leyndarmál\n\nlykilorð\n",
		"outside/secret.png":      "png",
		"outside/folder/leynd.md": "# Leynd\n",
	})
	c := filepath.Join(root, "content")
	symlink(t, filepath.Join(root, "outside/secret.md"), filepath.Join(c, "passwd.md"))
	symlink(t, filepath.Join(root, "outside/secret.png"), filepath.Join(c, "mynd.png"))
	symlink(t, "a.md", filepath.Join(c, "inside.md"))
	symlink(t, filepath.Join(root, "outside/folder"), filepath.Join(c, "folder"))
	symlink(t, filepath.Join(root, "nowhere.md"), filepath.Join(c, "broken.md"))

	s, diags := Load(diskfs.Dir(root), "x")
	if diags.Count(Error) != 0 {
		t.Fatalf("errors:\n%s", messages(diags))
	}
	if s.PageByPath("content/a.md") == nil {
		t.Error("the page beside the links is lost")
	}
	for _, pg := range s.Pages {
		if strings.Contains(string(pg.Body), "lykilorð") || pg.Title == "Leyndarmál" || pg.Title == "Leynd" {
			t.Errorf("%s is published from behind a link", pg.Path)
		}
	}
	for _, p := range []string{"content/passwd.md", "content/inside.md", "content/broken.md", "content/folder/leynd.md"} {
		if s.PageByPath(p) != nil {
			t.Errorf("%s is a page", p)
		}
	}
	if len(s.Files) != 0 {
		t.Errorf("files published: %v", s.Files)
	}
	got := messages(diags)
	for _, want := range []string{
		"content/passwd.md: warning: a symbolic link is not followed, so this file is left out; put the file itself in content/",
		"content/mynd.png: warning: a symbolic link is not followed",
		"content/inside.md: warning: a symbolic link is not followed",
		"content/broken.md: warning: a symbolic link is not followed",
		"content/folder: warning: a link to a folder is not followed; put the folder itself in content/",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in:\n%s", want, got)
		}
	}
}

// TestLinkRefusedWhenTouched: a page that becomes a link between two loads of a cache
// (what a watcher sees) is not read through the link.
func TestLinkRefusedWhenTouched(t *testing.T) {
	root := project(t, map[string]string{
		"content/a.md":      "# A\n\nTexti.\n",
		"content/b.md":      "# B\n",
		"outside/secret.md": "# A\n\nlykilorð\n",
	})
	fsys, cache := diskfs.Dir(root), NewCache()
	if _, diags := LoadCached(fsys, "x", cache); len(diags) != 0 {
		t.Fatal(diags)
	}
	a := filepath.Join(root, "content/a.md")
	if err := os.Remove(a); err != nil {
		t.Fatal(err)
	}
	symlink(t, filepath.Join(root, "outside/secret.md"), a)
	later := time.Now().Add(time.Hour) // a time the cache has not seen, as an edit would give
	if err := os.Chtimes(filepath.Join(root, "outside/secret.md"), later, later); err != nil {
		t.Fatal(err)
	}
	cache.Touched([]string{"content/a.md"})
	s, diags := LoadCached(fsys, "x", cache)
	if pg := s.PageByPath("content/a.md"); pg != nil && strings.Contains(string(pg.Body), "lykilorð") {
		t.Error("the page is read through the link")
	}
	if got := messages(diags); !strings.Contains(got, "content/a.md: warning: a symbolic link is not followed") {
		t.Errorf("no warning about the link:\n%s", got)
	}
}
