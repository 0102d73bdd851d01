package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// ErrPostgresBackup is returned by Backup and Restore on PostgreSQL, whose own tools do
// it better (pg_dump and pg_restore; see docs/operations.md).
var ErrPostgresBackup = errors.New("on PostgreSQL use pg_dump and pg_restore (see docs/operations.md)")

// Backup writes a consistent copy of the SQLite database to path while the server keeps
// serving: VACUUM INTO reads one snapshot in a read transaction, so writers carry on
// (WAL) and the copy is compact and holds no uncommitted change. path must not exist.
func (db *DB) Backup(ctx context.Context, path string) error {
	if db.Dialect != SQLite {
		return ErrPostgresBackup
	}
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("backup: %s exists already; choose a new file", path)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return err
	}
	if _, err := db.read.ExecContext(ctx, `VACUUM INTO $1`, abs); err != nil {
		os.Remove(abs)
		return fmt.Errorf("backup to %s: %w", path, err)
	}
	return nil
}

// RestoreOptions tune Restore.
type RestoreOptions struct {
	// Force replaces a database that holds data.
	Force bool
}

// Restore checks that the file src is a passerelle SQLite backup — an intact SQLite
// database whose schema is exactly the one that this program's migrations make at the
// file's version, with no extra trigger, view or table — and copies it to the database
// file dst (created if absent), then migrates the copy up to this program's version.
// It refuses to replace a database that holds a workspace or an account unless
// opts.Force. The server must be stopped: the file is replaced under it otherwise.
func Restore(ctx context.Context, src, dst string, opts RestoreOptions) (version int64, err error) {
	if err := CheckBackup(ctx, src); err != nil {
		return 0, err
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o750); err != nil {
		return 0, err
	}
	if _, err := os.Stat(dst); err == nil {
		n, err := countOwners(ctx, dst)
		switch {
		case err != nil && !opts.Force:
			return 0, fmt.Errorf("restore: %s exists and is not a passerelle database I can read (%v); use --force to replace it", dst, err)
		case n > 0 && !opts.Force:
			return 0, fmt.Errorf("restore: %s holds data (%d workspaces and accounts); use --force to replace it", dst, n)
		}
	}
	// The copy goes to a new file beside dst and takes its place in one rename, so a
	// failure half-way leaves the old database as it was.
	tmp := dst + ".restore"
	os.Remove(tmp)
	s, err := openReadOnly(src, false)
	if err != nil {
		return 0, err
	}
	_, err = s.ExecContext(ctx, `VACUUM INTO $1`, tmp)
	s.Close()
	if err != nil {
		os.Remove(tmp)
		return 0, fmt.Errorf("restore: copy %s: %w", src, err)
	}
	for _, suffix := range []string{"-wal", "-shm"} {
		if err := os.Remove(dst + suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
			os.Remove(tmp)
			return 0, err
		}
	}
	if err := os.Rename(tmp, dst); err != nil {
		os.Remove(tmp)
		return 0, err
	}
	db, err := Open(ctx, "sqlite:"+dst, "")
	if err != nil {
		return 0, fmt.Errorf("restore: the restored database does not open: %w", err)
	}
	defer db.Close()
	return db.SchemaVersion(ctx)
}

// openReadOnly opens a SQLite file that may be hostile: read-only, without running
// anything its schema defines.
// queryOnly also refuses VACUUM INTO, which the copy needs.
func openReadOnly(path string, queryOnly bool) (*sql.DB, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, err
	}
	q := url.Values{}
	q.Set("mode", "ro")
	for _, p := range []string{"trusted_schema(0)", "cell_size_check(1)"} {
		q.Add("_pragma", p)
	}
	if queryOnly {
		q.Add("_pragma", "query_only(1)")
	}
	pool, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, err
	}
	pool.SetMaxOpenConns(1)
	return pool, nil
}

