package postgres_test

import (
	"database/sql"
	"sync"
	"testing"

	"github.com/handbok/handbok/internal/store"
	"github.com/handbok/handbok/internal/store/postgres"
	"github.com/handbok/handbok/internal/store/postgres/pgtest"
	"github.com/handbok/handbok/internal/store/storetest"
)

// The database the tests use is the one pgtest finds. Each test gets its own schemas,
// dropped when it ends. The tamper tests need a superuser.
func TestStore(t *testing.T) {
	base, admin := pgtest.Server(t)
	var mu sync.Mutex
	schemas := map[string]string{}
	dsn := func(t *testing.T, name string) string {
		mu.Lock()
		defer mu.Unlock()
		key := t.Name() + "\x00" + name
		if schemas[key] == "" {
			schemas[key] = pgtest.Schema(t, base, admin)
		}
		return schemas[key]
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

// BenchmarkWorkplaceAcks: see storetest.BenchWorkplaceAcks.
func BenchmarkWorkplaceAcks(b *testing.B) {
	base, admin := pgtest.Server(b)
	s, err := postgres.Open(b.Context(), pgtest.Schema(b, base, admin))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	storetest.BenchWorkplaceAcks(b, s)
}
