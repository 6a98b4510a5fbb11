// Command searchbench measures a search in a browser: what it loads over the network and
// how long it takes until results are shown, for handbok's static index or for Pagefind.
//
//	go run ./bench/searchbench -site DIR -kind handbok [-ui page|box] -query veikindi -query ábending
//	go run ./bench/searchbench -site DIR -kind pagefind -query veikindi,ábending
//	go run ./bench/searchbench -size DIR/search     # files, bytes and gzip bytes under a folder
//
// It serves DIR on 127.0.0.1 with gzip for text, as a normal web server does (files that
// are not text, like Pagefind's already compressed index, go as they are), and for each
// query word starts a fresh headless Chromium (a new profile, so an empty cache) and:
//
//  1. opens a page without searching: for handbok search.html (-ui page, its first page
//     of results) or index.html with its search box (-ui box, the live results under
//     it); for Pagefind a page with its default UI (PagefindUI, 5 results) that
//     searchbench serves itself at /__bench/pagefind.html, with debounceTimeoutMs 0
//     since handbok's form has none;
//  2. runs the word as the cold query: sets it in the search field and submits the form
//     (handbok page) or fires an input event (handbok box, Pagefind UI), and waits in the
//     page until the first result of the list has its title;
//  3. waits until the network is quiet (every result filled in), then runs the next word
//     as the warm query in the same tab.
//
// bytes is the sum of encodedDataLength of Network.loadingFinished (headers and gzip body)
// over the search's own requests: handbok's search script and search/*, or Pagefind's
// /pagefind/*, from the start of the page load (so the search script and CSS that the page
// loads count in the cold query; load_bytes says how much of it that was) until the
// network is quiet after the results. Workers are followed (Pagefind searches in one);
// Chromium reports only the headers of a worker's own script, so its body is taken from
// the server's count. body_bytes is what the server sent for those paths, bodies only.
// ms is the time in the page from setting the query to the first result's title in the
// DOM; script_ms is the growth of the tab's ScriptDuration over the whole query (main
// thread only: Pagefind's worker is not in it); for handbok, api_ms is the median time
// of HandbokSearch.search(word) once its files are loaded.
//
// It prints one JSON line per query word. -v lists the counted requests and the page's
// resource timeline on stderr.
package main

import (
	"cmp"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"iter"
	"maps"
	"mime"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/performance"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"
)

type words []string

func (w *words) String() string { return strings.Join(*w, ",") }
func (w *words) Set(s string) error {
	for _, q := range strings.Split(s, ",") {
		if q = strings.TrimSpace(q); q != "" {
			*w = append(*w, q)
		}
	}
	return nil
}

func main() {
	site := flag.String("site", "", "the built site `DIR` to serve")
	kind := flag.String("kind", "handbok", "handbok or pagefind")
	ui := flag.String("ui", "page", "handbok: page (search.html) or box (the search box of index.html)")
	exe := flag.String("chromium", "/usr/bin/chromium", "the Chromium to run")
	run := flag.Int("run", 0, "a number to put in the output, to tell runs apart")
	size := flag.String("size", "", "print the files, bytes and gzip bytes under `DIR` and exit")
	verbose := flag.Bool("v", false, "list the counted requests and the page's timeline on stderr")
	var queries words
	flag.Var(&queries, "query", "a query `WORD` (repeat the flag or separate words with commas); each word is the cold query once, and the next one the warm query")
	flag.Parse()

	if *size != "" {
		st, err := folderSize(*size)
		check(err)
		check(json.NewEncoder(os.Stdout).Encode(st))
		return
	}
	if *site == "" || len(queries) < 2 || (*kind != "handbok" && *kind != "pagefind") || (*ui != "page" && *ui != "box") {
		fmt.Fprintln(os.Stderr, "usage: searchbench -site DIR -kind handbok|pagefind [-ui page|box] -query WORD -query WORD…  (at least two words)")
		os.Exit(2)
	}
	srv, addr, err := serve(*site)
	check(err)
	b := bench{srv: srv, base: "http://" + addr, kind: *kind, ui: *ui, exe: *exe, verbose: *verbose}
	for i, cold := range queries {
		warm := queries[(i+1)%len(queries)]
		res, err := b.measure(context.Background(), cold, warm)
		check(err)
		res.Run = *run
		check(json.NewEncoder(os.Stdout).Encode(res))
	}
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "searchbench:", err)
		os.Exit(1)
	}
}

// ---- The web server --------------------------------------------------------------------

