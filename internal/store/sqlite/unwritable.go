package sqlite

import (
	"errors"
	"fmt"
	"os"
	"syscall"
)

// unwritable says what to do when nothing can be written in dir, the database's folder,
// or returns "" when something can. SQLite's own error for a file it cannot open or
// grow there ("unable to open database file") does not say why, nor what would help.
func unwritable(dir string) string {
	f, err := os.CreateTemp(dir, ".handbok-write-test-*")
	if err == nil {
		_, err = f.Write([]byte{0})
		err = errors.Join(err, f.Close(), os.Remove(f.Name()))
	}
	switch {
	case err == nil:
		return ""
	case errors.Is(err, syscall.EROFS):
		return fmt.Sprintf("the file system of %s is read-only; mount it read-write, or give --db a place that can be written, and start handbok again", dir)
	case errors.Is(err, syscall.ENOSPC), errors.Is(err, syscall.EDQUOT):
		return fmt.Sprintf("the disk of %s is full; make room on it and start handbok again", dir)
	}
	return fmt.Sprintf("nothing can be written in %s (%v); let handbok's user write there, or give --db another place, and start handbok again", dir, err)
}
