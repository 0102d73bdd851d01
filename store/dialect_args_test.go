package store

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"
)

func TestAnonymousArgs(t *testing.T) {
	for _, tc := range []struct {
		query string
		args  []any
		want  string
		out   []any
		ok    bool
	}{
		{"SELECT $1, $2", []any{1, 2}, "SELECT ?, ?", []any{1, 2}, true},
		{"VALUES ($1, $2), ($1, $3)", []any{"w", 2, 3}, "VALUES (?, ?), (?, ?)", []any{"w", 2, "w", 3}, true},
		{"SELECT '$1', \"$2\", $2 -- $1\n, $1 /* $2 */", []any{1, 2}, "SELECT '$1', \"$2\", ? -- $1\n, ? /* $2 */", []any{2, 1}, true},
		{"SELECT 'it''s $1', $1", []any{7}, "SELECT 'it''s $1', ?", []any{7}, true},
		{"SELECT $10, $2", []any{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, "SELECT ?, ?", []any{10, 2}, true},
		{"SELECT ?, $1", []any{1}, "SELECT ?, $1", []any{1}, false},       // mixed: left to the driver
		{"SELECT $3", []any{1}, "SELECT $3", []any{1}, false},             // no such argument
		{"SELECT 'open $1", []any{1}, "SELECT 'open $1", []any{1}, false}, // unterminated
	} {
		got, out, ok := anonymousArgs(tc.query, tc.args)
		if got != tc.want || !reflect.DeepEqual(out, tc.out) || ok != tc.ok {
			t.Errorf("%q: got %q %v %v, want %q %v %v", tc.query, got, out, ok, tc.want, tc.out, tc.ok)
		}
	}
}

// TestManyArgsStatement: a grouped insert of thousands of numbered parameters, some
// repeated, with values that look like parameters, writes every row as given through
// both ways a transaction runs a statement on SQLite (rewritten there; PostgreSQL takes
// the statement as it is, as before).
func TestManyArgsStatement(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, "", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	const rows = 1500
	err = db.inTx(ctx, func(tx *Tx) error {
		if _, err := tx.ExecContext(ctx, `CREATE TEMPORARY TABLE many_args (k INTEGER, tag TEXT, v TEXT)`); err != nil {
			return err
		}
		w := &where{}
		tag := w.arg("shared tag") // one parameter in every row
		vals := make([]string, rows)
		for i := range vals {
			vals[i] = "(" + w.arg(i) + ", " + tag + ", " + w.arg(fmt.Sprintf("value '%d' $1 ?", i)) + ")"
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO many_args (k, tag, v) VALUES `+strings.Join(vals, ", "), w.args...); err != nil {
			return err
		}
		if _, err := tx.execOnce(ctx, `INSERT INTO many_args (k, tag, v) VALUES `+strings.Join(vals, ", "), w.args...); err != nil {
			return err
		}
		r, err := tx.QueryContext(ctx, `SELECT k, tag, v FROM many_args ORDER BY k, v`)
		if err != nil {
			return err
		}
		defer r.Close()
		n := 0
		for r.Next() {
			var k int
			var tg, v string
			if err := r.Scan(&k, &tg, &v); err != nil {
				return err
			}
			if k != n/2 || tg != "shared tag" || v != fmt.Sprintf("value '%d' $1 ?", k) {
				return fmt.Errorf("row %d: %d %q %q", n, k, tg, v)
			}
			n++
		}
		if n != 2*rows {
			return fmt.Errorf("%d rows, want %d", n, 2*rows)
		}
		return r.Err()
	})
	if err != nil {
		t.Fatal(err)
	}
}
