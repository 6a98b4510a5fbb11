package storetest

import (
	"encoding/json"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/handbok/handbok/internal/people"
	"github.com/handbok/handbok/internal/store"
)

// testUpdatePerson: every field UpdatePerson changes is changed and read back, the audit
// entry names exactly the fields that changed, from and to, and a change that changes
// nothing logs nothing.
func testUpdatePerson(t *testing.T, target Target) {
	s := open(t, target, "db")
	ctx := t.Context()
	anna := staff()[0]
	want := anna
	want.Name = "Anna Jónsdóttir Blöndal"
	want.Role = people.Supervisor
	want.Workplaces = []string{"sundlaug", "leikskoli"}
	want.Start = time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	want.Title = "Laugarvörður"
	want.Onboarded = time.Date(2026, 3, 20, 0, 0, 0, 0, time.UTC)
	if err := s.UpdatePerson(ctx, "bjorn@dalvikurbyggd.is", want); err != nil {
		t.Fatal(err)
	}
	got, err := s.Person(ctx, anna.Email)
	if err != nil {
		t.Fatal(err)
	}
	want.Workplaces = []string{"leikskoli", "sundlaug"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("after UpdatePerson: %+v, want %+v", got, want)
	}
	if in, err := s.People(ctx, "leikskoli"); err != nil || !contains(emails(in), anna.Email) {
		t.Errorf("People(leikskoli) = %v, %v: the workplace added is not there", emails(in), err)
	}
	log := entries(t, s)
	last := log[len(log)-1]
	if last.Action != store.ActionPersonUpdate || last.Subject != anna.Email || last.Actor != "bjorn@dalvikurbyggd.is" {
		t.Fatalf("last audit entry %+v, want Björn updating Anna", last)
	}
	var data map[string]struct{ From, To any }
	if err := json.Unmarshal(last.Data, &data); err != nil {
		t.Fatal(err)
	}
	wantData := map[string]struct{ From, To any }{
		"name":       {"Anna Jónsdóttir", "Anna Jónsdóttir Blöndal"},
		"role":       {"employee", "supervisor"},
		"workplaces": {[]any{"sundlaug"}, []any{"leikskoli", "sundlaug"}},
		"start":      {"2026-02-01", "2026-03-02"},
		"title":      {"", "Laugarvörður"},
		"onboarded":  {"", "2026-03-20"},
	}
	if !reflect.DeepEqual(data, wantData) {
		t.Errorf("audit data %s, want each field from and to: %v", last.Data, wantData)
	}

	// Back to a single field changed: only it is logged.
	again := want
	again.Onboarded = time.Time{}
	if err := s.UpdatePerson(ctx, admin, again); err != nil {
		t.Fatal(err)
	}
	log = entries(t, s)
	if last := log[len(log)-1]; string(last.Data) != `{"onboarded":{"from":"2026-03-20","to":""}}` {
		t.Errorf("clearing Onboarded logged %s", last.Data)
	}
	before := len(log)
	if err := s.UpdatePerson(ctx, admin, again); err != nil {
		t.Fatal(err)
	}
	if after := len(entries(t, s)); after != before {
		t.Errorf("an update that changes nothing logged %d entries", after-before)
	}
	if err := s.UpdatePerson(ctx, admin, people.Person{Email: "nobody@dalvikurbyggd.is", Name: "N", Role: people.Employee}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("updating nobody: %v, want ErrNotFound", err)
	}
}

// testAddPersonTitle: a person added with a title and an Onboarded day has them, and
// the audit entry of the addition names the title.
func testAddPersonTitle(t *testing.T, target Target) {
	s := open(t, target, "db")
	ctx := t.Context()
	p := people.Person{Email: "ny@dalvikurbyggd.is", Name: "Ný", Role: people.Employee, Workplaces: []string{"sundlaug"},
		Title: "Laugarvörður", Onboarded: time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)}
	if err := s.AddPeople(ctx, admin, []people.Person{p}); err != nil {
		t.Fatal(err)
	}
	if got, err := s.Person(ctx, p.Email); err != nil || !reflect.DeepEqual(got, p) {
		t.Errorf("Person = %+v, %v, want %+v", got, err, p)
	}
	log := entries(t, s)
	var data struct{ Title string }
	if err := json.Unmarshal(log[len(log)-1].Data, &data); err != nil || data.Title != p.Title {
		t.Errorf("the addition's audit data %s lacks the title", log[len(log)-1].Data)
	}
}

func contains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}
