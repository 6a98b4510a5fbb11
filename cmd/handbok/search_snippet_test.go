package main

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/handbok/handbok/search"
)

// searchJSON runs handbok search --json on a project and returns its results.
func searchJSON(t *testing.T, project, query string) []search.Result {
	t.Helper()
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"search", "--json", "--source", project, query}, &stdout, &stderr); code != 0 {
		t.Fatalf("handbok search --json %s: exit %d: %s", query, code, stderr.String())
	}
	var results []search.Result
	if err := json.Unmarshal(stdout.Bytes(), &results); err != nil {
		t.Fatalf("handbok search --json %s: %v\n%s", query, err, stdout.String())
	}
	if len(results) == 0 {
		t.Fatalf("handbok search --json %s: no results", query)
	}
	return results
}

// TestSearchSnippetExample searches the example handbook for a word that is far into
// its page, where snippets used to end just before it.
func TestSearchSnippetExample(t *testing.T) {
	r := searchJSON(t, copyExample(t), "hringdu")[0]
	if r.ID != "skrifstofa/erindi" {
		t.Fatalf("hringdu: first result %s, want skrifstofa/erindi", r.ID)
	}
	if want := "„<mark>hringdu</mark> frekar í …“"; !strings.Contains(r.Snippet, want) {
		t.Errorf("hringdu: snippet %q does not have %q", r.Snippet, want)
	}
}
