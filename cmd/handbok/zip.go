package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// checkZip refuses a --zip FILE inside the site's folder, which every build replaces
// whole (and which the archive would then hold a copy of itself in), and a FILE that is
// a folder.
func checkZip(dest, file string) error {
	absDest, err1 := filepath.Abs(dest)
	absZip, err2 := filepath.Abs(file)
	if err1 != nil || err2 != nil {
		return fmt.Errorf("--zip %s: %v%v: %w", file, err1, err2, errUsage)
	}
	if resolved, err := filepath.EvalSymlinks(absDest); err == nil {
		absDest = resolved
	}
	if dir, err := filepath.EvalSymlinks(filepath.Dir(absZip)); err == nil {
		absZip = filepath.Join(dir, filepath.Base(absZip))
	}
	if rel, err := filepath.Rel(absDest, absZip); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return fmt.Errorf("--zip %s is inside the site's folder %s, which the build replaces; write it somewhere else: %w", file, dest, errUsage)
	}
	if fi, err := os.Stat(file); err == nil && fi.IsDir() {
		return fmt.Errorf("--zip %s is a folder; name the archive's file, such as handbok.zip: %w", file, errUsage)
	}
	return nil
}
