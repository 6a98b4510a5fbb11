//go:build unix

package diskfs

import (
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
)

// dirFS is what os.DirFS gives and Dir passes on: Lstat with it, so that loading can
// tell a symbolic link from the file it points at.
type dirFS interface {
	fs.FS
	fs.StatFS
	fs.ReadDirFS
	fs.ReadFileFS
	fs.ReadLinkFS
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
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "readfile", Path: name, Err: fs.ErrInvalid}
	}
	data, err := readFile(filepath.Join(d.root, filepath.FromSlash(name)))
	if pe, ok := err.(*fs.PathError); ok {
		pe.Path = name // as os.DirFS names it: relative to the folder
	}
	return data, err
}

// readFile reads the file name whole with open, fstat, read and close: os.ReadFile
// also offers each file to the network poller, which a regular file refuses, and sets
// it non-blocking and back, five calls more.
func readFile(name string) ([]byte, error) {
	var fd int
	err := retry(func() (err error) {
		fd, err = syscall.Open(name, syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
		return err
	})
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	defer syscall.Close(fd)
	var st syscall.Stat_t
	size := 512
	if retry(func() error { return syscall.Fstat(fd, &st) }) == nil && st.Size > 0 && int64(int(st.Size)) == st.Size {
		size = int(st.Size) + 1 // one more, to see the end without growing
	}
	data := make([]byte, 0, size)
	for {
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)]
		}
		var n int
		err := retry(func() (err error) {
			n, err = syscall.Read(fd, data[len(data):min(cap(data), len(data)+maxRW)])
			return err
		})
		if err != nil {
			return nil, &fs.PathError{Op: "read", Path: name, Err: err}
		}
		if n == 0 {
			return data, nil
		}
		data = data[:len(data)+n]
	}
}

// WriteFile creates the file name (or empties it) and writes data, as os.WriteFile
// does with mode 0644, in three system calls (see readFile).
func WriteFile(name string, data []byte) error {
	var fd int
	err := retry(func() (err error) {
		fd, err = syscall.Open(name, syscall.O_WRONLY|syscall.O_CREAT|syscall.O_TRUNC|syscall.O_CLOEXEC, 0o644)
		return err
	})
	if err != nil {
		return &fs.PathError{Op: "open", Path: name, Err: err}
	}
	for len(data) > 0 {
		var n int
		err = retry(func() (err error) {
			n, err = syscall.Write(fd, data[:min(len(data), maxRW)])
			return err
		})
		if err == nil && n == 0 {
			err = io.ErrShortWrite
		}
		if err != nil {
			break
		}
		data = data[n:]
	}
	if err != nil {
		syscall.Close(fd)
		return &fs.PathError{Op: "write", Path: name, Err: err}
	}
	if err := syscall.Close(fd); err != nil {
		return &fs.PathError{Op: "close", Path: name, Err: err}
	}
	return nil
}

// maxRW is the most one read or write asks for, as in Go's os package: macOS and
// FreeBSD refuse 2 GiB or more at once.
const maxRW = 1 << 30

// retry calls fn again while it is interrupted by a signal.
func retry(fn func() error) error {
	for {
		if err := fn(); err != syscall.EINTR {
			return err
		}
	}
}
