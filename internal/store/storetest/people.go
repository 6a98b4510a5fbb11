package storetest

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/handbok/handbok/internal/people"
	"github.com/handbok/handbok/internal/store"
)

func emails(ps []people.Person) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Email)
	}
	return out
}

func testPeople(t *testing.T, target Target) {
	s := open(t, target, "db")
	ctx := t.Context()
	want := staff()[0]
	got, err := s.Person(ctx, want.Email)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Person = %+v, want %+v", got, want)
	}
	if _, err := s.Person(ctx, "nobody@dalvikurbyggd.is"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown person: %v, want ErrNotFound", err)
	}
	all, err := s.People(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := emails(all), []string{admin, "anna@dalvikurbyggd.is", "bjorn@dalvikurbyggd.is", "cecilia@dalvikurbyggd.is"}; !reflect.DeepEqual(got, want) {
		t.Errorf("People() = %v, want %v", got, want)
	}
	if got := all[2].Workplaces; !reflect.DeepEqual(got, []string{"leikskoli", "sundlaug"}) {
		t.Errorf("Björn's workplaces = %v, want both, sorted", got)
	}
	pool, err := s.People(ctx, "sundlaug")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := emails(pool), []string{"anna@dalvikurbyggd.is", "bjorn@dalvikurbyggd.is"}; !reflect.DeepEqual(got, want) {
		t.Errorf("People(sundlaug) = %v, want %v", got, want)
	}
	if none, err := s.People(ctx, "bokasafn"); err != nil || len(none) != 0 {
		t.Errorf("People(bokasafn) = %v, %v, want none", none, err)
	}
}

func testAddPeopleAllOrNothing(t *testing.T, target Target) {
	s := open(t, target, "db")
	ctx := t.Context()
	before := len(entries(t, s))
	dagny := people.Person{Email: "dagny@dalvikurbyggd.is", Name: "Dagný", Role: people.Employee, Workplaces: []string{"sundlaug"}}
	for name, batch := range map[string][]people.Person{
		"AlreadyThere": {dagny, staff()[1]},
		"Repeated":     {dagny, dagny},
	} {
		err := s.AddPeople(ctx, admin, batch)
		if !errors.Is(err, store.ErrExists) {
			t.Errorf("%s: %v, want ErrExists", name, err)
		}
		if err != nil && !strings.Contains(err.Error(), batch[1].Email) {
			t.Errorf("%s: %v does not name %s", name, err, batch[1].Email)
		}
		if _, err := s.Person(ctx, dagny.Email); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("%s: the rest of the batch was added: %v", name, err)
		}
	}
	if after := len(entries(t, s)); after != before {
		t.Errorf("a refused batch left %d audit entries", after-before)
	}
	if err := s.AddPeople(ctx, admin, []people.Person{dagny}); err != nil {
		t.Fatalf("after refusals: %v", err)
	}
	log := entries(t, s)
	last := log[len(log)-1]
	if last.Action != store.ActionPersonAdd || last.Subject != dagny.Email || last.Actor != admin {
		t.Errorf("last audit entry %+v, want %s adding %s", last, admin, dagny.Email)
	}
}

func testDisablePerson(t *testing.T, target Target) {
	s := open(t, target, "db")
	ctx := t.Context()
	anna := staff()[0].Email
	mustAck(t, s, ack(anna, "thjonustustefna", 1))
	for range 2 {
		if err := s.DisablePerson(ctx, admin, anna); err != nil {
			t.Fatal(err)
		}
	}
	p, err := s.Person(ctx, anna)
	if err != nil || !p.Disabled {
		t.Errorf("Person after disabling: %+v, %v", p, err)
	}
	if _, _, err := s.RecordAck(ctx, ack(anna, "thjonustustefna", 2)); !errors.Is(err, store.ErrDisabled) {
		t.Errorf("a disabled person acknowledged: %v, want ErrDisabled", err)
	}
	if acks, err := s.AcksOf(ctx, anna); err != nil || len(acks) != 1 {
		t.Errorf("a disabled person's records: %v, %v, want the one acknowledgment kept", acks, err)
	}
	disables := 0
	for _, e := range entries(t, s) {
		if e.Action == store.ActionPersonDisable && e.Subject == anna {
			disables++
		}
	}
	if disables != 1 {
		t.Errorf("%d audit entries for disabling, want 1", disables)
	}
	if err := s.DisablePerson(ctx, admin, "nobody@dalvikurbyggd.is"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("disabling nobody: %v, want ErrNotFound", err)
	}
}

func testPasswordHash(t *testing.T, target Target) {
	s := open(t, target, "db")
	ctx := t.Context()
	anna := staff()[0].Email
	if h, err := s.PasswordHash(ctx, anna); err != nil || h != "" {
		t.Errorf("PasswordHash before one is set: %q, %v", h, err)
	}
	const secret = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA"
	if err := s.SetPasswordHash(ctx, anna, anna, secret); err != nil {
		t.Fatal(err)
	}
	if h, err := s.PasswordHash(ctx, anna); err != nil || h != secret {
		t.Errorf("PasswordHash = %q, %v", h, err)
	}
	log := entries(t, s)
	last := log[len(log)-1]
	if last.Action != store.ActionPersonPassword || last.Subject != anna {
		t.Errorf("last audit entry %+v, want a password change for %s", last, anna)
	}
	if strings.Contains(string(last.Data), "argon2") {
		t.Errorf("the audit log keeps the hash: %s", last.Data)
	}
	if _, err := s.PasswordHash(ctx, "nobody@dalvikurbyggd.is"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("PasswordHash(nobody): %v, want ErrNotFound", err)
	}
	if err := s.SetPasswordHash(ctx, admin, "nobody@dalvikurbyggd.is", secret); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("SetPasswordHash(nobody): %v, want ErrNotFound", err)
	}
}

// testAddPeopleWithPassword: people added with a password have it from the start, in the
// same transaction; when one cannot be added, nobody is, and no password is kept.
func testAddPeopleWithPassword(t *testing.T, target Target) {
	s := open(t, target, "db")
	ctx := t.Context()
	const hash = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA"
	ny := []people.Person{
		{Email: "ny@dalvikurbyggd.is", Name: "Ný", Role: people.Employee, Workplaces: []string{"sundlaug"}},
		{Email: "onnur@dalvikurbyggd.is", Name: "Önnur", Role: people.Admin},
	}
	if err := s.AddPeopleWithPassword(ctx, admin, ny, hash); err != nil {
		t.Fatal(err)
	}
	for _, p := range ny {
		if h, err := s.PasswordHash(ctx, p.Email); err != nil || h != hash {
			t.Errorf("%s: PasswordHash = %q, %v", p.Email, h, err)
		}
	}
	before := len(entries(t, s))
	again := []people.Person{{Email: "thridja@dalvikurbyggd.is", Name: "Þriðja", Role: people.Employee}, ny[0]}
	if err := s.AddPeopleWithPassword(ctx, admin, again, hash); !errors.Is(err, store.ErrExists) {
		t.Errorf("adding someone already there: %v, want ErrExists", err)
	}
	if _, err := s.Person(ctx, "thridja@dalvikurbyggd.is"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("the refused file's first person was added: %v", err)
	}
	if after := len(entries(t, s)); after != before {
		t.Errorf("a refused addition left %d audit entries", after-before)
	}
}
