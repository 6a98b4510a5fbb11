package site

import (
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

const (
	workplaceIndex = "---\ntitle: Sundlaug\nkind: workplace\n---\n"
	policyFile     = "---\ntitle: Reglur\nkind: policy\n---\n"
	checklistFile  = "---\ntitle: Móttaka\nkind: checklist\nitems: [{id: a, task: A}]\n---\n"
)

// TestScope: a policy or checklist outside every workplace applies to all of them only
// at the top of content/ or in a folder marked scope: all; anywhere else it is a
// warning (CodeScope, an error in check) at its kind: line that names the folder and
// both ways to fix it. Plain pages may be anywhere.
func TestScope(t *testing.T) {
	tests := []struct {
		name  string
		files fstest.MapFS
		want  []string // each diagnostic, in order, as "path:line:col: severity: message start"
	}{
		{"forgotten _index.md", fstest.MapFS{
			"content/laug/_index.md":    {Data: []byte(workplaceIndex)},
			"content/Laug 2/reglur.md":  {Data: []byte(policyFile)},
			"content/Laug 2/mottaka.md": {Data: []byte(checklistFile)},
		}, []string{
			`content/Laug 2/mottaka.md:3:7: warning: checklist "Móttaka" applies to every workplace, since content/Laug 2/ is neither a workplace nor marked for every workplace: ` +
				`if that folder is a workplace, add content/Laug 2/_index.md with kind: workplace and a title; ` +
				`if what it holds is for every workplace, add content/Laug 2/_index.md with scope: all`,
			`content/Laug 2/reglur.md:3:7: warning: policy "Reglur" applies to every workplace, since content/Laug 2/ is neither`,
		}},
		{"index page without the mark", fstest.MapFS{
			"content/laug/_index.md":  {Data: []byte(workplaceIndex)},
			"content/laug2/index.md":  {Data: []byte("# Laug 2\n")},
			"content/laug2/reglur.md": {Data: []byte(policyFile)},
		}, []string{
			`content/laug2/reglur.md:3:7: warning: policy "Reglur" applies to every workplace, since content/laug2/ is neither a workplace nor marked for every workplace: ` +
				`if that folder is a workplace, set kind: workplace in content/laug2/index.md; if what it holds is for every workplace, set scope: all there`,
		}},
		{"a folder inside an unmarked one", fstest.MapFS{
			"content/a/b/reglur.md": {Data: []byte(policyFile)},
		}, []string{`content/a/b/reglur.md:3:7: warning: policy "Reglur" applies to every workplace, since content/a/b/ is neither`}},
		{"marked, and inside a workplace", fstest.MapFS{
			"content/_index.md":               {Data: []byte("# Forsíða\n")},
			"content/reglur.md":               {Data: []byte(policyFile)},
			"content/stefnur/_index.md":       {Data: []byte("---\ntitle: Stefnur\nscope: all\n---\n")},
			"content/stefnur/reglur.md":       {Data: []byte(policyFile)},
			"content/stefnur/innri/reglur.md": {Data: []byte(policyFile)},
			"content/stefnur/innri/listi.md":  {Data: []byte(checklistFile)},
			"content/laug/_index.md":          {Data: []byte(workplaceIndex)},
			"content/laug/reglur.md":          {Data: []byte(policyFile)},
			"content/laug/innri/reglur.md":    {Data: []byte(policyFile)},
			"content/Gamalt efni/síða.md":     {Data: []byte("# Bara síða\n")},
			"content/Gamalt efni/önnur.md":    {Data: []byte("Texti án fyrirsagnar.\n")},
		}, nil},
		{"the whole handbook marked", fstest.MapFS{
			"content/_index.md":     {Data: []byte("---\ntitle: Handbók\nscope: all\n---\n")},
			"content/a/b/reglur.md": {Data: []byte(policyFile)},
		}, nil},
		{"scope on a page that is not an index", fstest.MapFS{
			"content/a/reglur.md": {Data: []byte("---\ntitle: R\nkind: policy\nscope: all\n---\n")},
		}, []string{
			`content/a/reglur.md:3:7: warning: policy "R" applies to every workplace`,
			`content/a/reglur.md:4:8: error: scope: belongs in the _index.md of a folder, and marks what the folder holds; move it to content/a/_index.md`,
		}},
		{"a workplace whose kind is misspelt", fstest.MapFS{
			"content/laug/_index.md": {Data: []byte("---\ntitle: Sundlaug\nkind: workplce\n---\n")},
			"content/laug/reglur.md": {Data: []byte(policyFile)},
		}, []string{`content/laug/_index.md:3:7: error: unknown kind "workplce" (did you mean "workplace"?)`}},
		{"scope with another value", fstest.MapFS{
			"content/a/_index.md": {Data: []byte("---\ntitle: A\nscope: some\n---\n")},
		}, []string{`content/a/_index.md:3:8: error: scope "some": write scope: all to mark what the folder holds as for every workplace, or leave scope: out`}},
		{"scope inside a workplace", fstest.MapFS{
			"content/laug/_index.md":       {Data: []byte("---\ntitle: Sundlaug\nkind: workplace\nscope: all\n---\n")},
			"content/laug/innri/_index.md": {Data: []byte("---\ntitle: Innri\nscope: all\n---\n")},
		}, []string{
			`content/laug/_index.md:4:8: error: content/laug/ is the workplace Sundlaug, whose policies and checklists are its own; remove scope: all, or remove kind: workplace`,
			`content/laug/innri/_index.md:3:8: error: content/laug/innri/ is inside the workplace Sundlaug, whose policies and checklists are its own; remove scope: all, or move the folder out of content/laug/`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, diags := load(t, tt.files)
			if len(diags) != len(tt.want) {
				t.Fatalf("got %d diagnostics, want %d:\n%s", len(diags), len(tt.want), messages(diags))
			}
			for i, d := range diags {
				got := d.Pos.String() + ": " + d.Severity.String() + ": " + d.Message
				if !strings.HasPrefix(got, tt.want[i]) {
					t.Errorf("diagnostic %d:\n got %s\nwant %s…", i, got, tt.want[i])
				}
				if d.Source == "" {
					t.Errorf("diagnostic %d has no source line to show", i)
				}
				if scope := d.Severity == Warning; scope != (d.Code == CodeScope) {
					t.Errorf("diagnostic %d: code %q", i, d.Code)
				}
			}
		})
	}
}

// TestScopeCached: the warning stays while the handbook is rebuilt from a cache, after
// an edit of the text alone (a patched load) and of another page's front matter.
func TestScopeCached(t *testing.T) {
	fsys := fstest.MapFS{
		"content/laug/_index.md":  {Data: []byte(workplaceIndex)},
		"content/laug2/reglur.md": {Data: []byte(policyFile), ModTime: time.Unix(1, 0)},
		"content/laug/a.md":       {Data: []byte("# A\n"), ModTime: time.Unix(1, 0)},
	}
	cache := NewCache()
	for i, edit := range []func(){
		func() {},
		func() {
			fsys["content/laug2/reglur.md"] = &fstest.MapFile{Data: []byte(policyFile + "Texti.\n"), ModTime: time.Unix(2, 0)}
		},
		func() {
			fsys["content/laug/a.md"] = &fstest.MapFile{Data: []byte("---\ntitle: B\n---\n"), ModTime: time.Unix(3, 0)}
		},
	} {
		edit()
		if i > 0 {
			cache.Touched([]string{"content/laug2/reglur.md", "content/laug/a.md"})
		}
		_, diags := LoadCached(fsys, "test", cache)
		if len(diags) != 1 || diags[0].Code != CodeScope || diags[0].Pos.Path != "content/laug2/reglur.md" {
			t.Errorf("load %d: %s", i+1, messages(diags))
		}
	}
}
