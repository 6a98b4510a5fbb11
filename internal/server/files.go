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
	"strconv"
	"strings"
	"sync"
	"syscall"
)

// files serves the built site from a folder: a folder's index.html for the folder, never
// a listing, nothing outside the folder or hidden, with validators for caching and gzip
// for text. The folder is opened anew for each request, since a build swaps it whole.
// Paths come to it clean and without the site's prefix (see Server.route).
type files struct {
	dir string
	// prefix is the path the site is published under (Server.Prefix), for redirects.
	prefix string
	// inject, when set, is added before </body> of every HTML page (the live-reload script
	// in watch mode; builds never contain it).
	inject string
	// notFound answers a request for a page that is not there.
	notFound http.HandlerFunc
	// pace is how long a client may take to receive a file.
	pace pace
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
	if !servable(name) {
		f.notFound(w, r)
		return
	}
	file, info, folder, err := f.open(name)
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
		f.notFound(w, r) // a folder called index.html
		return
	}
	if folder && !strings.HasSuffix(r.URL.Path, "/") {
		// The page's links are relative to its folder: /stefnur must be /stefnur/.
		redirect(w, r, f.prefix+name+"/")
		return
	}
	if !folder && strings.HasSuffix(r.URL.Path, "/") {
		// A file is not a folder: /index.html/ would break the page's relative links.
		redirect(w, r, f.prefix+name)
		return
	}
	f.serveFile(w, r, name, file, info)
}

