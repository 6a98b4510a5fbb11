// Package postgres is the records store for several handbok instances on one PostgreSQL
// database, through jackc/pgx v5. It keeps the same tables as the SQLite store and passes
// the same suite (internal/store/storetest).
//
// Every write is one transaction that begins by locking the audit head's row
// (SELECT … FOR UPDATE), so that the writes of every instance on the database take turns:
// each sees what the one before committed, and no two append the same audit entry or
// record the same acknowledgment. Commits are synchronous (synchronous_commit=on), so a
// change that returned survives a crash of the server.
package postgres

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/handbok/handbok/internal/store"
	"github.com/handbok/handbok/internal/store/migrate"
	"github.com/handbok/handbok/internal/store/sqlstore"
)

//go:embed migrations/*.sql
var migrations embed.FS

// migrationLock is the advisory lock key under which instances migrate one at a time.
const migrationLock = `SELECT pg_advisory_xact_lock(7243361581370459)`

// Store is the PostgreSQL store. It implements store.Store.
type Store struct {
	sqlstore.Store
	db     *sql.DB
	now    func() time.Time
	once   sync.Once
	closed error
}

var _ store.Store = (*Store)(nil)

// Open connects to the database that dsn names (a postgres:// URL or key=value pairs, as
// libpq reads them) and brings its schema up to date, waiting for any other instance
// that is doing the same. A database made by a newer handbok is refused with
// store.ErrTooNew and left as it is.
func Open(ctx context.Context, dsn string) (*Store, error) {
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("records database: %w", err)
	}
	cfg.RuntimeParams["synchronous_commit"] = "on"
	s := &Store{db: stdlib.OpenDB(*cfg), now: time.Now}
	s.Store = sqlstore.New(s.db, s.update)
	if err := s.migrate(ctx); err != nil {
		s.db.Close()
		return nil, fmt.Errorf("records database %s@%s/%s: %w", cfg.User, cfg.Host, cfg.Database, err)
	}
	return s, nil
}

func (s *Store) migrate(ctx context.Context) error {
	sub, err := fs.Sub(migrations, "migrations")
	if err != nil {
		return err
	}
	ms, err := migrate.Read(sub)
	if err != nil {
		return err
	}
	return migrate.Up(ctx, s.db, ms, migrationLock)
}

// Close waits for the queries in progress and closes the connections. It is safe to
// call more than once.
func (s *Store) Close() error {
	s.once.Do(func() { s.closed = s.db.Close() })
	return s.closed
}

// headQuery reads the audit head and locks its row until the transaction ends.
const headQuery = `SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE`

// update runs fn in a transaction that first locks the audit head, and commits it.
// Once begun, the transaction runs to its outcome even when ctx ends, so that a caller
// never reports as lost a change that was committed.
func (s *Store) update(ctx context.Context, fn func(ctx context.Context, tx *sqlstore.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	ctx = context.WithoutCancel(ctx)
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	w, err := sqlstore.Begin(ctx, tx, headQuery, s.now)
	if err != nil {
		return errors.Join(err, tx.Rollback())
	}
	if err := fn(ctx, w); err != nil {
		return errors.Join(err, tx.Rollback())
	}
	return tx.Commit()
}
