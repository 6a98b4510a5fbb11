package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"go.yaml.in/yaml/v3"

	"github.com/handbok/handbok/internal/browsertest"
)

// TestTheme builds a copy of the example handbook, with a web link added to a policy,
// and looks at what a new user of the built-in theme found wrong: English words in the
// Icelandic search, dates printed in English, a printed checklist with nowhere to tick
// or sign, tags that lead nowhere, phone numbers broken over two lines, and a workplace
// filter that hid the policies of every workplace. The parts take turns in one tab on
// a desktop and one on a phone, each part putting back what it changes of its tab: a
// tab costs more to open than a page to load.
func TestTheme(t *testing.T) {
	t.Parallel() // a browser of its own
	b := browsertest.New(t)
	project := copyExample(t)
	policy := filepath.Join(project, "content", "stefnur", "thjonustustefna.md")
	src, err := os.ReadFile(policy)
	if err != nil {
		t.Fatal(err)
	}
	write(t, project, "content/stefnur/thjonustustefna.md", string(src)+
		"\nSjá einnig [vef Vinnueftirlitsins](https://vinnueftirlitid.is/) og <https://island.is/>.\n")
	dest := filepath.Join(t.TempDir(), "public")
	buildInto(t, project, dest)
	root := "file://" + dest + "/"
	desktop, phone := b.Tab(t, 1280), b.Tab(t, 390)

	t.Run("IcelandicSearch", func(t *testing.T) { testIcelandicSearch(t, desktop, root) })
	t.Run("PrintedPolicy", func(t *testing.T) { testPrintedPolicy(t, desktop, root) })
	t.Run("PrintedChecklist", func(t *testing.T) { testPrintedChecklist(t, desktop, root) })
	t.Run("TickFromDisk", func(t *testing.T) { testTickFromDisk(t, phone, root) })
	t.Run("SuggestFromDisk", func(t *testing.T) { testSuggestFromDisk(t, desktop, root) })
	t.Run("Tags", func(t *testing.T) { testTags(t, phone, root) })
	t.Run("PhoneNumbers", func(t *testing.T) { testPhoneNumbers(t, phone, root) })
	t.Run("WorkplaceFilter", func(t *testing.T) { testWorkplaceFilter(t, desktop, root) })
	t.Run("SearchBoxRole", func(t *testing.T) { testSearchBoxRole(t, phone, root) })
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
func testIcelandicSearch(t *testing.T, ctx context.Context, root string) {
	check := func(what string) {
		t.Helper()
		noEnglish(t, ctx, what)
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

	// The box under the header, with its results open and the link to all of them.
	if err := chromedp.Do(ctx, chromedp.Navigate(root+"sundlaug/index.html"), chromedp.SendKeys(chromedp.CSS("#hb-q"), "st")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, resultsShown("#hb-live")+` && !document.querySelector("#hb-live .live-all").hidden`,
		`document.querySelector("#hb-live").textContent`)
	browsertest.Screenshot(t, ctx, "search-live-is")
	check("the results under the search box")
}

// icelandicDate is t as the Icelandic theme writes a date, "3. desember 2026".
func icelandicDate(t *testing.T, d time.Time) string {
	t.Helper()
	data, err := os.ReadFile("../../themes/default/i18n/is.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var text struct {
		Months []string `yaml:"months"`
	}
	if err := yaml.Unmarshal(data, &text); err != nil || len(text.Months) != 12 {
		t.Fatalf("the months of is.yaml: %v %v", text.Months, err)
	}
	return fmt.Sprintf("%d. %s %d", d.Day(), text.Months[d.Month()-1], d.Year())
}

// printMedia makes the tab lay pages out as for paper ("print") or the screen (""),
// until the test ends.
func printMedia(t *testing.T, ctx context.Context, media string) {
	t.Helper()
	t.Cleanup(func() {
		if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{}); err != nil {
			t.Error(err)
		}
	})
	if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: media}); err != nil {
		t.Fatal(err)
	}
}

// testPrintedPolicy prints a policy: the print date is in Icelandic, whatever locale
// data the browser has (Debian's Chromium has none for Icelandic), and a web link shows
// where it leads after its text, once.
func testPrintedPolicy(t *testing.T, ctx context.Context, root string) {
	before := time.Now()
	if err := chromedp.Do(ctx, chromedp.Navigate(root+"stefnur/thjonustustefna.html"), chromedp.WaitReady(chromedp.CSS("body"))); err != nil {
		t.Fatal(err)
	}
	printMedia(t, ctx, "print")
	got, err := chromedp.Run(ctx, chromedp.Evaluate[map[string]string](`(() => {
		const after = a => getComputedStyle(document.querySelector('a[href="' + a + '"]'), "::after").content;
		return {
			date: document.querySelector("[data-print-date]").textContent,
			link: after("https://vinnueftirlitid.is/"),
			autolink: after("https://island.is/"),
		};
	})()`))
	if err != nil {
		t.Fatal(err)
	}
	if want, alt := icelandicDate(t, before), icelandicDate(t, time.Now()); got["date"] != want && got["date"] != alt {
		t.Errorf("the print date is %q, want %q", got["date"], want)
	}
	if !strings.Contains(got["link"], "attr(href)") && !strings.Contains(got["link"], "https://vinnueftirlitid.is/") {
		t.Errorf("a printed web link is followed by %s, want its address", got["link"])
	}
	// An address written as the link's text is not printed twice.
	if strings.Contains(got["autolink"], "attr(href)") || strings.Contains(got["autolink"], "https://") {
		t.Errorf("a printed bare address is followed by %s, want nothing", got["autolink"])
	}
	browsertest.Screenshot(t, ctx, "policy-print")
}

