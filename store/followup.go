package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"passerelle"
)

// FollowUpService keeps the follow-ups of missions and meetings (docs/missions.md): each
// is a member's, read and written only by that member's users and the organisers
// (Actor.CanReadDebrief, the debriefs' rule); another member's is not found.
type FollowUpService struct{ db *DB }

func NewFollowUpService(db *DB) *FollowUpService { return &FollowUpService{db: db} }

// FollowUpFilter narrows a list of follow-ups.
type FollowUpFilter struct {
	MissionID int64
	MeetingID int64 // the follow-ups of one meeting (its page)
	MemberID  int64
	OpenOnly  bool
	Limit     int
}

// followUpRefs checks the follow-up's links: the mission, meeting and organisation must
// be the actor's to read; the owner a user of the workspace.
func followUpRefs(ctx context.Context, tx *Tx, a *passerelle.Actor, f *passerelle.FollowUp) error {
	p := passerelle.Problems{}
	count := func(q string, args ...any) int {
		var n int
		if err := tx.QueryRowContext(ctx, q, args...).Scan(&n); err != nil {
			return -1
		}
		return n
	}
	if f.MissionID != 0 && count(`SELECT COUNT(*) FROM missions WHERE workspace_id = $1 AND id = $2`, a.WorkspaceID, f.MissionID) != 1 {
		p.Add("mission_id", "no mission %d", f.MissionID)
	}
	for _, x := range []struct {
		field, table string
		id           int64
	}{{"meeting_id", "meetings", f.MeetingID}, {"organization_id", "organizations", f.OrganizationID}} {
		if x.id == 0 {
			continue
		}
		w := &where{}
		w.scope(a, "")
		w.add("id = ?", x.id)
		if count(`SELECT COUNT(*) FROM `+x.table+w.String(), w.args...) != 1 {
			p.Add(x.field, "no record %d", x.id)
		}
	}
	if f.OwnerUserID != 0 && count(`SELECT COUNT(*) FROM memberships WHERE workspace_id = $1 AND user_id = $2`, a.WorkspaceID, f.OwnerUserID) != 1 {
		p.Add("owner_user_id", "no user %d in the workspace", f.OwnerUserID)
	}
	if count(`SELECT COUNT(*) FROM members WHERE workspace_id = $1 AND id = $2`, a.WorkspaceID, f.MemberID) != 1 {
		p.Add("member_id", "required")
	}
	return p.Err()
}

// CreateFollowUp stores a follow-up for a member the actor belongs to or organises.
func (s *FollowUpService) CreateFollowUp(ctx context.Context, f *passerelle.FollowUp) error {
	if err := f.Validate(); err != nil {
		return err
	}
	return s.db.update(ctx, func(tx *Tx, a *passerelle.Actor) error {
		if !a.CanReadDebrief(f.MemberID) {
			return passerelle.Errorf(passerelle.EFORBIDDEN, "only the member's users and the organisers write its follow-ups")
		}
		if err := followUpRefs(ctx, tx, a, f); err != nil {
			return err
		}
		f.WorkspaceID, f.CreatedAt, f.UpdatedAt = a.WorkspaceID, tx.now, tx.now
		if err := tx.QueryRowContext(ctx, `INSERT INTO follow_ups (workspace_id, member_id, owner_user_id, kind, title, due_date, mission_id, meeting_id,
			organization_id, done, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) RETURNING id`,
			a.WorkspaceID, f.MemberID, nullID(f.OwnerUserID), string(f.Kind), f.Title, f.DueDate, nullID(f.MissionID), nullID(f.MeetingID),
			nullID(f.OrganizationID), f.Done, tx.now).Scan(&f.ID); err != nil {
			return classify(err, "follow-up")
		}
		return writeAudit(ctx, tx, a, "create", "follow_up", f.ID, f.Title, nil, passerelle.VisibilityPrivate, f.MemberID)
	})
}

