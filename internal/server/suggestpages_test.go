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
// workplace's pages with stale suggestions, how many and for how long, and the
// suggestions page marks them; an answer ends it. Mínar stefnur links to the open ones
// a person handles, with how many have waited too long, and the suggestions page says
// how many of those it lists are open.
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
	if !strings.Contains(mine, `<a href="`+suggestPath+`">Opnar ábendingar sem þú sinnir: 3</a>`) || strings.Contains(mine, "beðið of lengi") {
		t.Errorf("Mínar stefnur does not link the count of the three Björn handles, none waiting too long:\n%s", mine)
	}
	if _, mine := ss.get(t, ss.c["anna"], myPoliciesPath); strings.Contains(mine, "Opnar ábendingar sem þú sinnir") || !strings.Contains(mine, suggestPath) {
		t.Error("Mínar stefnur of an employee: a count of suggestions to handle, or no link to her own")
	}

	at(15*day+time.Hour, "bjorn", "admin")
	if _, mine := ss.get(t, ss.c["bjorn"], myPoliciesPath); !strings.Contains(mine, "Opnar ábendingar sem þú sinnir: 3</a></strong> · <strong class=\"suggest-late\">3 hafa beðið of lengi</strong>") {
		t.Errorf("Mínar stefnur does not say that the three have waited too long:\n%s", mine)
	}
	_, out := ss.call(t, ss.c["bjorn"], "GET", "/api/suggestions", "")
	if h := handlingOf(out); h[0]["age_days"] != 15.0 || h[0]["stale"] != true {
		t.Errorf("fifteen days: %v", h[0])
	}
	_, page := ss.get(t, ss.c["bjorn"], poolPage)
	section := page[max(0, strings.Index(page, "stale-heading")):]
	for _, want := range []string{
		`<a href="/laug/oryggi.html">Öryggi í laug</a>: 2 hafa beðið of lengi; sú elsta í 15 daga`,
		`<a href="/sundlaug/opnun.html">Opnunartími</a>: 1 hefur beðið of lengi, í 15 daga`,
		`href="` + suggestPath + `"`,
	} {
		if !strings.Contains(section, want) {
			t.Errorf("the workplace page lacks %s", want)
		}
	}
	if strings.Contains(section, "Reglur leikskólans") {
		t.Error("the pool's page lists the kindergarten's stale suggestions")
	}
	if _, page := ss.get(t, ss.c["admin"], workplacePath+"leikskoli"); !strings.Contains(page, "Reglur leikskólans</a>: 1 hefur beðið of lengi, í 15 daga") {
		t.Error("the kindergarten's page does not list its stale suggestion")
	}
	if _, page := ss.get(t, ss.c["bjorn"], suggestPath); !strings.Contains(page, "Opin í 15 daga. Hefur beðið of lengi") || !strings.Contains(page, "Ábendingar sem þú sinnir (3 opnar af 3)") {
		t.Error("the suggestions page does not mark the stale ones, or count the open ones")
	}

	at(21*day, "bjorn", "olafur")
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
	if _, page := ss.get(t, ss.c["bjorn"], poolPage); !strings.Contains(page, "Öryggi í laug</a>: 1 hefur beðið of lengi, í 20 daga<") {
		t.Errorf("the workplace page still counts the suggestion answered:\n%s", page[max(0, strings.Index(page, "stale-heading")):])
	}
	for who, want := range map[string]string{"bjorn": "(2 opnar af 3)", "olafur": "(1 opin af 2)"} {
		if _, page := ss.get(t, ss.c[who], suggestPath); !strings.Contains(page, "Ábendingar sem þú sinnir "+want) {
			t.Errorf("%s's suggestions page does not count %s: the answered one is not open", who, want)
		}
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

// TestSuggestionFormRefused: a handler's form refused says why at the suggestion too,
// the field marked invalid and described by it and focused, with the answer as typed;
// an answer too long is not cut by the field but refused with how long it is. The
// author's list says an open suggestion's status once.
func TestSuggestionFormRefused(t *testing.T) { onEachStore(t, testSuggestionFormRefused) }

func testSuggestionFormRefused(t *testing.T, open storeOpener) {
	ss := newSuggestSite(t, open)
	id := ss.suggest(t, "anna", "laug-oryggi", "unclear", "Hver á að gera þetta?", "")
	answered := ss.suggest(t, "anna", "laug-oryggi", "wrong", "Rangt símanúmer.", "")
	if code, _ := ss.call(t, ss.c["bjorn"], "PATCH", fmt.Sprintf("/api/suggestions/%d", answered), `{"status":"answered","answer":"Lagað."}`); code != http.StatusOK {
		t.Fatal("answering failed")
	}
	form := fmt.Sprintf("%s/%d", suggestPath, id)
	if _, page := ss.get(t, ss.c["bjorn"], suggestPath); !strings.Contains(page, fmt.Sprintf(`<textarea id="answer-%d" name="answer" rows="4">`, id)) {
		t.Error("the answer field has a maxlength, which cuts what is pasted into it without a word")
	}
	problem := fmt.Sprintf("answer-%d-problem", id)
	for _, tt := range []struct {
		name, status, answer, why string
	}{
		{"too long", "answered", strings.Repeat("ð", 4512), "Svarið er 4512 stafir; mest 4000."},
		{"one too long", "answered", strings.Repeat("ð", 4001), "Svarið er 4001 stafur; mest 4000."},
		{"empty", "answered", "  ", "Skrifaðu svarið"},
		{"no such status", "closed", "Svar", "hladdu síðunni aftur"},
	} {
		res, page := ss.postForm(t, ss.c["bjorn"], form, url.Values{"status": {tt.status}, "answer": {tt.answer}})
		field := fmt.Sprintf(`<textarea id="answer-%d" name="answer" rows="4" aria-invalid="true" aria-describedby="%s" autofocus>%s</textarea>`, id, problem, tt.answer)
		if res.StatusCode != http.StatusBadRequest || !strings.Contains(page, field) {
			t.Errorf("%s: %d, without the field marked, focused and holding the answer as typed", tt.name, res.StatusCode)
		}
		why := template.HTMLEscapeString(tt.why)
		if !strings.Contains(paragraph(page, fmt.Sprintf(`<p class="form-problem" id="%s">`, problem)), why) {
			t.Errorf("%s: no %q at the suggestion", tt.name, tt.why)
		}
		if top := paragraph(page, `<p class="form-problem" id="suggest-problem" role="alert">`); !strings.Contains(top, why) || !strings.Contains(top, fmt.Sprintf(`href="#s-%d"`, id)) {
			t.Errorf("%s: the message under the title does not say %q and lead to the suggestion", tt.name, tt.why)
		}
		if strings.Count(page, "aria-invalid") != 1 {
			t.Errorf("%s: %d fields marked invalid, want the one", tt.name, strings.Count(page, "aria-invalid"))
		}
	}
	if sg, err := ss.store.Suggestion(t.Context(), id); err != nil || sg.Status != store.SuggestionOpen || sg.Answer != "" {
		t.Errorf("after the forms refused: %+v %v, want it as it was", sg, err)
	}
	_, code := ss.call(t, ss.c["bjorn"], "PATCH", fmt.Sprintf("/api/suggestions/%d", id), fmt.Sprintf(`{"status":"answered","answer":%q}`, strings.Repeat("x", 4512)))
	if msg, _ := code["error"].(string); !strings.Contains(msg, "4512") {
		t.Errorf("the API refusing an answer too long: %q, without how long it is", msg)
	}

	_, mine := ss.get(t, ss.c["anna"], suggestPath)
	if strings.Count(mine, "Opin") != 1 || !strings.Contains(mine, "Opin síðan í dag") || !strings.Contains(mine, " · Svarað</p>") {
		t.Errorf("the author's list does not say each status once:\n%s", mine)
	}
}

// TestSuggestionFormSignedOut: a handler's form sent after their session ended changes
// nothing and loses nothing: the sign-in form says the answer was not saved and shows
// it, escaped, to copy, and signing in goes back to the suggestion.
func TestSuggestionFormSignedOut(t *testing.T) { onEachStore(t, testSuggestionFormSignedOut) }

func testSuggestionFormSignedOut(t *testing.T, open storeOpener) {
	ss := newSuggestSite(t, open)
	id := ss.suggest(t, "anna", "laug-oryggi", "unclear", "Hver á að gera þetta?", "")
	bjorn := ss.c["bjorn"]
	if code, _ := ss.call(t, bjorn, "DELETE", "/api/session", ""); code >= 300 {
		t.Fatalf("signing out: %d", code)
	}
	answer := "Sundlaugarvörður gerir það.\n</textarea><script>alert(1)</script>"
	form := fmt.Sprintf("%s/%d", suggestPath, id)
	next := fmt.Sprintf(`<input type="hidden" name="next" value="%s#s-%d">`, suggestPath, id)
	res, page := ss.postForm(t, bjorn, form, url.Values{"status": {"answered"}, "answer": {answer}})
	if res.StatusCode != http.StatusUnauthorized || !strings.Contains(page, "svarið var ekki vistað") || !strings.Contains(page, next) ||
		!strings.Contains(page, `<textarea id="unsaved-answer" rows="6" readonly>`+template.HTMLEscapeString(answer)+`</textarea>`) || strings.Contains(page, "<script>alert") {
		t.Errorf("an answer sent signed out: %d, without the sign-in form, the answer to copy and the way back:\n%s", res.StatusCode, page)
	}
	res, page = ss.postForm(t, bjorn, form, url.Values{"status": {"handled"}, "answer": {""}})
	if res.StatusCode != http.StatusUnauthorized || !strings.Contains(page, "breytingin var ekki vistuð") || strings.Contains(page, "unsaved-answer") || !strings.Contains(page, next) {
		t.Errorf("a change without an answer sent signed out: %d", res.StatusCode)
	}
	if sg, err := ss.store.Suggestion(t.Context(), id); err != nil || sg.Status != store.SuggestionOpen || sg.Answer != "" {
		t.Errorf("after the forms signed out: %+v %v, want it as it was", sg, err)
	}
	res, _ = ss.postForm(t, bjorn, signInPath, url.Values{"email": {"bjorn@dalvikurbyggd.is"}, "password": {testPassword}, "next": {fmt.Sprintf("%s#s-%d", suggestPath, id)}})
	if where := fmt.Sprintf("%s#s-%d", suggestPath, id); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != where {
		t.Errorf("signing in from there: %d to %q, want %q", res.StatusCode, res.Header.Get("Location"), where)
	}
}

// paragraph returns the paragraph of page that starts with start, up to its end; "" when
// there is none.
func paragraph(page, start string) string {
	i := strings.Index(page, start)
	if i < 0 {
		return ""
	}
	p, _, _ := strings.Cut(page[i:], "</p>")
	return p
}
