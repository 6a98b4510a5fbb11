package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/handbok/handbok/internal/store"
)

// SetTick keeps t, with its audit entry in the same transaction, when it is later than
// the change kept for that person's item (see store.Store), and returns what stands.
func (s *Store) SetTick(ctx context.Context, t store.Tick) (store.Tick, bool, error) {
	t.At = t.At.UTC().Truncate(time.Microsecond) // as the tables keep it
	var stands store.Tick
	var applied bool
	err := s.update(ctx, func(ctx context.Context, tx *Tx) error {
		applied = false
		id, disabled, err := findPerson(ctx, tx, t.Email)
		if err != nil {
			return err
		}
		if disabled {
			return fmt.Errorf("person %s: %w", t.Email, store.ErrDisabled)
		}
		kept, found, err := findTick(ctx, tx, id, t)
		if err != nil {
			return err
		}
		if found && !supersedes(t, kept) {
			stands = kept
			return nil
		}
		at := timeText(t.At)
		e, err := tx.appendAudit(ctx, t.By, store.ActionTick, t.Email,
			store.TickData{Checklist: t.Checklist, Item: t.Item, Done: t.Done, At: at})
		if err != nil {
			return err
		}
		if _, err := tx.sql.ExecContext(ctx, `INSERT INTO ticks (person_id, checklist, item, done, at, ticked_by, audit_seq)
			VALUES ($1, $2, $3, $4, $5, $6, $7)
			ON CONFLICT (person_id, checklist, item) DO UPDATE
			SET done = excluded.done, at = excluded.at, ticked_by = excluded.ticked_by, audit_seq = excluded.audit_seq`,
			id, t.Checklist, t.Item, t.Done, at, t.By, int64(e.Seq)); err != nil {
			return fmt.Errorf("tick of %s %s for %s: %w", t.Checklist, t.Item, t.Email, err)
		}
		stands, applied = t, true
		return nil
	})
	if err != nil {
		return store.Tick{}, false, err
	}
	return stands, applied, nil
}

// supersedes reports whether t is to replace kept: it is later, or as late and done
// where kept is not, so that every order of the same changes ends the same.
func supersedes(t, kept store.Tick) bool {
	if !t.At.Equal(kept.At) {
		return t.At.After(kept.At)
	}
	return t.Done && !kept.Done
}

func findTick(ctx context.Context, tx *Tx, personID int64, t store.Tick) (store.Tick, bool, error) {
	var at string
	err := tx.sql.QueryRowContext(ctx, `SELECT done, at, ticked_by FROM ticks WHERE person_id = $1 AND checklist = $2 AND item = $3`,
		personID, t.Checklist, t.Item).Scan(&t.Done, &at, &t.By)
	if errors.Is(err, sql.ErrNoRows) {
		return store.Tick{}, false, nil
	}
	if err != nil {
		return store.Tick{}, false, err
	}
	t.At, err = parseTime(at)
	return t, err == nil, err
}

// TicksOf returns the person's ticks, by checklist and item.
func (s *Store) TicksOf(ctx context.Context, email string) ([]store.Tick, error) {
	return s.queryTicks(ctx, `WHERE p.email = $1`, email)
}

// TicksOfWorkplace returns the ticks of the people of a workplace, by email, checklist
// and item.
func (s *Store) TicksOfWorkplace(ctx context.Context, workplace string) ([]store.Tick, error) {
	return s.queryTicks(ctx, `WHERE p.id IN (SELECT person_id FROM person_workplaces WHERE workplace = $1)`, workplace)
}

func (s *Store) queryTicks(ctx context.Context, where string, args ...any) ([]store.Tick, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT p.email, t.checklist, t.item, t.done, t.at, t.ticked_by
		FROM ticks t JOIN people p ON p.id = t.person_id `+where+` ORDER BY p.email, t.checklist, t.item`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []store.Tick
	for rows.Next() {
		var t store.Tick
		var at string
		if err := rows.Scan(&t.Email, &t.Checklist, &t.Item, &t.Done, &at, &t.By); err != nil {
			return nil, err
		}
		if t.At, err = parseTime(at); err != nil {
			return nil, fmt.Errorf("tick of %s by %s: %w", t.Item, t.Email, err)
		}
		out = append(out, t)
	}
	return out, rows.Err()
}
