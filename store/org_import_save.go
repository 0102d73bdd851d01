package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"passerelle"
)

// orgSaver saves an organisations import's decisions in grouped statements, as
// personSaver does for a contact list: the records the rows match are read first in a
// few IN lists; each row then changes them in memory, as the rows before it left them;
// flush writes the new records (ids taken beforehand) and their keys in multi-row
// statements, each changed record in one UPDATE that checks the version read, and the
// audit entries in the order of the rows. It writes what the one-by-one saving wrote
// (TestImportOrganizationRowsWrites).
type orgSaver struct {
	tx      *Tx
	a       *passerelle.Actor
	orgs    map[int64]*passerelle.Organization // as the rows so far left them
	read    map[int64]*passerelle.Organization // as the database held them
	line    map[int64]int                      // the first row that changed a record
	changed []int64                            // records changed, in the order of the rows
	created []*passerelle.Organization
	lines   []int // of created
	audits  []auditRow
	ids     idPool
}

func newOrgSaver(tx *Tx, a *passerelle.Actor) *orgSaver {
	return &orgSaver{tx: tx, a: a, orgs: map[int64]*passerelle.Organization{}, read: map[int64]*passerelle.Organization{},
		line: map[int64]int{}, ids: idPool{table: "organizations", entity: "organization", ws: a.WorkspaceID}}
}

