// Package watch tells handbok serve when the files of a handbook change: content/,
// themes/ and handbok.yaml, folders made or removed while it runs included. Events that
// come close together (an editor saving by writing a new file and renaming it, a
// checkout of many files) arrive as one batch.
package watch

import (
	"context"
	"errors"
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
	// Lost, when set, is told why events were lost (the kernel's queue overflowed, or
	// another error of the watcher), before the batch that rebuilds everything is sent.
	Lost func(err error)

	w    *fsnotify.Watcher
	root string
	// waiting, when set (by tests), is called when a batch is ready and waits to be taken.
	waiting func()
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
	wr := &Watcher{w: w, root: root}
	wr.watchAll()
	return wr, nil
}

// everything is the batch sent when events were lost: the roots of all that a build
// reads, which makes the next build look at every file and render every page.
var everything = []string{"content", "handbok.yaml", "themes"}

// Run sends the paths (relative to root) that changed, in batches, until ctx is done,
// and then stops watching. It reads events while a batch waits to be taken (a rebuild
// runs), so that the kernel's queue of them does not overflow; they come in the next
// batch. When events were lost all the same, or the watcher reports any other error,
// it watches every folder again and sends the batch that rebuilds everything.
func (wr *Watcher) Run(ctx context.Context, batches chan<- []string) error {
	w := wr.w
	defer w.Close()
	pending := map[string]bool{}
	var ready []string      // a batch waiting to be taken
	var out chan<- []string // batches while ready waits, else nil
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case err, ok := <-w.Errors:
			if !ok {
				return errClosed
			}
			if wr.Lost != nil {
				wr.Lost(err)
			}
			wr.watchAll()
			for _, p := range everything {
				pending[p] = true
			}
			timer.Reset(Quiet)
		case ev, ok := <-w.Events:
			if !ok {
				return errClosed
			}
			if wr.note(ev, pending) {
				timer.Reset(Quiet)
			}
		case <-timer.C:
			if ready == nil && len(pending) > 0 {
				ready, out = sorted(pending), batches
				clear(pending)
				if wr.waiting != nil {
					wr.waiting()
				}
			}
		case out <- ready:
			ready, out = nil, nil
			if len(pending) > 0 {
				timer.Reset(Quiet)
			}
		}
	}
}

var errClosed = errors.New("the file watcher stopped")

// note adds the path of ev to pending, and watches a folder it makes, if the path
// matters to a build. It reports whether it did.
func (wr *Watcher) note(ev fsnotify.Event, pending map[string]bool) bool {
	rel, err := filepath.Rel(wr.root, ev.Name)
	if err != nil {
		return false
	}
	// A new folder is watched whatever its name looks like (a folder called 4913 or
	// notes.tmp is no editor's file), unless it is hidden.
	folder := false
	if ev.Has(fsnotify.Create) && visible(rel) {
		if fi, err := os.Stat(ev.Name); err == nil && fi.IsDir() {
			addTree(wr.w, ev.Name) // a new folder, and what was put in it already
			folder = true
		}
	}
	if !folder && !relevant(rel) {
		return false
	}
	pending[filepath.ToSlash(rel)] = true
	return true
}

// watchAll watches root and every folder under content/ and themes/; again after events
// were lost, since those that made folders may be among them.
func (wr *Watcher) watchAll() {
	wr.w.Add(wr.root)
	for _, dir := range []string{"content", "themes"} {
		addTree(wr.w, filepath.Join(wr.root, dir))
	}
}

func sorted(set map[string]bool) []string {
	s := make([]string, 0, len(set))
	for p := range set {
		s = append(s, p)
	}
	slices.Sort(s)
	return s
}

// relevant reports whether a path under root matters to a build: handbok.yaml, and
// anything in content/ or themes/ that is neither hidden nor an editor's temporary file.
func relevant(rel string) bool {
	if filepath.ToSlash(rel) == "handbok.yaml" {
		return true
	}
	return visible(rel) && !temporary(filepath.Base(rel))
}

// visible reports whether a path under root is in content/ or themes/ and not hidden.
func visible(rel string) bool {
	rel = filepath.ToSlash(rel)
	if !strings.HasPrefix(rel, "content/") && !strings.HasPrefix(rel, "themes/") && rel != "content" && rel != "themes" {
		return false
	}
	return !strings.HasPrefix(path.Base(rel), ".")
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
