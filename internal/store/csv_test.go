package store

import (
	"strings"
	"testing"
	"time"
)

func TestWriteAcksCSV(t *testing.T) {
	acks := []Acknowledgment{
		{Email: "anna@dalvik.is", Policy: "thagnarskylda", Version: 2, Revision: "abc", At: time.Date(2026, 3, 1, 9, 30, 5, 123456000, time.UTC), How: Button},
		{Email: "jon@dalvik.is", Policy: "=sundreglur", Version: 1, Revision: "def", At: time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC), How: SSO},
	}
	var b strings.Builder
	if err := WriteAcksCSV(&b, acks, map[string]string{"anna@dalvik.is": "Anna Jónsdóttir, ritari", "jon@dalvik.is": "=HYPERLINK(\"x\")"}); err != nil {
		t.Fatal(err)
	}
	want := "\ufeffemail,name,policy,version,revision,time,how\n" +
		"anna@dalvik.is,\"Anna Jónsdóttir, ritari\",thagnarskylda,2,abc,2026-03-01T09:30:05Z,button\n" +
		"jon@dalvik.is,\"'=HYPERLINK(\"\"x\"\")\",'=sundreglur,1,def,2026-03-02T10:00:00Z,sso\n"
	if b.String() != want {
		t.Errorf("got\n%q\nwant\n%q", b.String(), want)
	}
}