// serveFile answers with an open file of the site: 304 when the browser's copy is still
// good, else the file, gzipped when it is text that the browser takes so, with the
// reload script added in watch mode.
func (f files) serveFile(w http.ResponseWriter, r *http.Request, name string, file *os.File, info fs.FileInfo) {
	ctype := contentType(info.Name())
	if strings.Contains(ctype, "xml") {
		// An SVG (or other XML) opened by itself runs its scripts; as an <img> it never
		// does. This second policy takes scripts from it, and pictures work the same.
		w.Header().Add("Content-Security-Policy", "sandbox")
	}
	rep := representation{
		injected: strings.HasPrefix(ctype, "text/html") && f.inject != "",
		gzipped:  compressible(ctype) && info.Size() >= 1024 && acceptsGzip(r),
	}
	if f.validators(w, r, name, info, ctype, rep) {
		h := w.Header()
		h.Del("Content-Type")
		h.Del("Last-Modified") // the ETag is said; RFC 9110, 15.4.5
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w = f.pace.writer(w)
	switch {
	case rep.injected:
		data, err := io.ReadAll(file)
		if err != nil {
			http.Error(w, "cannot read the file", http.StatusInternalServerError)
			return
		}
		writeText(w, r, strings.NewReader(injectBeforeBody(string(data), f.inject)), rep.gzipped)
	case rep.gzipped:
		writeText(w, r, file, true)
	default:
		http.ServeContent(w, r, info.Name(), info.ModTime(), file)
	}
}

// representation is which form of a file a response carries.
type representation struct {
	injected bool // the reload script is added
	gzipped  bool
}

// servable reports whether name, a clean path, could be that of a file of the site: no
// part is hidden (nor one of the builds being made beside the site), holds a NUL or is
// longer than a file name can be.
func servable(name string) bool {
	for _, part := range strings.Split(name, "/") {
		if strings.HasPrefix(part, ".") || strings.ContainsRune(part, 0) || len(part) > 255 {
			return false
		}
	}
	return true
}

// missing reports whether an error opening a file of the site means that the path does
// not lead to one (it is not there, a link leads out of the site or round in a loop, a
// name is too long or not one at all) rather than that the server cannot read it.
func missing(err error) bool {
	for _, fault := range []error{fs.ErrPermission, syscall.EIO, syscall.EMFILE, syscall.ENFILE, syscall.ENOMEM} {
		if errors.Is(err, fault) {
			return false
		}
	}
	return true
}

// compressible reports whether files of a content type are text, worth gzipping.
func compressible(ctype string) bool {
	return strings.HasPrefix(ctype, "text/") || strings.Contains(ctype, "javascript") || strings.Contains(ctype, "json") || strings.Contains(ctype, "svg")
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
// reports whether the browser's copy is still good. The gzipped form and the page with
// the reload script are not the file's bytes, so their ETags are weak, and differ from
// the plain file's.
func (f files) validators(w http.ResponseWriter, r *http.Request, name string, info fs.FileInfo, ctype string, rep representation) bool {
	h := w.Header()
	h.Set("Content-Type", ctype)
	if fingerprinted.MatchString(name) {
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		h.Set("Cache-Control", "no-cache")
	}
	etag := fmt.Sprintf(`%x-%x`, info.Size(), info.ModTime().UnixNano())
	if rep.gzipped {
		etag += "-gzip"
	}
	etag = `"` + etag + `"`
	if rep.injected || rep.gzipped {
		etag = `W/` + etag
	}
	h.Set("ETag", etag)
	h.Set("Last-Modified", info.ModTime().UTC().Format(http.TimeFormat))
	h.Add("Vary", "Accept-Encoding")
	return notModified(r, etag, info.ModTime())
}

// writeText writes a text body, gzipped or not.
func writeText(w http.ResponseWriter, r *http.Request, body io.Reader, gzipped bool) {
	if !gzipped {
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

// open opens the file for name: a folder's index.html for the folder, and then it
// reports that name is a folder.
func (f files) open(name string) (file *os.File, info fs.FileInfo, folder bool, err error) {
	rel := strings.TrimPrefix(name, "/")
	if rel == "" {
		rel = "."
	}
	if file, err = os.OpenInRoot(f.dir, rel); err != nil {
		return nil, nil, false, err
	}
	if info, err = file.Stat(); err != nil || !info.IsDir() {
		return opened(file, info, false, err)
	}
	file.Close()
	if file, err = os.OpenInRoot(f.dir, path.Join(rel, "index.html")); err != nil {
		return nil, nil, true, err
	}
	info, err = file.Stat()
	return opened(file, info, true, err)
}

// opened returns what open found, closing the file if it fails.
func opened(file *os.File, info fs.FileInfo, folder bool, err error) (*os.File, fs.FileInfo, bool, error) {
	if err != nil {
		file.Close()
		return nil, nil, folder, err
	}
	return file, info, folder, nil
}

func injectBeforeBody(page, snippet string) string {
	if i := strings.LastIndex(page, "</body>"); i >= 0 {
		return page[:i] + snippet + page[i:]
	}
	return page + snippet
}

// acceptsGzip reports whether the request's Accept-Encoding takes gzip: named, or
// covered by "*" when not named, with a weight above zero (RFC 9110, 12.5.3).
func acceptsGzip(r *http.Request) bool {
	named, star := -1.0, -1.0
	for _, field := range r.Header.Values("Accept-Encoding") {
		for _, item := range strings.Split(field, ",") {
			coding, params, _ := strings.Cut(item, ";")
			coding = strings.ToLower(strings.TrimSpace(coding))
			switch {
			case (coding == "gzip" || coding == "x-gzip") && named < 0:
				named = weight(params)
			case coding == "*" && star < 0:
				star = weight(params)
			}
		}
	}
	if named >= 0 {
		return named > 0
	}
	return star > 0
}

// weight is the q parameter among an Accept-Encoding item's parameters: 1 without one, 0
// when it cannot be read.
func weight(params string) float64 {
	for _, p := range strings.Split(params, ";") {
		name, value, _ := strings.Cut(p, "=")
		if !strings.EqualFold(strings.TrimSpace(name), "q") {
			continue
		}
		q, err := strconv.ParseFloat(strings.TrimSpace(value), 64)
		if err != nil || q < 0 || q > 1 {
			return 0
		}
		return q
	}
	return 1
}

var gzipWriters = sync.Pool{New: func() any {
	gz, _ := gzip.NewWriterLevel(io.Discard, gzip.DefaultCompression)
	return gz
}}
