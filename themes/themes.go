// Package themes holds the default theme, embedded in the handbok binary, and lets a
// project override any of its files.
//
// A theme is a folder with layouts/ (html/template files), assets/ (CSS, scripts and
// images, copied to the site with a content hash in their names) and i18n/ (the UI text,
// one YAML file per language). A project's themes/<name>/ folder is laid over the
// embedded theme of the same name, file by file: to change the footer, copy
// layouts/partials/footer.html into the project and edit it; everything else still comes
// from the embedded theme.
package themes

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"slices"
)

//go:embed default
var embedded embed.FS

// Default returns the embedded default theme.
func Default() fs.FS { return mustSub(embedded, "default") }

func mustSub(fsys fs.FS, dir string) fs.FS {
	sub, err := fs.Sub(fsys, dir)
	if err != nil {
		panic(err)
	}
	return sub
}

// Open returns the theme called name as seen by the project in project (the project's
// folder): the project's themes/<name>/ laid over the embedded theme of that name. A
// theme that is neither in the project nor embedded is an error.
func Open(project fs.FS, name string) (fs.FS, error) {
	dir := "themes/" + name
	local, err := fs.Stat(project, dir)
	hasLocal := err == nil && local.IsDir()
	if name != "default" {
		if !hasLocal {
			return nil, fmt.Errorf("theme %q: no folder themes/%s in the project", name, name)
		}
		return mustSub(project, dir), nil
	}
	if !hasLocal {
		return Default(), nil
	}
	return overlay{upper: mustSub(project, dir), lower: Default()}, nil
}

// overlay is a read-only file system whose upper layer hides files of the same name in
// the lower one; folders show the files of both.
type overlay struct{ upper, lower fs.FS }

func (o overlay) Open(name string) (fs.File, error) {
	f, err := o.upper.Open(name)
	if err == nil {
		if fi, statErr := f.Stat(); statErr == nil && !fi.IsDir() {
			return f, nil
		}
		f.Close()
	}
	return o.lower.Open(name)
}

// Overrides reports whether the project's layer changes the file name: it has a file of
// that name that the embedded theme has not, or has otherwise. (A copy of the embedded
// file, such as this repository's own themes/default/, changes nothing.)
func (o overlay) Overrides(name string) bool {
	upper, err := fs.ReadFile(o.upper, name)
	if err != nil {
		return false
	}
	lower, err := fs.ReadFile(o.lower, name)
	return err != nil || !bytes.Equal(upper, lower)
}

// ReadDir lists a folder of both layers.
func (o overlay) ReadDir(name string) ([]fs.DirEntry, error) {
	lower, errLower := fs.ReadDir(o.lower, name)
	upper, errUpper := fs.ReadDir(o.upper, name)
	if errLower != nil && errUpper != nil {
		return nil, errors.Join(errUpper, errLower)
	}
	out := slices.Clone(upper)
	for _, e := range lower {
		if !slices.ContainsFunc(upper, func(u fs.DirEntry) bool { return u.Name() == e.Name() }) {
			out = append(out, e)
		}
	}
	slices.SortFunc(out, func(a, b fs.DirEntry) int {
		switch {
		case a.Name() < b.Name():
			return -1
		case a.Name() > b.Name():
			return 1
		}
		return 0
	})
	return out, nil
}
