// Package postgres is the records store for several handbok instances on one PostgreSQL
// database, through jackc/pgx v5. It keeps the same tables as the SQLite store and passes
// the same suite (internal/store/storetest).
//
// Every write transaction begins by locking the audit head's row (SELECT … FOR UPDATE),
// so that the writes of every instance on the database take turns: each sees what the
// one before committed, and no two append the same audit entry or record the same
// acknowledgment. Commits are synchronous (synchronous_commit=on), so a change that
// returned survives a crash of the server.
//
// Because that lock makes the commits of the database one at a time, PostgreSQL's own
// group commit (commit_delay) has nothing to gather: a second transaction cannot reach
// its commit before the first has flushed and let go of the head. So each instance
// groups its changes itself, as the SQLite store does (sqlstore.Writer): the changes
// that arrive together share one transaction, one lock of the head and one flush.
package postgres

import (
	"context"
	"database/sql"
	"embed"
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
	writer *sqlstore.Writer
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
	s := &Store{db: stdlib.OpenDB(*cfg)}
	// A server answers many requests at once, and a new PostgreSQL connection is a new
	// process on the database's machine: keep the connections open, and few enough that
	// several instances stay within max_connections (100 by default).
	s.db.SetMaxOpenConns(maxConns)
	s.db.SetMaxIdleConns(maxConns)
	s.db.SetConnMaxIdleTime(5 * time.Minute)
	if err := s.migrate(ctx); err != nil {
		s.db.Close()
		return nil, fmt.Errorf("records database %s@%s/%s: %w", cfg.User, cfg.Host, cfg.Database, err)
	}
	s.writer = sqlstore.NewWriter(s.db, headQuery, time.Now)
	s.Store = sqlstore.New(s.db, s.writer.Update)
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
	s.once.Do(func() {
		s.writer.Close()
		s.closed = s.db.Close()
	})
	return s.closed
}

// headQuery reads the audit head and locks its row until the transaction ends.
// maxConns bounds an instance's connections to the database.
const maxConns = 16

const headQuery = `SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE`
