package render

import (
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/handbok/handbok/internal/site"
	"github.com/handbok/handbok/themes"
)

// An id already taken gets the first free number after it, whoever took the numbered
// ones: a heading before it, one written by hand, or the theme.
func TestIDSetClaim(t *testing.T) {
	set := newIDSet([]string{"main"})
	var got []string
	for _, base := range []string{"a", "a", "a-1", "a", "a-1", "a-4", "a", "a", "main", "a-1-1", "b-1", "b", "b"} {
		got = append(got, set.claim(base))
	}
	want := []string{"a", "a-1", "a-1-1", "a-2", "a-1-2", "a-4", "a-3", "a-5", "main-1", "a-1-1-1", "b-1", "b", "b-2"}
	if !slices.Equal(got, want) {
		t.Errorf("claimed\n%v\nwant\n%v", got, want)
	}
}

// The ids of a page with many headings of one text take time linear in their number:
// a page with twice the headings takes about twice the allocations to parse, where
// counting up from 1 for every heading took about four times as many.
func TestHeadingIDsLinear(t *testing.T) {
	md := newMarkdown(false)
	page := &site.Page{Title: "Síða"}
	allocs := func(n int) float64 {
		body := []byte(strings.Repeat("## Kafli\n\n", n))
		return testing.AllocsPerRun(2, func() { parse(md, page, body) })
	}
	small, large := allocs(2000), allocs(4000)
	t.Logf("allocations: %.0f for 2,000 headings, %.0f for 4,000", small, large)
	if ratio := large / small; ratio > 2.5 {
		t.Errorf("parsing 4,000 headings of one text allocates %.0f times, 2,000 of them %.0f: %.1f times as much for twice the headings", large, small, ratio)
	}
	doc := parse(md, page, []byte(strings.Repeat("## Kafli\n\n", 4)))
	if ids := doc.idList(); !slices.Equal(ids, []string{"kafli", "kafli-1", "kafli-2", "kafli-3"}) {
		t.Errorf("ids %v", ids)
	}
}

// A heading does not take an id the theme gives an element of its own, by its text or
// by hand, in a list or a block quote too: every id on a built page is there once.
func TestHeadingsKeepOffThemeIDs(t *testing.T) {
	th, err := loadTheme(themes.Default(), "is")
	if err != nil {
		t.Fatal(err)
	}
	reserved := th.IDs()
	for _, id := range []string{"main", "hb-offline", "hb-live", "hb-q", "hb-toc"} {
		if !slices.Contains(reserved, id) {
			t.Fatalf("theme ids %v lack %q", reserved, id)
		}
	}
	var body strings.Builder
	for _, id := range reserved {
		body.WriteString("## " + strings.ReplaceAll(id, "-", " ") + "\n\n## Kafli {#" + id + "}\n\n> ## Í tilvitnun {#" + id + "}\n\n- ## Í lista {#" + id + "}\n\n")
	}
	fsys := cloneFS(smallSite)
	fsys["content/langt.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Löng síða\n---\n" + body.String())}
	out, _ := build(t, fsys)
	html := string(out.files["langt.html"])
	counts := map[string]int{}
	for _, m := range regexp.MustCompile(`\sid="([^"]*)"`).FindAllStringSubmatch(html, -1) {
		counts[m[1]]++
	}
	for _, id := range slices.Sorted(maps.Keys(counts)) {
		if counts[id] > 1 {
			t.Errorf("id %q is on the page %d times", id, counts[id])
		}
	}
	if counts["hb-offline-1"] != 1 || counts["hb-offline-4"] != 1 {
		t.Errorf("the headings did not get hb-offline-1 to -4: %v", counts)
	}
}

// Every element the theme's scripts look up by id is one whose id headings keep off.
func TestThemeScriptIDsReserved(t *testing.T) {
	th, err := loadTheme(themes.Default(), "is")
	if err != nil {
		t.Fatal(err)
	}
	reserved := th.IDs()
	lookups := regexp.MustCompile(`getElementById\("([^"]+)"\)`)
	found := 0
	for _, a := range th.Assets() {
		if !strings.HasSuffix(a.Name, ".js") {
			continue
		}
		for _, m := range lookups.FindAllSubmatch(a.Data, -1) {
			found++
			if !slices.Contains(reserved, string(m[1])) {
				t.Errorf("%s looks up #%s, which headings may take", a.Name, m[1])
			}
		}
	}
	if found < 5 {
		t.Errorf("found %d lookups by id in the theme's scripts; the test looks at too little", found)
	}
}
