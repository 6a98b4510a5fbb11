package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"

	"github.com/handbok/handbok/internal/people"
	"github.com/handbok/handbok/internal/store"
)

// change is one field of a person as it was and as it is now, for the audit log.
type change struct {
	From any `json:"from"`
	To   any `json:"to"`
}

// UpdatePerson changes the person with p's email to p (all but Disabled) and logs each
// field that changed; nothing changed, nothing logged.
func (s *Store) UpdatePerson(ctx context.Context, actor string, p people.Person) error {
	return s.update(ctx, func(ctx context.Context, tx *Tx) error {
		var id int64
		var was struct{ name, role, start, title, onboarded string }
		err := tx.sql.QueryRowContext(ctx, `SELECT id, name, role, start_date, title, onboarded FROM people WHERE email = $1`, p.Email).
			Scan(&id, &was.name, &was.role, &was.start, &was.title, &was.onboarded)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("person %s: %w", p.Email, store.ErrNotFound)
		}
		if err != nil {
			return err
		}
		wasPlaces, err := workplacesIn(ctx, tx, id)
		if err != nil {
			return err
		}
		changed := map[string]change{}
		note := func(field, from, to string) {
			if from != to {
				changed[field] = change{From: from, To: to}
			}
		}
		note("name", was.name, p.Name)
		note("role", was.role, string(p.Role))
		note("start", was.start, dayText(p.Start))
		note("title", was.title, p.Title)
		note("onboarded", was.onboarded, dayText(p.Onboarded))
		places := workplacesOf(p)
		if !slices.Equal(wasPlaces, places) {
			changed["workplaces"] = change{From: nonNil(wasPlaces), To: nonNil(places)}
			if _, err := tx.sql.ExecContext(ctx, `DELETE FROM person_workplaces WHERE person_id = $1`, id); err != nil {
				return err
			}
			if err := insertWorkplaces(ctx, tx, id, p.Email, places); err != nil {
				return err
			}
		}
		if len(changed) == 0 {
			return nil
		}
		if _, err := tx.sql.ExecContext(ctx, `UPDATE people SET name = $1, role = $2, start_date = $3, title = $4, onboarded = $5 WHERE id = $6`,
			p.Name, string(p.Role), dayText(p.Start), p.Title, dayText(p.Onboarded), id); err != nil {
			return fmt.Errorf("person %s: %w", p.Email, err)
		}
		_, err = tx.appendAudit(ctx, actor, store.ActionPersonUpdate, p.Email, changed)
		return err
	})
}

// workplacesIn returns the workplaces of the person with that id, sorted.
func workplacesIn(ctx context.Context, tx *Tx, id int64) ([]string, error) {
	rows, err := tx.sql.QueryContext(ctx, `SELECT workplace FROM person_workplaces WHERE person_id = $1 ORDER BY workplace`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var w string
		if err := rows.Scan(&w); err != nil {
			return nil, err
		}
		out = append(out, w)
	}
	return out, rows.Err()
}
