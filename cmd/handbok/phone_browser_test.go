package main

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/handbok/handbok/internal/browsertest"
)

// exampleManifest is what the phone tests read of the example's handbok.json.
type exampleManifest struct {
	Workplaces []struct{ Slug, URL, Title string }
	Checklists []struct{ URL, Workplace string }
}

// TestPhone looks at the example handbook as a new employee does on a 390 × 844 phone:
// where to start is in the first screen, and nothing moves once the page is drawn.
func TestPhone(t *testing.T) {
	t.Parallel()
	dest := buildExample(t)
	var m exampleManifest
	data, err := os.ReadFile(filepath.Join(dest, "handbok.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	if len(m.Workplaces) == 0 || len(m.Checklists) == 0 {
		t.Fatalf("the example should have workplaces and checklists: %s", data)
	}
	b := browsertest.New(t)
	// The parts that only open pages and read them take turns in one phone's tab: a
	// tab costs more to open than a page to load.
	phone := b.Tab(t, 390)
	t.Run("FrontPage", func(t *testing.T) { testPhoneFrontPage(t, phone, dest, m) })
	t.Run("Workplaces", func(t *testing.T) { testPhoneWorkplaces(t, phone, dest, m) })
	t.Run("Menu", func(t *testing.T) { testMenu(t, b, phone, dest) })
	t.Run("LayoutShift", func(t *testing.T) { testLayoutShift(t, b, dest) })
	t.Run("MoreResults", func(t *testing.T) { testMoreResults(t, phone, dest) })
}

// testMoreResults: the search page shows ten results (of 18 for starfsfólk), and "Sýna
// fleiri niðurstöður" adds the next ones below them and moves the focus to the first of
// those.
func testMoreResults(t *testing.T, ctx context.Context, dest string) {
	if err := chromedp.Do(ctx, chromedp.Navigate("file://"+filepath.Join(dest, "search.html")+"?q=starfsfólk")); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`!document.getElementById("search-more").hidden`, chromedp.WithPollingMutation())); err != nil {
		t.Fatalf("no button for more results: %v", err)
	}
	const state = `(() => {
		const items = [...document.querySelectorAll("#search-results li")];
		return {shown: items.length, total: +document.getElementById("search-status").textContent.replace(/\D/g, ""),
			focus: items.indexOf(document.activeElement), more: !document.getElementById("search-more").hidden};
	})()`
	type results struct {
		Shown, Total, Focus int
		More                bool
	}
	got, err := chromedp.Run(ctx, chromedp.Evaluate[results](state))
	if err != nil {
		t.Fatal(err)
	}
	if got.Shown != 10 || got.Total <= 10 {
		t.Fatalf("search.html?q=starfsfólk shows %d of %d results, want 10 of more than 10", got.Shown, got.Total)
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS("#search-more"))); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.activeElement.matches("#search-results li")`, chromedp.WithPollingMutation())); err != nil {
		t.Fatalf("the focus did not move to the results: %v", err)
	}
	got, err = chromedp.Run(ctx, chromedp.Evaluate[results](state))
	if err != nil {
		t.Fatal(err)
	}
	if want := (results{Shown: min(20, got.Total), Total: got.Total, Focus: 10, More: got.Total > 20}); got != want {
		t.Errorf("after the button: %+v, want %+v", got, want)
	}
}

// testMenu: the workplace menu is one closed line on a phone that a tap opens, and on a
// desktop the sidebar's links, shown and reachable with the keyboard, with no toggle.
// The phone is the tab phone; the desktop gets a tab of its own in b.
func testMenu(t *testing.T, b *browsertest.Browser, phone context.Context, dest string) {
	const state = `(() => {
		const s = document.querySelector("nav.workplaces summary"), a = document.querySelector("nav.workplaces li a");
		a.focus();
		return {summary: s.checkVisibility(), links: a.checkVisibility(), focus: document.activeElement === a, height: s.getBoundingClientRect().height};
	})()`
	type menu struct {
		Summary, Links, Focus bool
		Height                float64
	}
	for _, width := range []int{390, 1280} {
		ctx := phone
		if width == 1280 {
			ctx = b.Tab(t, width)
		}
		if err := chromedp.Do(ctx, chromedp.Navigate("file://"+filepath.Join(dest, "sundlaug/oryggisreglur.html"))); err != nil {
			t.Fatal(err)
		}
		got, err := chromedp.Run(ctx, chromedp.Evaluate[menu](state))
		if err != nil {
			t.Fatal(err)
		}
		if width == 1280 {
			if want := (menu{Links: true, Focus: true}); got != want {
				t.Errorf("at 1280 px the menu is %+v, want its links shown and no toggle (%+v)", got, want)
			}
			continue
		}
		if got.Links || !got.Summary || got.Height < 44 {
			t.Errorf("at 390 px the menu is %+v, want it closed, its toggle at least 44 px high", got)
		}
		if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS("nav.workplaces summary"))); err != nil {
			t.Fatal(err)
		}
		if got, err = chromedp.Run(ctx, chromedp.Evaluate[menu](state)); err != nil || !got.Links || !got.Focus {
			t.Errorf("at 390 px a tap on the toggle should show the menu's links: %+v (%v)", got, err)
		}
	}
}

// rectsScript finds, in main, the element whose text is the first argument and the first
// link to each of the other arguments, and returns their top and bottom in the viewport
// and the viewport's height ("missing" for what it does not find).
const rectsScript = `((heading, ...hrefs) => {
	const main = document.querySelector("main"), out = {viewport: {top: 0, bottom: innerHeight}};
	const box = e => { if (!e) return "missing"; const r = e.getBoundingClientRect(); return {top: r.top, bottom: r.bottom}; };
	if (heading) out[heading] = box([...main.querySelectorAll("*")].find(e => e.textContent.trim() === heading));
	for (const h of hrefs) out[h] = box(main.querySelector("a[href=" + JSON.stringify(h) + "]"));
	return out;
})`

// rect is where an element is in the viewport.
type rect struct{ Top, Bottom float64 }

// rects runs rectsScript on the tab's page.
func rects(t *testing.T, ctx context.Context, heading string, hrefs ...string) map[string]rect {
	t.Helper()
	args, err := json.Marshal(append([]string{heading}, hrefs...))
	if err != nil {
		t.Fatal(err)
	}
	raw, err := chromedp.Run(ctx, chromedp.Evaluate[map[string]any](rectsScript+"(..."+string(args)+")"))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]rect{}
	for k, v := range raw {
		r, ok := v.(map[string]any)
		if !ok {
			t.Errorf("%s: not in main", k)
			continue
		}
		out[k] = rect{Top: r["top"].(float64), Bottom: r["bottom"].(float64)}
	}
	return out
}

// inFirstScreen reports an error for each of what that is not wholly in the first screen.
func inFirstScreen(t *testing.T, page string, got map[string]rect, what ...string) {
	t.Helper()
	vp := got["viewport"]
	for _, w := range what {
		r, ok := got[w]
		if ok && (r.Top < 0 || r.Bottom > vp.Bottom) {
			t.Errorf("%s at 390 × %.0f: %q is at %.0f–%.0f px, not in the first screen", page, vp.Bottom, w, r.Top, r.Bottom)
		}
	}
}

// testPhoneFrontPage: the front page's "Nýr starfsmaður? Byrjaðu hér" and a link to every
// workplace are in the first screen of a phone.
func testPhoneFrontPage(t *testing.T, ctx context.Context, dest string, m exampleManifest) {
	if err := chromedp.Do(ctx, chromedp.Navigate("file://"+filepath.Join(dest, "index.html")), chromedp.WaitReady(chromedp.CSS("body"))); err != nil {
		t.Fatal(err)
	}
	const start = "Nýr starfsmaður? Byrjaðu hér"
	what := []string{start}
	for _, w := range m.Workplaces {
		what = append(what, w.URL)
	}
	got := rects(t, ctx, start, what[1:]...)
	inFirstScreen(t, "index.html", got, what...)
	firstScreen(t, ctx, "home")
}

// testPhoneWorkplaces: on each workplace's page, its onboarding checklist is in the first
// screen of a phone, above the workplace's contact details.
func testPhoneWorkplaces(t *testing.T, ctx context.Context, dest string, m exampleManifest) {
	for _, w := range m.Workplaces {
		var checklists []string
		root := strings.Repeat("../", strings.Count(w.URL, "/"))
		for _, c := range m.Checklists {
			if c.Workplace == w.Slug {
				checklists = append(checklists, root+c.URL)
			}
		}
		if len(checklists) == 0 {
			continue
		}
		if err := chromedp.Do(ctx, chromedp.Navigate("file://"+filepath.Join(dest, w.URL)), chromedp.WaitReady(chromedp.CSS("body"))); err != nil {
			t.Fatal(err)
		}
		contact, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`(() => {
			const c = document.querySelector("main a[href^='mailto:'], main a[href^='tel:']");
			return c ? c.getBoundingClientRect().top : -1;
		})()`))
		if err != nil {
			t.Fatal(err)
		}
		if contact < 0 {
			t.Errorf("%s: no contact details in main", w.URL)
		}
		got := rects(t, ctx, "", checklists...)
		inFirstScreen(t, w.URL, got, checklists...)
		for _, c := range checklists {
			if r := got[c]; r.Bottom > contact {
				t.Errorf("%s: the checklist %s (%.0f–%.0f px) is not above the contact details (from %.0f px)", w.URL, c, r.Top, r.Bottom, contact)
			}
		}
		if w.Slug == "sundlaug" {
			firstScreen(t, ctx, "workplace")
		}
	}
}

// firstScreen saves the first screen as name-first-screen.png; TestBrowser/Pages saves
// the whole page.
func firstScreen(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	buf, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(browsertest.OutDir(t), name+"-first-screen.png")
	if err := os.WriteFile(file, buf, 0o644); err != nil {
		t.Fatal(err)
	}
}

// layoutShiftScript sums the layout shifts of the page so far (its cumulative layout
// shift, as Lighthouse counts it for a page load) and names what moved. All shifts count:
// the tests send no input, and Chromium marks a phone's shifts as after input
// (hadRecentInput) when it emulates touch. Buffered entries come in the observer's first
// call; two frames on, every shift that has happened is in.
const layoutShiftScript = `new Promise(resolve => {
	let cls = 0;
	const moved = [];
	const add = list => {
		for (const e of list) {
			cls += e.value;
			for (const s of e.sources || []) {
				const n = s.node;
				moved.push(!n ? "?" : n.nodeType === 1 ? n.tagName.toLowerCase() + (n.id ? "#" + n.id : "") + (n.className ? "." + String(n.className).replace(/ /g, ".") : "") : n.nodeName);
			}
		}
	};
	const po = new PerformanceObserver(l => add(l.getEntries()));
	po.observe({type: "layout-shift", buffered: true});
	requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(() => {
		add(po.takeRecords());
		po.disconnect();
		resolve({cls, moved: moved.join(", ")});
	})));
})`

// allResultsShown is true when the search page shows its status and results, each with
// its snippet.
const allResultsShown = `(() => {
	const items = document.querySelectorAll("#search-results li");
	return document.getElementById("search-status").textContent !== "" && items.length > 0 &&
		[...items].every(li => li.querySelector(".result-snippet"));
})()`

// paintGate serves a built site over http the way a phone on a slow network gets it:
// the page is drawn before its scripts arrive. It holds back every script until the
// page has painted, which the page says by asking for paintedPath (paintProbe, added to
// every page, does that). It serves no service worker, whose caching would take the
// pages past the gate.
type paintGate struct {
	files   http.Handler
	mu      sync.Mutex
	painted chan struct{} // closed when the page last asked for has painted
}

const paintedPath = "/_painted"

// paintProbe asks for paintedPath in the frame after the page's first paint.
const paintProbe = `if (location.protocol === "http:") new PerformanceObserver((l, o) => {
	o.disconnect();
	requestAnimationFrame(() => { new Image().src = "` + paintedPath + `"; });
}).observe({type: "paint", buffered: true});`

func (g *paintGate) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p := r.URL.Path
	g.mu.Lock()
	switch {
	case p == paintedPath:
		select {
		case <-g.painted:
		default:
			close(g.painted)
		}
		g.mu.Unlock()
		w.WriteHeader(http.StatusNoContent)
		return
	case p == "/sw.js":
		g.mu.Unlock()
		http.NotFound(w, r)
		return
	case strings.HasSuffix(p, ".html"):
		g.painted = make(chan struct{})
	}
	painted := g.painted
	g.mu.Unlock()
	// From the browser's cache, a script would come before the page is drawn.
	w.Header().Set("Cache-Control", "no-store")
	if strings.HasSuffix(p, ".js") {
		select {
		case <-painted:
		case <-r.Context().Done():
			return
		}
	}
	g.files.ServeHTTP(w, r)
}

// testLayoutShift: the front page, a policy and a search page move nothing once drawn,
// on a phone and a desktop, over http with the scripts arriving after the first paint
// and from disk: a cumulative layout shift below 0.05, measured after the search
// results are in.
func testLayoutShift(t *testing.T, b *browsertest.Browser, dest string) {
	srv := httptest.NewServer(&paintGate{files: http.FileServer(http.Dir(dest)), painted: make(chan struct{})})
	t.Cleanup(srv.Close)
	pages := []string{"index.html", "stefnur/thjonustustefna.html", "search.html?q=þagnarskylda"}
	for _, width := range []int{390, 1280} {
		ctx := b.Tab(t, width)
		if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: paintProbe}); err != nil {
			t.Fatal(err)
		}
		for _, root := range []string{srv.URL + "/", "file://" + dest + "/"} {
			for _, p := range pages {
				if err := chromedp.Do(ctx, chromedp.Navigate(root+p)); err != nil {
					t.Fatal(err)
				}
				if strings.HasPrefix(p, "search.html") {
					if _, err := chromedp.Run(ctx, chromedp.Poll[bool](allResultsShown, chromedp.WithPollingMutation())); err != nil {
						t.Fatalf("%s%s: the results did not come: %v", root, p, err)
					}
				}
				got, err := chromedp.Run(ctx, chromedp.Evaluate[struct {
					CLS   float64
					Moved string
				}](layoutShiftScript, chromedp.EvalAwaitPromise))
				if err != nil {
					t.Fatal(err)
				}
				if got.CLS >= 0.05 {
					t.Errorf("%s%s at %d px: cumulative layout shift %.3f, want < 0.05; moved: %s", root, p, width, got.CLS, got.Moved)
				}
			}
		}
	}
}
