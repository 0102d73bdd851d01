package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"iter"
	"passerelle/locales"
	"sort"
	"strings"

	"passerelle"
	"passerelle/match"
)

// orgIndex finds organisations of the workspace by ROR id or by folded name and
// country, in memory: an import of the Atlas's 12,000 agreements looks up 10,000
// partners, and one query each would cost more than the import itself.
type orgIndex struct {
	byROR  map[string]int64
	byName map[string]int64 // folded name + "|" + country
	info   map[int64][3]string
	// private holds the importer's member's private organisations: a shared agreement
	// cannot name them.
	private map[int64]bool
	// shared are the shared records as the matching engine reads them; engine, built at
	// the first partner not found exactly, finds "NOVO NORDISK A/S" as Novo Nordisk.
	// Private records are left out: a partner the engine only thinks alike must not
	// make a shared agreement fail.
	shared  []*match.Record
	engine  *match.Index
	guessed map[string]int64 // the engine's answers, by folded name, country and ROR id
}

func loadOrgIndex(ctx context.Context, q queryer, act *passerelle.Actor) (*orgIndex, error) {
	w := &where{}
	w.scope(act, "o")
	rows, err := q.QueryContext(ctx, `SELECT o.id, COALESCE(o.ror_id, ''), o.match_keys, o.country, o.name, o.kind, o.visibility,
		o.names, o.acronyms, o.aliases, o.website, o.city FROM organizations o`+w.String()+` ORDER BY o.id`, w.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	ix := &orgIndex{byROR: map[string]int64{}, byName: map[string]int64{}, info: map[int64][3]string{}, private: map[int64]bool{},
		guessed: map[string]int64{}}
	for rows.Next() {
		var id int64
		var ror, keys, country, name, kind, vis, names, acr, ali, web, city string
		if err := rows.Scan(&id, &ror, &keys, &country, &name, &kind, &vis, &names, &acr, &ali, &web, &city); err != nil {
			return nil, err
		}
		if vis != string(passerelle.VisibilityShared) {
			ix.private[id] = true
			if _, dup := ix.byROR[ror]; dup {
				ror = "" // a ROR id on a shared record and on the actor's private one names the shared one
			}
		} else {
			ix.shared = append(ix.shared, &match.Record{ID: id, Name: name, Labels: append(labelsOf(names), parseList(ali)...),
				Acronyms: parseList(acr), ROR: ror, Website: web, Country: country, City: city})
		}
		ix.add(id, ror, keys, country, name, kind)
	}
	return ix, rows.Err()
}

// created adds an organisation the import made, so that the partners after it find it.
func (ix *orgIndex) created(o *passerelle.Organization, keys string) {
	ix.add(o.ID, o.RORID, keys, o.Country, o.Name, string(o.Kind))
	if o.Visibility != passerelle.VisibilityShared {
		return
	}
	r := &match.Record{ID: o.ID, Name: o.Name, ROR: o.RORID, Country: o.Country}
	ix.shared = append(ix.shared, r)
	if ix.engine != nil {
		ix.engine.Add(r)
	}
	clear(ix.guessed) // a partner the engine did not place may be this one
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
	if id, ok := ix.byName[passerelle.Fold(p.Name)+"|"+p.Country]; ok {
		return id
	}
	return ix.guess(p)
}

// guess is the shared record the matching engine says the partner is, or 0.
func (ix *orgIndex) guess(p *passerelle.AgreementPartner) int64 {
	if strings.TrimSpace(p.Name) == "" || len(ix.shared) == 0 {
		return 0
	}
	k := passerelle.Fold(p.Name) + "|" + p.Country + "|" + p.RORID
	if id, ok := ix.guessed[k]; ok {
		return id
	}
	if ix.engine == nil {
		ix.engine = match.NewIndex()
		ix.engine.AddAll(ix.shared)
	}
	var id int64
	if r := ix.engine.Match(&match.Query{Name: p.Name, Country: p.Country, ROR: p.RORID}); r.Decision == match.Same {
		id = r.Best.ID
	}
	ix.guessed[k] = id
	return id
}

// ImportAgreements creates or updates agreements in one transaction. It reads every
// item even after a problem, so that one run reports every bad row; then it commits
// only if there was none, or if skipInvalid asks to leave the bad ones out.
func (s *AgreementService) ImportAgreements(ctx context.Context, items iter.Seq2[*passerelle.AgreementImportItem, error], skipInvalid bool) (*passerelle.AgreementImportResult, error) {
	act, err := passerelle.RequireWriter(ctx)
	if err != nil {
		return nil, err
	}
	var res *passerelle.AgreementImportResult
	err = s.db.inTx(ctx, func(tx *Tx) error {
		var err error
		res, err = s.importAgreements(ctx, tx, act, items, skipInvalid)
		return err
	})
	return res, err
}

// importAgreements is ImportAgreements inside its transaction.
func (s *AgreementService) importAgreements(ctx context.Context, tx *Tx, act *passerelle.Actor, items iter.Seq2[*passerelle.AgreementImportItem, error], skipInvalid bool) (*passerelle.AgreementImportResult, error) {
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
	people := map[int64]string{}
	res := &passerelle.AgreementImportResult{}
	for item, err := range items {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if err != nil {
			if item == nil {
				res.AddProblems(passerelle.ImportProblem{Message: passerelle.ErrorMsg(err)})
			} else {
				res.AddProblems(problemsOf(item, err)...)
			}
			res.Skipped++
			continue
		}
		if err := keepContactLinks(ctx, tx, act, item.Agreement, people); err != nil {
			return nil, fmt.Errorf("%s row %d: %w", item.Sheet, item.Row, err)
		}
		ps := checkImportItem(item, themes, orgs)
		if len(ps) > 0 {
			res.AddProblems(ps...)
			res.Skipped++
			continue
		}
		old, err := existingAgreement(ctx, tx, act, item.Agreement)
		if err != nil {
			return nil, fmt.Errorf("%s row %d: %w", item.Sheet, item.Row, err)
		}
		if err := checkImportRights(act, item.Agreement, old); err != nil {
			res.Problems = append(res.Problems, problemsOf(item, err)...)
			res.Skipped++
			continue
		}
		if len(res.Problems) > 0 && !skipInvalid {
			continue // nothing will be committed: only look for more problems
		}
		if err := importAgreement(ctx, tx, act, item.Agreement, old, themes, orgs, res); err != nil {
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
	return res, nil
}

func sheetOf(field string) string { s, _, _ := strings.Cut(field, "."); return s }

// keepContactLinks keeps a contact's link to the contact book (person_id, as exported)
// only for a person the importer may read whose name is the contact's (or who has no
// name in the file): an id from another workspace or database means nothing here, and
// dropping a valid one turned every re-import of an unchanged export into an update
// that unlinked the contacts. people caches each id's folded name ("" when unreadable).
func keepContactLinks(ctx context.Context, tx *Tx, act *passerelle.Actor, a *passerelle.Agreement, people map[int64]string) error {
	if a == nil {
		return nil
	}
	for i := range a.Contacts {
		c := &a.Contacts[i]
		if c.PersonID == 0 {
			continue
		}
		name, ok := people[c.PersonID]
		if !ok {
			p, err := findPerson(ctx, tx, act, c.PersonID)
			switch {
			case passerelle.ErrorCode(err) == passerelle.ENOTFOUND:
			case err != nil:
				return err
			default:
				name = passerelle.Fold(p.FirstName + " " + p.LastName)
			}
			people[c.PersonID] = name
		}
		given := passerelle.Fold(c.FirstName + " " + c.LastName)
		if name == "" || (given != "" && given != name) {
			c.PersonID = 0
		}
	}
	return nil
}

// checkImportItem validates an item as read, before anything is written, and names the
// sheet, row and field of each problem.
func checkImportItem(item *passerelle.AgreementImportItem, themes map[string]*passerelle.Theme, orgs *orgIndex) []passerelle.ImportProblem {
	out := append([]passerelle.ImportProblem(nil), item.Problems...)
	a := item.Agreement
	if a == nil {
		return append(out, passerelle.ImportProblem{Line: item.Row, Field: item.Sheet, Message: passerelle.M("no agreement")})
	}
	// Identifiers from another workspace mean nothing here.
	a.ID, a.OwnerMemberID = 0, 0
	for i := range a.Partners {
		a.Partners[i].OrganizationID = 0
	}
	// Each row keeps its visibility: a private row becomes the importing member's own
	// (checkImportRights), and, as on the page, a private agreement cannot be published.
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
		if placeholder(&p) {
			continue
		}
		if id := orgs.find(&p); id != 0 && orgs.private[id] && a.Visibility != passerelle.VisibilityPrivate {
			out = append(out, problemsOf(item, privatePartner(i, orgs.info[id][0]))...)
			continue
		}
		if orgs.find(&p) != 0 || hasPrefixKey(passerelle.ErrorFields(verr), fmt.Sprintf("partners[%d].", i)) {
			continue // matched, or already reported
		}
		o := partnerOrg(&p)
		if err := o.Validate(); err != nil {
			for f, m := range passerelle.ErrorFieldMsgs(err) {
				out = append(out, problemsOf(item, passerelle.FieldError(fmt.Sprintf("partners[%d].%s", i, f), "%v", m))...)
			}
		}
	}
	return out
}

// problemsOf turns a validation error into problems located by sheet and row.
func problemsOf(item *passerelle.AgreementImportItem, err error) []passerelle.ImportProblem {
	fs := passerelle.ErrorFieldMsgs(err)
	if len(fs) == 0 {
		return []passerelle.ImportProblem{{Line: item.Row, Field: item.Sheet, Message: passerelle.ErrorMsg(err)}}
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

// placeholder reports whether a partner read from a file stands for a partner kept
// private from whoever exported it: it names no organisation, and is never created.
func placeholder(p *passerelle.AgreementPartner) bool {
	return p.Private || p.RORID == "" && isPrivatePartnerName(p.Name)
}

func privatePartner(i int, name string) error {
	return passerelle.FieldError(fmt.Sprintf("partners[%d].name", i),
		"%s is private to your member: a shared agreement cannot name it as a partner (make the agreement private, or the organisation shared)", name)
}

func partnerOrg(p *passerelle.AgreementPartner) *passerelle.Organization {
	kind := passerelle.OrgKind(p.Kind)
	if kind == "" {
		kind = passerelle.KindOther
	}
	return &passerelle.Organization{Name: p.Name, Country: p.Country, RORID: p.RORID, Kind: kind, Visibility: passerelle.VisibilityShared}
}

// existingAgreement returns the agreement an import row updates, or nil for a new one:
// the one with the reference, else the same title and year, among those the importer
// may see: another member's private agreement is no match (it would fail as "not
// found", and tell that it exists); the row is a new agreement. Shared ones first.
// COALESCE keeps "ref IS NULL" from steering SQLite to the ref index, which holds every
// agreement without one: a scan per imported row.
func existingAgreement(ctx context.Context, tx *Tx, act *passerelle.Actor, a *passerelle.Agreement) (*passerelle.Agreement, error) {
	w := &where{}
	w.scope(act, "a")
	if a.Ref != "" {
		w.add("a.ref = ?", a.Ref)
	} else {
		w.add("a.title_key = ?", passerelle.Fold(a.Title))
		w.add("a.year = ?", a.Year())
		w.add("COALESCE(a.ref, '') = ''")
	}
	old, err := scanAgreement(tx.QueryRowContext(ctx, `SELECT `+agreementColumns+` FROM agreements a`+w.String()+
		` ORDER BY CASE WHEN a.visibility = 'shared' THEN 0 ELSE 1 END, a.id LIMIT 1`, w.args...))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return old, err
}

// checkImportRights applies to an import row the rules of the pages: a new private
// agreement belongs to the importer's member (and needs one); an update is an edit of
// the stored agreement, whose visibility stays; and publication follows the page's
// rule: whoever may edit a shared agreement may publish it, a private one is never
// published.
func checkImportRights(act *passerelle.Actor, a, old *passerelle.Agreement) error {
	if old == nil {
		return prepareOwnership(act, a.Visibility, &a.OwnerMemberID)
	}
	if err := canEdit(act, old.Visibility, old.OwnerMemberID); err != nil {
		return err
	}
	if a.Published && old.Visibility == passerelle.VisibilityPrivate {
		return passerelle.FieldError("published", "a private agreement cannot be published")
	}
	return nil
}

func importAgreement(ctx context.Context, tx *Tx, act *passerelle.Actor, a, old *passerelle.Agreement, themes map[string]*passerelle.Theme,
	orgs *orgIndex, res *passerelle.AgreementImportResult) error {
	vis := a.Visibility
	// An import never drops nor changes a partner the importer may not see: each
	// placeholder of the file stands for the next one, in place; the others follow.
	var kept []passerelle.AgreementPartner
	if old != nil {
		vis = old.Visibility
		if err := loadAgreementLists(ctx, tx, passerelle.SystemActor(act.WorkspaceID), []*passerelle.Agreement{old}); err != nil {
			return err
		}
		for _, p := range old.Partners {
			if _, ok := orgs.info[p.OrganizationID]; !ok {
				kept = append(kept, p)
			}
		}
	}
	partners := make([]passerelle.AgreementPartner, 0, len(a.Partners)+len(kept))
	for i := range a.Partners {
		p := &a.Partners[i]
		if placeholder(p) {
			if len(kept) > 0 {
				k := kept[0]
				k.Side, k.Role = p.Side, p.Role
				partners = append(partners, k)
				kept = kept[1:]
			}
			continue
		}
		if id := orgs.find(p); id != 0 && orgs.private[id] && vis != passerelle.VisibilityPrivate {
			return privatePartner(i, orgs.info[id][0])
		} else if id != 0 {
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
			orgs.created(o, keys)
			p.OrganizationID = o.ID
			res.OrganizationsCreated++
		}
		info := orgs.info[p.OrganizationID]
		p.Name, p.Country, p.Kind = info[0], info[1], info[2]
		partners = append(partners, *p)
	}
	a.Partners = append(partners, kept...)
	if old == nil {
		if err := saveAgreement(ctx, tx, act, a, nil, themes); err != nil {
			return err
		}
		res.Created++
		return writeAudit(ctx, tx, act, "import", "agreement", a.ID, a.Title, nil, a.Visibility, a.OwnerMemberID)
	}
	id := old.ID
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

// isPrivatePartnerName reports whether name is what exports write for a partner kept
// private, in either language: an import keeps such a row as a placeholder and never
// creates an organisation by that name.
func isPrivatePartnerName(name string) bool {
	f := passerelle.Fold(name)
	for _, l := range locales.Languages {
		if f == passerelle.Fold(locales.Text(l, "agr.partner_private")) {
			return true
		}
	}
	return false
}
