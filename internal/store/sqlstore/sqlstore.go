// Package sqlstore is the records logic that the SQLite and PostgreSQL stores share: the
// queries, the audit appends and the rules of each change, written once over
// database/sql so that a fix to one store cannot miss the other. The stores differ only
// in how they open the database and run a writing transaction; each gives Store its
// own update, which begins the transaction with Begin.
//
// The SQL is what both databases read alike: $1-style parameters, TRUE for true (SQLite
// keeps it as 1), and sequence numbers passed as int64.
package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/handbok/handbok/internal/audit"
)

// Store implements store.Store but Close over a database/sql database. The SQLite and
// PostgreSQL stores embed it.
type Store struct {
	read   *sql.DB
	update Update
}

// Update runs fn in a writing transaction that Begin began and returns once the
// transaction is committed (or has failed).
type Update func(ctx context.Context, fn func(ctx context.Context, tx *Tx) error) error

// New returns the records on db, read through read and changed through update.
func New(read *sql.DB, update Update) Store {
	return Store{read: read, update: update}
}

// Tx is a writing transaction and the audit head it read when it began.
type Tx struct {
	sql  *sql.Tx
	head audit.Head
	now  func() time.Time
}

// Begin reads the audit head in tx with the query headQuery (which may lock it: see the
// stores) and returns the transaction for the records' changes, stamped by now.
func Begin(ctx context.Context, tx *sql.Tx, headQuery string, now func() time.Time) (*Tx, error) {
	w := &Tx{sql: tx, now: now}
	if err := tx.QueryRowContext(ctx, headQuery).Scan(&w.head.Seq, &w.head.Hash); err != nil {
		return nil, fmt.Errorf("audit head: %w", err)
	}
	return w, nil
}
