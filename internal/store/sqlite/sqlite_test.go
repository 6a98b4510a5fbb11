package sqlite_test

import (
	"database/sql"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/handbok/handbok/internal/store"
	"github.com/handbok/handbok/internal/store/sqlite"
	"github.com/handbok/handbok/internal/store/storetest"
)

func TestStore(t *testing.T) {
	var mu sync.Mutex
	dirs := map[*testing.T]string{}
	path := func(t *testing.T, name string) string {
		mu.Lock()
		defer mu.Unlock()
		if dirs[t] == "" {
			dirs[t] = t.TempDir()
		}
		return filepath.Join(dirs[t], "records", name+".db")
	}
	storetest.Run(t, storetest.Target{
		Open: func(t *testing.T, name string) (store.Store, error) {
			return sqlite.Open(t.Context(), path(t, name))
		},
		// Exec uses a connection of its own without the store's settings: foreign keys
		// are off, as they would be for someone editing the file with the sqlite3 shell.
		Exec: func(t *testing.T, name, query string, args ...any) {
			db, err := sql.Open("sqlite", "file:"+path(t, name)+"?_pragma=busy_timeout(10000)")
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if _, err := db.Exec(query, args...); err != nil {
				t.Fatalf("%s: %v", query, err)
			}
		},
	})
}

// A handbook's folder may have spaces and Icelandic letters in its name, and any
// character a file name may have: the database goes exactly there.
func TestOpenWhereThePathSays(t *testing.T) {
	path := filepath.Join(t.TempDir(), "Starfsmannahandbók Dalvíkur ?#%41&", ".handbok", "handbok.db")
	s, err := sqlite.Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); err != nil {
		t.Errorf("the database is not where the path says: %v", err)
	}
}

// BenchmarkWorkplaceAcks: see storetest.BenchWorkplaceAcks.
func BenchmarkWorkplaceAcks(b *testing.B) {
	s, err := sqlite.Open(b.Context(), filepath.Join(b.TempDir(), "handbok.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	storetest.BenchWorkplaceAcks(b, s)
}