// UpdateFollowUp saves a follow-up's fields (its member stays); another member's is
// not found.
func (s *FollowUpService) UpdateFollowUp(ctx context.Context, f *passerelle.FollowUp) error {
	old, err := s.FindFollowUp(ctx, f.ID)
	if err != nil {
		return err
	}
	f.MemberID = old.MemberID
	if err := f.Validate(); err != nil {
		return err
	}
	return s.db.update(ctx, func(tx *Tx, a *passerelle.Actor) error {
		if err := followUpRefs(ctx, tx, a, f); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE follow_ups SET owner_user_id = $1, kind = $2, title = $3, due_date = $4, mission_id = $5, meeting_id = $6,
			organization_id = $7, done = $8, updated_at = $9 WHERE workspace_id = $10 AND id = $11`,
			nullID(f.OwnerUserID), string(f.Kind), f.Title, f.DueDate, nullID(f.MissionID), nullID(f.MeetingID), nullID(f.OrganizationID), f.Done, tx.now,
			a.WorkspaceID, f.ID); err != nil {
			return classify(err, "follow-up")
		}
		f.UpdatedAt = tx.now
		changes := map[string]passerelle.Change{}
		if old.Done != f.Done {
			changes["done"] = passerelle.Change{Old: old.Done, New: f.Done}
		}
		return writeAudit(ctx, tx, a, "update", "follow_up", f.ID, f.Title, changes, passerelle.VisibilityPrivate, f.MemberID)
	})
}

// SetFollowUpDone marks a follow-up done or open again.
func (s *FollowUpService) SetFollowUpDone(ctx context.Context, id int64, done bool) error {
	f, err := s.FindFollowUp(ctx, id)
	if err != nil {
		return err
	}
	f.Done = done
	return s.UpdateFollowUp(ctx, f)
}

// FindFollowUp returns one follow-up the actor may read.
func (s *FollowUpService) FindFollowUp(ctx context.Context, id int64) (*passerelle.FollowUp, error) {
	list, err := s.findFollowUps(ctx, FollowUpFilter{Limit: 1}, id)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, passerelle.Errorf(passerelle.ENOTFOUND, "follow-up not found")
	}
	return list[0], nil
}

// FindFollowUps lists the follow-ups the actor may read: open ones first by due date.
func (s *FollowUpService) FindFollowUps(ctx context.Context, f FollowUpFilter) ([]*passerelle.FollowUp, error) {
	return s.findFollowUps(ctx, f, 0)
}

func (s *FollowUpService) findFollowUps(ctx context.Context, f FollowUpFilter, id int64) ([]*passerelle.FollowUp, error) {
	a, err := passerelle.RequireActor(ctx)
	if err != nil {
		return nil, err
	}
	w := &where{}
	w.add("f.workspace_id = ?", a.WorkspaceID)
	if !a.System && !a.Role.CanManage() {
		w.add("f.member_id = ?", a.MemberID)
	}
	if id != 0 {
		w.add("f.id = ?", id)
	}
	if f.MissionID != 0 {
		w.add("f.mission_id = ?", f.MissionID)
	}
	if f.MeetingID != 0 {
		w.add("f.meeting_id = ?", f.MeetingID)
	}
	if f.MemberID != 0 {
		w.add("f.member_id = ?", f.MemberID)
	}
	if f.OpenOnly {
		w.add("f.done = ?", false)
	}
	if f.Limit <= 0 || f.Limit > 1000 {
		f.Limit = 1000
	}
	// The organisation's name only when the reader may read it.
	orgVis, oppVis := "TRUE", "TRUE"
	if !a.System {
		m := w.arg(a.MemberID)
		orgVis = "(o.visibility = 'shared' OR o.owner_member_id = " + m + ")"
		oppVis = "(op.visibility = 'shared' OR op.owner_member_id = " + m + ")"
	}
	q := `SELECT f.id, f.workspace_id, f.member_id, mb.name, COALESCE(f.owner_user_id, 0), COALESCE(u.email, ''), f.kind, f.title, f.due_date,
		COALESCE(f.mission_id, 0), COALESCE(ms.slug, ''), COALESCE(ms.name, ''), COALESCE(f.meeting_id, 0), COALESCE(f.organization_id, 0),
		CASE WHEN ` + orgVis + ` THEN COALESCE(o.name, '') ELSE '' END, f.done, f.created_at, f.updated_at,
		CASE WHEN ` + oppVis + ` THEN COALESCE(op.id, 0) ELSE 0 END
		FROM follow_ups f
		LEFT JOIN opportunities op ON op.workspace_id = f.workspace_id AND op.id = f.opportunity_id
		JOIN members mb ON mb.workspace_id = f.workspace_id AND mb.id = f.member_id
		LEFT JOIN users u ON u.id = f.owner_user_id
		LEFT JOIN missions ms ON ms.workspace_id = f.workspace_id AND ms.id = f.mission_id
		LEFT JOIN organizations o ON o.workspace_id = f.workspace_id AND o.id = f.organization_id` + w.String() +
		fmt.Sprintf(` ORDER BY f.done, CASE WHEN f.due_date = '' THEN 1 ELSE 0 END, f.due_date, f.id LIMIT %d`, f.Limit)
	rows, err := s.db.read.QueryContext(ctx, q, w.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*passerelle.FollowUp{}
	for rows.Next() {
		x := &passerelle.FollowUp{}
		var kind string
		if err := rows.Scan(&x.ID, &x.WorkspaceID, &x.MemberID, &x.Member, &x.OwnerUserID, &x.Owner, &kind, &x.Title, &x.DueDate,
			&x.MissionID, &x.Mission, &x.MissionName, &x.MeetingID, &x.OrganizationID, &x.Organization, &x.Done, &x.CreatedAt, &x.UpdatedAt,
			&x.OpportunityID); err != nil {
			return nil, err
		}
		x.Kind = passerelle.FollowUpKind(kind)
		if x.Organization == "" {
			x.OrganizationID = 0 // deleted, or not the reader's to see
		}
		out = append(out, x)
	}
	return out, rows.Err()
}

// MakeOpportunity turns a follow-up into an opportunity of its member's pipeline, in one
// transaction: titled like it, at the stage its kind suggests (a letter of intent), its
// next action the follow-up itself, linked to its mission, its organisation and its
// meeting (or, without one, the mission's meeting with that organisation). The
// opportunity is private to the member, as the follow-up is: its member shares it when
// it chooses. A follow-up becomes one opportunity only.
func (s *FollowUpService) MakeOpportunity(ctx context.Context, id int64) (*passerelle.Opportunity, error) {
	f, err := s.FindFollowUp(ctx, id)
	if err != nil {
		return nil, err
	}
	o := &passerelle.Opportunity{Title: f.Title, MemberID: f.MemberID, Stage: passerelle.StageIdentified, Currency: "EUR",
		Visibility: passerelle.VisibilityPrivate}
	if f.Kind == passerelle.FollowUpLetterOfIntent {
		o.Stage = passerelle.StageLetterOfIntent
	}
	if !f.Done {
		o.NextAction, o.NextActionDate = f.Title, f.DueDate
	}
	err = s.db.update(ctx, func(tx *Tx, a *passerelle.Actor) error {
		if !a.CanReadDebrief(f.MemberID) {
			return passerelle.Errorf(passerelle.ENOTFOUND, "follow-up not found")
		}
		var made int64
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(opportunity_id, 0) FROM follow_ups WHERE workspace_id = $1 AND id = $2`,
			a.WorkspaceID, f.ID).Scan(&made); err != nil {
			return classify(err, "follow-up")
		}
		if made != 0 {
			return passerelle.Errorf(passerelle.ECONFLICT, "this follow-up already became opportunity %d", made)
		}
		meetingID := f.MeetingID
		if meetingID == 0 && f.MissionID != 0 && f.OrganizationID != 0 {
			w := &where{}
			w.scope(a, "m")
			w.add("m.origin = 'mission' AND m.origin_id = ?", f.MissionID)
			w.add("m.status <> 'cancelled'")
			w.add("EXISTS (SELECT 1 FROM meeting_organizations x WHERE x.workspace_id = m.workspace_id AND x.meeting_id = m.id AND x.organization_id = ?)", f.OrganizationID)
			err := tx.QueryRowContext(ctx, `SELECT m.id FROM meetings m`+w.String()+` ORDER BY m.starts_at LIMIT 1`, w.args...).Scan(&meetingID)
			if err != nil && !errors.Is(err, sql.ErrNoRows) {
				return err
			}
		}
		for _, l := range []struct {
			table string
			id    int64
			ids   *[]int64
		}{{"meetings", meetingID, &o.MeetingIDs}, {"organizations", f.OrganizationID, &o.OrganizationIDs}} {
			if l.id == 0 {
				continue
			}
			var n int
			w := &where{}
			w.scope(a, "")
			w.add("id = ?", l.id)
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+l.table+w.String(), w.args...).Scan(&n); err != nil {
				return err
			}
			if n == 1 { // else deleted since, or not the actor's to see
				*l.ids = []int64{l.id}
			}
		}
		if f.MissionID != 0 {
			o.MissionIDs = []int64{f.MissionID}
		}
		if err := createOpportunity(ctx, tx, a, o); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE follow_ups SET opportunity_id = $1, updated_at = $2 WHERE workspace_id = $3 AND id = $4`,
			o.ID, tx.now, a.WorkspaceID, f.ID); err != nil {
			return err
		}
		return writeAudit(ctx, tx, a, "update", "follow_up", f.ID, f.Title,
			map[string]passerelle.Change{"opportunity_id": {Old: nil, New: o.ID}}, passerelle.VisibilityPrivate, f.MemberID)
	})
	if err != nil {
		return nil, err
	}
	return o, nil
}
