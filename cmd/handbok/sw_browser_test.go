package main

import (
	"context"
	"encoding/json"
	"html"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/handbok/handbok/internal/browsertest"
	"github.com/handbok/handbok/internal/server"
)

// The tests in this file serve a built handbook beside routes that a handbook with
// sign-in will have, and check that the service worker keeps none of them: only the
// static handbook that offline.json lists.

// personalServer serves the built site at dest, and beside it:
//   - /minn/…, a signed-in person's page: it names the "user" of the query, else of the
//     cookie, and says no-store;
//   - /innskraning/, the sign-in page;
//   - /bokasafn/utlan.html, a file offline.json lists, as a page for one person
//     (Cache-Control: private);
//   - DELETE /api/session, sign-out, which answers with Clear-Site-Data;
//   - while signedIn is false, every page but the worker's shell redirects to the
//     sign-in page, as a single-sign-on proxy does when a session has ended.
func personalServer(t *testing.T, dest string, signedIn *atomic.Bool) *httptest.Server {
	t.Helper()
	site := (&server.Server{Dir: dest, Log: slog.New(slog.DiscardHandler)}).Handler()
	shell := map[string]bool{"/": true, "/index.html": true, "/search.html": true, "/offline.html": true, "/accessibility.html": true}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /minn/", func(w http.ResponseWriter, r *http.Request) {
		user := r.URL.Query().Get("user")
		if c, err := r.Cookie("user"); user == "" && err == nil {
			user = c.Value
		}
		w.Header().Set("Cache-Control", "no-store")
		writeTestPage(w, "Notandi: "+user)
	})
	mux.HandleFunc("GET /innskraning/", func(w http.ResponseWriter, r *http.Request) {
		writeTestPage(w, "Innskráning")
	})
	mux.HandleFunc("DELETE /api/session", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Clear-Site-Data", `"cache", "storage"`)
		http.SetCookie(w, &http.Cookie{Name: "user", Path: "/", MaxAge: -1})
		w.WriteHeader(http.StatusNoContent)
	})
	mux.HandleFunc("GET /bokasafn/utlan.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "private, max-age=60")
		writeTestPage(w, "Einkaútgáfa útlánareglna")
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if !signedIn.Load() && (strings.HasSuffix(r.URL.Path, ".html") || strings.HasSuffix(r.URL.Path, "/")) && !shell[r.URL.Path] {
			http.Redirect(w, r, "/innskraning/", http.StatusFound)
			return
		}
		site.ServeHTTP(w, r)
	})
	ts := httptest.NewServer(mux)
	t.Cleanup(ts.Close)
	return ts
}

// writeTestPage answers with a small page whose title and h1 are h1.
func writeTestPage(w http.ResponseWriter, h1 string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Write([]byte(`<!doctype html><html lang="is"><title>` + html.EscapeString(h1) + `</title><h1>` + html.EscapeString(h1) + `</h1></html>`))
}

// keptURLs is a function for the tab that lists the URLs that the handbook's caches
// hold whose text contains its argument ("" for every URL).
const keptURLs = `(async (want) => {
  const found = [];
  for (const name of await caches.keys()) {
    if (!name.startsWith("handbok ")) continue;
    const cache = await caches.open(name);
    for (const req of await cache.keys()) {
      if (want === "" || (await (await cache.match(req)).text()).includes(want)) found.push(req.url);
    }
  }
  return found.join(" ");
})`

