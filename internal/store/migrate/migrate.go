// Package migrate brings a records database's schema up to date from SQL files embedded
// in the binary. It is a few dozen lines of our own rather than a library: the stores
// need only forward migrations in order, one transaction each, and a clear refusal of a
// database whose schema is newer than the binary, and plain SQL files read the same for
// SQLite and PostgreSQL.
package migrate

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"path"
	"strconv"
	"strings"

	"github.com/handbok/handbok/internal/store"
)

// Migration is one step of the schema: the SQL of file NNNN_name.sql.
type Migration struct {
	Version int
	Name    string
	SQL     string
}

// Read returns the migrations in the top folder of fsys, in order. Each file is named
// NNNN_what.sql; numbers start at 1 and have no gaps.
func Read(fsys fs.FS) ([]Migration, error) {
	names, err := fs.Glob(fsys, "*.sql")
	if err != nil {
		return nil, err
	}
	var ms []Migration
	for i, name := range names { // Glob sorts, and the numbers are zero-padded
		num, _, _ := strings.Cut(name, "_")
		v, err := strconv.Atoi(num)
		if err != nil || v != i+1 {
			return nil, fmt.Errorf("migration %s: want a name starting %04d_", name, i+1)
		}
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		ms = append(ms, Migration{Version: v, Name: strings.TrimSuffix(path.Base(name), ".sql"), SQL: string(b)})
	}
	return ms, nil
}

// Up applies to db the migrations it has not had, each in its own transaction that also
// records its version in schema_migrations. A database whose version is past the last
// migration is left untouched and refused with store.ErrTooNew. lock, when not "", is a
// statement run first in each transaction, including the one that creates
// schema_migrations, so that several processes starting at once migrate one at a time
// (SQLite's writer transactions already do).
func Up(ctx context.Context, db *sql.DB, ms []Migration, lock string) error {
	if err := createTable(ctx, db, lock); err != nil {
		return fmt.Errorf("schema_migrations: %w", err)
	}
	for _, m := range ms {
		if err := apply(ctx, db, m, len(ms), lock); err != nil {
			return err
		}
	}
	return nil
}

func createTable(ctx context.Context, db *sql.DB, lock string) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if lock != "" {
		if _, err := tx.ExecContext(ctx, lock); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL)`); err != nil {
		return err
	}
	return tx.Commit()
}

func apply(ctx context.Context, db *sql.DB, m Migration, known int, lock string) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if lock != "" {
		if _, err := tx.ExecContext(ctx, lock); err != nil {
			return err
		}
	}
	var current int
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&current); err != nil {
		return err
	}
	if current > known {
		return fmt.Errorf("%w: its schema is version %d and this handbok knows up to %d; use the newer handbok that last opened it (nothing was changed)",
			store.ErrTooNew, current, known)
	}
	if current >= m.Version {
		return nil
	}
	if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
		return fmt.Errorf("migration %s: %w", m.Name, err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name) VALUES ($1, $2)`, m.Version, m.Name); err != nil {
		return fmt.Errorf("migration %s: %w", m.Name, err)
	}
	return tx.Commit()
}