// server serves the site and keeps count of what it sent.
type server struct {
	mu       sync.Mutex
	inflight int
	last     time.Time
	sent     map[string]int64 // URL path → body bytes sent (gzip when compressed)
	files    http.Handler
}

func serve(dir string) (*server, string, error) {
	s := &server{files: withGzip(http.FileServer(http.Dir(dir))), sent: map[string]int64{}}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, "", err
	}
	go http.Serve(l, s)
	return s, l.Addr().String(), nil
}

func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.inflight++
	s.mu.Unlock()
	cw := &countingWriter{ResponseWriter: w}
	if r.URL.Path == "/__bench/pagefind.html" {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(cw, pagefindPage)
	} else {
		s.files.ServeHTTP(cw, r)
	}
	s.mu.Lock()
	s.inflight--
	s.last = time.Now()
	s.sent[r.URL.Path] += cw.n
	s.mu.Unlock()
}

// takeSent returns the bytes sent per path since the last call.
func (s *server) takeSent() map[string]int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	m := s.sent
	s.sent = map[string]int64{}
	return m
}

type countingWriter struct {
	http.ResponseWriter
	n int64
}

func (w *countingWriter) Write(b []byte) (int, error) {
	n, err := w.ResponseWriter.Write(b)
	w.n += int64(n)
	return n, err
}

// withGzip compresses text responses for clients that accept gzip.
func withGzip(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
			h.ServeHTTP(w, r)
			return
		}
		gw := &gzipWriter{ResponseWriter: w}
		h.ServeHTTP(gw, r)
		if gw.gz != nil {
			gw.gz.Close()
		}
	})
}

type gzipWriter struct {
	http.ResponseWriter
	gz      *gzip.Writer
	started bool
}

func (w *gzipWriter) WriteHeader(code int) {
	if w.started {
		return
	}
	w.started = true
	if h := w.Header(); code == http.StatusOK && isText(h.Get("Content-Type")) {
		h.Del("Content-Length")
		h.Set("Content-Encoding", "gzip")
		h.Add("Vary", "Accept-Encoding")
		w.gz = gzip.NewWriter(w.ResponseWriter)
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *gzipWriter) Write(b []byte) (int, error) {
	w.WriteHeader(http.StatusOK)
	if w.gz != nil {
		return w.gz.Write(b)
	}
	return w.ResponseWriter.Write(b)
}

func isText(contentType string) bool {
	return strings.HasPrefix(contentType, "text/") || strings.Contains(contentType, "javascript") ||
		strings.Contains(contentType, "json") || strings.Contains(contentType, "svg") || strings.Contains(contentType, "xml")
}

// pagefindPage is a page with Pagefind's default UI, as its documentation shows it.
const pagefindPage = `<!doctype html>
<html lang="is"><head><meta charset="utf-8"><title>Pagefind</title><link rel="icon" href="data:,">
<link href="/pagefind/pagefind-ui.css" rel="stylesheet">
<script src="/pagefind/pagefind-ui.js"></script>
</head><body>
<div id="search"></div>
<script>
window.addEventListener("DOMContentLoaded", function () {
  new PagefindUI({ element: "#search", debounceTimeoutMs: 0 });
});
</script>
</body></html>
`

// ---- Sizes -------------------------------------------------------------------------------

type sizes struct {
	Files     int   `json:"files"`
	Bytes     int64 `json:"bytes"`
	GzipBytes int64 `json:"gzip_bytes"` // text files gzipped as served, the rest as they are
}

func folderSize(dir string) (sizes, error) {
	var st sizes
	var paths []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			paths = append(paths, p)
		}
		return err
	})
	if err != nil {
		return st, err
	}
	var mu sync.Mutex
	var wg sync.WaitGroup
	work := make(chan string)
	for range 4 {
		wg.Go(func() {
			zw, _ := gzip.NewWriterLevel(io.Discard, gzip.DefaultCompression)
			for p := range work {
				data, err := os.ReadFile(p)
				if err != nil {
					continue
				}
				z := int64(len(data))
				if isText(mime.TypeByExtension(filepath.Ext(p))) {
					cw := &counter{}
					zw.Reset(cw)
					zw.Write(data)
					zw.Close()
					z = cw.n
				}
				mu.Lock()
				st.Files++
				st.Bytes += int64(len(data))
				st.GzipBytes += z
				mu.Unlock()
			}
		})
	}
	for _, p := range paths {
		work <- p
	}
	close(work)
	wg.Wait()
	return st, nil
}

type counter struct{ n int64 }

func (c *counter) Write(b []byte) (int, error) { c.n += int64(len(b)); return len(b), nil }

// ---- The browser -------------------------------------------------------------------------

