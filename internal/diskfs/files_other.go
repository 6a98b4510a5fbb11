//go:build !unix

package diskfs

import "os"

// unixFiles tells whether readFile and WriteFile use the system calls alone.
const unixFiles = false

// readFile reads the file name whole.
func readFile(name string) ([]byte, error) { return os.ReadFile(name) }

// WriteFile creates the file name (or empties it) and writes data, as os.WriteFile
// does with mode 0644.
func WriteFile(name string, data []byte) error { return os.WriteFile(name, data, 0o644) }
