package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// maxGroup bounds how many changes one transaction takes, so that a burst is answered in
// several commits rather than held back for one very large one.
const maxGroup = 256

// ErrClosed is returned for a change asked of a store that is closing or closed.
var ErrClosed = errors.New("records database is closed")

// Writer runs a store's changes on one goroutine, in groups: every change waiting when a
// transaction begins goes into it, each under a savepoint of its own, and all of them are
// answered after the one commit (and so the one fsync) that makes them durable. A change
// that fails is rolled back to its savepoint and answered with its error; the others in
// its group are kept.
type Writer struct {
	db        *sql.DB
	headQuery string
	now       func() time.Time
	jobs      chan job
	quit      chan struct{}
	done      chan struct{}
	committed func(changes int) // called after each commit; tests count transactions with it
}

// job is one change: fn runs under a savepoint, and its outcome is sent on reply once
// the group's transaction has committed or failed.
type job struct {
	ctx   context.Context
	fn    func(ctx context.Context, tx *Tx) error
	reply chan error
}

// NewWriter starts the writer of db, whose transactions begin by reading the audit head
// with headQuery and are stamped by now. Close stops it.
func NewWriter(db *sql.DB, headQuery string, now func() time.Time) *Writer {
	w := &Writer{db: db, headQuery: headQuery, now: now, committed: func(int) {},
		jobs: make(chan job, maxGroup), quit: make(chan struct{}), done: make(chan struct{})}
	go w.run()
	return w
}

// Update runs fn in the next group's transaction and returns once that transaction is
// committed, or fn or the group failed. Once the writer has taken the change, Update
// waits for its outcome even when ctx ends, so that a caller never reports as lost a
// change that was committed.
func (w *Writer) Update(ctx context.Context, fn func(ctx context.Context, tx *Tx) error) error {
	reply, err := w.enqueue(ctx, fn)
	if err != nil {
		return err
	}
	select {
	case err := <-reply:
		return err
	case <-w.done:
		// The writer answers every change it took before it stops.
		select {
		case err := <-reply:
			return err
		default:
			return ErrClosed
		}
	}
}

// enqueue hands fn to the writer and returns where its outcome will come.
func (w *Writer) enqueue(ctx context.Context, fn func(ctx context.Context, tx *Tx) error) (chan error, error) {
	j := job{ctx: ctx, fn: fn, reply: make(chan error, 1)}
	select {
	case w.jobs <- j:
		return j.reply, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	case <-w.quit:
		return nil, ErrClosed
	}
}

// Close waits for the group in progress and stops the writer; changes not yet begun
// get ErrClosed. It must be called once.
func (w *Writer) Close() {
	close(w.quit)
	<-w.done
}

func (w *Writer) run() {
	defer close(w.done)
	for {
		select {
		case j := <-w.jobs:
			w.commit(w.gather(j))
		case <-w.quit:
			return
		}
	}
}

// gather returns first and every change already waiting behind it, up to maxGroup.
func (w *Writer) gather(first job) []job {
	group := []job{first}
	for len(group) < maxGroup {
		select {
		case j := <-w.jobs:
			group = append(group, j)
		default:
			return group
		}
	}
	return group
}

// commit runs group in one transaction and answers each change. The transaction is not
// bound to any caller's context: one caller leaving must not roll back the others.
func (w *Writer) commit(group []job) {
	errs, err := w.runGroup(group)
	for i, j := range group {
		if err != nil && errs[i] == nil {
			errs[i] = err
		}
		j.reply <- errs[i]
	}
}

// runGroup returns each change's own error, and an error that failed them all.
func (w *Writer) runGroup(group []job) ([]error, error) {
	errs := make([]error, len(group))
	ctx := context.Background()
	sqlTx, err := w.db.BeginTx(ctx, nil)
	if err != nil {
		return errs, err
	}
	tx, err := Begin(ctx, sqlTx, w.headQuery, w.now)
	if err != nil {
		return errs, errors.Join(err, rollback(sqlTx))
	}
	for i, j := range group {
		var fatal error
		if errs[i], fatal = tx.savepoint(j); fatal != nil {
			return errs, errors.Join(fatal, rollback(sqlTx))
		}
	}
	if err := sqlTx.Commit(); err != nil {
		return errs, err
	}
	w.committed(len(group))
	return errs, nil
}

// savepoint runs j under a savepoint, after checking that its caller still waits, and
// rolls it back to the savepoint when it fails. It returns j's error, and an error that
// leaves the whole transaction unusable.
func (tx *Tx) savepoint(j job) (jobErr, fatal error) {
	if err := j.ctx.Err(); err != nil {
		return err, nil
	}
	ctx := context.Background()
	if _, err := tx.sql.ExecContext(ctx, `SAVEPOINT change`); err != nil {
		return nil, err
	}
	head := tx.head
	// The statements are not cancelled with the caller: SQLite rolls back the whole
	// transaction when a statement in it is interrupted.
	if err := j.fn(context.WithoutCancel(j.ctx), tx); err != nil {
		tx.head = head
		if _, rerr := tx.sql.ExecContext(ctx, `ROLLBACK TO SAVEPOINT change`); rerr != nil {
			return err, rerr
		}
		_, rerr := tx.sql.ExecContext(ctx, `RELEASE SAVEPOINT change`)
		return err, rerr
	}
	_, err := tx.sql.ExecContext(ctx, `RELEASE SAVEPOINT change`)
	return nil, err
}

func rollback(tx *sql.Tx) error {
	if err := tx.Rollback(); err != nil && !errors.Is(err, sql.ErrTxDone) {
		return err
	}
	return nil
}
