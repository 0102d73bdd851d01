package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"passerelle"
)

// OrganizationService implements passerelle.OrganizationService.
type OrganizationService struct{ db *DB }

func NewOrganizationService(db *DB) *OrganizationService { return &OrganizationService{db: db} }

const orgColumns = `o.id, o.workspace_id, o.kind, o.name, o.names, o.acronyms, o.aliases, COALESCE(o.ror_id, ''),
	o.siren, o.siret, o.vat, o.pic, o.website, o.country, o.city, o.lat, o.lng, o.tags, o.description,
	o.established, o.fictional, o.visibility, o.owner_member_id, o.created_at, o.updated_at, o.version`

func scanOrg(sc interface{ Scan(...any) error }, extra ...any) (*passerelle.Organization, error) {
	o := &passerelle.Organization{}
	var names, acr, ali, tags, kind, vis string
	var lat, lng sql.NullFloat64
	var owner sql.NullInt64
	dest := []any{&o.ID, &o.WorkspaceID, &kind, &o.Name, &names, &acr, &ali, &o.RORID,
		&o.SIREN, &o.SIRET, &o.VAT, &o.PIC, &o.Website, &o.Country, &o.City, &lat, &lng, &tags, &o.Description,
		&o.Established, &o.Fictional, &vis, &owner, &o.CreatedAt, &o.UpdatedAt, &o.Version}
	if err := sc.Scan(append(dest, extra...)...); err != nil {
		return nil, err
	}
	o.Kind, o.Visibility, o.OwnerMemberID = passerelle.OrgKind(kind), passerelle.Visibility(vis), owner.Int64
	if names != "[]" {
		_ = json.Unmarshal([]byte(names), &o.Names)
	}
	o.Acronyms, o.Aliases, o.Tags = parseList(acr), parseList(ali), parseList(tags)
	if lat.Valid {
		o.Lat = &lat.Float64
	}
	if lng.Valid {
		o.Lng = &lng.Float64
	}
	return o, nil
}

// orgFields is the flat view of an organisation that the audit log compares.
func orgFields(o *passerelle.Organization) map[string]any {
	f := func(p *float64) any {
		if p == nil {
			return nil
		}
		return *p
	}
	names := make([]string, 0, len(o.Names))
	for _, n := range o.Names {
		names = append(names, n.Lang+":"+n.Value)
	}
	return map[string]any{
		"kind": string(o.Kind), "name": o.Name, "names": strings.Join(names, "; "),
		"acronyms": strings.Join(o.Acronyms, "; "), "aliases": strings.Join(o.Aliases, "; "),
		"ror_id": o.RORID, "siren": o.SIREN, "siret": o.SIRET, "vat": o.VAT, "pic": o.PIC, "website": o.Website,
		"country": o.Country, "city": o.City, "lat": f(o.Lat), "lng": f(o.Lng),
		"themes": strings.Join(o.Themes, "; "), "tags": strings.Join(o.Tags, "; "),
		"description": o.Description, "established": o.Established, "visibility": string(o.Visibility),
	}
}

// searchText returns the folded text that the full-text index holds, the exact-match
// keys (each folded name between bars) and the sort key.
func orgSearchText(o *passerelle.Organization) (doc, keys, nameKey string) {
	var d, k strings.Builder
	d.WriteString(wsToken(o.WorkspaceID))
	d.WriteByte(' ')
	k.WriteByte('|')
	seen := map[string]bool{}
	for _, n := range o.AllNames() {
		f := passerelle.Fold(n)
		if f == "" || seen[f] {
			continue
		}
		seen[f] = true
		d.WriteString(f)
		d.WriteByte(' ')
		k.WriteString(f)
		k.WriteByte('|')
	}
	for _, s := range append([]string{o.City}, o.Tags...) {
		if f := passerelle.Fold(s); f != "" {
			d.WriteString(f)
			d.WriteByte(' ')
		}
	}
	return strings.TrimSpace(d.String()), k.String(), passerelle.Fold(o.Name)
}

