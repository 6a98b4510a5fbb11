package postgres_test

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver

	"github.com/handbok/handbok/internal/store"
	"github.com/handbok/handbok/internal/store/postgres"
	"github.com/handbok/handbok/internal/store/storetest"
)

// The database the tests use: HANDBOK_TEST_POSTGRES when set, else the local server's
// socket as postgres or as the user running the tests. Each test gets its own schemas,
// dropped when it ends. The tamper tests need a superuser.
const envDSN = "HANDBOK_TEST_POSTGRES"

func TestStore(t *testing.T) {
	base, admin := server(t)
	var mu sync.Mutex
	schemas := map[string]string{}
	n := 0
	dsn := func(t *testing.T, name string) string {
		mu.Lock()
		defer mu.Unlock()
		key := t.Name() + "\x00" + name
		if schemas[key] == "" {
			n++
			schema := fmt.Sprintf("handbok_test_%d_%d", os.Getpid(), n)
			if _, err := admin.Exec(`CREATE SCHEMA ` + schema); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() {
				if _, err := admin.Exec(`DROP SCHEMA ` + schema + ` CASCADE`); err != nil {
					t.Error(err)
				}
			})
			schemas[key] = schema
		}
		return withSearchPath(base, schemas[key])
	}
	storetest.Run(t, storetest.Target{
		Open: func(t *testing.T, name string) (store.Store, error) {
			return postgres.Open(t.Context(), dsn(t, name))
		},
		// Exec connects past the store as a superuser would, with triggers (and so
		// foreign keys) off, as someone rewriting the records by hand could.
		Exec: func(t *testing.T, name, query string, args ...any) {
			db, err := sql.Open("pgx", dsn(t, name))
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			conn, err := db.Conn(t.Context())
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			if _, err := conn.ExecContext(t.Context(), `SET session_replication_role = replica`); err != nil {
				t.Fatalf("tampering needs a superuser: %v", err)
			}
			if _, err := conn.ExecContext(t.Context(), query, args...); err != nil {
				t.Fatalf("%s: %v", query, err)
			}
		},
	})
}

// server finds the test database and returns its DSN and a connection to it. Without
// one it skips the test, or fails it under CI=true.
func server(t *testing.T) (string, *sql.DB) {
	candidates := []string{os.Getenv(envDSN)}
	if candidates[0] == "" {
		candidates = []string{
			"host=/var/run/postgresql user=postgres dbname=postgres",
			"host=/var/run/postgresql dbname=postgres",
		}
	}
	var errs []string
	for _, dsn := range candidates {
		db, err := sql.Open("pgx", dsn)
		if err == nil {
			ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
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
		strings.Join(errs, "; "), envDSN, envDSN)
	if os.Getenv("CI") == "true" {
		t.Fatal(msg)
	}
	t.Skip(msg)
	return "", nil
}

// withSearchPath returns dsn with the schema first on its search path.
func withSearchPath(dsn, schema string) string {
	if u, err := url.Parse(dsn); err == nil && (u.Scheme == "postgres" || u.Scheme == "postgresql") {
		q := u.Query()
		q.Set("search_path", schema)
		u.RawQuery = q.Encode()
		return u.String()
	}
	return dsn + " search_path=" + schema
}
