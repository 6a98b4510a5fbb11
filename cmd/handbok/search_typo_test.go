package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// TestSearchTypo searches the example handbook with a word misspelt, without its
// accents and with a letter missing: handbok search offers the word as the handbook has
// it, in its text and as "corrected" in --json, with the page that has it.
func TestSearchTypo(t *testing.T) {
	project := copyExample(t)
	results := searchJSON(t, project, "starfsmanahandbok")
	if r := results[0]; r.Corrected != "starfsmannahandbók" || r.URL != "index.html" {
		t.Errorf("starfsmanahandbok: first result %s corrected %q, want index.html by starfsmannahandbók", r.URL, r.Corrected)
	}
	for _, r := range results {
		if r.Corrected == "" {
			t.Errorf("starfsmanahandbok: %s was found as typed", r.URL)
		}
	}

	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"search", "--source", project, "starfsmanahandbok"}, &stdout, &stderr); code != 0 {
		t.Fatalf("handbok search starfsmanahandbok: exit %d: %s", code, stderr.String())
	}
	want := "No pages found for \"starfsmanahandbok\". Did you mean \"starfsmannahandbók\"? Pages for it:\n1. "
	if !strings.HasPrefix(stdout.String(), want) {
		t.Errorf("handbok search starfsmanahandbok printed\n%s\nwant it to begin\n%s", stdout.String(), want)
	}

	// A word spelt right is searched as it is.
	for _, r := range searchJSON(t, project, "starfsmannahandbók") {
		if r.Corrected != "" {
			t.Errorf("starfsmannahandbók: %s has the correction %q", r.URL, r.Corrected)
		}
	}
}
