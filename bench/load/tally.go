// Package load is what handbok's load generators share: tallies of the requests of one
// kind with their latencies and statuses, the server's memory and CPU time read from
// /proc while the load runs, the loopback rule, and the records mix that
// bench/recordsload and the short load test in cmd/handbok put on `handbok serve`.
package load

import (
	"fmt"
	"slices"
	"strconv"
	"sync"
	"time"
)

// Tally is what the clients saw of one kind of request.
type Tally struct {
	mu         sync.Mutex
	latencies  []time.Duration
	status     map[int]int
	errors     int
	lastErr    string
	unfinished int
}

// NewTally returns an empty tally.
func NewTally() *Tally { return &Tally{status: map[int]int{}} }

// Add counts a request answered with status after d, or one that failed with err
// (a connection refused or reset, a timeout, a body cut short).
func (t *Tally) Add(d time.Duration, status int, err error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if err != nil {
		t.errors++
		t.lastErr = err.Error()
		return
	}
	t.latencies = append(t.latencies, d)
	t.status[status]++
}

// CutOff counts a request that the end of the load cut off before it was answered.
func (t *Tally) CutOff() {
	t.mu.Lock()
	t.unfinished++
	t.mu.Unlock()
}

// Summary is a tally as printed.
type Summary struct {
	Clients  int            `json:"clients"`
	Requests int            `json:"requests"`
	RPS      float64        `json:"rps"`
	Status   map[string]int `json:"status"`
	Errors   int            `json:"errors"`
	// Unfinished requests were still waiting for their answer when the load ended.
	Unfinished int     `json:"unfinished"`
	LastError  string  `json:"last_error,omitempty"`
	P50ms      float64 `json:"p50_ms"`
	P99ms      float64 `json:"p99_ms"`
	Maxms      float64 `json:"max_ms"`
}

// Summary sums the tally up for clients over elapsed.
func (t *Tally) Summary(clients int, elapsed time.Duration) Summary {
	t.mu.Lock()
	defer t.mu.Unlock()
	slices.Sort(t.latencies)
	ms := func(q float64) float64 {
		if len(t.latencies) == 0 {
			return 0
		}
		i := min(int(q*float64(len(t.latencies))), len(t.latencies)-1)
		return float64(t.latencies[i].Microseconds()) / 1000
	}
	s := Summary{Clients: clients, Requests: len(t.latencies), Errors: t.errors, LastError: t.lastErr, Unfinished: t.unfinished,
		RPS: float64(len(t.latencies)) / elapsed.Seconds(), Status: map[string]int{},
		P50ms: ms(0.50), P99ms: ms(0.99), Maxms: ms(1)}
	for code, n := range t.status {
		s.Status[fmt.Sprint(code)] = n
	}
	return s
}

// ServerErrors is how many requests were answered with a status of 500 or more.
func (s Summary) ServerErrors() int {
	n := 0
	for code, k := range s.Status {
		if c, err := strconv.Atoi(code); err == nil && c >= 500 {
			n += k
		}
	}
	return n
}
