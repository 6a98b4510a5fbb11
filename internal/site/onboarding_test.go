package site

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

// TestOnboardingSettings: handbok.yaml's onboarding settings, their defaults, and a
// checklist's for: as written.
func TestOnboardingSettings(t *testing.T) {
	const checklist = "---\ntitle: C\nkind: checklist\n%sitems:\n  - {id: a, task: A}\n---\n"
	tests := []struct {
		name, config, front string
		want                Onboarding
		wantFor             []string
	}{
		{"no handbok.yaml", "", "", Onboarding{90, "calendar"}, nil},
		{"handbok.yaml without it", "title: H\n", "", Onboarding{90, "calendar"}, nil},
		{"empty", "onboarding:\n", "", Onboarding{90, "calendar"}, nil},
		{"window only", "onboarding: {new_hire_days: 30}\n", "", Onboarding{30, "calendar"}, nil},
		{"working days", "onboarding:\n  due_days: working_days\n", "", Onboarding{90, "working_days"}, nil},
		{"both", "onboarding:\n  new_hire_days: 730\n  due_days: calendar\n", "", Onboarding{730, "calendar"}, nil},
		{"for", "", "for: [employee, Laugarvörður]\n", Onboarding{90, "calendar"}, []string{"employee", "Laugarvörður"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{"content/c.md": {Data: []byte(strings.Replace(checklist, "%s", tt.front, 1))}}
			if tt.config != "" {
				fsys["handbok.yaml"] = &fstest.MapFile{Data: []byte(tt.config)}
			}
			s, diags := load(t, fsys)
			if len(diags) > 0 {
				t.Fatalf("diagnostics:\n%s", messages(diags))
			}
			if s.Config.Onboarding != tt.want {
				t.Errorf("onboarding = %+v, want %+v", s.Config.Onboarding, tt.want)
			}
			if got := s.PageByID("c").Checklist.For; !slices.Equal(got, tt.wantFor) {
				t.Errorf("for = %q, want %q", got, tt.wantFor)
			}
		})
	}
}

// TestOnboardingErrors: settings out of range or not a choice, and a for: that names
// nobody or is on the wrong kind of page, are errors at their place saying what to write.
func TestOnboardingErrors(t *testing.T) {
	tests := []struct {
		name  string
		files fstest.MapFS
		want  []string
	}{
		{"zero days", fstest.MapFS{"handbok.yaml": {Data: []byte("onboarding:\n  new_hire_days: 0\n")}},
			[]string{"handbok.yaml:2:18: onboarding.new_hire_days is how many days from their start date a person counts as a new hire, from 1 to 730; write a whole number such as new_hire_days: 90 (the default)"}},
		{"a date", fstest.MapFS{"handbok.yaml": {Data: []byte("onboarding:\n  new_hire_days: 2026\n")}},
			[]string{"handbok.yaml:2:18: onboarding.new_hire_days is how many days"}},
		{"weeks", fstest.MapFS{"handbok.yaml": {Data: []byte("onboarding:\n  new_hire_days: 12 weeks\n")}},
			[]string{`handbok.yaml:2:18: new_hire_days: expected a whole number, not "12 weeks"`}},
		{"not a choice", fstest.MapFS{"handbok.yaml": {Data: []byte("onboarding:\n  due_days: weekdays\n")}},
			[]string{`handbok.yaml:2:13: onboarding.due_days: "weekdays" is not a choice; use calendar (every day counts, the default) or working_days (weekends and Icelandic public holidays do not)`}},
		{"misspelt", fstest.MapFS{"handbok.yaml": {Data: []byte("onboarding:\n  new_hires_days: 30\n")}},
			[]string{`handbok.yaml:2:3: unknown field "new_hires_days" (did you mean "new_hire_days"?)`}},
		{"empty for", fstest.MapFS{"content/c.md": {Data: []byte("---\ntitle: C\nkind: checklist\nfor: [employee, '']\nitems:\n  - {id: a, task: A}\n---\n")}},
			[]string{"content/c.md:4:17: for: entry 2 is empty: name a role (employee, supervisor, admin) or a job title, or leave for: out for a checklist that is for everyone"}},
		{"for on a policy", fstest.MapFS{"content/p.md": {Data: []byte("---\ntitle: P\nkind: policy\nfor: [employee]\n---\n")}},
			[]string{`content/p.md:4:1: "for" is a field of checklists, but this page is a policy`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.files["content/a.md"] == nil {
				tt.files["content/a.md"] = &fstest.MapFile{Data: []byte("# A\n")}
			}
			_, diags := load(t, tt.files)
			diags.Sort()
			if len(diags) != len(tt.want) {
				t.Fatalf("want %d diagnostics, got:\n%s", len(tt.want), messages(diags))
			}
			for i, w := range tt.want {
				if !strings.HasPrefix(diags[i].String(), w) {
					t.Errorf("diagnostic %d:\n got %s\nwant %s…", i, diags[i], w)
				}
			}
		})
	}
}
