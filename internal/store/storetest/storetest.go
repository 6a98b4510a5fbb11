// Package storetest is the one test suite that every records store must pass, so that
// SQLite and PostgreSQL keep the same records the same way. An implementation's own test
// calls Run with a Target that opens its databases.
package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/handbok/handbok/internal/audit"
	"github.com/handbok/handbok/internal/people"
	"github.com/handbok/handbok/internal/store"
)

// Target is the implementation under test.
type Target struct {
	// Open opens the database called name for this test, creating it empty the first
	// time; opening the same name again opens the same records. Errors are returned, not
	// reported, so that refusals can be tested.
	Open func(t *testing.T, name string) (store.Store, error)
	// Exec runs a statement on the database called name past the store, as someone
	// tampering with the records would. Statements use $1-style parameters.
	Exec func(t *testing.T, name, query string, args ...any)
}

// Run runs the suite against target.
func Run(t *testing.T, target Target) {
	tests := map[string]func(*testing.T, Target){
		"People":                     testPeople,
		"AddPeopleAllOrNothing":      testAddPeopleAllOrNothing,
		"DisablePerson":              testDisablePerson,
		"PasswordHash":               testPasswordHash,
		"AddPeopleWithPassword":      testAddPeopleWithPassword,
		"RecordAckIdempotent":        testRecordAckIdempotent,
		"AcksOfWorkplace":            testAcksOfWorkplace,
		"AuditChain":                 testAuditChain,
		"TamperChanged":              testTamperChanged,
		"TamperRemoved":              testTamperRemoved,
		"TamperInserted":             testTamperInserted,
		"TamperRemovedLast":          testTamperRemovedLast,
		"AcksAgree":                  testAcksAgree,
		"TamperAckInserted":          testTamperAckInserted,
		"TamperAckRemoved":           testTamperAckRemoved,
		"TamperAckChanged":           testTamperAckChanged,
		"TamperAckMoved":             testTamperAckMoved,
		"ConcurrentAcks":             testConcurrentAcks,
		"ConcurrentInstances":        testConcurrentInstances,
		"OpenConcurrently":           testOpenConcurrently,
		"Reopen":                     testReopen,
		"GroupFailure":               testGroupFailure,
		"SchemaTooNew":               testSchemaTooNew,
		"Sessions":                   testSessions,
		"EndSessionsOf":              testEndSessionsOf,
		"DisableEndsSessions":        testDisableEndsSessions,
		"SessionsExpire":             testSessionsExpire,
		"KeepRevision":               testKeepRevision,
		"VersionsServed":             testVersionsServed,
		"ConcurrentKeepRevision":     testConcurrentKeepRevision,
		"TicksConverge":              testTicksConverge,
		"TickTie":                    testTickTie,
		"TickAudit":                  testTickAudit,
		"TickPeople":                 testTickPeople,
		"UpdatePerson":               testUpdatePerson,
		"AddPersonTitle":             testAddPersonTitle,
		"Invitation":                 testInvitation,
		"InvitationReplacesPassword": testInvitationReplacesPassword,
		"InvitationExpires":          testInvitationExpires,
		"Suggestions":                testSuggestions,
		"SuggestionAuthors":          testSuggestionAuthors,
	}
	for name, test := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			test(t, target)
		})
	}
}

const admin = "admin@dalvikurbyggd.is"

// staff is a small organisation: two workplaces, a supervisor of both, an admin.
func staff() []people.Person {
	return []people.Person{
		{Email: "anna@dalvikurbyggd.is", Name: "Anna Jónsdóttir", Role: people.Employee, Workplaces: []string{"sundlaug"},
			Start: time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)},
		{Email: "bjorn@dalvikurbyggd.is", Name: "Björn Þórsson", Role: people.Supervisor, Workplaces: []string{"sundlaug", "leikskoli"}},
		{Email: "cecilia@dalvikurbyggd.is", Name: "Cecilía Ægisdóttir", Role: people.Employee, Workplaces: []string{"leikskoli"}},
		{Email: admin, Name: "Stjórnandi", Role: people.Admin},
	}
}

// open opens a fresh database with the staff in it, closed when the test ends.
func open(t *testing.T, target Target, name string) store.Store {
	t.Helper()
	s := mustOpen(t, target, name)
	if err := s.AddPeople(t.Context(), admin, staff()); err != nil {
		t.Fatal(err)
	}
	return s
}

func mustOpen(t *testing.T, target Target, name string) store.Store {
	t.Helper()
	s, err := target.Open(t, name)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Error(err)
		}
	})
	return s
}

func ack(email, policy string, version int) store.Acknowledgment {
	return store.Acknowledgment{Email: email, Policy: policy, Version: version, Revision: "rev-" + policy, How: store.Button}
}

func mustAck(t *testing.T, s store.Store, a store.Acknowledgment) store.Acknowledgment {
	t.Helper()
	kept, _, err := s.RecordAck(t.Context(), a)
	if err != nil {
		t.Fatal(err)
	}
	return kept
}

// entries reads the whole audit log.
func entries(t *testing.T, s store.Store) []audit.Entry {
	t.Helper()
	var out []audit.Entry
	for e, err := range s.AuditLog(t.Context()) {
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, e)
	}
	return out
}

// verify checks the log of s against the head it keeps and returns what Verify said.
func verify(t *testing.T, s store.Store, expect *audit.Head) (audit.Head, error) {
	t.Helper()
	return audit.Verify(s.AuditLog(context.Background()), expect)
}

func wantBad(t *testing.T, err error, seq uint64, problem audit.Problem) {
	t.Helper()
	var bad *audit.BadEntryError
	if !errors.As(err, &bad) {
		t.Fatalf("verify: %v, want entry %d %s", err, seq, problem)
	}
	if bad.Seq != seq || bad.Problem != problem {
		t.Errorf("verify: %v, want entry %d %s", err, seq, problem)
	}
}
