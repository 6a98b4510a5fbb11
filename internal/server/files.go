package server

import (
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"mime"
	"net/http"
	"os"
	"path"
	"regexp"
	"strings"
	"sync"
	"syscall"
)

// files serves the built site from a folder: a folder's index.html for the folder, never
// a listing, nothing outside the folder or hidden, with validators for caching and gzip
// for text. The folder is opened anew for each request, since a build swaps it whole.
type files struct {
	dir string
	// inject, when set, is added before </body> of every HTML page (the live-reload script
	// in watch mode; builds never contain it).
	inject string
	// notFound answers a request for a page that is not there.
	notFound http.HandlerFunc
}

// fingerprinted matches the theme's assets, whose names carry a hash of their content and
// so may be cached for good.
var fingerprinted = regexp.MustCompile(`^/assets/.+\.[0-9a-f]{10}\.(css|js)$`)

func (f files) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	name := path.Clean("/" + r.URL.Path)
	for _, part := range strings.Split(name, "/") {
		if strings.HasPrefix(part, ".") {
			http.NotFound(w, r) // hidden files, and the builds being made beside the site
			return
		}
	}
	file, info, err := f.open(name)
	if err != nil {
		if missing(err) {
			f.notFound(w, r)
			return
		}
		http.Error(w, "cannot read the file", http.StatusInternalServerError)
		return
	}
	defer file.Close()
	if info.IsDir() {
		// A folder without index.html: say where the page is instead of listing files.
		f.notFound(w, r)
		return
	}
	ctype := contentType(info.Name())
	if strings.Contains(ctype, "xml") {
		// An SVG (or other XML) opened by itself runs its scripts; as an <img> it never
		// does. This second policy takes scripts from it, and pictures work the same.
		w.Header().Add("Content-Security-Policy", "sandbox")
	}
	html := strings.HasPrefix(ctype, "text/html")
	if f.validators(w, r, name, info, ctype, html) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	if html && f.inject != "" {
		data, err := io.ReadAll(file)
		if err != nil {
			http.Error(w, "cannot read the file", http.StatusInternalServerError)
			return
		}
		writeText(w, r, strings.NewReader(injectBeforeBody(string(data), f.inject)))
		return
	}
	text := html || strings.HasPrefix(ctype, "text/") || strings.Contains(ctype, "javascript") || strings.Contains(ctype, "json") || strings.Contains(ctype, "svg")
	if !text || !acceptsGzip(r) || info.Size() < 1024 {
		http.ServeContent(w, r, info.Name(), info.ModTime(), file)
		return
	}
	writeText(w, r, file)
}

// contentType is the type a file is served as, by its name.
func contentType(name string) string {
	ctype := siteTypes[path.Ext(name)]
	if ctype == "" {
		ctype = mime.TypeByExtension(path.Ext(name))
	}
	if ctype == "" {
		ctype = "application/octet-stream"
	}
	return ctype
}

// validators sets the headers that let a browser cache the file and revalidate it, and
// reports whether the browser's copy is still good.
func (f files) validators(w http.ResponseWriter, r *http.Request, name string, info fs.FileInfo, ctype string, html bool) bool {
	h := w.Header()
	h.Set("Content-Type", ctype)
	if fingerprinted.MatchString(name) {
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		h.Set("Cache-Control", "no-cache")
	}
	etag := fmt.Sprintf(`"%x-%x"`, info.Size(), info.ModTime().UnixNano())
	if html && f.inject != "" {
		etag = `W/` + etag // the page differs from the file
	}
	h.Set("ETag", etag)
	h.Set("Last-Modified", info.ModTime().UTC().Format(http.TimeFormat))
	h.Add("Vary", "Accept-Encoding")
	match := r.Header.Get("If-None-Match")
	return match != "" && match == etag
}

// writeText writes a text body, gzipped when the browser takes it.
func writeText(w http.ResponseWriter, r *http.Request, body io.Reader) {
	if !acceptsGzip(r) {
		if r.Method != http.MethodHead {
			io.Copy(w, body)
		}
		return
	}
	w.Header().Set("Content-Encoding", "gzip")
	w.Header().Del("Content-Length")
	if r.Method == http.MethodHead {
		return
	}
	gz := gzipWriters.Get().(*gzip.Writer)
	gz.Reset(w)
	defer gzipWriters.Put(gz)
	io.Copy(gz, body)
	gz.Close()
}

// siteTypes are the content types of files that a build writes and that the system's
// MIME table may lack or get wrong: browsers install the handbook only from a manifest
// served as such, and run a service worker only from a script.
var siteTypes = map[string]string{
	".webmanifest": "application/manifest+json",
	".js":          "text/javascript; charset=utf-8",
	".json":        "application/json",
}

var errIsFolder = errors.New("is a folder")

// missing reports whether err, from opening a path of the site, means that there is no
// file to serve there (404) rather than one that could not be read (500): nothing there,
// a folder without a page, a name no file can have, or a path that os.Root refuses
// without a system error, as it does a symbolic link out of the site.
func missing(err error) bool {
	var errno syscall.Errno
	if !errors.As(err, &errno) {
		return true
	}
	return errors.Is(err, fs.ErrNotExist) || errno == syscall.ENOTDIR || errno == syscall.ELOOP ||
		errno == syscall.ENAMETOOLONG || errno == syscall.EINVAL
}

// open opens the file for name: a folder's index.html for the folder.
func (f files) open(name string) (*os.File, fs.FileInfo, error) {
	rel := strings.TrimPrefix(name, "/")
	if rel == "" {
		rel = "."
	}
	file, err := os.OpenInRoot(f.dir, rel)
	if err != nil {
		return nil, nil, err
	}
	info, err := file.Stat()
	if err != nil {
		file.Close()
		return nil, nil, err
	}
	if info.IsDir() {
		file.Close()
		file, err = os.OpenInRoot(f.dir, path.Join(rel, "index.html"))
		if err != nil {
			return nil, nil, err
		}
		if info, err = file.Stat(); err != nil {
			file.Close()
			return nil, nil, err
		}
	}
	return file, info, nil
}

func injectBeforeBody(page, snippet string) string {
	if i := strings.LastIndex(page, "</body>"); i >= 0 {
		return page[:i] + snippet + page[i:]
	}
	return page + snippet
}

func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		enc, q, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.TrimSpace(enc) == "gzip" && strings.TrimSpace(q) != "q=0" {
			return true
		}
	}
	return false
}

var gzipWriters = sync.Pool{New: func() any {
	gz, _ := gzip.NewWriterLevel(io.Discard, gzip.DefaultCompression)
	return gz
}}
