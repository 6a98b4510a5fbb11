package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/handbok/handbok/internal/people"
	"github.com/handbok/handbok/internal/store"
)

const dateLayout = "2006-01-02"

// personData is what the audit log keeps of a person added.
type personData struct {
	Name       string   `json:"name"`
	Role       string   `json:"role"`
	Workplaces []string `json:"workplaces"`
	Start      string   `json:"start"`
	Title      string   `json:"title,omitempty"`
	Onboarded  string   `json:"onboarded,omitempty"`
}

// AddPeople adds all of ps in one transaction, each with its audit entry, or none.
func (s *Store) AddPeople(ctx context.Context, actor string, ps []people.Person) error {
	return s.update(ctx, func(ctx context.Context, tx *Tx) error {
		for _, p := range ps {
			if err := addPerson(ctx, tx, actor, p); err != nil {
				return err
			}
		}
		return nil
	})
}

func addPerson(ctx context.Context, tx *Tx, actor string, p people.Person) error {
	var exists bool
	if err := tx.sql.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM people WHERE email = $1)`, p.Email).Scan(&exists); err != nil {
		return err
	}
	if exists {
		return fmt.Errorf("person %s: %w", p.Email, store.ErrExists)
	}
	start, onboarded := dayText(p.Start), dayText(p.Onboarded)
	var id int64
	if err := tx.sql.QueryRowContext(ctx, `INSERT INTO people (email, name, role, start_date, disabled, title, onboarded)
		VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, p.Email, p.Name, string(p.Role), start, p.Disabled, p.Title, onboarded).Scan(&id); err != nil {
		return fmt.Errorf("person %s: %w", p.Email, err)
	}
	wps := workplacesOf(p)
	if err := insertWorkplaces(ctx, tx, id, p.Email, wps); err != nil {
		return err
	}
	_, err := tx.appendAudit(ctx, actor, store.ActionPersonAdd, p.Email,
		personData{Name: p.Name, Role: string(p.Role), Workplaces: nonNil(wps), Start: start, Title: p.Title, Onboarded: onboarded})
	return err
}

// workplacesOf returns p's workplaces sorted, each once, as the records keep them.
func workplacesOf(p people.Person) []string {
	return slices.Compact(slices.Sorted(slices.Values(p.Workplaces)))
}

func insertWorkplaces(ctx context.Context, tx *Tx, id int64, email string, wps []string) error {
	for _, w := range wps {
		if _, err := tx.sql.ExecContext(ctx, `INSERT INTO person_workplaces (person_id, workplace) VALUES ($1, $2)`, id, w); err != nil {
			return fmt.Errorf("person %s: workplace %s: %w", email, w, err)
		}
	}
	return nil
}

// dayText is a day as the people table keeps it: YYYY-MM-DD, or "" for none.
func dayText(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(dateLayout)
}

