// Command ackbench measures how many acknowledgments a records store takes per second
// when many people acknowledge at once, as after a version bump: -clients goroutines,
// each a person of its own, acknowledge -acks policies each (every person × policy once),
// as fast as they are answered. It runs on SQLite (a new file, synchronous=FULL) and on
// PostgreSQL (a new schema on the local server, synchronous_commit=on) in the same run,
// one after the other, and prints a JSON line per store: acknowledgments, seconds,
// acknowledgments per second, and latencies (p50, p99, max) in milliseconds.
//
//	go run ./bench/ackbench -clients 50 -acks 100
//
// With -http each client is a browser of its own, signed in, acknowledging through
// POST /api/acks on a records server on loopback, so that the whole path is measured.
//
// It is bounded: at most 200 clients and 1,000 acknowledgments each, local databases
// only (a file under the temporary folder, PostgreSQL over its Unix socket), and
// everything it made is removed when it ends.
package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver

	"github.com/handbok/handbok/internal/people"
	"github.com/handbok/handbok/internal/store"
	"github.com/handbok/handbok/internal/store/postgres"
	"github.com/handbok/handbok/internal/store/sqlite"
)

// viaHTTP is -http.
var viaHTTP bool

type result struct {
	Store   string  `json:"store"`
	Clients int     `json:"clients"`
	Acks    int     `json:"acks"`
	Seconds float64 `json:"seconds"`
	PerSec  float64 `json:"acks_per_second"`
	P50     float64 `json:"p50_ms"`
	P99     float64 `json:"p99_ms"`
	Max     float64 `json:"max_ms"`
}

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "ackbench:", err)
		os.Exit(1)
	}
}

func run() error {
	clients := flag.Int("clients", 50, "people acknowledging at once (1–200)")
	acks := flag.Int("acks", 100, "policies each person acknowledges (1–1000)")
	pgDSN := flag.String("postgres", "host=/var/run/postgresql dbname=postgres", "the local PostgreSQL, over its socket, as a role that may create a schema")
	only := flag.String("only", "", `"sqlite" or "postgres" to measure one store`)
	flag.BoolVar(&viaHTTP, "http", false, "acknowledge through POST /api/acks on a records server on loopback")
	flag.Parse()
	if *clients < 1 || *clients > 200 || *acks < 1 || *acks > 1000 {
		return errors.New("-clients must be 1–200 and -acks 1–1000")
	}
	ctx := context.Background()
	enc := json.NewEncoder(os.Stdout)
	if *only != "postgres" {
		r, err := benchSQLite(ctx, *clients, *acks)
		if err != nil {
			return fmt.Errorf("sqlite: %w", err)
		}
		enc.Encode(r)
	}
	if *only != "sqlite" {
		r, err := benchPostgres(ctx, *pgDSN, *clients, *acks)
		if err != nil {
			return fmt.Errorf("postgres: %w", err)
		}
		enc.Encode(r)
	}
	return nil
}

func benchSQLite(ctx context.Context, clients, acks int) (result, error) {
	dir, err := os.MkdirTemp("", "ackbench-")
	if err != nil {
		return result{}, err
	}
	defer os.RemoveAll(dir)
	s, err := sqlite.Open(ctx, filepath.Join(dir, "handbok.db"))
	if err != nil {
		return result{}, err
	}
	defer s.Close()
	return bench(ctx, "sqlite", s, clients, acks)
}

func benchPostgres(ctx context.Context, dsn string, clients, acks int) (result, error) {
	admin, err := sql.Open("pgx", dsn)
	if err != nil {
		return result{}, err
	}
	defer admin.Close()
	schema := fmt.Sprintf("handbok_ackbench_%d", os.Getpid())
	if _, err := admin.ExecContext(ctx, `CREATE SCHEMA `+schema); err != nil {
		return result{}, err
	}
	defer admin.ExecContext(ctx, `DROP SCHEMA `+schema+` CASCADE`)
	s, err := postgres.Open(ctx, dsn+" search_path="+schema)
	if err != nil {
		return result{}, err
	}
	defer s.Close()
	return bench(ctx, "postgres", s, clients, acks)
}

// bench adds the people, then has each acknowledge its policies one after another, all
// people at once, and measures every acknowledgment.
func bench(ctx context.Context, name string, s store.Store, clients, acks int) (result, error) {
	var staff []people.Person
	for i := range clients {
		staff = append(staff, people.Person{Email: fmt.Sprintf("p%03d@bench.is", i), Name: "P", Role: people.Employee})
	}
	if err := s.AddPeople(ctx, "ackbench", staff); err != nil {
		return result{}, err
	}
	ack := func(c, i int) error {
		_, _, err := s.RecordAck(ctx, store.Acknowledgment{Email: staff[c].Email,
			Policy: policyID(i), Version: 1, Revision: "r", How: store.Button})
		return err
	}
	if viaHTTP {
		h, err := newOverHTTP(ctx, s, staff, acks)
		if err != nil {
			return result{}, err
		}
		defer h.close()
		ack, name = h.ack, name+"+http"
	}
	lat := make([][]time.Duration, clients)
	errs := make([]error, clients)
	var wg sync.WaitGroup
	start := time.Now()
	for c := range clients {
		wg.Go(func() {
			for i := range acks {
				t := time.Now()
				if err := ack(c, i); err != nil {
					errs[c] = err
					return
				}
				lat[c] = append(lat[c], time.Since(t))
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	if err := errors.Join(errs...); err != nil {
		return result{}, err
	}
	all := slices.Sorted(slices.Values(slices.Concat(lat...)))
	ms := func(q float64) float64 { return float64(all[int(q*float64(len(all)-1))]) / 1e6 }
	return result{Store: name, Clients: clients, Acks: len(all), Seconds: elapsed.Seconds(),
		PerSec: float64(len(all)) / elapsed.Seconds(), P50: ms(0.5), P99: ms(0.99), Max: ms(1)}, nil
}
