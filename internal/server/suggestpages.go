package server

import (
	"cmp"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/handbok/handbok/internal/people"
	"github.com/handbok/handbok/internal/store"
)

// suggestionsPage is what the suggestions layout shows: the suggestions the person
// handles, with a form to answer each, and those they wrote.
type suggestionsPage struct {
	// Problem is the UI text key of what is wrong, Done of what was just done.
	Problem, Done string
	// Handler: the person handles suggestions (a supervisor, an administrator, or the
	// owner of a page that has some), so the page shows what they handle.
	Handler   bool
	Handling  []suggestItem
	Mine      []suggestItem
	StaleDays int
}

// suggestItem is one suggestion as the page shows it.
type suggestItem struct {
	ID     int64
	Anchor string // the id of its element, for the redirect after a form
	// URL is the page's address; "" for a page that is no longer in the handbook.
	Title, URL                 string
	Kind, Status               string
	Passage, Text, Answer      string
	AuthorName, AnsweredByName string
	Created, Updated           time.Time
	// Age says in words how long it has been open; Stale that it has been too long.
	Age   string
	Stale bool
	// Action is where its form is sent; Answer what the form's answer field holds.
	Action     string
	FormAnswer string
}

// suggestDoneKeys are the UI text keys a redirect may name in ?done=, and nothing else.
var suggestDoneKeys = map[string]string{
	store.SuggestionAnswered: "suggest_done_answered",
	store.SuggestionHandled:  "suggest_done_handled",
	store.SuggestionOpen:     "suggest_done_reopened",
}

// serveSuggestionsPage is GET /_handbok/suggestions ("Ábendingar"): the suggestions the
// person signed in handles, open first, and those they wrote. Anyone not signed in is
// sent to sign in first.
func (rc *records) serveSuggestionsPage(w http.ResponseWriter, r *http.Request) {
	v, ok := rc.pageVisitor(w, r)
	if !ok {
		return
	}
	page := suggestionsPage{}
	done := r.URL.Query().Get("done")
	for _, key := range suggestDoneKeys {
		if done == key {
			page.Done = key
		}
	}
	rc.drawSuggestions(w, r, v, &page, http.StatusOK, 0, "")
}

// drawSuggestions fills page with the person's suggestions and draws it with code; the
// form of suggestion formID, when not 0, keeps the answer typed.
func (rc *records) drawSuggestions(w http.ResponseWriter, r *http.Request, v *visitor, page *suggestionsPage, code int, formID int64, formAnswer string) {
	mine, handling, err := rc.suggestLists(r.Context(), v.Person)
	if err != nil {
		rc.s.Log.Error("records: reading suggestions", "err", err)
		page.Problem, code = "records_unavailable", http.StatusServiceUnavailable
	}
	page.StaleDays = rc.s.live().staleDays()
	page.Handler = v.Role == people.Admin || v.Role == people.Supervisor || len(handling) > 0
	for _, sv := range handling {
		it := rc.suggestItem(sv)
		if it.ID == formID {
			it.FormAnswer = formAnswer
		}
		page.Handling = append(page.Handling, it)
	}
	for _, sv := range mine {
		page.Mine = append(page.Mine, rc.suggestItem(sv))
	}
	rc.s.draw(w, code, "suggestions", "suggest_title", page)
}

func (rc *records) suggestItem(sv suggestView) suggestItem {
	root := rc.s.EscapedPrefix()
	it := suggestItem{ID: sv.ID, Anchor: "s-" + strconv.FormatInt(sv.ID, 10), Title: sv.Target.Title,
		Kind: sv.Kind, Status: sv.Status, Passage: sv.Passage, Text: sv.Text, Answer: sv.Answer, FormAnswer: sv.Answer,
		AuthorName: sv.AuthorName, AnsweredByName: sv.AnsweredByName, Created: sv.Created, Updated: sv.Updated,
		Stale: sv.Stale, Action: root + suggestPath + "/" + strconv.FormatInt(sv.ID, 10)}
	if sv.Target.Known {
		it.URL = root + "/" + (&url.URL{Path: sv.Target.URL}).EscapedPath()
	}
	if sv.Status == store.SuggestionOpen {
		it.Age = rc.openFor(sv.AgeDays)
	}
	return it
}

