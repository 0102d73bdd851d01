package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"passerelle"
)

// MissionService keeps prospection missions, their targets and advisers, and the
// debriefs (docs/missions.md). Missions are the workspace's; a debrief is private to its
// member and the mission's organisers (Actor.CanReadDebrief).
type MissionService struct{ db *DB }

func NewMissionService(db *DB) *MissionService { return &MissionService{db: db} }

const missionColumns = `id, workspace_id, slug, name, context, destination, start_date, end_date, time_zone, day_start, day_end,
	meeting_minutes, venue, COALESCE(organiser_id, 0), COALESCE(lead_person_id, 0), COALESCE(plan_job_id, 0), created_at, updated_at,
	kind, venues, travel, status, budget_cents, budget_currency, COALESCE(agreement_id, 0)`

// FindMission returns a mission of the actor's workspace by slug or id, with its advisers
// and targets.
func (s *MissionService) FindMission(ctx context.Context, ref string) (*passerelle.Mission, error) {
	a, err := passerelle.RequireActor(ctx)
	if err != nil {
		return nil, err
	}
	cond, arg := "slug = $2", any(ref)
	if id, err := strconv.ParseInt(ref, 10, 64); err == nil {
		cond, arg = "id = $2", id
	}
	m := &passerelle.Mission{}
	var kind, venues, travel, status string
	var budget sql.NullInt64
	err = s.db.read.QueryRowContext(ctx, `SELECT `+missionColumns+` FROM missions WHERE workspace_id = $1 AND `+cond, a.WorkspaceID, arg).Scan(
		&m.ID, &m.WorkspaceID, &m.Slug, &m.Name, &m.Context, &m.Destination, &m.StartDate, &m.EndDate, &m.TimeZone, &m.DayStart, &m.DayEnd,
		&m.MeetingMinutes, &m.Venue, &m.OrganiserID, &m.LeadPersonID, &m.PlanJobID, &m.CreatedAt, &m.UpdatedAt, &kind, &venues, &travel,
		&status, &budget, &m.BudgetCurrency, &m.AgreementID)
	if err != nil {
		return nil, classify(err, "mission")
	}
	m.Status = passerelle.MissionStatus(status)
	if budget.Valid {
		m.BudgetCents = &budget.Int64
		m.Budget = passerelle.FormatCents(budget.Int64)
	}
	if m.AgreementID != 0 {
		title, readable, err := agreementTitle(ctx, s.db.read, a, m.AgreementID)
		if err != nil {
			return nil, err
		}
		switch {
		case readable:
			m.AgreementTitle = title
		case title != "":
			// Another member's private agreement: that there is one, not which.
			m.AgreementID, m.AgreementPrivate = 0, true
		default:
			m.AgreementID = 0 // deleted since
		}
	}
	m.Kind, m.Venues, m.Travel = passerelle.MissionKind(kind), []passerelle.MissionVenue{}, []passerelle.MissionTravel{}
	if err := json.Unmarshal([]byte(venues), &m.Venues); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(travel), &m.Travel); err != nil {
		return nil, err
	}
	m.AdviserIDs, m.Targets = []int64{}, []passerelle.MissionTarget{}
	if err := loadMissionMembers(ctx, s.db.read, a, m); err != nil {
		return nil, err
	}
	rows, err := s.db.read.QueryContext(ctx, `SELECT user_id FROM mission_advisers WHERE workspace_id = $1 AND mission_id = $2 ORDER BY position`, a.WorkspaceID, m.ID)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, err
		}
		m.AdviserIDs = append(m.AdviserIDs, id)
	}
	rows.Close()
	// Targets the reader may not see (another member's private organisation) are left out.
	rows, err = s.db.read.QueryContext(ctx, `SELECT t.organization_id, o.name, t.group_key, t.why, t.availability, t.venue FROM mission_targets t
		JOIN organizations o ON o.workspace_id = t.workspace_id AND o.id = t.organization_id
		WHERE t.workspace_id = $1 AND t.mission_id = $2 AND ($3 OR o.visibility = 'shared' OR o.owner_member_id = $4)
		ORDER BY t.group_key, o.name`, a.WorkspaceID, m.ID, a.System, a.MemberID)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var t passerelle.MissionTarget
		if err := rows.Scan(&t.OrganizationID, &t.Name, &t.Group, &t.Why, &t.Availability, &t.Venue); err != nil {
			rows.Close()
			return nil, err
		}
		m.Targets = append(m.Targets, t)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return m, loadTargetWishes(ctx, s.db.read, a, m)
}

