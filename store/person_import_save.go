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

// personSaver saves a contact-list import's decisions as the rows come, but in grouped
// statements: the people and organisations the rows name, and their affiliations, are
// read first in a few IN lists; each row then changes these records in memory, as the
// rows before it left them; flush writes everything in multi-row statements, with ids
// taken beforehand. Ten thousand rows cost some hundred statements instead of some
// sixty thousand, and write what the one-by-one saving wrote: the same records, the
// same versions (one bump per row that changed a person), the same audit entries in
// the order of the rows (TestImportPersonRowsWrites).
type personSaver struct {
	tx     *Tx
	a      *passerelle.Actor
	people map[int64]*savedPerson
	orgs   map[int64]*passerelle.Organization
	linked map[[2]int64]bool // person, organisation
	// What flush writes, in the order of the rows.
	created  []*savedPerson
	changed  []*savedPerson
	newOrgs  []*passerelle.Organization
	affs     []savedAffiliation
	audits   []auditRow
	entities []string // of audits
	personID idPool
	orgID    idPool
}

// savedPerson is a person as the rows so far left them.
type savedPerson struct {
	p       *passerelle.Person
	read    *passerelle.Person // as the database held them; nil when the import creates them
	line    int                // the first row that changed them
	changed bool
}

type savedAffiliation struct {
	person, org int64
	role        string
}

func newPersonSaver(tx *Tx, a *passerelle.Actor) *personSaver {
	return &personSaver{tx: tx, a: a, people: map[int64]*savedPerson{}, orgs: map[int64]*passerelle.Organization{},
		linked: map[[2]int64]bool{}, personID: idPool{table: "people", entity: "person", ws: a.WorkspaceID},
		orgID: idPool{table: "organizations", entity: "organization", ws: a.WorkspaceID}}
}