func parseDay(email, what, s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(dateLayout, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("person %s: %s %q: %w", email, what, s, err)
	}
	return t, nil
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// Person returns the person with that email, or store.ErrNotFound.
func (s *Store) Person(ctx context.Context, email string) (people.Person, error) {
	ps, err := s.queryPeople(ctx, `WHERE p.email = $1`, email)
	if err != nil {
		return people.Person{}, err
	}
	if len(ps) == 0 {
		return people.Person{}, fmt.Errorf("person %s: %w", email, store.ErrNotFound)
	}
	return ps[0], nil
}

// People returns the people of a workplace, or everyone for "", by email.
func (s *Store) People(ctx context.Context, workplace string) ([]people.Person, error) {
	if workplace == "" {
		return s.queryPeople(ctx, ``)
	}
	return s.queryPeople(ctx, `WHERE p.id IN (SELECT person_id FROM person_workplaces WHERE workplace = $1)`, workplace)
}

// queryPeople returns the people that where selects, by email, with their workplaces:
// one row per person and workplace, folded.
func (s *Store) queryPeople(ctx context.Context, where string, args ...any) ([]people.Person, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT p.email, p.name, p.role, p.start_date, p.disabled, p.title, p.onboarded, COALESCE(w.workplace, '')
		FROM people p LEFT JOIN person_workplaces w ON w.person_id = p.id `+where+`
		ORDER BY p.email, w.workplace`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []people.Person
	for rows.Next() {
		var p people.Person
		var role, start, onboarded, wp string
		if err := rows.Scan(&p.Email, &p.Name, &role, &start, &p.Disabled, &p.Title, &onboarded, &wp); err != nil {
			return nil, err
		}
		if n := len(out); n > 0 && out[n-1].Email == p.Email {
			out[n-1].Workplaces = append(out[n-1].Workplaces, wp)
			continue
		}
		p.Role = people.Role(role)
		if wp != "" {
			p.Workplaces = []string{wp}
		}
		if p.Start, err = parseDay(p.Email, "start date", start); err != nil {
			return nil, err
		}
		if p.Onboarded, err = parseDay(p.Email, "onboarded", onboarded); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// DisablePerson marks the person disabled, ends their sessions and logs it; disabling
// twice logs once.
func (s *Store) DisablePerson(ctx context.Context, actor, email string) error {
	return s.update(ctx, func(ctx context.Context, tx *Tx) error {
		id, disabled, err := findPerson(ctx, tx, email)
		if err != nil {
			return err
		}
		if err := endSessionsOf(ctx, tx, id, email); err != nil || disabled {
			return err
		}
		if _, err := tx.sql.ExecContext(ctx, `UPDATE people SET disabled = TRUE WHERE email = $1`, email); err != nil {
			return err
		}
		_, err = tx.appendAudit(ctx, actor, store.ActionPersonDisable, email, struct{}{})
		return err
	})
}

// SetPasswordHash keeps hash for the person and logs that it changed, not the hash.
func (s *Store) SetPasswordHash(ctx context.Context, actor, email, hash string) error {
	return s.update(ctx, func(ctx context.Context, tx *Tx) error {
		return setPassword(ctx, tx, actor, email, hash)
	})
}

// AddPeopleWithPassword adds all of ps, each with the password whose hash is given, in
// one transaction, or none of them.
func (s *Store) AddPeopleWithPassword(ctx context.Context, actor string, ps []people.Person, hash string) error {
	return s.update(ctx, func(ctx context.Context, tx *Tx) error {
		for _, p := range ps {
			if err := addPerson(ctx, tx, actor, p); err != nil {
				return err
			}
			if err := setPassword(ctx, tx, actor, p.Email, hash); err != nil {
				return err
			}
		}
		return nil
	})
}

func setPassword(ctx context.Context, tx *Tx, actor, email, hash string) error {
	if _, _, err := findPerson(ctx, tx, email); err != nil {
		return err
	}
	if _, err := tx.sql.ExecContext(ctx, `UPDATE people SET password_hash = $1 WHERE email = $2`, hash, email); err != nil {
		return err
	}
	_, err := tx.appendAudit(ctx, actor, store.ActionPersonPassword, email, struct{}{})
	return err
}

// PasswordHash returns the person's password hash, "" when they have none.
func (s *Store) PasswordHash(ctx context.Context, email string) (string, error) {
	var hash string
	err := s.read.QueryRowContext(ctx, `SELECT password_hash FROM people WHERE email = $1`, email).Scan(&hash)
	if errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("person %s: %w", email, store.ErrNotFound)
	}
	return hash, err
}

// findPerson returns the id of the person with that email and whether they are disabled.
func findPerson(ctx context.Context, tx *Tx, email string) (id int64, disabled bool, err error) {
	err = tx.sql.QueryRowContext(ctx, `SELECT id, disabled FROM people WHERE email = $1`, email).Scan(&id, &disabled)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, false, fmt.Errorf("person %s: %w", email, store.ErrNotFound)
	}
	return id, disabled, err
}
