package store

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"passerelle"
)

// MissionSummary is a row of the missions list.
type MissionSummary struct {
	ID          int64  `json:"id"`
	Slug        string `json:"slug"`
	Name        string `json:"name"`
	Destination string `json:"destination,omitempty"`
	StartDate   string `json:"start_date"`
	EndDate     string `json:"end_date"`
	Targets     int    `json:"targets"`
	Kind        string `json:"kind"`
	Status      string `json:"status"`
}

// FindMissions lists the workspace's missions, newest first.
func (s *MissionService) FindMissions(ctx context.Context) ([]MissionSummary, error) {
	a, err := passerelle.RequireActor(ctx)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.read.QueryContext(ctx, `SELECT m.id, m.slug, m.name, m.destination, m.start_date, m.end_date,
		(SELECT COUNT(*) FROM mission_targets t WHERE t.workspace_id = m.workspace_id AND t.mission_id = m.id), m.kind, m.status
		FROM missions m WHERE m.workspace_id = $1 ORDER BY m.start_date DESC, m.id DESC LIMIT 500`, a.WorkspaceID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []MissionSummary{}
	for rows.Next() {
		var m MissionSummary
		if err := rows.Scan(&m.ID, &m.Slug, &m.Name, &m.Destination, &m.StartDate, &m.EndDate, &m.Targets, &m.Kind, &m.Status); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// loadMissionMembers fills the members taking part, with their goals.
func loadMissionMembers(ctx context.Context, q queryer, a *passerelle.Actor, m *passerelle.Mission) error {
	m.Members = []passerelle.MissionMember{}
	rows, err := q.QueryContext(ctx, `SELECT x.member_id, mb.name, x.goals FROM mission_members x
		JOIN members mb ON mb.workspace_id = x.workspace_id AND mb.id = x.member_id
		WHERE x.workspace_id = $1 AND x.mission_id = $2 ORDER BY mb.name`, a.WorkspaceID, m.ID)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var x passerelle.MissionMember
		if err := rows.Scan(&x.MemberID, &x.Name, &x.Goals); err != nil {
			return err
		}
		m.Members = append(m.Members, x)
	}
	return rows.Err()
}

// checkTargets refuses a target the actor may not read (another member's private
// organisation, or none): the message names the target's line.
func checkTargets(ctx context.Context, tx *Tx, a *passerelle.Actor, targets []passerelle.MissionTarget) error {
	p := passerelle.Problems{}
	for i, t := range targets {
		w := &where{}
		w.scope(a, "")
		w.add("id = ?", t.OrganizationID)
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM organizations`+w.String(), w.args...).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			p.Add(fmt.Sprintf("targets[%d].organization_id", i), "no organisation %d in the directory", t.OrganizationID)
		}
	}
	return p.Err()
}

// writeMissionLists replaces the mission's advisers and members, and, when targets is
// not nil, the targets the actor may read (another member's private targets stay).
func writeMissionLists(ctx context.Context, tx *Tx, a *passerelle.Actor, m *passerelle.Mission, replaceTargets bool) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM mission_advisers WHERE workspace_id = $1 AND mission_id = $2`, a.WorkspaceID, m.ID); err != nil {
		return err
	}
	for i, u := range m.AdviserIDs {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM memberships WHERE workspace_id = $1 AND user_id = $2`, a.WorkspaceID, u).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return passerelle.FieldError(fmt.Sprintf("adviser_ids[%d]", i), "no user %d in the workspace", u)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO mission_advisers (workspace_id, mission_id, user_id, position) VALUES ($1, $2, $3, $4)`,
			a.WorkspaceID, m.ID, u, i); err != nil {
			return classify(err, "adviser")
		}
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM mission_members WHERE workspace_id = $1 AND mission_id = $2`, a.WorkspaceID, m.ID); err != nil {
		return err
	}
	seen := map[int64]bool{}
	for i, x := range m.Members {
		if x.MemberID <= 0 || seen[x.MemberID] {
			return passerelle.FieldError(fmt.Sprintf("members[%d].member_id", i), "a member institute, each once")
		}
		seen[x.MemberID] = true
		if _, err := tx.ExecContext(ctx, `INSERT INTO mission_members (workspace_id, mission_id, member_id, goals) VALUES ($1, $2, $3, $4)`,
			a.WorkspaceID, m.ID, x.MemberID, strings.TrimSpace(x.Goals)); err != nil {
			if c := passerelle.ErrorCode(classify(err, "")); c == passerelle.EINVALID || c == passerelle.ECONFLICT {
				return passerelle.FieldError(fmt.Sprintf("members[%d].member_id", i), "a member institute, each once")
			}
			return classify(err, "member")
		}
	}
	if !replaceTargets {
		return dropLeftWishes(ctx, tx, a, m.ID)
	}
	if err := checkTargets(ctx, tx, a, m.Targets); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM mission_targets WHERE workspace_id = $1 AND mission_id = $2 AND ($3 OR organization_id IN
		(SELECT o.id FROM organizations o WHERE o.workspace_id = $1 AND (o.visibility = 'shared' OR o.owner_member_id = $4)))`,
		a.WorkspaceID, m.ID, a.System, a.MemberID); err != nil {
		return err
	}
	for _, t := range m.Targets {
		if err := upsertTarget(ctx, tx, a, m.ID, t, true, false); err != nil {
			return err
		}
	}
	return dropLeftWishes(ctx, tx, a, m.ID)
}

// upsertTarget adds a target, or changes one already there: its why, availability and
// venue, its group when group is set, and the members who want it when t.WantedBy is
// not nil (keepReasons: writeTargetWishes).
func upsertTarget(ctx context.Context, tx *Tx, a *passerelle.Actor, missionID int64, t passerelle.MissionTarget, group, keepReasons bool) error {
	set := `why = excluded.why, availability = excluded.availability, venue = excluded.venue`
	if group {
		set += `, group_key = excluded.group_key`
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO mission_targets (workspace_id, mission_id, organization_id, group_key, why, availability, venue)
		VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (workspace_id, mission_id, organization_id) DO UPDATE SET `+set,
		a.WorkspaceID, missionID, t.OrganizationID, t.Group, t.Why, t.Availability, t.Venue); err != nil {
		return classify(err, "target")
	}
	return writeTargetWishes(ctx, tx, a, missionID, t, keepReasons)
}

// UpdateMission saves a mission's fields, advisers and members; its targets too when
// m.Targets is not nil (those of other members' private organisations stay). An update
// that cancels the mission cancels the meetings of its programme yet to be held
// (cancelProgramme) and says how many in m.MeetingsCancelled; reopening it leaves them
// cancelled.
func (s *MissionService) UpdateMission(ctx context.Context, m *passerelle.Mission) error {
	replaceTargets := m.Targets != nil
	if err := validateMission(m); err != nil {
		return err
	}
	return s.db.update(ctx, func(tx *Tx, a *passerelle.Actor) error {
		var current int64
		var was string
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(agreement_id, 0), status FROM missions WHERE workspace_id = $1 AND id = $2`,
			a.WorkspaceID, m.ID).Scan(&current, &was); err != nil {
			return classify(err, "mission")
		}
		if err := checkAgreement(ctx, tx, a, m, current); err != nil {
			return err
		}
		r, err := tx.ExecContext(ctx, `UPDATE missions SET slug = $1, name = $2, context = $3, destination = $4, start_date = $5, end_date = $6,
			time_zone = $7, day_start = $8, day_end = $9, meeting_minutes = $10, venue = $11, organiser_id = $12, lead_person_id = $13, updated_at = $14,
			kind = $17, venues = $18, travel = $19, status = $20, budget_cents = $21, budget_currency = $22, agreement_id = $23
			WHERE workspace_id = $15 AND id = $16`,
			m.Slug, m.Name, m.Context, m.Destination, m.StartDate, m.EndDate, m.TimeZone, m.DayStart, m.DayEnd, m.MeetingMinutes, m.Venue,
			nullID(m.OrganiserID), nullID(m.LeadPersonID), tx.now, a.WorkspaceID, m.ID, string(m.Kind), jsonText(m.Venues), jsonText(m.Travel),
			string(m.Status), m.BudgetCents, m.BudgetCurrency, nullID(m.AgreementID))
		if err != nil {
			if passerelle.ErrorCode(classify(err, "")) == passerelle.ECONFLICT {
				return passerelle.FieldError("slug", "another mission has the slug %s", m.Slug)
			}
			return classify(err, "mission")
		}
		if n, _ := r.RowsAffected(); n == 0 {
			return passerelle.Errorf(passerelle.ENOTFOUND, "mission not found")
		}
		m.UpdatedAt = tx.now
		if err := writeMissionLists(ctx, tx, a, m, replaceTargets); err != nil {
			return err
		}
		var ch map[string]passerelle.Change
		m.MeetingsCancelled = 0
		if was != string(m.Status) {
			ch = map[string]passerelle.Change{"status": {Old: was, New: string(m.Status)}}
		}
		if m.Status == passerelle.MissionCancelled && was != string(passerelle.MissionCancelled) {
			n, err := cancelProgramme(ctx, tx, a, m.ID)
			if err != nil {
				return err
			}
			m.MeetingsCancelled = n
		}
		return writeAudit(ctx, tx, a, "update", "mission", m.ID, m.Name, ch, passerelle.VisibilityShared, 0)
	})
}

