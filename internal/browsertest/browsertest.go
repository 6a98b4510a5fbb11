// Package browsertest runs headless Chromium for tests: it opens tabs,
// saves screenshots and crawls a built site for broken links, site-absolute
// URLs, folder links, bad fragments and JavaScript errors.
//
// A test starts one browser with [New], opens a tab with [Browser.Tab] and
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
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// DefaultChromium is the browser that New starts when $HANDBOK_CHROMIUM is empty.
const DefaultChromium = "/usr/bin/chromium"

// Browser is one headless Chromium process that a test owns.
type Browser struct {
	ctx context.Context // the chromedp context that started the browser
}

// New starts one headless Chromium for the test (closed in t.Cleanup).
// It runs $HANDBOK_CHROMIUM (a path, or a name to look up in $PATH), or
// DefaultChromium when that is empty. When the
// browser is missing it calls t.Skip, except when the environment has CI=true,
// where it calls t.Fatal: CI must never silently skip browser tests.
func New(t testing.TB) *Browser {
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

	// TempDir first: cleanups run last-in first-out, so the browser has
	// exited before its profile folder is removed.
	profile := t.TempDir()
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(exe),
		chromedp.UserDataDir(profile),
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
	)
	ctx, cancel := chromedp.NewContext(allocCtx)
	t.Cleanup(func() {
		cancel()
		cancelAlloc()
	})
	// The first run starts the browser and binds its life to ctx, which has
	// no deadline of its own.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("browsertest: start %s: %v", exe, err)
	}
	return &Browser{ctx: ctx}
}

// Tab opens a new tab whose viewport is width CSS pixels wide, and returns the
// context to run chromedp actions in it. The tab closes in t.Cleanup.
// Widths below 600 emulate a phone: 844 pixels high, with a mobile viewport
// (so <meta name="viewport"> counts) and touch. Wider tabs are 800 pixels high.
// Use 390 for a phone and 1280 for a desktop.
func (b *Browser) Tab(t testing.TB, width int) context.Context {
	t.Helper()
	ctx, cancel := chromedp.NewContext(b.ctx)
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
