package store

import (
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"sort"
	"strings"

	"passerelle"
	"passerelle/match"
)

// ImportOrganizations upserts organisations by ROR id, in one transaction. It reads every
// item even after a problem, so that one run reports all bad lines; then it commits only
// if there was none, or if skipInvalid asks to leave the bad ones out.
func (s *OrganizationService) ImportOrganizations(ctx context.Context, items iter.Seq2[*passerelle.OrgImportItem, error], skipInvalid bool) (*passerelle.ImportResult, error) {
	a, err := passerelle.RequireWriter(ctx)
	if err != nil {
		return nil, err
	}
	var res *passerelle.ImportResult
	err = s.db.inTx(ctx, func(tx *Tx) error {
		var err error
		res, err = s.importOrganizations(ctx, tx, a, items, skipInvalid)
		return err
	})
	if err != nil {
		return res, err
	}
	// Fresh statistics after a bulk load, so that the next queries pick the indexes.
	if err := s.db.analyze(ctx, "organizations, org_links, org_keys"); err != nil {
		return nil, err
	}
	return res, nil
}

// ImportOrganizationsIntoNewWorkspace creates workspace w and imports the items into it
// in one transaction: a failure, or the process killed half-way, leaves neither the
// workspace nor any organisation behind. System only, as creating a workspace is.
func (s *OrganizationService) ImportOrganizationsIntoNewWorkspace(ctx context.Context, w *passerelle.Workspace, items iter.Seq2[*passerelle.OrgImportItem, error], skipInvalid bool) (*passerelle.ImportResult, error) {
	if a := passerelle.ActorFromContext(ctx); a == nil || !a.System {
		return nil, passerelle.Errorf(passerelle.EFORBIDDEN, "only the operator may create workspaces")
	}
	if err := w.Validate(); err != nil {
		return nil, err
	}
	var res *passerelle.ImportResult
	err := s.db.inTx(ctx, func(tx *Tx) error {
		if err := createWorkspace(ctx, tx, w); err != nil {
			return err
		}
		var err error
		res, err = s.importOrganizations(passerelle.NewContextWithActor(ctx, passerelle.SystemActor(w.ID)), tx, passerelle.SystemActor(w.ID), items, skipInvalid)
		return err
	})
	if err != nil {
		w.ID = 0
		return res, err
	}
	if err := s.db.analyze(ctx, "organizations, org_links, org_keys"); err != nil {
		return nil, err
	}
	return res, nil
}

