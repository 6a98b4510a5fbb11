// Package pgtest finds the PostgreSQL server that tests run on, and gives each test a
// schema of its own on it, dropped when the test ends.
//
// The server is the one HANDBOK_TEST_POSTGRES names, else the local server's socket as
// postgres or as the user running the tests. Without one a test is skipped, saying how
// to give it one, or fails under CI=true.
package pgtest

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
)

// EnvDSN names the variable that gives the test server's DSN.
const EnvDSN = "HANDBOK_TEST_POSTGRES"

// localCandidates are tried when EnvDSN is not set.
var localCandidates = []string{
	"postgres:///postgres?host=/var/run/postgresql&user=postgres",
	"postgres:///postgres?host=/var/run/postgresql",
}

// Server finds the test server and returns its DSN as a postgres:// URL (the form
// handbok's --db takes) and a connection to it, closed when the test ends. Without a
// server it skips the test, or fails it under CI=true.
func Server(t testing.TB) (string, *sql.DB) {
	t.Helper()
	candidates := localCandidates
	if env := os.Getenv(EnvDSN); env != "" {
		u, err := AsURL(env)
		if err != nil {
			t.Fatalf("%s: %v", EnvDSN, err)
		}
		candidates = []string{u}
	}
	var errs []string
	for _, dsn := range candidates {
		db, err := sql.Open("pgx", dsn)
		if err == nil {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			err = db.PingContext(ctx)
			cancel()
			if err == nil {
				t.Cleanup(func() { db.Close() })
				return dsn, db
			}
			db.Close()
		}
		errs = append(errs, err.Error())
	}
	msg := fmt.Sprintf("no PostgreSQL to test on (%s); start one and set %s to a DSN of a role that may create schemas, a superuser for the tamper tests, such as %s=postgres://postgres@localhost/postgres",
		strings.Join(errs, "; "), EnvDSN, EnvDSN)
	if os.Getenv("CI") == "true" {
		t.Fatal(msg)
	}
	t.Skip(msg)
	return "", nil
}

var schemas atomic.Int64

// Schema makes a fresh schema on the server that admin is connected to, dropped when
// the test ends, and returns base with that schema first on its search path.
func Schema(t testing.TB, base string, admin *sql.DB) string {
	t.Helper()
	schema := fmt.Sprintf("handbok_test_%d_%d", os.Getpid(), schemas.Add(1))
	if _, err := admin.Exec(`CREATE SCHEMA ` + schema); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if _, err := admin.Exec(`DROP SCHEMA ` + schema + ` CASCADE`); err != nil {
			t.Error(err)
		}
	})
	return WithSearchPath(base, schema)
}

// WithSearchPath returns the postgres:// URL dsn with schema first on its search path.
func WithSearchPath(dsn, schema string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		panic(fmt.Sprintf("pgtest: %v", err)) // Server gives only URLs it has parsed
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// AsURL returns dsn as a postgres:// URL: a URL as it is, and a DSN of keywords
// (host=… user=…) rewritten.
func AsURL(dsn string) (string, error) {
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		return dsn, nil
	}
	cfg, err := pgconn.ParseConfig(dsn)
	if err != nil {
		return "", err
	}
	u := url.URL{Scheme: "postgres", Path: "/" + cfg.Database}
	if cfg.User != "" {
		u.User = url.UserPassword(cfg.User, cfg.Password)
		if cfg.Password == "" {
			u.User = url.User(cfg.User)
		}
	}
	q := url.Values{}
	if strings.HasPrefix(cfg.Host, "/") {
		q.Set("host", cfg.Host)
		q.Set("port", fmt.Sprint(cfg.Port))
	} else {
		u.Host = fmt.Sprintf("%s:%d", cfg.Host, cfg.Port)
	}
	u.RawQuery = q.Encode()
	return u.String(), nil
}
