// Package sqlite is the embedded records store: one SQLite file, pure Go
// (modernc.org/sqlite), in WAL mode with full synchronous commits, so that a change that
// returned survives a crash of the process or the machine.
//
// All writes go through one writer goroutine on one connection, which commits the changes
// that arrive together in one transaction (see sqlstore.Writer), so that many people
// acknowledging at once share an fsync instead of queueing for one each.
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
	"modernc.org/sqlite" // and registers the "sqlite" driver
)

//go:embed migrations/*.sql
var migrations embed.FS

// DB is the SQLite store. It implements store.Store.
type DB struct {
	sqlstore.Store
	path   string
	write  *sql.DB // one connection, used only by the writer
	writer *sqlstore.Writer
	read   *sql.DB
	once   sync.Once
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
	db := &DB{path: path}
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
	db.read.SetMaxIdleConns(4) // not database/sql's 2: reopening means the pragmas again
	if err := db.migrateWhenFree(ctx); err != nil {
		db.write.Close()
		db.read.Close()
		if why := unwritable(filepath.Dir(path)); why != "" {
			return nil, fmt.Errorf("records database %s: %s: %w", path, why, err)
		}
		return nil, fmt.Errorf("records database %s: %w", path, err)
	}
	db.writer = sqlstore.NewWriter(db.write, headQuery, time.Now)
	db.Store = sqlstore.New(db.read, db.writer.Update)
	return db, nil
}

// openWait bounds how long Open waits for another process that is opening the same new
// file; lockedRetry is the pause between tries.
const (
	openWait    = 10 * time.Second
	lockedRetry = 20 * time.Millisecond
)

// migrateWhenFree migrates, trying again while the file is busy. Switching a new file
// to WAL, or recovering one, takes a lock that SQLite reports as busy at once, without
// its busy timeout, to a second process (or store) opening the file at that moment.
func (db *DB) migrateWhenFree(ctx context.Context) error {
	deadline := time.Now().Add(openWait)
	for {
		err := db.migrate(ctx)
		var se *sqlite.Error
		if err == nil || !errors.As(err, &se) || se.Code()&0xff != sqliteBusy || time.Now().After(deadline) {
			return err
		}
		select {
		case <-ctx.Done():
			return err
		case <-time.After(lockedRetry):
		}
	}
}

// sqliteBusy is SQLITE_BUSY, the primary result code of a file locked by another
// connection.
const sqliteBusy = 5

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
	// The busy timeout first: switching a new file to WAL takes a lock that another
	// process opening it at the same moment must wait for, not fail on.
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(FULL)")
	q.Add("_pragma", "foreign_keys(1)")
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
		db.writer.Close()
		db.closed = errors.Join(db.write.Close(), db.read.Close())
	})
	return db.closed
}

// headQuery reads the audit head; the writer's IMMEDIATE transaction already holds the
// file's write lock, so no other process can move it meanwhile.
const headQuery = `SELECT seq, hash FROM audit_head WHERE id = 1`
