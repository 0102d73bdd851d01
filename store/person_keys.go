package store

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"passerelle"
	"passerelle/match"
)

// keyBatch bounds the rows of one multi-row statement and the values of one IN list.
const keyBatch = 500

// keyedPerson is what a person's stored keys follow from.
type keyedPerson struct {
	ws, id      int64
	first, last string
	emails      []string
}

// setPersonKeys stores a person's matching keys (match.PersonStoredKeys), replacing
// those held when replace is set. Every write of a person's name or emails calls it.
func setPersonKeys(ctx context.Context, tx *Tx, p *passerelle.Person, replace bool) error {
	if replace {
		if _, err := tx.ExecContext(ctx, `DELETE FROM person_keys WHERE workspace_id = $1 AND person_id = $2`, p.WorkspaceID, p.ID); err != nil {
			return err
		}
	}
	return insertPersonKeys(ctx, tx, []keyedPerson{{ws: p.WorkspaceID, id: p.ID, first: p.FirstName, last: p.LastName, emails: p.Emails}})
}

// insertPersonKeys writes the keys of people, a few hundred rows a statement.
func insertPersonKeys(ctx context.Context, tx *Tx, ps []keyedPerson) error {
	b := &bulkArgs{db: tx.db}
	var rows []string
	flush := func() error {
		if len(rows) == 0 {
			return nil
		}
		_, err := tx.execOnce(ctx, `INSERT INTO person_keys (workspace_id, key, person_id) VALUES `+strings.Join(rows, ", ")+
			` ON CONFLICT DO NOTHING`, b.args...)
		rows, b.args = rows[:0], b.args[:0]
		return err
	}
	for _, p := range ps {
		for _, k := range match.PersonStoredKeys(&match.PersonRecord{FirstName: p.first, LastName: p.last, Emails: p.emails}) {
			if len(k) > 200 {
				continue // an address that long is no key anyone types
			}
			rows = append(rows, "("+b.arg(p.ws)+", "+b.arg(k)+", "+b.arg(p.id)+")")
			if len(rows) == keyBatch {
				if err := flush(); err != nil {
					return err
				}
			}
		}
	}
	return flush()
}

