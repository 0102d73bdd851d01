package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"passerelle"
	"passerelle/locales"
)

// AgreementService implements passerelle.AgreementService.
type AgreementService struct{ db *DB }

func NewAgreementService(db *DB) *AgreementService { return &AgreementService{db: db} }

const agreementColumns = `a.id, a.workspace_id, COALESCE(a.ref, ''), a.title, a.type, a.signed_year, a.signed_date, a.start_date, a.end_date,
	a.status, a.triennial, COALESCE(a.theme_code, ''), a.context, a.history, a.objectives, a.description, a.form,
	a.project_owner, a.contracting_authority, a.beneficiaries, a.evaluation, a.communication_france, a.communication_abroad,
	a.contacts, a.volunteers, a.documents, a.notes, a.published, a.visibility, a.owner_member_id, a.created_at, a.updated_at, a.version`

func scanAgreement(sc interface{ Scan(...any) error }, extra ...any) (*passerelle.Agreement, error) {
	a := &passerelle.Agreement{}
	var typ, status, contacts, volunteers, documents, vis string
	var owner sql.NullInt64
	dest := []any{&a.ID, &a.WorkspaceID, &a.Ref, &a.Title, &typ, &a.SignedYear, &a.SignedDate, &a.StartDate, &a.EndDate,
		&status, &a.Triennial, &a.Theme, &a.Context, &a.History, &a.Objectives, &a.Description, &a.Form,
		&a.ProjectOwner, &a.ContractingAuthority, &a.Beneficiaries, &a.Evaluation, &a.CommunicationFrance, &a.CommunicationAbroad,
		&contacts, &volunteers, &documents, &a.Notes, &a.Published, &vis, &owner, &a.CreatedAt, &a.UpdatedAt, &a.Version}
	if err := sc.Scan(append(dest, extra...)...); err != nil {
		return nil, err
	}
	a.Type, a.Status, a.Visibility, a.OwnerMemberID = passerelle.AgreementType(typ), passerelle.AgreementStatus(status), passerelle.Visibility(vis), owner.Int64
	for _, x := range []struct {
		s string
		v any
	}{{contacts, &a.Contacts}, {volunteers, &a.Volunteers}, {documents, &a.Documents}} {
		if x.s != "[]" && x.s != "" {
			if err := json.Unmarshal([]byte(x.s), x.v); err != nil {
				return nil, fmt.Errorf("agreement %d: %w", a.ID, err)
			}
		}
	}
	return a, nil
}

func jsonOf(v any) string {
	b, _ := json.Marshal(v)
	if string(b) == "null" {
		return "[]"
	}
	return string(b)
}

// agreementFields is the flat view of an agreement that the audit log compares; lists
// are compared as their JSON.
func agreementFields(a *passerelle.Agreement) map[string]any {
	if a == nil {
		return nil
	}
	return map[string]any{
		"ref": a.Ref, "title": a.Title, "type": string(a.Type), "signed_year": a.SignedYear, "signed_date": a.SignedDate,
		"start_date": a.StartDate, "end_date": a.EndDate, "status": string(a.Status), "triennial": a.Triennial,
		"theme": a.Theme, "other_themes": jsonOf(a.OtherThemes), "context": a.Context, "history": a.History,
		"objectives": a.Objectives, "description": a.Description, "form": a.Form, "project_owner": a.ProjectOwner,
		"contracting_authority": a.ContractingAuthority, "beneficiaries": a.Beneficiaries,
		"partners": jsonOf(partnerRefs(a.Partners)), "contacts": jsonOf(a.Contacts), "funding": jsonOf(a.Funding),
		"phases": jsonOf(a.Phases), "evaluation": a.Evaluation, "communication_france": a.CommunicationFrance,
		"communication_abroad": a.CommunicationAbroad, "volunteers": jsonOf(a.Volunteers), "documents": jsonOf(a.Documents),
		"notes": a.Notes, "published": a.Published, "visibility": string(a.Visibility),
	}
}

// partnerRefs keeps what a user chooses about a partner; name and country follow the
// organisation and are not the agreement's change.
func partnerRefs(ps []passerelle.AgreementPartner) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = fmt.Sprintf("%d %s %s", p.OrganizationID, p.Side, p.Role)
	}
	return out
}

// typeLabel names an agreement type as the pages do; a type the catalogues do not know
// is left out.
func typeLabel(lang string, t passerelle.AgreementType) string {
	if !t.Valid() {
		return ""
	}
	return locales.Text(lang, "agr.type."+string(t))
}

