package server

import (
	"cmp"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/handbok/handbok/internal/people"
	"github.com/handbok/handbok/internal/store"
)

// suggestionsPage is what the suggestions layout shows: the suggestions the person
// handles, with a form to answer each, and those they wrote.
type suggestionsPage struct {
	// Problem is the UI text key of what is wrong, Done of what was just done.
	Problem, Done string
	// Message is the problem in words when its text takes numbers; ProblemAt the
	// anchor of the suggestion whose form it is about.
	Message, ProblemAt string
	// Handler: the person handles suggestions (a supervisor, an administrator, or the
	// owner of a page that has some), so the page shows what they handle.
	Handler  bool
	Handling []suggestItem
	// HandlingCount says how many of Handling are open, of how many; "" for none.
	HandlingCount string
	Mine          []suggestItem
	StaleDays     int
}

// suggestForm is a handler's form the page draws again: the answer as typed and why
// it was refused, in words.
type suggestForm struct {
	ID              int64
	Answer, Problem string
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
	// Action is where its form is sent; FormAnswer what the form's answer field holds,
	// and FormProblem why the form was refused, shown at it.
	Action                  string
	FormAnswer, FormProblem string
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
	rc.drawSuggestions(w, r, v, &page, http.StatusOK, nil)
}

// serveSuggestionLink is GET /_handbok/suggestions/{id}, the address of a suggestion's
// form, reloaded or kept: it goes on to the suggestion on the page, for those who
// handle it and for its author. For anyone else it is not there, as an id that is not.
func (rc *records) serveSuggestionLink(w http.ResponseWriter, r *http.Request) {
	v, ok := rc.pageVisitor(w, r)
	if !ok {
		return
	}
	id := suggestionID(r)
	if id == 0 {
		rc.s.notFound(w, r, "")
		return
	}
	sg, err := rc.store.Suggestion(r.Context(), id)
	switch {
	case errors.Is(err, store.ErrNotFound):
		rc.s.notFound(w, r, "")
		return
	case err != nil:
		rc.s.Log.Error("records: reading a suggestion", "err", err)
		w.Header().Set("Retry-After", "5")
		http.Error(w, rc.s.recordsText("records_unavailable"), http.StatusServiceUnavailable)
		return
	}
	anchor := "#" + suggestAnchor(id)
	switch {
	case handles(v.Person, rc.s.live().suggestTarget(sg.Page)):
	case sameEmail(v.Email, sg.Author):
		anchor = "#mine-" + suggestAnchor(id)
	default:
		rc.s.notFound(w, r, "")
		return
	}
	http.Redirect(w, r, rc.s.EscapedPrefix()+suggestPath+anchor, http.StatusSeeOther)
}

// suggestAnchor is the id of suggestion id's element among those the person handles.
func suggestAnchor(id int64) string { return "s-" + strconv.FormatInt(id, 10) }

// drawSuggestions fills page with the person's suggestions and draws it with code; the
// handler's form of one, when form is not nil, keeps the answer typed and says at it
// why it was refused.
func (rc *records) drawSuggestions(w http.ResponseWriter, r *http.Request, v *visitor, page *suggestionsPage, code int, form *suggestForm) {
	mine, handling, err := rc.suggestLists(r.Context(), v.Person)
	if err != nil {
		rc.s.Log.Error("records: reading suggestions", "err", err)
		page.Problem, code = "records_unavailable", http.StatusServiceUnavailable
	}
	page.StaleDays = rc.s.live().staleDays()
	page.Handler = v.Role == people.Admin || v.Role == people.Supervisor || len(handling) > 0
	open := 0
	for _, sv := range handling {
		it := rc.suggestItem(sv)
		if form != nil && it.ID == form.ID {
			it.FormAnswer, it.FormProblem = form.Answer, form.Problem
			page.ProblemAt = it.Anchor
		}
		if it.Status == store.SuggestionOpen {
			open++
		}
		page.Handling = append(page.Handling, it)
	}
	if len(handling) > 0 {
		page.HandlingCount = rc.countText("suggest_handling_count", open, open, len(handling))
	}
	for _, sv := range mine {
		page.Mine = append(page.Mine, rc.suggestItem(sv))
	}
	rc.s.draw(w, code, "suggestions", "suggest_title", page)
}

