package render

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"

	"github.com/handbok/handbok/internal/diskfs"
	"github.com/handbok/handbok/internal/manifest"
)

// Dir writes a build into a new folder beside dest and, on Commit, puts it in dest's
// place, so that a build that fails half-way leaves the last good site untouched.
type Dir struct {
	dest string
	tmp  string

	mu   sync.Mutex
	dirs map[string]bool // folders already made
}

// ErrNotSite is returned by NewDir for a folder that holds something other than a site
// handbok built: replacing it would delete what is there.
var ErrNotSite = errors.New("it exists and is not a site that handbok built (it has no " + manifest.File + "); choose a new or empty folder")

// NewDir prepares a build of dest. dest must be missing, empty, or an earlier build. When
// dest is a symbolic link (public → /var/www/handbok), the folder it points at is built.
func NewDir(dest string) (*Dir, error) {
	dest = filepath.Clean(dest)
	if fi, err := os.Lstat(dest); err == nil && fi.Mode()&os.ModeSymlink != 0 {
		if dest, err = filepath.EvalSymlinks(dest); err != nil {
			return nil, err
		}
		fi, err = os.Lstat(dest)
		if err == nil && !fi.IsDir() {
			return nil, fmt.Errorf("%s: %w", dest, ErrNotSite)
		}
	} else if err == nil && !fi.IsDir() {
		return nil, fmt.Errorf("%s: %w", dest, ErrNotSite)
	}
	if entries, err := os.ReadDir(dest); err == nil && len(entries) > 0 {
		if _, err := os.Stat(filepath.Join(dest, manifest.File)); err != nil {
			return nil, fmt.Errorf("%s: %w", dest, ErrNotSite)
		}
	}
	parent := filepath.Dir(dest)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(dest)+".new-")
	if err != nil {
		return nil, err
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		return nil, err
	}
	return &Dir{dest: dest, tmp: tmp, dirs: map[string]bool{}}, nil
}

// WriteFile implements Output. name is slash-separated and relative to the site root.
func (d *Dir) WriteFile(name string, data []byte) error {
	p := filepath.Join(d.tmp, filepath.FromSlash(name))
	dir := filepath.Dir(p)
	d.mu.Lock()
	made := d.dirs[dir]
	d.mu.Unlock()
	if !made {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		d.mu.Lock()
		d.dirs[dir] = true
		d.mu.Unlock()
	}
	return diskfs.WriteFile(p, data)
}

// Commit puts the new build in dest's place and removes the old one. Where the system can
// exchange two folders in one step, readers of dest never see it missing.
func (d *Dir) Commit() error {
	if exchanged, err := exchange(d.tmp, d.dest); err != nil {
		return fmt.Errorf("putting the new build in place: %w", err)
	} else if exchanged {
		return os.RemoveAll(d.tmp) // now holds the old build
	}
	old := ""
	if _, err := os.Lstat(d.dest); err == nil {
		old = d.tmp + ".old"
		if err := os.Rename(d.dest, old); err != nil {
			return fmt.Errorf("moving the old %s aside: %w", d.dest, err)
		}
	}
	if err := os.Rename(d.tmp, d.dest); err != nil {
		if old != "" {
			err = errors.Join(err, os.Rename(old, d.dest))
		}
		return fmt.Errorf("putting the new build in place: %w", err)
	}
	if old != "" {
		return os.RemoveAll(old)
	}
	return nil
}

// Abort removes the unfinished build; dest is left as it was.
func (d *Dir) Abort() error { return os.RemoveAll(d.tmp) }

// Discard is an Output that keeps nothing, for `handbok check`.
type Discard struct{}

// WriteFile implements Output.
func (Discard) WriteFile(string, []byte) error { return nil }

// InPlace writes files into an existing site folder, each one whole by writing beside it
// and renaming, so that a reader never sees half a page. An incremental build uses it
// to change only the pages that changed; a full build uses Dir.
type InPlace string

// WriteFile implements Output. A file that already holds data is left alone, so that
// an incremental build touches only what changed (and browsers' caches stay valid).
func (d InPlace) WriteFile(name string, data []byte) error {
	p := filepath.Join(string(d), filepath.FromSlash(name))
	if old, err := os.ReadFile(p); err == nil && bytes.Equal(old, data) {
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(p), "."+filepath.Base(p)+".new-")
	if err != nil {
		return err
	}
	_, err = tmp.Write(data)
	if closeErr := tmp.Close(); err == nil {
		err = closeErr
	}
	if err == nil {
		err = os.Chmod(tmp.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(tmp.Name(), p)
	}
	if err != nil {
		os.Remove(tmp.Name())
	}
	return err
}
