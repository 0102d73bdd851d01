package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"passerelle"
	"passerelle/store"
)

// dumpTables renders every row of every table of the SQLite file path, sorted, so that
// two databases can be compared table by table.
func dumpTables(t *testing.T, path string) map[string][]string {
	t.Helper()
	d, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	var tables []string
	rows, err := d.Query(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_stat%'`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var s string
		rows.Scan(&s)
		tables = append(tables, s)
	}
	rows.Close()
	out := map[string][]string{}
	for _, tb := range tables {
		rows, err := d.Query(`SELECT * FROM "` + tb + `"`)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			out[tb] = append(out[tb], fmt.Sprintf("%v", vals))
		}
		rows.Close()
		slices.Sort(out[tb])
	}
	return out
}

// TestBackupRestoreRoundTrip backs up a database while a writer keeps writing, restores
// the copy into an empty directory and compares every table with the original as it was
// when the copy was taken.
func TestBackupRestoreRoundTrip(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db, err := store.Open(ctx, "", dir)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	f := newFixture(t, db)
	if err := store.GeneratePeople(f.system, db, 300, 1); err != nil {
		t.Fatal(err)
	}
	orgs := store.NewOrganizationService(db)
	for i := range 20 {
		if err := orgs.CreateOrganization(f.alice, &passerelle.Organization{Name: fmt.Sprintf("Org %d", i), Kind: passerelle.KindCompany, Country: "DK"}); err != nil {
			t.Fatal(err)
		}
	}
	// A writer runs during the backup: the copy must be one consistent snapshot.
	stop := make(chan struct{})
	done := make(chan error)
	go func() {
		for i := 0; ; i++ {
			select {
			case <-stop:
				done <- nil
				return
			default:
			}
			if err := orgs.CreateOrganization(f.bob, &passerelle.Organization{Name: fmt.Sprintf("During %d", i), Kind: passerelle.KindCompany, Country: "FR"}); err != nil {
				done <- err
				return
			}
		}
	}()
	bak := filepath.Join(t.TempDir(), "b.bak")
	err = db.Backup(ctx, bak)
	close(stop)
	if werr := <-done; werr != nil {
		t.Fatal(werr)
	}
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Backup(ctx, bak); err == nil || !strings.Contains(err.Error(), "exists") {
		t.Errorf("a second backup over the same file: %v", err)
	}
	want := dumpTables(t, bak)
	if len(want["people"]) != 300 || len(want["organizations"]) < 20 {
		t.Fatalf("backup holds %d people and %d organisations", len(want["people"]), len(want["organizations"]))
	}
	dst := filepath.Join(t.TempDir(), "passerelle.db")
	if _, err := store.Restore(ctx, bak, dst, store.RestoreOptions{}); err != nil {
		t.Fatal(err)
	}
	got := dumpTables(t, dst)
	for tb, rows := range want {
		if !slices.Equal(rows, got[tb]) {
			t.Errorf("table %s: %d rows restored, %d backed up, or different", tb, len(got[tb]), len(rows))
		}
	}
	for tb := range got {
		if _, ok := want[tb]; !ok {
			t.Errorf("table %s appeared in the restore", tb)
		}
	}
	// A database that holds data is replaced only with Force.
	if _, err := store.Restore(ctx, bak, dst, store.RestoreOptions{}); err == nil || !strings.Contains(err.Error(), "--force") {
		t.Errorf("restore over data without force: %v", err)
	}
	if _, err := store.Restore(ctx, bak, dst, store.RestoreOptions{Force: true}); err != nil {
		t.Errorf("restore with force: %v", err)
	}
}

// TestRestoreRefusesHostileFiles: a file that is not a passerelle backup of a known schema
// is refused before anything is replaced.
func TestRestoreRefusesHostileFiles(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(ctx, "", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	newFixture(t, db)
	good := filepath.Join(t.TempDir(), "good.bak")
	if err := db.Backup(ctx, good); err != nil {
		t.Fatal(err)
	}
	db.Close()
	raw, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	// altered copies good and runs sql on the copy.
	altered := func(stmts ...string) func(string) error {
		return func(p string) error {
			if err := os.WriteFile(p, raw, 0o600); err != nil {
				return err
			}
			d, err := sql.Open("sqlite", "file:"+p)
			if err != nil {
				return err
			}
			defer d.Close()
			for _, s := range stmts {
				if _, err := d.Exec(s); err != nil {
					return err
				}
			}
			return nil
		}
	}
	bytes := func(b []byte) func(string) error {
		return func(p string) error { return os.WriteFile(p, b, 0o600) }
	}
	cases := []struct {
		name string
		make func(string) error
		want string
	}{
		{"text", bytes([]byte("not a database\n")), "not a passerelle backup"},
		{"empty", bytes(nil), "not a passerelle backup"},
		{"truncated", bytes(raw[:len(raw)/2]), "not a passerelle backup"},
		{"other sqlite", altered(`DROP TABLE goose_db_version`), "no migration table"},
		{"extra trigger", altered(`CREATE TRIGGER evil AFTER INSERT ON organizations BEGIN DELETE FROM people; END`), "unexpected trigger evil"},
		{"extra view", altered(`CREATE VIEW v AS SELECT 1`), "unexpected view v"},
		{"missing index", altered(`DROP INDEX IF EXISTS ` + firstIndex(t, good)), "missing index"},
		{"changed table", altered(`ALTER TABLE organizations ADD COLUMN evil TEXT`), "different table organizations"},
		{"newer version", altered(`INSERT INTO goose_db_version (version_id, is_applied) VALUES (99999, 1)`), "newer"},
		{"unknown version", altered(`DELETE FROM goose_db_version`), "unknown schema version 0"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			src := filepath.Join(dir, "x.bak")
			if err := c.make(src); err != nil {
				t.Fatal(err)
			}
			dst := filepath.Join(dir, "data", "passerelle.db")
			_, err := store.Restore(ctx, src, dst, store.RestoreOptions{Force: true})
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("restore: %v, want an error containing %q", err, c.want)
			}
			if _, err := os.Stat(dst); err == nil {
				t.Errorf("a refused restore wrote %s", dst)
			}
		})
	}
}

func firstIndex(t *testing.T, path string) string {
	d, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	var n string
	if err := d.QueryRow(`SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name LIMIT 1`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
