package site

import (
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

func load(t *testing.T, fsys fstest.MapFS) (*Site, Diagnostics) {
	t.Helper()
	return Load(fsys, "test")
}

func messages(ds Diagnostics) string {
	var b strings.Builder
	for _, d := range ds {
		b.WriteString(d.String() + "\n")
	}
	return b.String()
}

func TestLoadStructure(t *testing.T) {
	s, diags := load(t, fstest.MapFS{
		"handbok.yaml":                           {Data: []byte("title: Handbók\n")},
		"content/_index.md":                      {Data: []byte("# Forsíða\n")},
		"content/stefnur/_index.md":              {Data: []byte("---\nscope: all\n---\n")},
		"content/stefnur/b.md":                   {Data: []byte("---\ntitle: Öryggi\nkind: policy\n---\n")},
		"content/stefnur/a.md":                   {Data: []byte("---\ntitle: Þjónusta\nkind: policy\n---\n")},
		"content/stefnur/c.md":                   {Data: []byte("---\ntitle: Ábendingar\nkind: policy\nweight: 1\n---\n")},
		"content/stefnur/d.md":                   {Data: []byte("---\ntitle: Aðgengi\nkind: policy\n---\n")},
		"content/laug/_index.md":                 {Data: []byte("---\ntitle: Sundlaug\nkind: workplace\ncontact: {name: Anna, email: a@example.is}\naddress: Dalvík\n---\n")},
		"content/laug/reglur/djup.md":            {Data: []byte("# Djúpa laugin\n")},
		"content/laug/drog.md":                   {Data: []byte("---\ntitle: Drög\ndraft: true\n---\n")},
		"content/.git/config":                    {Data: []byte("x")},
		"content/.hidden.md":                     {Data: []byte("# Falið\n")},
		"content/Skóli Dalvíkur/_index.md":       {Data: []byte("---\ntitle: Dalvíkurskóli\nkind: workplace\n---\n")},
		"content/Skóli Dalvíkur/Mynd af mér.JPG": {Data: []byte("jpg")},
	})
	if len(diags) > 0 {
		t.Fatalf("diagnostics:\n%s", messages(diags))
	}
	var urls []string
	for _, p := range s.Pages {
		urls = append(urls, p.URL)
	}
	want := "index.html laug/drog.html? laug/index.html laug/reglur/djup.html laug/reglur/index.html skoli-dalvikur/index.html stefnur/a.html stefnur/b.html stefnur/c.html stefnur/d.html stefnur/index.html"
	want = strings.Replace(want, "laug/drog.html? ", "", 1) // drafts are left out
	if got := strings.Join(urls, " "); got != want {
		t.Errorf("pages:\n got %s\nwant %s", got, want)
	}
	if len(s.Files) != 1 || s.Files[0].URL != "skoli-dalvikur/mynd-af-mer.jpg" {
		t.Errorf("files: %+v", s.Files)
	}

	// Workplaces, sorted by title; their pages include subfolders.
	if len(s.Workplaces) != 2 || s.Workplaces[0].Title != "Dalvíkurskóli" || s.Workplaces[1].Slug != "laug" {
		t.Fatalf("workplaces: %+v", s.Workplaces)
	}
	laug := s.Workplaces[1]
	if laug.Contact.Email != "a@example.is" || laug.Address != "Dalvík" {
		t.Errorf("workplace details: %+v", laug)
	}
	djup := s.PageByPath("content/laug/reglur/djup.md")
	if djup.Workplace != laug || djup.Title != "Djúpa laugin" || !djup.TitleFromHeading || djup.ID != "laug/reglur/djup" {
		t.Errorf("nested page: %+v", djup)
	}
	if len(laug.Pages) != 1 || laug.Pages[0] != djup {
		t.Errorf("workplace pages: %v", laug.Pages)
	}
	if idx := s.PageByPath("content/_index.md"); idx.Title != "Forsíða" {
		t.Errorf("front page title from its heading: %q", idx.Title)
	}
	if gen := djup.Section.Index; gen.Kind != KindSection || gen.Title != "Reglur" || gen.Workplace != laug {
		t.Errorf("generated index: %+v", gen)
	}

	// Weight first, then Icelandic alphabetical order: A, Á, Ö after Þ.
	var titles []string
	for _, p := range s.PageByID("stefnur/a").Section.Pages {
		titles = append(titles, p.Title)
	}
	if got := strings.Join(titles, ", "); got != "Ábendingar, Aðgengi, Þjónusta, Öryggi" {
		t.Errorf("order: %s", got)
	}
	if s.PageByID("stefnur/a").Policy.Version != 1 {
		t.Error("a policy's version defaults to 1")
	}
}

func TestLoadErrors(t *testing.T) {
	tests := []struct {
		name  string
		files fstest.MapFS
		want  []string
	}{
		{"nested workplace", fstest.MapFS{
			"content/a/_index.md":   {Data: []byte("---\ntitle: A\nkind: workplace\n---\n")},
			"content/a/b/_index.md": {Data: []byte("---\ntitle: B\nkind: workplace\n---\n")},
		}, []string{"content/a/b/_index.md:3:7: a workplace cannot be inside another workplace (A)"}},
		{"workplace outside _index", fstest.MapFS{
			"content/a.md": {Data: []byte("---\ntitle: A\nkind: workplace\n---\n")},
		}, []string{"content/a.md:3:7: kind: workplace belongs in the _index.md of the workplace's folder"}},
		{"two index pages", fstest.MapFS{
			"content/a/_index.md": {Data: []byte("# A\n")},
			"content/a/index.md":  {Data: []byte("# A\n")},
		}, []string{"this folder has two index pages, _index.md and index.md"}},
		{"same output path", fstest.MapFS{
			"content/Þjónusta.md":  {Data: []byte("# A\n")},
			"content/thjonusta.md": {Data: []byte("# B\n")},
		}, []string{"content/Þjónusta.md: would be written to thjonusta.html, as would content/thjonusta.md"}},
		{"duplicate workplace slug", fstest.MapFS{
			"content/a/_index.md": {Data: []byte("---\ntitle: A\nkind: workplace\nslug: x\n---\n")},
			"content/b/_index.md": {Data: []byte("---\ntitle: B\nkind: workplace\nslug: x\n---\n")},
		}, []string{`content/b/_index.md:4:7: workplace slug "x" is also the slug of content/a/_index.md`}},
		{"bad id", fstest.MapFS{
			"content/a.md": {Data: []byte("---\ntitle: A\nid: Með bili\n---\n")},
		}, []string{`content/a.md:3:5: id "Með bili": use lower-case letters`}},
		{"unclosed front matter", fstest.MapFS{
			"content/a.md": {Data: []byte("---\ntitle: A\n")},
		}, []string{"content/a.md:1:1: front matter starts with --- on line 1 but has no closing --- line"}},
		{"checklist item problems", fstest.MapFS{
			"content/c.md": {Data: []byte("---\ntitle: C\nkind: checklist\nitems:\n  - {id: a, task: T, owner: boss}\n  - {id: a, task: T}\n  - {id: b}\n  - {id: d, task: T, policy: c}\n---\n")},
		}, []string{
			`content/c.md:5:29: owner "boss": use employee or supervisor`,
			`content/c.md:6:10: item id "a" is used twice in this checklist: item 1 has it too, at content/c.md:5:10; give this item an id of its own`,
			`content/c.md:7:5: checklist item 3 has no task`,
			`content/c.md:8:30: checklist item "d" names "c", which is a checklist, not a policy`,
		}},
		{"bad config", fstest.MapFS{
			"handbok.yaml": {Data: []byte("title: X\nlanguge: en\nfront_matter: {unknown_keys: maybe}\n")},
			"content/a.md": {Data: []byte("# A\n")},
		}, []string{
			`handbok.yaml:2:1: unknown field "languge" (did you mean "language"?)`,
			`handbok.yaml:3:30: front_matter.unknown_keys: "maybe" is not a choice; use error or warn`,
		}},
		{"one mistake, one error", fstest.MapFS{
			// The policy's kind is misspelt and another's front matter is broken; the
			// checklist that names them and the policy fields add nothing.
			"content/p.md": {Data: []byte("---\ntitle: P\nkind: polcy\nowner: {name: A}\nversion: 2\n---\n")},
			"content/q.md": {Data: []byte("---\ntitle: [Q\nkind: policy\n---\n")},
			"content/c.md": {Data: []byte("---\ntitle: C\nkind: checklist\nitems:\n  - {id: a, task: T, policy: p}\n  - {id: b, task: T, policy: q}\n---\n")},
		}, []string{`content/p.md:3:7: unknown kind "polcy" (did you mean "policy"?)`, "content/q.md:2:1: YAML syntax error"}},
		{"policy named by its file", fstest.MapFS{
			"content/jafnretti.md": {Data: []byte("---\ntitle: J\nkind: policy\nid: jafnretti\n---\n")},
			"content/c.md":         {Data: []byte("---\ntitle: C\nkind: checklist\nitems:\n  - {id: a, task: T, policy: jafnretti.md}\n---\n")},
		}, []string{`names policy "jafnretti.md", which does not exist (did you mean "jafnretti"?)`}},
		{"reserved output path", fstest.MapFS{
			"content/handbok.json":    {Data: []byte("{}")},
			"content/assets/mynd.png": {Data: []byte("png")},
		}, []string{
			"content/assets/mynd.png: would be written to assets/mynd.png, which handbok writes itself",
			"content/handbok.json: would be written to handbok.json, which handbok writes itself",
		}},
		{"reserved offline and statement paths", fstest.MapFS{
			"content/offline.json":         {Data: []byte("{}")},
			"content/offline.md":           {Data: []byte("# Offline\n")},
			"content/Accessibility.md":     {Data: []byte("# A\n")},
			"content/manifest.webmanifest": {Data: []byte("{}")},
		}, []string{
			"content/offline.json: would be written to offline.json, which handbok writes itself",
			"content/offline.md: would be written to offline.html, which handbok writes itself",
			"content/Accessibility.md: would be written to accessibility.html, which handbok writes itself",
			"content/manifest.webmanifest: would be written to manifest.webmanifest, which handbok writes itself",
		}},
		{"bad accessibility block", fstest.MapFS{
			"handbok.yaml": {Data: []byte("title: X\naccessibility:\n  status: mostly\n  contact: {email: nobody, phone: enginn}\n")},
			"content/a.md": {Data: []byte("# A\n")},
		}, []string{
			`handbok.yaml:3:11: accessibility.status: "mostly" is not a choice; use full, partial, none`,
			`handbok.yaml:4:20: "nobody" is not an email address`,
			`handbok.yaml:4:35: phone "enginn" has no digits`,
		}},
		{"misspelt accessibility block", fstest.MapFS{
			"handbok.yaml": {Data: []byte("title: X\naccessibility:\n  date: 2026-13-01\n  contcat: {}\n")},
			"content/a.md": {Data: []byte("# A\n")},
		}, []string{
			`handbok.yaml:3:9: date: "2026-13-01" is not a date`,
			`handbok.yaml:4:3: unknown field "contcat" (did you mean "contact"?)`,
		}},
		{"derived ids of different pages", fstest.MapFS{
			"content/stefnur.md":        {Data: []byte("---\ntitle: A\nkind: policy\n---\n")},
			"content/stefnur/_index.md": {Data: []byte("---\ntitle: B\nkind: policy\n---\n")},
		}, []string{`id "stefnur" is already the id of content/stefnur.md`}},
		{"contact details", fstest.MapFS{
			"content/a.md": {Data: []byte("---\ntitle: A\nkind: policy\nowner: {name: A, email: \"a@b.is?cc=x@y.is\", phone: enginn}\n---\n")},
		}, []string{`content/a.md:4:25: "a@b.is?cc=x@y.is" is not an email address`, `content/a.md:4:52: phone "enginn" has no digits`}},
		{"merge keys", fstest.MapFS{
			"content/a.md": {Data: []byte("---\ntitle: A\n<<: {kind: page}\n---\n")},
		}, []string{"content/a.md:3:1: merge keys (<<) are not read here"}},
		{"no content folder", fstest.MapFS{"README.md": {Data: []byte("# x\n")}}, []string{"content: no content/ folder here"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, diags := load(t, tt.files)
			got := messages(diags)
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("missing %q in:\n%s", w, got)
				}
			}
			if diags.Count(Error) != len(tt.want) {
				t.Errorf("want %d errors, got:\n%s", len(tt.want), got)
			}
		})
	}
}

