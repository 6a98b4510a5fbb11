package server

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/handbok/handbok/internal/people"
	"github.com/handbok/handbok/internal/store"
)

// Suggestions: a reader tells whoever answers for a page that something on it is
// unclear, out of date or wrong, and they answer it and mark it handled. The API is for
// the form on every page; /_handbok/suggestions (suggestpages.go) is the same without a
// script.

// Limits of what a suggestion holds, in characters: a page of text, and a paragraph
// quoted.
const (
	maxSuggestText    = 4000
	maxSuggestPassage = 1000
	// maxSuggestBody bounds a suggestion's request: the text and the passage at their
	// longest, each character written as a JSON escape, or a form's percent-encoding.
	maxSuggestBody = 64 << 10
	// maxHandled is how many suggestions already handled a handler's list shows.
	maxHandled = 100
)

// suggestKinds are the kinds a suggestion may be.
var suggestKinds = []string{store.SuggestUnclear, store.SuggestOutdated, store.SuggestWrong, store.SuggestOther}

// suggestRequest is the body of POST /api/suggestions.
type suggestRequest struct {
	Page    string `json:"page"`
	Kind    string `json:"kind"`
	Text    string `json:"text"`
	Passage string `json:"passage"`
}

// suggestStatusRequest is the body of PATCH /api/suggestions/{id}. Answer nil keeps the
// answer there.
type suggestStatusRequest struct {
	Status string  `json:"status"`
	Answer *string `json:"answer"`
}

// suggestionJSON is a suggestion as the API answers it. Author and AuthorName are given
// only to those who handle it.
type suggestionJSON struct {
	ID             int64     `json:"id"`
	Page           string    `json:"page"`
	URL            string    `json:"url"`
	Title          string    `json:"title"`
	Workplace      string    `json:"workplace"`
	Kind           string    `json:"kind"`
	Passage        string    `json:"passage"`
	Text           string    `json:"text"`
	Status         string    `json:"status"`
	Answer         string    `json:"answer"`
	AnsweredBy     string    `json:"answered_by"`
	AnsweredByName string    `json:"answered_by_name"`
	Created        time.Time `json:"created"`
	Updated        time.Time `json:"updated"`
	AgeDays        int       `json:"age_days"`
	Stale          bool      `json:"stale"`
	Author         string    `json:"author,omitempty"`
	AuthorName     string    `json:"author_name,omitempty"`
}

// suggestionsJSON is the answer of GET /api/suggestions.
type suggestionsJSON struct {
	Mine      []suggestionJSON `json:"mine"`
	Handling  []suggestionJSON `json:"handling"`
	StaleDays int              `json:"stale_days"`
}

// suggestView is a suggestion as read now: what it is about in the live handbook, how
// old it is and who wrote and answered it.
type suggestView struct {
	store.Suggestion
	Target                     suggestTarget
	AgeDays                    int
	Stale                      bool
	AuthorName, AnsweredByName string
}

// names finds people's names for a request, each once.
type names struct {
	ctx   context.Context
	store Records
	known map[string]string
}

func (n *names) of(email string) string {
	if email == "" {
		return ""
	}
	if name, ok := n.known[email]; ok {
		return name
	}
	name := email
	if p, err := n.store.Person(n.ctx, email); err == nil {
		name = p.Name
	}
	n.known[email] = name
	return name
}

// suggestViews reads sgs as they stand in the live handbook at the server's now.
func (rc *records) suggestViews(ctx context.Context, sgs []store.Suggestion) []suggestView {
	h, now := rc.s.live(), rc.s.now()
	stale := h.staleDays()
	n := &names{ctx: ctx, store: rc.store, known: map[string]string{}}
	out := make([]suggestView, len(sgs))
	for i, sg := range sgs {
		v := suggestView{Suggestion: sg, Target: h.suggestTarget(sg.Page), AgeDays: ageDays(sg.Created, now),
			AuthorName: n.of(sg.Author), AnsweredByName: n.of(sg.AnsweredBy)}
		v.Stale = sg.Status == store.SuggestionOpen && v.AgeDays > stale
		if !v.Target.Known {
			v.Target.Title = sg.Title
		}
		out[i] = v
	}
	return out
}

// ageDays is how many whole days have passed from created to now.
func ageDays(created, now time.Time) int {
	return max(0, int(now.Sub(created)/(24*time.Hour)))
}

func (v suggestView) json(withAuthor bool) suggestionJSON {
	j := suggestionJSON{ID: v.ID, Page: v.Page, URL: v.Target.URL, Title: v.Target.Title, Workplace: v.Target.Workplace,
		Kind: v.Kind, Passage: v.Passage, Text: v.Text, Status: v.Status, Answer: v.Answer,
		AnsweredBy: v.AnsweredBy, AnsweredByName: v.AnsweredByName, Created: v.Created, Updated: v.Updated,
		AgeDays: v.AgeDays, Stale: v.Stale}
	if withAuthor {
		j.Author, j.AuthorName = v.Author, v.AuthorName
	}
	return j
}

