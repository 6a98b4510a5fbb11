package sqlstore

import (
	"context"
	"fmt"
	"iter"
	"time"

	"github.com/handbok/handbok/internal/audit"
)

// appendAudit appends an entry for a change to the log, after the head the transaction
// read when it began, and moves the kept head to it.
func (tx *Tx) appendAudit(ctx context.Context, actor, action, subject string, data any) (audit.Entry, error) {
	raw, err := audit.CanonicalJSON(data)
	if err != nil {
		return audit.Entry{}, fmt.Errorf("audit data for %s: %w", action, err)
	}
	e := audit.Next(tx.head, audit.Entry{Time: tx.now(), Actor: actor, Action: action, Subject: subject, Data: raw})
	if _, err := tx.sql.ExecContext(ctx, `INSERT INTO audit_log (seq, at, actor, action, subject, data, prev, hash)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
		int64(e.Seq), e.Time.Format(audit.TimeLayout), e.Actor, e.Action, e.Subject, string(e.Data), e.Prev, e.Hash); err != nil {
		return audit.Entry{}, fmt.Errorf("audit append: %w", err)
	}
	if _, err := tx.sql.ExecContext(ctx, `UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1`, int64(e.Seq), e.Hash); err != nil {
		return audit.Entry{}, fmt.Errorf("audit head: %w", err)
	}
	tx.head = audit.Head{Seq: e.Seq, Hash: e.Hash}
	return e, nil
}

// AuditHead returns the head of the log as the store keeps it.
func (s *Store) AuditHead(ctx context.Context) (audit.Head, error) {
	var h audit.Head
	err := s.read.QueryRowContext(ctx, `SELECT seq, hash FROM audit_head WHERE id = 1`).Scan(&h.Seq, &h.Hash)
	return h, err
}

// AuditLog walks the log in order, a page at a time so that a long log is never held in
// memory whole, nor a transaction kept open between pages.
func (s *Store) AuditLog(ctx context.Context) iter.Seq2[audit.Entry, error] {
	const page = 1000
	return func(yield func(audit.Entry, error) bool) {
		var after uint64
		for {
			entries, err := s.auditPage(ctx, after, page)
			if err != nil {
				yield(audit.Entry{}, err)
				return
			}
			for _, e := range entries {
				if !yield(e, nil) {
					return
				}
				after = e.Seq
			}
			if len(entries) < page {
				return
			}
		}
	}
}

func (s *Store) auditPage(ctx context.Context, after uint64, limit int) ([]audit.Entry, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT seq, at, actor, action, subject, data, prev, hash
		FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2`, int64(after), limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []audit.Entry
	for rows.Next() {
		var e audit.Entry
		var at, data string
		if err := rows.Scan(&e.Seq, &at, &e.Actor, &e.Action, &e.Subject, &data, &e.Prev, &e.Hash); err != nil {
			return nil, err
		}
		e.Data = []byte(data)
		if e.Time, err = time.Parse(audit.TimeLayout, at); err != nil {
			return nil, fmt.Errorf("audit entry %d: time %q: %w", e.Seq, at, err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}
