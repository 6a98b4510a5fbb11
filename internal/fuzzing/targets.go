// Package fuzzing finds the fuzz targets of the module and, in its test, runs each of
// them for a while with the fuzzing engine, on demand.
//
// A plain `go test ./...` runs every target's seeds and the inputs kept under its
// package's testdata/fuzz/ as ordinary tests. TestFuzzTargets runs the fuzzing itself,
// one `go test -fuzz` per target, when HANDBOK_FUZZTIME gives how long each target is
// fuzzed (a duration such as 10m, or a count of inputs such as 5000x), and for a short
// count under CI=true. The targets are read from the source, so that a new one
// is fuzzed without being listed anywhere. An input that fails is written by the
// fuzzing engine to testdata/fuzz/FuzzX/ beside the target, where it stays as a
// regression case once the bug is fixed, and the test names that file.
package fuzzing

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"
)

// Target is a fuzz target: a function FuzzX(f *testing.F) of a test file.
type Target struct {
	Name string // FuzzX
	Pkg  string // the package's folder as go test takes it, like ./internal/server
}

// Targets returns the fuzz targets of the module whose root is root, by package, then
// by name. Folders the go command skips (testdata, names starting with . or _) are
// skipped too, and so is node_modules.
func Targets(root string) ([]Target, error) {
	var targets []Target
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if path != root && (name == "testdata" || name == "node_modules" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(name, "_test.go") || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") {
			return nil
		}
		file, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(root, filepath.Dir(path))
		if err != nil {
			return err
		}
		for _, decl := range file.Decls {
			if fn, ok := decl.(*ast.FuncDecl); ok && isFuzzTarget(fn) {
				targets = append(targets, Target{Name: fn.Name.Name, Pkg: "./" + filepath.ToSlash(rel)})
			}
		}
		return nil
	})
	slices.SortFunc(targets, func(a, b Target) int {
		if c := strings.Compare(a.Pkg, b.Pkg); c != 0 {
			return c
		}
		return strings.Compare(a.Name, b.Name)
	})
	return targets, err
}

// isFuzzTarget reports whether go test takes fn as a fuzz target, by the rules it
// reads a test file with: a function FuzzX, X not starting with a lower-case letter,
// of one *testing.F, whatever name the file imports testing as (one of another
// package fails to compile, which the fuzzing run reports).
func isFuzzTarget(fn *ast.FuncDecl) bool {
	name, ok := strings.CutPrefix(fn.Name.Name, "Fuzz")
	if !ok || fn.Recv != nil || name != "" && name[0] >= 'a' && name[0] <= 'z' {
		return false
	}
	params := fn.Type.Params.List
	if len(params) != 1 || len(params[0].Names) > 1 || fn.Type.Results != nil && len(fn.Type.Results.List) > 0 {
		return false
	}
	star, ok := params[0].Type.(*ast.StarExpr)
	if !ok {
		return false
	}
	switch x := star.X.(type) {
	case *ast.Ident: // testing imported with a dot
		return x.Name == "F"
	case *ast.SelectorExpr:
		return x.Sel.Name == "F"
	}
	return false
}
