package site

import (
	"testing"
	"testing/fstest"
	"time"
)

// TestAuditSuggestions: pages with suggestions older than stale_days are named at their
// kind: line (or the top of a file without one), with how many and the oldest's age;
// younger ones, and those of pages the site no longer has, are not.
func TestAuditSuggestions(t *testing.T) {
	s, diags := load(t, fstest.MapFS{
		"handbok.yaml":          {Data: []byte("suggestions: {stale_days: 10}\n")},
		"content/p.md":          {Data: []byte("---\ntitle: Stefna\nkind: policy\nid: stefna\nowner: {name: A}\nreview: 2030-01-01\n---\n")},
		"content/laug/opnun.md": {Data: []byte("# Opnunartími\n\nAlla daga.\n")},
		"content/laug/ny.md":    {Data: []byte("# Ný\n")},
	})
	if len(diags) > 0 {
		t.Fatal(messages(diags))
	}
	now := time.Date(2026, 12, 4, 12, 0, 0, 0, time.UTC)
	ago := func(days int, hours time.Duration) time.Time { return now.AddDate(0, 0, -days).Add(-hours * time.Hour) }
	got := AuditSuggestions(s, []OpenSuggestion{
		{"stefna", ago(11, 0)}, {"stefna", ago(21, 3)}, {"stefna", ago(10, 23)}, // two over ten days; one ten days and 23 hours
		{"laug/opnun.html", ago(12, 0)},
		{"laug/ny.html", ago(2, 0)},
		{"horfin.html", ago(40, 0)},
	}, now)
	want := []string{
		`content/laug/opnun.md:1:1: warning: page "Opnunartími": 1 suggestion has waited 12 days for an answer, more than 10: ` +
			`answer it on the intranet's suggestions page (/_handbok/suggestions)`,
		`content/p.md:3:7: warning: policy "Stefna": 2 suggestions have waited more than 10 days for an answer, the oldest 21 days: ` +
			`answer them on the intranet's suggestions page (/_handbok/suggestions)`,
	}
	if len(got) != len(want) {
		t.Fatalf("got:\n%s", messages(got))
	}
	for i, d := range got {
		if d.String() != want[i] {
			t.Errorf("\n got %s\nwant %s", d, want[i])
		}
	}
}
