package main

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/handbok/handbok/internal/browsertest"
)

// TestTheme builds a copy of the example handbook and looks at what a new user of the
// built-in theme found wrong: English words in the Icelandic search, and a workplace
// filter that did not say which results apply at every workplace.
func TestTheme(t *testing.T) {
	t.Parallel() // a browser of its own
	b := browsertest.New(t)
	project := copyExample(t)
	dest := filepath.Join(t.TempDir(), "public")
	buildInto(t, project, dest)
	root := "file://" + dest + "/"

	t.Run("IcelandicSearch", func(t *testing.T) { testIcelandicSearch(t, b, root) })
	t.Run("WorkplaceFilter", func(t *testing.T) { testWorkplaceFilter(t, b, root) })
}

// englishWords are words of the English UI text that have no business in the Icelandic
// one; none of them is an Icelandic word that the example's text uses.
var englishWords = regexp.MustCompile(`(?i)\b(policy|policies|page|pages|checklists?|workplaces?|search|results?|all|kinds?|nothing|found|more|show|error|home|tags|version|contact|see|loading|close|clear|filter|type|of|the|and|for|no|none)\b`)

// visibleText is every piece of text a person sees or hears on the page: the text shown,
// the title, the live regions (also when they sit in a hidden panel), the choices of
// every menu, and the labels, placeholders and titles given in attributes.
const visibleText = `(() => {
	const out = [document.title, document.body.innerText];
	for (const el of document.querySelectorAll("*")) {
		for (const a of ["aria-label", "aria-description", "aria-roledescription", "placeholder", "title", "alt"]) {
			const v = el.getAttribute(a);
			if (v) out.push(a + ": " + v);
		}
		if (el.matches("input[type=submit], input[type=button], input[type=reset]")) out.push(el.value);
	}
	for (const el of document.querySelectorAll("option, [aria-live], [role=status], [role=alert]")) out.push(el.textContent);
	return out.join("\n");
})()`

// resultsShown is true when the list of results sel has results, each filled in.
func resultsShown(sel string) string {
	return `(() => {
		const items = [...document.querySelectorAll("` + sel + ` li")];
		return items.length > 0 && items.every(li => li.querySelector(".result-meta"));
	})()`
}

// testIcelandicSearch searches the Icelandic handbook on the search page, with and
// without filters, with no results and with some of the words, and in the box under the
// header: no English word may show, be read out or be offered to choose.
func testIcelandicSearch(t *testing.T, b *browsertest.Browser, root string) {
	ctx := b.Tab(t, 1280)
	check := func(what string) {
		t.Helper()
		text, err := chromedp.Run(ctx, chromedp.Evaluate[string](visibleText))
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(text, "\n") {
			if w := englishWords.FindAllString(line, -1); w != nil {
				t.Errorf("%s: English %q in %q", what, w, line)
			}
		}
	}
	for _, c := range []struct{ url, ready string }{
		{"search.html?q=stefna", resultsShown("#search-results")},
		{"search.html?q=m%C3%B3ttaka&kind=checklist", resultsShown("#search-results")},
		{"search.html?q=%C3%B6ryggi&workplace=sundlaug", resultsShown("#search-results")},
		{"search.html?q=%C3%BEagnarskylda+xyzzyq", resultsShown("#search-results")},
		{"search.html?q=xyzzyq", `!document.getElementById("search-empty").hidden`},
	} {
		if err := chromedp.Do(ctx, chromedp.Navigate(root+c.url)); err != nil {
			t.Fatal(err)
		}
		waitFor(t, ctx, c.ready, `document.getElementById("search-status").textContent`)
		check(c.url)
	}
	browsertest.Screenshot(t, ctx, "search-is")

	// The box under the header, with its results open and the link to all of them.
	if err := chromedp.Do(ctx, chromedp.Navigate(root+"sundlaug/index.html"), chromedp.SendKeys(chromedp.CSS("#hb-q"), "st")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, resultsShown("#hb-live")+` && !document.querySelector("#hb-live .live-all").hidden`,
		`document.querySelector("#hb-live").textContent`)
	browsertest.Screenshot(t, ctx, "search-live-is")
	check("the results under the search box")
}

// testWorkplaceFilter narrows a search to the pool: the policies of every workplace
// stay among the results, said to be so, and no other workplace's page does.
func testWorkplaceFilter(t *testing.T, b *browsertest.Browser, root string) {
	ctx := b.Tab(t, 1280)
	if err := chromedp.Do(ctx, chromedp.Navigate(root+"search.html?q=%C3%BEagnarskylda&workplace=sundlaug")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, resultsShown("#search-results"), `document.getElementById("search-status").textContent`)
	got, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("#search-results li")]
		.map(li => li.querySelector(".result-title").textContent + " | " + li.querySelector(".result-meta").textContent)`))
	if err != nil {
		t.Fatal(err)
	}
	org := false
	for _, r := range got {
		title, meta, _ := strings.Cut(r, " | ")
		switch {
		case meta == "Stefna sem gildir á öllum vinnustöðum":
			org = org || title == "Þagnarskylda og meðferð persónuupplýsinga"
		case !strings.HasPrefix(meta, "Sundlaug Dalvíkur · "):
			t.Errorf("narrowed to the pool, the search found %q", r)
		}
	}
	if !org {
		t.Errorf("narrowed to the pool, the search lost the policy on confidentiality of every workplace: %q", got)
	}
}
