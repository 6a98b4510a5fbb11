package render

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/handbok/handbok/internal/manifest"
)

// TestOfflineFiles: a build writes the service worker with its version and shell, a list
// of every file with its size and hash, the web app manifest and the offline page. The
// version changes with any page's content, and only the changed file's hash does.
func TestOfflineFiles(t *testing.T) {
	out, _ := build(t, smallSite)
	for _, name := range []string{ServiceWorkerFile, OfflineListFile, AppManifestFile, OfflinePageFile, AccessibilityFile} {
		if out.files[name] == nil {
			t.Fatalf("no %s", name)
		}
	}
	var list offlineList
	if err := json.Unmarshal(out.files[OfflineListFile], &list); err != nil {
		t.Fatal(err)
	}
	listed := map[string]string{}
	for _, f := range list.Files {
		name, size, hash := f[0].(string), int(f[1].(float64)), f[2].(string)
		if len(out.files[name]) != size {
			t.Errorf("%s: listed with %d bytes, has %d", name, size, len(out.files[name]))
		}
		listed[name] = hash
	}
	for name := range out.files {
		keep := name != ServiceWorkerFile && name != OfflineListFile && name != manifest.File
		if _, ok := listed[name]; ok != keep {
			t.Errorf("%s: in the list %v, want %v", name, ok, keep)
		}
	}
	if !strings.HasSuffix(list.Files[0][0].(string), ".html") {
		t.Errorf("pages come first in the list, so that they are kept first; it starts with %v", list.Files[0])
	}
	sw := string(out.files[ServiceWorkerFile])
	m := regexp.MustCompile(`var BUILD = (\{.*\});`).FindStringSubmatch(sw)
	if m == nil {
		t.Fatalf("sw.js has no BUILD:\n%.300s", sw)
	}
	var b struct {
		Version string   `json:"version"`
		List    string   `json:"list"`
		Shell   []string `json:"shell"`
	}
	if err := json.Unmarshal([]byte(m[1]), &b); err != nil {
		t.Fatal(err)
	}
	if b.Version != list.Version || b.List != OfflineListFile {
		t.Errorf("sw.js names version %s and list %s; the list is version %s", b.Version, b.List, list.Version)
	}
	for _, want := range []string{"index.html", "search.html", OfflinePageFile, "search/index.js"} {
		if !strings.Contains(strings.Join(b.Shell, " "), want) {
			t.Errorf("the shell %v lacks %s", b.Shell, want)
		}
	}

	// One page changed: a new version, and of the pages only that one's hash differs.
	changed := cloneFS(smallSite)
	changed["content/stefnur/thjonusta.md"] = &fstest.MapFile{Data: append(append([]byte{}, smallSite["content/stefnur/thjonusta.md"].Data...), "\nNý setning.\n"...)}
	out2, _ := build(t, changed)
	var list2 offlineList
	if err := json.Unmarshal(out2.files[OfflineListFile], &list2); err != nil {
		t.Fatal(err)
	}
	if list2.Version == list.Version {
		t.Error("a changed page left the version as it was")
	}
	for _, f := range list2.Files {
		name := f[0].(string)
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		if same := listed[name] == f[2].(string); same == (name == "stefnur/thjonusta.html") {
			t.Errorf("%s: hash unchanged %v", name, same)
		}
	}

	var app map[string]any
	if err := json.Unmarshal(out.files[AppManifestFile], &app); err != nil {
		t.Fatal(err)
	}
	if app["start_url"] != "index.html" || app["scope"] != "./" || len(app["icons"].([]any)) != 3 {
		t.Errorf("web app manifest: %v", app)
	}
	for _, icon := range app["icons"].([]any) {
		if src := icon.(map[string]any)["src"].(string); out.files[src] == nil {
			t.Errorf("the manifest's icon %s is not in the site", src)
		}
	}
}

// TestAccessibilityStatement: the statement says what handbok.yaml says, with the
// feedback contact, and without the block says compliance is not yet assessed and
// names the handbook's own contact. Every page links to it.
func TestAccessibilityStatement(t *testing.T) {
	fsys := cloneFS(smallSite)
	fsys["handbok.yaml"] = &fstest.MapFile{Data: []byte("title: H\nlanguage: en\ncontact: {name: HR, email: hr@example.is}\n")}
	out, _ := build(t, fsys)
	page := string(out.files[AccessibilityFile])
	for _, want := range []string{"<h1>Accessibility statement</h1>", "has not yet been assessed", "mailto:hr@example.is", "has not been dated yet"} {
		if !strings.Contains(page, want) {
			t.Errorf("without an accessibility block, the statement lacks %q", want)
		}
	}
	fsys["handbok.yaml"] = &fstest.MapFile{Data: []byte(`title: H
language: en
contact: {name: HR, email: hr@example.is}
accessibility:
  status: partial
  date: 2026-11-24
  contact: {name: Access <desk>, email: access@example.is, phone: "460 4900"}
  issues: [Some PDFs are not tagged.]
  enforcement: The Ombudsman
`)}
	out, _ = build(t, fsys)
	page = string(out.files[AccessibilityFile])
	for _, want := range []string{"partially complies", "Some PDFs are not tagged.", "mailto:access@example.is", "tel:4604900",
		"Access &lt;desk&gt;", "The Ombudsman", "prepared on 24 November 2026"} {
		if !strings.Contains(page, want) {
			t.Errorf("the statement lacks %q", want)
		}
	}
	for _, name := range []string{"index.html", "laug/mottaka.html", "search.html", OfflinePageFile} {
		root := strings.Repeat("../", strings.Count(name, "/"))
		if !strings.Contains(string(out.files[name]), `href="`+root+AccessibilityFile+`"`) {
			t.Errorf("%s does not link to the accessibility statement", name)
		}
	}
}
