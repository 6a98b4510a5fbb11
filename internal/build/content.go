package build

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"io/fs"
	"time"

	"github.com/handbok/handbok/internal/parallel"
	"github.com/handbok/handbok/internal/site"
)

// Content is a project's content for a command that may not need to read it, such as
// `handbok search` on a bleve index already up to date: it is loaded when first asked
// for. Its stamp, the sizes and times of the files it is loaded from, is taken when it
// is made, before anything is read, so that a file changed while it loads makes the
// next stamp differ.
type Content struct {
	project *Project
	stamp   string
	loaded  func(site.Diagnostics)
	site    *site.Site
	diags   site.Diagnostics
}

// NewContent returns p's content, not loaded yet; loaded, when not nil, is told what
// loading reported, once it has.
func NewContent(p *Project, loaded func(site.Diagnostics)) *Content {
	return &Content{project: p, stamp: contentStamp(p.FS, p.Name(), time.Now()), loaded: loaded}
}

// Site returns the content, loaded on the first call (see Project.LoadContent).
func (c *Content) Site() (*site.Site, site.Diagnostics) {
	if c.site == nil {
		c.site, c.diags = c.project.LoadContent()
		if c.loaded != nil {
			c.loaded(c.diags)
		}
	}
	return c.site, c.diags
}

// racyWindow is how recent a file's time may be for the stamp to be trusted: a file
// written again within the same tick of a coarse clock keeps its time, and, with the
// same size, its stamp.
const racyWindow = 2 * time.Second

// contentStamp returns a hash of the project folder's name, and of the path, kind, size
// and time of handbok.yaml and of everything in content/, which is all that loading the
// content reads, or "" when it cannot be trusted: a file could not be looked at, or
// changed too recently to tell a later change by its time. A file changed since keeps
// the stamp only if it keeps its size and is given its old time back on purpose.
func contentStamp(fsys fs.FS, name string, now time.Time) string {
	h := sha256.New()
	h.Write([]byte(name)) // the title of a handbook without one
	h.Write([]byte{0})
	ok := true
	add := func(p string, fi fs.FileInfo) {
		if fi.ModTime().After(now.Add(-racyWindow)) {
			ok = false
		}
		var buf [20]byte
		binary.LittleEndian.PutUint32(buf[:], uint32(fi.Mode()))
		binary.LittleEndian.PutUint64(buf[4:], uint64(fi.Size()))
		binary.LittleEndian.PutUint64(buf[12:], uint64(fi.ModTime().UnixNano()))
		h.Write([]byte(p))
		h.Write([]byte{0})
		h.Write(buf[:])
	}
	switch fi, err := fs.Lstat(fsys, site.ConfigFile); {
	case err == nil:
		add(site.ConfigFile, fi)
	case !errors.Is(err, fs.ErrNotExist):
		return ""
	}
	// The walk lists the entries; looking at each, a system call apiece, is shared
	// between the cores.
	var paths []string
	var entries []fs.DirEntry
	err := fs.WalkDir(fsys, site.ContentDir, func(p string, d fs.DirEntry, err error) error {
		paths, entries = append(paths, p), append(entries, d)
		return err
	})
	infos := make([]fs.FileInfo, len(entries))
	if err == nil {
		err = parallel.Do(context.Background(), len(entries), func(i int) (err error) {
			infos[i], err = entries[i].Info()
			return err
		})
	}
	if err == nil {
		for i, p := range paths {
			add(p, infos[i])
		}
	}
	if err != nil || !ok {
		return ""
	}
	return hex.EncodeToString(h.Sum(nil))
}
