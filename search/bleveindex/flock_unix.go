//go:build unix

package bleveindex

import (
	"os"
	"syscall"
)

// flock takes an exclusive advisory lock on f without waiting, and reports whether it
// got it. The lock goes with the file's open description: another open of the same
// file, in this process too, does not get it.
func flock(f *os.File) (bool, error) {
	for {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		switch err {
		case nil:
			return true, nil
		case syscall.EWOULDBLOCK:
			return false, nil
		case syscall.EINTR:
			continue
		}
		return false, err
	}
}
