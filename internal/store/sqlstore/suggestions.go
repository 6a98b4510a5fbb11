package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/handbok/handbok/internal/store"
)

// suggestData is what the audit log keeps of a suggestion written: not its text, which
// may name people and is read from the suggestions table by those entitled to it.
type suggestData struct {
	ID       int64  `json:"id"`
	Kind     string `json:"kind"`
	Revision string `json:"revision"`
}

// suggestStatusData is what the audit log keeps of a change to a suggestion.
type suggestStatusData struct {
	ID       int64  `json:"id"`
	From     string `json:"from"`
	To       string `json:"to"`
	Answered bool   `json:"answer_changed"`
}

// AddSuggestion keeps s as open, with its audit entry, in one transaction.
func (s *Store) AddSuggestion(ctx context.Context, sg store.Suggestion) (store.Suggestion, error) {
	err := s.update(ctx, func(ctx context.Context, tx *Tx) error {
		author, disabled, err := findPerson(ctx, tx, sg.Author)
		if err != nil {
			return fmt.Errorf("suggestion: %w", err)
		}
		if disabled {
			return fmt.Errorf("suggestion: person %s: %w", sg.Author, store.ErrDisabled)
		}
		// The row is written first, for its id, which the audit entry names; the row
		// then names the entry, in the same transaction.
		sg.Status, sg.Answer, sg.AnsweredBy = store.SuggestionOpen, "", ""
		if err := tx.sql.QueryRowContext(ctx, `INSERT INTO suggestions
			(page, title, revision, author_id, kind, passage, text, status, created, updated)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, '', '') RETURNING id`,
			sg.Page, sg.Title, sg.Revision, author, sg.Kind, sg.Passage, sg.Text, sg.Status).Scan(&sg.ID); err != nil {
			return fmt.Errorf("suggestion on %s by %s: %w", sg.Page, sg.Author, err)
		}
		e, err := tx.appendAudit(ctx, sg.Author, store.ActionSuggest, sg.Page, suggestData{ID: sg.ID, Kind: sg.Kind, Revision: sg.Revision})
		if err != nil {
			return err
		}
		_, err = tx.sql.ExecContext(ctx, `UPDATE suggestions SET created = $1, updated = $1, audit_seq = $2 WHERE id = $3`,
			timeText(e.Time), int64(e.Seq), sg.ID)
		return err
	})
	if err != nil {
		return store.Suggestion{}, err
	}
	return s.Suggestion(ctx, sg.ID)
}

// Suggestion returns the suggestion with that id.
func (s *Store) Suggestion(ctx context.Context, id int64) (store.Suggestion, error) {
	out, err := querySuggestions(ctx, s.read, `WHERE s.id = $1`, id)
	if err != nil {
		return store.Suggestion{}, err
	}
	if len(out) == 0 {
		return store.Suggestion{}, fmt.Errorf("suggestion %d: %w", id, store.ErrNotFound)
	}
	return out[0], nil
}

// Suggestions returns those q picks, oldest first.
func (s *Store) Suggestions(ctx context.Context, q store.SuggestionQuery) ([]store.Suggestion, error) {
	var where []string
	var args []any
	if q.Author != "" {
		args = append(args, q.Author)
		where = append(where, fmt.Sprintf("p.email = $%d", len(args)))
	}
	if len(q.Statuses) > 0 {
		var in []string
		for _, st := range q.Statuses {
			args = append(args, st)
			in = append(in, fmt.Sprintf("$%d", len(args)))
		}
		where = append(where, "s.status IN ("+strings.Join(in, ", ")+")")
	}
	clause := ""
	if len(where) > 0 {
		clause = "WHERE " + strings.Join(where, " AND ")
	}
	return querySuggestions(ctx, s.read, clause, args...)
}

// SetSuggestion sets a suggestion's status and answer, with its audit entry.
func (s *Store) SetSuggestion(ctx context.Context, actor string, id int64, status, answer string) (store.Suggestion, error) {
	err := s.update(ctx, func(ctx context.Context, tx *Tx) error {
		var from, was string
		err := tx.sql.QueryRowContext(ctx, `SELECT status, answer FROM suggestions WHERE id = $1`, id).Scan(&from, &was)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("suggestion %d: %w", id, store.ErrNotFound)
		}
		if err != nil {
			return err
		}
		if from == status && was == answer {
			return nil
		}
		var page string
		if err := tx.sql.QueryRowContext(ctx, `SELECT page FROM suggestions WHERE id = $1`, id).Scan(&page); err != nil {
			return err
		}
		e, err := tx.appendAudit(ctx, actor, store.ActionSuggestStatus, page,
			suggestStatusData{ID: id, From: from, To: status, Answered: was != answer})
		if err != nil {
			return err
		}
		_, err = tx.sql.ExecContext(ctx, `UPDATE suggestions SET status = $1, answer = $2, answered_by = $3, updated = $4, audit_seq = $5
			WHERE id = $6`, status, answer, actor, timeText(e.Time), int64(e.Seq), id)
		return err
	})
	if err != nil {
		return store.Suggestion{}, err
	}
	return s.Suggestion(ctx, id)
}

// rowsQuerier is what reading suggestions needs of a database or a transaction.
type rowsQuerier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

func querySuggestions(ctx context.Context, db rowsQuerier, where string, args ...any) ([]store.Suggestion, error) {
	rows, err := db.QueryContext(ctx, `SELECT s.id, s.page, s.title, s.revision, p.email, s.kind, s.passage, s.text,
		s.status, s.answer, s.answered_by, s.created, s.updated
		FROM suggestions s JOIN people p ON p.id = s.author_id `+where+` ORDER BY s.id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []store.Suggestion
	for rows.Next() {
		var sg store.Suggestion
		var created, updated string
		if err := rows.Scan(&sg.ID, &sg.Page, &sg.Title, &sg.Revision, &sg.Author, &sg.Kind, &sg.Passage, &sg.Text,
			&sg.Status, &sg.Answer, &sg.AnsweredBy, &created, &updated); err != nil {
			return nil, err
		}
		if sg.Created, err = parseTime(created); err != nil {
			return nil, fmt.Errorf("suggestion %d: %w", sg.ID, err)
		}
		if sg.Updated, err = parseTime(updated); err != nil {
			return nil, fmt.Errorf("suggestion %d: %w", sg.ID, err)
		}
		out = append(out, sg)
	}
	return out, rows.Err()
}