// load reads the people the rows match, their affiliations and the organisations the
// rows match, as the actor sees them: one that the actor may not see is left out, and
// its row fails as findPerson and findOrg would have.
func (s *personSaver) load(ctx context.Context, rep *passerelle.PersonImportReport) error {
	var pids, oids []int64
	for _, d := range rep.Rows {
		if d.Decision == passerelle.DecisionMatch && d.Match != nil {
			pids = append(pids, d.Match.ID)
		}
		if d.Organization != nil && d.Organization.Match != nil {
			oids = append(oids, d.Organization.Match.ID)
		}
	}
	slices.Sort(pids)
	pids = slices.Compact(pids)
	slices.Sort(oids)
	oids = slices.Compact(oids)
	tx, ws := s.tx, s.a.WorkspaceID
	for batch := range slices.Chunk(pids, keyBatch) {
		w := &where{}
		w.scopeByID(s.a, "p")
		rows, err := tx.queryOnce(ctx, `SELECT `+personColumns+` FROM people p`+w.String()+` AND p.id IN (`+idList(batch)+`)`, w.args...)
		if err != nil {
			return err
		}
		for rows.Next() {
			p, err := scanPerson(rows)
			if err != nil {
				rows.Close()
				return err
			}
			s.people[p.ID] = &savedPerson{p: p, read: p}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		rs, err := tx.queryOnce(ctx, `SELECT person_id, organization_id FROM affiliations WHERE workspace_id = $1 AND person_id IN (`+idList(batch)+`)`, ws)
		if err != nil {
			return err
		}
		for rs.Next() {
			var p, o int64
			if err := rs.Scan(&p, &o); err != nil {
				rs.Close()
				return err
			}
			s.linked[[2]int64{p, o}] = true
		}
		rs.Close()
		if err := rs.Err(); err != nil {
			return err
		}
	}
	for batch := range slices.Chunk(oids, keyBatch) {
		w := &where{}
		w.scopeByID(s.a, "o")
		rows, err := tx.queryOnce(ctx, `SELECT `+orgColumns+` FROM organizations o`+w.String()+` AND o.id IN (`+idList(batch)+`)`, w.args...)
		if err != nil {
			return err
		}
		for rows.Next() {
			o, err := scanOrg(rows)
			if err != nil {
				rows.Close()
				return err
			}
			s.orgs[o.ID] = o
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	return nil
}

// audit queues an audit entry, as writeAudit writes it.
func (s *personSaver) audit(action, entity string, id int64, summary string, changes map[string]passerelle.Change, vis passerelle.Visibility, owner int64) error {
	ch := "{}"
	if len(changes) > 0 {
		b, err := json.Marshal(changes)
		if err != nil {
			return err
		}
		ch = string(b)
	}
	s.audits = append(s.audits, auditRow{action: action, id: id, summary: summary, changes: ch, vis: vis, owner: owner})
	s.entities = append(s.entities, entity)
	return nil
}

// auditUpdate queues the entries of an update, as auditUpdate writes them.
func (s *personSaver) auditUpdate(id int64, oldName, name string, changes map[string]passerelle.Change, vis passerelle.Visibility, owner int64) error {
	if vc, ok := changes["visibility"]; ok {
		rest := make(map[string]passerelle.Change, len(changes))
		for k, c := range changes {
			if k != "visibility" {
				rest[k] = c
			}
		}
		if err := s.audit(actionVisibility, "person", id, oldName, map[string]passerelle.Change{"visibility": vc}, vis, owner); err != nil {
			return err
		}
		if len(rest) == 0 {
			return nil
		}
		changes = rest
	}
	return s.audit("update", "person", id, name, changes, vis, owner)
}

// organization is the organisation a row's person works for: the one matched, or the
// one created for the file's rows that name it (the first of them creates it); 0 when
// the row names none, or an ambiguous one (imported as new: created for this row).
func (s *personSaver) organization(ctx context.Context, r passerelle.PersonRow, d *passerelle.PersonRowDecision, owner int, created map[int]int64, rep *passerelle.PersonImportReport) (int64, error) {
	ro := d.Organization
	switch {
	case ro == nil:
		return 0, nil
	case ro.Match != nil:
		return ro.Match.ID, nil
	case owner >= 0 && created[owner] != 0:
		return created[owner], nil
	}
	o := &passerelle.Organization{Name: r.Organization, Country: r.OrgCountry, Kind: passerelle.KindOther, Visibility: passerelle.VisibilityShared}
	if err := o.Validate(); err != nil {
		return 0, err
	}
	id, err := s.orgID.next(ctx, s.tx)
	if err != nil {
		return 0, err
	}
	o.ID, o.WorkspaceID, o.CreatedAt, o.UpdatedAt, o.Version = id, s.a.WorkspaceID, s.tx.now, s.tx.now, 1
	s.orgs[o.ID] = o
	s.newOrgs = append(s.newOrgs, o)
	if err := s.audit("import", "organization", o.ID, o.Name, diff(nil, orgFields(o)), o.Visibility, 0); err != nil {
		return 0, err
	}
	if owner >= 0 {
		created[owner] = o.ID
	}
	rep.OrgsCreated++
	return o.ID, nil
}

// create queues a new person from a row.
func (s *personSaver) create(ctx context.Context, r passerelle.PersonRow) (*passerelle.Person, error) {
	p := *r.Person
	p.Version, p.Visibility, p.OwnerMemberID = 1, passerelle.VisibilityShared, 0
	var err error
	if p.ID, err = s.personID.next(ctx, s.tx); err != nil {
		return nil, err
	}
	p.WorkspaceID, p.CreatedAt, p.UpdatedAt = s.a.WorkspaceID, s.tx.now, s.tx.now
	sp := &savedPerson{p: &p}
	s.people[p.ID] = sp
	s.created = append(s.created, sp)
	return &p, s.audit("import", "person", p.ID, p.Name(), diff(nil, personFields(&p)), p.Visibility, 0)
}

// addTo gives a person what a row of the file adds: emails and phones they lack, their
// empty fields, the affiliation. A person the importer may not edit is linked as they
// are.
func (s *personSaver) addTo(id int64, r passerelle.PersonRow, orgID int64, d *passerelle.PersonRowDecision, rep *passerelle.PersonImportReport) error {
	d.ID, d.Action = id, "linked"
	sp := s.people[id]
	if sp == nil {
		return classify(sql.ErrNoRows, fmt.Sprintf("person %d", id))
	}
	old := sp.p
	if canEdit(s.a, old.Visibility, old.OwnerMemberID) != nil {
		return nil
	}
	p := *old
	p.Emails = union(old.Emails, r.Person.Emails)
	p.Phones = union(old.Phones, r.Person.Phones)
	p.Languages = union(old.Languages, r.Person.Languages)
	p.Topics = union(old.Topics, r.Person.Topics)
	if p.Country == "" {
		p.Country = r.Person.Country
	}
	if p.Notes == "" {
		p.Notes = r.Person.Notes
	}
	changed := false
	if changes := diff(personFields(old), personFields(&p)); len(changes) > 0 {
		p.UpdatedAt = s.tx.now
		p.Version++
		sp.p = &p
		if !sp.changed && sp.read != nil {
			sp.changed, sp.line = true, d.Line
			s.changed = append(s.changed, sp)
		}
		if err := s.auditUpdate(p.ID, old.Name(), p.Name(), changes, p.Visibility, p.OwnerMemberID); err != nil {
			return err
		}
		changed = true
	}
	if orgID != 0 {
		added, err := s.affiliate(sp.p, orgID, r.Role)
		if err != nil {
			return err
		}
		changed = changed || added
	}
	if changed {
		d.Action = "updated"
		rep.Updated++
	}
	return nil
}

// affiliate links a person to an organisation unless they are linked already, audited
// as the affiliation form does (visible as narrowly as the narrower record).
func (s *personSaver) affiliate(p *passerelle.Person, orgID int64, role string) (bool, error) {
	k := [2]int64{p.ID, orgID}
	if s.linked[k] {
		return false, nil
	}
	o := s.orgs[orgID]
	if o == nil {
		return false, classify(sql.ErrNoRows, fmt.Sprintf("organisation %d", orgID))
	}
	s.linked[k] = true
	s.affs = append(s.affs, savedAffiliation{person: p.ID, org: orgID, role: role})
	vis, owner := narrowest(p.Visibility, p.OwnerMemberID, o.Visibility, o.OwnerMemberID)
	return true, s.audit("import", "affiliation", p.ID, p.Name()+" — "+o.Name, nil, vis, owner)
}

// flush writes what the rows did: organisations and people created, people changed,
// affiliations, stored keys, audit entries.
func (s *personSaver) flush(ctx context.Context) error {
	if err := s.insertOrgs(ctx); err != nil {
		return err
	}
	if err := s.insertPeople(ctx); err != nil {
		return err
	}
	if err := s.updatePeople(ctx); err != nil {
		return err
	}
	if err := s.insertAffiliations(ctx); err != nil {
		return err
	}
	return s.insertAudits(ctx)
}

// multiRow runs an INSERT of rows, n values each, a few hundred rows a statement.
func multiRow(ctx context.Context, tx *Tx, head string, n int, rows [][]any) error {
	per := max(1, min(keyBatch, 10000/n)) // well under SQLite's and PostgreSQL's limits on parameters
	for batch := range slices.Chunk(rows, per) {
		b := &bulkArgs{db: tx.db}
		vals := make([]string, len(batch))
		ph := make([]string, n)
		for i, r := range batch {
			for j, v := range r {
				ph[j] = b.arg(v)
			}
			vals[i] = "(" + strings.Join(ph, ", ") + ")"
		}
		if _, err := tx.execOnce(ctx, head+strings.Join(vals, ", "), b.args...); err != nil {
			return err
		}
	}
	return nil
}

func (s *personSaver) insertOrgs(ctx context.Context) error {
	return insertNewOrgs(ctx, s.tx, s.newOrgs)
}

// insertNewOrgs inserts organisations whose ids were taken beforehand (idPool), and
// their stored keys, in multi-row statements.
func insertNewOrgs(ctx context.Context, tx *Tx, orgs []*passerelle.Organization) error {
	if len(orgs) == 0 {
		return nil
	}
	rows := make([][]any, len(orgs))
	var keys [][]any
	for i, o := range orgs {
		doc, k, nameKey := orgSearchText(o)
		rows[i] = []any{o.ID, o.WorkspaceID, string(o.Kind), o.Name, jsonNames(o.Names), jsonList(o.Acronyms), jsonList(o.Aliases), nullString(o.RORID),
			o.SIREN, o.SIRET, o.VAT, o.PIC, o.Website, o.Country, o.City, o.Lat, o.Lng, jsonList(o.Tags), o.Description,
			o.Established, o.Fictional, string(o.Visibility), nullID(o.OwnerMemberID), doc, k, nameKey, o.CreatedAt, o.UpdatedAt}
		keys = appendOrgKeys(keys, o, k)
	}
	if err := multiRow(ctx, tx, `INSERT INTO organizations (id, workspace_id, kind, name, names, acronyms, aliases, ror_id,
		siren, siret, vat, pic, website, country, city, lat, lng, tags, description, established, fictional,
		visibility, owner_member_id, search_doc, match_keys, name_key, created_at, updated_at) VALUES `, 28, rows); err != nil {
		return classify(err, "organisation")
	}
	return multiRow(ctx, tx, `INSERT INTO org_keys (workspace_id, key, organization_id) VALUES `, 3, keys)
}

// appendOrgKeys adds the rows of an organisation's stored keys (its bar-separated match
// keys, each once) to rows.
func appendOrgKeys(rows [][]any, o *passerelle.Organization, keys string) [][]any {
	seen := map[string]bool{}
	for _, key := range strings.Split(strings.Trim(keys, "|"), "|") {
		if key != "" && len(key) <= 200 && !seen[key] {
			seen[key] = true
			rows = append(rows, []any{o.WorkspaceID, key, o.ID})
		}
	}
	return rows
}

func (s *personSaver) insertPeople(ctx context.Context) error {
	if len(s.created) == 0 {
		return nil
	}
	rows := make([][]any, len(s.created))
	keyed := make([]keyedPerson, len(s.created))
	for i, sp := range s.created {
		p := sp.p
		doc, key := personSearchText(p)
		rows[i] = []any{p.ID, p.WorkspaceID, p.FirstName, p.LastName, jsonList(p.Emails), jsonList(p.Phones), jsonList(p.Languages), jsonList(p.Topics),
			p.Country, p.Notes, p.Fictional, string(p.Visibility), nullID(p.OwnerMemberID), doc, key, p.CreatedAt, p.UpdatedAt, p.Version}
		keyed[i] = keyedPerson{ws: p.WorkspaceID, id: p.ID, first: p.FirstName, last: p.LastName, emails: p.Emails}
	}
	if err := multiRow(ctx, s.tx, `INSERT INTO people (id, workspace_id, first_name, last_name, emails, phones, languages, topics,
		country, notes, fictional, visibility, owner_member_id, search_doc, name_key, created_at, updated_at, version) VALUES `, 18, rows); err != nil {
		return classify(err, "person")
	}
	return insertPersonKeys(ctx, s.tx, keyed)
}

// updatePeople writes the people the rows changed, each in one statement that checks
// the version read (another transaction's save in between makes the import stale) and
// sets the search text only when it changed (an update of it rewrites the full-text
// index's entry on SQLite), then replaces the keys of those whose name or emails changed.
func (s *personSaver) updatePeople(ctx context.Context) error {
	var rekey []keyedPerson
	for _, sp := range s.changed {
		p, old := sp.p, sp.read
		doc, key := personSearchText(p)
		oldDoc, oldKey := personSearchText(old)
		set := `first_name = $1, last_name = $2, emails = $3, phones = $4, languages = $5, topics = $6, country = $7, notes = $8,
			visibility = $9, owner_member_id = $10, updated_at = $11, version = $12`
		args := []any{p.FirstName, p.LastName, jsonList(p.Emails), jsonList(p.Phones), jsonList(p.Languages), jsonList(p.Topics),
			p.Country, p.Notes, string(p.Visibility), nullID(p.OwnerMemberID), p.UpdatedAt, p.Version, p.WorkspaceID, p.ID, old.Version}
		if doc != oldDoc || key != oldKey {
			set += `, search_doc = $16, name_key = $17`
			args = append(args, doc, key)
		}
		res, err := s.tx.ExecContext(ctx, `UPDATE people SET `+set+` WHERE workspace_id = $13 AND id = $14 AND version = $15`, args...)
		if err != nil {
			return fmt.Errorf("line %d: %w", sp.line, classify(err, "person"))
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n != 1 {
			return fmt.Errorf("line %d: %w", sp.line, errStale())
		}
		if !slices.Equal(old.Emails, p.Emails) || old.FirstName != p.FirstName || old.LastName != p.LastName {
			rekey = append(rekey, keyedPerson{ws: p.WorkspaceID, id: p.ID, first: p.FirstName, last: p.LastName, emails: p.Emails})
		}
	}
	for batch := range slices.Chunk(rekey, keyBatch) {
		ids := make([]int64, len(batch))
		for i, k := range batch {
			ids[i] = k.id
		}
		if _, err := s.tx.execOnce(ctx, `DELETE FROM person_keys WHERE workspace_id = $1 AND person_id IN (`+idList(ids)+`)`, s.a.WorkspaceID); err != nil {
			return err
		}
	}
	return insertPersonKeys(ctx, s.tx, rekey)
}

func (s *personSaver) insertAffiliations(ctx context.Context) error {
	rows := make([][]any, len(s.affs))
	for i, af := range s.affs {
		rows[i] = []any{s.a.WorkspaceID, af.person, af.org, af.role, "", "", "", s.tx.now}
	}
	if err := multiRow(ctx, s.tx, `INSERT INTO affiliations (workspace_id, person_id, organization_id, role, title, start_date, end_date, created_at) VALUES `, 8, rows); err != nil {
		return classify(err, "affiliation")
	}
	return nil
}

func (s *personSaver) insertAudits(ctx context.Context) error {
	return insertAuditRows(ctx, s.tx, s.a, s.audits, s.entities)
}

// insertAuditRows writes audit entries in their order, entities[i] the entity of rs[i].
func insertAuditRows(ctx context.Context, tx *Tx, a *passerelle.Actor, rs []auditRow, entities []string) error {
	rows := make([][]any, len(rs))
	for i, r := range rs {
		rows[i] = []any{a.WorkspaceID, tx.now, nullID(a.UserID), r.action, entities[i], r.id, r.summary, r.changes, string(r.vis), nullID(r.owner)}
	}
	if err := multiRow(ctx, tx, `INSERT INTO audit_log (workspace_id, at, user_id, action, entity, entity_id, summary, changes, visibility, owner_member_id) VALUES `, 10, rows); err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	return nil
}

// idPool hands out the ids of a table's new rows before they are inserted, so that a
// multi-row insert needs no RETURNING (whose order neither database promises). SQLite
// gives a new row the largest id plus one, and has one writer: the pool counts on from
// it, or from a larger id the history still names (lastRecordID). PostgreSQL's ids come from the column's sequence, a few hundred at a time (those
// left unused are a gap, as a rolled-back insert leaves).
type idPool struct {
	table, entity string // entity: the audit log's name of the table's records
	ws            int64
	ids           []int64
	last          int64 // SQLite: the last id handed out
}

func (p *idPool) next(ctx context.Context, tx *Tx) (int64, error) {
	if tx.db.Dialect != Postgres {
		if p.last == 0 {
			last, err := tx.lastRecordID(ctx, p.table, p.entity, p.ws)
			if err != nil {
				return 0, err
			}
			p.last = last
		}
		p.last++
		return p.last, nil
	}
	if len(p.ids) == 0 {
		rows, err := tx.queryOnce(ctx, `SELECT nextval(pg_get_serial_sequence('`+p.table+`', 'id')) FROM generate_series(1, $1)`, keyBatch)
		if err != nil {
			return 0, err
		}
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return 0, err
			}
			p.ids = append(p.ids, id)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return 0, err
		}
		slices.Sort(p.ids)
	}
	id := p.ids[0]
	p.ids = p.ids[1:]
	return id, nil
}