// kept returns, space-separated, the URLs kept whose text contains want.
func kept(t *testing.T, ctx context.Context, want string) string {
	t.Helper()
	got, err := chromedp.Run(ctx, chromedp.Evaluate[string](keptURLs+`(`+strconv.Quote(want)+`)`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// waitReady opens page and waits until the footer says the handbook is kept.
func waitReady(t *testing.T, ctx context.Context, page string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Navigate(page)); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, offlineStatus+` === "Aðgengileg án nettengingar"`, offlineStatus)
}

// heading opens page and returns its h1.
func heading(t *testing.T, ctx context.Context, page string) string {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Navigate(page), chromedp.WaitReady(chromedp.CSS("h1"))); err != nil {
		t.Fatal(err)
	}
	got, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("h1")))
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// TestOfflinePersonalPages: a page that differs by person, asked for by two people in
// turn on one device (by cookie, then by query), is each time that person's; none of it
// is kept. Signing out (the worker told to forget, then Clear-Site-Data from the server)
// leaves no cache of the handbook behind.
func TestOfflinePersonalPages(t *testing.T) {
	t.Parallel() // a browser of its own
	b := browsertest.New(t)
	dest := filepath.Join(t.TempDir(), "public")
	buildInto(t, "../..", dest)
	var signedIn atomic.Bool
	signedIn.Store(true)
	ts := personalServer(t, dest, &signedIn)

	ctx := b.Tab(t, 390)
	waitReady(t, ctx, ts.URL+"/index.html")
	if got := kept(t, ctx, "Einkaútgáfa"); got != "" {
		t.Errorf("a listed file answered private is kept: %s", got)
	}
	for _, user := range []string{"anna", "bjorn"} {
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.cookie = "user=`+user+`; path=/"`)); err != nil {
			t.Fatal(err)
		}
		if got := heading(t, ctx, ts.URL+"/minn/"); got != "Notandi: "+user {
			t.Errorf("signed in as %s, /minn/ shows %q", user, got)
		}
	}
	for _, user := range []string{"carl", "dora"} {
		if got := heading(t, ctx, ts.URL+"/minn/skjol?user="+user); got != "Notandi: "+user {
			t.Errorf("/minn/skjol?user=%s shows %q", user, got)
		}
	}
	if got := kept(t, ctx, "Notandi"); got != "" {
		t.Errorf("personal pages were kept: %s", got)
	}

	// Signing out as issue 15's script does: the worker forgets, then the server clears.
	forgot, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`new Promise((resolve) => {
		navigator.serviceWorker.addEventListener("message", (e) => { if (e.data && e.data.type === "forgotten") resolve(true); });
		navigator.serviceWorker.controller.postMessage({ type: "forget" });
		setTimeout(() => resolve(false), `+strconv.Itoa(int(offlineWait.Milliseconds()))+`);
	})`, chromedp.EvalAwaitPromise))
	if err != nil || !forgot {
		t.Fatalf("the worker did not answer forget: %v", err)
	}
	if got := kept(t, ctx, ""); got != "" {
		t.Errorf("after forget, the caches still hold %s", got)
	}
	registered, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`navigator.serviceWorker.getRegistration().then((r) => !!r)`, chromedp.EvalAwaitPromise))
	if err != nil || registered {
		t.Errorf("after forget the worker is still registered (%v)", err)
	}

	// The next page installs it anew; the server's Clear-Site-Data on signing out
	// leaves nothing either.
	waitReady(t, ctx, ts.URL+"/sundlaug/index.html")
	if got := heading(t, ctx, ts.URL+"/minn/"); got != "Notandi: bjorn" {
		t.Errorf("/minn/ shows %q", got)
	}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[int](`fetch("/api/session", { method: "DELETE" }).then((r) => r.status)`, chromedp.EvalAwaitPromise)); err != nil {
		t.Fatal(err)
	}
	if got := kept(t, ctx, ""); got != "" {
		t.Errorf("after sign-out, the caches still hold %s", got)
	}
}

// TestOfflineSignInRedirect: while the session has ended, the server sends every page to
// the sign-in page. The worker keeps no sign-in page under a page's URL, and once the
// person has signed in again, each page is itself, online and then offline.
func TestOfflineSignInRedirect(t *testing.T) {
	t.Parallel() // a browser of its own
	b := browsertest.New(t)
	dest := filepath.Join(t.TempDir(), "public")
	buildInto(t, "../..", dest)
	var signedIn atomic.Bool
	ts := personalServer(t, dest, &signedIn)

	ctx := b.Tab(t, 390)
	if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL+"/index.html")); err != nil {
		t.Fatal(err)
	}
	// Keeping the pages stops at the first redirect (the worker of main kept them all).
	ended := `["data-ready", "data-stopped"].some((a) => ` + offlineStatus + ` === document.getElementById("hb-offline").getAttribute(a))`
	waitFor(t, ctx, ended, offlineStatus)
	if got := kept(t, ctx, "Innskráning"); got != "" {
		t.Errorf("the sign-in page was kept as %s", got)
	}

	signedIn.Store(true)
	const page = "/sundlaug/index.html"
	if got := heading(t, ctx, ts.URL+page); got == "Innskráning" {
		t.Errorf("signed in again, %s shows the sign-in page", page)
	}
	waitFor(t, ctx, offlineStatus+` === "Aðgengileg án nettengingar"`, offlineStatus)
	goOffline(t, ctx, ts)
	if got := heading(t, ctx, ts.URL+page); got == "Innskráning" || got == "Ekki vistað á þessu tæki" {
		t.Errorf("offline, %s shows %q", page, got)
	}
}

// TestOfflineChangedPage: once a page's file has changed and the site been rebuilt,
// opening the page shows the new text at once, before the new build's worker has taken
// over; offline afterwards too.
func TestOfflineChangedPage(t *testing.T) {
	t.Parallel() // a browser of its own
	b := browsertest.New(t)
	project := copyExample(t)
	dest := filepath.Join(t.TempDir(), "public")
	buildInto(t, project, dest)
	var signedIn atomic.Bool
	signedIn.Store(true)
	ts := personalServer(t, dest, &signedIn)

	ctx := b.Tab(t, 390)
	const page = "/stefnur/thjonustustefna.html"
	waitReady(t, ctx, ts.URL+page)
	addToPolicy(t, project, "Breyttur texti stefnunnar.")
	buildInto(t, project, dest)
	const hasNew = `document.body.textContent.includes("Breyttur texti stefnunnar")`
	for _, u := range []string{page, page + "?fra=leit"} {
		if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL+u)); err != nil {
			t.Fatal(err)
		}
		if got, err := chromedp.Run(ctx, chromedp.Evaluate[bool](hasNew)); err != nil || !got {
			t.Errorf("after the rebuild, %s shows the old text (%v)", u, err)
		}
	}
	// The new build's worker keeps the new text.
	waitKept(t, ctx, dest)
	goOffline(t, ctx, ts)
	if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL+page), chromedp.WaitReady(chromedp.CSS("h1"))); err != nil {
		t.Fatal(err)
	}
	if got, err := chromedp.Run(ctx, chromedp.Evaluate[bool](hasNew)); err != nil || !got {
		t.Errorf("offline, %s shows the old text (%v)", page, err)
	}
}

// waitKept waits until the worker of the build in dest says it has kept the whole
// handbook; the page asks the worker that controls it, and the new build's worker, on
// taking over, tells every page.
func waitKept(t *testing.T, ctx context.Context, dest string) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dest, "offline.json"))
	if err != nil {
		t.Fatal(err)
	}
	var list struct{ Version string }
	if err := json.Unmarshal(data, &list); err != nil {
		t.Fatal(err)
	}
	ready, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`new Promise((resolve) => {
		const sw = navigator.serviceWorker;
		sw.addEventListener("message", (e) => { if (e.data.type === "ready" && e.data.version === `+strconv.Quote(list.Version)+`) resolve(true); });
		sw.ready.then((r) => r.active.postMessage({ type: "status" }));
		setTimeout(() => resolve(false), `+strconv.Itoa(int(offlineWait.Milliseconds()))+`);
	})`, chromedp.EvalAwaitPromise))
	if err != nil || !ready {
		t.Fatalf("the worker of build %s did not say it kept the handbook (%v)", list.Version, err)
	}
}

// goOffline stops the server and tells the browser it has no network.
func goOffline(t *testing.T, ctx context.Context, ts *httptest.Server) {
	t.Helper()
	ts.Close()
	if _, err := chromedp.Call(ctx, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{
		EmulateOfflineServiceWorker: new(true),
		MatchedNetworkConditions:    []*network.Conditions{{Offline: true, DownloadThroughput: -1, UploadThroughput: -1}},
	}); err != nil {
		t.Fatal(err)
	}
}
