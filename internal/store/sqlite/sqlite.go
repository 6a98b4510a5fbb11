// Package sqlite is the embedded records store: one SQLite file, pure Go
// (modernc.org/sqlite), in WAL mode with full synchronous commits, so that a change that
// returned survives a crash of the process or the machine.
//
// All writes go through one writer goroutine on one connection, which is where group
// commit will go: it can take every change waiting and commit them in one transaction.
// Reads use a separate pool of read-only connections, which WAL lets run beside the writer.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/handbok/handbok/internal/store"
	"github.com/handbok/handbok/internal/store/migrate"
	"github.com/handbok/handbok/internal/store/sqlstore"
	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

//go:embed migrations/*.sql
var migrations embed.FS

// DB is the SQLite store. It implements store.Store.
type DB struct {
	sqlstore.Store
	path   string
	write  *sql.DB // one connection, used only by the writer goroutine
	read   *sql.DB
	jobs   chan job
	quit   chan struct{}
	done   chan struct{}
	once   sync.Once
	now    func() time.Time
	closed error
}

var _ store.Store = (*DB)(nil)

// Open opens the database at path, creating it and its folder when missing, and brings
// its schema up to date. A database made by a newer handbok is refused with
// store.ErrTooNew and left as it is.
func Open(ctx context.Context, path string) (*DB, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return nil, fmt.Errorf("records database: %w", err)
	}
	db := &DB{path: path, now: time.Now, jobs: make(chan job), quit: make(chan struct{}), done: make(chan struct{})}
	var err error
	if db.write, err = sql.Open("sqlite", dsn(path, false)); err != nil {
		return nil, err
	}
	db.write.SetMaxOpenConns(1)
	db.write.SetConnMaxIdleTime(0)
	if db.read, err = sql.Open("sqlite", dsn(path, true)); err != nil {
		db.write.Close()
		return nil, err
	}
	db.read.SetMaxOpenConns(4)
	if err := db.migrate(ctx); err != nil {
		db.write.Close()
		db.read.Close()
		return nil, fmt.Errorf("records database %s: %w", path, err)
	}
	db.Store = sqlstore.New(db.read, db.update)
	go db.writer()
	return db, nil
}

func (db *DB) migrate(ctx context.Context) error {
	sub, err := fs.Sub(migrations, "migrations")
	if err != nil {
		return err
	}
	ms, err := migrate.Read(sub)
	if err != nil {
		return err
	}
	return migrate.Up(ctx, db.write, ms, "")
}

// dsn is the driver's name for the file at path with the settings every connection
// needs. Writer transactions begin IMMEDIATE, so that a write waits for the file's lock
// at BEGIN (where the busy timeout applies) instead of failing halfway through.
func dsn(path string, readOnly bool) string {
	q := url.Values{}
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(FULL)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "busy_timeout(10000)")
	if readOnly {
		q.Add("_pragma", "query_only(1)")
	} else {
		q.Set("_txlock", "immediate")
	}
	return "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + q.Encode()
}

// Close waits for the write in progress, then closes the database. It is safe to call
// more than once.
func (db *DB) Close() error {
	db.once.Do(func() {
		close(db.quit)
		<-db.done
		db.closed = errors.Join(db.write.Close(), db.read.Close())
	})
	return db.closed
}

// job is one change for the writer: fn runs inside a transaction, and the result is
// sent on reply after the commit is durable.
type job struct {
	ctx   context.Context
	fn    func(ctx context.Context, tx *sqlstore.Tx) error
	reply chan error
}

// headQuery reads the audit head; the writer's IMMEDIATE transaction already holds the
// file's write lock, so no other process can move it meanwhile.
const headQuery = `SELECT seq, hash FROM audit_head WHERE id = 1`

var errClosed = errors.New("records database is closed")

// writer runs every change, one transaction each, until Close.
func (db *DB) writer() {
	defer close(db.done)
	for {
		select {
		case j := <-db.jobs:
			j.reply <- db.commit(j)
		case <-db.quit:
			return
		}
	}
}

func (db *DB) commit(j job) error {
	tx, err := db.write.BeginTx(j.ctx, nil)
	if err != nil {
		return err
	}
	w, err := sqlstore.Begin(j.ctx, tx, headQuery, db.now)
	if err != nil {
		return errors.Join(err, rollback(tx))
	}
	if err := j.fn(j.ctx, w); err != nil {
		return errors.Join(err, rollback(tx))
	}
	return tx.Commit()
}

func rollback(tx *sql.Tx) error {
	if err := tx.Rollback(); err != nil && !errors.Is(err, sql.ErrTxDone) {
		return err
	}
	return nil
}

// update runs fn in a writer transaction and returns once it is committed (or failed).
// Once the writer has taken the change, update waits for its outcome even when ctx ends,
// so that a caller never reports as lost a change that was committed.
func (db *DB) update(ctx context.Context, fn func(ctx context.Context, tx *sqlstore.Tx) error) error {
	j := job{ctx: ctx, fn: fn, reply: make(chan error, 1)}
	select {
	case db.jobs <- j:
	case <-ctx.Done():
		return ctx.Err()
	case <-db.quit:
		return errClosed
	}
	return <-j.reply
}
