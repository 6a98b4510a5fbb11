// Command handbok-corpus writes a generated handbook project for benchmarking handbok:
//
//	go run ./cmd/handbok-corpus -workplaces 100 -policies 99 -seed 1 -out /tmp/corpus-10k
//	go run ./cmd/handbok-corpus -pages 10000 -out /tmp/corpus-10k
//
// -pages N picks round(√N) workplaces and as many policies each as brings the number of
// Markdown pages closest to N (see corpus.OptionsFor); it cannot be combined with
// -workplaces or -policies. The folder given with -out must be empty or missing.
package main

import (
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/handbok/handbok/internal/corpus"
)

func main() {
	workplaces := flag.Int("workplaces", 10, "number of workplaces")
	policies := flag.Int("policies", 20, "policies per workplace")
	pages := flag.Int("pages", 0, "about how many Markdown pages to write (sets -workplaces and -policies)")
	seed := flag.Int64("seed", 1, "random seed: the same seed writes the same bytes")
	out := flag.String("out", "", "the `DIR` to write the project to (empty or missing)")
	flag.Parse()

	set := map[string]bool{}
	flag.Visit(func(f *flag.Flag) { set[f.Name] = true })
	if *out == "" || flag.NArg() > 0 || set["pages"] && (set["workplaces"] || set["policies"]) {
		fmt.Fprintln(os.Stderr, "usage: handbok-corpus [-workplaces N -policies N | -pages N] [-seed N] -out DIR")
		os.Exit(2)
	}
	o := corpus.Options{Workplaces: *workplaces, Policies: *policies, Seed: *seed}
	if set["pages"] {
		o = corpus.OptionsFor(*pages, *seed)
	}

	start := time.Now()
	n, err := corpus.Write(*out, o)
	if err != nil {
		fmt.Fprintln(os.Stderr, "handbok-corpus:", err)
		os.Exit(1)
	}
	elapsed := time.Since(start)
	var size int64
	_ = filepath.WalkDir(filepath.Join(*out, "content"), func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if fi, err := d.Info(); err == nil {
				size += fi.Size()
			}
		}
		return nil
	})
	fmt.Printf("Wrote %d Markdown pages (%.1f MB): %d workplaces × %d policies + %d organisation-wide policies, seed %d, in %s → %s\n",
		n, float64(size)/1e6, o.Workplaces, o.Policies, corpus.OrgPolicies, o.Seed, elapsed.Round(time.Millisecond), *out)
}
