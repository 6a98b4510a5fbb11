package site

import (
	"testing"
	"testing/fstest"
)

// TestDuplicateIDNamesBothPlaces: when nothing tells which of two pages had an id first,
// both are reported, each naming the other's place, and told to change it in the copy;
// a page whose id comes from its path keeps it, the one that set it is reported.
func TestDuplicateIDNamesBothPlaces(t *testing.T) {
	_, got := errorsOf(t, map[string]string{
		"content/a.md": "---\ntitle: A\nid: sama\n---\n",
		"content/b.md": "---\ntitle: B\n\nid: sama\n---\n",
	})
	want := `content/a.md:3:5: id "sama" is also the id of content/b.md:4:5; ids must be unique: change it in the copy, and keep it in the page that had it first, since checklists and acknowledgments name it
content/b.md:4:5: id "sama" is also the id of content/a.md:3:5; ids must be unique: change it in the copy, and keep it in the page that had it first, since checklists and acknowledgments name it
`
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	_, got = errorsOf(t, map[string]string{
		"content/a.md":       "---\ntitle: A\nid: zzz\n---\n",
		"content/stefnur.md": "# A\n",
		"content/x.md":       "---\ntitle: X\nid: stefnur\n---\n",
		"content/zzz.md":     "# Z\n",
	})
	want = `content/a.md:3:5: id "zzz" is already the id of content/zzz.md (its id comes from its path); ids must be unique: give this page an id of its own
content/x.md:3:5: id "stefnur" is already the id of content/stefnur.md (its id comes from its path); ids must be unique: give this page an id of its own
`
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

// TestDuplicateIDBlamesTheCopy: a policy copied while the handbook is being served, its
// id left as it was, is reported on the copy alone, wherever it sorts, since the last
// load knew which page had the id.
func TestDuplicateIDBlamesTheCopy(t *testing.T) {
	workplace := "---\ntitle: W\nkind: workplace\n---\n"
	policy := "---\ntitle: Öryggisreglur\nkind: policy\nid: oryggisreglur\n---\n"
	for _, tt := range []struct{ original, copy string }{
		{"content/sundlaug/oryggi.md", "content/bokasafn/oryggi.md"},
		{"content/bokasafn/oryggi.md", "content/sundlaug/oryggi.md"},
	} {
		fsys := fstest.MapFS{
			"content/sundlaug/_index.md": {Data: []byte(workplace)},
			"content/bokasafn/_index.md": {Data: []byte(workplace)},
			tt.original:                  {Data: []byte(policy)},
		}
		cache := NewCache()
		if _, diags := LoadCached(fsys, "test", cache); len(diags) > 0 {
			t.Fatalf("first load: %s", messages(diags))
		}
		fsys[tt.copy] = &fstest.MapFile{Data: []byte(policy)}
		_, diags := LoadCached(fsys, "test", cache)
		want := tt.copy + `:4:5: id "oryggisreglur" is already the id of ` + tt.original +
			`:4:5, which had it before this page did; ids must be unique: give this page an id of its own` + "\n"
		if got := messages(diags); got != want {
			t.Errorf("got:\n%s\nwant:\n%s", got, want)
		}
		// Still so when something else changes before the copy is fixed.
		fsys["content/sundlaug/_index.md"] = &fstest.MapFile{Data: []byte(workplace + "Texti.\n")}
		if _, diags := LoadCached(fsys, "test", cache); messages(diags) != want {
			t.Errorf("on the next load, got:\n%s\nwant:\n%s", messages(diags), want)
		}
	}
}

// TestPolicySuggestionWithFolder: a checklist that leaves out the folder a policy's id
// starts with is told the whole id, the one of its own workplace first.
func TestPolicySuggestionWithFolder(t *testing.T) {
	workplace := "---\ntitle: W\nkind: workplace\n---\n"
	_, got := errorsOf(t, map[string]string{
		"content/sundlaug/_index.md": workplace,
		"content/skoli/_index.md":    workplace,
		"content/skoli/reglur.md":    "---\ntitle: R\nkind: policy\nid: skoli/oryggisreglur\n---\n",
		"content/sundlaug/reglur.md": "---\ntitle: R\nkind: policy\nid: sundlaug/oryggisreglur\n---\n",
		"content/sundlaug/motttaka.md": "---\ntitle: M\nkind: checklist\nitems:\n" +
			"  - {id: a, task: T, policy: oryggisreglur}\n  - {id: b, task: T, policy: oryggisreglurnar}\n---\n",
	})
	want := `content/sundlaug/motttaka.md:5:30: checklist item "a" names policy "oryggisreglur", which does not exist (did you mean "sundlaug/oryggisreglur"?)
content/sundlaug/motttaka.md:6:30: checklist item "b" names policy "oryggisreglurnar", which does not exist (did you mean "sundlaug/oryggisreglur"?)
`
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

// TestBrokenFrontMatterOneError: a page whose front matter is not valid YAML is reported
// once. What can be known of it is kept — its id, that a workplace is a workplace — so
// the pages that name it report nothing more, and what is wrong elsewhere still is.
func TestBrokenFrontMatterOneError(t *testing.T) {
	s, got := errorsOf(t, map[string]string{
		"content/sundlaug/_index.md": "---\ntitle: Sundlaug\nkind: workplace\ncontact:\n  name: A\n   email: a@example.is\n---\n",
		// Its id is written, on a line after the mistake.
		"content/sundlaug/oryggi.md": "---\ntitle: Öryggi\nversion:1\nkind: policy\nid: oryggisreglur\n---\n",
		// Its id line is the mistake: the id it was meant to have is unknown.
		"content/sundlaug/thjonusta.md": "---\ntitle: Þjónusta\nkind: policy\n id: thjonusta\n---\n",
		// Not UTF-8: read all the same, with a warning.
		"content/sundlaug/skapur.md": "---\ntitle: Sk\xe1pur\nkind: policy\n---\n",
		"content/sundlaug/stefna.md": "---\ntitle: Stefna\nkind: policy\n---\n",
		"content/sundlaug/mottaka.md": "---\ntitle: Móttaka\nkind: checklist\nitems:\n" +
			"  - {id: a, task: T, policy: oryggisreglur}\n" +
			"  - {id: b, task: T, policy: thjonusta}\n" +
			"  - {id: c, task: T, policy: sundlaug/skapur}\n" +
			"  - {id: d, task: T, policy: stefnan}\n---\n",
	})
	want := `content/sundlaug/_index.md:6:4: "email" is indented more than "name" on the line above: line them up (YAML reads a line indented further as more of the value above it)
content/sundlaug/mottaka.md:8:30: checklist item "d" names policy "stefnan", which does not exist (did you mean "sundlaug/stefna"?)
content/sundlaug/oryggi.md:3:8: add a space after the colon: version: 1
content/sundlaug/skapur.md:2:10: warning: the file is not UTF-8 text (it may be saved as Windows-1252 or Latin-1): the page shows � for each letter that is not, until the file is saved as UTF-8
content/sundlaug/thjonusta.md:4:2: "id" is indented more than "kind" on the line above: line them up (YAML reads a line indented further as more of the value above it)
`
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	if len(s.Workplaces) != 1 || s.Workplaces[0].Slug != "sundlaug" || s.Workplaces[0].Title != "Sundlaug" {
		t.Fatalf("the workplace whose front matter is broken is still one: %+v", s.Workplaces)
	}
	if p := s.PageByPath("content/sundlaug/stefna.md"); p.Workplace != s.Workplaces[0] {
		t.Errorf("its policies still belong to it: %+v", p.Workplace)
	}
	if p := s.PageByID("oryggisreglur"); p == nil || p.Path != "content/sundlaug/oryggi.md" || p.Title != "Öryggi" {
		t.Errorf("the id written after the mistake is known: %+v", p)
	}
	if p := s.PageByPath("content/sundlaug/skapur.md"); p.Unread() || p.Kind != KindPolicy || p.Title != "Sk\uFFFDpur" {
		t.Errorf("a file that is not UTF-8 is read, with � for what is not: %+v", p)
	}
}

// TestRenamedPolicyIDSuggested: a checklist item that names the id a policy had before it
// was changed, while the handbook is served, is told the id it has now, however unlike
// the old one; without that history, an id that holds the old one whole is suggested.
func TestRenamedPolicyIDSuggested(t *testing.T) {
	fsys := fstest.MapFS{
		"content/sundlaug/_index.md":     {Data: []byte("---\ntitle: Sundlaug\nkind: workplace\n---\n")},
		"content/sundlaug/starfsfolk.md": {Data: []byte("---\ntitle: S\nkind: policy\nid: starfsmannastefna\n---\n")},
		"content/sundlaug/reglur.md":     {Data: []byte("---\ntitle: R\nkind: policy\nid: oryggisreglur\n---\n")},
		"content/sundlaug/mottaka.md": {Data: []byte("---\ntitle: M\nkind: checklist\nitems:\n" +
			"  - {id: a, task: T, policy: starfsmannastefna}\n  - {id: b, task: T, policy: oryggisreglur}\n---\n")},
	}
	cache := NewCache()
	if _, diags := LoadCached(fsys, "test", cache); len(diags) > 0 {
		t.Fatalf("first load: %s", messages(diags))
	}
	fsys["content/sundlaug/starfsfolk.md"].Data = []byte("---\ntitle: S\nkind: policy\nid: mannaudsstefna\n---\n")
	fsys["content/sundlaug/reglur.md"].Data = []byte("---\ntitle: R\nkind: policy\nid: oryggisreglur-sundlaugar\n---\n")
	want := `content/sundlaug/mottaka.md:5:30: checklist item "a" names policy "starfsmannastefna", which does not exist (did you mean "mannaudsstefna", the new id of content/sundlaug/starfsfolk.md?)
content/sundlaug/mottaka.md:6:30: checklist item "b" names policy "oryggisreglur", which does not exist (did you mean "oryggisreglur-sundlaugar", the new id of content/sundlaug/reglur.md?)
`
	if _, diags := LoadCached(fsys, "test", cache); messages(diags) != want {
		t.Errorf("got:\n%s\nwant:\n%s", messages(diags), want)
	}
	fsys["content/sundlaug/_index.md"].Data = []byte("---\ntitle: Sundlaug\nkind: workplace\n---\nTexti.\n")
	if _, diags := LoadCached(fsys, "test", cache); messages(diags) != want {
		t.Errorf("after another change, got:\n%s\nwant:\n%s", messages(diags), want)
	}
	want = `content/sundlaug/mottaka.md:5:30: checklist item "a" names policy "starfsmannastefna", which does not exist
content/sundlaug/mottaka.md:6:30: checklist item "b" names policy "oryggisreglur", which does not exist (did you mean "oryggisreglur-sundlaugar"?)
`
	if _, diags := Load(fsys, "test"); messages(diags) != want {
		t.Errorf("without history, got:\n%s\nwant:\n%s", messages(diags), want)
	}
}
