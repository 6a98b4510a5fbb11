package site

import (
	"strings"
	"testing"
	"testing/fstest"
)

// TestAcknowledgeWithin: a policy has the days its front matter gives, else those of
// handbok.yaml, else 14.
func TestAcknowledgeWithin(t *testing.T) {
	const policy = "---\ntitle: P\nkind: policy\nacknowledge: true\n%s---\n"
	tests := []struct {
		name, config, front string
		want                int
	}{
		{"no handbok.yaml", "", "", 14},
		{"handbok.yaml without it", "title: H\n", "", 14},
		{"empty in handbok.yaml", "acknowledge_within:\n", "", 14},
		{"handbok.yaml's", "acknowledge_within: 30\n", "", 30},
		{"the policy's own", "acknowledge_within: 30\n", "acknowledge_within: 7\n", 7},
		{"the policy's own over the default", "", "acknowledge_within: 60\n", 60},
		{"the most", "", "acknowledge_within: 365\n", 365},
		{"empty on the policy", "acknowledge_within: 30\n", "acknowledge_within:\n", 30},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{"content/p.md": {Data: []byte(strings.Replace(policy, "%s", tt.front, 1))}}
			if tt.config != "" {
				fsys["handbok.yaml"] = &fstest.MapFile{Data: []byte(tt.config)}
			}
			s, diags := load(t, fsys)
			if len(diags) > 0 {
				t.Fatalf("diagnostics:\n%s", messages(diags))
			}
			if got := s.Config.DaysToAcknowledge(s.PageByID("p").Policy); got != tt.want {
				t.Errorf("days = %d, want %d", got, tt.want)
			}
		})
	}
}

// TestAcknowledgeWithinErrors: a number of days that is not one, out of range, or on a
// page that is not a policy is an error at its place saying what to write; on a policy
// no one acknowledges, a warning.
func TestAcknowledgeWithinErrors(t *testing.T) {
	tests := []struct {
		name  string
		files fstest.MapFS
		want  []string // every diagnostic, in order
	}{
		{"zero in handbok.yaml", fstest.MapFS{"handbok.yaml": {Data: []byte("title: H\nacknowledge_within: 0\n")}},
			[]string{"handbok.yaml:2:21: acknowledge_within is the number of days staff have to acknowledge, from 1 to 365; write a whole number such as acknowledge_within: 14 (the default is 14)"}},
		{"words in handbok.yaml", fstest.MapFS{"handbok.yaml": {Data: []byte("acknowledge_within: two weeks\n")}},
			[]string{`handbok.yaml:1:21: acknowledge_within: expected a whole number, not "two weeks"`}},
		{"a year in handbok.yaml", fstest.MapFS{"handbok.yaml": {Data: []byte("acknowledge_within: 2026\n")}},
			[]string{"handbok.yaml:1:21: acknowledge_within is the number of days staff have to acknowledge, from 1 to 365"}},
		{"negative on a policy", fstest.MapFS{"content/p.md": {Data: []byte("---\ntitle: P\nkind: policy\nacknowledge: true\nacknowledge_within: -3\n---\n")}},
			[]string{"content/p.md:5:21: acknowledge_within is the number of days staff have to acknowledge, from 1 to 365; write a whole number such as acknowledge_within: 14, or leave it out for the handbook's default"}},
		{"zero on a policy", fstest.MapFS{"content/p.md": {Data: []byte("---\ntitle: P\nkind: policy\nacknowledge: true\nacknowledge_within: 0\n---\n")}},
			[]string{"content/p.md:5:21: acknowledge_within is the number of days"}},
		{"a day too many on a policy", fstest.MapFS{"content/p.md": {Data: []byte("---\ntitle: P\nkind: policy\nacknowledge: true\nacknowledge_within: 366\n---\n")}},
			[]string{"content/p.md:5:21: acknowledge_within is the number of days"}},
		{"days written out on a policy", fstest.MapFS{"content/p.md": {Data: []byte("---\ntitle: P\nkind: policy\nacknowledge: true\nacknowledge_within: 14 days\n---\n")}},
			[]string{`content/p.md:5:21: acknowledge_within: expected a whole number, not "14 days"`}},
		{"on a plain page", fstest.MapFS{"content/p.md": {Data: []byte("---\ntitle: P\nacknowledge_within: 7\n---\n")}},
			[]string{`content/p.md:3:1: "acknowledge_within" is a field of policies, but this page is a page; remove it or set kind: policy`}},
		{"on a checklist", fstest.MapFS{"content/c.md": {Data: []byte("---\ntitle: C\nkind: checklist\nacknowledge_within: 7\n---\n")}},
			[]string{`content/c.md:4:1: "acknowledge_within" is a field of policies, but this page is a checklist`}},
		{"on a policy no one acknowledges", fstest.MapFS{"content/p.md": {Data: []byte("---\ntitle: P\nkind: policy\nacknowledge_within: 7\n---\n")}},
			[]string{"content/p.md:4:1: warning: acknowledge_within does nothing without acknowledge: true; add that, or remove acknowledge_within"}},
		{"misspelt", fstest.MapFS{"content/p.md": {Data: []byte("---\ntitle: P\nkind: policy\nacknowledge_witin: 7\n---\n")}},
			[]string{`content/p.md:4:1: unknown field "acknowledge_witin" (did you mean "acknowledge_within"?)`}},
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