// ValidateMission checks a mission's own fields as CreateMission and UpdateMission do,
// saving nothing: a form refused for another reason names these problems with it.
func ValidateMission(m *passerelle.Mission) error { return validateMission(m) }

// Validate checks a mission's own fields, naming each.
func validateMission(m *passerelle.Mission) error {
	p := passerelle.Problems{}
	if m.DayStart == "" {
		m.DayStart = "09:00"
	}
	if m.DayEnd == "" {
		m.DayEnd = "17:00"
	}
	m.Slug, m.Name = strings.TrimSpace(m.Slug), strings.TrimSpace(m.Name)
	if m.Slug == "" || len(m.Slug) > 100 || strings.ContainsAny(m.Slug, " /?#") {
		p.Add("slug", "required: letters, digits and dashes")
	}
	if m.Name == "" || len(m.Name) > 500 {
		p.Add("name", "required, at most 500 characters")
	}
	a, errA := time.Parse(time.DateOnly, m.StartDate)
	b, errB := time.Parse(time.DateOnly, m.EndDate)
	if errA != nil || a.Year() < passerelle.MinDateYear {
		p.Add("start_date", "a date such as 2014-09-22")
	}
	if errB != nil || b.Year() < passerelle.MinDateYear {
		p.Add("end_date", "a date such as 2014-09-24")
	} else if errA == nil && b.Before(a) {
		p.Add("end_date", "the end must not come before the start")
	}
	if _, err := time.LoadLocation(m.TimeZone); err != nil || m.TimeZone == "" || m.TimeZone == "Local" {
		p.Add("time_zone", "an IANA name such as Europe/Copenhagen")
	}
	if m.MeetingMinutes < 5 || m.MeetingMinutes > 480 {
		p.Add("meeting_minutes", "between %d and %d", 5, 480)
	}
	ds, errS := time.Parse("15:04", m.DayStart)
	de, errE := time.Parse("15:04", m.DayEnd)
	switch {
	case errS != nil:
		p.Add("day_start", "a time such as 09:00")
	case errE != nil:
		p.Add("day_end", "a time such as 17:00")
	case !de.After(ds):
		p.Add("day_end", "the day must end after it starts")
	case m.MeetingMinutes >= 5 && de.Sub(ds) < time.Duration(m.MeetingMinutes)*time.Minute:
		p.Add("meeting_minutes", "a meeting of %d minutes does not fit in the day from %s to %s", m.MeetingMinutes, m.DayStart, m.DayEnd)
	}
	if m.Kind == "" {
		m.Kind = passerelle.MissionOutgoing
	}
	if m.Kind != passerelle.MissionOutgoing && m.Kind != passerelle.MissionIncoming {
		p.Add("kind", "outgoing or incoming")
	}
	if m.Status == "" {
		m.Status = passerelle.MissionDraft
	}
	if !slices.Contains(passerelle.MissionStatuses, m.Status) {
		p.Add("status", "draft, planned, under_way, done or cancelled")
	}
	m.Budget = ""
	if m.BudgetCents != nil {
		if *m.BudgetCents < 0 || *m.BudgetCents > passerelle.MaxAmountCents {
			p.Add("budget", "an amount of at least 0 and at most %s", passerelle.FormatCents(passerelle.MaxAmountCents))
		} else {
			m.Budget = passerelle.FormatCents(*m.BudgetCents)
		}
	}
	m.BudgetCurrency = strings.ToUpper(strings.TrimSpace(m.BudgetCurrency))
	if m.BudgetCurrency == "" {
		m.BudgetCurrency = "EUR"
	}
	if len(m.BudgetCurrency) != 3 || strings.Trim(m.BudgetCurrency, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != "" {
		p.Add("budget_currency", "a currency code of three letters, such as EUR")
	}
	if m.AgreementID < 0 {
		p.Add("agreement_id", "an agreement of the register")
	}
	validateVenues(m, p)
	seen := map[int64]bool{}
	for i, t := range m.Targets {
		if t.OrganizationID <= 0 || seen[t.OrganizationID] {
			p.Add(fmt.Sprintf("targets[%d].organization_id", i), "an organisation, each once")
		}
		seen[t.OrganizationID] = true
		if strings.TrimSpace(t.Group) == "" {
			m.Targets[i].Group = strconv.FormatInt(t.OrganizationID, 10)
		}
		if err := checkTarget(m, &m.Targets[i]); err != nil {
			for f, msg := range passerelle.ErrorFieldMsgs(err) {
				p.AddMsg(fmt.Sprintf("targets[%d].%s", i, f), msg)
			}
		}
	}
	return p.Err()
}

// validateVenues checks the mission's venues (names unique) and travel times (between
// two of its venues, in minutes).
func validateVenues(m *passerelle.Mission, p passerelle.Problems) {
	if m.Venues == nil {
		m.Venues = []passerelle.MissionVenue{}
	}
	if m.Travel == nil {
		m.Travel = []passerelle.MissionTravel{}
	}
	if len(m.Venues) > 50 {
		p.Add("venues", "at most %d", 50)
	}
	names := map[string]bool{}
	for i := range m.Venues {
		v := &m.Venues[i]
		v.Name, v.Address = strings.TrimSpace(v.Name), strings.TrimSpace(v.Address)
		if v.Name == "" || len(v.Name) > 200 || names[passerelle.Fold(v.Name)] {
			p.Add(fmt.Sprintf("venues[%d].name", i), "required, at most 200 characters, each venue once")
		}
		names[passerelle.Fold(v.Name)] = true
		if len(v.Address) > 500 {
			p.Add(fmt.Sprintf("venues[%d].address", i), "at most 500 characters")
		}
	}
	for i := range m.Travel {
		t := &m.Travel[i]
		t.From, t.To = strings.TrimSpace(t.From), strings.TrimSpace(t.To)
		if !names[passerelle.Fold(t.From)] {
			p.Add(fmt.Sprintf("travel[%d].from", i), "no venue %q in the mission", t.From)
		}
		if !names[passerelle.Fold(t.To)] {
			p.Add(fmt.Sprintf("travel[%d].to", i), "no venue %q in the mission", t.To)
		}
		if t.Minutes < 0 || t.Minutes > 600 {
			p.Add(fmt.Sprintf("travel[%d].minutes", i), "between %d and %d", 0, 600)
		}
	}
}

// checkTarget normalises and checks what a target says beyond its organisation: why,
// its group, its availability (within the mission's days) and its venue (one of the
// mission's). Problems are named by the target's field.
func checkTarget(m *passerelle.Mission, t *passerelle.MissionTarget) error {
	p := passerelle.Problems{}
	t.Why, t.Group = strings.TrimSpace(t.Why), strings.TrimSpace(t.Group)
	t.Availability, t.Venue = strings.TrimSpace(t.Availability), strings.TrimSpace(t.Venue)
	if len(t.Why) > 2000 {
		p.Add("why", "at most %d characters", 2000)
	}
	if len(t.Group) > 200 {
		p.Add("group", "at most %d characters", 200)
	}
	if len(t.Availability) > 2000 {
		p.Add("availability", "at most %d characters", 2000)
	} else if ws, err := passerelle.ParseAvailability(t.Availability); err != nil {
		p.AddMsg("availability", passerelle.ErrorMsg(err))
	} else {
		for _, w := range ws {
			if w.Date < m.StartDate || w.Date > m.EndDate {
				p.Add("availability", "%s is not a day of the mission (%s to %s)", w.Date, m.StartDate, m.EndDate)
				break
			}
		}
	}
	checkWishes(m, t, p)
	if t.Venue != "" {
		found := false
		for _, v := range m.Venues {
			if passerelle.Fold(v.Name) == passerelle.Fold(t.Venue) {
				t.Venue, found = v.Name, true
			}
		}
		if !found {
			p.Add("venue", "no venue %q in the mission", t.Venue)
		}
	}
	return p.Err()
}

// CreateMission stores a new mission with its advisers and targets.
func (s *MissionService) CreateMission(ctx context.Context, m *passerelle.Mission) error {
	if err := validateMission(m); err != nil {
		return err
	}
	return s.db.update(ctx, func(tx *Tx, a *passerelle.Actor) error {
		m.WorkspaceID, m.CreatedAt, m.UpdatedAt = a.WorkspaceID, tx.now, tx.now
		venues, travel := jsonText(m.Venues), jsonText(m.Travel)
		if err := checkAgreement(ctx, tx, a, m, 0); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO missions (workspace_id, slug, name, context, destination, start_date, end_date,
			time_zone, day_start, day_end, meeting_minutes, venue, organiser_id, lead_person_id, created_at, updated_at, kind, venues, travel,
			status, budget_cents, budget_currency, agreement_id)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15, $16, $17, $18, $19, $20, $21, $22) RETURNING id`,
			a.WorkspaceID, m.Slug, m.Name, m.Context, m.Destination, m.StartDate, m.EndDate, m.TimeZone, m.DayStart, m.DayEnd,
			m.MeetingMinutes, m.Venue, nullID(m.OrganiserID), nullID(m.LeadPersonID), tx.now, string(m.Kind), venues, travel,
			string(m.Status), m.BudgetCents, m.BudgetCurrency, nullID(m.AgreementID)).Scan(&m.ID); err != nil {
			if passerelle.ErrorCode(classify(err, "")) == passerelle.ECONFLICT {
				return passerelle.FieldError("slug", "another mission has the slug %s", m.Slug)
			}
			return classify(err, "mission")
		}
		if err := writeMissionLists(ctx, tx, a, m, true); err != nil {
			return err
		}
		return writeAudit(ctx, tx, a, "create", "mission", m.ID, m.Name, nil, passerelle.VisibilityShared, 0)
	})
}

// SetPlanJob records the scheduling job that placed the mission's programme: the next
// re-plan repairs it.
func (s *MissionService) SetPlanJob(ctx context.Context, missionID, jobID int64) error {
	return s.db.update(ctx, func(tx *Tx, a *passerelle.Actor) error {
		// A draft whose programme is planned is planned; a later status stays.
		r, err := tx.ExecContext(ctx, `UPDATE missions SET plan_job_id = $1, updated_at = $2,
			status = CASE WHEN status = 'draft' THEN 'planned' ELSE status END WHERE workspace_id = $3 AND id = $4`,
			jobID, tx.now, a.WorkspaceID, missionID)
		if err != nil {
			return err
		}
		if n, _ := r.RowsAffected(); n == 0 {
			return passerelle.Errorf(passerelle.ENOTFOUND, "mission not found")
		}
		return writeAudit(ctx, tx, a, "plan", "mission", missionID, fmt.Sprintf("programme: job %d", jobID), nil, passerelle.VisibilityShared, 0)
	})
}

// CreateDebrief stores a member's debrief of a mission (one per member).
func (s *MissionService) CreateDebrief(ctx context.Context, d *passerelle.Debrief) error {
	if d.Status == "" {
		d.Status = "draft"
	}
	if d.Status != "draft" && d.Status != "sent" {
		return passerelle.FieldError("status", "draft or sent")
	}
	return s.db.update(ctx, func(tx *Tx, a *passerelle.Actor) error {
		if !a.CanReadDebrief(d.Member.ID) {
			return passerelle.Errorf(passerelle.EFORBIDDEN, "only the member's users and the organisers write its debrief")
		}
		d.CreatedAt, d.UpdatedAt = tx.now, tx.now
		if err := tx.QueryRowContext(ctx, `INSERT INTO mission_debriefs (workspace_id, mission_id, member_id, body, status, created_at, updated_at)
			SELECT $1, m.id, $3, $4, $5, $6, $6 FROM missions m WHERE m.workspace_id = $1 AND m.id = $2 RETURNING id`,
			a.WorkspaceID, d.MissionID, d.Member.ID, d.Body, d.Status, tx.now).Scan(&d.ID); err != nil {
			if passerelle.ErrorCode(classify(err, "")) == passerelle.ECONFLICT {
				return passerelle.FieldError("member", "this member already has a debrief of the mission")
			}
			return classify(err, "mission")
		}
		for _, o := range d.Organizations {
			if _, err := tx.ExecContext(ctx, `INSERT INTO mission_debrief_orgs (workspace_id, debrief_id, organization_id, interest) VALUES ($1, $2, $3, $4)`,
				a.WorkspaceID, d.ID, o.OrganizationID, o.Interest); err != nil {
				return classify(err, "organization")
			}
		}
		return writeAudit(ctx, tx, a, "create", "debrief", d.ID, "debrief", nil, passerelle.VisibilityPrivate, d.Member.ID)
	})
}

// FindDebriefs lists the debriefs of a mission the actor may read: a member's users
// their member's, the organisers all.
func (s *MissionService) FindDebriefs(ctx context.Context, missionID int64) ([]*passerelle.Debrief, error) {
	return s.findDebriefs(ctx, missionID, 0)
}

// FindDebrief returns one debrief of a mission; another member's is not found.
func (s *MissionService) FindDebrief(ctx context.Context, missionID, id int64) (*passerelle.Debrief, error) {
	ds, err := s.findDebriefs(ctx, missionID, id)
	if err != nil {
		return nil, err
	}
	if len(ds) == 0 {
		return nil, passerelle.Errorf(passerelle.ENOTFOUND, "debrief not found")
	}
	return ds[0], nil
}

func (s *MissionService) findDebriefs(ctx context.Context, missionID, id int64) ([]*passerelle.Debrief, error) {
	a, err := passerelle.RequireActor(ctx)
	if err != nil {
		return nil, err
	}
	q := `SELECT d.id, d.mission_id, d.member_id, mb.name, d.body, d.status, d.created_at, d.updated_at FROM mission_debriefs d
		JOIN members mb ON mb.workspace_id = d.workspace_id AND mb.id = d.member_id
		WHERE d.workspace_id = $1 AND d.mission_id = $2`
	args := []any{a.WorkspaceID, missionID}
	if !a.System && !a.Role.CanManage() {
		q += ` AND d.member_id = $3`
		args = append(args, a.MemberID)
	}
	if id != 0 {
		q += fmt.Sprintf(` AND d.id = $%d`, len(args)+1)
		args = append(args, id)
	}
	rows, err := s.db.read.QueryContext(ctx, q+` ORDER BY mb.name`, args...)
	if err != nil {
		return nil, err
	}
	var out []*passerelle.Debrief
	byID := map[int64]*passerelle.Debrief{}
	for rows.Next() {
		d := &passerelle.Debrief{Organizations: []passerelle.DebriefInterest{}}
		if err := rows.Scan(&d.ID, &d.MissionID, &d.Member.ID, &d.Member.Name, &d.Body, &d.Status, &d.CreatedAt, &d.UpdatedAt); err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, d)
		byID[d.ID] = d
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return out, nil
	}
	rows, err = s.db.read.QueryContext(ctx, `SELECT x.debrief_id, x.organization_id, x.interest FROM mission_debrief_orgs x
		JOIN mission_debriefs d ON d.workspace_id = x.workspace_id AND d.id = x.debrief_id
		WHERE x.workspace_id = $1 AND d.mission_id = $2 ORDER BY x.organization_id`, a.WorkspaceID, missionID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var did int64
		var o passerelle.DebriefInterest
		if err := rows.Scan(&did, &o.OrganizationID, &o.Interest); err != nil {
			return nil, err
		}
		if d := byID[did]; d != nil {
			d.Organizations = append(d.Organizations, o)
		}
	}
	return out, rows.Err()
}

// agreementTitle reads an agreement's title, and whether the actor may read it: a
// private one of another member gives its title with readable false (for the caller to
// say only that there is one), a deleted one no title.
func agreementTitle(ctx context.Context, q queryer, a *passerelle.Actor, id int64) (title string, readable bool, err error) {
	var vis string
	var owner int64
	err = q.QueryRowContext(ctx, `SELECT title, visibility, COALESCE(owner_member_id, 0) FROM agreements WHERE workspace_id = $1 AND id = $2`,
		a.WorkspaceID, id).Scan(&title, &vis, &owner)
	if err == sql.ErrNoRows {
		return "", false, nil
	}
	if err != nil {
		return "", false, err
	}
	return title, a.System || vis == string(passerelle.VisibilityShared) || (owner != 0 && owner == a.MemberID), nil
}

// checkAgreement checks, in a write, the agreement a mission is to serve: one the actor
// may read. current is the one stored: when the actor may not read it (another member's
// private agreement), it stays, and only its member or the organisers change it.
func checkAgreement(ctx context.Context, tx *Tx, a *passerelle.Actor, m *passerelle.Mission, current int64) error {
	if current != 0 && current != m.AgreementID {
		title, readable, err := agreementTitle(ctx, tx, a, current)
		if err != nil {
			return err
		}
		if title != "" && !readable {
			if m.AgreementID != 0 {
				return passerelle.FieldError("agreement_id", "the mission serves an agreement you may not read: only its member changes it")
			}
			m.AgreementID = current
			return nil
		}
	}
	if m.AgreementID == 0 || m.AgreementID == current {
		return nil
	}
	if _, readable, err := agreementTitle(ctx, tx, a, m.AgreementID); err != nil {
		return err
	} else if !readable {
		return passerelle.FieldError("agreement_id", "no agreement %d in the register", m.AgreementID)
	}
	return nil
}

// jsonText is the JSON text of a list kept in a column.
func jsonText(v any) string {
	b, err := json.Marshal(v)
	if err != nil || string(b) == "null" {
		return "[]"
	}
	return string(b)
}
