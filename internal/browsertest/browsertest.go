// Package browsertest runs headless Chromium for tests: it opens tabs,
// saves screenshots and crawls a built site for broken links, site-absolute
// URLs, folder links, bad fragments and JavaScript errors.
//
// A test opens a browser with [New], opens a tab with [Browser.Tab] and
// runs chromedp actions on the tab's context:
//
//	b := browsertest.New(t)
//	ctx := b.Tab(t, 390)
//	browsertest.Crawl(t, ctx, "file://"+filepath.Join(out, "index.html"))
//	browsertest.Screenshot(t, ctx, "index-phone")
package browsertest

import (
	"bytes"
	"context"
	"errors"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sync"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	cdptarget "github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"
)

// DefaultChromium is the browser that New starts when $HANDBOK_CHROMIUM is empty.
const DefaultChromium = "/usr/bin/chromium"

// Browser is what one test sees of the headless Chromium: a browser context of its
// own, which keeps its cookies, storage, caches and service workers apart from every
// other test's, as a fresh profile would.
type Browser struct {
	ctx  context.Context          // the chromedp context of the browser's first tab
	tabs []chromedp.ContextOption // how Tab opens a tab in the browser context
}

// process is one running Chromium, which the tests of a test binary that run at the
// same time share, each in a browser context of its own: starting Chromium costs as
// much CPU as loading several pages.
type process struct {
	ctx    context.Context // the chromedp context that started the browser
	cancel func()          // stops the browser and removes its profile
	users  int             // the Browsers open in it
}

var (
	processesMu sync.Mutex
	processes   = map[string]*process{} // by the path of the browser's program
)

// New opens a browser context for the test (closed in t.Cleanup) in the one headless
// Chromium that the test binary shares, and starts that Chromium when no test has it
// open. A browser context is off the record, like a private window.
//
// It runs $HANDBOK_CHROMIUM (a path, or a name to look up in $PATH), or
// DefaultChromium when that is empty. When the browser is missing it calls t.Skip,
// except when the environment has CI=true, where it calls t.Fatal: CI must never
// silently skip browser tests.
func New(t testing.TB) *Browser {
	t.Helper()
	exe := chromium(t)
	p, err := acquire(exe)
	if err != nil {
		t.Fatalf("browsertest: start %s: %v", exe, err)
	}
	// Made by hand rather than with chromedp.WithNewBrowserContext, which would open
	// a tab in it that no test uses.
	browser := chromedp.FromContext(p.ctx).Browser
	bc, err := cdp.Call(p.ctx, browser, cdptarget.CreateBrowserContext, cdptarget.CreateBrowserContextParams{})
	if err != nil {
		release(exe, p)
		t.Fatalf("browsertest: open a browser context in %s: %v", exe, err)
	}
	t.Cleanup(func() {
		// The test's tabs closed before this, in cleanups added after it.
		if _, err := cdp.Call(p.ctx, browser, cdptarget.DisposeBrowserContext, cdptarget.DisposeBrowserContextParams{BrowserContextID: bc.BrowserContextID}); err != nil {
			t.Errorf("browsertest: close the browser context: %v", err)
		}
		release(exe, p)
	})
	return &Browser{ctx: p.ctx, tabs: []chromedp.ContextOption{chromedp.WithExistingBrowserContext(bc.BrowserContextID)}}
}

// chromium returns the path of the browser to run, or skips or fails the test when
// there is none.
func chromium(t testing.TB) string {
	t.Helper()
	exe := os.Getenv("HANDBOK_CHROMIUM")
	if exe == "" {
		exe = DefaultChromium
	}
	exe, err := exec.LookPath(exe)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("browsertest: no Chromium (CI=true, so this is an error, not a skip): %v", err)
		}
		t.Skipf("browsertest: no Chromium, skipping browser test: %v", err)
	}
	return exe
}

// acquire returns the running Chromium of exe, started if need be, with one more user.
func acquire(exe string) (*process, error) {
	processesMu.Lock()
	defer processesMu.Unlock()
	if p := processes[exe]; p != nil && p.ctx.Err() == nil {
		p.users++
		return p, nil
	}
	ctx, stop, err := start(exe)
	if err != nil {
		return nil, err
	}
	p := &process{ctx: ctx, cancel: stop, users: 1}
	processes[exe] = p
	return p, nil
}

// release gives up one user of p, and stops the browser when it was the last.
func release(exe string, p *process) {
	processesMu.Lock()
	p.users--
	last := p.users == 0
	if last && processes[exe] == p {
		delete(processes, exe)
	}
	processesMu.Unlock()
	if last {
		p.cancel()
	}
}

