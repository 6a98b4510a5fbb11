package render

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/handbok/handbok/internal/manifest"
	"github.com/handbok/handbok/internal/site"
	"github.com/handbok/handbok/themes"
)

// TestManifestAcknowledgeWithin: each policy in handbok.json has the days to acknowledge
// it, its own or else handbok.yaml's, also when a rebuild with a memory keeps the page
// and only handbok.yaml changed.
func TestManifestAcknowledgeWithin(t *testing.T) {
	fsys := cloneFS(smallSite)
	mem := NewMemory()
	days := func() int {
		t.Helper()
		s, diags := site.Load(fsys, "test")
		if diags.Count(site.Error) > 0 {
			t.Fatal(diags)
		}
		out := &memory{}
		if _, _, err := RenderWith(context.Background(), s, fsys, themes.Default(), out, mem); err != nil {
			t.Fatal(err)
		}
		mem.Keep()
		var m manifest.Manifest
		if err := json.Unmarshal(out.files[manifest.File], &m); err != nil {
			t.Fatal(err)
		}
		return m.Policies[0].AcknowledgeWithin
	}
	if got := days(); got != 14 {
		t.Errorf("by default: %d days, want 14", got)
	}
	fsys["handbok.yaml"] = &fstest.MapFile{Data: []byte("title: Handbók\nacknowledge_within: 30\n")}
	if got := days(); got != 30 {
		t.Errorf("handbok.yaml says 30, the manifest %d", got)
	}
	policy := string(smallSite["content/stefnur/thjonusta.md"].Data)
	policy = strings.Replace(policy, "acknowledge: true\n", "acknowledge: true\nacknowledge_within: 7\n", 1)
	fsys["content/stefnur/thjonusta.md"] = &fstest.MapFile{Data: []byte(policy)}
	if got := days(); got != 7 {
		t.Errorf("the policy says 7, the manifest %d", got)
	}
}
