package store_test

import (
	"context"
	"os"
	"slices"
	"strings"
	"testing"

	"passerelle/store"
	"passerelle/store/storetest"
)

// dialectOnly names the objects that exist in one dialect by design: SQLite's FTS5 tables
// and PostgreSQL's tsvector columns and their GIN indexes; SQLite's counter of event
// participants' changes, a sequence on PostgreSQL (migration 00027).
func dialectOnly(name string) bool {
	return strings.Contains(name, "_fts") || strings.HasSuffix(name, ".search_tsv") || strings.HasSuffix(name, "_search") ||
		strings.HasPrefix(name, "goose_db_version") || strings.HasPrefix(name, "event_participant_changes")
}

// TestSchemasMatch migrates both dialects and compares tables, columns and named indexes,
// so that the two migration sets cannot drift apart.
func TestSchemasMatch(t *testing.T) {
	u := os.Getenv("PASSERELLE_TEST_POSTGRES_URL")
	if u == "" {
		t.Skip("PASSERELLE_TEST_POSTGRES_URL not set: no PostgreSQL to compare with")
	}
	ctx := context.Background()
	lite, err := store.Open(ctx, "", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer lite.Close()
	pg := storetest.Postgres(t, u)
	a, b := store.SchemaObjects(ctx, lite), store.SchemaObjects(ctx, pg)
	clean := func(in []string, err error) []string {
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, s := range in {
			if !dialectOnly(s) {
				out = append(out, s)
			}
		}
		slices.Sort(out)
		return out
	}
	sa, sb := clean(a()), clean(b())
	for _, s := range sa {
		if !slices.Contains(sb, s) {
			t.Errorf("only in SQLite: %s", s)
		}
	}
	for _, s := range sb {
		if !slices.Contains(sa, s) {
			t.Errorf("only in PostgreSQL: %s", s)
		}
	}
	if len(sa) < 50 {
		t.Errorf("only %d schema objects found: the comparison reads nothing", len(sa))
	}
}
