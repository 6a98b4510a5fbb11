package fuzzing

import (
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"
)

// ciFuzzTime is how much CI fuzzes each target when HANDBOK_FUZZTIME does not say: a
// count of inputs, since a duration can end a run that found nothing in a failure of
// the fuzzing engine's own (see endedByEngineDeadline). It is enough for the engine to
// mutate past the seeds, and little enough that the whole run, the instrumented builds
// on a cold cache included, stays well inside go test's ten minutes beside the rest of
// the suite (BENCHMARKS.md, "Fuzzing").
const ciFuzzTime = "500x"

// TestFuzzTargets fuzzes every target of the module, one after another, for
// HANDBOK_FUZZTIME each, and fails with the file the fuzzing engine keeps of an input
// that fails. Under CI=true it fuzzes each with ciFuzzTime and one worker, leaving the
// other core to the rest of the suite; elsewhere, without HANDBOK_FUZZTIME, it is
// skipped, since the seeds and kept inputs run as tests of their own packages.
//
//	HANDBOK_FUZZTIME=2m go test -timeout 0 -run TestFuzzTargets -v ./internal/fuzzing
//	HANDBOK_FUZZTIME=10m go test -timeout 0 -run TestFuzzTargets/FuzzAPIBodies -v ./internal/fuzzing
func TestFuzzTargets(t *testing.T) {
	fuzztime, workers := os.Getenv("HANDBOK_FUZZTIME"), ""
	if fuzztime == "" {
		if os.Getenv("CI") != "true" {
			t.Skip("fuzzing runs with HANDBOK_FUZZTIME=2m (how long to fuzz each target) and go test -timeout 0, and with " + ciFuzzTime + " each under CI=true; the seeds ran with their packages")
		}
		fuzztime, workers = ciFuzzTime, "1"
	}
	t.Parallel()
	root := moduleRoot(t)
	targets, err := Targets(root)
	if err != nil {
		t.Fatal(err)
	}
	if len(targets) == 0 {
		t.Fatalf("no fuzz targets under %s", root)
	}
	for _, tg := range targets {
		t.Run(tg.Name, func(t *testing.T) { fuzz(t, root, tg, fuzztime, workers) })
	}
}

var (
	failingInput = regexp.MustCompile(`Failing input written to (\S+)`)
	progress     = regexp.MustCompile(`fuzz: elapsed: \S+, execs: (\d+) `)
)

// fuzz runs go test -fuzz on one target, with as many workers as go test gives it
// when workers is "".
func fuzz(t *testing.T, root string, tg Target, fuzztime, workers string) {
	start := time.Now()
	args := []string{"test", "-run", "^$", "-fuzz", "^" + tg.Name + "$", "-fuzztime", fuzztime}
	if workers != "" {
		args = append(args, "-parallel", workers)
	}
	cmd := exec.CommandContext(t.Context(), "go", append(args, tg.Pkg)...)
	cmd.Dir = root
	out, err := cmd.CombinedOutput()
	execs := "an uncounted number of" // the engine reports inputs every few seconds
	if m := progress.FindAllSubmatch(out, -1); len(m) > 0 {
		execs = string(m[len(m)-1][1])
	}
	t.Logf("%s %s: %s inputs in %s, build included", tg.Pkg, tg.Name, execs, time.Since(start).Round(100*time.Millisecond))
	if err == nil {
		return
	}
	if m := failingInput.FindSubmatch(out); m != nil {
		kept := filepath.ToSlash(filepath.Join(tg.Pkg, string(m[1])))
		t.Fatalf("%s found an input that fails, kept in %s: `go test -run %s/%s %s` repeats it; fix the bug and commit the file, which stays as a regression case.\n%s",
			tg.Name, kept, tg.Name, filepath.Base(kept), tg.Pkg, out)
	}
	if endedByEngineDeadline(out, tg.Name) {
		t.Logf("%s: the fuzzing engine reported its own deadline as a failure, with no input that fails (golang/go#75804, fixed in Go 1.27); a count such as HANDBOK_FUZZTIME=100000x avoids it", tg.Name)
		return
	}
	t.Fatalf("go test -fuzz %s %s: %v\n%s", tg.Name, tg.Pkg, err, out)
}

// endedByEngineDeadline reports whether go test -fuzz failed the target only because
// its -fuzztime ran out while a worker was busy, a race in Go 1.26's fuzzing
// coordinator: the target fails with the bare "context deadline exceeded" and no
// input kept. A failure of the target itself always keeps its input.
func endedByEngineDeadline(out []byte, name string) bool {
	if failingInput.Match(out) {
		return false
	}
	lines := strings.Split(string(out), "\n")
	for i, line := range lines[:max(len(lines)-1, 0)] {
		if strings.HasPrefix(strings.TrimSpace(line), "--- FAIL: "+name+" (") {
			return strings.TrimSpace(lines[i+1]) == "context deadline exceeded"
		}
	}
	return false
}

