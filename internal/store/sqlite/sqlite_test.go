package sqlite_test

import (
	"database/sql"
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
