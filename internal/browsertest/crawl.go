package browsertest

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// MaxPages bounds a Crawl: it reports an error and stops when a site has more
// pages than this.
const MaxPages = 2000

// PageTimeout bounds the load of one page during a Crawl.
const PageTimeout = 30 * time.Second

// Crawl visits start (an http:// or file:// URL) in the tab of ctx, and every
// page that same-site links reach from it: the same host for http, and the
// same folder as start (or below it) for file://. It returns the URLs of the
// pages it visited, in order, without fragments.
//
// On every page it reads each href, src and srcset attribute, and reports
// with t.Errorf:
//   - a value that starts with "/": site-absolute URLs break on file://;
//   - a link to a folder (ends in "/", or is a directory): file:// shows a
//     directory listing there, not the page;
//   - a target that is missing: os.Stat fails for file://, the status is not
//     200 for http, or a file:// URL leaves the site's folder;
//   - a #fragment that is no id (or <a name>) on its target page;
//   - a console error, an uncaught exception or a failed load that the
//     browser logs while the page is open.
//
// Links to other hosts and other schemes (mailto:, tel:, javascript:) are
// neither followed nor checked. Crawl follows links of a, area and iframe
// elements to HTML pages; other targets are only checked. Each problem is
// reported once, with the pages where it occurs. Two things are not
// problems: Chromium's own request for /favicon.ico, and an http redirect
// of .../index.html to .../ (which http.FileServer makes). A page is
// followed once whatever its query: tags link to search.html?q=… for each
// tag, and loading the search page for every one of them finds nothing new.
// The URLs it returns are the pages it loaded.
func Crawl(t testing.TB, ctx context.Context, start string) []string {
	t.Helper()
	u, err := url.Parse(start)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https" && u.Scheme != "file") {
		t.Fatalf("browsertest: Crawl needs an http:// or file:// URL, not %q", start)
	}
	c := &crawler{
		start:    u,
		root:     strings.TrimSuffix(path.Dir(u.Path), "/") + "/",
		checked:  map[string]target{},
		ids:      map[string][]string{},
		problems: map[string][]string{},
		http:     &http.Client{Timeout: PageTimeout},
	}

	// The listener runs in chromedp's read loop: it only appends, under a lock.
	lctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var mu sync.Mutex
	var console []consoleMsg // the current page's errors
	err = chromedp.Listen(lctx, func(ev any) {
		if msg, ok := consoleError(ev); ok {
			mu.Lock()
			console = append(console, msg)
			mu.Unlock()
		}
	})
	if err != nil {
		t.Fatalf("browsertest: %v", err)
	}

	queue := []string{stripFragment(start)}
	startPage, _, _ := strings.Cut(queue[0], "?")
	queued := map[string]bool{queue[0]: true, startPage: true}
	var visited []string
	for len(queue) > 0 {
		if len(visited) == MaxPages {
			t.Errorf("browsertest: Crawl stopped after %d pages; %d more were queued", MaxPages, len(queue))
			break
		}
		pageURL := queue[0]
		queue = queue[1:]
		mu.Lock()
		console = nil
		mu.Unlock()

		info, err := c.load(ctx, pageURL)
		visited = append(visited, pageURL)
		if err != nil {
			c.report(pageURL, "cannot load the page: %v", err)
		} else {
			if info.URL != pageURL { // a redirect, or the start URL in another spelling
				page, _, _ := strings.Cut(info.URL, "?")
				queued[info.URL], queued[page] = true, true
			}
			c.ids[pageURL] = info.IDs
			c.ids[info.URL] = info.IDs
			for _, next := range c.checkRefs(ctx, pageURL, info.Refs) {
				if page, _, _ := strings.Cut(next, "?"); !queued[page] {
					queued[page], queued[next] = true, true
					queue = append(queue, next)
				}
			}
		}
		// The page stays open while its links are checked, so this also
		// has the errors of its scripts that ran after the load.
		mu.Lock()
		msgs := console
		mu.Unlock()
		for _, m := range msgs {
			// A failed load of a link that checkRefs reported is no news.
			if m.failedURL == "" || c.checked[stripFragment(m.failedURL)].problem == "" {
				c.report(pageURL, "console: %s", m.text)
			}
		}
	}
	c.checkFragments()
	for _, msg := range c.order {
		t.Errorf("browsertest: %s\n\ton %s", msg, c.pageList(c.problems[msg]))
	}
	return visited
}

// crawler holds the state of one Crawl.
type crawler struct {
	start     *url.URL
	root      string              // for file://: the folder of the site, with a final "/"
	checked   map[string]target   // URLs without fragment → what is there
	ids       map[string][]string // page URL → ids on it
	fragments []fragmentRef
	problems  map[string][]string // message → pages where it occurs
	order     []string            // messages in the order first seen
	http      *http.Client
}

// target is what a URL points to.
type target struct {
	problem string // why the link is bad, or ""
	page    bool   // an HTML page that Crawl can visit
}

// fragmentRef is a link to an id on a page, checked after the crawl.
type fragmentRef struct {
	from, page, fragment, desc string
}