// moduleRoot is the folder of the module's go.mod, above the package's.
func moduleRoot(t *testing.T) string {
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the package")
		}
		dir = parent
	}
}

// TestEndedByEngineDeadline: only the engine's bare deadline, with no input kept, is
// taken for the engine's race; a target's own failure never is.
func TestEndedByEngineDeadline(t *testing.T) {
	t.Parallel()
	race := `fuzz: elapsed: 0s, gathering baseline coverage: 11/11 completed, now fuzzing with 1 workers
fuzz: elapsed: 1s, execs: 7586 (6732/sec), new interesting: 5 (total: 16)
--- FAIL: FuzzFrontMatter (1.13s)
    context deadline exceeded
FAIL
exit status 1
FAIL	github.com/handbok/handbok/internal/site	1.153s
`
	found := `fuzz: elapsed: 1s, execs: 7586 (6732/sec), new interesting: 5 (total: 16)
--- FAIL: FuzzFrontMatter (1.13s)
    --- FAIL: FuzzFrontMatter (0.00s)
        frontmatter_test.go:80: context deadline exceeded

    Failing input written to testdata/fuzz/FuzzFrontMatter/5d0f6b1c1b0b4f11
    To re-run:
    go test -run=FuzzFrontMatter/5d0f6b1c1b0b4f11
FAIL
`
	for _, c := range []struct {
		name, out, target string
		want              bool
	}{
		{"the engine's race", race, "FuzzFrontMatter", true},
		{"another target's line", race, "FuzzFront", false},
		{"an input that fails", found, "FuzzFrontMatter", false},
		{"a build that fails", "internal/site/frontmatter.go:12:2: undefined: x\nFAIL\tgithub.com/handbok/handbok/internal/site [build failed]\n", "FuzzFrontMatter", false},
		{"a panic", "--- FAIL: FuzzFrontMatter (0.20s)\n    panic: boom\n", "FuzzFrontMatter", false},
		{"nothing", "", "FuzzFrontMatter", false},
	} {
		if got := endedByEngineDeadline([]byte(c.out), c.target); got != c.want {
			t.Errorf("%s: endedByEngineDeadline = %v, want %v", c.name, got, c.want)
		}
	}
}

// TestTargets: the targets are what go test takes as fuzz targets, wherever they are
// in the module, and nothing else.
func TestTargets(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	files := map[string]string{
		"go.mod": "module example\n",
		"a/a_test.go": `package a
import "testing"
func FuzzA(f *testing.F) {}
func Fuzz(f *testing.F) {}
func Fuzzy(f *testing.F) {}
func FuzzTwo(f, g *testing.F) {}
func FuzzT(t *testing.T) {}
func FuzzResult(f *testing.F) error { return nil }
type x struct{}
func (x) FuzzMethod(f *testing.F) {}
`,
		"a/b/named_test.go":      "package b\nimport tt \"testing\"\nfunc FuzzÞ(f *tt.F) {}\n",
		"a/other.go":             "package a\nimport \"testing\"\nfunc FuzzNotATest(f *testing.F) {}\n",
		"a/dot_test.go":          "package a\nimport . \"testing\"\nfunc FuzzDot(f *F) {}\nfunc FuzzDotT(t *T) {}\n",
		"a/testdata/x_test.go":   "package x\nimport \"testing\"\nfunc FuzzData(f *testing.F) {}\n",
		".hidden/h_test.go":      "package h\nimport \"testing\"\nfunc FuzzHidden(f *testing.F) {}\n",
		"node_modules/n_test.go": "package n\nimport \"testing\"\nfunc FuzzNode(f *testing.F) {}\n",
	}
	for name, data := range files {
		path := filepath.Join(root, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := Targets(root)
	if err != nil {
		t.Fatal(err)
	}
	want := []Target{{"Fuzz", "./a"}, {"FuzzA", "./a"}, {"FuzzDot", "./a"}, {"FuzzÞ", "./a/b"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Targets = %v, want %v", got, want)
	}

	mine, err := Targets(moduleRoot(t))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, tg := range mine {
		names = append(names, tg.Pkg+" "+tg.Name)
	}
	for _, want := range []string{"./internal/server FuzzAPIBodies", "./internal/server FuzzSessionCookie", "./internal/people FuzzReadCSV", "./search FuzzAnalyze"} {
		if !strings.Contains(strings.Join(names, "\n"), want) {
			t.Errorf("the module's targets %v lack %s", names, want)
		}
	}
}
