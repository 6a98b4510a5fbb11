package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/handbok/handbok/internal/audit"
	"github.com/handbok/handbok/internal/people"
	"github.com/handbok/handbok/internal/store"
	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// The changes that wait while a transaction runs go into the next one together; one that
// fails halfway, and one whose caller has gone, are rolled back alone.
func TestWriterGroupsWaitingChanges(t *testing.T) {
	db := recordsDB(t)
	w := NewWriter(db, `SELECT seq, hash FROM audit_head WHERE id = 1`, time.Now)
	commits := make(chan int, 10)
	w.committed = func(n int) { commits <- n }
	ctx := t.Context()
	started, release := make(chan struct{}), make(chan struct{})
	defer w.Close()
	defer closeOnce(release)
	first, err := w.enqueue(ctx, func(ctx context.Context, tx *Tx) error {
		close(started)
		<-release
		return addPerson(ctx, tx, "test", person("first"))
	})
	must(t, err)
	<-started // the writer is inside the first transaction; what follows waits

	add := func(names ...string) func(ctx context.Context, tx *Tx) error {
		return func(ctx context.Context, tx *Tx) error {
			for _, n := range names {
				if err := addPerson(ctx, tx, "test", person(n)); err != nil {
					return err
				}
			}
			return nil
		}
	}
	gone, leave := context.WithCancel(ctx)
	var replies []chan error
	for _, j := range []struct {
		ctx context.Context
		fn  func(ctx context.Context, tx *Tx) error
	}{
		{ctx, add("a")},
		{ctx, add("b", "first")}, // adds b, then fails on a person already there
		{gone, add("c")},
		{ctx, add("d")},
	} {
		r, err := w.enqueue(j.ctx, j.fn)
		must(t, err)
		replies = append(replies, r)
	}
	leave() // c's caller goes while its change waits
	closeOnce(release)

	must(t, <-first)
	var errs []error
	for _, r := range replies {
		errs = append(errs, <-r)
	}
	if got := []int{<-commits, <-commits}; !slices.Equal(got, []int{1, 4}) {
		t.Errorf("transactions of %v changes, want [1 4]", got)
	}
	if errs[0] != nil || errs[3] != nil || !errors.Is(errs[1], store.ErrExists) || !errors.Is(errs[2], context.Canceled) {
		t.Errorf("replies %v, want nil, %v, %v, nil", errs, store.ErrExists, context.Canceled)
	}
	s := New(db, w.Update)
	ps, err := s.People(ctx, "")
	must(t, err)
	var emails []string
	for _, p := range ps {
		emails = append(emails, p.Email)
	}
	if want := []string{"a@x.is", "d@x.is", "first@x.is"}; !slices.Equal(emails, want) {
		t.Errorf("people %v, want %v", emails, want)
	}
	var n int
	must(t, db.QueryRow(`SELECT count(*) FROM audit_log`).Scan(&n))
	if _, err := audit.Verify(s.AuditLog(ctx), nil); err != nil || n != 3 {
		t.Errorf("audit log of %d entries, want 3 that verify: %v", n, err)
	}
}

// recordsDB is a new SQLite database with the records' tables.
func recordsDB(t *testing.T) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", filepath.Join(t.TempDir(), "records.db"))
	must(t, err)
	db.SetMaxOpenConns(1)
	t.Cleanup(func() { db.Close() })
	// Every migration, in order (Glob sorts): the queries read the latest schema.
	files, err := filepath.Glob(filepath.Join("..", "sqlite", "migrations", "*.sql"))
	must(t, err)
	for _, f := range files {
		schema, err := os.ReadFile(f)
		must(t, err)
		_, err = db.Exec(string(schema))
		must(t, err)
	}
	return db
}

func person(name string) people.Person {
	return people.Person{Email: name + "@x.is", Name: name, Role: people.Employee}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func closeOnce(c chan struct{}) {
	select {
	case <-c:
	default:
		close(c)
	}
}
