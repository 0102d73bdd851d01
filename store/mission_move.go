package store

import (
	"context"
	"strings"
	"time"

	"passerelle"
)

// MissionMove is a hand move of one meeting of a mission's programme: its new time
// (already checked against the mission's days and its targets' availability by the
// caller, package missions) and whether it is pinned. Check, when given, is called in
// the transaction with the meeting at its new time and the programme's other meetings
// (not cancelled), and refuses what the scheduler would not accept (travel times).
type MissionMove struct {
	MeetingID  int64
	Start, End time.Time
	Pinned     bool
	Check      func(m *passerelle.Meeting, others []*passerelle.Meeting) error
}

// MissionMoved is what MoveMissionMeeting did.
type MissionMoved struct {
	Meeting  *passerelle.Meeting
	Moved    bool // the time changed (calendars get a new sequence)
	WasStart time.Time
}

// MoveMissionMeeting puts one meeting of the mission's programme at another time and
// pins it or not (a pinned meeting stays where it is when the programme is planned
// again). A participant of the meeting (a person, an organisation, an attendee) with
// another meeting then, among the meetings the actor may read, refuses the move with
// that meeting named, and nothing changes. Writers who may edit the meeting only; a
// meeting of another mission, or that the actor may not read, is not found.
func (s *MissionService) MoveMissionMeeting(ctx context.Context, missionID int64, mv MissionMove) (*MissionMoved, error) {
	out := &MissionMoved{}
	err := s.db.update(ctx, func(tx *Tx, a *passerelle.Actor) error {
		if err := missionExists(ctx, tx, a, missionID); err != nil {
			return err
		}
		m, err := findMeeting(ctx, tx, a, mv.MeetingID)
		if err != nil {
			return err
		}
		if m.Origin != passerelle.OriginMission || m.OriginID != missionID {
			return passerelle.Errorf(passerelle.ENOTFOUND, "%s not found", "meeting")
		}
		if err := canEdit(a, m.Visibility, m.OwnerMemberID); err != nil {
			return err
		}
		if m.Status == passerelle.MeetingCancelled {
			return passerelle.Errorf(passerelle.ECONFLICT, "a cancelled meeting cannot be moved: plan the programme again")
		}
		if !mv.End.After(mv.Start) {
			return passerelle.FieldError("start", "the meeting must end after it starts")
		}
		if err := loadParticipants(ctx, tx, a, []*passerelle.Meeting{m}); err != nil {
			return err
		}
		var wasPinned bool
		if err := tx.QueryRowContext(ctx, `SELECT pinned FROM meetings WHERE workspace_id = $1 AND id = $2`, a.WorkspaceID, m.ID).Scan(&wasPinned); err != nil {
			return err
		}
		out.Meeting, out.WasStart = m, m.Start
		moved := !m.Start.Equal(mv.Start.UTC()) || !m.End.Equal(mv.End.UTC())
		if !moved && wasPinned == mv.Pinned {
			return nil
		}
		at := *m
		at.Start, at.End = mv.Start.UTC(), mv.End.UTC()
		if moved {
			if err := busyThen(ctx, tx, a, &at); err != nil {
				return err
			}
		}
		if moved && mv.Check != nil {
			others, err := programme(ctx, tx, a, missionID, m.ID)
			if err != nil {
				return err
			}
			if err := mv.Check(&at, others); err != nil {
				return err
			}
		}
		if _, err := bumpVersion(ctx, tx, "meetings", a.WorkspaceID, m.ID, m.Version); err != nil {
			return err
		}
		seq := 0
		if moved {
			seq = 1
		}
		if _, err := tx.ExecContext(ctx, `UPDATE meetings SET starts_at = $1, ends_at = $2, pinned = $3, sequence = sequence + $4, updated_at = $5
			WHERE workspace_id = $6 AND id = $7`, at.Start, at.End, mv.Pinned, seq, tx.now, a.WorkspaceID, m.ID); err != nil {
			return classify(err, "meeting")
		}
		ch := diff(map[string]any{"start": m.Start.Format(time.RFC3339), "end": m.End.Format(time.RFC3339), "pinned": wasPinned},
			map[string]any{"start": at.Start.Format(time.RFC3339), "end": at.End.Format(time.RFC3339), "pinned": mv.Pinned})
		out.Moved = moved
		m.Start, m.End = at.Start, at.End
		return writeAudit(ctx, tx, a, "move", "meeting", m.ID, m.Title, ch, m.Visibility, m.OwnerMemberID)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// busyThen refuses a time at which one of the meeting's participants has another
// meeting (not cancelled) that the actor may read, naming it and the participant.
func busyThen(ctx context.Context, tx *Tx, a *passerelle.Actor, mt *passerelle.Meeting) error {
	if len(mt.PersonIDs)+len(mt.OrganizationIDs)+len(mt.AttendeeIDs) == 0 {
		return nil
	}
	w := &where{}
	w.scope(a, "m")
	w.add("m.id <> ? AND m.status <> 'cancelled' AND m.starts_at < ? AND m.ends_at > ?", mt.ID, mt.End, mt.Start)
	var anyOf []string
	if len(mt.PersonIDs) > 0 {
		anyOf = append(anyOf, `EXISTS (SELECT 1 FROM meeting_people x WHERE x.workspace_id = m.workspace_id AND x.meeting_id = m.id AND x.person_id IN (`+idList(mt.PersonIDs)+`))`)
	}
	if len(mt.OrganizationIDs) > 0 {
		anyOf = append(anyOf, `EXISTS (SELECT 1 FROM meeting_organizations x WHERE x.workspace_id = m.workspace_id AND x.meeting_id = m.id AND x.organization_id IN (`+idList(mt.OrganizationIDs)+`))`)
	}
	if len(mt.AttendeeIDs) > 0 {
		anyOf = append(anyOf, `EXISTS (SELECT 1 FROM meeting_attendees x WHERE x.workspace_id = m.workspace_id AND x.meeting_id = m.id AND x.user_id IN (`+idList(mt.AttendeeIDs)+`))`)
	}
	w.conds = append(w.conds, "("+strings.Join(anyOf, " OR ")+")")
	rows, err := tx.QueryContext(ctx, `SELECT `+meetingColumns+` FROM meetings m`+w.String()+` ORDER BY m.starts_at, m.id LIMIT 5`, w.args...)
	if err != nil {
		return err
	}
	var clash []*passerelle.Meeting
	for rows.Next() {
		x, err := scanMeeting(rows)
		if err != nil {
			rows.Close()
			return err
		}
		clash = append(clash, x)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	if len(clash) == 0 {
		return nil
	}
	if err := loadParticipants(ctx, tx, a, clash); err != nil {
		return err
	}
	x := clash[0]
	who := sharedParticipant(mt, x)
	loc, err := passerelle.LoadZone(mt.TimeZone)
	if err != nil {
		loc = time.UTC
	}
	return passerelle.FieldError("start", "%s has another meeting then: %s, %s–%s", who, x.Title,
		x.Start.In(loc).Format("2006-01-02 15:04"), x.End.In(loc).Format("15:04"))
}

// sharedParticipant names a participant of m who is also in x.
func sharedParticipant(m, x *passerelle.Meeting) string {
	for _, p := range m.People {
		for _, id := range x.PersonIDs {
			if id == p.ID {
				return p.Name
			}
		}
	}
	for _, o := range m.Organizations {
		for _, id := range x.OrganizationIDs {
			if id == o.ID {
				return o.Name
			}
		}
	}
	for i, u := range m.AttendeeIDs {
		for _, id := range x.AttendeeIDs {
			if id == u && i < len(m.Attendees) {
				return m.Attendees[i]
			}
		}
	}
	return "a participant"
}

// programme reads the mission's other meetings (not cancelled) that the actor may read,
// with their participants.
func programme(ctx context.Context, tx *Tx, a *passerelle.Actor, missionID, except int64) ([]*passerelle.Meeting, error) {
	w := &where{}
	w.scope(a, "m")
	w.add("m.origin = 'mission' AND m.origin_id = ? AND m.id <> ? AND m.status <> 'cancelled'", missionID, except)
	rows, err := tx.QueryContext(ctx, `SELECT `+meetingColumns+` FROM meetings m`+w.String()+` ORDER BY m.starts_at, m.id LIMIT 1000`, w.args...)
	if err != nil {
		return nil, err
	}
	var out []*passerelle.Meeting
	for rows.Next() {
		x, err := scanMeeting(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, x)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, loadParticipants(ctx, tx, a, out)
}

// PinnedMeetings reports which of the meetings ids are pinned (among those the actor may
// read): a re-plan keeps them where they are.
func (s *MeetingService) PinnedMeetings(ctx context.Context, ids []int64) (map[int64]bool, error) {
	a, err := passerelle.RequireActor(ctx)
	if err != nil {
		return nil, err
	}
	out := map[int64]bool{}
	for chunk := range chunks(ids, 500) {
		w := &where{}
		w.scope(a, "m")
		w.add("m.pinned")
		w.conds = append(w.conds, "m.id IN ("+idList(chunk)+")")
		rows, err := s.db.read.QueryContext(ctx, `SELECT m.id FROM meetings m`+w.String(), w.args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return nil, err
			}
			out[id] = true
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}