// agreementSearchDoc folds every text field, plus the labels of the type (from the
// catalogues), themes and countries in French and English, so that a search in either
// language finds it. The partners of hidden (private organisations of a shared
// agreement) are left out: a search for the name would tell which agreements name them.
func agreementSearchDoc(a *passerelle.Agreement, themes map[string]*passerelle.Theme, hidden map[int64]bool) string {
	var parts []string
	add := func(s ...string) { parts = append(parts, s...) }
	add(a.Ref, a.Title, typeLabel("fr", a.Type), typeLabel("en", a.Type), a.Context, a.History, a.Objectives, a.Description, a.Form,
		a.ProjectOwner, a.ContractingAuthority, a.Beneficiaries, a.Evaluation, a.CommunicationFrance, a.CommunicationAbroad, a.Notes)
	codes := []string{a.Theme}
	for _, t := range a.OtherThemes {
		codes = append(codes, t.Code)
	}
	for _, c := range codes {
		for _, anc := range themeAncestors(c) {
			if t := themes[anc]; t != nil {
				add(t.LabelFR, t.LabelEN)
			}
		}
	}
	for _, p := range a.Partners {
		if hidden[p.OrganizationID] {
			add(p.Role)
			continue
		}
		add(p.Name, p.Role)
		if p.Country != "" {
			add(passerelle.CountryName(p.Country, "fr"), passerelle.CountryName(p.Country, "en"))
		}
	}
	for _, c := range a.Contacts {
		add(c.FirstName, c.LastName, c.Role, c.Organization)
	}
	for _, l := range a.Funding {
		add(l.Funder, l.Category)
	}
	for _, ph := range a.Phases {
		add(ph.Title, ph.Description, ph.Owner, ph.Outcome)
		for _, ac := range ph.Actions {
			add(ac.Title, ac.Description, ac.Owner, ac.Outcome)
		}
	}
	for _, v := range a.Volunteers {
		add(v.FirstName, v.LastName, v.Kind, v.Mission, v.Field, v.Assignment)
	}
	for _, d := range a.Documents {
		add(d.Title, d.FileName)
	}
	return passerelle.Fold(strings.Join(parts, " "))
}

// agreementPublicDoc folds what the public page shows of an agreement (Public(): no
// notes, no document that is not public), which is what a search there may match. A
// private agreement is never on the public page: its text is empty.
func agreementPublicDoc(a *passerelle.Agreement, themes map[string]*passerelle.Theme, hidden map[int64]bool) string {
	if a.Visibility == passerelle.VisibilityPrivate {
		return ""
	}
	return agreementSearchDoc(a.Public(), themes, hidden)
}

