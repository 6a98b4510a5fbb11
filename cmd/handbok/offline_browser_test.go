package main

import (
	"bytes"
	"context"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/storage"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/handbok/handbok/internal/browsertest"
	"github.com/handbok/handbok/internal/server"
)

// offlineWait bounds each wait for the service worker: keeping the example handbook
// takes well under a second; a slow machine gets much longer.
const offlineWait = 60 * time.Second

// pollEvery is how often a wait in a tab looks at its condition. chromedp's own
// default looks on every animation frame, which keeps the page drawing frames for as
// long as it waits: the tests wait a lot, at the same time, and those frames cost the
// CPU that the pages being waited for need.
var pollEvery = chromedp.WithPollingInterval(20 * time.Millisecond)

// copyExample copies the example handbook's project (handbok.yaml and content/) into a
// temporary folder, so that a test may change it.
func copyExample(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.CopyFS(filepath.Join(dir, "content"), os.DirFS("../../content")); err != nil {
		t.Fatal(err)
	}
	cfg, err := os.ReadFile("../../handbok.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "handbok.yaml"), cfg, 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func buildInto(t *testing.T, project, dest string, extra ...string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	args := append([]string{"build", "--source", project, "--dest", dest}, extra...)
	if code := run(context.Background(), args, &stdout, &stderr); code != 0 {
		t.Fatalf("build failed (%d): %s", code, stderr.String())
	}
}

// addToPolicy adds a paragraph to the end of the example's service policy.
func addToPolicy(t *testing.T, project, paragraph string) {
	t.Helper()
	policy := filepath.Join(project, "content/stefnur/thjonustustefna.md")
	text, err := os.ReadFile(policy)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(policy, append(text, "\n"+paragraph+"\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
}

// waitFor waits until the expression is true in the tab, failing with what explain
// returns when it does not become so.
func waitFor(t *testing.T, ctx context.Context, expr, explain string) {
	t.Helper()
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](expr, chromedp.WithPollingTimeout(offlineWait), pollEvery)); err != nil {
		got, _ := chromedp.Run(ctx, chromedp.Evaluate[string](explain))
		t.Fatalf("waiting for %s: %v; %s", expr, err, got)
	}
}

const offlineStatus = `((document.querySelector("#hb-offline .offline-text") || {}).textContent || "")`

// TestOffline visits the example handbook once over http, under a base path as
// handbok.yaml's base_url makes it, and waits for the page to say it is available
// offline. A rebuild shows the update notice, whose Reload brings the new build. Then
// the server stops and the browser goes offline: a page never opened opens, search
// finds a word only the new build has, and a page that does not exist gets the
// offline page.
func TestOffline(t *testing.T) {
	t.Parallel() // a browser of its own
	b := browsertest.New(t)
	axe := browsertest.AxeIfInstalled(t) // two checks of many
	project := copyExample(t)
	dest := filepath.Join(t.TempDir(), "public")
	buildInto(t, project, dest)
	srv := &server.Server{Dir: dest, Prefix: "/handbok", Log: slog.New(slog.DiscardHandler)}
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	root := ts.URL + "/handbok/"

	ctx := b.Tab(t, 390)
	if err := chromedp.Do(ctx, chromedp.Navigate(root+"sundlaug/index.html")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, offlineStatus+` === "Aðgengileg án nettengingar"`, offlineStatus)
	browsertest.Screenshot(t, ctx, "available-offline")
	if said, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("#hb-offline [role=status]").textContent`)); err != nil || said != "Aðgengileg án nettengingar" {
		t.Errorf("the first visit's end of saving is told to screen readers as %q (%v)", said, err)
	}
	axe.Check(t, ctx, "offline status")
	manifest, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('link[rel="manifest"]').href`))
	if err != nil || manifest != root+"manifest.webmanifest" {
		t.Errorf("web app manifest link %q (%v), want %s", manifest, err, root+"manifest.webmanifest")
	}
	// The browser's own verdict on whether a phone could put it on its home screen.
	installable, err := chromedp.Call(ctx, page.GetInstallabilityErrors, cdp.Empty{})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range installable.InstallabilityErrors {
		// A browser context of the tests' browser is a private window, from which
		// Chromium installs nothing; it still lists what the site itself lacks.
		if e.ErrorID == "in-incognito" {
			continue
		}
		var args []string
		for _, a := range e.ErrorArguments {
			args = append(args, a.Name+"="+a.Value)
		}
		t.Errorf("not installable: %s %v", e.ErrorID, args)
	}

	// A rebuild with a change: the next page opened finds the new build, and the page
	// says so; Reload, by keyboard, shows the new text.
	addToPolicy(t, project, "Sundkortaprófun er nýtt orð.")
	buildInto(t, project, dest)
	if err := chromedp.Do(ctx, chromedp.Navigate(root+"stefnur/thjonustustefna.html")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, `!document.querySelector("#hb-offline .offline-reload").hidden`, offlineStatus)
	if got, _ := chromedp.Run(ctx, chromedp.Evaluate[string](offlineStatus)); got != "Handbókin hefur verið uppfærð." {
		t.Errorf("after a rebuild the status says %q", got)
	}
	browsertest.Screenshot(t, ctx, "updated")
	if said, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("#hb-offline [role=status]").textContent`)); err != nil || said != "Handbókin hefur verið uppfærð." {
		t.Errorf("the update is told to screen readers as %q (%v)", said, err)
	}
	axe.Check(t, ctx, "update notice")
	if err := chromedp.Do(ctx, chromedp.Focus(chromedp.CSS("#hb-offline .offline-reload"))); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.WaitEvent(page.LoadEventFired, nil, chromedp.KeyEvent(kb.Enter))); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, `document.body.textContent.includes("Sundkortaprófun")`, `"the page still lacks the new text"`)
	waitFor(t, ctx, offlineStatus+` === "Aðgengileg án nettengingar"`, offlineStatus)

	// Offline, as honestly as a test can make it: the server is gone, and the browser
	// says it has no network.
	ts.Close()
	if _, err := chromedp.Call(ctx, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{
		EmulateOfflineServiceWorker: new(true),
		MatchedNetworkConditions:    []*network.Conditions{{Offline: true, DownloadThroughput: -1, UploadThroughput: -1}},
	}); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(root+"bokasafn/utlan.html"), chromedp.WaitReady(chromedp.CSS("h1"))); err != nil {
		t.Fatal(err)
	}
	if h1, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("h1"))); err != nil || h1 == "" || strings.Contains(h1, "Ekki vistað") {
		t.Errorf("offline, a page never opened shows %q (%v)", h1, err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(root+"search.html?q=sundkortaprofun"),
		chromedp.WaitVisible(chromedp.CSS("#search-results li .result-title"))); err != nil {
		t.Fatalf("offline search: %v", err)
	}
	if first, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#search-results li:first-child .result-title"))); err != nil || first != "Þjónustustefna Dalvíkurbyggðar" {
		t.Errorf("offline, searching for the new build's word finds %q (%v)", first, err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(root+"ekki-til.html"), chromedp.WaitReady(chromedp.CSS("h1"))); err != nil {
		t.Fatal(err)
	}
	if h1, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("h1"))); err != nil || h1 != "Ekki vistað á þessu tæki" {
		t.Errorf("offline, a page that was never kept shows %q (%v), want the offline page", h1, err)
	}
}

// TestOfflineNoSpace: on a device without room for the whole handbook, the page says so,
// and what was kept still works offline. (Chromium's quota override makes the cache refuse
// files, but leaves navigator.storage.estimate as it was: this tests the refusal.)
func TestOfflineNoSpace(t *testing.T) {
	t.Parallel() // a browser of its own
	b := browsertest.New(t)
	dest := filepath.Join(t.TempDir(), "public")
	buildInto(t, "../..", dest)
	srv := &server.Server{Dir: dest, Log: slog.New(slog.DiscardHandler)}
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()

	ctx := b.Tab(t, 390)
	// Room for the shell (about 110 kB) but not for the 430 kB of the whole example.
	if _, err := chromedp.Call(ctx, storage.OverrideQuotaForOrigin, storage.OverrideQuotaForOriginParams{
		Origin: ts.URL, QuotaSize: new(float64(300_000)),
	}); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL+"/index.html")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, offlineStatus+`.startsWith("Ekki er nóg pláss")`, offlineStatus)
	ts.Close()
	for _, c := range []struct{ url, h1 string }{
		{"/index.html", "Starfsmannahandbók Dalvíkurbyggðar"}, // the shell, kept at install
		{"/ekki-til.html", "Ekki vistað á þessu tæki"},
	} {
		if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL+c.url), chromedp.WaitReady(chromedp.CSS("h1"))); err != nil {
			t.Fatal(err)
		}
		if h1, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("h1"))); err != nil || h1 != c.h1 {
			t.Errorf("offline without room for everything, %s shows %q (%v), want %q", c.url, h1, err, c.h1)
		}
	}
}
