package main

import (
	"os/exec"
	"strings"
	"testing"
)

// TestPackagesDependInward checks the shape of the code that DESIGN.md draws: the
// manifest is a leaf; the theme runs without Markdown, search or the site model; the
// server reads the manifest and draws with the theme but never imports the site model,
// the renderer or bleve; building the static site does not link bleve; the people the
// records are about are a leaf, and so is the audit chain; the store of the records,
// and the duties worked out from them, know nothing of the site, its rendering or the
// server.
func TestPackagesDependInward(t *testing.T) {
	const (
		mod      = "github.com/handbok/handbok"
		bleve    = "github.com/blevesearch"
		goldmark = "github.com/yuin/goldmark"
	)
	records := []string{mod + "/internal/site", mod + "/internal/render", mod + "/internal/build", mod + "/internal/server", goldmark, bleve}
	// Each package, and the module paths it must not depend on, directly or not (a path
	// stands for the packages under it too).
	forbidden := map[string][]string{
		"internal/manifest": {mod}, // nothing of handbok's but itself
		"internal/theme":    {mod + "/internal/site", mod + "/internal/render", mod + "/search", goldmark, bleve},
		"internal/server":   {mod + "/internal/site", mod + "/internal/render", mod + "/internal/build", goldmark, bleve},
		"internal/render":   {mod + "/internal/build", mod + "/internal/server", bleve},
		"internal/site":     {mod + "/internal/render", mod + "/internal/theme", mod + "/internal/server", mod + "/internal/build", goldmark, bleve},
		"search":            {bleve},
		"internal/people":   {mod}, // the domain of the records: nothing of the site or the server

		// The audit chain is pure; the records' store knows nothing of the site or the server.
		"internal/audit":           {mod},
		"internal/wordiff":         {mod},
		"internal/store":           records,
		"internal/store/sqlite":    records,
		"internal/store/postgres":  records,
		"internal/store/storetest": records,
		"internal/store/sqlstore":  records,

		// Who must acknowledge what by when: pure logic over the manifest, the people
		// and the store's records, which the server's pages draw.
		"internal/duty": records,
		// Who gets which checklist and when its items are due: pure as well.
		"internal/onboarding": records,
	}
	for pkg, paths := range forbidden {
		out, err := exec.Command("go", "list", "-deps", mod+"/"+pkg).CombinedOutput()
		if err != nil {
			t.Fatalf("go list %s: %v\n%s", pkg, err, out)
		}
		for _, dep := range strings.Fields(string(out)) {
			for _, p := range paths {
				if dep != mod+"/"+pkg && (dep == p || strings.HasPrefix(dep, p+"/")) {
					t.Errorf("%s depends on %s", pkg, dep)
				}
			}
		}
	}
}