// importOrganizations is ImportOrganizations inside its transaction.
func (s *OrganizationService) importOrganizations(ctx context.Context, tx *Tx, a *passerelle.Actor, items iter.Seq2[*passerelle.OrgImportItem, error], skipInvalid bool) (*passerelle.ImportResult, error) {
	if err := tx.ForBulk(ctx); err != nil {
		return nil, err
	}
	res := &passerelle.ImportResult{}
	imp := &importer{tx: tx, a: a, res: res, known: map[string]int64{}, ids: idPool{table: "organizations", entity: "organization", ws: a.WorkspaceID}}
	if err := imp.loadKnown(ctx); err != nil {
		return nil, err
	}
	if err := imp.loadUnregistered(ctx); err != nil {
		return nil, err
	}
	problem := func(line int, err error) {
		p := passerelle.ImportProblem{Line: line, Message: passerelle.ErrorMsg(err)}
		if fs := passerelle.ErrorFieldMsgs(err); len(fs) > 0 {
			keys := make([]string, 0, len(fs))
			for k := range fs {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			p.Field, p.Message = keys[0], fs[keys[0]]
		}
		res.AddProblems(p)
		res.Skipped++
	}
	for item, err := range items {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if err != nil {
			line := 0
			if item != nil {
				line = item.Line
			}
			problem(line, err)
			continue
		}
		o := item.Organization
		if err := o.Validate(); err != nil {
			problem(item.Line, err)
			continue
		}
		if o.RORID == "" {
			problem(item.Line, passerelle.FieldError("id", "missing ROR id"))
			continue
		}
		if len(res.Problems) > 0 && !skipInvalid {
			continue // the transaction will not commit: only look for more problems
		}
		if err := imp.one(ctx, item); err != nil {
			return nil, fmt.Errorf("line %d: %w", item.Line, err)
		}
	}
	if len(res.Problems) > 0 && !skipInvalid {
		return res, importError(res)
	}
	if err := imp.finish(ctx); err != nil {
		return nil, err
	}
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM org_links WHERE workspace_id = $1 AND to_id IS NULL AND source = 'ror'`,
		a.WorkspaceID).Scan(&res.LinksPending); err != nil {
		return nil, err
	}
	return res, nil
}

// importError lists the first problems; nothing was imported.
func importError(res *passerelle.ImportResult) error {
	ps, n := res.Problems, res.ProblemCount()
	lines := make([]string, 0, min(len(ps), 21))
	for i, p := range ps {
		if i == 20 {
			break
		}
		lines = append(lines, p.String())
	}
	if n > len(lines) {
		lines = append(lines, fmt.Sprintf("... and %d more", n-len(lines)))
	}
	return &passerelle.Error{Code: passerelle.EINVALID,
		Message: passerelle.M("nothing imported: %d bad record(s) (use --skip-invalid to import the rest):\n%s", n, strings.Join(lines, "\n"))}
}

// importer keeps what one import run needs between records: the workspace's ROR ids, and
// audit entries written in batches. Together with the multi-row link inserts this keeps an
// import at about two statements per record, which is what matters over a network.
type importer struct {
	tx           *Tx
	a            *passerelle.Actor
	unregistered *match.Index   // shared records without a ROR id, nil when none
	linkedOnce   map[int64]bool // those already given a ROR id by this import
	res          *passerelle.ImportResult
	known        map[string]int64 // ROR id -> organisation id
	audit        []auditRow
	pendingLinks []*passerelle.OrgLink
	// fresh holds new organisations until they are inserted together.
	fresh    []*passerelle.OrgImportItem
	freshSet map[string]bool
	// ids gives SQLite's new rows their ids (see lastRecordID); PostgreSQL's sequence does.
	ids idPool
}

type auditRow struct {
	action, summary, changes string
	id                       int64
	vis                      passerelle.Visibility
	owner                    int64
}

// loadKnown reads the ROR ids of the organisations the importer may see: another
// member's private record is no match (it would answer "not found", and tell that it
// exists). A ROR id on a shared record and on private ones names the shared one.
func (imp *importer) loadKnown(ctx context.Context) error {
	w := &where{}
	w.scope(imp.a, "o")
	rows, err := imp.tx.QueryContext(ctx, `SELECT o.ror_id, o.id, o.visibility FROM organizations o`+w.String()+` AND o.ror_id IS NOT NULL ORDER BY o.id`, w.args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var ror, vis string
		var id int64
		if err := rows.Scan(&ror, &id, &vis); err != nil {
			return err
		}
		if _, dup := imp.known[ror]; !dup || vis == string(passerelle.VisibilityShared) {
			imp.known[ror] = id
		}
	}
	return rows.Err()
}

// loadUnregistered indexes the shared records without a ROR id, for the engine.
func (imp *importer) loadUnregistered(ctx context.Context) error {
	rows, err := imp.tx.QueryContext(ctx, `SELECT id, name, names, acronyms, aliases, website, country, city FROM organizations
		WHERE workspace_id = $1 AND ror_id IS NULL AND visibility = 'shared' ORDER BY id`, imp.a.WorkspaceID)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		r := &match.Record{}
		var names, acr, ali string
		if err := rows.Scan(&r.ID, &r.Name, &names, &acr, &ali, &r.Website, &r.Country, &r.City); err != nil {
			return err
		}
		r.Labels = append(labelsOf(names), parseList(ali)...)
		r.Acronyms = parseList(acr)
		if imp.unregistered == nil {
			imp.unregistered, imp.linkedOnce = match.NewIndex(), map[int64]bool{}
		}
		imp.unregistered.Add(r)
	}
	return rows.Err()
}

// unregisteredMatch returns the record without a ROR id that o is, if the engine is
// sure of one that no other record of this import took.
func (imp *importer) unregisteredMatch(o *passerelle.Organization) (int64, bool) {
	if imp.unregistered == nil {
		return 0, false
	}
	m := imp.unregistered.Match(queryOf(o))
	if m.Decision != match.Same || imp.linkedOnce[m.Best.ID] {
		return 0, false
	}
	imp.linkedOnce[m.Best.ID] = true
	return m.Best.ID, true
}

func (imp *importer) one(ctx context.Context, item *passerelle.OrgImportItem) error {
	tx, a, res, o := imp.tx, imp.a, imp.res, item.Organization
	if imp.freshSet[o.RORID] {
		// The same record twice in one file: the second is an update of the first.
		if err := imp.flushFresh(ctx); err != nil {
			return err
		}
	}
	id, exists := imp.known[o.RORID]
	if !exists {
		// A record entered by hand (no ROR id) that the engine finds to be this
		// one gets the ROR id and the registry's fields, instead of a second record.
		if id, exists = imp.unregisteredMatch(o); exists {
			imp.known[o.RORID] = id
			imp.res.Linked++
		}
	}
	if !exists {
		o.Visibility, o.OwnerMemberID = passerelle.VisibilityShared, 0
		if imp.freshSet == nil {
			imp.freshSet = map[string]bool{}
		}
		imp.fresh = append(imp.fresh, item)
		imp.freshSet[o.RORID] = true
		if len(imp.fresh) >= 200 {
			return imp.flushFresh(ctx)
		}
		return nil
	}
	old, err := findOrg(ctx, tx, a, id)
	if err != nil {
		return err
	}
	if err := loadOrgThemes(ctx, tx, a.WorkspaceID, []*passerelle.Organization{old}); err != nil {
		return err
	}
	// The registry owns its fields; what users added (themes, tags, identifiers,
	// description, visibility) stays.
	merged := *old
	if merged.RORID == "" {
		merged.RORID = o.RORID
	}
	merged.Kind, merged.Name, merged.Names, merged.Acronyms, merged.Aliases = o.Kind, o.Name, o.Names, o.Acronyms, o.Aliases
	merged.Website, merged.Country, merged.City, merged.Lat, merged.Lng, merged.Established = o.Website, o.Country, o.City, o.Lat, o.Lng, o.Established
	changes := diff(orgFields(old), orgFields(&merged))
	if len(changes) == 0 {
		res.Unchanged++
	} else {
		if err := updateOrg(ctx, tx, a, &merged, old); err != nil {
			return err
		}
		b, err := json.Marshal(changes)
		if err != nil {
			return err
		}
		if err := imp.addAudit(ctx, auditRow{action: "import", id: old.ID, summary: merged.Name, changes: string(b), vis: merged.Visibility, owner: merged.OwnerMemberID}); err != nil {
			return err
		}
		res.Updated++
	}
	return imp.links(ctx, old.ID, item.Links, false)
}

// links makes the registry's links of one organisation equal to want: new ones in one
// multi-row insert, each resolved to its target when the target is already known.
func (imp *importer) links(ctx context.Context, fromID int64, want []*passerelle.OrgLink, isNew bool) error {
	tx, a := imp.tx, imp.a
	have := map[string]int64{}
	if !isNew {
		if err := readLinks(ctx, tx, a, fromID, have); err != nil {
			return err
		}
	}
	seen := map[string]bool{}
	var add []*passerelle.OrgLink
	for _, l := range want {
		key := string(l.Kind) + " " + l.ToRef
		if !l.Kind.Valid() || l.ToRef == "" || seen[key] {
			continue // a record may list the same relation twice
		}
		seen[key] = true
		if _, ok := have[key]; ok {
			delete(have, key)
			continue
		}
		add = append(add, l)
	}
	for _, l := range add {
		l.FromID = fromID
	}
	imp.pendingLinks = append(imp.pendingLinks, add...)
	if len(imp.pendingLinks) >= 200 {
		if err := imp.flushLinks(ctx); err != nil {
			return err
		}
	}
	for _, id := range have {
		if _, err := tx.ExecContext(ctx, `DELETE FROM org_links WHERE workspace_id = $1 AND id = $2`, a.WorkspaceID, id); err != nil {
			return err
		}
	}
	return nil
}

// flushFresh inserts the waiting new organisations in one statement, then their keys,
// audit entries and links.
func (imp *importer) flushFresh(ctx context.Context) error {
	if len(imp.fresh) == 0 {
		return nil
	}
	tx, a := imp.tx, imp.a
	w := &where{}
	ws, now := w.arg(a.WorkspaceID), w.arg(tx.now)
	rows := make([]string, 0, len(imp.fresh))
	keys := map[string]string{}
	idCol := ""
	if tx.db.Dialect != Postgres {
		idCol = "id, "
	}
	for _, it := range imp.fresh {
		o := it.Organization
		o.WorkspaceID, o.CreatedAt, o.UpdatedAt = a.WorkspaceID, tx.now, tx.now
		doc, k, nameKey := orgSearchText(o)
		keys[o.RORID] = k
		vals := []string{ws}
		if idCol != "" {
			id, err := imp.ids.next(ctx, tx)
			if err != nil {
				return err
			}
			vals = append([]string{w.arg(id)}, vals...)
		}
		for _, v := range []any{string(o.Kind), o.Name, jsonNames(o.Names), jsonList(o.Acronyms), jsonList(o.Aliases), o.RORID,
			o.Website, o.Country, o.City, o.Lat, o.Lng, jsonList(o.Tags), o.Description, o.Established, o.Fictional,
			string(o.Visibility), doc, k, nameKey} {
			vals = append(vals, w.arg(v))
		}
		rows = append(rows, "("+strings.Join(vals, ", ")+", "+now+", "+now+")")
	}
	q := `INSERT INTO organizations (` + idCol + `workspace_id, kind, name, names, acronyms, aliases, ror_id, website, country, city, lat, lng,
		tags, description, established, fictional, visibility, search_doc, match_keys, name_key, created_at, updated_at)
		VALUES ` + strings.Join(rows, ", ") + ` RETURNING id, ror_id`
	rs, err := tx.QueryContext(ctx, q, w.args...)
	if err != nil {
		return classify(err, "organisation")
	}
	// RETURNING order is not guaranteed (SQLite says so): match rows by ROR id.
	for rs.Next() {
		var id int64
		var ror string
		if err := rs.Scan(&id, &ror); err != nil {
			rs.Close()
			return err
		}
		imp.known[ror] = id
	}
	rs.Close()
	if err := rs.Err(); err != nil {
		return err
	}
	kw := &where{}
	kws := kw.arg(a.WorkspaceID)
	var krows []string
	for _, it := range imp.fresh {
		o := it.Organization
		o.ID = imp.known[o.RORID]
		for _, k := range strings.Split(strings.Trim(keys[o.RORID], "|"), "|") {
			if k != "" && len(k) <= 200 {
				krows = append(krows, "("+kws+", "+kw.arg(k)+", "+kw.arg(o.ID)+")")
			}
		}
		if err := imp.addAudit(ctx, auditRow{action: "import", id: o.ID, summary: o.Name, vis: o.Visibility}); err != nil {
			return err
		}
		imp.res.Created++
		if len(o.Themes) > 0 { // registries have none; other importers may
			if err := checkThemes(ctx, tx, a.WorkspaceID, o.Themes); err != nil {
				return err
			}
			if err := setOrgThemes(ctx, tx, o); err != nil {
				return err
			}
		}
	}
	if len(krows) > 0 {
		if _, err := tx.ExecContext(ctx, `INSERT INTO org_keys (workspace_id, key, organization_id) VALUES `+strings.Join(krows, ", ")+
			` ON CONFLICT DO NOTHING`, kw.args...); err != nil {
			return err
		}
	}
	for _, it := range imp.fresh {
		if err := imp.links(ctx, it.Organization.ID, it.Links, true); err != nil {
			return err
		}
	}
	imp.fresh, imp.freshSet = imp.fresh[:0], nil
	return imp.flushLinks(ctx)
}

// flushLinks inserts the waiting links in multi-row statements, each resolved to its
// target when the target is already known.
func (imp *importer) flushLinks(ctx context.Context) error {
	for len(imp.pendingLinks) > 0 {
		n := min(len(imp.pendingLinks), 200)
		w := &where{}
		ws, now, src := w.arg(imp.a.WorkspaceID), w.arg(imp.tx.now), w.arg("ror")
		rows := make([]string, 0, n)
		for _, l := range imp.pendingLinks[:n] {
			var to any
			if id, ok := imp.known[l.ToRef]; ok {
				to = id
			}
			rows = append(rows, fmt.Sprintf("(%s, %s, %s, %s, %s, %s, '', '', %s, %s)", ws, w.arg(string(l.Kind)), w.arg(l.FromID), w.arg(to),
				w.arg(l.ToRef), w.arg(l.ToLabel), src, now))
		}
		if _, err := imp.tx.ExecContext(ctx, `INSERT INTO org_links (workspace_id, kind, from_id, to_id, to_ref, to_label, start_date, end_date, source, created_at) VALUES `+
			strings.Join(rows, ", "), w.args...); err != nil {
			return classify(err, "link")
		}
		imp.res.LinksAdded += n
		imp.pendingLinks = imp.pendingLinks[n:]
	}
	return nil
}

func (imp *importer) addAudit(ctx context.Context, r auditRow) error {
	if r.changes == "" {
		r.changes = "{}"
	}
	imp.audit = append(imp.audit, r)
	if len(imp.audit) >= 200 {
		return imp.flushAudit(ctx)
	}
	return nil
}

func (imp *importer) flushAudit(ctx context.Context) error {
	if len(imp.audit) == 0 {
		return nil
	}
	w := &where{}
	ws, at, user := w.arg(imp.a.WorkspaceID), w.arg(imp.tx.now), w.arg(nullID(imp.a.UserID))
	rows := make([]string, 0, len(imp.audit))
	for _, r := range imp.audit {
		rows = append(rows, fmt.Sprintf("(%s, %s, %s, %s, 'organization', %s, %s, %s, %s, %s)", ws, at, user, w.arg(r.action),
			w.arg(r.id), w.arg(r.summary), w.arg(r.changes), w.arg(string(r.vis)), w.arg(nullID(r.owner))))
	}
	_, err := imp.tx.ExecContext(ctx, `INSERT INTO audit_log (workspace_id, at, user_id, action, entity, entity_id, summary, changes, visibility, owner_member_id) VALUES `+
		strings.Join(rows, ", "), w.args...)
	imp.audit = imp.audit[:0]
	return err
}

// finish writes the last audit entries and points every link still waiting for a target
// that has arrived during the import.
func (imp *importer) finish(ctx context.Context) error {
	if err := imp.flushFresh(ctx); err != nil {
		return err
	}
	if err := imp.flushLinks(ctx); err != nil {
		return err
	}
	if err := imp.flushAudit(ctx); err != nil {
		return err
	}
	// The planner must know how many organisations this import added: with the
	// statistics of nearly empty tables it resolves the links below by reading the
	// workspace's organisations once per link instead of probing the ROR id index.
	if err := imp.tx.analyze(ctx, "organizations, org_links"); err != nil {
		return err
	}
	// A ROR id resolves to the shared record that has it (unique), never to a member's
	// private one.
	_, err := imp.tx.ExecContext(ctx, `UPDATE org_links SET to_id = (SELECT o.id FROM organizations o
			WHERE o.workspace_id = org_links.workspace_id AND o.ror_id = org_links.to_ref AND o.visibility = 'shared')
		WHERE workspace_id = $1 AND to_id IS NULL AND EXISTS (SELECT 1 FROM organizations o
			WHERE o.workspace_id = org_links.workspace_id AND o.ror_id = org_links.to_ref AND o.visibility = 'shared')`, imp.a.WorkspaceID)
	return err
}

// readLinks reads the registry's links of an organisation, by kind and reference.
func readLinks(ctx context.Context, tx *Tx, a *passerelle.Actor, fromID int64, have map[string]int64) error {
	rows, err := tx.QueryContext(ctx, `SELECT id, kind, COALESCE(to_ref, '') FROM org_links WHERE workspace_id = $1 AND from_id = $2 AND source = 'ror'`,
		a.WorkspaceID, fromID)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var kind, ref string
		if err := rows.Scan(&id, &kind, &ref); err != nil {
			return err
		}
		have[kind+" "+ref] = id
	}
	return rows.Err()
}
