package render

import "context"

// untilDone returns what work returns, or ctx's error as soon as ctx is done, whichever
// comes first.
//
// goldmark takes no context, so a page's parse and render cannot stop halfway, and one
// huge page can take seconds. The work therefore runs in a goroutine of its own, and a
// build that is cancelled (SIGTERM, or the server shutting down) returns without waiting
// for it. What is left running is bounded: at most one page for each core, each in time
// linear in its page's length (heading ids are made in linear time and nesting is
// limited, see idSet and maxNesting), touching nothing the build shares, since its
// caller writes the result only once it has it; the result is then dropped.
// `handbok build` exits without waiting for it.
func untilDone[T any](ctx context.Context, work func() (T, error)) (T, error) {
	if ctx.Done() == nil {
		return work() // it cannot be cancelled: no goroutine is needed
	}
	if err := ctx.Err(); err != nil {
		var zero T
		return zero, err // cancelled already: start nothing that would be left running
	}
	type result struct {
		v   T
		err error
	}
	done := make(chan result, 1) // the goroutine never blocks, even when no one waits
	go func() {
		v, err := work()
		done <- result{v, err}
	}()
	select {
	case res := <-done:
		return res.v, res.err
	case <-ctx.Done():
		var zero T
		return zero, ctx.Err()
	}
}
