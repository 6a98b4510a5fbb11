package main

import (
	"database/sql"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/handbok/handbok/internal/audit"
	"github.com/handbok/handbok/internal/people"
	"github.com/handbok/handbok/internal/store"
)

// TestCheckSuggestions: handbok check names a policy whose suggestion has waited longer
// than stale_days, when the handbook has records; without them it makes none.
func TestCheckSuggestions(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "handbok.yaml", "title: Prófun\nsuggestions: {stale_days: 7}\n")
	write(t, dir, "content/stefna.md", "---\ntitle: Stefna\nkind: policy\nid: stefna\nowner: {name: A}\nreview: 2030-01-01\n---\nTexti.\n")
	var stdout, stderr strings.Builder
	if code := run(t.Context(), []string{"check", "--source", dir}, &stdout, &stderr); code != 0 || strings.Contains(stderr.String(), "suggestion") {
		t.Fatalf("without records: exit %d\n%s", code, stderr.String())
	}
	if _, err := os.Stat(filepath.Join(dir, ".handbok")); err == nil {
		t.Error("check made a records folder")
	}
	stderr.Reset()
	if run(t.Context(), []string{"check", "--source", dir, "--verbose"}, io.Discard, &stderr); !strings.Contains(stderr.String(), "suggestions not checked") {
		t.Errorf("--verbose without records does not say the suggestions were not checked:\n%s", stderr.String())
	}

	st, err := openStore(t.Context(), "", dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.AddPeople(t.Context(), "test", []people.Person{{Email: "anna@example.is", Name: "Anna", Role: people.Employee}}); err != nil {
		t.Fatal(err)
	}
	for _, page := range []string{"stefna", "stefna"} {
		if _, err := st.AddSuggestion(t.Context(), store.Suggestion{Page: page, Title: "Stefna", Author: "anna@example.is", Kind: store.SuggestUnclear, Text: "?"}); err != nil {
			t.Fatal(err)
		}
	}
	st.Close()
	// The store stamps its own time; one of the two is made nine days old.
	db, err := sql.Open("sqlite", filepath.Join(dir, ".handbok", "handbok.db"))
	if err != nil {
		t.Fatal(err)
	}
	old := time.Now().UTC().AddDate(0, 0, -9).Format(audit.TimeLayout)
	if _, err := db.Exec(`UPDATE suggestions SET created = ? WHERE id = 1`, old); err != nil {
		t.Fatal(err)
	}
	db.Close()

	stderr.Reset()
	if code := run(t.Context(), []string{"check", "--source", dir}, io.Discard, &stderr); code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr.String())
	}
	if want := `content/stefna.md:3:7: warning: policy "Stefna": 1 suggestion has waited 9 days for an answer, more than 7`; !strings.Contains(stderr.String(), want) {
		t.Errorf("check says:\n%s\nwant %s", stderr.String(), want)
	}
	stderr.Reset()
	if code := run(t.Context(), []string{"check", "--source", dir, "--db", "sqlite:" + filepath.Join(dir, "nowhere.db")}, io.Discard, &stderr); code == 0 ||
		!strings.Contains(stderr.String(), "no records at") {
		t.Errorf("--db naming no file: exit %d\n%s", code, stderr.String())
	}
}