// matchesPublicDoc reports whether every search term starts a word of a public text,
// as the full-text index matches (terms and text are folded alike).
func matchesPublicDoc(doc string, terms []string) bool {
	words := strings.Fields(doc)
	for _, t := range terms {
		found := false
		for _, w := range words {
			if strings.HasPrefix(w, t) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// publicMatches keeps, of the full-text matches text, the published shared agreements
// whose public text matches too: the index holds every field, notes included.
func (s *AgreementService) publicMatches(ctx context.Context, ws int64, text map[int64]float64, terms []string) (map[int64]float64, error) {
	out := map[int64]float64{}
	if len(text) == 0 {
		return out, nil
	}
	ids := make([]int64, 0, len(text))
	for id := range text {
		ids = append(ids, id)
	}
	rows, err := s.db.read.QueryContext(ctx, `SELECT id, public_doc FROM agreements WHERE workspace_id = $1 AND published = TRUE
		AND visibility = 'shared' AND id IN (`+idList(ids)+`)`, ws)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var doc string
		if err := rows.Scan(&id, &doc); err != nil {
			return nil, err
		}
		if matchesPublicDoc(doc, terms) {
			out[id] = text[id]
		}
	}
	return out, rows.Err()
}

// themeAncestors returns a code and its ancestors, root first: "a.b.c" -> a, a.b, a.b.c.
func themeAncestors(code string) []string {
	if code == "" {
		return nil
	}
	var out []string
	for i, r := range code {
		if r == '.' {
			out = append(out, code[:i])
		}
	}
	return append(out, code)
}

// loadThemes returns the workspace's taxonomy by code.
func loadThemes(ctx context.Context, q queryer, ws int64) (map[string]*passerelle.Theme, error) {
	rows, err := q.QueryContext(ctx, `SELECT code, COALESCE(parent_code, ''), level, label_fr, label_en FROM themes WHERE workspace_id = $1`, ws)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]*passerelle.Theme{}
	for rows.Next() {
		t := &passerelle.Theme{}
		if err := rows.Scan(&t.Code, &t.ParentCode, &t.Level, &t.LabelFR, &t.LabelEN); err != nil {
			return nil, err
		}
		out[t.Code] = t
	}
	return out, rows.Err()
}

func today(db *DB, f string) string {
	if f != "" {
		return f
	}
	return passerelle.HomeDay(db.Now())
}

// statusExpr derives the status in SQL exactly as Agreement.DeriveStatus does in Go.
func statusExpr(w *where, day string) string {
	p := w.arg(day)
	return "(CASE WHEN a.status <> '' THEN a.status WHEN a.start_key <> '' AND a.start_key > " + p +
		" THEN 'planned' WHEN a.end_key <> '' AND a.end_key < " + p + " THEN 'ended' ELSE 'active' END)"
}

// filter is a domain filter, and whether the query only counts.
type filter struct {
	passerelle.AgreementFilter
	countOnly bool
}

// facet names a filter, so that the facet counts can leave their own filter out.
type facet int

const (
	facetNone facet = iota
	facetCountry
	facetRegion
	facetTheme
	facetStatus
	facetYear
	facetType
	facetPartner
)

// filterAgreements adds the filter's conditions except the one of facet skip, and
// returns the FROM clause and ranking.
func (s *AgreementService) filterAgreements(w *where, act *passerelle.Actor, f filter, skip facet) (from, order string) {
	w.scope(act, "a")
	day := today(s.db, f.Today)
	// Uncorrelated IN subqueries: each is evaluated once through its index, where a
	// correlated EXISTS let SQLite probe the country index once per agreement.
	// Only the partners the actor may see filter: a partner kept private must not be
	// found by its id or its country.
	partner := func(cond string, args ...any) {
		q := "a.id IN (SELECT p.agreement_id FROM agreement_partners p WHERE p.workspace_id = ? AND "
		pre := []any{act.WorkspaceID}
		if !act.System {
			q = `a.id IN (SELECT p.agreement_id FROM agreement_partners p JOIN organizations po ON po.workspace_id = p.workspace_id
				AND po.id = p.organization_id WHERE p.workspace_id = ? AND (po.visibility = 'shared' OR po.owner_member_id = ?) AND `
			pre = append(pre, act.MemberID)
		}
		w.add(q+cond+")", append(pre, args...)...)
	}
	if f.Country != "" && skip != facetCountry {
		partner("p.side = 'foreign' AND p.country = ?", strings.ToUpper(f.Country))
	}
	if f.Region != "" && skip != facetRegion {
		partner("p.side = 'foreign' AND (p.region = ? OR p.subregion = ?)", f.Region, f.Region)
	}
	if f.PartnerID != 0 && skip != facetPartner {
		partner("p.organization_id = ?", f.PartnerID)
	}
	if f.Theme != "" && skip != facetTheme {
		w.add(`a.id IN (SELECT t.agreement_id FROM agreement_themes t WHERE t.workspace_id = ? AND t.theme_code = ?)`, act.WorkspaceID, f.Theme)
	}
	if f.Status != "" && skip != facetStatus {
		w.conds = append(w.conds, statusExpr(w, day)+" = "+w.arg(string(f.Status)))
	}
	if f.Year != 0 && skip != facetYear {
		if f.Year < 1 || f.Year > 9999 {
			// No agreement has such a year; past int4 PostgreSQL would refuse the parameter.
			w.add("1 = 0")
		} else {
			w.add("a.year = ?", f.Year)
		}
	}
	if f.Type != "" && skip != facetType {
		w.add("a.type = ?", string(f.Type))
	}
	if f.PublishedOnly {
		w.add("a.published = ?", true)
		w.add("a.visibility = 'shared'")
	}
	from, order = "agreements a", "a.title_key, a.id"
	if terms := passerelle.SearchTerms(f.Query); len(terms) > 0 {
		if skip == facetNone && !f.countOnly {
			from, order = s.db.textRanked(w, "agreements", "a", terms)
			order += ", a.title_key, a.id"
		} else {
			s.db.textFilter(w, "agreements", "a", terms)
		}
	}
	return from, order
}

func (s *AgreementService) FindAgreementByID(ctx context.Context, id int64) (*passerelle.Agreement, error) {
	act, err := passerelle.RequireActor(ctx)
	if err != nil {
		return nil, err
	}
	a, err := findAgreement(ctx, s.db.read, act, id)
	if err != nil {
		return nil, err
	}
	if err := loadAgreementLists(ctx, s.db.read, act, []*passerelle.Agreement{a}); err != nil {
		return nil, err
	}
	a.CurrentStatus = a.DeriveStatus(today(s.db, ""))
	return a, nil
}

// findAgreement reads one agreement the actor may see, without its lists.
func findAgreement(ctx context.Context, q queryer, act *passerelle.Actor, id int64) (*passerelle.Agreement, error) {
	w := &where{}
	w.scope(act, "a")
	w.add("a.id = ?", id)
	a, err := scanAgreement(q.QueryRowContext(ctx, `SELECT `+agreementColumns+` FROM agreements a`+w.String(), w.args...))
	if err != nil {
		return nil, classify(err, fmt.Sprintf("agreement %d", id))
	}
	return a, nil
}

// loadAgreementLists fills partners, themes, funding and phases of a page of agreements,
// one query per list. A partner whose organisation the actor may not see is "a partner
// kept private": its side and role only, so that no route or export names it.
func loadAgreementLists(ctx context.Context, q queryer, act *passerelle.Actor, as []*passerelle.Agreement) error {
	ws := act.WorkspaceID
	if len(as) == 0 {
		return nil
	}
	idx := make(map[int64]*passerelle.Agreement, len(as))
	w := &where{}
	w.add("workspace_id = ?", ws)
	ph := make([]string, 0, len(as))
	for _, a := range as {
		idx[a.ID] = a
		a.Partners, a.OtherThemes, a.Funding, a.Phases = nil, nil, nil, nil
		ph = append(ph, w.arg(a.ID))
	}
	in := w.String() + ` AND agreement_id IN (` + strings.Join(ph, ",") + `)`
	each := func(query string, scan func(rows *sql.Rows) error) error {
		rows, err := q.QueryContext(ctx, query, w.args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			if err := scan(rows); err != nil {
				return err
			}
		}
		return rows.Err()
	}
	var id int64
	// The organisation's kind and ROR id travel with the partner, so that an import
	// elsewhere creates the same organisation.
	pin := strings.Replace(strings.Replace(in, "workspace_id", "p.workspace_id", 1), "agreement_id", "p.agreement_id", 1)
	err := each(`SELECT p.agreement_id, p.organization_id, p.side, p.name, p.country, p.role, COALESCE(o.ror_id, ''), COALESCE(o.kind, ''),
		COALESCE(o.visibility, 'shared'), COALESCE(o.owner_member_id, 0)
		FROM agreement_partners p LEFT JOIN organizations o ON o.workspace_id = p.workspace_id AND o.id = p.organization_id`+pin+
		` ORDER BY p.agreement_id, p.position`,
		func(rows *sql.Rows) error {
			var p passerelle.AgreementPartner
			var vis string
			var owner int64
			if err := rows.Scan(&id, &p.OrganizationID, &p.Side, &p.Name, &p.Country, &p.Role, &p.RORID, &p.Kind, &vis, &owner); err != nil {
				return err
			}
			if !act.CanSee(passerelle.Visibility(vis), owner) {
				p = passerelle.AgreementPartner{Side: p.Side, Role: p.Role, Private: true}
			}
			idx[id].Partners = append(idx[id].Partners, p)
			return nil
		})
	if err != nil {
		return err
	}
	err = each(`SELECT agreement_id, theme_code, priority FROM agreement_themes`+in+` AND explicit = TRUE AND priority > 0 ORDER BY agreement_id, priority, theme_code`,
		func(rows *sql.Rows) error {
			var t passerelle.AgreementTheme
			if err := rows.Scan(&id, &t.Code, &t.Priority); err != nil {
				return err
			}
			idx[id].OtherThemes = append(idx[id].OtherThemes, t)
			return nil
		})
	if err != nil {
		return err
	}
	err = each(`SELECT agreement_id, funder, amount_cents, currency, water_cents, year, category FROM agreement_funding`+in+` ORDER BY agreement_id, position`,
		func(rows *sql.Rows) error {
			var l passerelle.FundingLine
			var water sql.NullInt64
			if err := rows.Scan(&id, &l.Funder, &l.AmountCents, &l.Currency, &water, &l.Year, &l.Category); err != nil {
				return err
			}
			if water.Valid {
				l.WaterCents = &water.Int64
			}
			l.Amount = passerelle.FormatCents(l.AmountCents)
			idx[id].Funding = append(idx[id].Funding, l)
			return nil
		})
	if err != nil {
		return err
	}
	err = each(`SELECT agreement_id, title, description, start_date, end_date, owner, status, outcome FROM agreement_phases`+in+` ORDER BY agreement_id, position`,
		func(rows *sql.Rows) error {
			var p passerelle.Phase
			var st string
			if err := rows.Scan(&id, &p.Title, &p.Description, &p.StartDate, &p.EndDate, &p.Owner, &st, &p.Outcome); err != nil {
				return err
			}
			p.Status = passerelle.ActionStatus(st)
			idx[id].Phases = append(idx[id].Phases, p)
			return nil
		})
	if err != nil {
		return err
	}
	var pos int
	return each(`SELECT agreement_id, phase_position, title, description, start_date, end_date, owner, status, outcome FROM agreement_actions`+in+
		` ORDER BY agreement_id, phase_position, position`,
		func(rows *sql.Rows) error {
			var ac passerelle.Action
			var st string
			if err := rows.Scan(&id, &pos, &ac.Title, &ac.Description, &ac.StartDate, &ac.EndDate, &ac.Owner, &st, &ac.Outcome); err != nil {
				return err
			}
			ac.Status = passerelle.ActionStatus(st)
			if a := idx[id]; pos < len(a.Phases) {
				a.Phases[pos].Actions = append(a.Phases[pos].Actions, ac)
			}
			return nil
		})
}

func (s *AgreementService) CreateAgreement(ctx context.Context, a *passerelle.Agreement) error {
	act, err := passerelle.RequireWriter(ctx)
	if err != nil {
		return err
	}
	if err := a.Validate(); err != nil {
		return err
	}
	if err := prepareOwnership(act, a.Visibility, &a.OwnerMemberID); err != nil {
		return err
	}
	a.Version = 1 // the column's default
	err = s.db.inTx(ctx, func(tx *Tx) error {
		themes, err := loadThemes(ctx, tx, act.WorkspaceID)
		if err != nil {
			return err
		}
		if err := resolvePartners(ctx, tx, act, a, nil); err != nil {
			return err
		}
		if err := checkContacts(ctx, tx, act, a, nil); err != nil {
			return err
		}
		if err := saveAgreement(ctx, tx, act, a, nil, themes); err != nil {
			return err
		}
		if err := writeAudit(ctx, tx, act, "create", "agreement", a.ID, a.Title, diff(nil, agreementFields(a)), a.Visibility, a.OwnerMemberID); err != nil {
			return err
		}
		return nil
	})
	if err != nil {
		return err
	}
	a.CurrentStatus = a.DeriveStatus(today(s.db, ""))
	return nil
}

// resolvePartners checks that each partner is an organisation the actor may see and
// copies its name and country, which facets and exports read. A shared agreement cannot
// name a private organisation: every member would read its name. A partner kept
// private from the actor (Private, sent back as read) stands for the next such partner
// of old, which stays as it is.
func resolvePartners(ctx context.Context, tx *Tx, act *passerelle.Actor, a, old *passerelle.Agreement) error {
	var kept []passerelle.AgreementPartner
	if old != nil {
		for _, p := range old.Partners {
			if o, err := findOrg(ctx, tx, act, p.OrganizationID); err != nil || o == nil {
				kept = append(kept, p)
			}
		}
	}
	for i := range a.Partners {
		p := &a.Partners[i]
		field := fmt.Sprintf("partners[%d].organization_id", i)
		if p.Private && p.OrganizationID == 0 {
			if len(kept) == 0 {
				return passerelle.FieldError(field, "choose an organisation of the directory")
			}
			k := kept[0]
			kept = kept[1:]
			p.OrganizationID, p.Name, p.Country, p.RORID, p.Kind, p.Private = k.OrganizationID, k.Name, k.Country, k.RORID, k.Kind, false
			continue
		}
		if p.OrganizationID == 0 {
			return passerelle.FieldError(field, "choose an organisation of the directory")
		}
		o, err := findOrg(ctx, tx, act, p.OrganizationID)
		if err != nil {
			return passerelle.FieldError(field, "no such organisation")
		}
		if o.Visibility == passerelle.VisibilityPrivate && a.Visibility != passerelle.VisibilityPrivate {
			return passerelle.FieldError(field, "%s is private to your member: a shared agreement cannot name it as a partner (make the agreement private, or the organisation shared)", o.Name)
		}
		p.Name, p.Country, p.RORID, p.Kind = o.Name, o.Country, o.RORID, string(o.Kind)
	}
	return nil
}

// checkContacts checks that each contact linked to the contact book (person_id) names a
// person the actor may read: another member's private person, another workspace's or
// none at all is "no such person" on the contact's field, so that an id tells nothing of
// what it names. A link the agreement already has is kept as it is, readable or not: the
// form sends back the links of others' people, which must not stop the save.
func checkContacts(ctx context.Context, tx *Tx, act *passerelle.Actor, a, old *passerelle.Agreement) error {
	kept := map[int64]bool{}
	if old != nil {
		for _, c := range old.Contacts {
			kept[c.PersonID] = true
		}
	}
	for i, c := range a.Contacts {
		if c.PersonID == 0 || kept[c.PersonID] {
			continue
		}
		if _, err := findPerson(ctx, tx, act, c.PersonID); passerelle.ErrorCode(err) == passerelle.ENOTFOUND {
			return passerelle.FieldError(fmt.Sprintf("contacts[%d].person_id", i), "no such person")
		} else if err != nil {
			return err
		}
	}
	return nil
}

// saveAgreement inserts (old == nil) or updates an agreement and rewrites its lists.
// Partners must be resolved.
func saveAgreement(ctx context.Context, tx *Tx, act *passerelle.Actor, a, old *passerelle.Agreement, themes map[string]*passerelle.Theme) error {
	if a.Theme != "" && themes[a.Theme] == nil {
		return passerelle.FieldError("theme", "unknown theme %q", a.Theme)
	}
	for i, t := range a.OtherThemes {
		if themes[t.Code] == nil {
			return passerelle.FieldError(fmt.Sprintf("other_themes[%d].code", i), "unknown theme %q", t.Code)
		}
	}
	a.WorkspaceID, a.UpdatedAt = act.WorkspaceID, tx.now
	hidden, err := hiddenPartners(ctx, tx, a)
	if err != nil {
		return err
	}
	var funding int64
	for _, l := range a.Funding {
		if l.Currency == "EUR" {
			funding = passerelle.AddCents(funding, l.AmountCents)
		}
	}
	args := []any{nullString(a.Ref), a.Title, string(a.Type), a.SignedYear, a.SignedDate, a.StartDate, a.EndDate,
		passerelle.DateStartKey(a.StartDate), passerelle.DateEndKey(a.EndDate), string(a.Status), a.Year(), a.Triennial,
		nullString(a.Theme), a.Context, a.History, a.Objectives, a.Description, a.Form, a.ProjectOwner, a.ContractingAuthority,
		a.Beneficiaries, a.Evaluation, a.CommunicationFrance, a.CommunicationAbroad, jsonOf(a.Contacts), jsonOf(a.Volunteers),
		jsonOf(a.Documents), a.Notes, a.Published, funding, string(a.Visibility), nullID(a.OwnerMemberID),
		agreementSearchDoc(a, themes, hidden), passerelle.Fold(a.Title), tx.now, agreementPublicDoc(a, themes, hidden)}
	if old == nil {
		a.CreatedAt = tx.now
		err = tx.QueryRowContext(ctx, `INSERT INTO agreements (ref, title, type, signed_year, signed_date, start_date, end_date,
			start_key, end_key, status, year, triennial, theme_code, context, history, objectives, description, form, project_owner,
			contracting_authority, beneficiaries, evaluation, communication_france, communication_abroad, contacts, volunteers,
			documents, notes, published, funding_cents, visibility, owner_member_id, search_doc, title_key, updated_at, created_at, public_doc, workspace_id)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24,
			$25, $26, $27, $28, $29, $30, $31, $32, $33, $34, $35, $35, $36, $37) RETURNING id`, append(args, a.WorkspaceID)...).Scan(&a.ID)
	} else {
		a.CreatedAt = old.CreatedAt
		if a.Version, err = bumpVersion(ctx, tx, "agreements", a.WorkspaceID, a.ID, old.Version); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE agreements SET ref = $1, title = $2, type = $3, signed_year = $4, signed_date = $5,
			start_date = $6, end_date = $7, start_key = $8, end_key = $9, status = $10, year = $11, triennial = $12, theme_code = $13,
			context = $14, history = $15, objectives = $16, description = $17, form = $18, project_owner = $19,
			contracting_authority = $20, beneficiaries = $21, evaluation = $22, communication_france = $23, communication_abroad = $24,
			contacts = $25, volunteers = $26, documents = $27, notes = $28, published = $29, funding_cents = $30, visibility = $31,
			owner_member_id = $32, search_doc = $33, title_key = $34, updated_at = $35, public_doc = $36 WHERE workspace_id = $37 AND id = $38`,
			append(args, a.WorkspaceID, a.ID)...)
	}
	if err != nil {
		if passerelle.ErrorCode(classify(err, "")) == passerelle.ECONFLICT {
			return passerelle.FieldError("ref", "another agreement has the reference %q", a.Ref)
		}
		return classify(err, "agreement")
	}
	if old != nil {
		// Actions go with their phases (ON DELETE CASCADE).
		for _, t := range []string{"agreement_partners", "agreement_themes", "agreement_funding", "agreement_phases"} {
			if _, err := tx.ExecContext(ctx, `DELETE FROM `+t+` WHERE workspace_id = $1 AND agreement_id = $2`, a.WorkspaceID, a.ID); err != nil {
				return err
			}
		}
	}
	return insertAgreementLists(ctx, tx, a)
}

func insertAgreementLists(ctx context.Context, tx *Tx, a *passerelle.Agreement) error {
	ws, id := a.WorkspaceID, a.ID
	var rows [][]any
	for i, p := range a.Partners {
		region, sub := passerelle.RegionOf(p.Country)
		rows = append(rows, []any{ws, id, i, p.OrganizationID, p.Side, p.Name, p.Country, region, sub, p.Role})
	}
	if err := insertRows(ctx, tx, "agreement_partners", "workspace_id, agreement_id, position, organization_id, side, name, country, region, subregion, role", rows); err != nil {
		return classify(err, "partner")
	}
	// Themes: explicit ones with their priority (0 for the main theme), then ancestors.
	rows = rows[:0]
	seen := map[string]bool{}
	explicit := []passerelle.AgreementTheme{}
	if a.Theme != "" {
		explicit = append(explicit, passerelle.AgreementTheme{Code: a.Theme})
	}
	for _, t := range a.OtherThemes {
		if t.Priority == 0 {
			t.Priority = 1
		}
		explicit = append(explicit, t)
	}
	for _, t := range explicit {
		seen[t.Code] = true
		rows = append(rows, []any{ws, id, t.Code, t.Priority, true})
	}
	for _, t := range explicit {
		for _, anc := range themeAncestors(t.Code) {
			if !seen[anc] {
				seen[anc] = true
				rows = append(rows, []any{ws, id, anc, 0, false})
			}
		}
	}
	if err := insertRows(ctx, tx, "agreement_themes", "workspace_id, agreement_id, theme_code, priority, explicit", rows); err != nil {
		return classify(err, "theme")
	}
	rows = rows[:0]
	for i, l := range a.Funding {
		var water any
		if l.WaterCents != nil {
			water = *l.WaterCents
		}
		rows = append(rows, []any{ws, id, i, l.Funder, l.AmountCents, l.Currency, water, l.Year, l.Category})
	}
	if err := insertRows(ctx, tx, "agreement_funding", "workspace_id, agreement_id, position, funder, amount_cents, currency, water_cents, year, category", rows); err != nil {
		return classify(err, "funding line")
	}
	rows = rows[:0]
	var acts [][]any
	for i, p := range a.Phases {
		rows = append(rows, []any{ws, id, i, p.Title, p.Description, p.StartDate, p.EndDate, p.Owner, string(p.Status), p.Outcome})
		for j, ac := range p.Actions {
			acts = append(acts, []any{ws, id, i, j, ac.Title, ac.Description, ac.StartDate, ac.EndDate, ac.Owner, string(ac.Status), ac.Outcome})
		}
	}
	if err := insertRows(ctx, tx, "agreement_phases", "workspace_id, agreement_id, position, title, description, start_date, end_date, owner, status, outcome", rows); err != nil {
		return classify(err, "phase")
	}
	if err := insertRows(ctx, tx, "agreement_actions", "workspace_id, agreement_id, phase_position, position, title, description, start_date, end_date, owner, status, outcome", acts); err != nil {
		return classify(err, "action")
	}
	return nil
}

// insertRows inserts rows with one multi-row INSERT per batch: the round trips, not the
// rows, are what costs on PostgreSQL.
func insertRows(ctx context.Context, tx *Tx, table, cols string, rows [][]any) error {
	const batch = 200
	for len(rows) > 0 {
		n := min(len(rows), batch)
		var b strings.Builder
		b.WriteString("INSERT INTO " + table + " (" + cols + ") VALUES ")
		args := make([]any, 0, n*len(rows[0]))
		for i, r := range rows[:n] {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteByte('(')
			for j, v := range r {
				if j > 0 {
					b.WriteByte(',')
				}
				args = append(args, v)
				b.WriteString("$" + strconv.Itoa(len(args)))
			}
			b.WriteByte(')')
		}
		if _, err := tx.ExecContext(ctx, b.String(), args...); err != nil {
			return err
		}
		rows = rows[n:]
	}
	return nil
}

func (s *AgreementService) UpdateAgreement(ctx context.Context, a *passerelle.Agreement) error {
	act, err := passerelle.RequireWriter(ctx)
	if err != nil {
		return err
	}
	if err := a.Validate(); err != nil {
		return err
	}
	err = s.db.inTx(ctx, func(tx *Tx) error {
		if err := tx.lockRow(ctx, "agreements", act.WorkspaceID, a.ID); err != nil {
			return err
		}
		old, err := findAgreement(ctx, tx, act, a.ID)
		if err != nil {
			return err
		}
		// Every partner, those kept private from the actor included: they stay in place.
		if err := loadAgreementLists(ctx, tx, passerelle.SystemActor(act.WorkspaceID), []*passerelle.Agreement{old}); err != nil {
			return err
		}
		if err := canEdit(act, old.Visibility, old.OwnerMemberID); err != nil {
			return err
		}
		if err := checkVersion(a.Version, old.Version); err != nil {
			return err
		}
		if err := canChangeVisibility(act, old.Visibility, a.Visibility, old.OwnerMemberID); err != nil {
			return err
		}
		if a.OwnerMemberID, err = newOwner(act, old.Visibility, a.Visibility, old.OwnerMemberID); err != nil {
			return err
		}
		if err := resolvePartners(ctx, tx, act, a, old); err != nil {
			return err
		}
		if err := checkContacts(ctx, tx, act, a, old); err != nil {
			return err
		}
		changes := diff(agreementFields(old), agreementFields(a))
		if len(changes) == 0 {
			*a = *old
			a.CurrentStatus = a.DeriveStatus(today(s.db, ""))
			return nil
		}
		themes, err := loadThemes(ctx, tx, act.WorkspaceID)
		if err != nil {
			return err
		}
		if err := saveAgreement(ctx, tx, act, a, old, themes); err != nil {
			return err
		}
		if err := auditUpdate(ctx, tx, act, "agreement", a.ID, old.Title, a.Title, changes, a.Visibility, a.OwnerMemberID); err != nil {
			return err
		}
		return nil
	})
	if err != nil {
		return withCurrent(err, func() (*passerelle.Agreement, error) { return s.FindAgreementByID(ctx, a.ID) })
	}
	a.CurrentStatus = a.DeriveStatus(today(s.db, ""))
	return nil
}

func (s *AgreementService) DeleteAgreement(ctx context.Context, id int64) error {
	act, err := passerelle.RequireWriter(ctx)
	if err != nil {
		return err
	}
	return s.db.inTx(ctx, func(tx *Tx) error {
		old, err := findAgreement(ctx, tx, act, id)
		if err != nil {
			return err
		}
		if err := canEdit(act, old.Visibility, old.OwnerMemberID); err != nil {
			return err
		}
		// The bin keeps the whole record, partners included even where the deleter may
		// not read them: the operator's view.
		// (a copy: the audit entry stays as it was, without partners).
		snap := *old
		if err := loadAgreementLists(ctx, tx, passerelle.SystemActor(act.WorkspaceID), []*passerelle.Agreement{&snap}); err != nil {
			return err
		}
		if err := toBin(ctx, tx, act, "agreement", id, old.Title, old.Visibility, old.OwnerMemberID, &binData{Agreement: &snap}); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM agreements WHERE workspace_id = $1 AND id = $2`, act.WorkspaceID, id); err != nil {
			return classify(err, "agreement")
		}
		if err := writeAudit(ctx, tx, act, "delete", "agreement", id, old.Title, diff(agreementFields(old), nil), old.Visibility, old.OwnerMemberID); err != nil {
			return err
		}
		return nil
	})
}