// keyPeople computes the keys of the people not erased whose id is above after, in
// workspace ws or, when ws is 0, in every workspace: the backfill of migration 00038
// and the generators' bulk inserts, which write people without their keys.
func keyPeople(ctx context.Context, tx *Tx, ws, after int64) error {
	for {
		w := &where{}
		w.add("id > ?", after)
		w.add("erased_at IS NULL")
		if ws != 0 {
			w.add("workspace_id = ?", ws)
		}
		rows, err := tx.queryOnce(ctx, `SELECT workspace_id, id, first_name, last_name, emails FROM people`+w.String()+
			fmt.Sprintf(` ORDER BY id LIMIT %d`, 20*keyBatch), w.args...)
		if err != nil {
			return err
		}
		var ps []keyedPerson
		for rows.Next() {
			var p keyedPerson
			var emails string
			if err := rows.Scan(&p.ws, &p.id, &p.first, &p.last, &emails); err != nil {
				rows.Close()
				return err
			}
			p.emails = parseList(emails)
			ps = append(ps, p)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if len(ps) == 0 {
			return nil
		}
		if err := insertPersonKeys(ctx, tx, ps); err != nil {
			return err
		}
		after = ps[len(ps)-1].id
	}
}

// maxPersonID is the highest person id of a workspace, 0 when it has none.
func maxPersonID(ctx context.Context, tx *Tx, ws int64) (int64, error) {
	var id int64
	err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) FROM people WHERE workspace_id = $1`, ws).Scan(&id)
	return id, err
}

// personCandidates returns the ids of the people who share a blocking key with one of
// qs: through their stored keys (emails, names, names with an email domain) and through
// the affiliations of the organisations qs name. Bare names that more than
// match.MaxNamePosting people of the workspace share are not looked up and are
// returned as common: Match would pass over them in the whole book. The count takes in
// the people the actor may not see, so a name may count as common a little sooner than
// in the actor's own view.
func personCandidates(ctx context.Context, tx *Tx, a *passerelle.Actor, qs []*match.PersonRecord) (ids []int64, common []string, err error) {
	seen := map[string]bool{}
	var keys, names []string
	orgs := map[int64]bool{}
	for _, q := range qs {
		for _, k := range match.PersonStoredKeys(q) {
			if !seen[k] {
				seen[k] = true
				keys = append(keys, k)
				if match.IsNameKey(k) {
					names = append(names, k)
				}
			}
		}
		for _, o := range q.OrgIDs {
			if o > 0 {
				orgs[o] = true
			}
		}
	}
	ws := a.WorkspaceID
	tooCommon := map[string]bool{}
	for batch := range slices.Chunk(names, keyBatch) {
		cond, args := keysIn(tx.db, ws, batch)
		rows, err := tx.queryOnce(ctx, `SELECT key FROM person_keys WHERE `+cond+`
			GROUP BY key HAVING COUNT(*) > `+fmt.Sprint(match.MaxNamePosting), args...)
		if err != nil {
			return nil, nil, err
		}
		for rows.Next() {
			var k string
			if err := rows.Scan(&k); err != nil {
				rows.Close()
				return nil, nil, err
			}
			tooCommon[k] = true
			common = append(common, k)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, nil, err
		}
	}
	found := map[int64]bool{}
	collect := func(query string, args []any) error {
		rows, err := tx.queryOnce(ctx, query, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				return err
			}
			found[id] = true
		}
		return rows.Err()
	}
	keys = slices.DeleteFunc(keys, func(k string) bool { return tooCommon[k] })
	for batch := range slices.Chunk(keys, keyBatch) {
		cond, args := keysIn(tx.db, ws, batch)
		if err := collect(`SELECT person_id FROM person_keys WHERE `+cond, args); err != nil {
			return nil, nil, err
		}
	}
	orgIDs := make([]int64, 0, len(orgs))
	for o := range orgs {
		orgIDs = append(orgIDs, o)
	}
	slices.Sort(orgIDs)
	for batch := range slices.Chunk(orgIDs, keyBatch) {
		if err := collect(`SELECT person_id FROM affiliations WHERE workspace_id = $1 AND organization_id IN (`+idList(batch)+`)`, []any{ws}); err != nil {
			return nil, nil, err
		}
	}
	ids = make([]int64, 0, len(found))
	for id := range found {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids, common, nil
}

// keysIn is the condition on person_keys of a workspace's keys among keys, with its
// parameters.
func keysIn(db *DB, ws int64, keys []string) (string, []any) {
	b := &bulkArgs{db: db}
	cond := "workspace_id = " + b.arg(ws) // first: SQLite's "?" are numbered in order
	list := make([]string, len(keys))
	for i, k := range keys {
		list[i] = b.arg(k)
	}
	return cond + " AND key IN (" + strings.Join(list, ", ") + ")", b.args
}

// runBackfills does the work that migrations left to Go (pending_backfills), each in
// one transaction with the removal of its row, so that an interrupted one runs again.
func (db *DB) runBackfills(ctx context.Context) error {
	fns := map[string]func(context.Context, *Tx) error{
		"person_keys":          func(ctx context.Context, tx *Tx) error { return keyPeople(ctx, tx, 0, 0) },
		"agreement_public_doc": reindexAllAgreements,
	}
	var names []string
	rows, err := db.write.QueryContext(ctx, `SELECT name FROM pending_backfills ORDER BY name`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			rows.Close()
			return err
		}
		names = append(names, n)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, n := range names {
		fn := fns[n]
		if fn == nil {
			return fmt.Errorf("backfill %q: unknown to this build", n)
		}
		err := db.inTx(ctx, func(tx *Tx) error {
			if err := fn(ctx, tx); err != nil {
				return err
			}
			_, err := tx.ExecContext(ctx, `DELETE FROM pending_backfills WHERE name = $1`, n)
			return err
		})
		if err != nil {
			return fmt.Errorf("backfill %s: %w", n, err)
		}
	}
	return nil
}
