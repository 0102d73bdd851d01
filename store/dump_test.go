package store_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"passerelle"
	"passerelle/store"
)

// dumper writes a workspace's rows as text, for the tests that compare what two ways of
// saving wrote: records by name rather than number, members by the last letter of
// theirs ("Institut A": A).
type dumper struct {
	t       *testing.T
	db      *store.DB
	ws      int64
	b       strings.Builder
	members map[int64]string
}

func newDumper(t *testing.T, db *store.DB, ws int64) *dumper {
	t.Helper()
	d := &dumper{t: t, db: db, ws: ws, members: map[int64]string{}}
	d.query(`SELECT id, name FROM members WHERE workspace_id = $1 ORDER BY id`, []any{ws}, func(rs *sql.Rows) error {
		var id int64
		var n string
		err := rs.Scan(&id, &n)
		d.members[id] = n[len(n)-1:]
		return err
	})
	return d
}

func (d *dumper) query(q string, args []any, each func(rs *sql.Rows) error) {
	d.t.Helper()
	rs, err := d.db.Write().QueryContext(context.Background(), q, args...)
	must(d.t, err)
	defer rs.Close()
	for rs.Next() {
		must(d.t, each(rs))
	}
	must(d.t, rs.Err())
}

// vis is a visibility with its owner's letter.
func (d *dumper) vis(v string, owner sql.NullInt64) string {
	if owner.Valid {
		return v + ":" + d.members[owner.Int64]
	}
	return v
}

// audit writes the audit entries after before, in order, each naming its record by
// nameOf, with its changes and visibility.
func (d *dumper) audit(before int64, nameOf func(entity string, id int64) string) {
	d.t.Helper()
	d.b.WriteString("audit:\n")
	d.query(`SELECT action, entity, entity_id, summary, changes, visibility, owner_member_id FROM audit_log WHERE workspace_id = $1 AND id > $2 ORDER BY id`, []any{d.ws, before},
		func(rs *sql.Rows) error {
			var action, entity, summary, changes, v string
			var id int64
			var owner sql.NullInt64
			if err := rs.Scan(&action, &entity, &id, &summary, &changes, &v, &owner); err != nil {
				return err
			}
			var ch map[string]passerelle.Change // as JSON text: PostgreSQL's jsonb spaces it otherwise
			if err := json.Unmarshal([]byte(changes), &ch); err != nil {
				return err
			}
			c, _ := json.Marshal(ch)
			if len(ch) == 0 {
				c = []byte("{}")
			}
			fmt.Fprintf(&d.b, "%s %s %s: %s %s %s\n", action, entity, nameOf(entity, id), summary, c, d.vis(v, owner))
			return nil
		})
}