func jsonNames(n []passerelle.LocalizedName) string {
	if len(n) == 0 {
		return "[]"
	}
	b, _ := json.Marshal(n)
	return string(b)
}

func (s *OrganizationService) FindOrganizationByID(ctx context.Context, id int64) (*passerelle.Organization, error) {
	a, err := passerelle.RequireActor(ctx)
	if err != nil {
		return nil, err
	}
	o, err := findOrg(ctx, s.db.read, a, id)
	if err != nil {
		return nil, err
	}
	if err := loadOrgThemes(ctx, s.db.read, a.WorkspaceID, []*passerelle.Organization{o}); err != nil {
		return nil, err
	}
	return o, nil
}

// OrganizationNames names, in one query, the organisations of ids that the actor may
// see; the others are left out, as missing ones: a page that lists many records' links
// (the opportunity board's cards) names them so rather than one read each.
func (s *OrganizationService) OrganizationNames(ctx context.Context, ids []int64) (map[int64]string, error) {
	a, err := passerelle.RequireActor(ctx)
	if err != nil {
		return nil, err
	}
	out := map[int64]string{}
	for len(ids) > 0 {
		chunk := ids[:min(len(ids), 500)]
		ids = ids[len(chunk):]
		w := &where{}
		w.add("o.id IN (" + idList(chunk) + ")")
		w.scopeByID(a, "o")
		rows, err := s.db.read.QueryContext(ctx, `SELECT o.id, o.name FROM organizations o`+w.String(), w.args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var id int64
			var name string
			if err := rows.Scan(&id, &name); err != nil {
				rows.Close()
				return nil, err
			}
			out[id] = name
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// findOrg reads one organisation the actor may see; others are "not found", so that
// their existence does not leak.
func findOrg(ctx context.Context, q queryer, a *passerelle.Actor, id int64) (*passerelle.Organization, error) {
	w := &where{}
	w.scope(a, "o")
	w.add("o.id = ?", id)
	o, err := scanOrg(q.QueryRowContext(ctx, `SELECT `+orgColumns+` FROM organizations o`+w.String(), w.args...))
	if err != nil {
		return nil, classify(err, fmt.Sprintf("organisation %d", id))
	}
	return o, nil
}

func loadOrgThemes(ctx context.Context, q queryer, ws int64, orgs []*passerelle.Organization) error {
	if len(orgs) == 0 {
		return nil
	}
	w := &where{}
	w.add("workspace_id = ?", ws)
	idx := map[int64]*passerelle.Organization{}
	ph := make([]string, 0, len(orgs))
	for _, o := range orgs {
		idx[o.ID] = o
		ph = append(ph, w.arg(o.ID))
	}
	rows, err := q.QueryContext(ctx, `SELECT organization_id, theme_code FROM organization_themes`+w.String()+
		` AND organization_id IN (`+strings.Join(ph, ",")+`) ORDER BY theme_code`, w.args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var code string
		if err := rows.Scan(&id, &code); err != nil {
			return err
		}
		idx[id].Themes = append(idx[id].Themes, code)
	}
	return rows.Err()
}

// FindOrganizations returns one page and the total number of matches.
func (s *OrganizationService) FindOrganizations(ctx context.Context, f passerelle.OrganizationFilter) ([]*passerelle.Organization, int, error) {
	a, err := passerelle.RequireActor(ctx)
	if err != nil {
		return nil, 0, err
	}
	w := &where{}
	w.scope(a, "o")
	if f.Country != "" {
		w.add("o.country = ?", strings.ToUpper(f.Country))
	}
	if f.Kind != "" {
		w.add("o.kind = ?", string(f.Kind))
	}
	if f.RORID != "" {
		w.add("o.ror_id = ?", passerelle.NormalizeROR(f.RORID))
	}
	if f.Theme != "" {
		w.add(`EXISTS (SELECT 1 FROM organization_themes t WHERE t.workspace_id = o.workspace_id AND t.organization_id = o.id
			AND (t.theme_code = ? OR t.theme_code LIKE ?))`, f.Theme, f.Theme+".%")
	}
	with, from, order := "", "organizations o", "o.name_key, o.id"
	if terms := passerelle.SearchTerms(f.Query); len(terms) > 0 {
		with, from = s.db.textCandidates(w, "organizations", "o", a.WorkspaceID, terms, "org_keys", "organization_id")
		// Exact names and acronyms first, then names that start with the query, then the rest
		// by name: the same order on both databases.
		order = "CASE WHEN o.match_keys LIKE " + w.arg("%|"+strings.Join(terms, " ")+"|%") +
			" THEN 0 WHEN o.name_key LIKE " + w.arg(strings.Join(terms, " ")+"%") + " THEN 1 ELSE 2 END, o.name_key, o.id"
	}
	q := with + `SELECT ` + orgColumns + `, COUNT(*) OVER() FROM ` + from + w.String() + ` ORDER BY ` + order +
		fmt.Sprintf(` LIMIT %d OFFSET %d`, limitOf(f.Limit, 50, 1000), max(f.Offset, 0))
	rows, err := s.db.read.QueryContext(ctx, q, w.args...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []*passerelle.Organization
	total := 0
	for rows.Next() {
		o, err := scanOrg(rows, &total)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, o)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	if len(out) == 0 && f.Offset > 0 {
		// The page is past the end: count without it so callers still learn the total.
		return nil, 0, nil
	}
	return out, total, loadOrgThemes(ctx, s.db.read, a.WorkspaceID, out)
}

// EachOrganization calls fn with the organisations the actor may see, batch by batch in
// name order. It walks by keyset (name_key, id): an export that paged by offset wrote a
// record twice, or skipped one, when another was created or deleted before its page.
func (s *OrganizationService) EachOrganization(ctx context.Context, batch int, fn func([]*passerelle.Organization) error) error {
	a, err := passerelle.RequireActor(ctx)
	if err != nil {
		return err
	}
	return eachByName(ctx, s.db.read, a, "organizations", "o", orgColumns, batch,
		func(rows *sql.Rows, key *string) (*passerelle.Organization, int64, error) {
			o, err := scanOrg(rows, key)
			if err != nil {
				return nil, 0, err
			}
			return o, o.ID, nil
		},
		func(list []*passerelle.Organization) error {
			if err := loadOrgThemes(ctx, s.db.read, a.WorkspaceID, list); err != nil {
				return err
			}
			return fn(list)
		})
}

// eachByName walks the rows of table (alias al, columns cols) that the actor may see by
// keyset (name_key, id), batch by batch, scanning each with scan (which also reads the
// trailing name_key into key) and handing each batch to fn.
func eachByName[T any](ctx context.Context, q queryer, a *passerelle.Actor, table, al, cols string, batch int,
	scan func(rows *sql.Rows, key *string) (T, int64, error), fn func([]T) error) error {
	batch = limitOf(batch, 1000, 1000)
	var lastKey string
	var lastID int64
	for first := true; ; first = false {
		w := &where{}
		w.scope(a, al)
		if !first {
			k, i := w.arg(lastKey), w.arg(lastID)
			w.conds = append(w.conds, "("+al+".name_key > "+k+" OR ("+al+".name_key = "+k+" AND "+al+".id > "+i+"))")
		}
		rows, err := q.QueryContext(ctx, `SELECT `+cols+`, `+al+`.name_key FROM `+table+` `+al+w.String()+
			fmt.Sprintf(` ORDER BY %s.name_key, %s.id LIMIT %d`, al, al, batch), w.args...)
		if err != nil {
			return err
		}
		var list []T
		for rows.Next() {
			x, id, err := scan(rows, &lastKey)
			if err != nil {
				rows.Close()
				return err
			}
			list, lastID = append(list, x), id
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if len(list) == 0 {
			return nil
		}
		if err := fn(list); err != nil {
			return err
		}
		if len(list) < batch {
			return nil
		}
	}
}

// checkThemes verifies that every theme code exists in the workspace.
func checkThemes(ctx context.Context, q queryer, ws int64, codes []string) error {
	for _, c := range codes {
		var n int
		if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM themes WHERE workspace_id = $1 AND code = $2`, ws, c).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return passerelle.FieldError("themes", "unknown theme %q", c)
		}
	}
	return nil
}

// prepareOwnership sets the owner of a new record from the actor.
func prepareOwnership(a *passerelle.Actor, vis passerelle.Visibility, owner *int64) error {
	if vis == passerelle.VisibilityShared {
		*owner = 0
		return nil
	}
	if !a.System {
		*owner = a.MemberID
	}
	if *owner == 0 {
		return passerelle.FieldError("visibility", "a private record needs a member to own it")
	}
	return nil
}

// narrowest returns the visibility of an audit entry that names two records: private
// (with its owner) if either is.
func narrowest(v1 passerelle.Visibility, o1 int64, v2 passerelle.Visibility, o2 int64) (passerelle.Visibility, int64) {
	if v1 == passerelle.VisibilityPrivate {
		return v1, o1
	}
	if v2 == passerelle.VisibilityPrivate {
		return v2, o2
	}
	return passerelle.VisibilityShared, 0
}

// canEdit reports whether the actor may change a record it can see. Private records
// are changed only by their member; shared ones by any writer.
func canEdit(a *passerelle.Actor, vis passerelle.Visibility, owner int64) error {
	if a.System {
		return nil
	}
	if !a.Role.CanWrite() {
		return passerelle.Errorf(passerelle.EFORBIDDEN, "your role does not allow changes")
	}
	if vis == passerelle.VisibilityPrivate && owner != a.MemberID {
		return passerelle.Errorf(passerelle.EFORBIDDEN, "this record belongs to another member")
	}
	return nil
}

func (s *OrganizationService) CreateOrganization(ctx context.Context, o *passerelle.Organization) error {
	a, err := passerelle.RequireWriter(ctx)
	if err != nil {
		return err
	}
	if err := o.Validate(); err != nil {
		return err
	}
	if err := prepareOwnership(a, o.Visibility, &o.OwnerMemberID); err != nil {
		return err
	}
	o.Version = 1 // the column's default
	return s.db.inTx(ctx, func(tx *Tx) error {
		if err := createOrg(ctx, tx, a, o); err != nil {
			return err
		}
		if err := writeAudit(ctx, tx, a, "create", "organization", o.ID, o.Name, diff(nil, orgFields(o)), o.Visibility, o.OwnerMemberID); err != nil {
			return err
		}
		return nil
	})
}

func createOrg(ctx context.Context, tx *Tx, a *passerelle.Actor, o *passerelle.Organization) error {
	o.ID = 0 // a new record never chooses its id (an API body may carry one)
	return insertOrg(ctx, tx, a, o, true)
}

// insertOrg inserts an organisation; with resolve, links waiting for its ROR id point to it
// at once (an import resolves them all at the end instead).
func insertOrg(ctx context.Context, tx *Tx, a *passerelle.Actor, o *passerelle.Organization, resolve bool) error {
	if err := checkThemes(ctx, tx, a.WorkspaceID, o.Themes); err != nil {
		return err
	}
	o.WorkspaceID, o.CreatedAt, o.UpdatedAt = a.WorkspaceID, tx.now, tx.now
	doc, keys, nameKey := orgSearchText(o)
	// An id given is kept (an undone merge puts the record back under its own id, which
	// the other members' links and bookmarks name); otherwise the database gives one.
	idCol, idVal := "", ""
	args := []any{o.WorkspaceID, string(o.Kind), o.Name, jsonNames(o.Names), jsonList(o.Acronyms), jsonList(o.Aliases), nullString(o.RORID),
		o.SIREN, o.SIRET, o.VAT, o.PIC, o.Website, o.Country, o.City, o.Lat, o.Lng, jsonList(o.Tags), o.Description,
		o.Established, o.Fictional, string(o.Visibility), nullID(o.OwnerMemberID), doc, keys, nameKey, o.CreatedAt}
	id := o.ID
	if id == 0 {
		last, err := tx.lastRecordID(ctx, "organizations", "organization", o.WorkspaceID)
		if err != nil {
			return err
		}
		if last > 0 {
			id = last + 1
		}
	}
	if id > 0 {
		idCol, idVal = "id, ", "$27, "
		args = append(args, id)
	}
	err := tx.QueryRowContext(ctx, `INSERT INTO organizations (`+idCol+`workspace_id, kind, name, names, acronyms, aliases, ror_id,
		siren, siret, vat, pic, website, country, city, lat, lng, tags, description, established, fictional,
		visibility, owner_member_id, search_doc, match_keys, name_key, created_at, updated_at)
		VALUES (`+idVal+`$1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $26)
		RETURNING id`, args...).Scan(&o.ID)
	if err != nil {
		if passerelle.ErrorCode(classify(err, "")) == passerelle.ECONFLICT {
			return passerelle.FieldError("ror_id", "another organisation has the ROR id %s", o.RORID)
		}
		return classify(err, "organisation")
	}
	for _, c := range o.Themes {
		if _, err := tx.ExecContext(ctx, `INSERT INTO organization_themes (workspace_id, organization_id, theme_code) VALUES ($1, $2, $3)`,
			o.WorkspaceID, o.ID, c); err != nil {
			return classify(err, "theme "+c)
		}
	}
	if err := setOrgKeys(ctx, tx, o, keys, false); err != nil {
		return err
	}
	// Links that pointed at this organisation by its ROR id before it existed now resolve
	// (to the shared record: a ROR id may also be on members' private ones).
	if resolve && o.RORID != "" && o.Visibility == passerelle.VisibilityShared {
		if _, err := tx.ExecContext(ctx, `UPDATE org_links SET to_id = $1 WHERE workspace_id = $2 AND to_id IS NULL AND to_ref = $3`,
			o.ID, o.WorkspaceID, o.RORID); err != nil {
			return err
		}
	}
	return nil
}

// setOrgKeys stores the exact keys (the bar-separated match keys) of an organisation.
func setOrgKeys(ctx context.Context, tx *Tx, o *passerelle.Organization, keys string, replace bool) error {
	if replace {
		if _, err := tx.ExecContext(ctx, `DELETE FROM org_keys WHERE workspace_id = $1 AND organization_id = $2`, o.WorkspaceID, o.ID); err != nil {
			return err
		}
	}
	w := &where{}
	ws, id := w.arg(o.WorkspaceID), w.arg(o.ID)
	var rows []string
	for _, k := range strings.Split(strings.Trim(keys, "|"), "|") {
		if k != "" && len(k) <= 200 {
			rows = append(rows, "("+ws+", "+w.arg(k)+", "+id+")")
		}
	}
	if len(rows) == 0 {
		return nil
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO org_keys (workspace_id, key, organization_id) VALUES `+strings.Join(rows, ", ")+
		` ON CONFLICT DO NOTHING`, w.args...)
	return err
}

func setOrgThemes(ctx context.Context, tx *Tx, o *passerelle.Organization) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM organization_themes WHERE workspace_id = $1 AND organization_id = $2`, o.WorkspaceID, o.ID); err != nil {
		return err
	}
	for _, c := range o.Themes {
		if _, err := tx.ExecContext(ctx, `INSERT INTO organization_themes (workspace_id, organization_id, theme_code) VALUES ($1, $2, $3)`,
			o.WorkspaceID, o.ID, c); err != nil {
			return classify(err, "theme "+c)
		}
	}
	return nil
}

func (s *OrganizationService) UpdateOrganization(ctx context.Context, o *passerelle.Organization) error {
	err := s.db.update(ctx, func(tx *Tx, a *passerelle.Actor) error {
		if err := o.Validate(); err != nil {
			return err
		}
		if err := tx.lockRow(ctx, "organizations", a.WorkspaceID, o.ID); err != nil {
			return err
		}
		old, err := findOrg(ctx, tx, a, o.ID)
		if err != nil {
			return err
		}
		if err := loadOrgThemes(ctx, tx, a.WorkspaceID, []*passerelle.Organization{old}); err != nil {
			return err
		}
		if err := canEdit(a, old.Visibility, old.OwnerMemberID); err != nil {
			return err
		}
		if err := checkVersion(o.Version, old.Version); err != nil {
			return err
		}
		if err := canChangeVisibility(a, old.Visibility, o.Visibility, old.OwnerMemberID); err != nil {
			return err
		}
		// Ownership moves only with visibility: a record made private belongs to the
		// member of whoever made it so; making it shared again keeps no owner.
		if o.OwnerMemberID, err = newOwner(a, old.Visibility, o.Visibility, old.OwnerMemberID); err != nil {
			return err
		}
		if err := checkThemes(ctx, tx, a.WorkspaceID, o.Themes); err != nil {
			return err
		}
		changes := diff(orgFields(old), orgFields(o))
		if len(changes) == 0 {
			*o = *old
			return nil
		}
		if err := updateOrg(ctx, tx, a, o, old); err != nil {
			return err
		}
		if o.Visibility != old.Visibility {
			if err := reindexAgreementsNaming(ctx, tx, a.WorkspaceID, o.ID); err != nil {
				return err
			}
		}
		return auditUpdate(ctx, tx, a, "organization", o.ID, old.Name, o.Name, changes, o.Visibility, o.OwnerMemberID)
	})
	return withCurrent(err, func() (*passerelle.Organization, error) { return s.FindOrganizationByID(ctx, o.ID) })
}

func updateOrg(ctx context.Context, tx *Tx, a *passerelle.Actor, o, old *passerelle.Organization) error {
	o.WorkspaceID, o.CreatedAt, o.UpdatedAt, o.Fictional = a.WorkspaceID, old.CreatedAt, tx.now, old.Fictional
	var err error
	if o.Version, err = bumpVersion(ctx, tx, "organizations", a.WorkspaceID, o.ID, old.Version); err != nil {
		return err
	}
	doc, keys, nameKey := orgSearchText(o)
	_, err = tx.ExecContext(ctx, `UPDATE organizations SET kind = $1, name = $2, names = $3, acronyms = $4, aliases = $5, ror_id = $6,
		siren = $7, siret = $8, vat = $9, pic = $10, website = $11, country = $12, city = $13, lat = $14, lng = $15, tags = $16,
		description = $17, established = $18, visibility = $19, owner_member_id = $20, search_doc = $21, match_keys = $22,
		name_key = $23, updated_at = $24 WHERE workspace_id = $25 AND id = $26`,
		string(o.Kind), o.Name, jsonNames(o.Names), jsonList(o.Acronyms), jsonList(o.Aliases), nullString(o.RORID),
		o.SIREN, o.SIRET, o.VAT, o.PIC, o.Website, o.Country, o.City, o.Lat, o.Lng, jsonList(o.Tags),
		o.Description, o.Established, string(o.Visibility), nullID(o.OwnerMemberID), doc, keys, nameKey, o.UpdatedAt,
		o.WorkspaceID, o.ID)
	if err != nil {
		if passerelle.ErrorCode(classify(err, "")) == passerelle.ECONFLICT {
			return passerelle.FieldError("ror_id", "another organisation has the ROR id %s", o.RORID)
		}
		return classify(err, "organisation")
	}
	if err := setOrgKeys(ctx, tx, o, keys, true); err != nil {
		return err
	}
	if strings.Join(o.Themes, "|") != strings.Join(old.Themes, "|") {
		if err := setOrgThemes(ctx, tx, o); err != nil {
			return err
		}
	}
	if o.RORID != "" && o.RORID != old.RORID && o.Visibility == passerelle.VisibilityShared {
		if _, err := tx.ExecContext(ctx, `UPDATE org_links SET to_id = $1 WHERE workspace_id = $2 AND to_id IS NULL AND to_ref = $3`,
			o.ID, o.WorkspaceID, o.RORID); err != nil {
			return err
		}
	}
	return nil
}

func (s *OrganizationService) DeleteOrganization(ctx context.Context, id int64) error {
	return s.db.update(ctx, func(tx *Tx, a *passerelle.Actor) error {
		old, err := findOrg(ctx, tx, a, id)
		if err != nil {
			return err
		}
		if err := canEdit(a, old.Visibility, old.OwnerMemberID); err != nil {
			return err
		}
		// Say which agreements still name it, rather than the foreign key's bare refusal.
		if err := partnerConflict(ctx, tx, a, id, old.Name); err != nil {
			return err
		}
		if err := loadOrgThemes(ctx, tx, a.WorkspaceID, []*passerelle.Organization{old}); err != nil {
			return err
		}
		if err := toBin(ctx, tx, a, "organization", id, old.Name, old.Visibility, old.OwnerMemberID, &binData{Organization: old}); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM organizations WHERE workspace_id = $1 AND id = $2`, a.WorkspaceID, id); err != nil {
			if passerelle.ErrorCode(classify(err, "")) == passerelle.EINVALID {
				// A foreign key that does not cascade: another record (an agreement's partner,
				// a member) still names this organisation.
				return passerelle.Errorf(passerelle.ECONFLICT, "%s is still named elsewhere (for example as an agreement partner or a member): remove it there first", old.Name)
			}
			return classify(err, "organisation")
		}
		if err := writeAudit(ctx, tx, a, "delete", "organization", id, old.Name, diff(orgFields(old), nil), old.Visibility, old.OwnerMemberID); err != nil {
			return err
		}
		return nil
	})
}

func (s *OrganizationService) CreateLink(ctx context.Context, l *passerelle.OrgLink) error {
	return s.db.update(ctx, func(tx *Tx, a *passerelle.Actor) error {
		if err := l.Validate(); err != nil {
			return err
		}
		from, err := findOrg(ctx, tx, a, l.FromID)
		if err != nil {
			return passerelle.FieldError("from_id", "no such organisation")
		}
		if err := canEdit(a, from.Visibility, from.OwnerMemberID); err != nil {
			return err
		}
		vis, owner := from.Visibility, from.OwnerMemberID
		if l.ToID != 0 {
			to, err := findOrg(ctx, tx, a, l.ToID)
			if err != nil {
				return passerelle.FieldError("to_id", "no such organisation")
			}
			l.ToLabel = to.Name
			if l.ToRef == "" {
				l.ToRef = to.RORID
			}
			vis, owner = narrowest(vis, owner, to.Visibility, to.OwnerMemberID)
		}
		if err := insertLink(ctx, tx, a, l); err != nil {
			return err
		}
		if err := writeAudit(ctx, tx, a, "create", "link", from.ID, fmt.Sprintf("%s %s %s", from.Name, l.Kind, l.ToLabel), nil, vis, owner); err != nil {
			return err
		}
		return nil
	})
}

func insertLink(ctx context.Context, tx *Tx, a *passerelle.Actor, l *passerelle.OrgLink) error {
	l.WorkspaceID = a.WorkspaceID
	if l.ToID == 0 && l.ToRef != "" {
		// Resolve by outside reference when the target is already here.
		var id int64
		err := tx.QueryRowContext(ctx, `SELECT id FROM organizations WHERE workspace_id = $1 AND ror_id = $2 AND visibility = 'shared'`, a.WorkspaceID, l.ToRef).Scan(&id)
		if err == nil {
			l.ToID = id
		} else if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
	}
	err := tx.QueryRowContext(ctx, `INSERT INTO org_links (workspace_id, kind, from_id, to_id, to_ref, to_label, start_date, end_date, source, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
		l.WorkspaceID, string(l.Kind), l.FromID, nullID(l.ToID), nullString(l.ToRef), l.ToLabel, l.StartDate, l.EndDate, l.Source, tx.now).Scan(&l.ID)
	return classify(err, "link")
}

func (s *OrganizationService) DeleteLink(ctx context.Context, id int64) error {
	return s.db.update(ctx, func(tx *Tx, a *passerelle.Actor) error {
		var fromID, toID int64
		var kind, label string
		if err := tx.QueryRowContext(ctx, `SELECT from_id, COALESCE(to_id, 0), kind, to_label FROM org_links WHERE workspace_id = $1 AND id = $2`, a.WorkspaceID, id).
			Scan(&fromID, &toID, &kind, &label); err != nil {
			return classify(err, "link")
		}
		from, err := findOrg(ctx, tx, a, fromID)
		if err != nil {
			return passerelle.Errorf(passerelle.ENOTFOUND, "link not found")
		}
		if err := canEdit(a, from.Visibility, from.OwnerMemberID); err != nil {
			return err
		}
		vis, owner := from.Visibility, from.OwnerMemberID
		if toID != 0 {
			// The entry names the target: it is as private as the target is.
			to, err := findOrg(ctx, tx, passerelle.SystemActor(a.WorkspaceID), toID)
			if err != nil {
				return err
			}
			vis, owner = narrowest(vis, owner, to.Visibility, to.OwnerMemberID)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM org_links WHERE workspace_id = $1 AND id = $2`, a.WorkspaceID, id); err != nil {
			return err
		}
		if err := writeAudit(ctx, tx, a, "delete", "link", from.ID, fmt.Sprintf("%s %s %s", from.Name, kind, label), nil, vis, owner); err != nil {
			return err
		}
		return nil
	})
}

