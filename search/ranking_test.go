package search

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// rankingCases is testdata/ranking.json: a small Icelandic corpus and queries, with the
// page that must come first and its snippet. The Go (bleve, in package bleveindex) and the browser
// (static index) searches must both pass them.
type rankingCases struct {
	Docs  []Document `json:"docs"`
	Cases []struct {
		Q         string `json:"q"`
		First     string `json:"first"`
		Prefix    bool   `json:"prefix"`
		Partial   bool   `json:"partial"`
		Workplace string `json:"workplace"`
		// Snippet is the first result's snippet.
		Snippet *string `json:"snippet"`
	} `json:"cases"`
}

func readRanking(t *testing.T) rankingCases {
	t.Helper()
	data, err := os.ReadFile("testdata/ranking.json")
	if err != nil {
		t.Fatal(err)
	}
	var rc rankingCases
	if err := json.Unmarshal(data, &rc); err != nil {
		t.Fatal(err)
	}
	return rc
}

// TestSnippets makes the snippet of each ranking case's first page, which the bleve
// index and the browser script must give too.
func TestSnippets(t *testing.T) {
	rc := readRanking(t)
	docs := map[string]Document{}
	for _, d := range rc.Docs {
		docs[d.ID] = d
	}
	for _, c := range rc.Cases {
		if c.Snippet == nil {
			t.Errorf("%q: the case has no snippet", c.Q)
			continue
		}
		d := docs[c.First]
		got := SnippetHTML(d.SnippetText(), AnalyzeQuery(c.Q, Icelandic), c.Prefix, Icelandic)
		if got != *c.Snippet {
			t.Errorf("%q in %s: snippet\n%s\nwant\n%s", c.Q, c.First, got, *c.Snippet)
		}
	}
}

// TestRankingStatic writes the static index of the ranking corpus and runs the browser
// script's search on it in node.
func TestRankingStatic(t *testing.T) {
	node := needNode(t)
	rc := readRanking(t)
	dir := t.TempDir()
	o := DefaultStaticOptions
	o.ShardSize = 200 // many small shards, so that lookups cross them
	if _, err := WriteStatic(rc.Docs, o, dirOutput(dir)); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(node, "--test", "js/ranking.test.js")
	cmd.Env = append(os.Environ(), "HANDBOK_STATIC_DIR="+filepath.Join(dir, StaticDir))
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("node --test js/ranking.test.js: %v\n%s", err, out)
	}
}

// dirOutput writes files under a folder.
type dirOutput string

func (d dirOutput) WriteFile(name string, data []byte) error {
	p := filepath.Join(string(d), filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	return os.WriteFile(p, data, 0o644)
}
