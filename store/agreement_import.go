package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"iter"
	"sort"
	"strings"

	"passerelle"
)

// orgIndex finds organisations of the workspace by ROR id or by folded name and
// country, in memory: an import of the Atlas's 12,000 agreements looks up 10,000
// partners, and one query each would cost more than the import itself.
type orgIndex struct {
	byROR  map[string]int64
	byName map[string]int64 // folded name + "|" + country
	info   map[int64][3]string
}

func loadOrgIndex(ctx context.Context, q queryer, act *passerelle.Actor) (*orgIndex, error) {
	w := &where{}
	w.scope(act, "o")
	rows, err := q.QueryContext(ctx, `SELECT o.id, COALESCE(o.ror_id, ''), o.match_keys, o.country, o.name, o.kind FROM organizations o`+w.String()+` ORDER BY o.id`, w.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	ix := &orgIndex{byROR: map[string]int64{}, byName: map[string]int64{}, info: map[int64][3]string{}}
	for rows.Next() {
		var id int64
		var ror, keys, country, name, kind string
		if err := rows.Scan(&id, &ror, &keys, &country, &name, &kind); err != nil {
			return nil, err
		}
		ix.add(id, ror, keys, country, name, kind)
	}
	return ix, rows.Err()
}

func (ix *orgIndex) add(id int64, ror, keys, country, name, kind string) {
	if ror != "" {
		ix.byROR[ror] = id
	}
	for _, k := range strings.Split(keys, "|") {
		if k == "" {
			continue
		}
		// The first organisation with a name keeps it: lower ids were there first.
		if _, ok := ix.byName[k+"|"+country]; !ok {
			ix.byName[k+"|"+country] = id
		}
	}
	ix.info[id] = [3]string{name, country, kind}
}

func (ix *orgIndex) find(p *passerelle.AgreementPartner) int64 {
	if p.RORID != "" {
		if id, ok := ix.byROR[p.RORID]; ok {
			return id
		}
	}
	return ix.byName[passerelle.Fold(p.Name)+"|"+p.Country]
}

// ImportAgreements creates or updates agreements in one transaction. It reads every
// item even after a problem, so that one run reports every bad row; then it commits
// only if there was none, or if skipInvalid asks to leave the bad ones out.
func (s *AgreementService) ImportAgreements(ctx context.Context, items iter.Seq2[*passerelle.AgreementImportItem, error], skipInvalid bool) (*passerelle.AgreementImportResult, error) {
	act, err := passerelle.RequireWriter(ctx)
	if err != nil {
		return nil, err
	}
	tx, err := s.db.BeginTx(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	// Custom plans: a plan cached while the tables were nearly empty would be reused for
	// the whole import (see Tx.ForBulk).
	if err := tx.ForBulk(ctx); err != nil {
		return nil, err
	}
	themes, err := loadThemes(ctx, tx, act.WorkspaceID)
	if err != nil {
		return nil, err
	}
	orgs, err := loadOrgIndex(ctx, tx, act)
	if err != nil {
		return nil, err
	}
	res := &passerelle.AgreementImportResult{}
	for item, err := range items {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if err != nil {
			if item == nil {
				res.AddProblems(passerelle.ImportProblem{Message: passerelle.ErrorMessage(err)})
			} else {
				res.AddProblems(problemsOf(item, err)...)
			}
			res.Skipped++
			continue
		}
		ps := checkImportItem(item, themes, orgs)
		if len(ps) > 0 {
			res.AddProblems(ps...)
			res.Skipped++
			continue
		}
		if len(res.Problems) > 0 && !skipInvalid {
			continue // nothing will be committed: only look for more problems
		}
		if err := importAgreement(ctx, tx, act, item.Agreement, themes, orgs, res); err != nil {
			if passerelle.ErrorCode(err) == passerelle.EINVALID {
				res.AddProblems(problemsOf(item, err)...)
				res.Skipped++
				if !skipInvalid {
					continue
				}
				// The failed statement may have left the transaction unusable (PostgreSQL).
				return nil, fmt.Errorf("%s row %d: %w", item.Sheet, item.Row, err)
			}
			return nil, fmt.Errorf("%s row %d: %w", item.Sheet, item.Row, err)
		}
	}
	sort.SliceStable(res.Problems, func(i, j int) bool {
		if res.Problems[i].Field != res.Problems[j].Field && sheetOf(res.Problems[i].Field) != sheetOf(res.Problems[j].Field) {
			return sheetOf(res.Problems[i].Field) < sheetOf(res.Problems[j].Field)
		}
		return res.Problems[i].Line < res.Problems[j].Line
	})
	if len(res.Problems) > 0 && !skipInvalid {
		return res, importError(&res.ImportResult)
	}
	return res, tx.Commit()
}

func sheetOf(field string) string { s, _, _ := strings.Cut(field, "."); return s }

// checkImportItem validates an item as read, before anything is written, and names the
// sheet, row and field of each problem.
func checkImportItem(item *passerelle.AgreementImportItem, themes map[string]*passerelle.Theme, orgs *orgIndex) []passerelle.ImportProblem {
	out := append([]passerelle.ImportProblem(nil), item.Problems...)
	a := item.Agreement
	if a == nil {
		return append(out, passerelle.ImportProblem{Line: item.Row, Field: item.Sheet, Message: "no agreement"})
	}
	// Identifiers from another workspace mean nothing here.
	a.ID, a.OwnerMemberID = 0, 0
	for i := range a.Partners {
		a.Partners[i].OrganizationID = 0
	}
	for i := range a.Contacts {
		a.Contacts[i].PersonID = 0
	}
	if a.Visibility == passerelle.VisibilityPrivate {
		// An import has no member to own private records: they come in shared, as the
		// export of a shared workspace would have them.
		a.Visibility = passerelle.VisibilityShared
	}
	verr := a.Validate()
	if verr != nil {
		out = append(out, problemsOf(item, verr)...)
	}
	if a.Theme != "" && themes[a.Theme] == nil {
		out = append(out, problemsOf(item, passerelle.FieldError("theme", "unknown theme %q", a.Theme))...)
	}
	for i, t := range a.OtherThemes {
		if t.Code != "" && themes[t.Code] == nil {
			out = append(out, problemsOf(item, passerelle.FieldError(fmt.Sprintf("other_themes[%d].code", i), "unknown theme %q", t.Code))...)
		}
	}
	for i, p := range a.Partners {
		if orgs.find(&p) != 0 || hasPrefixKey(passerelle.ErrorFields(verr), fmt.Sprintf("partners[%d].", i)) {
			continue // matched, or already reported
		}
		o := partnerOrg(&p)
		if err := o.Validate(); err != nil {
			for f, m := range passerelle.ErrorFields(err) {
				out = append(out, problemsOf(item, passerelle.FieldError(fmt.Sprintf("partners[%d].%s", i, f), "%s", m))...)
			}
		}
	}
	return out
}

// problemsOf turns a validation error into problems located by sheet and row.
func problemsOf(item *passerelle.AgreementImportItem, err error) []passerelle.ImportProblem {
	fs := passerelle.ErrorFields(err)
	if len(fs) == 0 {
		return []passerelle.ImportProblem{{Line: item.Row, Field: item.Sheet, Message: passerelle.ErrorMessage(err)}}
	}
	keys := make([]string, 0, len(fs))
	for k := range fs {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make([]passerelle.ImportProblem, 0, len(keys))
	for _, k := range keys {
		sheet, row, name := item.Locate(k)
		out = append(out, passerelle.ImportProblem{Line: row, Field: sheet + "." + name, Message: fs[k]})
	}
	return out
}

func partnerOrg(p *passerelle.AgreementPartner) *passerelle.Organization {
	kind := passerelle.OrgKind(p.Kind)
	if kind == "" {
		kind = passerelle.KindOther
	}
	return &passerelle.Organization{Name: p.Name, Country: p.Country, RORID: p.RORID, Kind: kind, Visibility: passerelle.VisibilityShared}
}

func importAgreement(ctx context.Context, tx *Tx, act *passerelle.Actor, a *passerelle.Agreement, themes map[string]*passerelle.Theme,
	orgs *orgIndex, res *passerelle.AgreementImportResult) error {
	for i := range a.Partners {
		p := &a.Partners[i]
		if id := orgs.find(p); id != 0 {
			p.OrganizationID = id
			res.OrganizationsMatched++
		} else {
			o := partnerOrg(p)
			if err := o.Validate(); err != nil {
				return err
			}
			if err := createOrg(ctx, tx, act, o); err != nil {
				return err
			}
			if err := writeAudit(ctx, tx, act, "import", "organization", o.ID, o.Name, nil, o.Visibility, 0); err != nil {
				return err
			}
			_, keys, _ := orgSearchText(o)
			orgs.add(o.ID, o.RORID, keys, o.Country, o.Name, string(o.Kind))
			p.OrganizationID = o.ID
			res.OrganizationsCreated++
		}
		info := orgs.info[p.OrganizationID]
		p.Name, p.Country, p.Kind = info[0], info[1], info[2]
	}
	// The same agreement already here: the one with the reference, else the same title
	// and year. COALESCE keeps "ref IS NULL" from steering SQLite to the ref index,
	// which holds every agreement without one: a scan per imported row.
	var id int64
	var err error
	if a.Ref != "" {
		err = tx.QueryRowContext(ctx, `SELECT id FROM agreements WHERE workspace_id = $1 AND ref = $2`, act.WorkspaceID, a.Ref).Scan(&id)
	} else {
		err = tx.QueryRowContext(ctx, `SELECT id FROM agreements WHERE workspace_id = $1 AND title_key = $2 AND year = $3 AND COALESCE(ref, '') = '' ORDER BY id LIMIT 1`,
			act.WorkspaceID, passerelle.Fold(a.Title), a.Year()).Scan(&id)
	}
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	if id == 0 {
		if err := saveAgreement(ctx, tx, act, a, nil, themes); err != nil {
			return err
		}
		res.Created++
		return writeAudit(ctx, tx, act, "import", "agreement", a.ID, a.Title, nil, a.Visibility, a.OwnerMemberID)
	}
	old, err := findAgreement(ctx, tx, act, id)
	if err != nil {
		return err
	}
	if err := loadAgreementLists(ctx, tx, act.WorkspaceID, []*passerelle.Agreement{old}); err != nil {
		return err
	}
	// Working notes, publication and visibility stay as the network set them.
	a.ID, a.Visibility, a.OwnerMemberID = id, old.Visibility, old.OwnerMemberID
	changes := diff(agreementFields(old), agreementFields(a))
	if len(changes) == 0 {
		res.Unchanged++
		return nil
	}
	if err := saveAgreement(ctx, tx, act, a, old, themes); err != nil {
		return err
	}
	res.Updated++
	return writeAudit(ctx, tx, act, "import", "agreement", a.ID, a.Title, changes, a.Visibility, a.OwnerMemberID)
}

func hasPrefixKey(m map[string]string, prefix string) bool {
	for k := range m {
		if strings.HasPrefix(k, prefix) {
			return true
		}
	}
	return false
}
