package store

import (
	"context"
	"database/sql"
	"slices"
	"strconv"
	"strings"

	"passerelle"
)

// PipelineService keeps the pipeline (docs/pipeline.md): opportunities, projects and
// contracts with their money per year, the organisations of EU projects, and the figures
// computed from them (KPIs). Every read is scoped: another workspace's records and
// another member's private ones are "not found" and count in no figure.
type PipelineService struct{ db *DB }

func NewPipelineService(db *DB) *PipelineService { return &PipelineService{db: db} }

// canEditMemberRecord: besides the rule of every record (canEdit), a member edits only
// its own member's pipeline; managers edit every member's.
func canEditMemberRecord(a *passerelle.Actor, vis passerelle.Visibility, owner, member int64) error {
	if err := canEdit(a, vis, owner); err != nil {
		return err
	}
	if a.System || a.Role.CanManage() || member == 0 || member == a.MemberID {
		return nil
	}
	return passerelle.Errorf(passerelle.EFORBIDDEN, "this record belongs to another member")
}

// memberFor settles the member of a new record: a member's user works for its own
// member; a manager names one.
func memberFor(a *passerelle.Actor, member *int64) error {
	if *member == 0 {
		*member = a.MemberID
	}
	if !a.System && !a.Role.CanManage() && *member != a.MemberID {
		return passerelle.FieldError("member_id", "you may only record your own member's pipeline")
	}
	return nil
}

// ownerOf is the owner of a record of member m with visibility v: a private record
// belongs to its member.
func ownerOf(v passerelle.Visibility, member int64) (int64, error) {
	if v == passerelle.VisibilityShared {
		return 0, nil
	}
	if member == 0 {
		return 0, passerelle.FieldError("visibility", "a private record needs a member to own it")
	}
	return member, nil
}

