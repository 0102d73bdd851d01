package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"passerelle"
)

// refCol is a column that names a record (an organisation, a person). Key names the row without that column:
// an id, or the rest of a primary key. In a conflict table the key and the column are
// the primary key, so a row of the merged-away record whose key the kept record already
// has (both records in one meeting) is dropped, its other columns (ints, texts)
// kept for an undo.
type refCol struct {
	table, col       string
	key              []string
	conflict         bool
	ints, texts      []string
	reindexAgreement bool
	filter           string // a further condition on the rows ("kind = 'organization'")
	// keyParent is the table the key's first column names (meetings): an undo puts a
	// dropped row back only while that parent exists, as a failed insert would end a
	// PostgreSQL transaction.
	keyParent string
}

// and is the ref's filter as a further condition, or nothing.
func (r refCol) and() string {
	if r.filter == "" {
		return ""
	}
	return " AND " + r.filter
}

// orgRefs is every column that names an organisation, but org_links (which need more
// care: a link between the two records disappears, a duplicate goes) and the tables
// that follow the record's own life (themes, match keys, "not a duplicate" marks).
// A feature that adds such a column adds it here, or a merge would lose its rows.
var orgRefs = []refCol{
	{table: "members", col: "organization_id", key: []string{"id"}},
	{table: "affiliations", col: "organization_id", key: []string{"id"}},
	{table: "agreement_partners", col: "organization_id", key: []string{"agreement_id", "position"}, reindexAgreement: true},
	{table: "event_participants", col: "organization_id", key: []string{"id"}},
	{table: "meeting_organizations", col: "organization_id", key: []string{"meeting_id"}, conflict: true, ints: []string{"position"}, keyParent: "meetings"},
	{table: "mission_target_members", col: "organization_id", key: []string{"mission_id", "member_id"}, conflict: true, texts: []string{"reason"}, keyParent: "missions"},
	{table: "mission_targets", col: "organization_id", key: []string{"mission_id"}, conflict: true, texts: []string{"group_key", "why", "availability", "venue"}, keyParent: "missions"},
	{table: "mission_debrief_orgs", col: "organization_id", key: []string{"debrief_id"}, conflict: true, texts: []string{"interest"}, keyParent: "mission_debriefs"},
	{table: "mission_splits", col: "org_a", key: []string{"mission_id", "org_b"}, conflict: true, keyParent: "missions"},
	{table: "mission_splits", col: "org_b", key: []string{"mission_id", "org_a"}, conflict: true, keyParent: "missions"},
	{table: "follow_ups", col: "organization_id", key: []string{"id"}},
	// A mission's organiser (the trade agency that runs it) is an organisation too.
	{table: "missions", col: "organiser_id", key: []string{"id"}},
	{table: "projects", col: "client_org_id", key: []string{"id"}},
	{table: "participations", col: "organization_id", key: []string{"project_id", "position"}},
	{table: "opportunity_links", col: "target_id", key: []string{"opportunity_id"}, conflict: true, ints: []string{"position"},
		texts: []string{"kind"}, filter: "kind = 'organization'", keyParent: "opportunities"},
}

// movedRows are the rows a merge moved from the record merged away to the kept one,
// and those it dropped, for an undo.
type movedRows struct {
	Moved   map[string][][]int64    `json:"moved"`   // "table.col" -> keys of the rows moved
	Dropped map[string][]droppedRow `json:"dropped"` // conflict tables
}

func newMovedRows() movedRows {
	return movedRows{Moved: map[string][][]int64{}, Dropped: map[string][]droppedRow{}}
}

// droppedRow is a row of a conflict table that a merge removed.
type droppedRow struct {
	Key   []int64  `json:"key"`
	Ints  []int64  `json:"ints,omitempty"`
	Texts []string `json:"texts,omitempty"`
}

// mergeData is what an undo needs: the record merged away as it was, the kept one
// before, and every row the merge moved or dropped.
type mergeData struct {
	Gone        *passerelle.Organization `json:"gone"`
	KeptBefore  *passerelle.Organization `json:"kept_before"`
	KeptVersion int64                    `json:"kept_version"`
	movedRows
	LinksFrom []int64   `json:"links_from"`
	LinksTo   []int64   `json:"links_to"`
	LinksGone []binLink `json:"links_gone"` // between the two, or duplicates
	// "Not a duplicate" marks that named the record merged away: its deletion removes
	// them, an undo puts them back.
	NotDuplicates []notDuplicateMark `json:"not_duplicates,omitempty"`
}

