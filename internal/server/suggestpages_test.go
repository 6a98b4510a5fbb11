package server

import (
	"encoding/json"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/handbok/handbok/internal/store"
)

// TestSuggestionTextKept: hostile text, passage and answer come back from the API byte
// for byte, untrimmed, and every page escapes them; the audit log has an entry for the
// suggestion and for each change of status or answer, without the text, and none for
// a change that changes nothing.
func TestSuggestionTextKept(t *testing.T) { onEachStore(t, testSuggestionTextKept) }

func testSuggestionTextKept(t *testing.T, open storeOpener) {
	ss := newSuggestSite(t, open)
	text := " \n<script>alert(\"x\")</script> 'q' & javascript:alert(1) <a href=\"javascript:alert(2)\">k</a>\n "
	passage := `<img src=x onerror="alert(3)"> javascript:void(0) "'`
	answer := `</textarea><script>alert('svar')</script> javascript:alert(4)`
	id := ss.suggest(t, "anna", "laug-oryggi", "unclear", text, passage)
	path := fmt.Sprintf("/api/suggestions/%d", id)
	body, _ := json.Marshal(map[string]string{"status": "answered", "answer": answer})
	code, out := ss.call(t, ss.c["bjorn"], "PATCH", path, string(body))
	if code != http.StatusOK || out["answer"] != answer || out["text"] != text || out["passage"] != passage {
		t.Fatalf("PATCH: %d %v", code, out)
	}
	// The same again changes nothing and is not logged.
	if code, _ := ss.call(t, ss.c["bjorn"], "PATCH", path, string(body)); code != http.StatusOK {
		t.Fatalf("PATCH again: %d", code)
	}
	for who, list := range map[string]string{"anna": "mine", "bjorn": "handling"} {
		_, out := ss.call(t, ss.c[who], "GET", "/api/suggestions", "")
		items, _ := out[list].([]any)
		if len(items) != 1 {
			t.Fatalf("%s's %s: %v", who, list, out)
		}
		sg := items[0].(map[string]any)
		if sg["text"] != text || sg["passage"] != passage || sg["answer"] != answer || sg["title"] != "Öryggi í laug" || sg["url"] != "laug/oryggi.html" ||
			sg["workplace"] != "sundlaug" || sg["kind"] != "unclear" || sg["answered_by_name"] != "Björn Þórsson" {
			t.Errorf("%s's %s: %v", who, list, sg)
		}
		if _, ok := sg["author"]; ok != (list == "handling") {
			t.Errorf("%s's %s: the author given %v, want only to those who handle it", who, list, ok)
		}
	}
	// A form refused is drawn again with the answer as typed.
	res, refused := ss.postForm(t, ss.c["bjorn"], fmt.Sprintf("%s/%d", suggestPath, id), url.Values{"status": {"closed"}, "answer": {answer + "!"}})
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(refused, template.HTMLEscapeString(answer+"!")) {
		t.Errorf("a form refused: %d, without the answer as typed", res.StatusCode)
	}
	_, annaPage := ss.get(t, ss.c["anna"], suggestPath)
	_, bjornPage := ss.get(t, ss.c["bjorn"], suggestPath)
	for name, page := range map[string]string{"the author's page": annaPage, "the handler's page": bjornPage, "the form refused": refused} {
		for _, raw := range []string{"<script>alert", "<img", `href="javascript:`, "</textarea><script>"} {
			if strings.Contains(page, raw) {
				t.Errorf("%s has %s unescaped", name, raw)
			}
		}
		for _, s := range []string{text, passage, answer} {
			if !strings.Contains(page, template.HTMLEscapeString(s)) {
				t.Errorf("%s lacks %q, escaped", name, s)
			}
		}
	}

	if res, _ := ss.postForm(t, ss.c["olafur"], fmt.Sprintf("%s/%d", suggestPath, id), url.Values{"status": {"handled"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("Ólafur marking it handled: %d", res.StatusCode)
	}
	if res, _ := ss.postForm(t, ss.c["admin"], fmt.Sprintf("%s/%d", suggestPath, id), url.Values{"status": {"open"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("reopening: %d", res.StatusCode)
	}
	if got, err := ss.store.Suggestion(t.Context(), id); err != nil || got.Answer != answer || got.Status != store.SuggestionOpen || got.AnsweredBy != "admin@dalvikurbyggd.is" {
		t.Errorf("after the forms without an answer: %+v %v, want it open with the answer kept", got, err)
	}
	adds := auditOf(t, ss.recordsSite, store.ActionSuggest)
	if len(adds) != 1 || adds[0]["_actor"] != "anna@dalvikurbyggd.is" || adds[0]["_subject"] != "laug-oryggi" ||
		adds[0]["id"] != float64(id) || adds[0]["kind"] != "unclear" || adds[0]["revision"] != "r2" {
		t.Errorf("suggestion.add entries: %v", adds)
	}
	changes := auditOf(t, ss.recordsSite, store.ActionSuggestStatus)
	want := []struct {
		actor, from, to string
		answered        bool
	}{
		{"bjorn@dalvikurbyggd.is", "open", "answered", true},
		{"olafur@dalvikurbyggd.is", "answered", "handled", false},
		{"admin@dalvikurbyggd.is", "handled", "open", false},
	}
	if len(changes) != len(want) {
		t.Fatalf("suggestion.status entries: %v, want %d", changes, len(want))
	}
	for i, w := range want {
		c := changes[i]
		if c["_actor"] != w.actor || c["_subject"] != "laug-oryggi" || c["id"] != float64(id) || c["from"] != w.from || c["to"] != w.to || c["answer_changed"] != w.answered {
			t.Errorf("entry %d: %v, want %+v", i+1, c, w)
		}
	}
	for _, entries := range [][]map[string]any{adds, changes} {
		for _, e := range entries {
			data, _ := json.Marshal(e)
			if strings.Contains(string(data), "alert") {
				t.Errorf("the audit log has the text: %s", data)
			}
		}
	}
}

// TestSuggestionStale: a suggestion open longer than stale_days (14 by default) is
// stale, counted in whole days on the site's clock; the workplace page lists its
// workplace's pages with stale suggestions, and the suggestions page marks them; an
// answer ends it. Mínar stefnur counts the open ones a person handles.
func TestSuggestionStale(t *testing.T) { onEachStore(t, testSuggestionStale) }

func testSuggestionStale(t *testing.T, open storeOpener) {
	ss := newSuggestSite(t, open)
	pool := ss.suggest(t, "anna", "laug-oryggi", "unclear", "a", "")
	ss.suggest(t, "anna", "laug-oryggi", "wrong", "b", "")
	ss.suggest(t, "anna", "sundlaug/opnun.html", "outdated", "c", "")
	ss.suggest(t, "cecilia", "leik-reglur", "other", "d", "")
	first, err := ss.store.Suggestion(t.Context(), pool)
	if err != nil {
		t.Fatal(err)
	}
	// at turns the clock to d after the first was written; sessions do not last that
	// long, so those named sign in again.
	at := func(d time.Duration, who ...string) {
		now := first.Created.Add(d)
		ss.clock.Store(&now)
		for _, w := range who {
			ss.signIn(t, ss.c[w], w+"@dalvikurbyggd.is")
		}
	}
	const day = 24 * time.Hour
	poolPage := workplacePath + "sundlaug"

	at(14*day+23*time.Hour, "bjorn", "anna")
	if _, out := ss.call(t, ss.c["bjorn"], "GET", "/api/suggestions", ""); out["stale_days"] != 14.0 || handlingOf(out)[0]["age_days"] != 14.0 || handlingOf(out)[0]["stale"] != false {
		t.Errorf("fourteen days and a bit: %v", out)
	}
	if _, page := ss.get(t, ss.c["bjorn"], poolPage); strings.Contains(page, "stale-heading") {
		t.Error("the workplace page lists suggestions not yet stale")
	}
	_, mine := ss.get(t, ss.c["bjorn"], myPoliciesPath)
	if !strings.Contains(mine, "Opnar ábendingar sem þú sinnir: 3") || !strings.Contains(mine, `href="`+suggestPath+`"`) {
		t.Errorf("Mínar stefnur does not link to the suggestions with the three Björn handles:\n%s", mine)
	}
	if _, mine := ss.get(t, ss.c["anna"], myPoliciesPath); strings.Contains(mine, "Opnar ábendingar sem þú sinnir") || !strings.Contains(mine, suggestPath) {
		t.Error("Mínar stefnur of an employee: a count of suggestions to handle, or no link to her own")
	}

	at(15*day+time.Hour, "bjorn", "admin")
	_, out := ss.call(t, ss.c["bjorn"], "GET", "/api/suggestions", "")
	if h := handlingOf(out); h[0]["age_days"] != 15.0 || h[0]["stale"] != true {
		t.Errorf("fifteen days: %v", h[0])
	}
	_, page := ss.get(t, ss.c["bjorn"], poolPage)
	section := page[max(0, strings.Index(page, "stale-heading")):]
	for _, want := range []string{
		`<a href="/laug/oryggi.html">Öryggi í laug</a>: Opnar ábendingar: 2 · Opin í 15 daga`,
		`<a href="/sundlaug/opnun.html">Opnunartími</a>: Opnar ábendingar: 1 · Opin í 15 daga`,
		`href="` + suggestPath + `"`,
	} {
		if !strings.Contains(section, want) {
			t.Errorf("the workplace page lacks %s", want)
		}
	}
	if strings.Contains(section, "Reglur leikskólans") {
		t.Error("the pool's page lists the kindergarten's stale suggestions")
	}
	if _, page := ss.get(t, ss.c["admin"], workplacePath+"leikskoli"); !strings.Contains(page, "Reglur leikskólans</a>: Opnar ábendingar: 1") {
		t.Error("the kindergarten's page does not list its stale suggestion")
	}
	if _, page := ss.get(t, ss.c["bjorn"], suggestPath); !strings.Contains(page, "Opin í 15 daga. Hefur beðið of lengi") {
		t.Error("the suggestions page does not mark the stale ones")
	}

	at(21*day, "bjorn")
	if _, page := ss.get(t, ss.c["bjorn"], suggestPath); !strings.Contains(page, "Opin í 21 dag.") {
		t.Error("twenty-one days are not written in the singular, as Icelandic has it")
	}
	ids := func() []any {
		_, out := ss.call(t, ss.c["bjorn"], "GET", "/api/suggestions", "")
		var stale []any
		for _, sg := range handlingOf(out) {
			if sg["stale"] == true {
				stale = append(stale, sg["id"])
			}
		}
		return stale
	}
	if code, _ := ss.call(t, ss.c["bjorn"], "PATCH", fmt.Sprintf("/api/suggestions/%d", pool), `{"status":"answered","answer":"Svar"}`); code != http.StatusOK {
		t.Fatal("answering failed")
	}
	if stale := ids(); len(stale) != 2 {
		t.Errorf("after an answer the stale are %v, want the other two", stale)
	}
	if _, page := ss.get(t, ss.c["bjorn"], poolPage); !strings.Contains(page, "Öryggi í laug</a>: Opnar ábendingar: 1") {
		t.Error("the workplace page still counts the suggestion answered")
	}
	m := suggestManifest()
	m.Suggestions.StaleDays = 30
	ss.srv.SetManifest(m)
	if stale := ids(); len(stale) != 0 {
		t.Errorf("with stale_days 30, stale at 21 days: %v", stale)
	}
}

// handlingOf returns the handling list of a GET /api/suggestions answer.
func handlingOf(out map[string]any) []map[string]any {
	var list []map[string]any
	items, _ := out["handling"].([]any)
	for _, it := range items {
		list = append(list, it.(map[string]any))
	}
	return list
}
