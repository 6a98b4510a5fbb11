package main

import (
	"fmt"
	"strings"

	"github.com/handbok/handbok/internal/build"
)

// openProject opens the project named by --source.
func openProject(dir string) (*build.Project, error) {
	p, err := build.Open(dir)
	if err != nil {
		return nil, fmt.Errorf("--source %v: %w", err, errUsage)
	}
	return p, nil
}

// openWithDest opens the project named by --source and works out where its site is
// built from --dest.
func openWithDest(source, dest string) (*build.Project, string, error) {
	p, err := openProject(source)
	if err != nil {
		return p, "", err
	}
	if dest == "" {
		dest = p.DefaultDest()
	}
	if err := p.CheckDest(dest); err != nil {
		return p, dest, fmt.Errorf("--dest %v: %w", err, errUsage)
	}
	return p, dest, nil
}

// plural writes a count with its noun: "1 page", "2 pages", "3 policies".
func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	if strings.HasSuffix(word, "y") {
		return fmt.Sprintf("%d %sies", n, strings.TrimSuffix(word, "y"))
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// sourceFlag adds --source, the project folder, to a command's flags.
func sourceFlag(f *flagSet) *string {
	return f.String("source", ".", "the handbook project `DIR`, with handbok.yaml and content/")
}

// destFlag adds --dest, where the site is built, to a command's flags.
func destFlag(f *flagSet) *string {
	return f.String("dest", "", "build the site into the folder `DIR` (default: SOURCE/public)")
}

// verboseFlag adds --verbose, which lists every warning, to a command's flags.
func verboseFlag(f *flagSet) *bool {
	return f.Bool("verbose", false, "list every warning; without it, a warning repeated in many places is listed once with a count")
}
