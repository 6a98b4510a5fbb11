package server

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/handbok/handbok/internal/browsertest"
	"github.com/handbok/handbok/internal/store"
)

// TestBrowserHandlerAnswers: the pool's supervisor, who also sent a suggestion of his
// own, finds a stale suggestion on the workplace's page, follows the link to the
// suggestions page, answers it with the form (no script needed) and is brought back to
// it, answered. The suggestions page and the workplace page with its stale list pass
// axe.
func TestBrowserHandlerAnswers(t *testing.T) {
	t.Parallel()
	b := browsertest.New(t)
	axe := browsertest.NewAxe(t)
	rs := newRecordsSite(t, Auth{})
	rs.srv.SetManifest(suggestManifest())
	rs.writeThemeAssets(t)
	sg, err := rs.store.AddSuggestion(t.Context(), store.Suggestion{Page: "laug-oryggi", Title: "Öryggi í laug", Revision: "r2",
		Author: "anna@dalvikurbyggd.is", Kind: store.SuggestUnclear, Passage: "Gæta skal að börnum.", Text: "Hver gætir barnanna\ní heita pottinum?"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := rs.store.AddSuggestion(t.Context(), store.Suggestion{Page: "thjonustustefna", Title: "Þjónustustefna", Revision: "r1",
		Author: "bjorn@dalvikurbyggd.is", Kind: store.SuggestOutdated, Text: "Símanúmerið hefur breyst."}); err != nil {
		t.Fatal(err)
	}
	later := sg.Created.Add(20 * 24 * time.Hour)
	rs.clock.Store(&later)
	ctx := b.Tab(t, 390)
	if err := chromedp.Do(ctx, chromedp.Navigate(rs.URL+signInPath+"?next="+workplacePath+"sundlaug"),
		chromedp.SendKeys(chromedp.CSS("#sign-in-email"), "bjorn@dalvikurbyggd.is"),
		chromedp.SendKeys(chromedp.CSS("#sign-in-password"), testPassword),
		chromedp.Submit(chromedp.CSS("#sign-in-password")),
		chromedp.WaitVisible(chromedp.CSS("#stale-heading"))); err != nil {
		t.Fatal(err)
	}
	axe.Check(t, ctx, "workplace with stale suggestions")
	item := "#s-1"
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`.suggest-stale-pages a[href="`+suggestPath+`"]`)),
		chromedp.WaitVisible(chromedp.CSS(item+" textarea"))); err != nil {
		t.Fatal(err)
	}
	axe.Check(t, ctx, "suggestions")
	browsertest.Screenshot(t, ctx, "suggestions")
	if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS(item+" textarea"), "Laugarvörður á vakt."),
		chromedp.Click(chromedp.CSS(item+` button[value=answered]`)),
		chromedp.WaitVisible(chromedp.CSS(".form-done"))); err != nil {
		t.Fatal(err)
	}
	where, err := chromedp.Run(ctx, chromedp.Evaluate[string](`location.hash`))
	if err != nil {
		t.Fatal(err)
	}
	text, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("`+item+`").innerText`))
	if err != nil {
		t.Fatal(err)
	}
	if where != "#s-1" || !strings.Contains(text, "Svarað") || strings.Contains(text, "Hefur beðið of lengi") {
		t.Errorf("after answering, at %s the suggestion reads %q; want it answered and no longer waiting", where, text)
	}
	axe.Check(t, ctx, "suggestions, one answered")
}
