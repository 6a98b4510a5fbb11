package corpus_test

import (
	"context"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/handbok/handbok/internal/corpus"
	"github.com/handbok/handbok/internal/render"
	"github.com/handbok/handbok/internal/site"
	"github.com/handbok/handbok/themes"
)

// write writes a corpus into a new temporary folder and returns its files by path.
func write(t *testing.T, o corpus.Options) (string, map[string]string) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "corpus") // missing: Write makes it
	n, err := corpus.Write(dir, o)
	if err != nil {
		t.Fatal(err)
	}
	if n != o.Pages() {
		t.Errorf("Write(%+v) = %d pages, want %d", o, n, o.Pages())
	}
	files := map[string]string{}
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if md := len(slices.DeleteFunc(slices.Collect(maps.Keys(files)), func(p string) bool { return !strings.HasSuffix(p, ".md") })); md != n {
		t.Errorf("%d Markdown files on disk, Write said %d", md, n)
	}
	return dir, files
}

func TestSameSeedSameBytes(t *testing.T) {
	o := corpus.Options{Workplaces: 3, Policies: 5, Seed: 7}
	_, a := write(t, o)
	_, b := write(t, o)
	if !maps.Equal(a, b) {
		for p := range a {
			if a[p] != b[p] {
				t.Errorf("%s differs between two corpora of the same seed", p)
			}
		}
		t.Fatalf("same seed: %d and %d files, not identical", len(a), len(b))
	}
	o.Seed = 8
	if _, c := write(t, o); maps.Equal(a, c) {
		t.Error("seeds 7 and 8 wrote the same corpus")
	}
}

func TestWriteRefusesNonEmptyFolder(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "x"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := corpus.Write(dir, corpus.Options{Workplaces: 1, Policies: 1}); err == nil {
		t.Error("Write into a folder with a file: no error")
	}
}

// TestBuildsClean loads and renders corpora of several shapes (more policies than topics,
// no workplaces) and expects no diagnostics at all: every link and heading id resolves.
func TestBuildsClean(t *testing.T) {
	for _, o := range []corpus.Options{
		{Workplaces: 3, Policies: 4, Seed: 1},
		{Workplaces: 2, Policies: 90, Seed: 2},
		{Workplaces: 20, Policies: 1, Seed: 3},
		{Workplaces: 0, Policies: 0, Seed: 4},
	} {
		dir, _ := write(t, o)
		s, diags := site.Load(os.DirFS(dir), "x")
		for _, d := range diags {
			t.Errorf("%+v: load: %s", o, d)
		}
		if diags.Count(site.Error) > 0 {
			continue
		}
		// Every page comes from a file: each folder has its _index.md.
		if got, want := len(s.Pages), o.Pages(); got != want {
			t.Errorf("%+v: %d pages, want %d", o, got, want)
		}
		if got, want := len(s.Policies()), o.Workplaces*o.Policies+corpus.OrgPolicies; got != want {
			t.Errorf("%+v: %d policies, want %d", o, got, want)
		}
		if len(s.Workplaces) != o.Workplaces || len(s.Checklists()) != o.Workplaces {
			t.Errorf("%+v: %d workplaces and %d checklists", o, len(s.Workplaces), len(s.Checklists()))
		}
		_, diags, err := render.Render(context.Background(), s, os.DirFS(dir), themes.Default(), render.Discard{})
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range diags {
			t.Errorf("%+v: render: %s", o, d)
		}
		for _, d := range site.Audit(s, time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC)) {
			t.Errorf("%+v: check: %s", o, d)
		}
	}
}

var (
	letters    = regexp.MustCompile(`\p{L}+`)
	linkRE     = regexp.MustCompile(`\]\((<[^>]*>|[^)]*)\)`)
	headingRE  = regexp.MustCompile(`(?m)^## `)
	tableRE    = regexp.MustCompile(`(?m)^\| --- \|`)
	icelandic  = "áéíóúýþæöð"
	pageRanges = map[string][2]int{"words": {300, 1500}, "headings": {3, 8}, "links": {1, 4}}
)

// TestPolicyShape checks the policies against the description in the package comment.
func TestPolicyShape(t *testing.T) {
	_, files := write(t, corpus.Options{Workplaces: 4, Policies: 30, Seed: 5})
	policies, tables, examples := 0, 0, 0
	for p, data := range files {
		if !strings.Contains(data, "\nkind: policy\n") {
			continue
		}
		policies++
		fm, body, _ := strings.Cut(strings.TrimPrefix(data, "---\n"), "\n---\n")
		if strings.Contains(fm+"\n", "\nexample: true\n") {
			examples++
		}
		if tableRE.MatchString(body) {
			tables++
		}
		words := 0
		for _, f := range strings.Fields(linkRE.ReplaceAllString(body, "]")) {
			if letters.MatchString(f) {
				words++
			}
		}
		counts := map[string]int{
			"words":    words,
			"headings": len(headingRE.FindAllString(body, -1)),
			"links":    len(linkRE.FindAllString(body, -1)),
		}
		for what, n := range counts {
			if r := pageRanges[what]; n < r[0] || n > r[1] {
				t.Errorf("%s: %d %s, want %d–%d", p, n, what, r[0], r[1])
			}
		}
	}
	if policies != 4*30+corpus.OrgPolicies {
		t.Errorf("%d policies", policies)
	}
	if f := float64(tables) / float64(policies); f < 0.15 || f > 0.35 {
		t.Errorf("%d of %d policies have a table, want about 1 in 4", tables, policies)
	}
	if f := float64(examples) / float64(policies); f < 0.04 || f > 0.18 {
		t.Errorf("%d of %d policies are examples, want about 1 in 10", examples, policies)
	}
}

// TestWordFrequency checks that the text reads like natural language in its statistics:
// a few words are very common and most are rare, and every Icelandic letter occurs, in
// lower and upper case.
func TestWordFrequency(t *testing.T) {
	_, files := write(t, corpus.Options{Workplaces: 3, Policies: 4, Seed: 1})
	counts := map[string]int{}
	var all strings.Builder
	for _, data := range files {
		all.WriteString(data)
		for _, w := range letters.FindAllString(strings.ToLower(data), -1) {
			counts[w]++
		}
	}
	freq := slices.Sorted(maps.Values(counts))
	top, median := freq[len(freq)-1], freq[len(freq)/2]
	t.Logf("%d distinct words; most common %d times, median %d", len(freq), top, median)
	if len(freq) < 1000 || top < 100*median {
		t.Errorf("%d distinct words, most common %d times, median %d: want ≥ 1000 words and a skew of ≥ 100×", len(freq), top, median)
	}
	for _, r := range icelandic + strings.ToUpper(icelandic) {
		if !strings.ContainsRune(all.String(), r) {
			t.Errorf("no %c in the corpus", r)
		}
	}
	if strings.ContainsFunc(all.String(), func(r rune) bool { return r == unicode.ReplacementChar }) {
		t.Error("the corpus has a U+FFFD replacement character")
	}
}
