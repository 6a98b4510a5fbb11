package render

import (
	"html"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf8"
)

var metaDescription = regexp.MustCompile(`<meta name="description" content="([^"]*)">`)

// TestMetaDescription: every page tells search engines and link previews what it is
// about: its own description, else the start of its first paragraph as plain text, else
// the handbook's description.
func TestMetaDescription(t *testing.T) {
	long := strings.Repeat("Starfsfólk sundlaugarinnar gætir öryggis gesta. ", 6)
	out, _ := build(t, fstest.MapFS{
		"handbok.yaml":      {Data: []byte("title: Handbók\ndescription: Handbók starfsfólks Bæjar.\n")},
		"content/_index.md": {Data: []byte("# Forsíða\n\nVelkomin í **handbókina**.\n")},
		"content/eigin.md":  {Data: []byte("---\ntitle: Eigin\ndescription: Lýsing síðunnar sjálfrar.\n---\nTexti.\n")},
		"content/laug/reglur.md": {Data: []byte("---\ntitle: Reglur\nkind: policy\n---\n## Almennt\n\n" +
			"Sjá [stefnuna](../eigin.md) og `kóða`: " + long + "\n\nAnnar kafli.\n")},
		"content/tom.md": {Data: []byte("---\ntitle: Tóm\n---\n## Bara fyrirsögn\n")},
	})
	get := func(page string) string {
		t.Helper()
		m := metaDescription.FindAllStringSubmatch(string(out.files[page]), -1)
		if len(m) != 1 {
			t.Errorf("%s has %d meta descriptions, want 1", page, len(m))
			return ""
		}
		return html.UnescapeString(m[0][1])
	}
	for page, want := range map[string]string{
		"eigin.html":      "Lýsing síðunnar sjálfrar.",
		"index.html":      "Velkomin í handbókina.",
		"tom.html":        "Handbók starfsfólks Bæjar.",
		"laug/index.html": "Handbók starfsfólks Bæjar.",
		"search.html":     "Handbók starfsfólks Bæjar.",
	} {
		if got := get(page); got != want {
			t.Errorf("%s: meta description %q, want %q", page, got, want)
		}
	}

	// A long first paragraph is cut after the last word that fits in 160 characters.
	text := "Sjá stefnuna og kóða: " + strings.TrimSpace(long)
	got := get("laug/reglur.html")
	start, cut := strings.CutSuffix(got, "…")
	rest, ok := strings.CutPrefix(text, start)
	next, _, _ := strings.Cut(strings.TrimLeft(rest, " "), " ")
	if !cut || !ok || utf8.RuneCountInString(got) > 160 || utf8.RuneCountInString(start+" "+next+"…") <= 160 {
		t.Errorf("laug/reglur.html: meta description %q, want the start of %q up to a word, with … after it, in 160 characters", got, text)
	}
}