// countOwners counts the workspaces and accounts of the database file path.
func countOwners(ctx context.Context, path string) (int64, error) {
	d, err := openReadOnly(path, true)
	if err != nil {
		return 0, err
	}
	defer d.Close()
	var n int64
	err = d.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM workspaces) + (SELECT COUNT(*) FROM users)`).Scan(&n)
	return n, err
}

// schemaEntry is one row of sqlite_master.
type schemaEntry struct{ typ, name, table, sql string }

func readSchema(ctx context.Context, q queryer) ([]schemaEntry, error) {
	rows, err := q.QueryContext(ctx, `SELECT type, name, tbl_name, COALESCE(sql, '') FROM sqlite_master ORDER BY type, name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []schemaEntry
	for rows.Next() {
		var e schemaEntry
		if err := rows.Scan(&e.typ, &e.name, &e.table, &e.sql); err != nil {
			return nil, err
		}
		if strings.HasPrefix(e.name, "sqlite_stat") {
			// The planner's statistics, written by ANALYZE after large imports.
			continue
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// CheckBackup says why the file path is not a passerelle backup that Restore can take, or
// nil: not SQLite, damaged, of an unknown or newer schema version, or with a schema that
// differs in any object from the one the migrations make at its version.
func CheckBackup(ctx context.Context, path string) error {
	d, err := openReadOnly(path, true)
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	defer d.Close()
	bad := func(format string, args ...any) error {
		return fmt.Errorf("restore: %s is not a passerelle backup: "+format, append([]any{path}, args...)...)
	}
	var ok string
	if err := d.QueryRowContext(ctx, `PRAGMA integrity_check(1)`).Scan(&ok); err != nil {
		return bad("%v", err)
	}
	if ok != "ok" {
		return bad("damaged (%s)", ok)
	}
	var version int64
	var pending int
	if err := d.QueryRowContext(ctx, `SELECT COALESCE(MAX(version_id), 0), COALESCE(SUM(CASE WHEN is_applied THEN 0 ELSE 1 END), 0) FROM goose_db_version`).Scan(&version, &pending); err != nil {
		return bad("no migration table (%v)", err)
	}
	if pending != 0 {
		return bad("%d migrations are marked not applied", pending)
	}
	// A fresh database migrated to the file's version is the schema the file must have.
	dir, err := os.MkdirTemp("", "passerelle-restore-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	refDB, err := openSQLite(filepath.Join(dir, "ref.db"), true)
	if err != nil {
		return err
	}
	defer refDB.Close()
	p, err := (&DB{Dialect: SQLite, write: refDB}).provider()
	if err != nil {
		return err
	}
	known := false
	var latest int64
	for _, s := range p.ListSources() {
		known = known || s.Version == version
		latest = max(latest, s.Version)
	}
	switch {
	case version > latest:
		return bad("its schema version %d is newer than this program's %d: restore it with the version of passerelle that made it", version, latest)
	case !known:
		return bad("unknown schema version %d", version)
	}
	if _, err := p.UpTo(ctx, version); err != nil {
		return err
	}
	want, err := readSchema(ctx, refDB)
	if err != nil {
		return err
	}
	have, err := readSchema(ctx, d)
	if err != nil {
		return bad("%v", err)
	}
	if diff := schemaDiff(want, have); diff != "" {
		return bad("its schema differs from version %d's: %s", version, diff)
	}
	return nil
}

// schemaDiff names the first few objects that are only in want or only in have, or differ.
func schemaDiff(want, have []schemaEntry) string {
	var out []string
	idx := func(es []schemaEntry) map[string]schemaEntry {
		m := map[string]schemaEntry{}
		for _, e := range es {
			m[e.typ+" "+e.name] = e
		}
		return m
	}
	w, h := idx(want), idx(have)
	for k, e := range h {
		if x, ok := w[k]; !ok {
			out = append(out, "unexpected "+k)
		} else if x != e {
			out = append(out, "different "+k)
		}
	}
	for k := range w {
		if _, ok := h[k]; !ok {
			out = append(out, "missing "+k)
		}
	}
	slices.Sort(out)
	if len(out) > 5 {
		out = append(out[:5], fmt.Sprintf("and %d more", len(out)-5))
	}
	return strings.Join(out, ", ")
}