// cancelProgramme cancels, with their mission, the meetings of its programme that are
// yet to be held (planned or confirmed); held, no-show and cancelled ones stay as they
// are. Each is audited and its sequence raised (calendars show it cancelled), as a
// cancellation by hand is. Another member's private meeting of the programme is
// cancelled too, its audit entry private to that member, so that its calendar does not
// keep a meeting of a mission that will not take place (the bin's restore relinks such
// meetings on the same ground); the count returned is of the meetings the actor may
// read, so that it tells nothing of the others.
func cancelProgramme(ctx context.Context, tx *Tx, a *passerelle.Actor, missionID int64) (int, error) {
	rows, err := tx.QueryContext(ctx, `SELECT `+meetingColumns+` FROM meetings m WHERE m.workspace_id = $1 AND m.origin = 'mission'
		AND m.origin_id = $2 AND m.status IN ('planned', 'confirmed') ORDER BY m.id`, a.WorkspaceID, missionID)
	if err != nil {
		return 0, err
	}
	var ms []*passerelle.Meeting
	for rows.Next() {
		x, err := scanMeeting(rows)
		if err != nil {
			rows.Close()
			return 0, err
		}
		ms = append(ms, x)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	n := 0
	for _, x := range ms {
		// The version rises as with any update: an edit based on the meeting before the
		// cancellation is refused rather than putting it back.
		if _, err := bumpVersion(ctx, tx, "meetings", a.WorkspaceID, x.ID, x.Version); err != nil {
			return 0, err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE meetings SET status = 'cancelled', sequence = sequence + 1, updated_at = $1
			WHERE workspace_id = $2 AND id = $3`, tx.now, a.WorkspaceID, x.ID); err != nil {
			return 0, err
		}
		ch := map[string]passerelle.Change{"status": {Old: string(x.Status), New: string(passerelle.MeetingCancelled)}}
		if err := writeAudit(ctx, tx, a, "update", "meeting", x.ID, x.Title, ch, x.Visibility, x.OwnerMemberID); err != nil {
			return 0, err
		}
		if a.System || x.Visibility == passerelle.VisibilityShared || x.OwnerMemberID == a.MemberID {
			n++
		}
	}
	return n, nil
}

// missionExists checks, in a write, that the mission is the actor's workspace's.
func missionExists(ctx context.Context, tx *Tx, a *passerelle.Actor, missionID int64) error {
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM missions WHERE workspace_id = $1 AND id = $2`, a.WorkspaceID, missionID).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return passerelle.Errorf(passerelle.ENOTFOUND, "mission not found")
	}
	return nil
}

// AddTarget adds an organisation of the directory to the mission's targets, in a group
// of its own; adding it again changes its why, availability and venue, not its group.
func (s *MissionService) AddTarget(ctx context.Context, missionID int64, t passerelle.MissionTarget) error {
	if t.OrganizationID <= 0 {
		return passerelle.FieldError("organization_id", "required")
	}
	if strings.TrimSpace(t.Group) == "" {
		t.Group = strconv.FormatInt(t.OrganizationID, 10)
	}
	m, err := s.FindMission(ctx, strconv.FormatInt(missionID, 10))
	if err != nil {
		return err
	}
	if err := checkTarget(m, &t); err != nil {
		return err
	}
	return s.db.update(ctx, func(tx *Tx, a *passerelle.Actor) error {
		if err := missionExists(ctx, tx, a, missionID); err != nil {
			return err
		}
		if err := checkTargets(ctx, tx, a, []passerelle.MissionTarget{t}); err != nil {
			return passerelle.FieldError("organization_id", "no organisation %d in the directory", t.OrganizationID)
		}
		if err := upsertTarget(ctx, tx, a, missionID, t, false, false); err != nil {
			return err
		}
		return writeAudit(ctx, tx, a, "update", "mission", missionID, fmt.Sprintf("target added: organisation %d", t.OrganizationID), nil, passerelle.VisibilityShared, 0)
	})
}

// RemoveTarget takes an organisation off the mission's targets.
func (s *MissionService) RemoveTarget(ctx context.Context, missionID, orgID int64) error {
	return s.db.update(ctx, func(tx *Tx, a *passerelle.Actor) error {
		if err := checkTargets(ctx, tx, a, []passerelle.MissionTarget{{OrganizationID: orgID}}); err != nil {
			return passerelle.Errorf(passerelle.ENOTFOUND, "target not found")
		}
		r, err := tx.ExecContext(ctx, `DELETE FROM mission_targets WHERE workspace_id = $1 AND mission_id = $2 AND organization_id = $3`, a.WorkspaceID, missionID, orgID)
		if err != nil {
			return err
		}
		if n, _ := r.RowsAffected(); n == 0 {
			return passerelle.Errorf(passerelle.ENOTFOUND, "target not found")
		}
		if err := dropLeftWishes(ctx, tx, a, missionID); err != nil {
			return err
		}
		return writeAudit(ctx, tx, a, "update", "mission", missionID, fmt.Sprintf("target removed: organisation %d", orgID), nil, passerelle.VisibilityShared, 0)
	})
}

// GroupTargets accepts a proposal: b joins a's group (and whoever is in b's group).
// With split, b leaves a's group for one of its own and the pair is not proposed again.
func (s *MissionService) GroupTargets(ctx context.Context, missionID, orgA, orgB int64, split bool) error {
	if orgA == orgB || orgA <= 0 || orgB <= 0 {
		return passerelle.FieldError("b", "two different targets")
	}
	if orgA > orgB {
		orgA, orgB = orgB, orgA
	}
	return s.db.update(ctx, func(tx *Tx, a *passerelle.Actor) error {
		if err := checkTargets(ctx, tx, a, []passerelle.MissionTarget{{OrganizationID: orgA}, {OrganizationID: orgB}}); err != nil {
			return passerelle.Errorf(passerelle.ENOTFOUND, "target not found")
		}
		var ga, gb string
		err := tx.QueryRowContext(ctx, `SELECT group_key FROM mission_targets WHERE workspace_id = $1 AND mission_id = $2 AND organization_id = $3`, a.WorkspaceID, missionID, orgA).Scan(&ga)
		if err == nil {
			err = tx.QueryRowContext(ctx, `SELECT group_key FROM mission_targets WHERE workspace_id = $1 AND mission_id = $2 AND organization_id = $3`, a.WorkspaceID, missionID, orgB).Scan(&gb)
		}
		if err != nil {
			return classify(err, "target")
		}
		summary := fmt.Sprintf("organisations %d and %d met together", orgA, orgB)
		if split {
			summary = fmt.Sprintf("organisations %d and %d met apart", orgA, orgB)
			if ga == gb {
				if _, err := tx.ExecContext(ctx, `UPDATE mission_targets SET group_key = $1 WHERE workspace_id = $2 AND mission_id = $3 AND organization_id = $4`,
					strconv.FormatInt(orgB, 10), a.WorkspaceID, missionID, orgB); err != nil {
					return err
				}
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO mission_splits (workspace_id, mission_id, org_a, org_b) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
				a.WorkspaceID, missionID, orgA, orgB); err != nil {
				return err
			}
		} else {
			if _, err := tx.ExecContext(ctx, `UPDATE mission_targets SET group_key = $1 WHERE workspace_id = $2 AND mission_id = $3 AND group_key = $4`,
				ga, a.WorkspaceID, missionID, gb); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM mission_splits WHERE workspace_id = $1 AND mission_id = $2 AND org_a = $3 AND org_b = $4`,
				a.WorkspaceID, missionID, orgA, orgB); err != nil {
				return err
			}
		}
		return writeAudit(ctx, tx, a, "update", "mission", missionID, summary, nil, passerelle.VisibilityShared, 0)
	})
}

// GroupProposals lists the pairs of the mission's targets (those the actor may read) that
// could be met in one meeting: linked in the directory, or sharing a person the actor may
// read. Pairs a user split are left out; pairs already together say so.
func (s *MissionService) GroupProposals(ctx context.Context, m *passerelle.Mission) ([]passerelle.GroupProposal, error) {
	a, err := passerelle.RequireActor(ctx)
	if err != nil {
		return nil, err
	}
	byID := map[int64]passerelle.MissionTarget{}
	for _, t := range m.Targets {
		byID[t.OrganizationID] = t
	}
	split := map[[2]int64]bool{}
	rows, err := s.db.read.QueryContext(ctx, `SELECT org_a, org_b FROM mission_splits WHERE workspace_id = $1 AND mission_id = $2`, a.WorkspaceID, m.ID)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var x, y int64
		if err := rows.Scan(&x, &y); err != nil {
			rows.Close()
			return nil, err
		}
		split[[2]int64{x, y}] = true
	}
	rows.Close()
	seen := map[[2]int64]bool{}
	var out []passerelle.GroupProposal
	add := func(x, y int64, reason, via string) {
		if x > y {
			x, y = y, x
		}
		k := [2]int64{x, y}
		tx, okx := byID[x]
		ty, oky := byID[y]
		if x == y || !okx || !oky || split[k] || seen[k] {
			return
		}
		seen[k] = true
		out = append(out, passerelle.GroupProposal{A: passerelle.NamedRef{ID: x, Name: tx.Name}, B: passerelle.NamedRef{ID: y, Name: ty.Name},
			Reason: reason, Via: via, Merged: tx.Group == ty.Group})
	}
	rows, err = s.db.read.QueryContext(ctx, `SELECT l.from_id, l.to_id, l.kind FROM org_links l
		JOIN mission_targets ta ON ta.workspace_id = l.workspace_id AND ta.mission_id = $2 AND ta.organization_id = l.from_id
		JOIN mission_targets tb ON tb.workspace_id = l.workspace_id AND tb.mission_id = $2 AND tb.organization_id = l.to_id
		WHERE l.workspace_id = $1 ORDER BY l.id`, a.WorkspaceID, m.ID)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var x, y int64
		var kind string
		if err := rows.Scan(&x, &y, &kind); err != nil {
			rows.Close()
			return nil, err
		}
		add(x, y, "link", kind)
	}
	rows.Close()
	w := &where{}
	w.scope(a, "p")
	rows, err = s.db.read.QueryContext(ctx, `SELECT f1.organization_id, f2.organization_id, p.first_name, p.last_name FROM affiliations f1
		JOIN affiliations f2 ON f2.workspace_id = f1.workspace_id AND f2.person_id = f1.person_id AND f2.organization_id > f1.organization_id
		JOIN mission_targets t1 ON t1.workspace_id = f1.workspace_id AND t1.mission_id = `+w.arg(m.ID)+` AND t1.organization_id = f1.organization_id
		JOIN mission_targets t2 ON t2.workspace_id = f2.workspace_id AND t2.mission_id = t1.mission_id AND t2.organization_id = f2.organization_id
		JOIN people p ON p.workspace_id = f1.workspace_id AND p.id = f1.person_id`+w.String()+` ORDER BY p.last_name, p.first_name`, w.args...)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var x, y int64
		var first, last string
		if err := rows.Scan(&x, &y, &first, &last); err != nil {
			rows.Close()
			return nil, err
		}
		add(x, y, "person", strings.TrimSpace(first+" "+last))
	}
	rows.Close()
	sort.SliceStable(out, func(i, j int) bool { return out[i].A.Name+out[i].B.Name < out[j].A.Name+out[j].B.Name })
	return out, rows.Err()
}

// MissionMeetings returns the mission's programme: its meetings the actor may read, by
// start, with their participants.
func (s *MissionService) MissionMeetings(ctx context.Context, missionID int64) ([]*passerelle.Meeting, error) {
	a, err := passerelle.RequireActor(ctx)
	if err != nil {
		return nil, err
	}
	w := &where{}
	w.scope(a, "")
	w.add("origin = 'mission' AND origin_id = ?", missionID)
	ids, err := queryIDs(ctx, s.db.read, `SELECT id FROM meetings`+w.String()+` ORDER BY starts_at, id LIMIT 1000`, w.args...)
	if err != nil {
		return nil, err
	}
	out := make([]*passerelle.Meeting, 0, len(ids))
	for _, id := range ids {
		x, err := findMeeting(ctx, s.db.read, a, id)
		if passerelle.ErrorCode(err) == passerelle.ENOTFOUND {
			continue
		} else if err != nil {
			return nil, err
		}
		out = append(out, x)
	}
	return out, loadParticipants(ctx, s.db.read, a, out)
}

// UpdateDebrief saves a debrief's text, status and interests; only the member's users
// and the organisers may, and another member's debrief is not found.
func (s *MissionService) UpdateDebrief(ctx context.Context, d *passerelle.Debrief) error {
	if d.Status != "draft" && d.Status != "sent" {
		return passerelle.FieldError("status", "draft or sent")
	}
	if len(d.Body) > 100000 {
		return passerelle.FieldError("body", "at most %d characters", 100000)
	}
	old, err := s.FindDebrief(ctx, d.MissionID, d.ID)
	if err != nil {
		return err
	}
	return s.db.update(ctx, func(tx *Tx, a *passerelle.Actor) error {
		if !a.CanReadDebrief(old.Member.ID) {
			return passerelle.Errorf(passerelle.ENOTFOUND, "debrief not found")
		}
		if _, err := tx.ExecContext(ctx, `UPDATE mission_debriefs SET body = $1, status = $2, updated_at = $3 WHERE workspace_id = $4 AND id = $5 AND member_id = $6`,
			d.Body, d.Status, tx.now, a.WorkspaceID, d.ID, old.Member.ID); err != nil {
			return err
		}
		if d.Organizations != nil {
			if _, err := tx.ExecContext(ctx, `DELETE FROM mission_debrief_orgs WHERE workspace_id = $1 AND debrief_id = $2`, a.WorkspaceID, d.ID); err != nil {
				return err
			}
			for _, o := range d.Organizations {
				if _, err := tx.ExecContext(ctx, `INSERT INTO mission_debrief_orgs (workspace_id, debrief_id, organization_id, interest) VALUES ($1, $2, $3, $4)`,
					a.WorkspaceID, d.ID, o.OrganizationID, o.Interest); err != nil {
					return classify(err, "organization")
				}
			}
		}
		d.Member = old.Member
		return writeAudit(ctx, tx, a, "update", "debrief", d.ID, "debrief", nil, passerelle.VisibilityPrivate, old.Member.ID)
	})
}

// DraftDebrief writes a member's debrief from the programme's notes: each organisation
// met, the meeting's shared notes and, for a user of that member, the member's private
// notes (read as the actor, who must be of that member or an organiser). It does not
// save it.
func (s *MissionService) DraftDebrief(ctx context.Context, m *passerelle.Mission, memberID int64) (*passerelle.Debrief, error) {
	a, err := passerelle.RequireActor(ctx)
	if err != nil {
		return nil, err
	}
	if !a.CanReadDebrief(memberID) {
		return nil, passerelle.Errorf(passerelle.ENOTFOUND, "debrief not found")
	}
	meetings, err := s.MissionMeetings(ctx, m.ID)
	if err != nil {
		return nil, err
	}
	loc, err := passerelle.LoadZone(m.TimeZone)
	if err != nil {
		return nil, err
	}
	d := &passerelle.Debrief{MissionID: m.ID, Member: passerelle.NamedRef{ID: memberID}, Status: "draft", Organizations: []passerelle.DebriefInterest{}}
	var b strings.Builder
	seen := map[int64]bool{}
	for _, x := range meetings {
		if x.Status == passerelle.MeetingCancelled {
			continue
		}
		var names []string
		for _, o := range x.Organizations {
			names = append(names, o.Name)
			if !seen[o.ID] {
				seen[o.ID] = true
				d.Organizations = append(d.Organizations, passerelle.DebriefInterest{OrganizationID: o.ID})
			}
		}
		fmt.Fprintf(&b, "## %s — %s\n", x.Start.In(loc).Format("2006-01-02 15:04"), strings.Join(names, ", "))
		if n := strings.TrimSpace(x.Notes); n != "" {
			b.WriteString(n + "\n")
		}
		// Private notes are their member's users' only: an organiser of another member
		// (or the operator) drafts from the shared notes, since it reads the debrief.
		if a.MemberID == memberID {
			var private string
			err := s.db.read.QueryRowContext(ctx, `SELECT notes FROM meeting_private_notes WHERE workspace_id = $1 AND meeting_id = $2 AND member_id = $3`,
				a.WorkspaceID, x.ID, memberID).Scan(&private)
			if err == nil && strings.TrimSpace(private) != "" {
				b.WriteString(strings.TrimSpace(private) + "\n")
			}
		}
		b.WriteString("\n")
	}
	d.Body = b.String()
	return d, nil
}
