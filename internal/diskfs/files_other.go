//go:build !unix

package diskfs

import (
	"io/fs"
	"os"
)

// Dir returns the folder root as an fs.FS: os.DirFS(root).
func Dir(root string) fs.FS { return os.DirFS(root) }

// WriteFile creates the file name (or empties it) and writes data, as os.WriteFile
// does with mode 0644.
func WriteFile(name string, data []byte) error { return os.WriteFile(name, data, 0o644) }