func (rc *records) suggestItem(sv suggestView) suggestItem {
	root := rc.s.EscapedPrefix()
	it := suggestItem{ID: sv.ID, Anchor: suggestAnchor(sv.ID), Title: sv.Target.Title,
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
	case rc.singular(days):
		key = "suggest_age_day"
	}
	return fmt.Sprintf(rc.s.recordsText(key), days)
}

// singular reports whether a count of n takes the singular in the handbook's language:
// in Icelandic every number that ends in one but not in eleven does.
func (rc *records) singular(n int) bool {
	if rc.language() == "is" {
		return n%10 == 1 && n%100 != 11
	}
	return n == 1
}

// countText is the UI text of key, or of key_one when n takes the singular, with args.
func (rc *records) countText(key string, n int, args ...any) string {
	if rc.singular(n) {
		key += "_one"
	}
	return fmt.Sprintf(rc.s.recordsText(key), args...)
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
// page; what will not do is shown on the page again with the answer as typed, and why
// at the form. Someone whose session has ended is shown the sign-in form with the
// answer they typed, which was not saved, to copy.
func (rc *records) serveSuggestionForm(w http.ResponseWriter, r *http.Request) {
	if !rc.s.parseForm(w, r, maxSuggestBody) {
		return
	}
	id := suggestionID(r)
	if id == 0 {
		rc.s.notFound(w, r, "")
		return
	}
	v, err := rc.who(r)
	if v == nil && err == nil {
		rc.signedOutForm(w, r, id)
		return
	}
	v, ok := rc.pageVisitorOf(w, r, v, err)
	if !ok {
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
		page := &suggestionsPage{Problem: bad.key}
		if bad.key == "suggest_answer_long" {
			page.Message = rc.countText(bad.key, bad.length, bad.length, maxSuggestText)
		}
		rc.drawSuggestions(w, r, v, page, bad.code, &suggestForm{ID: id, Answer: typed, Problem: cmp.Or(page.Message, rc.s.recordsText(bad.key))})
	}
}

// signedOutForm answers the form of suggestion id sent by someone no longer signed in:
// nothing is changed, and the sign-in form says so, shows the answer typed to copy,
// and goes back to the suggestion once they are signed in.
func (rc *records) signedOutForm(w http.ResponseWriter, r *http.Request, id int64) {
	root := rc.s.EscapedPrefix()
	page := signInPage{Action: root + signInPath, Next: root + suggestPath + "#" + suggestAnchor(id), Problem: "suggest_signed_out_change"}
	if a := r.PostForm.Get("answer"); strings.TrimSpace(a) != "" {
		page.Problem, page.Unsaved = "suggest_signed_out", a
	}
	rc.s.draw(w, http.StatusUnauthorized, "signin", "sign_in_title", page)
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
		days := rc.countText("suggest_days", p.OldestDays, p.OldestDays)
		if p.Count == 1 {
			p.Waited = fmt.Sprintf(rc.s.recordsText("suggest_stale_waited_single"), p.Count, days)
		} else {
			p.Waited = rc.countText("suggest_stale_waited", p.Count, p.Count, days)
		}
		pages[i] = *p
	}
	return pages, nil
}

// stalePage is a page with suggestions that have waited too long, on its workplace's
// page.
type stalePage struct {
	Title, URL        string
	Count, OldestDays int
	// Waited says in words how many have waited too long, and the oldest how long.
	Waited string
}

// openHandled counts the open suggestions p handles, and of those the ones waiting
// too long, for the link on Mínar stefnur.
func (rc *records) openHandled(r *http.Request, p people.Person) (n, stale int, err error) {
	open, err := rc.store.Suggestions(r.Context(), store.SuggestionQuery{Statuses: []string{store.SuggestionOpen}})
	if err != nil {
		return 0, 0, err
	}
	h, now := rc.s.live(), rc.s.now()
	for _, sg := range open {
		if handles(p, h.suggestTarget(sg.Page)) {
			n++
			if ageDays(sg.Created, now) > h.staleDays() {
				stale++
			}
		}
	}
	return n, stale, nil
}