// partnerConflict returns a conflict that names the agreements having organisation
// orgID as a partner (those the actor may see, at most five; the others counted), or
// nil when none does. DeleteOrganization should call it before its DELETE: the
// foreign key of agreement_partners refuses the deletion anyway, but its error cannot
// say which agreements are in the way.
func partnerConflict(ctx context.Context, q queryer, act *passerelle.Actor, orgID int64, orgName string) error {
	rows, err := q.QueryContext(ctx, `SELECT a.title, a.visibility, COALESCE(a.owner_member_id, 0) FROM agreement_partners p
		JOIN agreements a ON a.workspace_id = p.workspace_id AND a.id = p.agreement_id
		WHERE p.workspace_id = $1 AND p.organization_id = $2 ORDER BY a.title_key, a.id`, act.WorkspaceID, orgID)
	if err != nil {
		return err
	}
	defer rows.Close()
	var titles []string
	hidden, total := 0, 0
	for rows.Next() {
		var title, vis string
		var owner int64
		if err := rows.Scan(&title, &vis, &owner); err != nil {
			return err
		}
		total++
		switch {
		case !act.CanSee(passerelle.Visibility(vis), owner):
			hidden++
		case len(titles) < 5:
			titles = append(titles, "«\u00a0"+title+"\u00a0»")
		}
	}
	if err := rows.Err(); err != nil || total == 0 {
		return err
	}
	more := total - hidden - len(titles)
	list := strings.Join(titles, ", ")
	if more > 0 {
		list += fmt.Sprintf(" and %d more", more)
	}
	if hidden > 0 {
		if list != "" {
			list += "; "
		}
		list += fmt.Sprintf("%d you cannot see", hidden)
	}
	return passerelle.Errorf(passerelle.ECONFLICT, "%s is a partner of %d agreement(s): %s. Remove it from them first", orgName, total, list)
}