// suggestLists returns the suggestions p wrote, newest first, and those p handles: the
// open ones and then the answered, oldest first each, then at most maxHandled of those
// handled, the last handled first.
func (rc *records) suggestLists(ctx context.Context, p people.Person) (mine, handling []suggestView, err error) {
	all, err := rc.store.Suggestions(ctx, store.SuggestionQuery{})
	if err != nil {
		return nil, nil, err
	}
	h := rc.s.live()
	var mineSg, handlingSg []store.Suggestion
	for _, sg := range all {
		if sg.Author == p.Email {
			mineSg = append(mineSg, sg)
		}
		if handles(p, h.suggestTarget(sg.Page)) {
			handlingSg = append(handlingSg, sg)
		}
	}
	slices.Reverse(mineSg)
	rank := map[string]int{store.SuggestionOpen: 0, store.SuggestionAnswered: 1, store.SuggestionHandled: 2}
	slices.SortStableFunc(handlingSg, func(a, b store.Suggestion) int {
		if c := cmp.Compare(rank[a.Status], rank[b.Status]); c != 0 {
			return c
		}
		if a.Status == store.SuggestionHandled {
			return cmp.Or(b.Updated.Compare(a.Updated), cmp.Compare(b.ID, a.ID))
		}
		return cmp.Compare(a.ID, b.ID)
	})
	if i := slices.IndexFunc(handlingSg, func(sg store.Suggestion) bool { return sg.Status == store.SuggestionHandled }); i >= 0 {
		handlingSg = handlingSg[:min(len(handlingSg), i+maxHandled)]
	}
	return rc.suggestViews(ctx, mineSg), rc.suggestViews(ctx, handlingSg), nil
}

// serveSuggestionsList is GET /api/suggestions: what the person signed in wrote, and
// what they handle.
func (rc *records) serveSuggestionsList(w http.ResponseWriter, r *http.Request, v *visitor) {
	mine, handling, err := rc.suggestLists(r.Context(), v.Person)
	if err != nil {
		rc.unavailable(w, "reading suggestions", err)
		return
	}
	out := suggestionsJSON{Mine: []suggestionJSON{}, Handling: []suggestionJSON{}, StaleDays: rc.s.live().staleDays()}
	for _, sv := range mine {
		out.Mine = append(out.Mine, sv.json(false))
	}
	for _, sv := range handling {
		out.Handling = append(out.Handling, sv.json(true))
	}
	writeJSON(w, http.StatusOK, out)
}

// suggestProblem says what is wrong with a suggestion's kind, text and passage, "" when
// nothing is.
func suggestProblem(kind, text, passage string) string {
	switch {
	case !slices.Contains(suggestKinds, kind):
		return `give the kind of the suggestion: "unclear", "outdated", "wrong" or "other"`
	case strings.TrimSpace(text) == "":
		return "write what could be better"
	case utf8.RuneCountInString(text) > maxSuggestText:
		return fmt.Sprintf("the text is longer than %d characters: shorten it", maxSuggestText)
	case utf8.RuneCountInString(passage) > maxSuggestPassage:
		return fmt.Sprintf("the passage quoted is longer than %d characters: quote less of the page", maxSuggestPassage)
	case !storable(text) || !storable(passage):
		return "the text has a NUL character or bytes that are not UTF-8, which the records cannot keep: take them out"
	}
	return ""
}

// storable reports whether the records keep s as it is on both stores: PostgreSQL
// refuses a NUL character and bytes that are not UTF-8 in text, and a text that one
// store refuses is refused before it reaches either, as a mistake in the request.
func storable(s string) bool { return utf8.ValidString(s) && !strings.ContainsRune(s, 0) }

// serveSuggest is POST /api/suggestions: the person signed in suggests an improvement
// to a page of the handbook. 201 with the suggestion; 400 for a kind, text or passage
// that will not do; 404 for a page the handbook does not have; 429 with Retry-After for
// someone who sent their fill of them in the last hour.
func (rc *records) serveSuggest(w http.ResponseWriter, r *http.Request, v *visitor) {
	var req suggestRequest
	if !readJSONUpTo(w, r, &req, maxSuggestBody) {
		return
	}
	if msg := suggestProblem(req.Kind, req.Text, req.Passage); msg != "" {
		writeError(w, http.StatusBadRequest, msg)
		return
	}
	t := rc.s.live().suggestTarget(req.Page)
	if !t.Known {
		writeError(w, http.StatusNotFound, fmt.Sprintf("the handbook has no page %q: give a policy's or checklist's id, or a page's address from the handbook's root", req.Page))
		return
	}
	wait, giveBack := rc.suggestLimit.take(v.Email, rc.s.now())
	if giveBack == nil {
		secs := int(math.Ceil(wait.Seconds()))
		w.Header().Set("Retry-After", strconv.Itoa(secs))
		writeError(w, http.StatusTooManyRequests, fmt.Sprintf("you have sent %d suggestions in the last hour; send this one in %d minutes", suggestPerWindow, (secs+59)/60))
		return
	}
	sg, err := rc.store.AddSuggestion(r.Context(), store.Suggestion{Page: req.Page, Title: t.Title, Revision: t.Revision,
		Author: v.Email, Kind: req.Kind, Passage: req.Passage, Text: req.Text})
	if err != nil {
		giveBack()
		if errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrDisabled) {
			writeError(w, http.StatusUnauthorized, "sign in again")
			return
		}
		rc.s.Log.Error("records: a suggestion was not saved", "person", v.Email, "page", req.Page, "err", err)
		w.Header().Set("Retry-After", "5")
		writeError(w, http.StatusServiceUnavailable, "your suggestion was not saved; try again in a moment")
		return
	}
	writeJSON(w, http.StatusCreated, rc.suggestViews(r.Context(), []store.Suggestion{sg})[0].json(false))
}

