package browsertest

import (
	"context"
	"slices"
	"sync"
	"testing"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// Activity is what the pages of one tab asked for over the network, and the errors they
// logged, from the moment Watch was called.
type Activity struct {
	mu       sync.Mutex
	requests []string
	errors   []string
}

// Watch starts keeping the tab's requests (their URLs, file:// ones too) and its console
// errors, uncaught exceptions and failed loads, as Crawl reports them, until the tab
// closes.
func Watch(t testing.TB, ctx context.Context) *Activity {
	t.Helper()
	a := &Activity{}
	// The listener runs in chromedp's read loop: it only appends, under a lock.
	err := chromedp.Listen(ctx, func(ev any) {
		a.mu.Lock()
		defer a.mu.Unlock()
		if req, ok := ev.(*network.EventRequestWillBeSent); ok {
			a.requests = append(a.requests, req.Request.URL)
		}
		if msg, ok := consoleError(ev); ok {
			a.errors = append(a.errors, msg.text)
		}
	})
	if err != nil {
		t.Fatalf("browsertest: %v", err)
	}
	return a
}

// Requests returns the URLs the tab asked for so far, in order.
func (a *Activity) Requests() []string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return slices.Clone(a.requests)
}

// Errors returns the errors the tab's pages logged so far, in order.
func (a *Activity) Errors() []string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return slices.Clone(a.errors)
}