// openFor says in the handbook's language how many days a suggestion has been open.
func (rc *records) openFor(days int) string {
	key := "suggest_age_days"
	switch {
	case days == 0:
		return rc.s.recordsText("suggest_age_today")
	case rc.language() == "is" && days%10 == 1 && days%100 != 11, rc.language() != "is" && days == 1:
		key = "suggest_age_day"
	}
	return fmt.Sprintf(rc.s.recordsText(key), days)
}

// language is the language of the handbook's pages.
func (rc *records) language() string {
	if p := rc.s.pages.Load(); p != nil {
		return p.base.Site.Config.Language
	}
	return ""
}

// serveSuggestionForm is POST /_handbok/suggestions/{id}, a handler's form: answer the
// suggestion, mark it handled or open it again. It goes back to the suggestion on the
// page; what will not do is shown on the page again with the answer as typed.
func (rc *records) serveSuggestionForm(w http.ResponseWriter, r *http.Request) {
	v, ok := rc.pageVisitor(w, r)
	if !ok {
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxSuggestBody)
	if err := r.ParseForm(); err != nil {
		http.Error(w, "the form is too long", http.StatusRequestEntityTooLarge)
		return
	}
	id := suggestionID(r)
	if id == 0 {
		rc.s.notFound(w, r, "")
		return
	}
	var answer *string
	if r.PostForm.Has("answer") {
		a := r.PostForm.Get("answer")
		answer = &a
	}
	status := r.PostForm.Get("status")
	_, bad := rc.setSuggestion(r.Context(), v, id, status, answer)
	switch {
	case bad == nil:
		http.Redirect(w, r, rc.s.EscapedPrefix()+suggestPath+"?done="+suggestDoneKeys[status]+"#s-"+strconv.FormatInt(id, 10), http.StatusSeeOther)
	case bad.code == http.StatusNotFound:
		rc.s.notFound(w, r, "")
	default:
		typed := ""
		if answer != nil {
			typed = *answer
		}
		rc.drawSuggestions(w, r, v, &suggestionsPage{Problem: bad.key}, bad.code, id, typed)
	}
}

// staleOf returns the pages of workplace slug with suggestions open longer than the
// handbook allows, the one waiting longest first.
func (rc *records) staleOf(r *http.Request, slug string) ([]stalePage, error) {
	open, err := rc.store.Suggestions(r.Context(), store.SuggestionQuery{Statuses: []string{store.SuggestionOpen}})
	if err != nil {
		return nil, err
	}
	h, now := rc.s.live(), rc.s.now()
	stale := h.staleDays()
	byPage := map[string]*stalePage{}
	var out []*stalePage
	for _, sg := range open {
		t := h.suggestTarget(sg.Page)
		age := ageDays(sg.Created, now)
		if !t.Known || t.Workplace != slug || age <= stale {
			continue
		}
		p := byPage[sg.Page]
		if p == nil {
			p = &stalePage{Title: t.Title, URL: rc.s.EscapedPrefix() + "/" + (&url.URL{Path: t.URL}).EscapedPath()}
			byPage[sg.Page] = p
			out = append(out, p)
		}
		p.Count++
		p.OldestDays = max(p.OldestDays, age)
	}
	slices.SortStableFunc(out, func(a, b *stalePage) int { return cmp.Compare(b.OldestDays, a.OldestDays) })
	pages := make([]stalePage, len(out))
	for i, p := range out {
		p.Oldest = rc.openFor(p.OldestDays)
		pages[i] = *p
	}
	return pages, nil
}

// stalePage is a page with suggestions that have waited too long, on its workplace's
// page.
type stalePage struct {
	Title, URL        string
	Count, OldestDays int
	Oldest            string // how long the oldest has been open, in words
}

// openHandled counts the open suggestions p handles, for the link on Mínar stefnur.
func (rc *records) openHandled(r *http.Request, p people.Person) (int, error) {
	open, err := rc.store.Suggestions(r.Context(), store.SuggestionQuery{Statuses: []string{store.SuggestionOpen}})
	if err != nil {
		return 0, err
	}
	h, n := rc.s.live(), 0
	for _, sg := range open {
		if handles(p, h.suggestTarget(sg.Page)) {
			n++
		}
	}
	return n, nil
}