// errNotHandler: the person does not handle the suggestion they would change.
var errNotHandler = errors.New("not theirs to handle")

// suggestChange is a change to a suggestion that was refused, with why.
type suggestChange struct {
	code int
	msg  string // for the API
	key  string // the UI text key, for the page
	// length is how many characters an answer too long has.
	length int
}

// noSuggestion is the refusal of suggestion id, as if it were not there.
func noSuggestion(id int64) *suggestChange {
	return &suggestChange{code: http.StatusNotFound, msg: fmt.Sprintf("there is no suggestion %d", id)}
}

// setSuggestion sets the status of suggestion id, and its answer unless answer is nil,
// as v. It returns the suggestion as it stands, or why it cannot. Someone who neither
// handles nor wrote it is told it is not there, as for an id that is not, so that
// nobody learns of another's suggestions by trying ids.
func (rc *records) setSuggestion(ctx context.Context, v *visitor, id int64, status string, answer *string) (store.Suggestion, *suggestChange) {
	sg, err := rc.store.Suggestion(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return sg, noSuggestion(id)
	}
	if err != nil {
		rc.s.Log.Error("records: reading a suggestion", "err", err)
		return sg, &suggestChange{code: http.StatusServiceUnavailable, msg: "the records cannot be reached; try again in a moment", key: "records_unavailable"}
	}
	if !handles(v.Person, rc.s.live().suggestTarget(sg.Page)) {
		if !sameEmail(v.Email, sg.Author) {
			return store.Suggestion{}, noSuggestion(id)
		}
		return sg, &suggestChange{code: http.StatusForbidden, msg: "only the page's owner, the supervisors of its workplace and administrators handle this suggestion", key: "suggest_forbidden"}
	}
	text := sg.Answer
	if answer != nil {
		text = *answer
	}
	switch n := utf8.RuneCountInString(text); {
	case status != store.SuggestionOpen && status != store.SuggestionAnswered && status != store.SuggestionHandled:
		return sg, &suggestChange{code: http.StatusBadRequest, msg: `give the status: "open", "answered" or "handled"`, key: "suggest_status_bad"}
	case n > maxSuggestText:
		return sg, &suggestChange{code: http.StatusBadRequest, msg: fmt.Sprintf("the answer is %d characters long, and at most %d are kept: shorten it", n, maxSuggestText),
			key: "suggest_answer_long", length: n}
	case !storable(text):
		return sg, &suggestChange{code: http.StatusBadRequest, msg: "the answer has a NUL character or bytes that are not UTF-8, which the records cannot keep: take them out",
			key: "suggest_answer_unreadable"}
	case status == store.SuggestionAnswered && strings.TrimSpace(text) == "":
		return sg, &suggestChange{code: http.StatusBadRequest, msg: "write the answer", key: "suggest_answer_empty"}
	}
	out, err := rc.store.SetSuggestion(ctx, v.Email, id, status, text)
	if err != nil {
		rc.s.Log.Error("records: a suggestion's status was not saved", "person", v.Email, "suggestion", id, "err", err)
		return sg, &suggestChange{code: http.StatusServiceUnavailable, msg: "the change was not saved; try again in a moment", key: "records_unavailable"}
	}
	return out, nil
}

// suggestionID reads the id of a suggestion's path, 0 for one that cannot be.
func suggestionID(r *http.Request) int64 {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id < 1 {
		return 0
	}
	return id
}

// serveSuggestStatus is PATCH /api/suggestions/{id}: whoever handles a suggestion
// answers it, marks it handled or opens it again. 200 with the suggestion; 403 for its
// author, who does not handle it; 404 for an id not there, and for anyone who neither
// handles nor wrote it.
func (rc *records) serveSuggestStatus(w http.ResponseWriter, r *http.Request, v *visitor) {
	id := suggestionID(r)
	if id == 0 {
		writeError(w, http.StatusNotFound, fmt.Sprintf("there is no suggestion %q", r.PathValue("id")))
		return
	}
	var req suggestStatusRequest
	if !readJSONUpTo(w, r, &req, maxSuggestBody) {
		return
	}
	sg, bad := rc.setSuggestion(r.Context(), v, id, req.Status, req.Answer)
	if bad != nil {
		if bad.code == http.StatusServiceUnavailable {
			w.Header().Set("Retry-After", "5")
		}
		writeError(w, bad.code, bad.msg)
		return
	}
	writeJSON(w, http.StatusOK, rc.suggestViews(r.Context(), []store.Suggestion{sg})[0].json(true))
}
