package build

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/handbok/handbok/internal/site"
	"github.com/handbok/handbok/search"
	"github.com/handbok/handbok/search/bleveindex"
)

// OpenIndexOf reads the content only when its files changed since the index was
// brought up to date with them: a file that keeps its size and is given its old time
// back goes unseen (which is what the stamp trusts), a new time is seen, and a file
// changed just now, or content with errors, leaves no stamp to trust.
func TestOpenIndexOfStamp(t *testing.T) {
	p := project(t)
	old := time.Now().Add(-time.Hour)
	age(t, p.Dir, old)
	find := func(word string) (found int, loaded bool) {
		t.Helper()
		return searchOf(t, p, word)
	}
	if found, loaded := find("sundkort"); found != 1 || !loaded {
		t.Fatalf("the first search: %d pages, loaded %v", found, loaded)
	}
	if found, loaded := find("sundkort"); found != 1 || loaded {
		t.Errorf("nothing changed: %d pages, loaded %v", found, loaded)
	}

	// The same size and time: unseen, as the stamp trusts.
	stefna := filepath.Join(p.Dir, "content", "stefna.md")
	write(t, p.Dir, "content/stefna.md", "---\ntitle: Stefna\nkind: policy\n---\nFyrsta útgáfa um sundgler.\n")
	os.Chtimes(stefna, old, old)
	if found, loaded := find("sundgler"); found != 0 || loaded {
		t.Errorf("a change with the size and time kept: %d pages, loaded %v", found, loaded)
	}
	// Another time: seen.
	os.Chtimes(stefna, old.Add(time.Minute), old.Add(time.Minute))
	if found, loaded := find("sundgler"); found != 1 || !loaded {
		t.Errorf("a change with a new time: %d pages, loaded %v", found, loaded)
	}
	// A new file, just written: read every time until it is older than racyWindow.
	write(t, p.Dir, "content/ny.md", "# Ný\n\nUm sundhettur.\n")
	for range 2 {
		if found, loaded := find("sundhettur"); found != 1 || !loaded {
			t.Errorf("a file written just now: %d pages, loaded %v", found, loaded)
		}
	}
	// Content with an error leaves no stamp.
	age(t, p.Dir, old)
	write(t, p.Dir, "content/villa.md", "---\ntitle: Villa\nkind: polcy\n---\nUm sundpoka.\n")
	age(t, p.Dir, old)
	for range 2 {
		if _, loaded := find("sundpoka"); !loaded {
			t.Errorf("content with an error was not read again")
		}
	}
	if c := NewContent(p, nil); c.stamp == "" {
		t.Errorf("no stamp for old files")
	} else if s, diags := c.Site(); s == nil || diags.Count(site.Error) == 0 {
		t.Errorf("the content should have an error: %v", diags)
	}
}

// age gives every file and folder of the project the time t.
func age(t *testing.T, dir string, when time.Time) {
	t.Helper()
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		return os.Chtimes(p, when, when)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// A new version of the lexicon file makes OpenIndexOf read the content again and
// bring the index's forms up to date, as a change to the content does.
func TestOpenIndexOfLexicon(t *testing.T) {
	p := project(t)
	write(t, p.Dir, "content/thjonusta.md", "---\ntitle: Þjónusta\n---\nBetri þjónusta.\n")
	write(t, p.Dir, "bin/SHsnid.csv", "betri;1;lo;alm;betri;FSB\n")
	write(t, p.Dir, "handbok.yaml", "title: Prófun\nsearch: {lexicon: bin/SHsnid.csv}\n")
	old := time.Now().Add(-time.Hour)
	age(t, p.Dir, old)
	find := func(word string) (found int, loaded bool) {
		t.Helper()
		return searchOf(t, p, word)
	}
	if found, loaded := find("góð"); found != 0 || !loaded {
		t.Fatalf("a lexicon without góður: %d pages, loaded %v", found, loaded)
	}
	if _, loaded := find("góð"); loaded {
		t.Fatalf("nothing changed, and the content was read")
	}
	write(t, p.Dir, "bin/SHsnid.csv", "góður;1;lo;alm;góður;FSB\ngóður;1;lo;alm;betri;MST\n")
	if found, loaded := find("góð"); found != 1 || !loaded {
		t.Errorf("a new lexicon with góður: %d pages, loaded %v", found, loaded)
	}
}

// searchOf searches p's bleve index, opened as handbok search opens it, for word, and
// says how many pages it found and whether the content was read.
func searchOf(t *testing.T, p *Project, word string) (found int, loaded bool) {
	t.Helper()
	c := NewContent(p, nil)
	idx, err := OpenIndexOf(context.Background(), c, bleveindex.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	res, err := idx.Search(context.Background(), search.Query{Text: word})
	if err != nil {
		t.Fatal(err)
	}
	return len(res), c.site != nil
}
