// Command recordsload puts the load of a working morning on a running `handbok serve`
// with records: many people at once, each signed in as themself, reading pages,
// searching, asking /api/me, acknowledging their policies (POST /api/acks) and ticking
// their checklist items (PUT /api/checklists/…), each pausing -interval after each
// answer. Afterwards it checks through /api/me that every acknowledgment and tick the
// server confirmed is in the records as confirmed. It prints one JSON line: for each
// kind of request its count, statuses, errors and latencies (p50, p99, max), requests
// per second in all, the server's memory (the peak RSS of the sign-ins and of the load,
// and the mean RSS of each quarter of the load) and CPU time (sign-ins included), and
// what the check found.
//
//	go run ./bench/recordsload prepare -db sqlite:/tmp/x/handbok.db -people 200
//	handbok serve --no-watch --db sqlite:/tmp/x/handbok.db --addr 127.0.0.1:18315 &
//	go run ./bench/recordsload run -url http://127.0.0.1:18315/ -pid $! -clients 200 -duration 1m
//
// prepare puts -people employees in the records before the server starts (see
// load.Staff), each with load.Password; run signs in the first -clients of them.
// bench/records.sh does all of this on SQLite and on PostgreSQL and prints the table.
//
// It is bounded: loopback addresses only, at most 200 clients, at most a minute, a 10 s
// timeout on each request, and the load stops early when the server's RSS passes
// -max-rss. It exits 3 when a request failed or was answered 5xx, or the records miss
// something that was confirmed.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/handbok/handbok/bench/load"
	"github.com/handbok/handbok/internal/store"
	"github.com/handbok/handbok/internal/store/postgres"
	"github.com/handbok/handbok/internal/store/sqlite"
)

// errFound: the load ran and found something wrong, which the output says.
var errFound = errors.New("5xx answers, failed requests or records missing: see the output")

func main() {
	err := errors.New("say prepare or run, as the package's documentation shows")
	if len(os.Args) > 1 {
		switch os.Args[1] {
		case "prepare":
			err = prepare(os.Args[2:])
		case "run":
			err = run(os.Args[2:])
		}
	}
	switch {
	case errors.Is(err, errFound):
		fmt.Fprintln(os.Stderr, "recordsload:", err)
		os.Exit(3)
	case err != nil:
		fmt.Fprintln(os.Stderr, "recordsload:", err)
		os.Exit(1)
	}
}

func prepare(args []string) error {
	fs := flag.NewFlagSet("recordsload prepare", flag.ContinueOnError)
	dsn := fs.String("db", "", "the records: sqlite:PATH or postgres://… (as handbok serve --db)")
	n := fs.Int("people", load.MaxClients, "employees to add")
	workplaces := fs.String("workplaces", strings.Join(load.ExampleWorkplaces, ","), "the handbook's workplaces, comma-separated, shared among them")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *n < 1 || *n > load.MaxClients {
		return fmt.Errorf("-people is from 1 to %d", load.MaxClients)
	}
	ctx := context.Background()
	st, err := openRecords(ctx, *dsn)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := load.AddStaff(ctx, st, load.Staff(*n, strings.Split(*workplaces, ","), time.Now())); err != nil {
		return err
	}
	return st.Close()
}

// openRecords opens the records dsn names, as handbok serve's --db does.
func openRecords(ctx context.Context, dsn string) (store.Store, error) {
	switch {
	case strings.HasPrefix(dsn, "sqlite:"):
		return sqlite.Open(ctx, strings.TrimPrefix(dsn, "sqlite:"))
	case strings.HasPrefix(dsn, "postgres://"), strings.HasPrefix(dsn, "postgresql://"):
		return postgres.Open(ctx, dsn)
	}
	return nil, fmt.Errorf("-db %q: write sqlite:PATH or postgres://…", dsn)
}

// output is the line run prints.
type output struct {
	load.RecordsReport
	Memory   *load.MemoryReport `json:"memory,omitempty"`
	Verified load.Verification  `json:"verified"`
}

func run(args []string) error {
	fs := flag.NewFlagSet("recordsload run", flag.ContinueOnError)
	base := fs.String("url", "http://127.0.0.1:1313/", "the handbook's `URL` on a loopback address")
	pid := fs.Int("pid", 0, "the server's process id, for its memory and CPU time")
	clients := fs.Int("clients", load.MaxClients, "people at once, each signed in (prepared beforehand)")
	duration := fs.Duration("duration", time.Minute, "how long the load lasts")
	interval := fs.Duration("interval", 100*time.Millisecond, "each client's pause after each answer (0: none)")
	maxRSS := fs.Int64("max-rss", 4<<20, "stop early when the server's RSS passes this many `kB`")
	if err := fs.Parse(args); err != nil {
		return err
	}
	u, err := url.Parse(*base)
	if err != nil {
		return err
	}
	switch {
	case *clients < 1 || *clients > load.MaxClients:
		return fmt.Errorf("-clients is from 1 to %d", load.MaxClients)
	case *duration <= 0 || *duration > load.MaxDuration:
		return fmt.Errorf("-duration is at most %v", load.MaxDuration)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var mem *load.Memory
	if *pid > 0 { // the peak from before anyone signs in; the quarters of the load itself
		if mem, err = load.WatchMemory(*pid, *maxRSS, 50*time.Millisecond, cancel); err != nil {
			return err
		}
	}
	staff := load.Staff(*clients, load.ExampleWorkplaces, time.Now())
	r, err := load.NewRecords(ctx, u, load.Emails(staff), load.Password)
	if err != nil {
		return err
	}
	if mem != nil {
		if err := mem.Steady(); err != nil {
			return err
		}
	}
	out := output{RecordsReport: r.Run(ctx, *duration, *interval)}
	if mem != nil {
		m := mem.Stop()
		out.Memory = &m
	}
	if out.Verified, err = r.Verify(context.Background()); err != nil {
		return err
	}
	json.NewEncoder(os.Stdout).Encode(out)
	if out.Errors > 0 || out.ServerErrors > 0 || out.Verified.AcksMissing > 0 || out.Verified.TicksWrong > 0 ||
		(out.Memory != nil && out.Memory.StoppedBy != "") {
		return errFound
	}
	return nil
}
