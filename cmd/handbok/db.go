package main

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/handbok/handbok/internal/store"
	"github.com/handbok/handbok/internal/store/postgres"
	"github.com/handbok/handbok/internal/store/sqlite"
)

// openStore opens the records that dsn names: sqlite:PATH, postgres://… or, for "",
// the SQLite file .handbok/handbok.db under sourceDir.
func openStore(ctx context.Context, dsn, sourceDir string) (store.Store, error) {
	switch {
	case dsn == "":
		return sqlite.Open(ctx, filepath.Join(sourceDir, ".handbok", "handbok.db"))
	case strings.HasPrefix(dsn, "sqlite:"):
		return sqlite.Open(ctx, strings.TrimPrefix(dsn, "sqlite:"))
	case strings.HasPrefix(dsn, "postgres://"), strings.HasPrefix(dsn, "postgresql://"):
		st, err := postgres.Open(ctx, dsn)
		if err != nil {
			return nil, fmt.Errorf("--db %s: %w", redactDSN(dsn), err)
		}
		return st, nil
	}
	return nil, fmt.Errorf("--db %q: write sqlite:PATH or postgres://…: %w", redactDSN(dsn), errUsage)
}
