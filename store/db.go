// Package store implements the domain services on database/sql, for SQLite (embedded,
// modernc.org/sqlite) and PostgreSQL (pgx). Most SQL text is shared: both accept $n
// parameters, RETURNING, ON CONFLICT and window functions; the differences (full-text
// search, identity columns) are confined to the migrations and to search.go.
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"

	"passerelle"

	"github.com/pressly/goose/v3"
	_ "modernc.org/sqlite" // registers "sqlite"
)

// withPlannerDefaults adds to a PostgreSQL URL the session settings passerelle's
// queries are planned for, unless the URL sets them (pgx passes other URL parameters to
// the server as run-time settings). random_page_cost: the default of 4 prices an index
// lookup as a disk seek, so that the planner reads the 200,000 rows of meeting_people in
// sequence rather than look up a calendar feed's 2,000 meetings by key (25 ms against 8
// ms a query, three such queries a feed). 1.1 is the usual value for data on SSD or in
// memory, where passerelle's working set lives.
func withPlannerDefaults(databaseURL string) string {
	u, err := url.Parse(databaseURL)
	if err != nil {
		return databaseURL // pgx reports the malformed URL
	}
	q := u.Query()
	if q.Has("random_page_cost") {
		return databaseURL
	}
	q.Set("random_page_cost", "1.1")
	u.RawQuery = q.Encode()
	return u.String()
}

// Dialect names the database engine.
type Dialect string

const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

//go:embed migrations
var migrations embed.FS

// DB is an open database with the pools that suit its engine.
type DB struct {
	Dialect Dialect
	// write takes every write transaction. On SQLite it holds one connection, so writers
	// queue in Go instead of failing on a busy database; on PostgreSQL it is read too.
	write *sql.DB
	// read serves reads outside transactions; on SQLite a pool of WAL readers.
	read *sql.DB
	// Now is the clock, replaceable in tests.
	Now func() time.Time
	// Hashing bounds concurrent password hashing (see PasswordLimiter); replaceable in
	// tests before use.
	Hashing *PasswordLimiter
	// directories are the events' participant directories being viewed
	// (event_directory.go).
	directories directoryCache
}

// Open opens the database that url names ("postgres://..." or "postgresql://..."), or
// when url is empty the SQLite file passerelle.db in dataDir, and migrates it.
func Open(ctx context.Context, databaseURL, dataDir string) (*DB, error) {
	db := &DB{Now: func() time.Time { return time.Now().UTC().Truncate(time.Microsecond) },
		Hashing: NewPasswordLimiter(passwordHashSlots(), time.Second)}
	switch {
	case strings.HasPrefix(databaseURL, "postgres://"), strings.HasPrefix(databaseURL, "postgresql://"):
		db.Dialect = Postgres
		pool, err := sql.Open("pgx", withPlannerDefaults(databaseURL))
		if err != nil {
			return nil, fmt.Errorf("open postgres: %w", err)
		}
		pool.SetMaxOpenConns(20)
		pool.SetMaxIdleConns(20)
		pool.SetConnMaxIdleTime(5 * time.Minute)
		db.write, db.read = pool, pool
	case databaseURL == "" || strings.HasPrefix(databaseURL, "sqlite:") || strings.HasPrefix(databaseURL, "file:"):
		db.Dialect = SQLite
		path := strings.TrimPrefix(strings.TrimPrefix(databaseURL, "sqlite:"), "file:")
		if path == "" {
			if dataDir == "" {
				return nil, errors.New("no data directory and no database URL")
			}
			if err := os.MkdirAll(dataDir, 0o750); err != nil {
				return nil, fmt.Errorf("create data directory: %w", err)
			}
			path = filepath.Join(dataDir, "passerelle.db")
		}
		var err error
		if db.write, err = openSQLite(path, true); err != nil {
			return nil, err
		}
		if db.read, err = openSQLite(path, false); err != nil {
			db.write.Close()
			return nil, err
		}
	default:
		return nil, fmt.Errorf("database URL %q: use postgres://... or leave it empty for SQLite", redact(databaseURL))
	}
	if err := db.write.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("connect to %s: %w", db.Dialect, err)
	}
	if err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

func openSQLite(path string, writer bool) (*sql.DB, error) {
	q := url.Values{}
	// temp_store and cache_size keep statement journals and the pages of a large import
	// transaction in memory instead of spilling them to temporary files. mmap_size reads
	// the file through a mapping: the driver's allocator maps and unmaps each page it
	// caches, so a read of a whole directory (an import's matching index: 200,000
	// organisations) spent as much time in the kernel as in the engine, and its
	// connection's close a further half second handing the pages back.
	for _, p := range []string{"busy_timeout(10000)", "journal_mode(WAL)", "foreign_keys(1)", "synchronous(NORMAL)",
		"temp_store(MEMORY)", "cache_size(-65536)", "mmap_size(1073741824)"} {
		q.Add("_pragma", p)
	}
	if writer {
		// BEGIN IMMEDIATE takes the write lock at the start, so a transaction that reads
		// then writes cannot fail half-way on a lock upgrade.
		q.Set("_txlock", "immediate")
	}
	pool, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	if writer {
		pool.SetMaxOpenConns(1)
	} else {
		pool.SetMaxOpenConns(max(4, 2*runtime.NumCPU()))
	}
	pool.SetMaxIdleConns(4)
	pool.SetConnMaxIdleTime(0)
	return pool, nil
}

