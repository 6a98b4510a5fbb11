package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/handbok/handbok/internal/audit"
	"github.com/handbok/handbok/internal/store"
)

// RecordAck records the acknowledgment with its audit entry in one transaction, or
// returns the one already kept for that person, policy and version.
func (s *Store) RecordAck(ctx context.Context, a store.Acknowledgment) (store.Acknowledgment, bool, error) {
	var kept store.Acknowledgment
	var created bool
	err := s.update(ctx, func(ctx context.Context, tx *Tx) error {
		created = false
		id, disabled, err := findPerson(ctx, tx, a.Email)
		if err != nil {
			return err
		}
		if disabled {
			return fmt.Errorf("person %s: %w", a.Email, store.ErrDisabled)
		}
		kept, err = findAck(ctx, tx, id, a)
		if err == nil || !errors.Is(err, store.ErrNotFound) {
			return err
		}
		e, err := tx.appendAudit(ctx, a.Email, store.ActionAck, a.Email,
			store.AckData{Policy: a.Policy, Version: a.Version, Revision: a.Revision, How: string(a.How)})
		if err != nil {
			return err
		}
		a.At = e.Time
		if _, err := tx.sql.ExecContext(ctx, `INSERT INTO acks (person_id, policy, version, revision, at, how, audit_seq)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`,
			id, a.Policy, a.Version, a.Revision, a.At.Format(audit.TimeLayout), string(a.How), int64(e.Seq)); err != nil {
			return fmt.Errorf("acknowledgment of %s version %d by %s: %w", a.Policy, a.Version, a.Email, err)
		}
		kept, created = a, true
		return nil
	})
	if err != nil {
		return store.Acknowledgment{}, false, err
	}
	return kept, created, nil
}

func findAck(ctx context.Context, tx *Tx, personID int64, a store.Acknowledgment) (store.Acknowledgment, error) {
	var at, how string
	err := tx.sql.QueryRowContext(ctx, `SELECT revision, at, how FROM acks WHERE person_id = $1 AND policy = $2 AND version = $3`,
		personID, a.Policy, a.Version).Scan(&a.Revision, &at, &how)
	if errors.Is(err, sql.ErrNoRows) {
		return store.Acknowledgment{}, store.ErrNotFound
	}
	if err != nil {
		return store.Acknowledgment{}, err
	}
	a.How = store.How(how)
	a.At, err = time.Parse(audit.TimeLayout, at)
	return a, err
}

// AcksOf returns the person's acknowledgments, oldest first.
func (s *Store) AcksOf(ctx context.Context, email string) ([]store.Acknowledgment, error) {
	return s.queryAcks(ctx, `WHERE p.email = $1`, email)
}

// AcksOfWorkplace returns the acknowledgments of the people of a workplace, by email
// and then oldest first.
func (s *Store) AcksOfWorkplace(ctx context.Context, workplace string) ([]store.Acknowledgment, error) {
	return s.queryAcks(ctx, `WHERE p.id IN (SELECT person_id FROM person_workplaces WHERE workplace = $1)`, workplace)
}

// Acks returns every acknowledgment, by email and then oldest first.
func (s *Store) Acks(ctx context.Context) ([]store.Acknowledgment, error) {
	return s.queryAcks(ctx, ``)
}

func (s *Store) queryAcks(ctx context.Context, where string, args ...any) ([]store.Acknowledgment, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT p.email, a.policy, a.version, a.revision, a.at, a.how
		FROM acks a JOIN people p ON p.id = a.person_id `+where+` ORDER BY p.email, a.at, a.id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []store.Acknowledgment
	for rows.Next() {
		var a store.Acknowledgment
		var at, how string
		if err := rows.Scan(&a.Email, &a.Policy, &a.Version, &a.Revision, &at, &how); err != nil {
			return nil, err
		}
		a.How = store.How(how)
		if a.At, err = time.Parse(audit.TimeLayout, at); err != nil {
			return nil, fmt.Errorf("acknowledgment by %s: time %q: %w", a.Email, at, err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}
