package migrate

import (
	"database/sql"
	"errors"
	"path/filepath"
	"testing"
	"testing/fstest"

	"github.com/handbok/handbok/internal/store"
	_ "modernc.org/sqlite"
)

func TestReadWantsNumberedFilesWithoutGaps(t *testing.T) {
	ms, err := Read(fstest.MapFS{
		"0002_more.sql":  {Data: []byte("B")},
		"0001_first.sql": {Data: []byte("A")},
		"README":         {Data: []byte("not a migration")},
	})
	if err != nil || len(ms) != 2 || ms[0].Name != "0001_first" || ms[1].SQL != "B" {
		t.Fatalf("Read = %+v, %v", ms, err)
	}
	for name, fsys := range map[string]fstest.MapFS{
		"Gap":      {"0001_a.sql": {}, "0003_c.sql": {}},
		"NoNumber": {"first.sql": {}},
	} {
		if _, err := Read(fsys); err == nil {
			t.Errorf("%s: read without an error", name)
		}
	}
}

func TestUp(t *testing.T) {
	db, err := sql.Open("sqlite", filepath.Join(t.TempDir(), "m.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := t.Context()
	v1 := []Migration{{1, "0001_a", "CREATE TABLE a (x INTEGER); INSERT INTO a VALUES (1);"}}
	v2 := append(v1, Migration{2, "0002_b", "INSERT INTO a VALUES (2);"})
	for _, ms := range [][]Migration{v1, v1, v2, v2} { // each step applied once
		if err := Up(ctx, db, ms, ""); err != nil {
			t.Fatal(err)
		}
	}
	var n int
	if err := db.QueryRow("SELECT COUNT(*) FROM a").Scan(&n); err != nil || n != 2 {
		t.Errorf("%d rows, %v: want each migration run once", n, err)
	}
	if err := Up(ctx, db, v1, ""); !errors.Is(err, store.ErrTooNew) {
		t.Errorf("an older binary's migrations on a newer database: %v, want ErrTooNew", err)
	}
	bad := append(v2, Migration{3, "0003_bad", "INSERT INTO a VALUES (3); INSERT INTO nowhere VALUES (1);"})
	if err := Up(ctx, db, bad, ""); err == nil {
		t.Fatal("a failing migration returned no error")
	}
	if err := db.QueryRow("SELECT COUNT(*) FROM a").Scan(&n); err != nil || n != 2 {
		t.Errorf("a failing migration left %d rows, %v: want none of it", n, err)
	}
}