// testSuggestFromDisk: from disk a page has no suggestion form, only the owner's email
// and a note that the form is on the intranet.
func testSuggestFromDisk(t *testing.T, ctx context.Context, root string) {
	if err := chromedp.Do(ctx, chromedp.Navigate(root+"stefnur/thjonustustefna.html"), chromedp.WaitReady(chromedp.CSS("body"))); err != nil {
		t.Fatal(err)
	}
	got, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => {
		const box = document.getElementById("hb-suggest");
		const shown = [...box.querySelectorAll("p, form, ul")].filter(el => el.offsetParent !== null && el.textContent.trim());
		return shown.map(el => el.className + ": " + el.textContent.trim()).join(" | ") + " | " + (box.querySelector(".suggest-away a") || {}).href;
	})()`))
	if err != nil {
		t.Fatal(err)
	}
	if want := "suggest-away: Sérðu eitthvað sem má bæta? Sendu ábendingu til ábyrgðaraðila. Eyðublað fyrir ábendingar er á innri vefnum og þarf JavaScript. | mailto:"; !strings.HasPrefix(got, want) {
		t.Errorf("from disk the suggestions say %q, want %q…", got, want)
	}
}

// testPrintedChecklist prints a checklist from disk, with no server to tick it in: every
// task has a box to tick, and the page has lines for the new employee's name, the start
// date and the signatures, labelled in Icelandic; on the screen none of them shows. On
// paper the header, search, menus, footer and the screen's checkboxes are gone.
func testPrintedChecklist(t *testing.T, ctx context.Context, root string) {
	if err := chromedp.Do(ctx, chromedp.Navigate(root+"sundlaug/mottaka.html"), chromedp.WaitReady(chromedp.CSS("body"))); err != nil {
		t.Fatal(err)
	}
	const look = `(() => {
		const shown = el => { const s = getComputedStyle(el), r = el.getBoundingClientRect(); return s.display !== "none" && s.visibility !== "hidden" && r.width > 0 && r.height > 0; };
		const items = [...document.querySelectorAll(".items > li")];
		const boxes = items.map(li => li.querySelector(".tick")).filter(box => box && shown(box) && (() => {
			const s = getComputedStyle(box), r = box.getBoundingClientRect();
			return s.borderTopStyle !== "none" && s.borderLeftStyle !== "none" && r.width >= 10 && Math.abs(r.width - r.height) < 2;
		})());
		const lines = [...document.querySelectorAll(".sign-off .line")].filter(l => shown(l) &&
			getComputedStyle(l).borderBottomStyle !== "none" && l.getBoundingClientRect().width >= 120);
		const text = [...document.querySelectorAll(".sign-off")].filter(shown).map(s => s.innerText).join("\n");
		// What is for the screen only: the header with the search, the menu of workplaces,
		// the breadcrumbs, the footer and the checkboxes.
		const chrome = [".site-header", "#hb-q", ".workplaces", ".breadcrumbs", ".site-footer", ".item-check"].filter(sel => [...document.querySelectorAll(sel)].some(shown));
		return {items: items.length, boxes: boxes.length, lines: lines.length, text: text, chrome: chrome,
			date: document.querySelector("[data-print-date]") ? document.querySelector("[data-print-date]").textContent : ""};
	})()`
	type looks struct {
		Items, Boxes, Lines int
		Text, Date          string
		Chrome              []string
	}
	screen, err := chromedp.Run(ctx, chromedp.Evaluate[looks](look))
	if err != nil {
		t.Fatal(err)
	}
	if screen.Boxes != 0 || screen.Lines != 0 || screen.Text != "" {
		t.Errorf("on the screen the checklist shows %d boxes, %d lines to write on and %q", screen.Boxes, screen.Lines, screen.Text)
	}
	printMedia(t, ctx, "print")
	paper, err := chromedp.Run(ctx, chromedp.Evaluate[looks](look))
	if err != nil {
		t.Fatal(err)
	}
	browsertest.Screenshot(t, ctx, "checklist-print")
	if len(screen.Chrome) != 6 || len(paper.Chrome) != 0 {
		t.Errorf("on the screen %q show, on paper %q; want the header, search, menu, breadcrumbs, footer and checkboxes on the screen only", screen.Chrome, paper.Chrome)
	}
	if paper.Items < 5 || paper.Boxes != paper.Items {
		t.Errorf("printed, %d of the checklist's %d tasks have a box to tick", paper.Boxes, paper.Items)
	}
	for _, label := range []string{"Nafn starfsmanns", "Fyrsti starfsdagur", "Undirskrift starfsmanns", "Undirskrift yfirmanns"} {
		if !strings.Contains(paper.Text, label) {
			t.Errorf("the printed checklist has no %q to fill in: %q", label, paper.Text)
		}
	}
	if paper.Lines < 4 {
		t.Errorf("the printed checklist has %d lines to write on, want one for the name, the start date and each signature", paper.Lines)
	}
	if want := icelandicDate(t, time.Now()); paper.Date != want && paper.Date != icelandicDate(t, time.Now().Add(-time.Hour)) {
		t.Errorf("the printed checklist's print date is %q, want %q", paper.Date, want)
	}
	pdf, err := chromedp.Run(ctx, chromedp.PrintToPDF(chromedp.PDFPaper(chromedp.PaperA4)))
	if err != nil || !strings.HasPrefix(string(pdf), "%PDF") {
		t.Errorf("printing the checklist to PDF: %v", err)
	}
}

// testTags follows a policy's first tag to the search page, which finds the policy.
func testTags(t *testing.T, ctx context.Context, root string) {
	if err := chromedp.Do(ctx, chromedp.Navigate(root+"stefnur/thjonustustefna.html"), chromedp.WaitReady(chromedp.CSS(".tags"))); err != nil {
		t.Fatal(err)
	}
	tags, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll(".tags a")].map(a => a.textContent + " " + a.getAttribute("href"))`))
	if err != nil {
		t.Fatal(err)
	}
	if len(tags) != 2 || tags[0] != "þjónusta ../search.html?q=%c3%bej%c3%b3nusta" {
		t.Fatalf("the policy's tags link to %q, want each to a search for it", tags)
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(".tags a")), chromedp.WaitReady(chromedp.CSS("#search-results"))); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, resultsShown("#search-results"), `location.href + " " + document.body.innerText`)
	titles, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("#search-results .result-title")].map(a => a.textContent)`))
	if err != nil {
		t.Fatal(err)
	}
	// Every page tagged þjónusta matches the tag in its title field, and the order among
	// them moves with the rest of the handbook's text (two checklists added moved this
	// policy from third to sixth), so it need only be on the first screen of results.
	if !slices.Contains(titles[:min(8, len(titles))], "Þjónustustefna Dalvíkurbyggðar") {
		t.Errorf("the search for the tag þjónusta does not have the tagged policy among its first results: %q", titles)
	}
}

// testPhoneNumbers narrows the window a pixel at a time: no phone number ever breaks
// over two lines.
func testPhoneNumbers(t *testing.T, ctx context.Context, root string) {
	t.Cleanup(func() { // the phone's viewport, as the tab had it
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateTouch)); err != nil {
			t.Error(err)
		}
	})
	for _, page := range []string{"sundlaug/index.html", "stefnur/thjonustustefna.html", "accessibility.html"} {
		if err := chromedp.Do(ctx, chromedp.Navigate(root+page), chromedp.WaitReady(chromedp.CSS("body"))); err != nil {
			t.Fatal(err)
		}
		numbers := 0
		for width := int64(280); width <= 640; width += 4 {
			if err := chromedp.Do(ctx, chromedp.EmulateViewport(width, 844, chromedp.EmulateMobile)); err != nil {
				t.Fatal(err)
			}
			got, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('a[href^="tel:"]')]
				.filter(a => a.getBoundingClientRect().width > 0).map(a => a.getClientRects().length + " " + a.textContent)`))
			if err != nil {
				t.Fatal(err)
			}
			numbers += len(got)
			for _, g := range got {
				if !strings.HasPrefix(g, "1 ") {
					t.Errorf("%s at %d px: a phone number is broken into lines (lines, number): %s", page, width, g)
				}
			}
		}
		if numbers == 0 {
			t.Errorf("%s shows no phone number", page)
		}
	}
}

// testWorkplaceFilter narrows a search to the pool: the policies of every workplace
// stay among the results, said to be so, and no other workplace's page does.
func testWorkplaceFilter(t *testing.T, ctx context.Context, root string) {
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

// testSearchBoxRole: the search box under the header is a combobox, which HTML allows
// on a text field and not on a search field (the W3C validator says so; axe does not).
func testSearchBoxRole(t *testing.T, ctx context.Context, root string) {
	if err := chromedp.Do(ctx, chromedp.Navigate(root+"index.html"), chromedp.WaitReady(chromedp.CSS("#hb-q"))); err != nil {
		t.Fatal(err)
	}
	got, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("[role=combobox]")].map(e => e.tagName + " " + e.type)`))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0] != "INPUT text" {
		t.Errorf("the elements with role combobox are %q, want the search box, an input of type text", got)
	}
}
