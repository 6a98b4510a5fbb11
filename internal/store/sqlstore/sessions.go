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

// Sessions are not records: they change and go without an audit entry. Errors name the
// person, never the token's hash, which would let a log tell one session from another.

// CreateSession keeps ses for its person, who must be known and not disabled, and deletes
// the sessions that expired before ses was created.
func (s *Store) CreateSession(ctx context.Context, ses store.Session) error {
	return s.update(ctx, func(ctx context.Context, tx *Tx) error {
		id, disabled, err := findPerson(ctx, tx, ses.Email)
		if err != nil {
			return fmt.Errorf("session: %w", err)
		}
		if disabled {
			return fmt.Errorf("session: person %s: %w", ses.Email, store.ErrDisabled)
		}
		if _, err := tx.sql.ExecContext(ctx, `DELETE FROM sessions WHERE expires < $1`, timeText(ses.Created)); err != nil {
			return fmt.Errorf("expired sessions: %w", err)
		}
		res, err := tx.sql.ExecContext(ctx, `INSERT INTO sessions (token_hash, person_id, how, created, last_seen, expires)
			VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (token_hash) DO NOTHING`,
			ses.TokenHash, id, string(ses.How), timeText(ses.Created), timeText(ses.LastSeen), timeText(ses.Expires))
		if err != nil {
			return fmt.Errorf("session of %s: %w", ses.Email, err)
		}
		return oneRow(res, fmt.Errorf("session of %s: token: %w", ses.Email, store.ErrExists))
	})
}

// Session returns the session whose token has that hash, with its person's email. The
// session of a disabled person is refused with store.ErrDisabled, so that one left over
// can never act.
func (s *Store) Session(ctx context.Context, tokenHash string) (store.Session, error) {
	ses := store.Session{TokenHash: tokenHash}
	var how, created, lastSeen, expires string
	var disabled bool
	err := s.read.QueryRowContext(ctx, `SELECT p.email, p.disabled, s.how, s.created, s.last_seen, s.expires
		FROM sessions s JOIN people p ON p.id = s.person_id WHERE s.token_hash = $1`, tokenHash).
		Scan(&ses.Email, &disabled, &how, &created, &lastSeen, &expires)
	if errors.Is(err, sql.ErrNoRows) {
		return store.Session{}, fmt.Errorf("session: %w", store.ErrNotFound)
	}
	if err != nil {
		return store.Session{}, fmt.Errorf("session: %w", err)
	}
	if disabled {
		return store.Session{}, fmt.Errorf("session: person %s: %w", ses.Email, store.ErrDisabled)
	}
	ses.How = store.How(how)
	if ses.Created, err = parseTime(created); err == nil {
		if ses.LastSeen, err = parseTime(lastSeen); err == nil {
			ses.Expires, err = parseTime(expires)
		}
	}
	if err != nil {
		return store.Session{}, fmt.Errorf("session of %s: %w", ses.Email, err)
	}
	return ses, nil
}

// TouchSession moves the session's LastSeen to at, never back: requests that overlap
// may touch it out of order. It returns store.ErrNotFound when the session has ended.
func (s *Store) TouchSession(ctx context.Context, tokenHash string, at time.Time) error {
	return s.update(ctx, func(ctx context.Context, tx *Tx) error {
		res, err := tx.sql.ExecContext(ctx, `UPDATE sessions
			SET last_seen = CASE WHEN last_seen < $1 THEN $1 ELSE last_seen END WHERE token_hash = $2`,
			timeText(at), tokenHash)
		if err != nil {
			return fmt.Errorf("session: %w", err)
		}
		return oneRow(res, fmt.Errorf("session: %w", store.ErrNotFound))
	})
}

// EndSession deletes the session, if it is there.
func (s *Store) EndSession(ctx context.Context, tokenHash string) error {
	return s.update(ctx, func(ctx context.Context, tx *Tx) error {
		if _, err := tx.sql.ExecContext(ctx, `DELETE FROM sessions WHERE token_hash = $1`, tokenHash); err != nil {
			return fmt.Errorf("session: %w", err)
		}
		return nil
	})
}

// EndSessionsOf deletes every session of the person, or returns store.ErrNotFound for
// someone unknown.
func (s *Store) EndSessionsOf(ctx context.Context, email string) error {
	return s.update(ctx, func(ctx context.Context, tx *Tx) error {
		id, _, err := findPerson(ctx, tx, email)
		if err != nil {
			return err
		}
		return endSessionsOf(ctx, tx, id, email)
	})
}

func endSessionsOf(ctx context.Context, tx *Tx, personID int64, email string) error {
	if _, err := tx.sql.ExecContext(ctx, `DELETE FROM sessions WHERE person_id = $1`, personID); err != nil {
		return fmt.Errorf("sessions of %s: %w", email, err)
	}
	return nil
}

// oneRow returns nil when the statement changed a row, and none when it changed none.
func oneRow(res sql.Result, none error) error {
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return none
	}
	return nil
}

// timeText is t as the tables keep times: UTC, to the microsecond, in a form that sorts
// as it compares.
func timeText(t time.Time) string {
	return t.UTC().Format(audit.TimeLayout)
}

func parseTime(s string) (time.Time, error) {
	t, err := time.Parse(audit.TimeLayout, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("time %q: %w", s, err)
	}
	return t, nil
}