// pageInfo is what pageScript reads from a page.
type pageInfo struct {
	URL  string    `json:"url"`
	IDs  []string  `json:"ids"`
	Refs []pageRef `json:"refs"`
}

// pageRef is one href, src or srcset URL on a page.
type pageRef struct {
	Tag  string `json:"tag"`
	Attr string `json:"attr"`
	Raw  string `json:"raw"` // the attribute's value (one candidate of a srcset)
	URL  string `json:"url"` // the URL as the browser resolved it
}

// pageScript reads the URL, the ids and the href/src/srcset values of a page.
// The browser resolves the URLs: the element's href or src property where
// it is a string, else new URL(value, document.baseURI).
const pageScript = `(() => {
	const resolve = (raw) => { try { return new URL(raw, document.baseURI).href } catch (e) { return "" } };
	const refs = [];
	for (const el of document.querySelectorAll("[href], [src], [srcset]")) {
		const tag = el.localName;
		for (const attr of ["href", "src"]) {
			const raw = el.getAttribute(attr);
			if (raw === null) continue;
			const prop = el[attr];
			refs.push({tag, attr, raw, url: typeof prop === "string" && prop !== "" ? prop : resolve(raw.trim())});
		}
		const srcset = el.getAttribute("srcset");
		if (srcset !== null) {
			for (const candidate of srcset.split(",")) {
				const raw = candidate.trim().split(/\s+/)[0];
				if (raw) refs.push({tag, attr: "srcset", raw, url: resolve(raw)});
			}
		}
	}
	const ids = [];
	for (const el of document.querySelectorAll("[id]")) ids.push(el.id);
	for (const el of document.querySelectorAll("a[name]")) ids.push(el.name);
	return {url: document.URL.split("#")[0], ids, refs};
})()`

// load opens the page in the tab, waits for it, and reads it.
func (c *crawler) load(ctx context.Context, pageURL string) (pageInfo, error) {
	ctx, cancel := context.WithTimeout(ctx, PageTimeout)
	defer cancel()
	resp, err := chromedp.Run(ctx, chromedp.NavigateResponse(pageURL))
	if err != nil {
		return pageInfo{}, err
	}
	if c.start.Scheme != "file" && resp != nil && resp.Status != http.StatusOK {
		return pageInfo{}, fmt.Errorf("status %d", resp.Status)
	}
	if err := chromedp.Do(ctx, chromedp.WaitReady(chromedp.CSS("body"))); err != nil {
		return pageInfo{}, err
	}
	return chromedp.Run(ctx, chromedp.Evaluate[pageInfo](pageScript))
}

// checkRefs checks the references of one page and returns the same-site
// pages that it links to.
func (c *crawler) checkRefs(ctx context.Context, from string, refs []pageRef) []string {
	var next []string
	for _, r := range refs {
		desc := fmt.Sprintf("<%s %s=%q>", r.Tag, r.Attr, r.Raw)
		if strings.HasPrefix(r.Raw, "/") {
			c.report(from, "%s is site-absolute (starts with /), which breaks on file://", desc)
			continue
		}
		if r.Tag == "base" || strings.TrimSpace(r.Raw) == "" {
			continue
		}
		if frag, ok := strings.CutPrefix(strings.TrimSpace(r.Raw), "#"); ok {
			// The same page: checked for the id only.
			if frag, err := url.PathUnescape(frag); err == nil && frag != "" {
				c.fragments = append(c.fragments, fragmentRef{from: from, page: from, fragment: frag, desc: desc})
			}
			continue
		}
		u, err := url.Parse(r.URL)
		if err != nil {
			c.report(from, "%s is not a valid URL: %v", desc, err)
			continue
		}
		if u.Scheme != c.start.Scheme || u.Host != c.start.Host {
			continue // another site, or mailto:, tel:, javascript:, data:
		}
		if u.Scheme == "file" && !strings.HasPrefix(u.Path, c.root) {
			c.report(from, "%s points outside the site's folder %s", desc, c.root)
			continue
		}
		bare := stripFragment(r.URL)
		tg, ok := c.checked[bare]
		if !ok {
			tg = c.check(ctx, bare)
			c.checked[bare] = tg
		}
		if tg.problem != "" {
			c.report(from, "%s: %s", desc, tg.problem)
			continue
		}
		if !tg.page {
			continue
		}
		if u.Fragment != "" {
			c.fragments = append(c.fragments, fragmentRef{from: from, page: bare, fragment: u.Fragment, desc: desc})
		}
		switch r.Tag {
		case "a", "area", "iframe":
			next = append(next, bare)
		}
	}
	return next
}