// start starts a headless Chromium, with a temporary profile that stop removes once
// the browser has exited, and returns the context of its first tab.
func start(exe string) (ctx context.Context, stop func(), err error) {
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(exe),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-default-apps", true),
		chromedp.Flag("disable-breakpad", true),
		chromedp.Flag("force-color-profile", "srgb"),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.Flag("mute-audio", true),
		// Tests share the browser, each in tabs of its own: none may run slower for
		// not being the tab in front.
		chromedp.Flag("disable-background-timer-throttling", true),
		chromedp.Flag("disable-backgrounding-occluded-windows", true),
		chromedp.Flag("disable-renderer-backgrounding", true),
		// Each of these makes a navigation start its page in a new renderer, for the
		// back-forward cache; without them a page load costs markedly less CPU. No
		// test goes back or forward.
		chromedp.Flag("disable-features", "BackForwardCache,ProactivelySwapBrowsingInstance,RenderDocument"),
		// A new tab, and a page opened from disk in it, each started a renderer process
		// of its own; starting one costs more CPU than loading a page. With these, the
		// tabs of one browser context share renderers; Chromium never lets two browser
		// contexts share one, so the tests stay as apart as before. Site isolation
		// guards a person's sites from each other, and the tests' pages need no guard.
		chromedp.Flag("disable-site-isolation-trials", true),
		chromedp.Flag("renderer-process-limit", "2"),
	)
	ctx, cancel := chromedp.NewContext(allocCtx)
	stop = func() {
		cancel()
		cancelAlloc()
	}
	// The first run starts the browser and binds its life to ctx, which has
	// no deadline of its own.
	if err := chromedp.Do(ctx); err != nil {
		stop()
		return nil, nil, err
	}
	return ctx, stop, nil
}

// Tab opens a new tab whose viewport is width CSS pixels wide, and returns the
// context to run chromedp actions in it. The tab closes in t.Cleanup.
// Widths below 600 emulate a phone: 844 pixels high, with a mobile viewport
// (so <meta name="viewport"> counts) and touch. Wider tabs are 800 pixels high.
// Use 390 for a phone and 1280 for a desktop.
func (b *Browser) Tab(t testing.TB, width int) context.Context {
	t.Helper()
	ctx, cancel := chromedp.NewContext(b.ctx, b.tabs...)
	t.Cleanup(cancel)
	viewport := chromedp.EmulateViewport(int64(width), 800)
	if width < 600 {
		viewport = chromedp.EmulateViewport(int64(width), 844, chromedp.EmulateMobile, chromedp.EmulateTouch)
	}
	if err := chromedp.Do(ctx, viewport); err != nil {
		t.Fatalf("browsertest: open tab: %v", err)
	}
	return ctx
}

// Screenshot saves a PNG of the whole page of the tab (not just the viewport)
// to OutDir(t)/name.png. The PNG is as wide as the viewport, or wider when
// the page overflows it sideways.
func Screenshot(t testing.TB, ctx context.Context, name string) {
	t.Helper()
	buf, err := chromedp.Run(ctx, fullPage)
	if err != nil {
		t.Fatalf("browsertest: screenshot %s: %v", name, err)
	}
	file := filepath.Join(OutDir(t), filepath.FromSlash(name)+".png")
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		t.Fatalf("browsertest: %v", err)
	}
	if err := os.WriteFile(file, buf, 0o644); err != nil {
		t.Fatalf("browsertest: %v", err)
	}
	t.Logf("browsertest: screenshot %s", file)
}

// fullPage captures the page's whole content: chromedp's FullScreenshot
// does not set a clip, so it can stop at the viewport.
func fullPage(ctx context.Context, t *chromedp.Target) ([]byte, error) {
	m, err := cdp.Call(ctx, t, page.GetLayoutMetrics, cdp.Empty{})
	if err != nil {
		return nil, err
	}
	clip := page.Viewport{Scale: 1}
	if m.CSSContentSize != nil {
		clip.Width, clip.Height = m.CSSContentSize.Width, m.CSSContentSize.Height
	}
	if v := m.CSSLayoutViewport; v != nil {
		clip.Width = max(clip.Width, float64(v.ClientWidth))
		clip.Height = max(clip.Height, float64(v.ClientHeight))
	}
	res, err := cdp.Call(ctx, t, page.CaptureScreenshot, page.CaptureScreenshotParams{
		Format:                page.CaptureScreenshotFormatPng,
		CaptureBeyondViewport: new(true),
		FromSurface:           new(true),
		Clip:                  &clip,
		// A quicker encoding of a larger file: tests take many screenshots, and
		// each is looked at, if ever, on the machine that made it.
		OptimizeForSpeed: new(true),
	})
	if err != nil {
		return nil, err
	}
	if _, err := png.DecodeConfig(bytes.NewReader(res.Data)); err != nil {
		return nil, errors.New("the browser sent no PNG: " + err.Error())
	}
	return res.Data, nil
}

// OutDir returns the folder for the test's screenshots, and creates it:
// $HANDBOK_TEST_OUTPUT/<TestName>/ when that variable is set, else
// <module root>/test-output/<TestName>/, where the module root is the first
// folder with a go.mod walking up from the working directory. A subtest
// gets a subfolder of its parent test's folder.
func OutDir(t testing.TB) string {
	t.Helper()
	base := os.Getenv("HANDBOK_TEST_OUTPUT")
	if base == "" {
		root, err := moduleRoot()
		if err != nil {
			t.Fatalf("browsertest: %v", err)
		}
		base = filepath.Join(root, "test-output")
	}
	dir := filepath.Join(base, filepath.FromSlash(unsafeChars.ReplaceAllString(t.Name(), "_")))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatalf("browsertest: %v", err)
	}
	return dir
}

// unsafeChars are the characters of a test name that OutDir replaces with "_".
var unsafeChars = regexp.MustCompile(`[^A-Za-z0-9._/-]+|\.\.+`)

// moduleRoot walks up from the working directory to the folder with go.mod.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the working directory")
		}
		dir = parent
	}
}
