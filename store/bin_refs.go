package store

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"passerelle"
)

// What an organisation's delete takes from the records that name it without a foreign
// key that cascades (orgRefs lists every column that names an organisation): a
// mission's organiser, its targets (an incoming delegation's hosts) with the members
// who want them, its "met apart" marks and the debriefs' interests; a member's own
// record, an event participant's and a follow-up's organisation; an opportunity's
// link; and a project's participation, which its foreign key cascades. The delete
// keeps them in the bin entry and clears them (a column left naming the deleted id
// would show nothing, or, on SQLite, which gives the highest id again, the next
// organisation created); the restore puts back each whose record is still there, on
// the restored organisation's new id, a column only while it is still empty.

// orgColRef is a column of a record that names one organisation.
type orgColRef struct{ table, col string }

var orgColRefs = []orgColRef{
	{"missions", "organiser_id"},
	{"members", "organization_id"},
	{"event_participants", "organization_id"},
	{"follow_ups", "organization_id"},
}

// orgRowRef is a table whose rows name an organisation: a row goes with it, and comes
// back while its parent (the record ints[0] names) is there and, for requires, the
// further condition holds ($1 workspace, $2 the organisation, $3… the ints).
type orgRowRef struct {
	table, col   string
	filter       string // a further condition on the rows ("kind = 'organization'")
	ints, texts  []string
	parent       string
	requires     string
	missionTable bool // the rows are a mission's: counted in Restored.Missions
}

var orgRowRefs = []orgRowRef{
	{table: "mission_targets", col: "organization_id", ints: []string{"mission_id"}, texts: []string{"group_key", "why", "availability", "venue"},
		parent: "missions", missionTable: true},
	{table: "mission_target_members", col: "organization_id", ints: []string{"mission_id", "member_id"}, texts: []string{"reason"}, parent: "missions",
		requires: `EXISTS (SELECT 1 FROM members WHERE workspace_id = $1 AND id = $4)
		AND EXISTS (SELECT 1 FROM mission_targets WHERE workspace_id = $1 AND mission_id = $3 AND organization_id = $2)`},
	{table: "mission_debrief_orgs", col: "organization_id", ints: []string{"debrief_id"}, texts: []string{"interest"}, parent: "mission_debriefs"},
	{table: "opportunity_links", col: "target_id", filter: "kind = 'organization'", ints: []string{"opportunity_id", "position"}, parent: "opportunities"},
	{table: "participations", col: "organization_id", ints: []string{"project_id", "position", "amount_cents"}, texts: []string{"role"}, parent: "projects",
		requires: `NOT EXISTS (SELECT 1 FROM participations WHERE workspace_id = $1 AND project_id = $3 AND position = $4)`},
}

// binRefs is what binData keeps of them.
type binRefs struct {
	Cols   map[string][]int64  `json:"cols,omitempty"`   // "table.col" -> ids of the records
	Rows   map[string][]binRow `json:"rows,omitempty"`   // table -> rows
	Splits []binSplit          `json:"splits,omitempty"` // mission_splits
}

type binRow struct {
	Ints  []int64  `json:"ints"`
	Texts []string `json:"texts,omitempty"`
}

// binSplit is a "met apart" mark of a mission between the organisation and Other.
type binSplit struct {
	MissionID int64 `json:"mission_id"`
	Other     int64 `json:"other"`
}

func (r orgRowRef) and() string {
	if r.filter == "" {
		return ""
	}
	return " AND " + r.filter
}