// TestDiagnosticsSorted: problems in many files come back sorted by path, line and column.
// TestFolderPaths: a folder's pages and its index land in one output folder, dots and
// all, and a folder of files only gets no page of its own.
func TestFolderPaths(t *testing.T) {
	s, diags := load(t, fstest.MapFS{
		"content/Útgáfa 1.2/_index.md": {Data: []byte("# Útgáfa\n")},
		"content/Útgáfa 1.2/a.md":      {Data: []byte("# A\n")},
		"content/myndir/kort.png":      {Data: []byte("png")},
	})
	if len(diags) > 0 {
		t.Fatal(messages(diags))
	}
	if a, idx := s.PageByPath("content/Útgáfa 1.2/a.md"), s.PageByPath("content/Útgáfa 1.2/_index.md"); a.URL != "utgafa-1-2/a.html" || idx.URL != "utgafa-1-2/index.html" {
		t.Errorf("urls %s and %s", a.URL, idx.URL)
	}
	if s.SectionByDir("myndir") != nil {
		t.Error("a folder with no pages should have no section")
	}
	if s.FileByPath("content/myndir/kort.png").URL != "myndir/kort.png" {
		t.Error("files are still copied")
	}
}

func TestDiagnosticsSorted(t *testing.T) {
	_, diags := load(t, fstest.MapFS{
		"content/b.md": {Data: []byte("---\ntitel: B\nkynd: page\n---\n")},
		"content/a.md": {Data: []byte("---\nkynd: page\n---\n")},
	})
	got := messages(diags)
	want := `content/a.md:2:1: unknown field "kynd" (did you mean "kind"?)
content/b.md:2:1: unknown field "titel" (did you mean "title"?)
content/b.md:3:1: unknown field "kynd" (did you mean "kind"?)
`
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

// TestIndexTitles: an index page without a title or heading is named by its folder, and
// the front page by the handbook.
func TestIndexTitles(t *testing.T) {
	s, diags := load(t, fstest.MapFS{
		"handbok.yaml":              {Data: []byte("title: Handbókin\n")},
		"content/_index.md":         {Data: []byte("Bara texti.\n")},
		"content/stefnur/_index.md": {Data: []byte("Bara texti.\n")},
	})
	if len(diags) > 0 {
		t.Fatal(messages(diags))
	}
	if got := s.PageByPath("content/_index.md").Title; got != "Handbókin" {
		t.Errorf("front page: %q", got)
	}
	if got := s.PageByPath("content/stefnur/_index.md").Title; got != "Stefnur" {
		t.Errorf("folder index: %q", got)
	}
}

// TestAuditReviewDay: a policy is overdue the day after its review date, not on it.
func TestAuditReviewDay(t *testing.T) {
	s, _ := load(t, fstest.MapFS{"content/a.md": {Data: []byte("---\ntitle: A\nkind: policy\nowner: {name: A}\nreview: 2026-05-19\n---\n")}})
	on := time.Date(2026, 5, 19, 23, 0, 0, 0, time.Local)
	after := time.Date(2026, 5, 20, 0, 30, 0, 0, time.Local)
	if ds := Audit(s, on); len(ds) != 0 {
		t.Errorf("on the review day: %v", ds)
	}
	if ds := Audit(s, after); len(ds) != 1 || !strings.Contains(ds[0].Message, "due for review on 2026-05-19") {
		t.Errorf("the day after: %v", ds)
	}
}

// TestLoadCached: a second load with the cache gives the same site, reads only the file
// that changed, and forgets removed files.
func TestLoadCached(t *testing.T) {
	fsys := fstest.MapFS{
		"content/a.md":           {Data: []byte("---\ntitle: A\nkind: policy\nid: stefna-a\n---\nA.\n"), ModTime: time.Unix(1, 0)},
		"content/laug/_index.md": {Data: []byte("---\ntitle: Laug\nkind: workplace\n---\n"), ModTime: time.Unix(1, 0)},
		"content/laug/b.md":      {Data: []byte("# B\n\nB.\n"), ModTime: time.Unix(1, 0)},
		"content/bad.md":         {Data: []byte("---\ntitel: X\n---\n"), ModTime: time.Unix(1, 0)},
	}
	cache := NewCache()
	first, d1 := LoadCached(fsys, "x", cache)
	second, d2 := LoadCached(fsys, "x", cache)
	if d1.String() != d2.String() || len(d2) != 1 {
		t.Errorf("diagnostics differ or are lost:\n%s\n%s", d1, d2)
	}
	for _, p := range first.Pages {
		q := second.PageByPath(p.Path)
		if p.Path == "" {
			continue
		}
		if q == nil || q.URL != p.URL || q.ID != p.ID || q.Title != p.Title || (q.Workplace == nil) != (p.Workplace == nil) {
			t.Errorf("%s: first %+v, second %+v", p.Path, p, q)
		}
	}
	if second.PageByID("laug/b") == nil || second.PageByID("stefna-a") == nil {
		t.Error("ids are lost on the second load")
	}

	fsys["content/laug/b.md"] = &fstest.MapFile{Data: []byte("# Breytt\n"), ModTime: time.Unix(2, 0)}
	delete(fsys, "content/a.md")
	third, _ := LoadCached(fsys, "x", cache)
	if third.PageByPath("content/laug/b.md").Title != "Breytt" || third.PageByPath("content/a.md") != nil {
		t.Error("the change or the removal is not seen")
	}
	if _, ok := cache.files["content/a.md"]; ok {
		t.Error("a removed file stays in the cache")
	}
}

// TestLoadCachedTouched: told which files changed, a load looks at those alone; a file
// that came or went makes it walk content/ again.
func TestLoadCachedTouched(t *testing.T) {
	fsys := fstest.MapFS{
		"content/a.md": {Data: []byte("# A\n"), ModTime: time.Unix(1, 0)},
		"content/b.md": {Data: []byte("# B\n"), ModTime: time.Unix(1, 0)},
	}
	cache := NewCache()
	LoadCached(fsys, "x", cache)
	fsys["content/a.md"] = &fstest.MapFile{Data: []byte("# A2\n"), ModTime: time.Unix(2, 0)}
	cache.Touched([]string{"content/a.md"})
	if s, _ := LoadCached(fsys, "x", cache); s.PageByPath("content/a.md").Title != "A2" {
		t.Error("the touched file is not read again")
	}
	fsys["content/c.md"] = &fstest.MapFile{Data: []byte("# C\n"), ModTime: time.Unix(2, 0)}
	cache.Touched([]string{"content/c.md"})
	if s, _ := LoadCached(fsys, "x", cache); s.PageByPath("content/c.md") == nil {
		t.Error("a new file is not found")
	}
	delete(fsys, "content/b.md")
	cache.Touched([]string{"content/b.md"})
	if s, _ := LoadCached(fsys, "x", cache); s.PageByPath("content/b.md") != nil {
		t.Error("a removed file stays")
	}
}

// TestLoadLean: a site loaded without bodies reads each page's Markdown again, the same
// bytes as a full load keeps, and refuses a file that changed since it was loaded.
func TestLoadLean(t *testing.T) {
	fsys := fstest.MapFS{
		"content/a.md":        {Data: []byte("---\ntitle: A\n---\n# A\r\n\r\nTexti.\r\n")},
		"content/b.md":        {Data: []byte("\xef\xbb\xbf# Bé\n\nEngin haus.\n")},
		"content/c/_index.md": {Data: []byte("---\ntitle: C\n---\n")},
	}
	full, diags := Load(fsys, "x")
	if diags.Count(Error) > 0 {
		t.Fatal(diags)
	}
	lean, _ := LoadLean(fsys, "x")
	for _, pg := range lean.Pages {
		if pg.Path == "" {
			continue
		}
		if pg.Body != nil {
			t.Errorf("%s kept its body", pg.Path)
		}
		got, err := pg.ReadBody(fsys)
		if want := full.PageByPath(pg.Path).Body; err != nil || string(got) != string(want) {
			t.Errorf("%s: ReadBody = %q, %v; a full load has %q", pg.Path, got, err, want)
		}
	}
	fsys["content/a.md"] = &fstest.MapFile{Data: []byte("---\ntitle: A\n---\nBreytt.\n")}
	if _, err := lean.PageByPath("content/a.md").ReadBody(fsys); err == nil || !strings.Contains(err.Error(), "content/a.md changed") {
		t.Errorf("a changed file read back as %v", err)
	}
}

// TestLoadCachedPatch: a change of a page's text alone is patched into the last site (the
// same site comes back, with the new text and revision, as a fresh load would have it);
// a change of front matter, of a title taken from the first heading, or of handbok.yaml,
// and a last load with errors, load and link as usual.
func TestLoadCachedPatch(t *testing.T) {
	policy := "---\ntitle: Stefna\nkind: policy\nid: stefna\n---\n"
	fsys := fstest.MapFS{
		"handbok.yaml":           {Data: []byte("title: H\n"), ModTime: time.Unix(1, 0)},
		"content/stefna.md":      {Data: []byte(policy + "Texti.\n"), ModTime: time.Unix(1, 0)},
		"content/laug/_index.md": {Data: []byte("---\ntitle: Laug\nkind: workplace\n---\n"), ModTime: time.Unix(1, 0)},
		"content/laug/b.md":      {Data: []byte("# B\n\nB.\n"), ModTime: time.Unix(1, 0)},
	}
	cache := NewCache()
	edit := func(p, text string) {
		fsys[p] = &fstest.MapFile{Data: []byte(text), ModTime: fsys[p].ModTime.Add(time.Second)}
		cache.Touched([]string{p})
	}
	first, _ := LoadCached(fsys, "x", cache)
	oldRevision := first.PageByID("stefna").Policy.Revision

	edit("content/stefna.md", policy+"Nýr texti.\n")
	edit("content/laug/b.md", "# B\n\nNýtt.\n")
	second, diags := LoadCached(fsys, "x", cache)
	fresh, _ := Load(fsys, "x")
	if second != first || len(diags) != 0 {
		t.Fatalf("a change of text was not patched in (same site: %v; %v)", second == first, diags)
	}
	for _, p := range []string{"content/stefna.md", "content/laug/b.md"} {
		got, want := second.PageByPath(p), fresh.PageByPath(p)
		if string(got.Body) != string(want.Body) || got.FileHash() != want.FileHash() || got.URL != want.URL {
			t.Errorf("%s patched: %q %s; a fresh load: %q %s", p, got.Body, got.FileHash(), want.Body, want.FileHash())
		}
	}
	if r := second.PageByID("stefna").Policy.Revision; r == oldRevision || r != fresh.PageByID("stefna").Policy.Revision {
		t.Errorf("revision %s after the edit (was %s, a fresh load says %s)", r, oldRevision, fresh.PageByID("stefna").Policy.Revision)
	}

	for _, c := range []struct{ what, path, text string }{
		{"front matter", "content/stefna.md", "---\ntitle: Ný stefna\nkind: policy\nid: stefna\n---\nNýr texti.\n"},
		{"a title from the first heading", "content/laug/b.md", "# Bé\n\nNýtt.\n"},
		{"handbok.yaml", "handbok.yaml", "title: Nýtt\n"},
	} {
		before, _ := LoadCached(fsys, "x", cache)
		edit(c.path, c.text)
		after, _ := LoadCached(fsys, "x", cache)
		if after == before {
			t.Errorf("a change of %s was patched in", c.what)
		}
		if a, f := after.PageByPath("content/laug/b.md").Title, "Bé"; c.path == "content/laug/b.md" && a != f {
			t.Errorf("title %q after %s changed", a, c.what)
		}
	}

	edit("content/laug/b.md", "---\ntitel: B\n---\n")
	if _, diags := LoadCached(fsys, "x", cache); diags.Count(Error) == 0 {
		t.Fatal("no error for an unknown key")
	}
	edit("content/stefna.md", policy+"Aftur.\n")
	broken, _ := LoadCached(fsys, "x", cache)
	edit("content/stefna.md", policy+"Enn.\n")
	if again, _ := LoadCached(fsys, "x", cache); again == broken {
		t.Error("a site with errors was patched")
	}
}