// hiddenPartners returns the partners of a shared agreement whose organisation is
// private: some members may not read their names.
func hiddenPartners(ctx context.Context, q queryer, a *passerelle.Agreement) (map[int64]bool, error) {
	if a.Visibility == passerelle.VisibilityPrivate || len(a.Partners) == 0 {
		return nil, nil
	}
	w := &where{}
	w.add("workspace_id = ?", a.WorkspaceID)
	w.add("visibility = 'private'")
	ph := make([]string, len(a.Partners))
	for i, p := range a.Partners {
		ph[i] = w.arg(p.OrganizationID)
	}
	w.conds = append(w.conds, "id IN ("+strings.Join(ph, ",")+")")
	rows, err := q.QueryContext(ctx, `SELECT id FROM organizations`+w.String(), w.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]bool{}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out[id] = true
	}
	return out, rows.Err()
}

// reindexAgreementsNaming rewrites the search text of the shared agreements that name
// organisation orgID, after its visibility changed: a name made private leaves their
// text, a name shared again comes back.
func reindexAgreementsNaming(ctx context.Context, tx *Tx, ws, orgID int64) error {
	rows, err := tx.QueryContext(ctx, `SELECT DISTINCT p.agreement_id FROM agreement_partners p JOIN agreements a
		ON a.workspace_id = p.workspace_id AND a.id = p.agreement_id
		WHERE p.workspace_id = $1 AND p.organization_id = $2 AND a.visibility = 'shared'`, ws, orgID)
	if err != nil {
		return err
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return err
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	return reindexAgreements(ctx, tx, ws, ids)
}

// reindexAgreements rebuilds the search text of agreements whose parts changed outside
// their own save (a partner merged, a contact erased).
func reindexAgreements(ctx context.Context, tx *Tx, ws int64, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	sys := passerelle.SystemActor(ws)
	themes, err := loadThemes(ctx, tx, ws)
	if err != nil {
		return err
	}
	for _, id := range ids {
		a, err := findAgreement(ctx, tx, sys, id)
		if err != nil {
			return err
		}
		if err := loadAgreementLists(ctx, tx, sys, []*passerelle.Agreement{a}); err != nil {
			return err
		}
		hidden, err := hiddenPartners(ctx, tx, a)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE agreements SET search_doc = $1, public_doc = $2 WHERE workspace_id = $3 AND id = $4`,
			agreementSearchDoc(a, themes, hidden), agreementPublicDoc(a, themes, hidden), ws, id); err != nil {
			return err
		}
	}
	return nil
}

// reindexAllAgreements writes the public text of every agreement of every workspace
// (the backfill of migration 00039), 500 at a time.
func reindexAllAgreements(ctx context.Context, tx *Tx) error {
	rows, err := tx.QueryContext(ctx, `SELECT DISTINCT workspace_id FROM agreements ORDER BY workspace_id`)
	if err != nil {
		return err
	}
	var wss []int64
	for rows.Next() {
		var ws int64
		if err := rows.Scan(&ws); err != nil {
			rows.Close()
			return err
		}
		wss = append(wss, ws)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, ws := range wss {
		sys := passerelle.SystemActor(ws)
		themes, err := loadThemes(ctx, tx, ws)
		if err != nil {
			return err
		}
		var last int64
		for {
			rows, err := tx.QueryContext(ctx, `SELECT `+agreementColumns+` FROM agreements a WHERE a.workspace_id = $1 AND a.id > $2
				ORDER BY a.id LIMIT 500`, ws, last)
			if err != nil {
				return err
			}
			var list []*passerelle.Agreement
			for rows.Next() {
				a, err := scanAgreement(rows)
				if err != nil {
					rows.Close()
					return err
				}
				list = append(list, a)
				last = a.ID
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
			if len(list) == 0 {
				break
			}
			if err := loadAgreementLists(ctx, tx, sys, list); err != nil {
				return err
			}
			for _, a := range list {
				hidden, err := hiddenPartners(ctx, tx, a)
				if err != nil {
					return err
				}
				if _, err := tx.ExecContext(ctx, `UPDATE agreements SET public_doc = $1 WHERE workspace_id = $2 AND id = $3`,
					agreementPublicDoc(a, themes, hidden), ws, a.ID); err != nil {
					return err
				}
			}
		}
	}
	return nil
}
