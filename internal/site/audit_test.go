package site

import (
	"testing"
	"testing/fstest"
	"time"
)

// TestAuditReviewAndAcknowledge: check asks for a review date on every policy, and warns
// of a checklist item that waits for the acknowledgment of a policy that asks for none.
func TestAuditReviewAndAcknowledge(t *testing.T) {
	s, diags := load(t, fstest.MapFS{
		"content/a.md": {Data: []byte("---\ntitle: A\nkind: policy\nowner: {name: A}\nacknowledge: true\n---\n")},
		"content/b.md": {Data: []byte("---\ntitle: B\nkind: policy\nowner: {name: B}\nreview: 2030-01-01\n---\n")},
		"content/c.md": {Data: []byte("---\ntitle: C\nkind: checklist\nitems:\n" +
			"  - {id: a, task: Lesa A, policy: a}\n" +
			"  - {id: b, task: Lesa B, policy: b}\n" +
			"  - {id: a14, task: Lesa A, policy: a, due: 14}\n" +
			"  - {id: a15, task: Lesa A, policy: a, due: 15}\n---\n")},
	})
	if len(diags) > 0 {
		t.Fatal(messages(diags))
	}
	want := []string{
		`content/a.md:3:7: warning: policy "A" has no review date: add review: with the date by which it is to be reviewed, e.g. review: 2027-12-03`,
		`content/c.md:6:35: warning: checklist item "b" is done when policy "b" is acknowledged, but that policy does not ask staff to acknowledge it, so the item can never be ticked off: ` +
			`set acknowledge: true in content/b.md, or remove policy: from the item so that it is ticked off by hand`,
		`content/c.md:8:45: warning: checklist item "a15" is due 15 days after the start, but policy "a" is to be acknowledged within 14 days, ` +
			`and the sooner of the two is the due day: set due: 14 or less, or give the policy a longer acknowledge_within`,
	}
	got := Audit(s, time.Date(2026, 12, 3, 12, 0, 0, 0, time.Local))
	if len(got) != len(want) {
		t.Fatalf("got:\n%s", messages(got))
	}
	for i, d := range got {
		if d.String() != want[i] {
			t.Errorf("\n got %s\nwant %s", d, want[i])
		}
	}
}

// TestAuditNoFollowOn: an owner: or review: that could not be read is reported by
// loading, once; the audit does not add that the policy has none.
func TestAuditNoFollowOn(t *testing.T) {
	s, diags := load(t, fstest.MapFS{
		"content/a.md": {Data: []byte("---\ntitle: A\nkind: policy\nowner: {nme: A}\nreview: 2026-02-30\n---\n")},
	})
	if len(diags) != 2 {
		t.Fatalf("loading: want the unknown key and the impossible date, got:\n%s", messages(diags))
	}
	if got := Audit(s, time.Date(2026, 12, 3, 12, 0, 0, 0, time.Local)); len(got) > 0 {
		t.Errorf("follow-on warnings:\n%s", messages(got))
	}
}