// check tells what is at a same-site URL that has no fragment.
func (c *crawler) check(ctx context.Context, bare string) target {
	u, err := url.Parse(bare)
	if err != nil {
		return target{problem: err.Error()}
	}
	if strings.HasSuffix(u.Path, "/") || u.Path == "" {
		return target{problem: "links to a folder, not to a file (file:// shows a directory listing there)"}
	}
	if u.Scheme == "file" {
		fi, err := os.Stat(u.Path)
		switch {
		case err != nil:
			return target{problem: "missing file " + u.Path}
		case fi.IsDir():
			return target{problem: "links to a folder, not to a file (file:// shows a directory listing there)"}
		}
		ext := strings.ToLower(path.Ext(u.Path))
		return target{page: ext == ".html" || ext == ".htm" || ext == ".xhtml"}
	}
	resp, err := c.get(ctx, http.MethodHead, bare)
	if err == nil && (resp.StatusCode == http.StatusMethodNotAllowed || resp.StatusCode == http.StatusNotImplemented) {
		resp, err = c.get(ctx, http.MethodGet, bare)
	}
	switch {
	case err != nil:
		return target{problem: err.Error()}
	case strings.HasSuffix(resp.Request.URL.Path, "/") && !isIndex(u.Path):
		// http.FileServer redirects .../index.html to .../, which is fine.
		return target{problem: "links to a folder, not to a file (the server redirects to " + resp.Request.URL.String() + ")"}
	case resp.StatusCode != http.StatusOK:
		return target{problem: "missing: status " + resp.Status}
	}
	return target{page: strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html")}
}

// isIndex tells whether a path names a folder's index page.
func isIndex(p string) bool {
	base := path.Base(p)
	return base == "index.html" || base == "index.htm"
}

// get sends a request, follows redirects and closes the body.
func (c *crawler) get(ctx context.Context, method, u string) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, method, u, nil)
	if err != nil {
		return nil, err
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, err
	}
	resp.Body.Close()
	return resp, nil
}

// checkFragments reports the fragments that are no id on their visited page.
func (c *crawler) checkFragments() {
	for _, f := range c.fragments {
		ids, ok := c.ids[f.page]
		if !ok || strings.EqualFold(f.fragment, "top") || slices.Contains(ids, f.fragment) {
			continue // not visited (reported already), or fine
		}
		c.report(f.from, "%s: no id %q on %s", f.desc, f.fragment, c.short(f.page))
	}
}

// report records a problem on a page.
func (c *crawler) report(page, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	pages, seen := c.problems[msg]
	if !seen {
		c.order = append(c.order, msg)
	}
	if !slices.Contains(pages, page) {
		c.problems[msg] = append(pages, page)
	}
}

// pageList names up to 5 pages.
func (c *crawler) pageList(pages []string) string {
	var names []string
	for _, p := range pages[:min(len(pages), 5)] {
		names = append(names, c.short(p))
	}
	s := strings.Join(names, ", ")
	if len(pages) > 5 {
		s += fmt.Sprintf(" and %d more pages", len(pages)-5)
	}
	return s
}

// short names a page relative to the site.
func (c *crawler) short(page string) string {
	u, err := url.Parse(page)
	if err != nil || u.Scheme != c.start.Scheme || u.Host != c.start.Host || !strings.HasPrefix(u.Path, c.root) {
		return page
	}
	return strings.TrimPrefix(page, c.start.Scheme+"://"+c.start.Host+c.root)
}

// stripFragment removes the #fragment of a URL.
func stripFragment(u string) string {
	before, _, _ := strings.Cut(u, "#")
	return before
}

// consoleMsg is an error that a page wrote to the console.
type consoleMsg struct {
	text      string
	failedURL string // for a failed load: the URL
}

// consoleError turns an event into a console error, uncaught exception or
// logged error, and reports false for any other event.
func consoleError(ev any) (consoleMsg, bool) {
	switch ev := ev.(type) {
	case *runtime.EventConsoleAPICalled:
		if ev.Type != runtime.ConsoleAPICalledTypeError && ev.Type != runtime.ConsoleAPICalledTypeAssert {
			return consoleMsg{}, false
		}
		var parts []string
		for _, a := range ev.Args {
			parts = append(parts, remoteText(a))
		}
		return consoleMsg{text: "console." + string(ev.Type) + "(" + strings.Join(parts, " ") + ")"}, true
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		text := d.Text
		if d.Exception != nil && d.Exception.Description != "" {
			text += " " + d.Exception.Description
		}
		return consoleMsg{text: fmt.Sprintf("uncaught exception at %s:%d: %s", d.URL, d.LineNumber+1, text)}, true
	case *log.EventEntryAdded:
		e := ev.Entry
		if e.Level != log.EntryLevelError {
			return consoleMsg{}, false
		}
		if e.Source != log.EntrySourceNetwork || e.URL == "" {
			return consoleMsg{text: e.Text}, true
		}
		if u, err := url.Parse(e.URL); err == nil && u.Path == "/favicon.ico" {
			return consoleMsg{}, false // Chromium asks for it by itself
		}
		return consoleMsg{text: e.Text + " (" + e.URL + ")", failedURL: e.URL}, true
	}
	return consoleMsg{}, false
}

// remoteText is a short text for one argument of a console call.
func remoteText(o *runtime.RemoteObject) string {
	if o.Type == runtime.RemoteObjectTypeString {
		var s string
		if err := json.Unmarshal([]byte(o.Value), &s); err == nil {
			return s
		}
	}
	if o.Description != "" {
		return o.Description
	}
	if len(o.Value) > 0 {
		return string(o.Value)
	}
	return string(o.Type)
}