// FindLinks returns the links of an organisation, both directions, each seen from it.
func (s *OrganizationService) FindLinks(ctx context.Context, orgID int64) ([]*passerelle.OrgLink, error) {
	a, err := passerelle.RequireActor(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := findOrg(ctx, s.db.read, a, orgID); err != nil {
		return nil, err
	}
	w := &where{}
	w.add("l.workspace_id = ?", a.WorkspaceID)
	me := w.arg(orgID)
	w.conds = append(w.conds, "(l.from_id = "+me+" OR l.to_id = "+me+")")
	if !a.System {
		w.add("(o.id IS NULL OR o.visibility = 'shared' OR o.owner_member_id = ?)", a.MemberID)
	}
	rows, err := s.db.read.QueryContext(ctx, `SELECT l.id, l.kind, l.from_id, COALESCE(l.to_id, 0), COALESCE(l.to_ref, ''), l.to_label,
		l.start_date, l.end_date, l.source, COALESCE(o.id, 0), COALESCE(o.name, ''), COALESCE(o.kind, ''), COALESCE(o.country, '')
		FROM org_links l LEFT JOIN organizations o ON o.workspace_id = l.workspace_id
			AND o.id = CASE WHEN l.from_id = `+me+` THEN l.to_id ELSE l.from_id END`+w.String()+` ORDER BY l.id`, w.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*passerelle.OrgLink
	seen := map[string]bool{}
	for rows.Next() {
		l := &passerelle.OrgLink{WorkspaceID: a.WorkspaceID}
		var kind, okind string
		var other passerelle.OrgSummary
		if err := rows.Scan(&l.ID, &kind, &l.FromID, &l.ToID, &l.ToRef, &l.ToLabel, &l.StartDate, &l.EndDate, &l.Source,
			&other.ID, &other.Name, &okind, &other.Country); err != nil {
			return nil, err
		}
		l.Kind = passerelle.LinkKind(kind)
		l.ViewKind = l.Kind
		if l.FromID != orgID {
			l.ViewKind = l.Kind.Inverse()
		}
		if other.ID != 0 {
			other.Kind = passerelle.OrgKind(okind)
			l.Other = &other
		}
		// A relation stated by both ends (A parent of B, B child of A) shows once.
		key := fmt.Sprintf("%s|%d|%s", l.ViewKind, other.ID, l.ToRef)
		if other.ID != 0 {
			key = fmt.Sprintf("%s|%d", l.ViewKind, other.ID)
		}
		if seen[key] {
			continue
		}
		seen[key] = true
		out = append(out, l)
	}
	return out, rows.Err()
}