type bench struct {
	srv        *server
	base, kind string
	ui, exe    string
	verbose    bool
}

// Query is what one query cost.
type Query struct {
	Query     string  `json:"query"`
	MS        float64 `json:"ms"`         // from setting the query to the first result title shown
	ScriptMS  float64 `json:"script_ms"`  // main-thread script time until the network was quiet
	Bytes     int64   `json:"bytes"`      // encodedDataLength of the search's requests
	LoadBytes int64   `json:"load_bytes"` // of which the page loaded before the query (cold only)
	Requests  int     `json:"requests"`
	BodyBytes int64   `json:"body_bytes"` // body bytes the server sent for the search's paths
	Shown     int     `json:"shown"`      // results in the list
	First     string  `json:"first"`      // the first result's title
}

// Result is one line of output.
type Result struct {
	Kind      string             `json:"kind"`
	UI        string             `json:"ui"`
	Run       int                `json:"run"`
	Cold      Query              `json:"cold"`
	Warm      Query              `json:"warm"`
	APIms     map[string]float64 `json:"api_ms,omitempty"`
	PageBytes int64              `json:"page_bytes"` // what else the page loaded (HTML, CSS…), not counted
	Console   []string           `json:"console,omitempty"`
}

// request is one request the tab made, from the Network events.
type request struct {
	url   string
	phase string
	bytes int64 // encodedDataLength
	done  bool
}

// netlog follows the tab's requests.
type netlog struct {
	mu       sync.Mutex
	phase    string
	reqs     map[network.RequestID]*request
	order    []*request
	inflight int
	last     time.Time
}

func (n *netlog) event(ev any) {
	n.mu.Lock()
	defer n.mu.Unlock()
	switch ev := ev.(type) {
	case *network.EventRequestWillBeSent:
		if r := n.reqs[ev.RequestID]; r != nil && !r.done { // a redirect
			r.url = ev.Request.URL
			return
		}
		r := &request{url: ev.Request.URL, phase: n.phase}
		n.reqs[ev.RequestID] = r
		n.order = append(n.order, r)
		n.inflight++
	case *network.EventLoadingFinished:
		if r := n.reqs[ev.RequestID]; r != nil && !r.done {
			r.bytes, r.done = int64(ev.EncodedDataLength), true
			n.inflight--
		}
	case *network.EventLoadingFailed:
		if r := n.reqs[ev.RequestID]; r != nil && !r.done {
			r.done = true
			n.inflight--
		}
	}
	n.last = time.Now()
}

func (b *bench) isSearch(url string) bool {
	path := strings.TrimPrefix(url, b.base)
	if b.kind == "pagefind" {
		return strings.HasPrefix(path, "/pagefind/")
	}
	return strings.HasPrefix(path, "/search/") || strings.Contains(path, "/handbok-search.")
}