// load reads the records the rows match, as the actor sees them: one the actor may not
// see is left out, and its row fails as findOrg would have.
func (s *orgSaver) load(ctx context.Context, rep *passerelle.OrgImportReport) error {
	var ids []int64
	for _, d := range rep.Rows {
		if d.Decision == passerelle.DecisionMatch && d.Match != nil {
			ids = append(ids, d.Match.ID)
		}
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	for batch := range slices.Chunk(ids, keyBatch) {
		w := &where{}
		w.scopeByID(s.a, "o")
		rows, err := s.tx.queryOnce(ctx, `SELECT `+orgColumns+` FROM organizations o`+w.String()+` AND o.id IN (`+idList(batch)+`)`, w.args...)
		if err != nil {
			return err
		}
		for rows.Next() {
			o, err := scanOrg(rows)
			if err != nil {
				rows.Close()
				return err
			}
			s.orgs[o.ID], s.read[o.ID] = o, o
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	return nil
}

// fill links a row to its record: the file fills the record's empty fields, and nothing
// else changes. A record the actor may not edit is only linked.
func (s *orgSaver) fill(d *passerelle.OrgRowDecision, o *passerelle.Organization, rep *passerelle.OrgImportReport) error {
	old := s.orgs[d.Match.ID]
	if old == nil {
		return classify(sql.ErrNoRows, fmt.Sprintf("organisation %d", d.Match.ID))
	}
	d.ID, d.Action = old.ID, "linked"
	if canEdit(s.a, old.Visibility, old.OwnerMemberID) != nil {
		return nil
	}
	n := *old
	fill := func(dst *string, v string) {
		if *dst == "" {
			*dst = v
		}
	}
	fill(&n.Website, o.Website)
	fill(&n.Country, o.Country)
	fill(&n.City, o.City)
	fill(&n.RORID, o.RORID)
	if len(n.Acronyms) == 0 {
		n.Acronyms = o.Acronyms
	}
	if len(n.Aliases) == 0 {
		n.Aliases = o.Aliases
	}
	if n.Kind == passerelle.KindOther && o.Kind != passerelle.KindOther {
		n.Kind = o.Kind
	}
	// The themes are not read: the import never changes them, so that they are on
	// neither side of the comparison.
	changes := diff(orgFields(old), orgFields(&n))
	if len(changes) == 0 {
		return nil
	}
	b, err := json.Marshal(changes)
	if err != nil {
		return err
	}
	n.UpdatedAt, n.Version = s.tx.now, old.Version+1
	s.orgs[n.ID] = &n
	if _, ok := s.line[n.ID]; !ok {
		s.line[n.ID] = d.Line
		s.changed = append(s.changed, n.ID)
	}
	d.Action = "updated"
	rep.Updated++
	s.audits = append(s.audits, auditRow{action: "import", id: old.ID, summary: old.Name, changes: string(b), vis: n.Visibility, owner: n.OwnerMemberID})
	return nil
}

// create queues a row's new organisation, shared.
func (s *orgSaver) create(ctx context.Context, line int, o *passerelle.Organization) error {
	id, err := s.ids.next(ctx, s.tx)
	if err != nil {
		return err
	}
	o.ID, o.Visibility, o.OwnerMemberID, o.Version = id, passerelle.VisibilityShared, 0, 1
	o.WorkspaceID, o.CreatedAt, o.UpdatedAt = s.a.WorkspaceID, s.tx.now, s.tx.now
	s.orgs[o.ID] = o
	s.created, s.lines = append(s.created, o), append(s.lines, line)
	s.audits = append(s.audits, auditRow{action: "import", id: o.ID, summary: o.Name, changes: "{}", vis: o.Visibility})
	return nil
}

// flush writes what the rows did: records created (and their themes), records changed,
// links waiting for a ROR id that arrived, audit entries.
func (s *orgSaver) flush(ctx context.Context) error {
	if err := s.checkROR(ctx); err != nil {
		return err
	}
	for i, o := range s.created {
		if err := checkThemes(ctx, s.tx, s.a.WorkspaceID, o.Themes); err != nil {
			return fmt.Errorf("line %d: %w", s.lines[i], err)
		}
	}
	if err := insertNewOrgs(ctx, s.tx, s.created); err != nil {
		return err
	}
	var themes [][]any
	for _, o := range s.created {
		for _, c := range o.Themes {
			themes = append(themes, []any{o.WorkspaceID, o.ID, c})
		}
	}
	if err := multiRow(ctx, s.tx, `INSERT INTO organization_themes (workspace_id, organization_id, theme_code) VALUES `, 3, themes); err != nil {
		return classify(err, "theme")
	}
	if err := s.update(ctx); err != nil {
		return err
	}
	if err := s.resolveLinks(ctx); err != nil {
		return err
	}
	entities := make([]string, len(s.audits))
	for i := range entities {
		entities[i] = "organization"
	}
	return insertAuditRows(ctx, s.tx, s.a, s.audits, entities)
}

// checkROR refuses, at its line, a shared record that the import gives a ROR id another
// shared record has (the unique index would refuse the whole statement, unnamed).
func (s *orgSaver) checkROR(ctx context.Context) error {
	type taker struct {
		id   int64
		line int
		ror  string
	}
	var takers []taker
	for i, o := range s.created {
		if o.RORID != "" {
			takers = append(takers, taker{o.ID, s.lines[i], o.RORID})
		}
	}
	for _, id := range s.changed {
		if o := s.orgs[id]; o.RORID != "" && o.RORID != s.read[id].RORID && o.Visibility == passerelle.VisibilityShared {
			takers = append(takers, taker{id, s.line[id], o.RORID})
		}
	}
	if len(takers) == 0 {
		return nil
	}
	slices.SortStableFunc(takers, func(x, y taker) int { return x.line - y.line })
	held := map[string]int64{}
	for batch := range slices.Chunk(takers, keyBatch) {
		b := &bulkArgs{db: s.tx.db}
		ws := b.arg(s.a.WorkspaceID)
		var refs []string
		for _, t := range batch {
			refs = append(refs, b.arg(t.ror))
		}
		rows, err := s.tx.queryOnce(ctx, `SELECT ror_id, id FROM organizations WHERE workspace_id = `+ws+
			` AND visibility = 'shared' AND ror_id IN (`+strings.Join(refs, ", ")+`)`, b.args...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var ror string
			var id int64
			if err := rows.Scan(&ror, &id); err != nil {
				rows.Close()
				return err
			}
			held[ror] = id
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	for _, t := range takers {
		if id, ok := held[t.ror]; ok && id != t.id {
			return fmt.Errorf("line %d: %w", t.line, passerelle.FieldError("ror_id", "another organisation has the ROR id %s", t.ror))
		}
		held[t.ror] = t.id
	}
	return nil
}

// update writes each record the rows changed in one statement that checks the version
// read (another save in between makes the import stale, nothing saved) and sets the
// search text only when it changed (on SQLite an update of it rewrites the full-text
// entry), then replaces the stored keys of those whose keys changed.
func (s *orgSaver) update(ctx context.Context) error {
	var rekey []*passerelle.Organization
	for _, id := range s.changed {
		o, old := s.orgs[id], s.read[id]
		doc, keys, nameKey := orgSearchText(o)
		oldDoc, oldKeys, oldNameKey := orgSearchText(old)
		set := `kind = $1, name = $2, names = $3, acronyms = $4, aliases = $5, ror_id = $6, siren = $7, siret = $8, vat = $9,
			pic = $10, website = $11, country = $12, city = $13, lat = $14, lng = $15, tags = $16, description = $17,
			established = $18, visibility = $19, owner_member_id = $20, updated_at = $21, version = $22`
		args := []any{string(o.Kind), o.Name, jsonNames(o.Names), jsonList(o.Acronyms), jsonList(o.Aliases), nullString(o.RORID),
			o.SIREN, o.SIRET, o.VAT, o.PIC, o.Website, o.Country, o.City, o.Lat, o.Lng, jsonList(o.Tags),
			o.Description, o.Established, string(o.Visibility), nullID(o.OwnerMemberID), o.UpdatedAt, o.Version,
			o.WorkspaceID, o.ID, old.Version}
		if doc != oldDoc || keys != oldKeys || nameKey != oldNameKey {
			set += `, search_doc = $26, match_keys = $27, name_key = $28`
			args = append(args, doc, keys, nameKey)
		}
		res, err := s.tx.ExecContext(ctx, `UPDATE organizations SET `+set+` WHERE workspace_id = $23 AND id = $24 AND version = $25`, args...)
		if err != nil {
			if passerelle.ErrorCode(classify(err, "")) == passerelle.ECONFLICT {
				err = passerelle.FieldError("ror_id", "another organisation has the ROR id %s", o.RORID)
			}
			return fmt.Errorf("line %d: %w", s.line[id], classify(err, "organisation"))
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n != 1 {
			return fmt.Errorf("line %d: %w", s.line[id], errStale())
		}
		if keys != oldKeys {
			rekey = append(rekey, o)
		}
	}
	var rows [][]any
	for batch := range slices.Chunk(rekey, keyBatch) {
		ids := make([]int64, len(batch))
		for i, o := range batch {
			ids[i] = o.ID
			_, keys, _ := orgSearchText(o)
			rows = appendOrgKeys(rows, o, keys)
		}
		if _, err := s.tx.execOnce(ctx, `DELETE FROM org_keys WHERE workspace_id = $1 AND organization_id IN (`+idList(ids)+`)`, s.a.WorkspaceID); err != nil {
			return err
		}
	}
	return multiRow(ctx, s.tx, `INSERT INTO org_keys (workspace_id, key, organization_id) VALUES `, 3, rows)
}

// resolveLinks points the links waiting for a ROR id that a shared record took in this
// import (created with it, or given it) to that record.
func (s *orgSaver) resolveLinks(ctx context.Context) error {
	var refs []string
	for _, o := range s.created {
		if o.RORID != "" {
			refs = append(refs, o.RORID)
		}
	}
	for _, id := range s.changed {
		if o := s.orgs[id]; o.RORID != "" && o.RORID != s.read[id].RORID && o.Visibility == passerelle.VisibilityShared {
			refs = append(refs, o.RORID)
		}
	}
	for batch := range slices.Chunk(refs, keyBatch) {
		b := &bulkArgs{db: s.tx.db}
		ws := b.arg(s.a.WorkspaceID)
		ph := make([]string, len(batch))
		for i, r := range batch {
			ph[i] = b.arg(r)
		}
		if _, err := s.tx.execOnce(ctx, `UPDATE org_links SET to_id = (SELECT o.id FROM organizations o
			WHERE o.workspace_id = org_links.workspace_id AND o.ror_id = org_links.to_ref AND o.visibility = 'shared')
			WHERE workspace_id = `+ws+` AND to_id IS NULL AND to_ref IN (`+strings.Join(ph, ", ")+`)`, b.args...); err != nil {
			return err
		}
	}
	return nil
}
