package site

import (
	"strings"
	"testing"
	"testing/fstest"
)

// TestSuggestionSettings: handbok.yaml's suggestions.stale_days, its default, and a
// number out of range as an error at its place saying what to write.
func TestSuggestionSettings(t *testing.T) {
	tests := []struct {
		name, config string
		want         int
		problem      string
	}{
		{"no handbok.yaml", "", 14, ""},
		{"without it", "title: H\n", 14, ""},
		{"set", "suggestions: {stale_days: 7}\n", 7, ""},
		{"zero", "suggestions:\n  stale_days: 0\n", 0, "handbok.yaml:2:15: suggestions.stale_days is how many days a suggestion may wait for an answer " +
			"before its page is listed as waiting too long, from 1 to 365; write a whole number such as stale_days: 14 (the default)"},
		{"a year and more", "suggestions:\n  stale_days: 400\n", 0, "handbok.yaml:2:15: suggestions.stale_days is how many days"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{"content/a.md": {Data: []byte("# A\n")}}
			if tt.config != "" {
				fsys["handbok.yaml"] = &fstest.MapFile{Data: []byte(tt.config)}
			}
			s, diags := load(t, fsys)
			if tt.problem != "" {
				if len(diags) != 1 || !strings.HasPrefix(diags[0].String(), tt.problem) {
					t.Errorf("diagnostics:\n%s\nwant %s", messages(diags), tt.problem)
				}
				return
			}
			if len(diags) > 0 {
				t.Fatalf("diagnostics:\n%s", messages(diags))
			}
			if s.Config.Suggestions.StaleDays != tt.want {
				t.Errorf("stale_days = %d, want %d", s.Config.Suggestions.StaleDays, tt.want)
			}
		})
	}
}
