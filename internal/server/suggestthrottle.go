package server

import (
	"slices"
	"sync"
	"time"
)

// A person may send this many suggestions in any window of this length: plenty for
// someone reading the handbook through, and a bound on what a script or a stuck key can
// put in front of the owners.
const (
	suggestPerWindow = 10
	suggestWindow    = time.Hour
)

// suggestThrottle counts the suggestions each person sent in the last window, in
// memory: a restart forgives everyone, which costs at most one more window's worth.
type suggestThrottle struct {
	mu   sync.Mutex
	sent map[string][]time.Time // by email, oldest first, none older than the window
	// sweepAt is the size of sent at which those with nothing in the window are
	// forgotten, doubled after each sweep so that the work stays in proportion.
	sweepAt int
}

func newSuggestThrottle() *suggestThrottle {
	return &suggestThrottle{sent: map[string][]time.Time{}, sweepAt: 1024}
}

// take counts a suggestion from email at now. When the person has sent their fill in
// the window, it counts nothing and returns how long until they may send again.
// Otherwise it returns a function that takes the suggestion back, for one the store did
// not keep.
func (t *suggestThrottle) take(email string, now time.Time) (wait time.Duration, giveBack func()) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(t.sent) >= t.sweepAt {
		for k, times := range t.sent {
			if inWindow(times, now) == nil {
				delete(t.sent, k)
			}
		}
		t.sweepAt = max(1024, 2*len(t.sent))
	}
	times := inWindow(t.sent[email], now)
	if len(times) >= suggestPerWindow {
		t.sent[email] = times
		return times[len(times)-suggestPerWindow].Add(suggestWindow).Sub(now), nil
	}
	t.sent[email] = append(times, now)
	return 0, func() {
		t.mu.Lock()
		defer t.mu.Unlock()
		times := t.sent[email]
		if i := slices.Index(times, now); i >= 0 {
			t.sent[email] = slices.Delete(times, i, i+1)
		}
	}
}

// inWindow returns the times of times that are within the window before now.
func inWindow(times []time.Time, now time.Time) []time.Time {
	i := 0
	for i < len(times) && !times[i].After(now.Add(-suggestWindow)) {
		i++
	}
	if i == len(times) {
		return nil
	}
	return times[i:]
}
