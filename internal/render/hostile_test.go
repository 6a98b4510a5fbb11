package render

import (
	"encoding/json"
	"html"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/handbok/handbok/internal/manifest"
)

// TestHostileFrontMatterEscaped: script written into every text the front matter and
// handbok.yaml give (titles, owners, approvals, contacts, addresses, tasks, tags) and
// into headings is escaped on every page the build writes, shown there as written,
// and kept byte for byte in handbok.json, which the server reads.
func TestHostileFrontMatterEscaped(t *testing.T) {
	t.Parallel()
	payloads := map[string]string{
		"site":      `<script>alert("vefur")</script>`,
		"org":       `"><img src=x onerror=alert('stofnun')>`,
		"contact":   `</title><script>alert('tengiliður')</script>`,
		"workplace": `<svg onload=alert('laug')>`,
		"address":   `<iframe src="javascript:alert('heimilisfang')">`,
		"owner":     `<script>alert('eigandi')</script>`,
		"body":      `<img src=x onerror=alert('ráð')>`,
		"policy":    `</textarea><script>alert('stefna')</script>`,
		"task":      `<a href="javascript:alert('verk')">lyklar</a>`,
		"tag":       `<b onmouseover=alert('merki')>`,
		"heading":   `Kafli " onmouseover="alert('fyrirsögn')`, // raw HTML in Markdown is left out, this is text
	}
	q := func(key string) string { b, _ := json.Marshal(payloads[key]); return string(b) }
	fsys := fstest.MapFS{
		"handbok.yaml": {Data: []byte("title: " + q("site") + "\norganisation: " + q("org") +
			"\ncontact: {name: " + q("contact") + ", email: handbok@example.is, phone: \"javascript:alert(1)\"}\n")},
		"content/laug/_index.md": {Data: []byte("---\ntitle: " + q("workplace") + "\nkind: workplace\naddress: " + q("address") +
			"\ncontact: {name: " + q("contact") + ", email: laug@example.is}\n---\n")},
		"content/laug/stefna.md": {Data: []byte("---\ntitle: " + q("policy") + "\nkind: policy\nowner: {name: " + q("owner") +
			", email: jon@example.is}\napproved: [{body: " + q("body") + ", meeting: 1, date: 2026-01-05}]\ntags: [" + q("tag") +
			"]\nversion: 1\nacknowledge: true\n---\n## " + payloads["heading"] + "\n\nTexti.\n")},
		"content/laug/mottaka.md": {Data: []byte("---\ntitle: " + q("policy") + "\nkind: checklist\nitems:\n  - {id: a, task: " + q("task") +
			", owner: supervisor, due: 0}\n---\n")},
	}
	out, _ := build(t, fsys)
	shown := map[string]bool{}
	pages := 0
	for name, data := range out.files {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		pages++
		page := string(data)
		for key, p := range payloads {
			if strings.Contains(page, p) {
				t.Errorf("%s has the %s unescaped: %s", name, key, p)
			}
			if strings.Contains(html.UnescapeString(page), p) {
				shown[key] = true
			}
		}
		for _, bad := range []string{"<script>alert", "<img src=x", "<svg onload", "<iframe", `href="javascript:`, "<b onmouseover", `" onmouseover="`} {
			if strings.Contains(page, bad) {
				t.Errorf("%s has %q unescaped", name, bad)
			}
		}
	}
	for key, p := range payloads {
		if !shown[key] {
			t.Errorf("no page shows the %s %q: the test would not see it unescaped", key, p)
		}
	}
	if pages < 5 {
		t.Errorf("only %d pages were written", pages)
	}
	var m manifest.Manifest
	if err := json.Unmarshal(out.files["handbok.json"], &m); err != nil {
		t.Fatal(err)
	}
	if len(m.Policies) != 1 || m.Policies[0].Title != payloads["policy"] || m.Policies[0].Owner == nil || m.Policies[0].Owner.Name != payloads["owner"] ||
		len(m.Workplaces) != 1 || m.Workplaces[0].Title != payloads["workplace"] ||
		len(m.Checklists) != 1 || len(m.Checklists[0].Items) != 1 || m.Checklists[0].Items[0].Task != payloads["task"] {
		t.Errorf("handbok.json does not keep the text as written: %+v", m)
	}
}