// checkMember makes sure a member of the actor's workspace exists.
func checkMember(ctx context.Context, q queryer, a *passerelle.Actor, field string, id int64) error {
	if id == 0 {
		return nil
	}
	var n int
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM members WHERE workspace_id = $1 AND id = $2`, a.WorkspaceID, id).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return passerelle.FieldError(field, "no such member")
	}
	return nil
}

// linkTables are the records an opportunity may link to, and whether they carry a
// visibility of their own.
var linkTables = map[string]struct {
	table string
	vis   bool
}{
	"meeting": {"meetings", true}, "mission": {"missions", false}, "event": {"events", false},
	"organization": {"organizations", true}, "person": {"people", true},
}

// checkReadable makes sure every id names a record of table the actor may read.
func checkReadable(ctx context.Context, q queryer, a *passerelle.Actor, kind, field string, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	lt := linkTables[kind]
	w := &where{}
	if lt.vis {
		w.scope(a, "")
	} else {
		w.add("workspace_id = ?", a.WorkspaceID)
	}
	w.add("id IN (" + idList(ids) + ")")
	var n int
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+lt.table+w.String(), w.args...).Scan(&n); err != nil {
		return err
	}
	if n != len(ids) {
		return passerelle.FieldError(field, "a linked record does not exist or is not yours to see")
	}
	return nil
}

func (o *opportunityLinks) each(fn func(kind, field string, ids *[]int64)) {
	fn("meeting", "meeting_ids", &o.MeetingIDs)
	fn("mission", "mission_ids", &o.MissionIDs)
	fn("event", "event_ids", &o.EventIDs)
	fn("organization", "organization_ids", &o.OrganizationIDs)
	fn("person", "person_ids", &o.PersonIDs)
}

type opportunityLinks passerelle.Opportunity

const opportunityColumns = `o.id, o.workspace_id, o.title, o.member_id, o.stage, o.expected_value_cents, o.currency, o.programme,
	o.call_id, o.deadline, o.next_action, o.next_action_date, o.opened_on, o.won_on, o.notes, o.visibility,
	COALESCE(o.owner_member_id, 0), o.version, o.created_at, o.updated_at`

func scanOpportunity(sc interface{ Scan(...any) error }) (*passerelle.Opportunity, error) {
	o := &passerelle.Opportunity{}
	err := sc.Scan(&o.ID, &o.WorkspaceID, &o.Title, &o.MemberID, &o.Stage, &o.ExpectedValueCents, &o.Currency, &o.Programme,
		&o.CallID, &o.Deadline, &o.NextAction, &o.NextActionDate, &o.OpenedOn, &o.WonOn, &o.Notes, &o.Visibility,
		&o.OwnerMemberID, &o.Version, &o.CreatedAt, &o.UpdatedAt)
	return o, err
}

func opportunityFields(o *passerelle.Opportunity) map[string]any {
	return map[string]any{"title": o.Title, "member_id": o.MemberID, "stage": string(o.Stage),
		"expected_value_cents": o.ExpectedValueCents, "currency": o.Currency, "programme": o.Programme, "call_id": o.CallID,
		"deadline": o.Deadline, "next_action": o.NextAction, "next_action_date": o.NextActionDate, "opened_on": o.OpenedOn,
		"won_on": o.WonOn, "notes": o.Notes, "visibility": string(o.Visibility),
		"meeting_ids": idList(o.MeetingIDs), "mission_ids": idList(o.MissionIDs), "event_ids": idList(o.EventIDs),
		"organization_ids": idList(o.OrganizationIDs), "person_ids": idList(o.PersonIDs)}
}

// FindOpportunityByID returns an opportunity the actor may read, with its links.
func (s *PipelineService) FindOpportunityByID(ctx context.Context, id int64) (*passerelle.Opportunity, error) {
	a, err := passerelle.RequireActor(ctx)
	if err != nil {
		return nil, err
	}
	return findOpportunity(ctx, s.db.read, a, id)
}

func findOpportunity(ctx context.Context, q queryer, a *passerelle.Actor, id int64) (*passerelle.Opportunity, error) {
	w := &where{}
	w.scope(a, "o")
	w.add("o.id = ?", id)
	o, err := scanOpportunity(q.QueryRowContext(ctx, `SELECT `+opportunityColumns+` FROM opportunities o`+w.String(), w.args...))
	if err != nil {
		return nil, classify(err, "opportunity")
	}
	return o, loadOpportunityLinks(ctx, q, a, []*passerelle.Opportunity{o})
}

// FindOpportunities lists the opportunities the actor may read, newest first.
func (s *PipelineService) FindOpportunities(ctx context.Context, f passerelle.OpportunityFilter) ([]*passerelle.Opportunity, int, error) {
	a, err := passerelle.RequireActor(ctx)
	if err != nil {
		return nil, 0, err
	}
	if f.Country, err = countryParam(f.Country); err != nil {
		return nil, 0, err
	}
	if f.Shared {
		a = sharedReader(a)
	}
	w := &where{}
	w.scope(a, "o")
	if f.MemberID != 0 {
		w.add("o.member_id = ?", f.MemberID)
	}
	inCountry(w, a, f.Country, opportunityOrgs)
	if f.Stage != "" {
		w.add("o.stage = ?", string(f.Stage))
	}
	if f.Year != 0 {
		w.add("o.opened_year = ?", f.Year)
	}
	if f.OrganizationID != 0 {
		w.add("EXISTS (SELECT 1 FROM opportunity_links l WHERE l.workspace_id = o.workspace_id AND l.opportunity_id = o.id AND l.kind = 'organization' AND l.target_id = ?)", f.OrganizationID)
	}
	if f.MeetingID != 0 {
		w.add("EXISTS (SELECT 1 FROM opportunity_links l WHERE l.workspace_id = o.workspace_id AND l.opportunity_id = o.id AND l.kind = 'meeting' AND l.target_id = ?)", f.MeetingID)
	}
	var total int
	if err := s.db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM opportunities o`+w.String(), w.args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	lim := limitOf(f.Limit, 100, 1000)
	rows, err := s.db.read.QueryContext(ctx, `SELECT `+opportunityColumns+` FROM opportunities o`+w.String()+
		` ORDER BY o.opened_on DESC, o.id DESC LIMIT `+strconv.Itoa(lim)+` OFFSET `+strconv.Itoa(max(f.Offset, 0)), w.args...)
	if err != nil {
		return nil, 0, err
	}
	var out []*passerelle.Opportunity
	for rows.Next() {
		o, err := scanOpportunity(rows)
		if err != nil {
			rows.Close()
			return nil, 0, err
		}
		out = append(out, o)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	return out, total, loadOpportunityLinks(ctx, s.db.read, a, out)
}

// loadOpportunityLinks fills the links, leaving out records the reader may not see.
func loadOpportunityLinks(ctx context.Context, q queryer, a *passerelle.Actor, os []*passerelle.Opportunity) error {
	if len(os) == 0 {
		return nil
	}
	byID := map[int64]*passerelle.Opportunity{}
	ids := make([]int64, 0, len(os))
	for _, o := range os {
		byID[o.ID] = o
		ids = append(ids, o.ID)
		(*opportunityLinks)(o).each(func(_, _ string, l *[]int64) { *l = []int64{} })
	}
	for kind, lt := range linkTables {
		cond := ""
		args := []any{a.WorkspaceID, kind}
		if lt.vis && !a.System {
			cond = " AND (t.visibility = 'shared' OR t.owner_member_id = $3)"
			args = append(args, a.MemberID)
		}
		rows, err := q.QueryContext(ctx, `SELECT l.opportunity_id, l.target_id FROM opportunity_links l
			JOIN `+lt.table+` t ON t.workspace_id = l.workspace_id AND t.id = l.target_id
			WHERE l.workspace_id = $1 AND l.kind = $2 AND l.opportunity_id IN (`+idList(ids)+`)`+cond+` ORDER BY l.position`, args...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var oid, tid int64
			if err := rows.Scan(&oid, &tid); err != nil {
				rows.Close()
				return err
			}
			(*opportunityLinks)(byID[oid]).each(func(k, _ string, l *[]int64) {
				if k == kind {
					*l = append(*l, tid)
				}
			})
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	return nil
}

func setOpportunityLinks(ctx context.Context, tx *Tx, o *passerelle.Opportunity, replace bool) error {
	if replace {
		if _, err := tx.ExecContext(ctx, `DELETE FROM opportunity_links WHERE workspace_id = $1 AND opportunity_id = $2`, o.WorkspaceID, o.ID); err != nil {
			return err
		}
	}
	var err error
	(*opportunityLinks)(o).each(func(kind, _ string, ids *[]int64) {
		for i, id := range *ids {
			if err != nil {
				return
			}
			_, err = tx.ExecContext(ctx, `INSERT INTO opportunity_links (workspace_id, opportunity_id, kind, target_id, position) VALUES ($1, $2, $3, $4, $5)`,
				o.WorkspaceID, o.ID, kind, id, i)
		}
	})
	return err
}

func prepareOpportunity(ctx context.Context, tx *Tx, a *passerelle.Actor, o *passerelle.Opportunity) error {
	if err := o.Validate(); err != nil {
		return err
	}
	if err := checkMember(ctx, tx, a, "member_id", o.MemberID); err != nil {
		return err
	}
	var err error
	(*opportunityLinks)(o).each(func(kind, field string, ids *[]int64) {
		if err == nil {
			err = checkReadable(ctx, tx, a, kind, field, *ids)
		}
	})
	if err != nil {
		return err
	}
	// The day in the network's home, not in UTC: won at 00:30 on 1 January in Paris
	// counts in the new year's figures.
	if o.OpenedOn == "" {
		o.OpenedOn = passerelle.HomeDay(tx.now)
	}
	if o.Stage == passerelle.StageWon && o.WonOn == "" {
		o.WonOn = passerelle.HomeDay(tx.now)
	}
	if o.Stage != passerelle.StageWon {
		o.WonOn = ""
	}
	o.OwnerMemberID, err = ownerOf(o.Visibility, o.MemberID)
	return err
}

func yearOf(date string) int {
	if len(date) < 4 {
		return 0
	}
	y, _ := strconv.Atoi(date[:4])
	return y
}

// CreateOpportunity stores a new opportunity of the actor's member (a manager may name
// another member).
func (s *PipelineService) CreateOpportunity(ctx context.Context, o *passerelle.Opportunity) error {
	return s.db.update(ctx, func(tx *Tx, a *passerelle.Actor) error { return createOpportunity(ctx, tx, a, o) })
}

// createOpportunity is CreateOpportunity within a transaction (a follow-up that becomes
// an opportunity writes both in one).
func createOpportunity(ctx context.Context, tx *Tx, a *passerelle.Actor, o *passerelle.Opportunity) error {
	if err := memberFor(a, &o.MemberID); err != nil {
		return err
	}
	if err := prepareOpportunity(ctx, tx, a, o); err != nil {
		return err
	}
	o.WorkspaceID, o.CreatedAt, o.UpdatedAt = a.WorkspaceID, tx.now, tx.now
	err := tx.QueryRowContext(ctx, `INSERT INTO opportunities (workspace_id, title, member_id, stage, expected_value_cents, currency,
		programme, call_id, deadline, next_action, next_action_date, opened_on, opened_year, won_on, won_year, notes, visibility,
		owner_member_id, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $19)
		RETURNING id`, o.WorkspaceID, o.Title, o.MemberID, string(o.Stage), o.ExpectedValueCents, o.Currency, o.Programme, o.CallID,
		o.Deadline, o.NextAction, o.NextActionDate, o.OpenedOn, yearOf(o.OpenedOn), o.WonOn, yearOf(o.WonOn), o.Notes,
		string(o.Visibility), nullID(o.OwnerMemberID), o.CreatedAt).Scan(&o.ID)
	if err != nil {
		return classify(err, "opportunity")
	}
	o.Version = 1 // the column's default
	if err := setOpportunityLinks(ctx, tx, o, false); err != nil {
		return err
	}
	return writeAudit(ctx, tx, a, "create", "opportunity", o.ID, o.Title, diff(nil, opportunityFields(o)), o.Visibility, o.OwnerMemberID)
}

// UpdateOpportunity replaces an opportunity's fields and links with o's. A version other
// than the stored one (0: none sent) is refused (ESTALE) with the current record.
func (s *PipelineService) UpdateOpportunity(ctx context.Context, o *passerelle.Opportunity) error {
	err := s.db.update(ctx, func(tx *Tx, a *passerelle.Actor) error {
		old, err := findOpportunity(ctx, tx, a, o.ID)
		if err != nil {
			return err
		}
		if err := canEditMemberRecord(a, old.Visibility, old.OwnerMemberID, old.MemberID); err != nil {
			return err
		}
		if o.MemberID == 0 {
			o.MemberID = old.MemberID
		}
		if o.MemberID != old.MemberID {
			if err := memberFor(a, &o.MemberID); err != nil {
				return err
			}
		}
		if o.Visibility == "" {
			o.Visibility = old.Visibility
		}
		if err := canChangeVisibility(a, old.Visibility, o.Visibility, old.OwnerMemberID); err != nil {
			return err
		}
		if o.OpenedOn == "" {
			o.OpenedOn = old.OpenedOn
		}
		if o.Stage == passerelle.StageWon && o.WonOn == "" {
			o.WonOn = old.WonOn
		}
		if err := prepareOpportunity(ctx, tx, a, o); err != nil {
			return err
		}
		if err := checkVersion(o.Version, old.Version); err != nil {
			return err
		}
		// Links to records the actor may not see were left out of what it read: they
		// stay, and the caller reads back only what it may see.
		hidden, err := hiddenLinks(ctx, tx, a, o.ID)
		if err != nil {
			return err
		}
		visible := *o
		for _, x := range []*passerelle.Opportunity{old, o} {
			(*opportunityLinks)(x).each(func(kind, _ string, ids *[]int64) { *ids = append(slices.Clip(*ids), hidden[kind]...) })
		}
		defer func() {
			(*opportunityLinks)(o).each(func(kind, _ string, ids *[]int64) {
				(*opportunityLinks)(&visible).each(func(k, _ string, v *[]int64) {
					if k == kind {
						*ids = *v
					}
				})
			})
		}()
		o.WorkspaceID, o.CreatedAt = old.WorkspaceID, old.CreatedAt
		changes := diff(opportunityFields(old), opportunityFields(o))
		if len(changes) == 0 {
			*o = *old
			return nil
		}
		o.UpdatedAt = tx.now
		if o.Version, err = bumpVersion(ctx, tx, "opportunities", o.WorkspaceID, o.ID, old.Version); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE opportunities SET title = $1, member_id = $2, stage = $3, expected_value_cents = $4,
			currency = $5, programme = $6, call_id = $7, deadline = $8, next_action = $9, next_action_date = $10, opened_on = $11,
			opened_year = $12, won_on = $13, won_year = $14, notes = $15, visibility = $16, owner_member_id = $17, updated_at = $18
			WHERE workspace_id = $19 AND id = $20`, o.Title, o.MemberID, string(o.Stage), o.ExpectedValueCents, o.Currency, o.Programme,
			o.CallID, o.Deadline, o.NextAction, o.NextActionDate, o.OpenedOn, yearOf(o.OpenedOn), o.WonOn, yearOf(o.WonOn), o.Notes,
			string(o.Visibility), nullID(o.OwnerMemberID), o.UpdatedAt, o.WorkspaceID, o.ID); err != nil {
			return classify(err, "opportunity")
		}
		if err := setOpportunityLinks(ctx, tx, o, true); err != nil {
			return err
		}
		return auditUpdate(ctx, tx, a, "opportunity", o.ID, old.Title, o.Title, changes, o.Visibility, o.OwnerMemberID)
	})
	if err != nil {
		return withCurrent(err, func() (*passerelle.Opportunity, error) { return s.FindOpportunityByID(ctx, o.ID) })
	}
	return nil
}

// hiddenLinks returns an opportunity's links to records the actor may not see (another
// member's private meetings, organisations, people), by kind, in their order.
func hiddenLinks(ctx context.Context, tx *Tx, a *passerelle.Actor, id int64) (map[string][]int64, error) {
	out := map[string][]int64{}
	if a.System {
		return out, nil
	}
	for kind, lt := range linkTables {
		if !lt.vis {
			continue
		}
		rows, err := tx.QueryContext(ctx, `SELECT l.target_id FROM opportunity_links l
			JOIN `+lt.table+` t ON t.workspace_id = l.workspace_id AND t.id = l.target_id
			WHERE l.workspace_id = $1 AND l.opportunity_id = $2 AND l.kind = $3 AND t.visibility <> 'shared'
			AND (t.owner_member_id IS NULL OR t.owner_member_id <> $4) ORDER BY l.position`, a.WorkspaceID, id, kind, a.MemberID)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var t int64
			if err := rows.Scan(&t); err != nil {
				rows.Close()
				return nil, err
			}
			out[kind] = append(out[kind], t)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// DeleteOpportunity removes an opportunity; projects that named it keep their money.
func (s *PipelineService) DeleteOpportunity(ctx context.Context, id int64) error {
	return s.db.update(ctx, func(tx *Tx, a *passerelle.Actor) error {
		old, err := findOpportunity(ctx, tx, a, id)
		if err != nil {
			return err
		}
		if err := canEditMemberRecord(a, old.Visibility, old.OwnerMemberID, old.MemberID); err != nil {
			return err
		}
		// The projects that name it keep their money and lose the link. Done here, not
		// by the foreign key: its SET NULL would null the workspace column too.
		if _, err := tx.ExecContext(ctx, `UPDATE projects SET opportunity_id = NULL, version = version + 1, updated_at = $3
			WHERE workspace_id = $1 AND opportunity_id = $2`, a.WorkspaceID, id, tx.now); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM opportunities WHERE workspace_id = $1 AND id = $2`, a.WorkspaceID, id); err != nil {
			return err
		}
		return writeAudit(ctx, tx, a, "delete", "opportunity", id, old.Title, diff(opportunityFields(old), nil), old.Visibility, old.OwnerMemberID)
	})
}

// Projects.

const projectColumns = `p.id, p.workspace_id, p.kind, COALESCE(p.ref, ''), p.acronym, p.title, COALESCE(p.member_id, 0),
	COALESCE(p.client_org_id, 0), p.client_name, p.client_country, p.programme, p.call_id, p.topic, p.role, p.start_date, p.end_date,
	p.signed_on, p.currency, p.rate, COALESCE(p.opportunity_id, 0), p.notes, p.source, p.visibility, COALESCE(p.owner_member_id, 0),
	p.version, p.created_at, p.updated_at`

func scanProject(sc interface{ Scan(...any) error }) (*passerelle.Project, error) {
	p := &passerelle.Project{}
	err := sc.Scan(&p.ID, &p.WorkspaceID, &p.Kind, &p.Ref, &p.Acronym, &p.Title, &p.MemberID, &p.ClientID, &p.ClientName,
		&p.ClientCountry, &p.Programme, &p.CallID, &p.Topic, &p.Role, &p.StartDate, &p.EndDate, &p.SignedOn, &p.Currency, &p.Rate,
		&p.OpportunityID, &p.Notes, &p.Source, &p.Visibility, &p.OwnerMemberID, &p.Version, &p.CreatedAt, &p.UpdatedAt)
	return p, err
}

func projectFields(p *passerelle.Project) map[string]any {
	m := map[string]any{"kind": string(p.Kind), "ref": p.Ref, "acronym": p.Acronym, "title": p.Title, "member_id": p.MemberID,
		"client_organization_id": p.ClientID, "client_country": p.ClientCountry, "programme": p.Programme, "call_id": p.CallID,
		"topic": p.Topic, "role": p.Role, "start_date": p.StartDate, "end_date": p.EndDate, "signed_on": p.SignedOn,
		"currency": p.Currency, "rate": p.Rate, "opportunity_id": p.OpportunityID, "notes": p.Notes, "visibility": string(p.Visibility)}
	var am, pa []string
	for _, a := range p.Amounts {
		am = append(am, strconv.Itoa(a.Year)+":"+strconv.FormatInt(a.AmountCents, 10))
	}
	for _, x := range p.Participations {
		pa = append(pa, strconv.FormatInt(x.OrganizationID, 10)+":"+x.Role+":"+strconv.FormatInt(x.AmountCents, 10))
	}
	m["amounts"], m["participations"] = strings.Join(am, " "), strings.Join(pa, " ")
	if len(p.Shares) > 0 {
		var sh []string
		for _, x := range p.Shares {
			part := strconv.FormatInt(x.MemberID, 10) + ":" + x.Role
			for _, a := range x.Amounts {
				part += ":" + strconv.Itoa(a.Year) + "=" + strconv.FormatInt(a.AmountCents, 10)
			}
			sh = append(sh, part)
		}
		m["shares"] = strings.Join(sh, " ")
	}
	return m
}

// FindProjectByID returns a project the actor may read, with its amounts and
// participations (organisations the reader may not see are left out).
func (s *PipelineService) FindProjectByID(ctx context.Context, id int64) (*passerelle.Project, error) {
	a, err := passerelle.RequireActor(ctx)
	if err != nil {
		return nil, err
	}
	return findProject(ctx, s.db.read, a, id)
}

func findProject(ctx context.Context, q queryer, a *passerelle.Actor, id int64) (*passerelle.Project, error) {
	w := &where{}
	w.scope(a, "p")
	w.add("p.id = ?", id)
	p, err := scanProject(q.QueryRowContext(ctx, `SELECT `+projectColumns+` FROM projects p`+w.String(), w.args...))
	if err != nil {
		return nil, classify(err, "project")
	}
	return p, loadProjectDetails(ctx, q, a, []*passerelle.Project{p})
}

// FindProjects lists the projects the actor may read.
func (s *PipelineService) FindProjects(ctx context.Context, f passerelle.ProjectFilter) ([]*passerelle.Project, int, error) {
	a, err := passerelle.RequireActor(ctx)
	if err != nil {
		return nil, 0, err
	}
	if f.Country, err = countryParam(f.Country); err != nil {
		return nil, 0, err
	}
	if f.Shared {
		a = sharedReader(a)
	}
	w := &where{}
	w.scope(a, "p")
	if f.Kind != "" {
		w.add("p.kind = ?", string(f.Kind))
	}
	projectInCountry(w, a, f.Country)
	if f.Abroad {
		home, err := homeCountry(ctx, s.db.read, a.WorkspaceID, f.MemberID)
		if err != nil {
			return nil, 0, err
		}
		foreignCountry(w, "p.client_country", home)
	}
	if f.WithMember {
		w.add("p.member_id IS NOT NULL")
	}
	if f.MemberID != 0 {
		// Its own projects and those it has a part in.
		w.add("(p.member_id = ? OR EXISTS (SELECT 1 FROM project_members s WHERE s.workspace_id = p.workspace_id AND s.project_id = p.id AND s.member_id = ?))",
			f.MemberID, f.MemberID)
	}
	if f.OpportunityID != 0 {
		w.add("p.opportunity_id = ?", f.OpportunityID)
	}
	if f.OrganizationID != 0 {
		w.add("(p.client_org_id = ? OR EXISTS (SELECT 1 FROM participations x WHERE x.workspace_id = p.workspace_id AND x.project_id = p.id AND x.organization_id = ?))",
			f.OrganizationID, f.OrganizationID)
	}
	if f.Year != 0 {
		w.add("(p.start_year = ? OR EXISTS (SELECT 1 FROM project_amounts y WHERE y.workspace_id = p.workspace_id AND y.project_id = p.id AND y.year = ?))", f.Year, f.Year)
	}
	var total int
	if err := s.db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM projects p`+w.String(), w.args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := s.db.read.QueryContext(ctx, `SELECT `+projectColumns+` FROM projects p`+w.String()+
		` ORDER BY p.start_date DESC, p.id DESC LIMIT `+strconv.Itoa(limitOf(f.Limit, 100, 1000))+` OFFSET `+strconv.Itoa(max(f.Offset, 0)), w.args...)
	if err != nil {
		return nil, 0, err
	}
	var out []*passerelle.Project
	for rows.Next() {
		p, err := scanProject(rows)
		if err != nil {
			rows.Close()
			return nil, 0, err
		}
		out = append(out, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	return out, total, loadProjectDetails(ctx, s.db.read, a, out)
}

func loadProjectDetails(ctx context.Context, q queryer, a *passerelle.Actor, ps []*passerelle.Project) error {
	if len(ps) == 0 {
		return nil
	}
	byID := map[int64]*passerelle.Project{}
	ids := make([]int64, 0, len(ps))
	for _, p := range ps {
		byID[p.ID] = p
		ids = append(ids, p.ID)
		p.Amounts, p.Shares = []passerelle.ProjectAmount{}, nil
	}
	if err := loadProjectShares(ctx, q, a, byID, ids); err != nil {
		return err
	}
	rows, err := q.QueryContext(ctx, `SELECT project_id, year, amount_cents, eur_cents FROM project_amounts
		WHERE workspace_id = $1 AND project_id IN (`+idList(ids)+`) ORDER BY project_id, year`, a.WorkspaceID)
	if err != nil {
		return err
	}
	for rows.Next() {
		var id int64
		var pa passerelle.ProjectAmount
		if err := rows.Scan(&id, &pa.Year, &pa.AmountCents, &pa.EURCents); err != nil {
			rows.Close()
			return err
		}
		byID[id].Amounts = append(byID[id].Amounts, pa)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	// A client the reader may not see (another member's private organisation) is not
	// named; its id stays, so that a save by this reader is refused rather than dropping
	// the client.
	var clients []int64
	for _, p := range ps {
		if p.ClientID != 0 {
			clients = append(clients, p.ClientID)
		}
	}
	if len(clients) > 0 && !a.System {
		seen := map[int64]bool{}
		rows, err := q.QueryContext(ctx, `SELECT id FROM organizations WHERE workspace_id = $1 AND id IN (`+idList(clients)+`)
			AND (visibility = 'shared' OR owner_member_id = $2)`, a.WorkspaceID, a.MemberID)
		if err != nil {
			return err
		}
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			seen[id] = true
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, p := range ps {
			if p.ClientID != 0 && !seen[p.ClientID] {
				p.ClientName = ""
			}
		}
	}
	rows, err = q.QueryContext(ctx, `SELECT x.project_id, x.organization_id, o.name, o.country, x.role, x.amount_cents
		FROM participations x JOIN organizations o ON o.workspace_id = x.workspace_id AND o.id = x.organization_id
		WHERE x.workspace_id = $1 AND x.project_id IN (`+idList(ids)+`) AND ($2 OR o.visibility = 'shared' OR o.owner_member_id = $3)
		ORDER BY x.project_id, x.position`, a.WorkspaceID, a.System, a.MemberID)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var x passerelle.Participation
		if err := rows.Scan(&id, &x.OrganizationID, &x.Name, &x.Country, &x.Role, &x.AmountCents); err != nil {
			return err
		}
		byID[id].Participations = append(byID[id].Participations, x)
	}
	return rows.Err()
}

// loadProjectShares fills the other members' parts of the projects, with their money.
func loadProjectShares(ctx context.Context, q queryer, a *passerelle.Actor, byID map[int64]*passerelle.Project, ids []int64) error {
	rows, err := q.QueryContext(ctx, `SELECT project_id, member_id, role FROM project_members
		WHERE workspace_id = $1 AND project_id IN (`+idList(ids)+`) ORDER BY project_id, position`, a.WorkspaceID)
	if err != nil {
		return err
	}
	for rows.Next() {
		var id int64
		var sh passerelle.ProjectShare
		if err := rows.Scan(&id, &sh.MemberID, &sh.Role); err != nil {
			rows.Close()
			return err
		}
		sh.Amounts = []passerelle.ProjectAmount{}
		byID[id].Shares = append(byID[id].Shares, sh)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	rows, err = q.QueryContext(ctx, `SELECT project_id, member_id, year, amount_cents, eur_cents FROM project_member_amounts
		WHERE workspace_id = $1 AND project_id IN (`+idList(ids)+`) ORDER BY project_id, member_id, year`, a.WorkspaceID)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id, member int64
		var am passerelle.ProjectAmount
		if err := rows.Scan(&id, &member, &am.Year, &am.AmountCents, &am.EURCents); err != nil {
			return err
		}
		p := byID[id]
		for i := range p.Shares {
			if p.Shares[i].MemberID == member {
				p.Shares[i].Amounts = append(p.Shares[i].Amounts, am)
			}
		}
	}
	return rows.Err()
}

// prepareProject checks a project against the records it names: its member, its client
// (whose name and country it copies, unless the project names a country of its own),
// its opportunity (unless it is keptOpportunity, the one it already names: a member with
// a part may not read the project member's private opportunity) and the organisations
// in it.
func prepareProject(ctx context.Context, tx *Tx, a *passerelle.Actor, p *passerelle.Project, keptOpportunity int64) error {
	if err := p.Validate(); err != nil {
		return err
	}
	if err := checkMember(ctx, tx, a, "member_id", p.MemberID); err != nil {
		return err
	}
	for i, sh := range p.Shares {
		if err := checkMember(ctx, tx, a, "shares["+strconv.Itoa(i)+"].member_id", sh.MemberID); err != nil {
			return err
		}
	}
	if p.ClientID != 0 {
		w := &where{}
		w.scope(a, "")
		w.add("id = ?", p.ClientID)
		var name, country string
		if err := tx.QueryRowContext(ctx, `SELECT name, country FROM organizations`+w.String(), w.args...).Scan(&name, &country); err != nil {
			if err == sql.ErrNoRows {
				return passerelle.FieldError("client_organization_id", "a linked record does not exist or is not yours to see")
			}
			return err
		}
		p.ClientName = name
		if p.ClientCountry == "" {
			p.ClientCountry = country
		}
	}
	if p.OpportunityID != 0 && p.OpportunityID != keptOpportunity {
		if _, err := findOpportunity(ctx, tx, a, p.OpportunityID); err != nil {
			return passerelle.FieldError("opportunity_id", "a linked record does not exist or is not yours to see")
		}
	}
	orgs := make([]int64, 0, len(p.Participations))
	seen := map[int64]bool{}
	for _, x := range p.Participations {
		if !seen[x.OrganizationID] {
			seen[x.OrganizationID] = true
			orgs = append(orgs, x.OrganizationID)
		}
	}
	if err := checkReadable(ctx, tx, a, "organization", "participations", orgs); err != nil {
		return err
	}
	var err error
	p.OwnerMemberID, err = ownerOf(p.Visibility, p.MemberID)
	return err
}

func writeProjectRows(ctx context.Context, tx *Tx, p *passerelle.Project, replace bool) error {
	if replace {
		for _, t := range []string{"project_amounts", "participations", "project_member_amounts", "project_members"} {
			if _, err := tx.ExecContext(ctx, `DELETE FROM `+t+` WHERE workspace_id = $1 AND project_id = $2`, p.WorkspaceID, p.ID); err != nil {
				return err
			}
		}
	}
	for _, am := range p.Amounts {
		if _, err := tx.ExecContext(ctx, `INSERT INTO project_amounts (workspace_id, project_id, year, amount_cents, eur_cents) VALUES ($1, $2, $3, $4, $5)`,
			p.WorkspaceID, p.ID, am.Year, am.AmountCents, am.EURCents); err != nil {
			return err
		}
	}
	for i, x := range p.Participations {
		if _, err := tx.ExecContext(ctx, `INSERT INTO participations (workspace_id, project_id, position, organization_id, role, amount_cents) VALUES ($1, $2, $3, $4, $5, $6)`,
			p.WorkspaceID, p.ID, i, x.OrganizationID, x.Role, x.AmountCents); err != nil {
			return classify(err, "participation")
		}
	}
	for i, sh := range p.Shares {
		if _, err := tx.ExecContext(ctx, `INSERT INTO project_members (workspace_id, project_id, member_id, position, role) VALUES ($1, $2, $3, $4, $5)`,
			p.WorkspaceID, p.ID, sh.MemberID, i, sh.Role); err != nil {
			return classify(err, "project")
		}
		for _, am := range sh.Amounts {
			if _, err := tx.ExecContext(ctx, `INSERT INTO project_member_amounts (workspace_id, project_id, member_id, year, amount_cents, eur_cents)
				VALUES ($1, $2, $3, $4, $5, $6)`, p.WorkspaceID, p.ID, sh.MemberID, am.Year, am.AmountCents, am.EURCents); err != nil {
				return err
			}
		}
	}
	return nil
}

func insertProject(ctx context.Context, tx *Tx, a *passerelle.Actor, p *passerelle.Project, action string) error {
	p.WorkspaceID, p.CreatedAt, p.UpdatedAt = a.WorkspaceID, tx.now, tx.now
	err := tx.QueryRowContext(ctx, `INSERT INTO projects (workspace_id, kind, ref, acronym, title, member_id, client_org_id, client_name,
		client_country, programme, call_id, topic, role, start_date, end_date, start_year, signed_on, currency, rate, opportunity_id, notes,
		source, visibility, owner_member_id, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14,
		$15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $25) RETURNING id`,
		p.WorkspaceID, string(p.Kind), nullString(p.Ref), p.Acronym, p.Title, nullID(p.MemberID), nullID(p.ClientID), p.ClientName,
		p.ClientCountry, p.Programme, p.CallID, p.Topic, p.Role, p.StartDate, p.EndDate, p.StartYear(), p.SignedOn, p.Currency, p.Rate,
		nullID(p.OpportunityID), p.Notes, p.Source, string(p.Visibility), nullID(p.OwnerMemberID), p.CreatedAt).Scan(&p.ID)
	p.Version = 1 // the column's default
	if err != nil {
		if passerelle.ErrorCode(classify(err, "project")) == passerelle.ECONFLICT {
			return passerelle.FieldError("ref", "another project of this kind has this reference")
		}
		return classify(err, "project")
	}
	if err := writeProjectRows(ctx, tx, p, false); err != nil {
		return err
	}
	return writeAudit(ctx, tx, a, action, "project", p.ID, p.Title, diff(nil, projectFields(p)), p.Visibility, p.OwnerMemberID)
}

func updateProject(ctx context.Context, tx *Tx, a *passerelle.Actor, old, p *passerelle.Project) (bool, error) {
	p.WorkspaceID, p.CreatedAt, p.Source = old.WorkspaceID, old.CreatedAt, old.Source
	changes := diff(projectFields(old), projectFields(p))
	if len(changes) == 0 {
		*p = *old
		return false, nil
	}
	p.UpdatedAt = tx.now
	var err error
	if p.Version, err = bumpVersion(ctx, tx, "projects", p.WorkspaceID, p.ID, old.Version); err != nil {
		return false, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE projects SET kind = $1, ref = $2, acronym = $3, title = $4, member_id = $5, client_org_id = $6,
		client_name = $7, client_country = $8, programme = $9, call_id = $10, topic = $11, role = $12, start_date = $13, end_date = $14,
		start_year = $15, signed_on = $16, currency = $17, rate = $18, opportunity_id = $19, notes = $20, visibility = $21,
		owner_member_id = $22, updated_at = $23 WHERE workspace_id = $24 AND id = $25`,
		string(p.Kind), nullString(p.Ref), p.Acronym, p.Title, nullID(p.MemberID), nullID(p.ClientID), p.ClientName, p.ClientCountry,
		p.Programme, p.CallID, p.Topic, p.Role, p.StartDate, p.EndDate, p.StartYear(), p.SignedOn, p.Currency, p.Rate,
		nullID(p.OpportunityID), p.Notes, string(p.Visibility), nullID(p.OwnerMemberID), p.UpdatedAt, p.WorkspaceID, p.ID); err != nil {
		return false, classify(err, "project")
	}
	if err := writeProjectRows(ctx, tx, p, true); err != nil {
		return false, err
	}
	return true, auditUpdate(ctx, tx, a, "project", p.ID, old.Title, p.Title, changes, p.Visibility, p.OwnerMemberID)
}

// hiddenParticipations returns a project's participations of organisations the actor
// may not see (another member's private records), in their order.
func hiddenParticipations(ctx context.Context, tx *Tx, a *passerelle.Actor, id int64) ([]passerelle.Participation, error) {
	if a.System {
		return nil, nil
	}
	rows, err := tx.QueryContext(ctx, `SELECT x.organization_id, x.role, x.amount_cents
		FROM participations x JOIN organizations o ON o.workspace_id = x.workspace_id AND o.id = x.organization_id
		WHERE x.workspace_id = $1 AND x.project_id = $2 AND o.visibility <> 'shared' AND (o.owner_member_id IS NULL OR o.owner_member_id <> $3)
		ORDER BY x.position`, a.WorkspaceID, id, a.MemberID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []passerelle.Participation
	for rows.Next() {
		var x passerelle.Participation
		if err := rows.Scan(&x.OrganizationID, &x.Role, &x.AmountCents); err != nil {
			return nil, err
		}
		out = append(out, x)
	}
	return out, rows.Err()
}

// CreateProject stores a new project or contract of the actor's member (a manager may
// name another member).
func (s *PipelineService) CreateProject(ctx context.Context, p *passerelle.Project) error {
	return s.db.update(ctx, func(tx *Tx, a *passerelle.Actor) error {
		if err := memberFor(a, &p.MemberID); err != nil {
			return err
		}
		if err := prepareProject(ctx, tx, a, p, 0); err != nil {
			return err
		}
		return insertProject(ctx, tx, a, p, "create")
	})
}

// UpdateProject replaces a project's fields, amounts and participations with p's. A
// version other than the stored one (0: none sent) is refused (ESTALE) with the current
// record.
//
// Who changes what on a project several members share (docs/pipeline.md): the project's
// member's writers (and managers) the whole record, the other members' parts included —
// the lead holds the consortium or contract agreement that fixes the split; a writer of a
// member with a part its own part only (its role and money, or withdrawing it), since
// that part is its member's own figure.
func (s *PipelineService) UpdateProject(ctx context.Context, p *passerelle.Project) error {
	err := s.db.update(ctx, func(tx *Tx, a *passerelle.Actor) error {
		old, err := findProject(ctx, tx, a, p.ID)
		if err != nil {
			return err
		}
		partOnly := false
		if err := canEditMemberRecord(a, old.Visibility, old.OwnerMemberID, old.MemberID); err != nil {
			if !a.Role.CanWrite() || !hasPart(old, a.MemberID) {
				return err
			}
			partOnly = true
		}
		if p.MemberID != old.MemberID {
			if err := memberFor(a, &p.MemberID); err != nil {
				return err
			}
		}
		if p.Visibility == "" {
			p.Visibility = old.Visibility
		}
		if err := canChangeVisibility(a, old.Visibility, p.Visibility, old.OwnerMemberID); err != nil {
			return err
		}
		if err := prepareProject(ctx, tx, a, p, old.OpportunityID); err != nil {
			return err
		}
		if err := checkVersion(p.Version, old.Version); err != nil {
			return err
		}
		if partOnly && len(diff(projectFields(withoutPart(old, a.MemberID)), projectFields(withoutPart(p, a.MemberID)))) > 0 {
			return passerelle.Errorf(passerelle.EFORBIDDEN, "this project belongs to another member: you may change only your own member's part")
		}
		// Organisations the actor may not see were left out of what it read: they stay.
		hidden, err := hiddenParticipations(ctx, tx, a, p.ID)
		if err != nil {
			return err
		}
		old.Participations = append(old.Participations, hidden...)
		seen := len(p.Participations)
		p.Participations = append(p.Participations, hidden...)
		_, err = updateProject(ctx, tx, a, old, p)
		p.Participations = p.Participations[:seen] // the caller reads what it may see
		return err
	})
	if err != nil {
		return withCurrent(err, func() (*passerelle.Project, error) { return s.FindProjectByID(ctx, p.ID) })
	}
	return nil
}

// hasPart tells whether member has a part in p (besides p's own member).
func hasPart(p *passerelle.Project, member int64) bool {
	if member == 0 {
		return false
	}
	for _, sh := range p.Shares {
		if sh.MemberID == member {
			return true
		}
	}
	return false
}

// withoutPart is p without member's part: what a member with a part may not change.
func withoutPart(p *passerelle.Project, member int64) *passerelle.Project {
	q := *p
	q.Shares = nil
	for _, sh := range p.Shares {
		if sh.MemberID != member {
			q.Shares = append(q.Shares, sh)
		}
	}
	return &q
}

// DeleteProject removes a project with its amounts and participations.
func (s *PipelineService) DeleteProject(ctx context.Context, id int64) error {
	return s.db.update(ctx, func(tx *Tx, a *passerelle.Actor) error {
		old, err := findProject(ctx, tx, a, id)
		if err != nil {
			return err
		}
		if err := canEditMemberRecord(a, old.Visibility, old.OwnerMemberID, old.MemberID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM projects WHERE workspace_id = $1 AND id = $2`, a.WorkspaceID, id); err != nil {
			return err
		}
		return writeAudit(ctx, tx, a, "delete", "project", id, old.Title, diff(projectFields(old), nil), old.Visibility, old.OwnerMemberID)
	})
}
