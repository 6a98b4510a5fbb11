package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/handbok/handbok/internal/store"
)

// KeepRevision returns the kept record of r's policy and revision, keeping r first, at
// the store's time, when there is none. It looks before it writes, because a revision
// is served many times and kept once; the write itself does nothing when another
// instance kept the same revision meanwhile.
func (s *Store) KeepRevision(ctx context.Context, r store.Revision) (store.Revision, error) {
	kept, err := queryRevision(ctx, s.read, r.Policy, r.Revision, r.Version)
	if !errors.Is(err, store.ErrNotFound) {
		return kept, err
	}
	err = s.update(ctx, func(ctx context.Context, tx *Tx) error {
		served := timeText(tx.now())
		if _, err := tx.sql.ExecContext(ctx, `INSERT INTO revisions (policy, version, revision, title, text, first_served)
			VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (policy, version, revision) DO NOTHING`,
			r.Policy, r.Version, r.Revision, r.Title, r.Text, served); err != nil {
			return fmt.Errorf("revision %s of %s: %w", r.Revision, r.Policy, err)
		}
		kept, err = queryRevision(ctx, tx.sql, r.Policy, r.Revision, r.Version)
		return err
	})
	if err != nil {
		return store.Revision{}, err
	}
	return kept, nil
}

// Revision returns the kept text of the policy's revision under its earliest version,
// or store.ErrNotFound.
func (s *Store) Revision(ctx context.Context, policy, revision string) (store.Revision, error) {
	return queryRevision(ctx, s.read, policy, revision, 0)
}

// querier is what reading a revision needs of a database or a transaction.
type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// queryRevision reads the revision of a policy kept under version, or under its earliest
// version when version is 0.
func queryRevision(ctx context.Context, q querier, policy, revision string, version int) (store.Revision, error) {
	r := store.Revision{Policy: policy, Revision: revision}
	var served string
	err := q.QueryRowContext(ctx, `SELECT version, title, text, first_served FROM revisions
		WHERE policy = $1 AND revision = $2 AND ($3 = 0 OR version = $3)
		ORDER BY version LIMIT 1`, policy, revision, version).Scan(&r.Version, &r.Title, &r.Text, &served)
	if errors.Is(err, sql.ErrNoRows) {
		return store.Revision{}, fmt.Errorf("revision %s of %s: %w", revision, policy, store.ErrNotFound)
	}
	if err == nil {
		r.FirstServed, err = parseTime(served)
	}
	if err != nil {
		return store.Revision{}, fmt.Errorf("revision %s of %s: %w", revision, policy, err)
	}
	return r, nil
}

// VersionsServed returns when the first revision of each policy version was kept.
func (s *Store) VersionsServed(ctx context.Context) (map[store.PolicyVersion]time.Time, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT policy, version, MIN(first_served) FROM revisions GROUP BY policy, version`)
	if err != nil {
		return nil, fmt.Errorf("versions served: %w", err)
	}
	defer rows.Close()
	out := map[store.PolicyVersion]time.Time{}
	for rows.Next() {
		var pv store.PolicyVersion
		var served string
		if err := rows.Scan(&pv.Policy, &pv.Version, &served); err != nil {
			return nil, fmt.Errorf("versions served: %w", err)
		}
		t, err := parseTime(served)
		if err != nil {
			return nil, fmt.Errorf("version %d of %s: %w", pv.Version, pv.Policy, err)
		}
		out[pv] = t
	}
	return out, rows.Err()
}
