package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/handbok/handbok/internal/build"
	"github.com/handbok/handbok/search/bleveindex"
)

// The commands that open the bleve index name themselves in its lock file, for another
// handbok that finds it in use.
const (
	searchCommand = "handbok search"
	serveCommand  = "handbok serve"
)

// indexWait is how long a command waits for another handbok that has the search index
// open: a search that indexes, or a serve that builds before it answers searches.
const indexWait = time.Minute

// waiting tells the person at the terminal what a command waits for.
func waiting(cmd string, stderr io.Writer) func(bleveindex.Holder) {
	return func(h bleveindex.Holder) {
		fmt.Fprintf(stderr, "%s: waiting for %s, which has the search index open (Ctrl-C stops)\n", cmd, h)
	}
}

// claimIndex claims the project's search index for serve before its first build. A
// search that has it is waited for; another serve, which keeps it, is not: this one
// stops at once and says where that one serves.
func claimIndex(ctx context.Context, b *build.Builder, stderr io.Writer) error {
	err := b.ClaimIndex(ctx, bleveindex.Options{
		Holder:  bleveindex.Holder{Command: serveCommand},
		Wait:    indexWait,
		GiveUp:  func(h bleveindex.Holder) bool { return h.Command == serveCommand },
		Waiting: waiting(serveCommand, stderr),
	})
	var locked *bleveindex.LockedError
	switch {
	case errors.As(err, &locked) && locked.Holder.Command == serveCommand:
		return alreadyServed(locked.Holder)
	case errors.Is(err, bleveindex.ErrLocked):
		return fmt.Errorf("%w; try again once it is done", err)
	}
	return err
}

// servedBy returns the handbok serve that has p's search index open, if one has: the
// process that serves p, since one serve runs per project.
func servedBy(ctx context.Context, p *build.Project) (h bleveindex.Holder, ok bool) {
	c, err := build.ClaimIndex(ctx, p, bleveindex.Options{Holder: bleveindex.Holder{Command: serveCommand}})
	if err == nil {
		c.Release()
		return h, false
	}
	var locked *bleveindex.LockedError
	if errors.As(err, &locked) && locked.Holder.Command == serveCommand {
		return locked.Holder, true
	}
	return h, false
}

// alreadyServed is the error of a second serve of a project that h serves.
func alreadyServed(h bleveindex.Holder) error {
	where := " (it is building the site)"
	if h.URL != "" {
		where = " at " + h.URL
	}
	return fmt.Errorf("%s already serves this project%s: use that one, or stop it first (Ctrl-C where it runs, or kill %d)", h, where, h.PID)
}
