package main

import (
	"context"
	"fmt"
	"path/filepath"

	"passerelle/store"
)

// runBackup copies the SQLite database while the server runs (see docs/operations.md).
func runBackup(ctx context.Context, a *App, args []string) error {
	var cfg Config
	fs := a.flags("backup", &cfg)
	out := fs.String("out", "", "file to write the copy to (must not exist)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if *out == "" || len(pos) != 0 {
		return fmt.Errorf("%w: passerelle backup --out FILE", errUsage)
	}
	db, err := a.openDB(ctx, &cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	v, err := db.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	if err := db.Backup(ctx, *out); err != nil {
		return err
	}
	fmt.Fprintf(a.Stdout, "backup of the %s database at schema version %d written to %s\n", db.Dialect, v, *out)
	return nil
}

// runRestore puts a backup back in place of the SQLite database, after checking it.
func runRestore(ctx context.Context, a *App, args []string) error {
	var cfg Config
	fs := a.flags("restore", &cfg)
	force := fs.Bool("force", false, "replace a database that holds data")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return fmt.Errorf("%w: passerelle restore [--force] FILE", errUsage)
	}
	if cfg.DatabaseURL != "" {
		return store.ErrPostgresBackup
	}
	if cfg.DataDir == "" {
		return fmt.Errorf("%w: no data directory", errUsage)
	}
	dst := filepath.Join(cfg.DataDir, "passerelle.db")
	v, err := store.Restore(ctx, pos[0], dst, store.RestoreOptions{Force: *force})
	if err != nil {
		return err
	}
	fmt.Fprintf(a.Stdout, "restored %s to %s, schema version %d\n", pos[0], dst, v)
	return nil
}
