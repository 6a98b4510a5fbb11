package server

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestFormTooLong: every form of the server's pages answers a body over its limit with
// 413 and a page of the handbook that says, in its language, what to do, and changes
// nothing.
func TestFormTooLong(t *testing.T) { onEachStore(t, testFormTooLong) }

func testFormTooLong(t *testing.T, open storeOpener) {
	ss := newSuggestSite(t, open)
	id := ss.suggest(t, "anna", "laug-oryggi", "unclear", "x", "")
	long := url.Values{"answer": {strings.Repeat("x", maxSuggestBody)}, "status": {"answered"}, "name": {"x"}}
	for _, path := range []string{
		signInPath, firstAdminPath, invitationPath,
		workplacePath + "sundlaug/people", workplacePath + "sundlaug/people/anna@dalvikurbyggd.is", workplacePath + "sundlaug/onboarding",
		fmt.Sprintf("%s/%d", suggestPath, id),
	} {
		res, page := ss.postForm(t, ss.c["admin"], path, long)
		if res.StatusCode != http.StatusRequestEntityTooLarge || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") ||
			!strings.Contains(page, "Formið var of langt") || !strings.Contains(page, "<h1>Beiðni hafnað</h1>") {
			t.Errorf("POST %s too long: %d %s, want 413 and the handbook's page that says so", path, res.StatusCode, res.Header.Get("Content-Type"))
		}
	}
	if sg, err := ss.store.Suggestion(t.Context(), id); err != nil || sg.Status != "open" {
		t.Errorf("the suggestion after a form too long: %+v %v, want it open", sg, err)
	}
}
