// Package watch tells handbok serve when the files of a handbook change: content/,
// themes/ and handbok.yaml, folders made or removed while it runs included. Events that
// come close together (an editor saving by writing a new file and renaming it, a
// checkout of many files) arrive as one batch.
package watch

import (
	"context"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"
)

// Quiet is how long no event must come before a batch is sent.
const Quiet = 30 * time.Millisecond

// Watcher watches the files of one handbook.
type Watcher struct {
	w    *fsnotify.Watcher
	root string
}

// Start watches root itself for handbok.yaml, and every folder under root/content and
// root/themes. A change made after Start returns is seen by Run.
func Start(root string) (*Watcher, error) {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	if err := w.Add(root); err != nil {
		w.Close()
		return nil, err
	}
	for _, dir := range []string{"content", "themes"} {
		addTree(w, filepath.Join(root, dir))
	}
	return &Watcher{w: w, root: root}, nil
}

// Run sends the paths (relative to root) that changed, in batches, until ctx is done,
// and then stops watching.
func (wr *Watcher) Run(ctx context.Context, batches chan<- []string) error {
	w, root := wr.w, wr.root
	defer w.Close()
	pending := map[string]bool{}
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case err := <-w.Errors:
			if err != nil {
				return err
			}
		case ev := <-w.Events:
			rel, err := filepath.Rel(root, ev.Name)
			if err != nil || !relevant(rel) {
				continue
			}
			if ev.Has(fsnotify.Create) {
				if fi, err := os.Stat(ev.Name); err == nil && fi.IsDir() {
					addTree(w, ev.Name) // a new folder, and what was put in it already
				}
			}
			pending[filepath.ToSlash(rel)] = true
			timer.Reset(Quiet)
		case <-timer.C:
			batch := make([]string, 0, len(pending))
			for p := range pending {
				batch = append(batch, p)
			}
			slices.Sort(batch)
			clear(pending)
			select {
			case batches <- batch:
			case <-ctx.Done():
				return nil
			}
		}
	}
}

// relevant reports whether a path under root matters to a build: handbok.yaml, and
// anything in content/ or themes/ that is neither hidden nor an editor's temporary file.
func relevant(rel string) bool {
	rel = filepath.ToSlash(rel)
	if rel == "handbok.yaml" {
		return true
	}
	if !strings.HasPrefix(rel, "content/") && !strings.HasPrefix(rel, "themes/") && rel != "content" && rel != "themes" {
		return false
	}
	base := path.Base(rel)
	return !strings.HasPrefix(base, ".") && !temporary(base)
}

// temporary reports whether a file name is one that editors and tools write while
// saving and remove or rename soon after: GNU sed -i's sedXXXXXX, vim's swap files and
// its 4913 probe, emacs's #autosave#, ~ backups, JetBrains' ___jb_tmp___ and
// ___jb_old___, Kate's .kate-swp, Office's ~$ lock files, Chrome's .crswap and the
// .tmp of an atomic write. Hidden files (vim's .x.swp, emacs's .#x lock, BSD sed's
// .!N!x) are left out before this.
func temporary(name string) bool {
	switch {
	case name == "4913",
		strings.HasSuffix(name, "~"),
		strings.HasPrefix(name, "~$"),
		strings.HasPrefix(name, "#") && strings.HasSuffix(name, "#"),
		strings.HasSuffix(name, "___jb_tmp___"), strings.HasSuffix(name, "___jb_old___"):
		return true
	}
	switch strings.ToLower(path.Ext(name)) {
	case ".swp", ".swo", ".swx", ".kate-swp", ".tmp", ".temp", ".crswap":
		return true
	}
	return sedTemp(name)
}

// sedTemp reports whether name is the file GNU sed -i writes the new text to before
// renaming it over the old: "sed" and six letters or digits.
func sedTemp(name string) bool {
	rest, ok := strings.CutPrefix(name, "sed")
	if !ok || len(rest) != 6 {
		return false
	}
	for _, r := range rest {
		if !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9') {
			return false
		}
	}
	return true
}

// addTree watches dir and every folder under it.
func addTree(w *fsnotify.Watcher, dir string) {
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.IsDir() {
			if strings.HasPrefix(d.Name(), ".") && p != dir {
				return filepath.SkipDir
			}
			w.Add(p)
		}
		return nil
	})
}
