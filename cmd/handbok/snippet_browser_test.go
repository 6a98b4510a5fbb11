package main

import (
	"context"
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

// testSearchSnippet searches the built example from disk for words far into their page,
// or only in a heading, and checks that the search page shows the same snippet as
// handbok search --json: the same text, with the same words marked, holding the passage
// with the word.
func testSearchSnippet(t *testing.T, b *browsertest.Browser, dest string) {
	project := copyExample(t)
	ctx := b.Tab(t, 1280)
	for _, c := range []struct{ query, passage string }{
		{"hringdu", "„hringdu frekar í …“"},
		{"snerting", "Fyrsta snerting Starfsmaður þjónustuvers"}, // a heading, and what follows it
	} {
		got := searchPageSnippet(t, ctx, dest, c.query)
		want := searchJSON(t, project, c.query)[0].Snippet
		var wantMarks []string
		for _, m := range markedWord.FindAllStringSubmatch(want, -1) {
			wantMarks = append(wantMarks, html.UnescapeString(m[1]))
		}
		wantText := html.UnescapeString(anyTag.ReplaceAllString(want, ""))
		if got.Text != wantText {
			t.Errorf("search.html?q=%s: snippet\n%s\nhandbok search --json gives\n%s", c.query, got.Text, wantText)
		}
		if !slices.Equal(got.Marks, wantMarks) || !slices.Contains(got.Marks, c.query) {
			t.Errorf("search.html?q=%s: marked %q, handbok search --json marks %q", c.query, got.Marks, wantMarks)
		}
		if !strings.Contains(got.Text, c.passage) {
			t.Errorf("search.html?q=%s: the snippet %q lacks the passage %q", c.query, got.Text, c.passage)
		}
	}
}

// pageSnippet is the text of a result's snippet on the search page, and its marked words.
type pageSnippet struct {
	Text  string   `json:"text"`
	Marks []string `json:"marks"`
}

// searchPageSnippet opens the search page of the site built in dest for query, from
// disk, and reads its first result's snippet.
func searchPageSnippet(t *testing.T, ctx context.Context, dest, query string) pageSnippet {
	t.Helper()
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
	got, err := chromedp.Run(ctx, chromedp.Evaluate[pageSnippet](read))
	if err != nil {
		t.Fatal(err)
	}
	return got
}
