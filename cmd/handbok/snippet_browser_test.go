package main

import (
	"fmt"
	"html"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/handbok/handbok/internal/browsertest"
)

var (
	markedWord = regexp.MustCompile(`<mark>(.*?)</mark>`)
	anyTag     = regexp.MustCompile(`<[^>]*>`)
)

// testSearchSnippet searches the built example from disk for a word far into its page
// and checks that the search page shows the same snippet as handbok search --json: the
// same text, with the same words marked.
func testSearchSnippet(t *testing.T, b *browsertest.Browser, dest string) {
	const query = "hringdu"
	want := searchJSON(t, copyExample(t), query)[0].Snippet
	var wantMarks []string
	for _, m := range markedWord.FindAllStringSubmatch(want, -1) {
		wantMarks = append(wantMarks, html.UnescapeString(m[1]))
	}
	wantText := html.UnescapeString(anyTag.ReplaceAllString(want, ""))

	ctx := b.Tab(t, 1280)
	sel := "#search-results li:first-child .result-snippet"
	if err := chromedp.Do(ctx,
		chromedp.Navigate("file://"+dest+"/search.html?q="+url.QueryEscape(query)),
		chromedp.WaitVisible(chromedp.CSS(sel)),
	); err != nil {
		t.Fatalf("search.html?q=%s: no snippet: %v", query, err)
	}
	read := fmt.Sprintf(`(() => {
		const p = document.querySelector(%q);
		return {text: p.textContent, marks: [...p.querySelectorAll("mark")].map((m) => m.textContent)};
	})()`, sel)
	got, err := chromedp.Run(ctx, chromedp.Evaluate[struct {
		Text  string   `json:"text"`
		Marks []string `json:"marks"`
	}](read))
	if err != nil {
		t.Fatal(err)
	}
	if got.Text != wantText {
		t.Errorf("search.html?q=%s: snippet\n%s\nhandbok search --json gives\n%s", query, got.Text, wantText)
	}
	if !slices.Equal(got.Marks, wantMarks) || !slices.Contains(got.Marks, query) {
		t.Errorf("search.html?q=%s: marked %q, handbok search --json marks %q", query, got.Marks, wantMarks)
	}
	if !strings.Contains(got.Text, "„"+query+" frekar í …“") {
		t.Errorf("search.html?q=%s: the snippet %q lacks the passage with the word", query, got.Text)
	}
	browsertest.Screenshot(t, ctx, "search-snippet")
}
