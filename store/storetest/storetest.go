// Package storetest opens the real databases that the tests of store, web and the
// commands run on: a fresh SQLite database in a temporary directory always, and a fresh
// PostgreSQL database when PASSERELLE_TEST_POSTGRES_URL names a server. No mocks: the
// tests of every layer run on the same store code as production.
package storetest

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"net/url"
	"os"
	"testing"

	"passerelle/store"
)

// EnvPostgres names the variable holding the URL of a PostgreSQL server for tests; each
// test creates its own database there and drops it afterwards.
const EnvPostgres = "PASSERELLE_TEST_POSTGRES_URL"

// SQLite opens a fresh SQLite database in a temporary directory, closed after the test.
func SQLite(t testing.TB) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), "", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// DBs opens a fresh SQLite database and, when EnvPostgres is set, a fresh PostgreSQL
// one, keyed "sqlite" and "postgres".
func DBs(t testing.TB) map[string]*store.DB {
	t.Helper()
	out := map[string]*store.DB{"sqlite": SQLite(t)}
	if u := os.Getenv(EnvPostgres); u != "" {
		out["postgres"] = Postgres(t, u)
	}
	return out
}

// Postgres creates a database on the server at u for one test and drops it after.
func Postgres(t testing.TB, u string) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), PostgresURL(t, u), "")
	if err != nil {
		t.Fatal(err)
	}
	// Cleanups run last first: the pool closes before the database is dropped.
	t.Cleanup(func() { db.Close() })
	return db
}

// PostgresURL creates a database on the server at u for one test and returns its URL,
// for a process of its own to open; the database is dropped after the test, whoever
// still holds connections to it.
func PostgresURL(t testing.TB, u string) string {
	t.Helper()
	ctx := context.Background()
	admin, err := sql.Open("pgx", u)
	if err != nil {
		t.Fatal(err)
	}
	name := fmt.Sprintf("passerelle_test_%d", rand.Int64N(1<<40))
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		admin.Close()
		t.Fatalf("create test database: %v", err)
	}
	t.Cleanup(func() {
		if _, err := admin.ExecContext(ctx, "DROP DATABASE "+name+" WITH (FORCE)"); err != nil {
			t.Errorf("drop test database: %v", err)
		}
		admin.Close()
	})
	pu, err := url.Parse(u)
	if err != nil {
		t.Fatal(err)
	}
	pu.Path = "/" + name
	return pu.String()
}

// PostgresTwice creates a database on the server at u for one test and opens it twice,
// with two separate pools, as two server processes would; it is dropped after.
func PostgresTwice(t testing.TB, u string) (*store.DB, *store.DB) {
	t.Helper()
	pu := PostgresURL(t, u)
	var dbs [2]*store.DB
	for i := range dbs {
		db, err := store.Open(context.Background(), pu, "")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		dbs[i] = db
	}
	return dbs[0], dbs[1]
}