// quiet waits until neither the tab nor the server has had a request for 500 ms.
func (b *bench) quiet(n *netlog) error {
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
		n.mu.Lock()
		busy, last := n.inflight, n.last
		n.mu.Unlock()
		b.srv.mu.Lock()
		busy += b.srv.inflight
		last = later(last, b.srv.last)
		b.srv.mu.Unlock()
		if busy == 0 && time.Since(last) > 500*time.Millisecond {
			return nil
		}
	}
	var pending []string
	n.mu.Lock()
	for _, r := range n.order {
		if !r.done {
			pending = append(pending, r.url)
		}
	}
	n.mu.Unlock()
	return fmt.Errorf("the network did not go quiet in 30 s; waiting for %v", pending)
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func (b *bench) measure(parent context.Context, cold, warm string) (*Result, error) {
	profile, err := os.MkdirTemp("", "searchbench-profile-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(profile)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(parent,
		chromedp.ExecPath(b.exe),
		chromedp.UserDataDir(profile),
		chromedp.Flag("headless", true),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.WindowSize(1280, 900),
	)
	defer cancelAlloc()
	n := &netlog{phase: "load", reqs: map[network.RequestID]*request{}}
	ctx, cancel := chromedp.NewContext(allocCtx, chromedp.WithListener(n.event))
	defer cancel()
	if err := chromedp.Do(ctx); err != nil {
		return nil, fmt.Errorf("start %s: %w", b.exe, err)
	}
	console := chromedp.Console(ctx)
	if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
		return nil, err
	}
	if _, err := chromedp.Call(ctx, performance.Enable, performance.EnableParams{}); err != nil {
		return nil, err
	}
	if err := followWorkers(ctx, n); err != nil {
		return nil, err
	}

	page, field := "/search.html", "#search-q"
	switch {
	case b.kind == "pagefind":
		page, field = "/__bench/pagefind.html", ".pagefind-ui__search-input"
	case b.ui == "box":
		page, field = "/index.html", "#hb-q"
	}
	b.srv.takeSent()
	if err := chromedp.Do(ctx, chromedp.Navigate(b.base+page), chromedp.WaitReady(chromedp.CSS(field))); err != nil {
		return nil, err
	}
	if err := b.quiet(n); err != nil {
		return nil, err
	}
	loadSent := b.srv.takeSent()
	allSent := maps.Clone(loadSent)

	res := &Result{Kind: b.kind, UI: b.ui}
	if b.kind == "pagefind" {
		res.UI = "pagefind-ui"
	}
	for _, q := range []struct {
		phase, word string
		out         *Query
	}{{"cold", cold, &res.Cold}, {"warm", warm, &res.Warm}} {
		n.mu.Lock()
		n.phase = q.phase
		n.mu.Unlock()
		before, err := scriptTime(ctx)
		if err != nil {
			return nil, err
		}
		shown, err := chromedp.Run(ctx, chromedp.Evaluate[Query](
			fmt.Sprintf("(%s)(%s, %s)", runQuery, jsString(q.word), jsString(b.kind+"-"+b.ui)), chromedp.EvalAwaitPromise))
		if err != nil {
			return nil, fmt.Errorf("%s query %q: %w", q.phase, q.word, err)
		}
		if shown.MS < 0 {
			return nil, fmt.Errorf("%s query %q: no results shown in 20 s", q.phase, q.word)
		}
		if err := b.quiet(n); err != nil {
			return nil, err
		}
		after, err := scriptTime(ctx)
		if err != nil {
			return nil, err
		}
		*q.out = shown
		q.out.Query, q.out.ScriptMS = q.word, round((after-before)*1000)
		sent := b.srv.takeSent()
		for p, v := range sent {
			allSent[p] += v
		}
		if q.phase == "cold" { // the search's files that the page loaded count in the cold query
			for p, v := range loadSent {
				sent[p] += v
			}
		}
		for p, v := range sent {
			if b.isSearch(b.base + p) {
				q.out.BodyBytes += v
			}
		}
	}

	n.mu.Lock()
	for _, r := range n.order {
		var q *Query
		switch {
		case !b.isSearch(r.url):
			res.PageBytes += r.bytes
			continue
		case r.phase == "warm":
			q = &res.Warm
		default:
			q = &res.Cold
		}
		// Chromium reports only the headers of a worker's own script (Pagefind's
		// pagefind-worker.js), less than the server sent: add the body.
		if u, err := url.Parse(r.url); err == nil && r.bytes < allSent[u.Path] {
			r.bytes += allSent[u.Path]
		}
		q.Bytes += r.bytes
		q.Requests++
		if r.phase == "load" {
			q.LoadBytes += r.bytes
		}
		if b.verbose {
			fmt.Fprintf(os.Stderr, "%s %s %s %d\n", b.kind, r.phase, strings.TrimPrefix(r.url, b.base), r.bytes)
		}
	}
	n.mu.Unlock()

	if b.kind == "handbok" {
		res.APIms, err = chromedp.Run(ctx, chromedp.Evaluate[map[string]float64](
			fmt.Sprintf("(%s)([%s, %s])", apiTime, jsString(cold), jsString(warm)), chromedp.EvalAwaitPromise))
		if err != nil {
			return nil, err
		}
	}

	if b.verbose {
		timeline, err := chromedp.Run(ctx, chromedp.Evaluate[string](timeline))
		if err != nil {
			return nil, err
		}
		fmt.Fprint(os.Stderr, timeline)
	}

	// The console: anything the page said, errors first.
	res.Console = drain(console, 200*time.Millisecond)
	return res, nil
}

// drain collects the console messages that arrive until nothing came for wait.
func drain(console iter.Seq2[chromedp.ConsoleMessage, error], wait time.Duration) []string {
	msgs, done := make(chan string), make(chan struct{})
	defer close(done)
	go func() {
		defer close(msgs)
		for m, err := range console {
			if err != nil {
				return
			}
			select {
			case msgs <- fmt.Sprintf("%s: %s (%s:%d)", m.Type, m.Text, m.URL, m.Line+1):
			case <-done:
				return
			}
		}
	}()
	var out []string
	for {
		select {
		case m, ok := <-msgs:
			if ok {
				out = append(out, m)
				continue
			}
		case <-time.After(wait):
		}
		slices.SortStableFunc(out, func(a, b string) int { return cmp.Compare(rank(a), rank(b)) })
		return out
	}
}

