package store

import (
	"context"
	"database/sql"

	"passerelle"
	"passerelle/match"
)

// Write exposes the write pool to the external tests, for rows that the services
// refuse to write (to test that reads still keep them apart).
func (db *DB) Write() *sql.DB { return db.write }

// PersonRefColumns lists the "table.column" that a merge of two people moves.
func PersonRefColumns() []string {
	out := make([]string, len(personRefs))
	for i, r := range personRefs {
		out[i] = r.table + "." + r.col
	}
	return out
}

// PersonKeys returns the stored matching keys of a person, sorted.
func (db *DB) PersonKeys(ctx context.Context, ws, id int64) ([]string, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT key FROM person_keys WHERE workspace_id = $1 AND person_id = $2 ORDER BY key`, ws, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			return nil, err
		}
		out = append(out, k)
	}
	return out, rows.Err()
}

// MatchPeopleBothWays matches qs, as the actor of ctx, against the index of their
// candidates (what an import reads) and against the whole contact book.
func (db *DB) MatchPeopleBothWays(ctx context.Context, qs []*match.PersonRecord) (candidates, whole []match.Result, err error) {
	a, err := passerelle.RequireActor(ctx)
	if err != nil {
		return nil, nil, err
	}
	err = db.inTx(ctx, func(tx *Tx) error {
		c, err := loadPersonIndex(ctx, tx, a, qs)
		if err != nil {
			return err
		}
		w, err := loadPersonIndex(ctx, tx, a, nil)
		if err != nil {
			return err
		}
		for _, q := range qs {
			candidates, whole = append(candidates, c.Match(q)), append(whole, w.Match(q))
		}
		return nil
	})
	return candidates, whole, err
}
