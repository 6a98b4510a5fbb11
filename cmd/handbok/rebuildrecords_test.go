package main

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBrokenRebuildKeepsRecords: an edit that breaks the build while serve runs takes
// nothing away from the records: the person still sees the policies and what they
// acknowledged, can still acknowledge the policies of the last good build, and the
// pages stay served; the records are not touched by the failed build.
func TestBrokenRebuildKeepsRecords(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write(t, dir, "handbok.yaml", "title: Brotin breyting\n")
	write(t, dir, "content/_index.md", "# Brotin breyting\n")
	policy := "---\ntitle: Stefna %s\nkind: policy\nacknowledge: true\n---\nTexti %[1]s.\n"
	write(t, dir, "content/a.md", fmt.Sprintf(policy, "a"))
	write(t, dir, "content/b.md", fmt.Sprintf(policy, "b"))
	const email = "starfsmadur@dalvik.is"
	faultPerson(t, dir, "", email)
	base := startServe(t, dir)
	c := client(t)
	if code, res := apiCall(t, c, "POST", base+"/api/session", fmt.Sprintf(`{"email":%q,"password":%q}`, email, crashPassword)); code != http.StatusOK {
		t.Fatalf("signing in: %d %v", code, res)
	}
	if code, res := apiCall(t, c, "POST", base+"/api/acks", `{"policy":"a","version":1}`); code != http.StatusCreated {
		t.Fatalf("acknowledging a: %d %v", code, res)
	}
	next := events(t, base)

	// A typo in one policy's front matter, and another policy gone: the build fails.
	write(t, dir, "content/a.md", "---\ntitle: Stefna a\nkind: policy\nacknowlege: true\n---\nBreytt.\n")
	if err := os.Remove(filepath.Join(dir, "content", "b.md")); err != nil {
		t.Fatal(err)
	}
	for {
		name, data := next()
		if name == "problems" && strings.Contains(data, "a.md:4:1") {
			break
		}
		if name == "reload" {
			t.Fatalf("the broken edit was built: %s", data)
		}
	}
	if st := policyState(t, c, base, "a"); st["state"] != "current" {
		t.Errorf("policy a after the failed build: %v, want still acknowledged", st)
	}
	if st := policyState(t, c, base, "b"); st["state"] != "never" {
		t.Errorf("policy b after the failed build: %v, want still to acknowledge", st)
	}
	if code, res := apiCall(t, c, "POST", base+"/api/acks", `{"policy":"b","version":1}`); code != http.StatusCreated {
		t.Errorf("acknowledging b, of the last good build, after the failed build: %d %v", code, res)
	}
	for _, page := range []string{"a.html", "b.html"} {
		if !strings.Contains(body(t, base+"/"+page), "Texti ") {
			t.Errorf("%s of the last good build is not served after the failed build", page)
		}
	}
	crashVerify(t, dir, "", 0)
}
