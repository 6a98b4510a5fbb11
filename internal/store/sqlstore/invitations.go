package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/handbok/handbok/internal/people"
	"github.com/handbok/handbok/internal/store"
)

// Invitations, like sessions, are known by their token's hash, which no error or audit
// entry names: the log is read by more people than the records' administrator.

// inviteData is what the audit log keeps of an invitation made.
type inviteData struct {
	Expires string `json:"expires"`
	// ReplacesPassword: the person had a password, which the invitation, once used,
	// replaces (an administrator's reset).
	ReplacesPassword bool `json:"replaces_password,omitempty"`
}

// CreateInvitation keeps inv for its person, valid for store.InvitationLifetime from
// inv.Created, and logs it without the token's hash. Whether the person has a password
// is read in the same transaction, so that one set meanwhile through an earlier link is
// not replaced unasked.
func (s *Store) CreateInvitation(ctx context.Context, actor string, inv store.Invitation) (store.Invitation, error) {
	inv.Created = inv.Created.UTC().Truncate(time.Microsecond)
	inv.Expires = inv.Created.Add(store.InvitationLifetime)
	inv.Spent = time.Time{}
	err := s.update(ctx, func(ctx context.Context, tx *Tx) error {
		id, disabled, err := findPerson(ctx, tx, inv.Email)
		if err != nil {
			return fmt.Errorf("invitation: %w", err)
		}
		if disabled {
			return fmt.Errorf("invitation: person %s: %w", inv.Email, store.ErrDisabled)
		}
		var hash string
		if err := tx.sql.QueryRowContext(ctx, `SELECT password_hash FROM people WHERE id = $1`, id).Scan(&hash); err != nil {
			return fmt.Errorf("invitation of %s: %w", inv.Email, err)
		}
		if hash != "" && !inv.Reset {
			return fmt.Errorf("invitation: person %s: %w", inv.Email, store.ErrPasswordSet)
		}
		res, err := tx.sql.ExecContext(ctx, `INSERT INTO invitations (token_hash, person_id, created, expires)
			VALUES ($1, $2, $3, $4) ON CONFLICT (token_hash) DO NOTHING`,
			inv.TokenHash, id, timeText(inv.Created), timeText(inv.Expires))
		if err != nil {
			return fmt.Errorf("invitation of %s: %w", inv.Email, err)
		}
		if err := oneRow(res, fmt.Errorf("invitation of %s: token: %w", inv.Email, store.ErrExists)); err != nil {
			return err
		}
		_, err = tx.appendAudit(ctx, actor, store.ActionPersonInvite, inv.Email, inviteData{Expires: timeText(inv.Expires), ReplacesPassword: hash != ""})
		return err
	})
	if err != nil {
		return store.Invitation{}, err
	}
	return inv, nil
}

// Invitation returns the invitation whose token has that hash, with why it no longer
// works at now, if it does not.
func (s *Store) Invitation(ctx context.Context, tokenHash string, now time.Time) (store.Invitation, error) {
	inv, _, err := findInvitation(ctx, s.read, tokenHash, now)
	return inv, err
}

// AcceptInvitation spends the invitation, sets its person's password and ends their
// sessions, in one transaction; the audit entry is the person's own password change.
func (s *Store) AcceptInvitation(ctx context.Context, tokenHash, passwordHash string, at time.Time) (people.Person, error) {
	var email string
	err := s.update(ctx, func(ctx context.Context, tx *Tx) error {
		inv, disabled, err := findInvitation(ctx, tx.sql, tokenHash, at)
		if err != nil {
			return err
		}
		if disabled {
			return fmt.Errorf("invitation: person %s: %w", inv.Email, store.ErrDisabled)
		}
		// Only a link that is not spent is spent: two people racing for one link cannot
		// both set the password.
		res, err := tx.sql.ExecContext(ctx, `UPDATE invitations SET spent = $1 WHERE token_hash = $2 AND spent = ''`,
			timeText(at), tokenHash)
		if err != nil {
			return fmt.Errorf("invitation of %s: %w", inv.Email, err)
		}
		if err := oneRow(res, fmt.Errorf("invitation of %s: %w", inv.Email, store.ErrSpent)); err != nil {
			return err
		}
		email = inv.Email
		// Whoever knew the password it replaces may be signed in with it.
		id, _, err := findPerson(ctx, tx, inv.Email)
		if err != nil {
			return err
		}
		if err := endSessionsOf(ctx, tx, id, inv.Email); err != nil {
			return err
		}
		return setPassword(ctx, tx, inv.Email, inv.Email, passwordHash)
	})
	if err != nil {
		return people.Person{}, err
	}
	return s.Person(ctx, email)
}

// findInvitation returns the invitation whose token has that hash and whether its
// person is disabled, with store.ErrSpent or store.ErrExpired (and the invitation) when
// it no longer works at now.
func findInvitation(ctx context.Context, q querier, tokenHash string, now time.Time) (store.Invitation, bool, error) {
	inv := store.Invitation{TokenHash: tokenHash}
	var created, expires, spent string
	var disabled, replaced bool
	err := q.QueryRowContext(ctx, `SELECT p.email, p.disabled, i.created, i.expires, i.spent,
			EXISTS (SELECT 1 FROM invitations n WHERE n.person_id = i.person_id AND n.id > i.id)
		FROM invitations i JOIN people p ON p.id = i.person_id WHERE i.token_hash = $1`, tokenHash).
		Scan(&inv.Email, &disabled, &created, &expires, &spent, &replaced)
	if errors.Is(err, sql.ErrNoRows) {
		return store.Invitation{}, false, fmt.Errorf("invitation: %w", store.ErrNotFound)
	}
	if err != nil {
		return store.Invitation{}, false, fmt.Errorf("invitation: %w", err)
	}
	if inv.Created, err = parseTime(created); err == nil {
		if inv.Expires, err = parseTime(expires); err == nil && spent != "" {
			inv.Spent, err = parseTime(spent)
		}
	}
	switch {
	case err != nil:
		return store.Invitation{}, false, fmt.Errorf("invitation of %s: %w", inv.Email, err)
	case spent != "":
		return inv, disabled, fmt.Errorf("invitation of %s: %w", inv.Email, store.ErrSpent)
	case replaced:
		return inv, disabled, fmt.Errorf("invitation of %s: replaced by a newer one: %w", inv.Email, store.ErrExpired)
	case !now.Before(inv.Expires):
		return inv, disabled, fmt.Errorf("invitation of %s: %w", inv.Email, store.ErrExpired)
	}
	return inv, disabled, nil
}
