package search

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// rankingCases is testdata/ranking.json: a small Icelandic corpus and queries, with the
// page that must come first. The Go (bleve) and the browser (static index) searches
// must both pass them.
type rankingCases struct {
	Docs  []Document `json:"docs"`
	Cases []struct {
		Q         string `json:"q"`
		First     string `json:"first"`
		Prefix    bool   `json:"prefix"`
		Partial   bool   `json:"partial"`
		Workplace string `json:"workplace"`
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

func hashesOf(docs []Document) map[string]string {
	h := map[string]string{}
	for _, d := range docs {
		h[d.ID] = d.Title + d.Body
	}
	return h
}

func TestRankingBleve(t *testing.T) {
	rc := readRanking(t)
	idx, err := OpenIndex(filepath.Join(t.TempDir(), "idx"), Icelandic)
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	if err := idx.Update(rc.Docs, hashesOf(rc.Docs), nil); err != nil {
		t.Fatal(err)
	}
	for _, c := range rc.Cases {
		res, err := idx.Search(Query{Text: c.Q, Prefix: c.Prefix, Workplace: c.Workplace})
		if err != nil {
			t.Fatal(err)
		}
		if len(res) == 0 {
			t.Errorf("%q: no results, want %s first", c.Q, c.First)
			continue
		}
		if res[0].ID != c.First {
			t.Errorf("%q: first %s, want %s (results %v)", c.Q, res[0].ID, c.First, ids(res))
		}
		if res[0].All == c.Partial {
			t.Errorf("%q: all words matched = %v, want %v", c.Q, res[0].All, !c.Partial)
		}
		if c.Workplace != "" {
			for _, r := range res {
				if r.Workplace != c.Workplace {
					t.Errorf("%q in %s: result %s is of %s", c.Q, c.Workplace, r.ID, r.Workplace)
				}
			}
		}
	}
}

func ids(rs []Result) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.ID)
	}
	return out
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