// unlinkOrg keeps in d, then clears, what names organisation id outside the tables
// that follow its own life (themes, match keys, links, affiliations, meetings: toBin).
func unlinkOrg(ctx context.Context, tx *Tx, ws, id int64, d *binRefs) error {
	d.Cols, d.Rows = map[string][]int64{}, map[string][]binRow{}
	for _, c := range orgColRefs {
		ids, err := queryIDs(ctx, tx, `SELECT id FROM `+c.table+` WHERE workspace_id = $1 AND `+c.col+` = $2 ORDER BY id`, ws, id)
		if err != nil {
			return err
		}
		if len(ids) == 0 {
			continue
		}
		d.Cols[c.table+"."+c.col] = ids
		if _, err := tx.ExecContext(ctx, `UPDATE `+c.table+` SET `+c.col+` = NULL WHERE workspace_id = $1 AND `+c.col+` = $2`, ws, id); err != nil {
			return fmt.Errorf("unlink %s: %w", c.table, err)
		}
	}
	for _, r := range orgRowRefs {
		cols := append(slices.Clone(r.ints), r.texts...)
		rows, err := tx.QueryContext(ctx, `SELECT `+strings.Join(cols, ", ")+` FROM `+r.table+` WHERE workspace_id = $1 AND `+r.col+` = $2`+r.and()+
			` ORDER BY `+strings.Join(r.ints, ", "), ws, id)
		if err != nil {
			return err
		}
		for rows.Next() {
			row := binRow{Ints: make([]int64, len(r.ints)), Texts: make([]string, len(r.texts))}
			if err := scanColumns(rows, row.Texts, row.Ints); err != nil {
				rows.Close()
				return err
			}
			d.Rows[r.table] = append(d.Rows[r.table], row)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM `+r.table+` WHERE workspace_id = $1 AND `+r.col+` = $2`+r.and(), ws, id); err != nil {
			return fmt.Errorf("unlink %s: %w", r.table, err)
		}
	}
	rows, err := tx.QueryContext(ctx, `SELECT mission_id, CASE WHEN org_a = $2 THEN org_b ELSE org_a END FROM mission_splits
		WHERE workspace_id = $1 AND (org_a = $2 OR org_b = $2) ORDER BY mission_id, org_a, org_b`, ws, id)
	if err != nil {
		return err
	}
	for rows.Next() {
		var sp binSplit
		if err := rows.Scan(&sp.MissionID, &sp.Other); err != nil {
			rows.Close()
			return err
		}
		d.Splits = append(d.Splits, sp)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `DELETE FROM mission_splits WHERE workspace_id = $1 AND (org_a = $2 OR org_b = $2)`, ws, id)
	return err
}

// relinkOrg puts back on the restored organisation (its new id) what unlinkOrg kept,
// where the record is still there; a column another organisation fills since keeps
// it. res.Missions counts the missions that name it again (organiser or target).
func relinkOrg(ctx context.Context, tx *Tx, ws, id int64, d *binRefs, res *passerelle.Restored) error {
	missions := map[int64]bool{}
	for _, c := range orgColRefs {
		for _, k := range d.Cols[c.table+"."+c.col] {
			r, err := tx.ExecContext(ctx, `UPDATE `+c.table+` SET `+c.col+` = $1 WHERE workspace_id = $2 AND id = $3 AND `+c.col+` IS NULL`, id, ws, k)
			if err != nil {
				return fmt.Errorf("relink %s: %w", c.table, err)
			}
			if n, _ := r.RowsAffected(); n > 0 && c.table == "missions" {
				missions[k] = true
			}
		}
	}
	for _, r := range orgRowRefs {
		cols := append(slices.Clone(r.ints), r.texts...)
		ph := make([]string, len(cols))
		for i := range cols {
			ph[i] = fmt.Sprintf("$%d", i+3)
		}
		insCols, insVals := "workspace_id, "+r.col+", "+strings.Join(cols, ", "), "$1, $2, "+strings.Join(ph, ", ")
		if r.filter != "" { // opportunity_links: its kind
			insCols, insVals = insCols+", kind", insVals+", 'organization'"
		}
		cond := `EXISTS (SELECT 1 FROM ` + r.parent + ` WHERE workspace_id = $1 AND id = $3)`
		if r.requires != "" {
			cond += " AND " + r.requires
		}
		for _, row := range d.Rows[r.table] {
			args := []any{ws, id}
			for _, v := range row.Ints {
				args = append(args, v)
			}
			for _, v := range row.Texts {
				args = append(args, v)
			}
			x, err := tx.ExecContext(ctx, `INSERT INTO `+r.table+` (`+insCols+`) SELECT `+insVals+` WHERE `+cond+` ON CONFLICT DO NOTHING`, args...)
			if err != nil {
				return fmt.Errorf("relink %s: %w", r.table, err)
			}
			if n, _ := x.RowsAffected(); n > 0 && r.missionTable {
				missions[row.Ints[0]] = true
			}
		}
	}
	for _, sp := range d.Splits {
		a, b := min(id, sp.Other), max(id, sp.Other)
		if _, err := tx.ExecContext(ctx, `INSERT INTO mission_splits (workspace_id, mission_id, org_a, org_b) SELECT $1, $2, $3, $4
			WHERE EXISTS (SELECT 1 FROM missions WHERE workspace_id = $1 AND id = $2)
			AND EXISTS (SELECT 1 FROM organizations WHERE workspace_id = $1 AND id = $5) ON CONFLICT DO NOTHING`, ws, sp.MissionID, a, b, sp.Other); err != nil {
			return fmt.Errorf("relink mission_splits: %w", err)
		}
	}
	res.Missions = len(missions)
	return nil
}

// queryIDs reads a column of ids, in a transaction or from the readers.
func queryIDs(ctx context.Context, db queryer, q string, args ...any) ([]int64, error) {
	rows, err := db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}