// notDuplicateMark is a row of org_not_duplicates.
type notDuplicateMark struct {
	A, B int64
	By   int64 // 0: nobody known
	At   time.Time
}

// Merge is a merge of two records (organisations, people), as the kept record's page
// lists it.
type Merge struct {
	ID       int64  `json:"id"`
	KeptID   int64  `json:"kept_id"`
	GoneID   int64  `json:"gone_id"`
	GoneName string `json:"gone_name"`
	Undone   bool   `json:"undone"`
}

// MergeOrganizations merges gone into kept: every meeting, affiliation, link, agreement,
// event participant, mission target and member that named gone names kept; kept's empty
// fields take gone's values, gone's names become kept's aliases; gone is deleted. The
// merge is recorded and can be undone (UndoMerge) while kept is unchanged. Both records
// must be the actor's to edit; a shared record is not merged into a private one (its
// meetings and links would vanish for the other members), nor two records with
// different ROR ids (two of the registry's organisations).
func (s *OrganizationService) MergeOrganizations(ctx context.Context, keptID, goneID int64) (*Merge, error) {
	var m *Merge
	err := s.db.update(ctx, func(tx *Tx, a *passerelle.Actor) error {
		if keptID == goneID {
			return passerelle.Errorf(passerelle.EINVALID, "an organisation cannot be merged into itself")
		}
		kept, err := findOrg(ctx, tx, a, keptID)
		if err != nil {
			return err
		}
		gone, err := findOrg(ctx, tx, a, goneID)
		if err != nil {
			return err
		}
		for _, o := range []*passerelle.Organization{kept, gone} {
			if err := canEdit(a, o.Visibility, o.OwnerMemberID); err != nil {
				return err
			}
		}
		if gone.Visibility == passerelle.VisibilityShared && kept.Visibility != passerelle.VisibilityShared {
			return passerelle.Errorf(passerelle.EINVALID, "a shared organisation cannot be merged into a private one: merge the private one into it")
		}
		if kept.RORID != "" && gone.RORID != "" && kept.RORID != gone.RORID {
			return passerelle.Errorf(passerelle.EINVALID, "these are two organisations of the ROR registry (%s and %s): not merged", kept.RORID, gone.RORID)
		}
		if err := loadOrgThemes(ctx, tx, a.WorkspaceID, []*passerelle.Organization{kept, gone}); err != nil {
			return err
		}
		before := *kept
		d := &mergeData{Gone: gone, KeptBefore: &before, movedRows: newMovedRows()}
		if err := mergeLinks(ctx, tx, a.WorkspaceID, kept.ID, gone.ID, d); err != nil {
			return err
		}
		reindex := false
		for _, r := range orgRefs {
			n, err := moveRefs(ctx, tx, a.WorkspaceID, r, gone.ID, kept.ID, &d.movedRows)
			if err != nil {
				return fmt.Errorf("merge %s: %w", r.table, err)
			}
			reindex = reindex || (r.reindexAgreement && n > 0)
		}
		// The record merged away gives what the kept one lacks, and its names.
		n := *kept
		fill := func(dst *string, v string) {
			if *dst == "" {
				*dst = v
			}
		}
		for _, f := range []struct {
			dst *string
			v   string
		}{{&n.Website, gone.Website}, {&n.Country, gone.Country}, {&n.City, gone.City},
			{&n.RORID, gone.RORID}, {&n.SIREN, gone.SIREN}, {&n.SIRET, gone.SIRET}, {&n.VAT, gone.VAT}, {&n.PIC, gone.PIC},
			{&n.Description, gone.Description}} {
			fill(f.dst, f.v)
		}
		if n.Kind == passerelle.KindOther {
			n.Kind = gone.Kind
		}
		if n.Established == 0 {
			n.Established = gone.Established
		}
		n.Aliases = slices.Clone(kept.Aliases)
		for _, name := range append([]string{gone.Name}, gone.Aliases...) {
			if !strings.EqualFold(name, kept.Name) && !slices.ContainsFunc(n.Aliases, func(x string) bool { return strings.EqualFold(x, name) }) {
				n.Aliases = append(n.Aliases, name)
			}
		}
		n.Acronyms = slices.Clone(kept.Acronyms)
		for _, ac := range gone.Acronyms {
			if !slices.Contains(n.Acronyms, ac) {
				n.Acronyms = append(n.Acronyms, ac)
			}
		}
		n.Themes = slices.Clone(kept.Themes)
		for _, t := range gone.Themes {
			if !slices.Contains(n.Themes, t) {
				n.Themes = append(n.Themes, t)
			}
		}
		slices.Sort(n.Themes)
		if d.NotDuplicates, err = notDuplicatesOf(ctx, tx, "org_not_duplicates", a.WorkspaceID, gone.ID); err != nil {
			return err
		}
		// The ROR id moves: gone's row must let go of it first (the index is unique).
		if _, err := tx.ExecContext(ctx, `DELETE FROM organizations WHERE workspace_id = $1 AND id = $2`, a.WorkspaceID, gone.ID); err != nil {
			return classify(err, "organisation")
		}
		if err := updateOrg(ctx, tx, a, &n, kept); err != nil {
			return err
		}
		if reindex {
			if err := reindexAgreementsNaming(ctx, tx, a.WorkspaceID, kept.ID); err != nil {
				return err
			}
		}
		d.KeptVersion = n.Version
		b, err := json.Marshal(d)
		if err != nil {
			return err
		}
		m = &Merge{KeptID: kept.ID, GoneID: gone.ID, GoneName: gone.Name}
		if err := tx.QueryRowContext(ctx, `INSERT INTO org_merges (workspace_id, kept_id, gone_id, gone_name, data, merged_by, merged_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, a.WorkspaceID, kept.ID, gone.ID, gone.Name, string(b), nullID(a.UserID), tx.now).Scan(&m.ID); err != nil {
			return err
		}
		if err := writeAudit(ctx, tx, a, "merge", "organization", kept.ID, gone.Name+" → "+kept.Name, diff(orgFields(kept), orgFields(&n)), n.Visibility, n.OwnerMemberID); err != nil {
			return err
		}
		return writeAudit(ctx, tx, a, "delete", "organization", gone.ID, gone.Name, nil, gone.Visibility, gone.OwnerMemberID)
	})
	return m, err
}

// mergeLinks moves gone's links to kept, but those between the two (they would link
// kept to itself) and those kept already has (same kind, same other end), which go.
func mergeLinks(ctx context.Context, tx *Tx, ws, kept, gone int64, d *mergeData) error {
	rows, err := tx.QueryContext(ctx, `SELECT id, kind, from_id, COALESCE(to_id, 0), COALESCE(to_ref, ''), to_label, start_date, end_date, source
		FROM org_links WHERE workspace_id = $1 AND (from_id = $2 OR to_id = $2) ORDER BY id`, ws, gone)
	if err != nil {
		return err
	}
	type link struct {
		id int64
		l  binLink
	}
	var ls []link
	for rows.Next() {
		var x link
		var kind string
		if err := rows.Scan(&x.id, &kind, &x.l.FromID, &x.l.ToID, &x.l.ToRef, &x.l.ToLabel, &x.l.StartDate, &x.l.EndDate, &x.l.Source); err != nil {
			rows.Close()
			return err
		}
		x.l.Kind = passerelle.LinkKind(kind)
		ls = append(ls, x)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, x := range ls {
		from, to := x.l.FromID, x.l.ToID
		if from == gone {
			from = kept
		}
		if to == gone {
			to = kept
		}
		var dup int
		if from == to {
			dup = 1
		} else if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM org_links WHERE workspace_id = $1 AND kind = $2 AND from_id = $3
			AND (COALESCE(to_id, 0) = $4 AND COALESCE(to_ref, '') = $5) AND id <> $6`, ws, string(x.l.Kind), from, to, x.l.ToRef, x.id).Scan(&dup); err != nil {
			return err
		}
		if dup > 0 {
			if _, err := tx.ExecContext(ctx, `DELETE FROM org_links WHERE workspace_id = $1 AND id = $2`, ws, x.id); err != nil {
				return err
			}
			d.LinksGone = append(d.LinksGone, x.l)
			continue
		}
		if x.l.FromID == gone {
			d.LinksFrom = append(d.LinksFrom, x.id)
		}
		if x.l.ToID == gone {
			d.LinksTo = append(d.LinksTo, x.id)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE org_links SET from_id = $1, to_id = CASE WHEN to_id = $2 THEN $3 ELSE to_id END
			WHERE workspace_id = $4 AND id = $5`, from, gone, kept, ws, x.id); err != nil {
			return classify(err, "link")
		}
	}
	return nil
}

// moveRefs moves the rows of one reference from gone to kept, recording them; in a
// conflict table the rows whose key kept already has are dropped and recorded.
func moveRefs(ctx context.Context, tx *Tx, ws int64, r refCol, gone, kept int64, d *movedRows) (int, error) {
	cols := append(append(slices.Clone(r.key), r.ints...), r.texts...)
	rows, err := tx.QueryContext(ctx, `SELECT `+strings.Join(cols, ", ")+` FROM `+r.table+` WHERE workspace_id = $1 AND `+r.col+` = $2`+r.and(), ws, gone)
	if err != nil {
		return 0, err
	}
	var found []droppedRow
	for rows.Next() {
		row := droppedRow{Key: make([]int64, len(r.key)), Ints: make([]int64, len(r.ints)), Texts: make([]string, len(r.texts))}
		if err := scanColumns(rows, row.Texts, row.Key, row.Ints); err != nil {
			rows.Close()
			return 0, err
		}
		found = append(found, row)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	match := keyMatchFrom(r.key, 3)
	for _, row := range found {
		keyArgs := make([]any, len(row.Key))
		for i, k := range row.Key {
			keyArgs[i] = k
		}
		if r.conflict {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+r.table+` WHERE workspace_id = $1 AND `+r.col+` = $2 AND `+match+r.and(),
				append([]any{ws, kept}, keyArgs...)...).Scan(&n); err != nil {
				return 0, err
			}
			if n > 0 {
				if _, err := tx.ExecContext(ctx, `DELETE FROM `+r.table+` WHERE workspace_id = $1 AND `+r.col+` = $2 AND `+match+r.and(),
					append([]any{ws, gone}, keyArgs...)...); err != nil {
					return 0, err
				}
				d.Dropped[r.table] = append(d.Dropped[r.table], row)
				continue
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE `+r.table+` SET `+r.col+` = $1 WHERE workspace_id = $2 AND `+r.col+` = $3 AND `+keyMatchFrom(r.key, 4)+r.and(),
			append([]any{kept, ws, gone}, keyArgs...)...); err != nil {
			return 0, err
		}
		d.Moved[r.table+"."+r.col] = append(d.Moved[r.table+"."+r.col], row.Key)
	}
	return len(found), nil
}

// notDuplicatesOf reads the "not a duplicate" marks of a table (org_not_duplicates,
// person_not_duplicates) that name a record.
func notDuplicatesOf(ctx context.Context, tx *Tx, table string, ws, id int64) ([]notDuplicateMark, error) {
	rows, err := tx.QueryContext(ctx, `SELECT a_id, b_id, COALESCE(created_by, 0), created_at FROM `+table+`
		WHERE workspace_id = $1 AND (a_id = $2 OR b_id = $2) ORDER BY a_id, b_id`, ws, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []notDuplicateMark
	for rows.Next() {
		var m notDuplicateMark
		if err := rows.Scan(&m.A, &m.B, &m.By, &m.At); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// restoreNotDuplicates puts back the marks a merge's delete removed; a mark whose other
// record (in parent) is gone since, or whose user, stays out.
func restoreNotDuplicates(ctx context.Context, tx *Tx, ws int64, table, parent string, marks []notDuplicateMark) error {
	for _, mk := range marks {
		if _, err := tx.ExecContext(ctx, `INSERT INTO `+table+` (workspace_id, a_id, b_id, created_by, created_at)
			SELECT $1, $2, $3, (SELECT id FROM users WHERE id = $4), $5
			WHERE EXISTS (SELECT 1 FROM `+parent+` WHERE workspace_id = $1 AND id = $2)
			AND EXISTS (SELECT 1 FROM `+parent+` WHERE workspace_id = $1 AND id = $3)
			ON CONFLICT DO NOTHING`, ws, mk.A, mk.B, mk.By, mk.At); err != nil {
			return fmt.Errorf("undo not-duplicate marks: %w", err)
		}
	}
	return nil
}

// keyMatchFrom is "k1 = $n AND k2 = $n+1 …" for the key columns; with no key (a table
// of one row per record) it matches the record's row.
func keyMatchFrom(key []string, n int) string {
	if len(key) == 0 {
		return "1 = 1"
	}
	parts := make([]string, len(key))
	for i, k := range key {
		parts[i] = fmt.Sprintf("%s = $%d", k, n+i)
	}
	return strings.Join(parts, " AND ")
}

// UndoMerge puts a merge back: the record merged away returns under its own id, every
// row the merge moved names it again, the rows it dropped return, and the kept record
// gets its fields of before. Refused (ECONFLICT) once the kept record has changed since
// the merge, or when the merge was undone already.
func (s *OrganizationService) UndoMerge(ctx context.Context, mergeID int64) (*Merge, error) {
	var m *Merge
	err := s.db.update(ctx, func(tx *Tx, a *passerelle.Actor) error {
		var data string
		var undone sql.NullTime
		m = &Merge{ID: mergeID}
		err := tx.QueryRowContext(ctx, `SELECT kept_id, gone_id, gone_name, data, undone_at FROM org_merges WHERE workspace_id = $1 AND id = $2`,
			a.WorkspaceID, mergeID).Scan(&m.KeptID, &m.GoneID, &m.GoneName, &data, &undone)
		if err != nil {
			return classify(err, "merge")
		}
		var d mergeData
		if err := json.Unmarshal([]byte(data), &d); err != nil {
			return fmt.Errorf("merge %d: %w", mergeID, err)
		}
		// Read as the actor: another member's private record is not found, the same
		// as a merge that does not exist.
		kept, err := findOrg(ctx, tx, a, m.KeptID)
		if err != nil {
			return err
		}
		if !a.CanSee(d.Gone.Visibility, d.Gone.OwnerMemberID) {
			return passerelle.Errorf(passerelle.ENOTFOUND, "merge not found")
		}
		for _, o := range []*passerelle.Organization{kept, d.Gone} {
			if err := canEdit(a, o.Visibility, o.OwnerMemberID); err != nil {
				return err
			}
		}
		if undone.Valid {
			return passerelle.Errorf(passerelle.ECONFLICT, "this merge was undone already")
		}
		if kept.Version != d.KeptVersion {
			return passerelle.Errorf(passerelle.ECONFLICT, "%s has changed since the merge: the merge can no longer be undone", kept.Name)
		}
		if err := loadOrgThemes(ctx, tx, a.WorkspaceID, []*passerelle.Organization{kept}); err != nil {
			return err
		}
		before := *d.KeptBefore
		if err := updateOrg(ctx, tx, a, &before, kept); err != nil {
			return err
		}
		gone := d.Gone
		if err := insertOrg(ctx, tx, a, gone, false); err != nil {
			return err
		}
		ws := a.WorkspaceID
		if err := restoreRefs(ctx, tx, ws, orgRefs, "organizations", gone.ID, kept.ID, &d.movedRows); err != nil {
			return err
		}
		for _, id := range d.LinksFrom {
			if _, err := tx.ExecContext(ctx, `UPDATE org_links SET from_id = $1 WHERE workspace_id = $2 AND id = $3 AND from_id = $4`, gone.ID, ws, id, kept.ID); err != nil {
				return err
			}
		}
		for _, id := range d.LinksTo {
			if _, err := tx.ExecContext(ctx, `UPDATE org_links SET to_id = $1 WHERE workspace_id = $2 AND id = $3 AND to_id = $4`, gone.ID, ws, id, kept.ID); err != nil {
				return err
			}
		}
		for _, l := range d.LinksGone {
			ol := &passerelle.OrgLink{Kind: l.Kind, FromID: l.FromID, ToID: l.ToID, ToRef: l.ToRef, ToLabel: l.ToLabel,
				StartDate: l.StartDate, EndDate: l.EndDate, Source: l.Source}
			if ol.FromID != gone.ID && ol.FromID != kept.ID {
				if _, err := findOrg(ctx, tx, a, ol.FromID); err != nil {
					continue
				}
			}
			if err := insertLink(ctx, tx, a, ol); err != nil {
				return err
			}
		}
		if err := restoreNotDuplicates(ctx, tx, ws, "org_not_duplicates", "organizations", d.NotDuplicates); err != nil {
			return err
		}
		for _, id := range []int64{kept.ID, gone.ID} {
			if err := reindexAgreementsNaming(ctx, tx, ws, id); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE org_merges SET undone_at = $1 WHERE workspace_id = $2 AND id = $3`, tx.now, ws, mergeID); err != nil {
			return err
		}
		m.Undone = true
		if err := writeAudit(ctx, tx, a, "unmerge", "organization", kept.ID, gone.Name+" ← "+kept.Name, diff(orgFields(kept), orgFields(&before)), before.Visibility, before.OwnerMemberID); err != nil {
			return err
		}
		return writeAudit(ctx, tx, a, "restore", "organization", gone.ID, gone.Name, diff(nil, orgFields(gone)), gone.Visibility, gone.OwnerMemberID)
	})
	return m, err
}

// FindMerges lists the merges into an organisation the actor may read, newest first.
func (s *OrganizationService) FindMerges(ctx context.Context, keptID int64) ([]*Merge, error) {
	a, err := passerelle.RequireActor(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := findOrg(ctx, s.db.read, a, keptID); err != nil {
		return nil, err
	}
	return findMerges(ctx, s.db.read, "org_merges", a.WorkspaceID, keptID)
}

// findMerges lists the merges of a table (org_merges, person_merges) into a record.
func findMerges(ctx context.Context, q queryer, table string, ws, keptID int64) ([]*Merge, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, kept_id, gone_id, gone_name, undone_at IS NOT NULL FROM `+table+`
		WHERE workspace_id = $1 AND kept_id = $2 ORDER BY id DESC`, ws, keptID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*Merge
	for rows.Next() {
		m := &Merge{}
		if err := rows.Scan(&m.ID, &m.KeptID, &m.GoneID, &m.GoneName, &m.Undone); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// restoreRefs undoes moveRefs: the rows moved name gone again, the rows dropped return
// while gone (a row of parent) exists and their other parent (a meeting) still does.
func restoreRefs(ctx context.Context, tx *Tx, ws int64, refs []refCol, parent string, gone, kept int64, d *movedRows) error {
	for _, r := range refs {
		for _, key := range d.Moved[r.table+"."+r.col] {
			args := []any{gone, ws, kept}
			for _, k := range key {
				args = append(args, k)
			}
			if _, err := tx.ExecContext(ctx, `UPDATE `+r.table+` SET `+r.col+` = $1 WHERE workspace_id = $2 AND `+r.col+` = $3 AND `+keyMatchFrom(r.key, 4)+r.and(), args...); err != nil {
				return fmt.Errorf("undo %s: %w", r.table, err)
			}
		}
		cols := append(append(append([]string{"workspace_id", r.col}, r.key...), r.ints...), r.texts...)
		ph := make([]string, len(cols))
		for i := range ph {
			ph[i] = fmt.Sprintf("$%d", i+1)
		}
		for _, row := range d.Dropped[r.table] {
			args := []any{ws, gone}
			for _, v := range row.Key {
				args = append(args, v)
			}
			for _, v := range row.Ints {
				args = append(args, v)
			}
			for _, v := range row.Texts {
				args = append(args, v)
			}
			// A merge recorded before a column joined texts kept fewer: the column's
			// default, empty, for the ones it lacks.
			for range len(r.texts) - len(row.Texts) {
				args = append(args, "")
			}
			// The row's parent may be gone since (a meeting deleted): then it stays out.
			cond := ` WHERE EXISTS (SELECT 1 FROM ` + parent + ` WHERE workspace_id = $1 AND id = $2)`
			if r.keyParent != "" {
				cond += ` AND EXISTS (SELECT 1 FROM ` + r.keyParent + ` WHERE workspace_id = $1 AND id = $3)`
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO `+r.table+` (`+strings.Join(cols, ", ")+`) SELECT `+strings.Join(ph, ", ")+cond, args...); err != nil {
				if passerelle.ErrorCode(classify(err, "")) == passerelle.EINVALID {
					continue
				}
				return fmt.Errorf("undo %s: %w", r.table, err)
			}
		}
	}
	return nil
}

// scanColumns scans a row whose columns are the integers of each of ints, in order,
// then the texts: the shape of the rows that merges and the bin keep aside.
func scanColumns(rows *sql.Rows, texts []string, ints ...[]int64) error {
	var dst []any
	for _, xs := range ints {
		for i := range xs {
			dst = append(dst, &xs[i])
		}
	}
	for i := range texts {
		dst = append(dst, &texts[i])
	}
	return rows.Scan(dst...)
}
