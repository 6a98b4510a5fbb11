package people

import "testing"

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
