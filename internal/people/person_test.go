package people

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestParseRole(t *testing.T) {
	for in, want := range map[string]Role{"employee": Employee, " Supervisor ": Supervisor, "ADMIN": Admin} {
		if got, err := ParseRole(in); err != nil || got != want {
			t.Errorf("%q: %q, %v", in, got, err)
		}
	}
	for _, in := range []string{"", "boss", "admins"} {
		if _, err := ParseRole(in); err == nil {
			t.Errorf("%q was taken as a role", in)
		}
	}
}

func TestNormalizeEmail(t *testing.T) {
	for in, want := range map[string]string{"Anna@Dalvikurbyggd.IS": "anna@dalvikurbyggd.is", " jon.jonsson@dalvik.is ": "jon.jonsson@dalvik.is"} {
		if got, err := NormalizeEmail(in); err != nil || got != want {
			t.Errorf("%q: %q, %v", in, got, err)
		}
	}
	for _, in := range []string{"", "anna", "Anna <anna@dalvik.is>", "anna@dalvik.is, jon@dalvik.is", "@dalvik.is"} {
		if got, err := NormalizeEmail(in); err == nil {
			t.Errorf("%q was taken as %q", in, got)
		}
	}
}

func TestNewPerson(t *testing.T) {
	p, err := NewPerson(" Anna@Dalvik.is ", "Anna Jónsdóttir", "supervisor", []string{"Sundlaug", "krilakot", "sundlaug"}, "2026-02-01", testWorkplaces)
	if err != nil {
		t.Fatal(err)
	}
	want := Person{Email: "anna@dalvik.is", Name: "Anna Jónsdóttir", Role: Supervisor, Workplaces: []string{"sundlaug", "krilakot"},
		Start: time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)}
	if !reflect.DeepEqual(p, want) {
		t.Errorf("got %+v, want %+v", p, want)
	}
	if p, err := NewPerson("jon@dalvik.is", "Jón", "", nil, "", testWorkplaces); err != nil || p.Role != Employee {
		t.Errorf("no role: %+v, %v, want an employee", p, err)
	}
	_, err = NewPerson("anna", " ", "boss", []string{"sundlaugin"}, "2026-02-30", testWorkplaces)
	for _, part := range []string{`"anna" is not an email address`, "the name is empty", `"boss" is not a role`,
		`unknown workplace "sundlaugin" (did you mean "sundlaug"?)`, "February 2026 has 28 days"} {
		if err == nil || !strings.Contains(err.Error(), part) {
			t.Errorf("error %v, want it to say %q", err, part)
		}
	}
	if _, err := NewPerson("b@dalvik.is", "B", "supervisor", nil, "", testWorkplaces); err == nil || !strings.Contains(err.Error(), "a supervisor needs") {
		t.Errorf("a supervisor of nothing: %v", err)
	}
}