func redact(u string) string {
	if p, err := url.Parse(u); err == nil && p.User != nil {
		p.User = url.User(p.User.Username())
		return p.String()
	}
	return u
}

// Close closes the pools.
func (db *DB) Close() error {
	var err error
	if db.write != nil {
		err = db.write.Close()
	}
	if db.read != nil && db.read != db.write {
		err = errors.Join(err, db.read.Close())
	}
	return err
}

func (db *DB) provider() (*goose.Provider, error) {
	sub, err := fs.Sub(migrations, "migrations/"+string(db.Dialect))
	if err != nil {
		return nil, err
	}
	d := goose.DialectSQLite3
	if db.Dialect == Postgres {
		d = goose.DialectPostgres
	}
	// Migration numbers are assigned to branches in advance and merged in any order: a
	// database already at a later version must still get an earlier one that arrives
	// after it (00011 came after 00014 in main).
	return goose.NewProvider(d, db.write, sub, goose.WithAllowOutofOrder(true))
}

// Migrate applies the embedded migrations that the database lacks.
func (db *DB) Migrate(ctx context.Context) error {
	p, err := db.provider()
	if err != nil {
		return fmt.Errorf("migrations: %w", err)
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("migrate %s: %w", db.Dialect, err)
	}
	return db.runBackfills(ctx)
}

// SchemaVersion returns the version of the last applied migration.
func (db *DB) SchemaVersion(ctx context.Context) (int64, error) {
	p, err := db.provider()
	if err != nil {
		return 0, err
	}
	return p.GetDBVersion(ctx)
}

// Ping checks that the database answers.
func (db *DB) Ping(ctx context.Context) error { return db.read.PingContext(ctx) }

// Tx is a write transaction with the instant it started, used for every timestamp it writes.
type Tx struct {
	*sql.Tx
	db  *DB
	now time.Time
	// stmts caches prepared statements on SQLite, where parsing dominates the cost of
	// the small statements that an import repeats tens of thousands of times. pgx caches
	// prepared statements itself.
	stmts map[string]*sql.Stmt
}

// beginTx starts a write transaction; inTx is its one caller.
func (db *DB) beginTx(ctx context.Context) (*Tx, error) {
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("begin: %w", err)
	}
	t := &Tx{Tx: tx, db: db, now: db.Now()}
	if db.Dialect == SQLite {
		t.stmts = map[string]*sql.Stmt{}
	}
	return t, nil
}

// inTx runs fn in one write transaction and commits when fn succeeds: the frame of every
// change the store makes, so that none forgets its rollback.
func (db *DB) inTx(ctx context.Context, fn func(tx *Tx) error) error {
	tx, err := db.beginTx(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit()
}

// update runs fn in one write transaction on behalf of a writer.
func (db *DB) update(ctx context.Context, fn func(tx *Tx, a *passerelle.Actor) error) error {
	a, err := passerelle.RequireWriter(ctx)
	if err != nil {
		return err
	}
	return db.inTx(ctx, func(tx *Tx) error { return fn(tx, a) })
}

func (tx *Tx) stmt(ctx context.Context, query string) (*sql.Stmt, error) {
	if s, ok := tx.stmts[query]; ok {
		return s, nil
	}
	s, err := tx.Tx.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	tx.stmts[query] = s
	return s, nil
}

// ExecContext runs a statement, prepared once per transaction on SQLite.
func (tx *Tx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	query, args = tx.db.sqliteArgs(query, args)
	if tx.stmts == nil {
		return tx.Tx.ExecContext(ctx, query, args...)
	}
	s, err := tx.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	return s.ExecContext(ctx, args...)
}

// execOnce runs a statement without keeping it prepared: a large one an import writes
// once (a grouped insert), which the cache would only hold.
func (tx *Tx) execOnce(ctx context.Context, query string, args ...any) (sql.Result, error) {
	query, args = tx.db.sqliteArgs(query, args)
	return tx.Tx.ExecContext(ctx, query, args...)
}

// queryOnce is execOnce for a query.
func (tx *Tx) queryOnce(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	query, args = tx.db.sqliteArgs(query, args)
	return tx.Tx.QueryContext(ctx, query, args...)
}

// QueryContext runs a query, prepared once per transaction on SQLite.
func (tx *Tx) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	query, args = tx.db.sqliteArgs(query, args)
	if tx.stmts == nil {
		return tx.Tx.QueryContext(ctx, query, args...)
	}
	s, err := tx.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	return s.QueryContext(ctx, args...)
}

// QueryRowContext runs a one-row query, prepared once per transaction on SQLite.
func (tx *Tx) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	query, args = tx.db.sqliteArgs(query, args)
	if tx.stmts == nil {
		return tx.Tx.QueryRowContext(ctx, query, args...)
	}
	s, err := tx.stmt(ctx, query)
	if err != nil {
		// Let the error surface from Scan, as database/sql does.
		return tx.Tx.QueryRowContext(ctx, query, args...)
	}
	return s.QueryRowContext(ctx, args...)
}

// queryer is what reads need: the read pool or a transaction.
type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// DialectName returns the engine's name.
func (db *DB) DialectName() string { return string(db.Dialect) }
