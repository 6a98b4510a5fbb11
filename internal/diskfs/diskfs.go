// Package diskfs opens a folder on disk as an fs.FS, as os.DirFS does, but reads whole
// files in fewer system calls: a build reads every Markdown file of a handbook, some
// twice.
package diskfs

import (
	"io/fs"
	"os"
	"path/filepath"
)

// dirFS is what os.DirFS gives and Dir passes on (not its ReadLink and Lstat, which
// handbok does not use).
type dirFS interface {
	fs.FS
	fs.StatFS
	fs.ReadDirFS
	fs.ReadFileFS
}

type dir struct {
	dirFS
	root string
}

// Dir returns the folder root as an fs.FS, like os.DirFS(root).
func Dir(root string) fs.FS {
	return dir{os.DirFS(root).(dirFS), root}
}

// ReadFile implements fs.ReadFileFS.
func (d dir) ReadFile(name string) ([]byte, error) {
	if !unixFiles {
		return d.dirFS.ReadFile(name) // with os.DirFS's checks of names, such as Windows' NUL
	}
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "readfile", Path: name, Err: fs.ErrInvalid}
	}
	data, err := readFile(filepath.Join(d.root, filepath.FromSlash(name)))
	if pe, ok := err.(*fs.PathError); ok {
		pe.Path = name // as os.DirFS names it: relative to the folder
	}
	return data, err
}