func rank(msg string) int {
	if strings.HasPrefix(msg, "exception") || strings.HasPrefix(msg, "error") {
		return 0
	}
	return 1
}

// followWorkers makes the requests of the tab's workers count too: Chromium reports them
// on the worker's own target, so each new worker is held at its start until searchbench
// has attached to it and enabled its Network events.
func followWorkers(ctx context.Context, n *netlog) error {
	workers := make(chan target.ID, 4)
	err := chromedp.Listen(ctx, func(ev any) {
		if ev, ok := ev.(*target.EventAttachedToTarget); ok && ev.TargetInfo.Type == "worker" {
			workers <- ev.TargetInfo.TargetID
		}
	})
	if err != nil {
		return err
	}
	go func() {
		for id := range workers {
			wctx, _ := chromedp.NewContext(ctx, chromedp.WithTargetID(id), chromedp.WithListener(n.event))
			if err := chromedp.Do(wctx); err != nil {
				fmt.Fprintln(os.Stderr, "searchbench: attach to a worker:", err)
			}
			if _, err := chromedp.Call(wctx, runtime.RunIfWaitingForDebugger, cdp.Empty{}); err != nil {
				fmt.Fprintln(os.Stderr, "searchbench: start a worker:", err)
			}
		}
	}()
	_, err = chromedp.Call(ctx, target.SetAutoAttach, target.SetAutoAttachParams{
		AutoAttach: true, WaitForDebuggerOnStart: true, Flatten: new(true)})
	return err
}

// scriptTime is the tab's ScriptDuration so far, in seconds.
func scriptTime(ctx context.Context) (float64, error) {
	m, err := chromedp.Call(ctx, performance.GetMetrics, struct{}{})
	if err != nil {
		return 0, err
	}
	for _, v := range m.Metrics {
		if v.Name == "ScriptDuration" {
			return v.Value, nil
		}
	}
	return 0, errors.New("no ScriptDuration metric")
}

func round(v float64) float64 { return float64(int64(v*10+0.5)) / 10 }

func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// runQuery sets the query and resolves when the first result of the list has its title:
// {ms, shown, first}, or ms -1 after 20 s.
const runQuery = `function (q, mode) {
  var item = { "handbok-page": "#search-results > li", "handbok-box": "#hb-live li" }[mode] || ".pagefind-ui__result";
  var title = mode.indexOf("handbok") === 0 ? ".result-title" : ".pagefind-ui__result-link";
  document.querySelectorAll(title).forEach(function (e) { e.benchOld = true; });
  return new Promise(function (resolve) {
    var t0 = performance.now(), obs;
    performance.mark("query " + q);
    function check() {
      var first = document.querySelector(item), t = first && first.querySelector(title);
      if (!t || t.benchOld || t.textContent.trim() === "") return;
      obs.disconnect();
      resolve({ ms: Math.round((performance.now() - t0) * 10) / 10, first: t.textContent.trim(),
        shown: document.querySelectorAll(item).length });
    }
    obs = new MutationObserver(check);
    obs.observe(document.body, { childList: true, subtree: true, characterData: true });
    setTimeout(function () { obs.disconnect(); resolve({ ms: -1 }); }, 20000);
    var input = document.querySelector({ "handbok-page": "#search-q", "handbok-box": "#hb-q" }[mode] || ".pagefind-ui__search-input");
    input.value = q;
    if (mode === "handbok-page") input.form.requestSubmit();
    else input.dispatchEvent(new Event("input", { bubbles: true }));
  });
}`

// timeline lists the marks and the resources of the page by start time, in ms.
const timeline = `performance.getEntries().filter(function (e) {
  return e.entryType === "mark" || e.entryType === "resource";
}).sort(function (a, b) { return a.startTime - b.startTime; }).map(function (e) {
  return e.startTime.toFixed(1) + "\t" + (e.entryType === "mark" ? "" : (e.responseEnd - e.startTime).toFixed(1)) +
    "\t" + e.name.replace(location.origin, "") + "\n";
}).join("")`

// apiTime is the median time of HandbokSearch.search for each word, with its files loaded.
const apiTime = `async function (qs) {
  var out = {};
  for (var q of qs) {
    var ts = [];
    for (var i = 0; i < 7; i++) {
      var t = performance.now();
      await HandbokSearch.search(q);
      ts.push(performance.now() - t);
    }
    ts.sort(function (a, b) { return a - b; });
    out[q] = Math.round(ts[3] * 100) / 100;
  }
  return out;
}`
