package main

import (
	"path/filepath"
	"testing"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/handbok/handbok/internal/browsertest"
)

// TestZipFromDisk packs the example handbook with build --zip, unpacks it as a person
// would onto a USB stick, and opens it from disk: every link works, a link followed
// opens its page, and search finds what it should.
func TestZipFromDisk(t *testing.T) {
	t.Parallel() // a browser of its own
	b := browsertest.New(t)
	archive := filepath.Join(t.TempDir(), "handbok.zip")
	buildInto(t, "../..", filepath.Join(t.TempDir(), "public"), "--zip", archive)
	stick := t.TempDir()
	if err := unzip(archive, stick); err != nil {
		t.Fatal(err)
	}
	root := "file://" + filepath.Join(stick, "handbok") + "/"
	ctx := b.Tab(t, 1280)
	if n := len(browsertest.Crawl(t, ctx, root+"index.html")); n != htmlFiles(t, filepath.Join(stick, "handbok")) {
		t.Errorf("the crawl of the unpacked copy reached %d pages", n)
	}

	if err := chromedp.Do(ctx, chromedp.Navigate(root+"index.html"), chromedp.WaitReady(chromedp.CSS(`a[href="sundlaug/index.html"]`))); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.WaitEvent(page.LoadEventFired, nil, chromedp.Click(chromedp.CSS(`.cards a[href="sundlaug/index.html"]`)))); err != nil {
		t.Fatal(err)
	}
	if h1, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("h1"))); err != nil || h1 != "Sundlaug Dalvíkur" {
		t.Errorf("following the workplace's link opened %q (%v)", h1, err)
	}
	if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS("#hb-q"), "thagnarskylda\r"),
		chromedp.WaitVisible(chromedp.CSS("#search-results li .result-title"))); err != nil {
		t.Fatal(err)
	}
	if first, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#search-results li:first-child .result-title"))); err != nil || first != "Þagnarskylda og meðferð persónuupplýsinga" {
		t.Errorf("searching the copy on disk: first result %q (%v)", first, err)
	}
	browsertest.Screenshot(t, ctx, "search-from-zip")
}
