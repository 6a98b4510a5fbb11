package audit

import (
	"errors"
	"fmt"
	"testing"
	"time"
)

// The hash of this entry was computed outside Go from the encoding the package doc
// describes, so that the doc, not only the code, is what a stored hash depends on.
func TestSumFollowsTheDocumentedEncoding(t *testing.T) {
	e := Entry{
		Seq:     1,
		Time:    time.Date(2026, 3, 1, 9, 30, 0, 1000, time.UTC),
		Actor:   "anna@dalvik.is",
		Action:  "ack",
		Subject: "anna@dalvik.is",
		Data:    []byte(`{"policy":"thjonustustefna","version":2}`),
		Prev:    Genesis,
	}
	if got, want := Sum(e), "f7aba859a44255a79f0eb9729c05b2278189b99a31e5a2aea0a8d307968caf5e"; got != want {
		t.Errorf("Sum = %s, want %s", got, want)
	}
	// The same instant in another zone is the same entry.
	e.Time = e.Time.In(time.FixedZone("X", 3600))
	if got := Sum(e); got != "f7aba859a44255a79f0eb9729c05b2278189b99a31e5a2aea0a8d307968caf5e" {
		t.Errorf("the time zone changed the hash: %s", got)
	}
}

func TestSumTellsFieldsApart(t *testing.T) {
	a := Entry{Seq: 1, Actor: "ab", Action: "c", Prev: Genesis}
	b := Entry{Seq: 1, Actor: "a", Action: "bc", Prev: Genesis}
	if Sum(a) == Sum(b) {
		t.Error("moving a byte from one field to the next kept the hash")
	}
}

// chain makes a valid log of n entries.
func chain(n int) []Entry {
	head := Empty
	var log []Entry
	t0 := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	for i := range n {
		e := Next(head, Entry{
			Time: t0.Add(time.Duration(i) * time.Minute), Actor: "admin", Action: "person.add",
			Subject: fmt.Sprintf("p%d@dalvik.is", i), Data: []byte(`{}`),
		})
		log = append(log, e)
		head = Head{Seq: e.Seq, Hash: e.Hash}
	}
	return log
}

func TestVerify(t *testing.T) {
	good := chain(5)
	headOf := func(log []Entry, seq int) *Head {
		return &Head{Seq: log[seq-1].Seq, Hash: log[seq-1].Hash}
	}
	forged := func() []Entry { // entry 3 inserted, well formed, the old 3 and 4 renumbered
		log := append([]Entry{}, good[:2]...)
		f := Next(Head{Seq: 2, Hash: good[1].Hash}, Entry{Actor: "mallory", Action: "ack", Data: []byte(`{}`)})
		log = append(log, f)
		for _, e := range good[2:] {
			e.Seq++
			log = append(log, e)
		}
		return log
	}
	tests := []struct {
		name    string
		log     []Entry
		expect  *Head
		seq     uint64
		problem Problem
	}{
		{"OK", good, nil, 0, ""},
		{"OKEmpty", nil, &Empty, 0, ""},
		{"OKGrownSinceTheExpectedHead", good, headOf(good, 3), 0, ""},
		{"OKExpectedHeadIsTheLast", good, headOf(good, 5), 0, ""},
		{"Changed", with(good, 2, func(e *Entry) { e.Actor = "mallory" }), nil, 3, Changed},
		{"ChangedAndRehashed", with(good, 2, func(e *Entry) { e.Actor = "mallory"; e.Hash = Sum(*e) }), nil, 4, Unlinked},
		{"RemovedInTheMiddle", append(append([]Entry{}, good[:2]...), good[3:]...), nil, 3, Missing},
		{"RemovedFirst", good[1:], nil, 1, Missing},
		{"InsertedAndRenumbered", forged(), nil, 4, Unlinked},
		{"Repeated", append(append([]Entry{}, good[:3]...), good[2:]...), nil, 3, OutOfOrder},
		{"RemovedLast", good[:4], headOf(good, 5), 5, Missing},
		{"RewrittenTail", forged(), headOf(good, 3), 0, Unlinked},
		{"ExpectedHeadOfAnotherLog", good, &Head{Seq: 2, Hash: chain(1)[0].Hash}, 2, NotExpected},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			head, err := Verify(All(tt.log), tt.expect)
			if tt.problem == "" {
				if err != nil {
					t.Fatal(err)
				}
				if want := len(tt.log); head.Seq != uint64(want) || (want > 0 && head.Hash != tt.log[want-1].Hash) {
					t.Errorf("head %v, want entry %d of the log", head, want)
				}
				return
			}
			var bad *BadEntryError
			if !errors.As(err, &bad) {
				t.Fatalf("got %v, want a bad entry", err)
			}
			if bad.Problem != tt.problem || (tt.seq != 0 && bad.Seq != tt.seq) {
				t.Errorf("got %v, want entry %d %s", err, tt.seq, tt.problem)
			}
		})
	}
}

func with(log []Entry, i int, change func(*Entry)) []Entry {
	out := append([]Entry{}, log...)
	change(&out[i])
	return out
}

func TestVerifyPassesOnTheSequenceError(t *testing.T) {
	boom := errors.New("disk gone")
	_, err := Verify(func(yield func(Entry, error) bool) { yield(Entry{}, boom) }, nil)
	if !errors.Is(err, boom) {
		t.Errorf("got %v", err)
	}
}

func TestParseHead(t *testing.T) {
	h := Head{Seq: 42, Hash: chain(1)[0].Hash}
	got, err := ParseHead(" " + h.String() + "\n")
	if err != nil || got != h {
		t.Errorf("ParseHead(%q) = %v, %v", h.String(), got, err)
	}
	for _, bad := range []string{"", "42", "42:abc", "x:" + h.Hash, "-1:" + h.Hash, "042:" + h.Hash, h.Hash} {
		if _, err := ParseHead(bad); err == nil {
			t.Errorf("%q was taken as a head", bad)
		}
	}
}

func TestCanonicalJSON(t *testing.T) {
	got, err := CanonicalJSON(map[string]any{"version": 2, "policy": "a<b&c", "n": 12345678901234567890.0, "z": []int{2, 1}})
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"n":12345678901234567000,"policy":"a<b&c","version":2,"z":[2,1]}`; string(got) != want {
		t.Errorf("got %s, want %s", got, want)
	}
	type s struct {
		B string `json:"b"`
		A string `json:"a"`
	}
	got, _ = CanonicalJSON(s{B: "þ", A: "á"})
	if want := `{"a":"á","b":"þ"}`; string(got) != want {
		t.Errorf("got %s, want %s", got, want)
	}
}
