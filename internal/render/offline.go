package render

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	_ "embed"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash/crc32"
	"slices"
	"strings"
	"sync"

	"github.com/handbok/handbok/internal/manifest"
	"github.com/handbok/handbok/internal/site"
	"github.com/handbok/handbok/search"
)

// The files that let the handbook work offline once it has been visited over http(s):
// the service worker (at the site root, so that its scope is the whole site), the list
// of files it keeps, the page it shows for what it has not kept, and the web app
// manifest that lets a phone install the handbook on its home screen.
const (
	ServiceWorkerFile = "sw.js"
	OfflineListFile   = "offline.json"
	OfflinePageFile   = "offline.html"
	AppManifestFile   = "manifest.webmanifest"
	// AccessibilityFile is the accessibility statement, made from the accessibility:
	// block of handbok.yaml and linked from every page's footer.
	AccessibilityFile = "accessibility.html"
)

//go:embed sw.js
var serviceWorker []byte

// fileList records the name, size and a hash of the content of every file a build
// writes, for the service worker's list: a new build's worker keeps what is unchanged
// from the last build's cache and downloads only the rest.
type fileList struct {
	Output
	mu    sync.Mutex
	files map[string]listedFile
}

type listedFile struct {
	size int
	hash string
}

func newFileList(out Output) *fileList {
	return &fileList{Output: out, files: map[string]listedFile{}}
}

// castagnoli is the table of CRC-32C, which the processor computes.
var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// WriteFile implements Output. The hash only tells a changed file from the last
// build's, so two CRC-32s (CRC-32C and IEEE, both done by the processor) do at an
// eighth of SHA-256's time on every byte of the site.
func (l *fileList) WriteFile(name string, data []byte) error {
	var sum [8]byte
	binary.BigEndian.PutUint32(sum[:4], crc32.Checksum(data, castagnoli))
	binary.BigEndian.PutUint32(sum[4:], crc32.ChecksumIEEE(data))
	f := listedFile{size: len(data), hash: hex.EncodeToString(sum[:])}
	l.mu.Lock()
	l.files[name] = f
	l.mu.Unlock()
	return l.Output.WriteFile(name, data)
}

// offlineList is offline.json: the build's version and every file the service worker
// keeps, as [url, size, hash], in the order it fetches them: pages first, then the
// search index, then the rest.
type offlineList struct {
	Version string  `json:"version"`
	Files   [][]any `json:"files"`
}

// writeOwnFiles writes what handbok adds to every site besides its pages and search: the
// offline page, the accessibility statement and the web app manifest, and after a full
// build the service worker and its list. An incremental
// build (handbok serve while writing, where the service worker is switched off so that
// every rebuild shows) leaves those two as the last full build wrote them.
func (r *renderer) writeOwnFiles() error {
	for _, pg := range []*site.Page{
		{Kind: kindOffline, Title: r.theme.Text("offline_title"), URL: OfflinePageFile, Section: r.site.Root},
		{Kind: kindAccessibility, Title: r.theme.Text("a11y_title"), URL: AccessibilityFile, Section: r.site.Root},
	} {
		var html bytes.Buffer
		if err := r.executePage(pg.Kind, &pageData{Site: r.site, Page: pg, navs: r.navs}, &html); err != nil {
			return fmt.Errorf("theme: rendering %s: %w", pg.URL, err)
		}
		if err := r.write(pg.URL, html.Bytes()); err != nil {
			return err
		}
	}
	app, err := r.appManifest()
	if err != nil {
		return err
	}
	if err := r.write(AppManifestFile, app); err != nil {
		return err
	}
	if r.files == nil {
		return nil
	}
	list, shell := r.offlineList()
	data, err := json.Marshal(list)
	if err != nil {
		return err
	}
	if err := r.files.Output.WriteFile(OfflineListFile, data); err != nil {
		return err
	}
	build, err := json.Marshal(map[string]any{"version": list.Version, "list": OfflineListFile, "shell": shell})
	if err != nil {
		return err
	}
	sw := append([]byte("// handbok's service worker, written by handbok build: do not edit.\nvar BUILD = "), build...)
	sw = append(append(sw, ";\n"...), serviceWorker...)
	return r.files.Output.WriteFile(ServiceWorkerFile, sw)
}

// offlineList lists what the build wrote, and the shell: what the service worker keeps
// as soon as it is installed (the front page, the search page, the offline page, the
// theme's assets and the search index's entry files).
func (r *renderer) offlineList() (offlineList, []string) {
	type entry struct {
		name string
		f    listedFile
	}
	var entries []entry
	for name, f := range r.files.files {
		if name == manifest.File { // for the server and tools, not for pages
			continue
		}
		entries = append(entries, entry{name, f})
	}
	rank := func(name string) int {
		switch {
		case strings.HasSuffix(name, ".html"):
			return 0
		case strings.HasPrefix(name, search.StaticDir+"/"):
			return 1
		}
		return 2
	}
	slices.SortFunc(entries, func(a, b entry) int {
		return cmp.Or(cmp.Compare(rank(a.name), rank(b.name)), strings.Compare(a.name, b.name))
	})
	h := sha256.New()
	list := offlineList{Files: make([][]any, len(entries))}
	for i, e := range entries {
		list.Files[i] = []any{e.name, e.f.size, e.f.hash}
		fmt.Fprintf(h, "%s\x00%s\x00", e.name, e.f.hash)
	}
	list.Version = hex.EncodeToString(h.Sum(nil)[:8])

	shell := []string{"index.html", "search.html", OfflinePageFile, AccessibilityFile, AppManifestFile,
		search.StaticDir + "/index.js", search.StaticDir + "/docs.js"}
	for _, a := range r.theme.Assets() {
		shell = append(shell, a.URL)
	}
	shell = slices.DeleteFunc(shell, func(name string) bool { _, ok := r.files.files[name]; return !ok })
	slices.Sort(shell)
	return list, shell
}

// appManifest is the web app manifest: names, colours and icons for a phone's home
// screen. Its URLs are relative to it, at the site root.
func (r *renderer) appManifest() ([]byte, error) {
	cfg := r.site.Config
	short := cmp.Or(cfg.Organisation, cfg.Title)
	type icon struct {
		Src     string `json:"src"`
		Sizes   string `json:"sizes"`
		Type    string `json:"type"`
		Purpose string `json:"purpose,omitempty"`
	}
	var icons []icon
	for _, i := range []struct{ name, sizes, typ string }{
		{"icon.svg", "any", "image/svg+xml"}, {"icon-192.png", "192x192", "image/png"}, {"icon-512.png", "512x512", "image/png"},
	} {
		if a, ok := r.theme.Asset(i.name); ok {
			icons = append(icons, icon{Src: a.URL, Sizes: i.sizes, Type: i.typ})
		}
	}
	data, err := json.MarshalIndent(map[string]any{
		"name": cfg.Title, "short_name": short, "description": cfg.Description, "lang": cfg.Language,
		"start_url": "index.html", "scope": "./", "display": "standalone",
		"background_color": "#ffffff", "theme_color": "#1d4f91", "icons": icons,
	}, "", "  ")
	return append(data, '\n'), err
}
