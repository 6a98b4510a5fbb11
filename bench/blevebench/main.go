// Command blevebench makes a bleve index of a handbook's pages from nothing, as the
// first `handbok search` of a handbook does, with handbok's index (-mapping handbok,
// package search/bleveindex) or with bleve's default mapping on the same search
// documents (-mapping default: bleve.NewIndexMapping(), each document a map of the
// same fields). Both read and index the pages in chunks of the same size, and both
// index in batches of that size, so that what differs is the index alone. It prints
// one JSON line: seconds to load the site, seconds to index, the peak RSS after
// loading and at the end (VmHWM, Linux), and the index's bytes on disk.
//
//	go run ./cmd/handbok-corpus -pages 10000 -out /tmp/corpus
//	go run ./bench/blevebench -corpus /tmp/corpus -mapping default
//
// Run each mapping in a process of its own (bench/bleve.sh does), so that each peak
// RSS is its own. -cpuprofile and -memprofile write pprof profiles of the indexing.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"

	"github.com/handbok/handbok/internal/render"
	"github.com/handbok/handbok/internal/site"
	"github.com/handbok/handbok/search"
	"github.com/handbok/handbok/search/bleveindex"
)

// chunk is how many pages are read and indexed at a time, as handbok search does.
const chunk = 256

type result struct {
	Mapping      string  `json:"mapping"`
	Pages        int     `json:"pages"`
	LoadSeconds  float64 `json:"load_s"`
	IndexSeconds float64 `json:"index_s"`
	LoadHWMKiB   int     `json:"load_hwm_kib"`
	HWMKiB       int     `json:"hwm_kib"`
	IndexBytes   int64   `json:"index_bytes"`
	IndexFiles   int     `json:"index_files"`
}

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "blevebench:", err)
		os.Exit(1)
	}
}

func run() error {
	corpus := flag.String("corpus", "", "the handbook's `FOLDER` (go run ./cmd/handbok-corpus makes one)")
	kind := flag.String("mapping", "handbok", "the index: handbok or default (bleve.NewIndexMapping)")
	dir := flag.String("index", "", "where to make the index (`FOLDER`, removed first); a temporary folder by default")
	cpuProfile := flag.String("cpuprofile", "", "write a CPU profile of the indexing to `FILE`")
	memProfile := flag.String("memprofile", "", "write a heap profile, at the end of the indexing, to `FILE`")
	flag.Parse()
	if *corpus == "" {
		return errors.New("-corpus is needed")
	}
	if *dir == "" {
		tmp, err := os.MkdirTemp("", "blevebench-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		*dir = filepath.Join(tmp, "index")
	}
	if err := os.RemoveAll(*dir); err != nil {
		return err
	}

	start := time.Now()
	fsys := os.DirFS(*corpus)
	s, diags := site.Load(fsys, "bench")
	if diags.Count(site.Error) > 0 {
		return fmt.Errorf("the corpus has errors: %v", diags)
	}
	hashes := render.SearchHashes(s)
	var pages []*site.Page
	for _, pg := range s.Pages {
		if _, ok := hashes[pg.ID]; ok {
			pages = append(pages, pg)
		}
	}
	slices.SortFunc(pages, func(a, b *site.Page) int { return strings.Compare(a.ID, b.ID) })
	res := result{Mapping: *kind, Pages: len(pages), LoadSeconds: time.Since(start).Seconds(), LoadHWMKiB: hwm()}

	var add func([]search.Document) error
	var closeIndex func() error
	switch *kind {
	case "handbok":
		idx, err := bleveindex.Open(context.Background(), *dir, search.Language(s.Config.Language), bleveindex.Options{})
		if err != nil {
			return err
		}
		add = func(docs []search.Document) error { return idx.Update(docs, hashes, nil) }
		closeIndex = idx.Close
	case "default":
		idx, err := bleve.New(*dir, bleve.NewIndexMapping())
		if err != nil {
			return err
		}
		add = func(docs []search.Document) error {
			b := idx.NewBatch()
			for _, d := range docs {
				if err := b.Index(d.ID, map[string]any{
					"id": d.ID, "title": d.Fields()[0], "headings": d.Headings, "body": d.Body, "text": d.SnippetText(),
					"workplace": d.Workplace, "workplace_title": d.WorkplaceTitle, "kind": d.Kind, "url": d.URL,
				}); err != nil {
					return err
				}
			}
			return idx.Batch(b)
		}
		closeIndex = idx.Close
	default:
		return fmt.Errorf("-mapping %q: handbok or default", *kind)
	}

	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
	}
	start = time.Now()
	for i := 0; i < len(pages); i += chunk {
		if err := add(render.SearchDocuments(s, fsys, pages[i:min(i+chunk, len(pages))])); err != nil {
			return err
		}
	}
	if err := closeIndex(); err != nil {
		return err
	}
	res.IndexSeconds = time.Since(start).Seconds()
	if *cpuProfile != "" {
		pprof.StopCPUProfile()
	}
	if *memProfile != "" {
		f, err := os.Create(*memProfile)
		if err != nil {
			return err
		}
		runtime.GC()
		if err := pprof.WriteHeapProfile(f); err != nil {
			return err
		}
		f.Close()
	}
	res.HWMKiB = hwm()
	err := filepath.WalkDir(*dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		res.IndexBytes += info.Size()
		res.IndexFiles++
		return nil
	})
	if err != nil {
		return err
	}
	return json.NewEncoder(os.Stdout).Encode(res)
}

// hwm returns the process's peak RSS so far in KiB (VmHWM), or 0 where it is not known.
func hwm() int {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for line := range strings.Lines(string(data)) {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			n, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(v), " kB"))
			return n
		}
	}
	return 0
}
