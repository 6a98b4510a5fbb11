package storetest

import (
	"encoding/json"
	"errors"
	"slices"
	"testing"

	"github.com/handbok/handbok/internal/store"
)

// hostile is text a reader might write that a store must keep byte for byte.
const hostile = "<script>alert('x')</script> \"; DROP TABLE suggestions; -- Þú ö ð 🙂\n\tlína 2"

// testSuggestions: a suggestion is kept as written, open, with its audit entry; status
// changes are kept and audited, a change to the same status and answer is not; the
// queries pick by author and status, oldest first.
func testSuggestions(t *testing.T, target Target) {
	s := open(t, target, "suggestions")
	ctx := t.Context()
	anna, cecilia := staff()[0].Email, staff()[2].Email
	add := func(author, page, kind string) store.Suggestion {
		t.Helper()
		sg, err := s.AddSuggestion(ctx, store.Suggestion{Page: page, Title: "Titill " + page, Revision: "r1", Author: author,
			Kind: kind, Passage: "Svarað er innan viku.", Text: hostile})
		if err != nil {
			t.Fatal(err)
		}
		return sg
	}
	first := add(anna, "thjonustustefna", store.SuggestUnclear)
	if first.ID == 0 || first.Status != store.SuggestionOpen || first.Text != hostile || first.Passage != "Svarað er innan viku." ||
		first.Title != "Titill thjonustustefna" || first.Revision != "r1" || first.Author != anna || first.Kind != store.SuggestUnclear ||
		first.Created.IsZero() || !first.Updated.Equal(first.Created) || first.Answer != "" || first.AnsweredBy != "" {
		t.Errorf("added: %+v", first)
	}
	second := add(cecilia, "leikskoli/reglur", store.SuggestWrong)
	third := add(anna, "sundlaug/opnun.html", store.SuggestOutdated)
	if got, err := s.Suggestion(ctx, second.ID); err != nil || got != second {
		t.Errorf("Suggestion(%d): %+v %v, want %+v", second.ID, got, err, second)
	}
	if _, err := s.Suggestion(ctx, third.ID+100); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("an unknown id: %v, want ErrNotFound", err)
	}

	bjorn := staff()[1].Email
	answered, err := s.SetSuggestion(ctx, bjorn, first.ID, store.SuggestionAnswered, "Takk, lagað.")
	if err != nil {
		t.Fatal(err)
	}
	if answered.Status != store.SuggestionAnswered || answered.Answer != "Takk, lagað." || answered.AnsweredBy != bjorn ||
		answered.Updated.Before(answered.Created) || answered.Text != hostile {
		t.Errorf("answered: %+v", answered)
	}
	before := len(entries(t, s))
	if again, err := s.SetSuggestion(ctx, bjorn, first.ID, store.SuggestionAnswered, "Takk, lagað."); err != nil || again != answered {
		t.Errorf("the same again: %+v %v, want it unchanged", again, err)
	}
	if after := len(entries(t, s)); after != before {
		t.Errorf("the same status and answer again appended %d entries", after-before)
	}
	if _, err := s.SetSuggestion(ctx, bjorn, first.ID, store.SuggestionHandled, "Takk, lagað."); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SetSuggestion(ctx, bjorn, third.ID+100, store.SuggestionHandled, ""); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("setting an unknown id: %v, want ErrNotFound", err)
	}

	ids := func(q store.SuggestionQuery) []int64 {
		t.Helper()
		got, err := s.Suggestions(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		var out []int64
		for _, sg := range got {
			out = append(out, sg.ID)
		}
		return out
	}
	for name, tt := range map[string]struct {
		q    store.SuggestionQuery
		want []int64
	}{
		"all":              {store.SuggestionQuery{}, []int64{first.ID, second.ID, third.ID}},
		"Anna's":           {store.SuggestionQuery{Author: anna}, []int64{first.ID, third.ID}},
		"open":             {store.SuggestionQuery{Statuses: []string{store.SuggestionOpen}}, []int64{second.ID, third.ID}},
		"open or answered": {store.SuggestionQuery{Statuses: []string{store.SuggestionOpen, store.SuggestionAnswered}}, []int64{second.ID, third.ID}},
		"Anna's handled":   {store.SuggestionQuery{Author: anna, Statuses: []string{store.SuggestionHandled}}, []int64{first.ID}},
		"nobody's":         {store.SuggestionQuery{Author: "enginn@dalvikurbyggd.is"}, nil},
	} {
		if got := ids(tt.q); !slices.Equal(got, tt.want) {
			t.Errorf("%s: %v, want %v", name, got, tt.want)
		}
	}

	// The log: each suggestion added by its author, on its page, without its text; each
	// change by who made it, from and to.
	var log []string
	for _, e := range entries(t, s) {
		if e.Action != store.ActionSuggest && e.Action != store.ActionSuggestStatus {
			continue
		}
		var d map[string]any
		if err := json.Unmarshal(e.Data, &d); err != nil {
			t.Fatal(err)
		}
		if _, ok := d["text"]; ok {
			t.Errorf("the log keeps the text: %s", e.Data)
		}
		log = append(log, e.Action+" "+e.Actor+" "+e.Subject+" "+string(e.Data))
	}
	want := []string{
		`suggestion.add anna@dalvikurbyggd.is thjonustustefna {"id":1,"kind":"unclear","revision":"r1"}`,
		`suggestion.add cecilia@dalvikurbyggd.is leikskoli/reglur {"id":2,"kind":"wrong","revision":"r1"}`,
		`suggestion.add anna@dalvikurbyggd.is sundlaug/opnun.html {"id":3,"kind":"outdated","revision":"r1"}`,
		`suggestion.status bjorn@dalvikurbyggd.is thjonustustefna {"answer_changed":true,"from":"open","id":1,"to":"answered"}`,
		`suggestion.status bjorn@dalvikurbyggd.is thjonustustefna {"answer_changed":false,"from":"answered","id":1,"to":"handled"}`,
	}
	if !slices.Equal(log, want) {
		t.Errorf("the log:\n%s\nwant\n%s", log, want)
	}
	if _, err := verify(t, s, nil); err != nil {
		t.Error(err)
	}
}

// testSuggestionAuthors: only a known person who is not disabled can suggest, and a
// refused one leaves nothing behind.
func testSuggestionAuthors(t *testing.T, target Target) {
	s := open(t, target, "suggestion-authors")
	ctx := t.Context()
	if err := s.DisablePerson(ctx, admin, staff()[2].Email); err != nil {
		t.Fatal(err)
	}
	for who, want := range map[string]error{"enginn@dalvikurbyggd.is": store.ErrNotFound, staff()[2].Email: store.ErrDisabled} {
		if _, err := s.AddSuggestion(ctx, store.Suggestion{Page: "p", Title: "P", Author: who, Kind: store.SuggestOther, Text: "x"}); !errors.Is(err, want) {
			t.Errorf("%s: %v, want %v", who, err, want)
		}
	}
	if got, err := s.Suggestions(ctx, store.SuggestionQuery{}); err != nil || len(got) != 0 {
		t.Errorf("after refusals: %v %v", got, err)
	}
}
