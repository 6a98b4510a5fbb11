package bleveindex

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"time"
)

// ErrLocked is returned by Open and ClaimIndex when another process has the index open:
// the index is left as it is. The error is a *LockedError, which says who has it when
// that is known.
var ErrLocked = errors.New("the search index is in use")

// LockedError is ErrLocked with the process that has the index open.
type LockedError struct {
	Dir    string
	Holder Holder // the zero Holder when it is not known
}

func (e *LockedError) Error() string {
	return fmt.Sprintf("the search index %s is in use by %s", e.Dir, e.Holder)
}

// Is makes errors.Is(err, ErrLocked) true.
func (e *LockedError) Is(target error) bool { return target == ErrLocked }

// Holder is a process that has an index open, as it tells others in the index's lock
// file: its pid, what it is ("handbok serve") and, if it answers searches over HTTP,
// the URL of its site (its /api/search is under it).
type Holder struct {
	PID     int    `json:"pid"`
	Command string `json:"command"`
	URL     string `json:"url,omitempty"`
}

// String names the process for people: "handbok serve (pid 4242)", or "another
// process" when it is not known.
func (h Holder) String() string {
	if h.PID == 0 {
		return "another process"
	}
	cmd := h.Command
	if cmd == "" {
		cmd = "a process"
	}
	return fmt.Sprintf("%s (pid %d)", cmd, h.PID)
}

// Options say how Open behaves when another process has the index open.
type Options struct {
	// Holder is what this process tells others while it has the index open; Open fills
	// in the pid.
	Holder Holder
	// Wait is how long Open waits for the index to be let go of; 0 tries once.
	Wait time.Duration
	// GiveUp, if set, ends the wait at once for a holder not worth waiting for (one that
	// serves, and keeps the index open while it does).
	GiveUp func(Holder) bool
	// Waiting, if set, is called once when Open starts to wait, with the holder.
	Waiting func(Holder)
}

// pollEvery is how often a waiting Open tries again: neither flock nor bbolt tells
// when a lock is let go of.
const pollEvery = 50 * time.Millisecond

// A Claim is a process's hold on the index in a folder: an advisory lock on a file
// beside it, which also names the process. bbolt locks its own file too, but waits for
// it without end or a way to be stopped, and says nothing of who has it; the claim also
// keeps the index as it is while its holder decides to make it anew. A caller that has
// work to do before it can open the index (handbok serve builds first) claims it
// first, to learn before that work that another process has it.
type Claim struct {
	dir    string
	f      *os.File
	holder Holder
}

func lockPath(dir string) string { return dir + ".lock" }

// ClaimIndex claims the index in dir, which need not exist yet, waiting as opt says
// while another process has it, as Open does.
func ClaimIndex(ctx context.Context, dir string, opt Options) (*Claim, error) {
	return waitFor(ctx, opt, func() (*Claim, error) { return tryClaim(dir, opt.Holder) })
}

// waitFor calls try until it succeeds, fails, or reports the index busy past the wait,
// and returns ctx's error at once when ctx is done. try reports busy with a
// *LockedError.
func waitFor[T any](ctx context.Context, opt Options, try func() (T, error)) (T, error) {
	deadline := time.Now().Add(opt.Wait)
	var ticker *time.Ticker
	for {
		v, err := try()
		var locked *LockedError
		if !errors.As(err, &locked) {
			return v, err
		}
		if time.Now().After(deadline) || (opt.GiveUp != nil && opt.GiveUp(locked.Holder)) {
			return v, err
		}
		if ticker == nil {
			ticker = time.NewTicker(pollEvery)
			defer ticker.Stop()
			if opt.Waiting != nil {
				opt.Waiting(locked.Holder)
			}
		}
		select {
		case <-ctx.Done():
			return v, ctx.Err()
		case <-ticker.C:
		}
	}
}

// tryClaim claims the index in dir for holder, or returns a *LockedError that names the
// process that has it.
func tryClaim(dir string, holder Holder) (*Claim, error) {
	f, err := os.OpenFile(lockPath(dir), os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, err
	}
	ok, err := flock(f)
	if err != nil || !ok {
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("lock %s: %w", lockPath(dir), err)
		}
		return nil, &LockedError{Dir: dir, Holder: readHolder(dir)}
	}
	c := &Claim{dir: dir, f: f, holder: holder}
	if err := c.tell(holder); err != nil {
		f.Close()
		return nil, err
	}
	return c, nil
}

// readHolder returns who has the index in dir open, as its lock file says, or the zero
// Holder when it does not say (yet).
func readHolder(dir string) Holder {
	var h Holder
	if data, err := os.ReadFile(lockPath(dir)); err == nil {
		json.Unmarshal(data, &h)
	}
	return h
}

// tell writes holder in the lock file, for the processes that find the index in use.
func (c *Claim) tell(h Holder) error {
	h.PID = os.Getpid()
	data, err := json.Marshal(h)
	if err != nil {
		return err
	}
	if err := c.f.Truncate(0); err != nil {
		return err
	}
	_, err = c.f.WriteAt(append(data, '\n'), 0)
	return err
}

// Release lets go of the index unopened (Close of the Index that Open opened with the
// claim lets go of it too; a second Release does nothing): the lock file is emptied, so
// that nobody takes its last holder for a live one, and the lock let go.
func (c *Claim) Release() error {
	if c.f == nil {
		return nil
	}
	c.f.Truncate(0)
	err := c.f.Close()
	c.f = nil
	return err
}
