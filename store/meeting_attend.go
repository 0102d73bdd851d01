package store

import (
	"context"
	"slices"

	"passerelle"
)

// SetAttending adds the actor's user to the meeting's attendees, or takes them off
// (attend false): the meeting page's one click, so that a colleague who joins a
// meeting (a delegation received, a partnering meeting) has it in their agenda and
// calendar feed without editing the whole meeting. Writers who may edit the meeting;
// one they may not read is not found. The meeting's version moves on, so that an edit
// opened before is refused as stale rather than undo it; its calendar sequence does not,
// the meeting itself being the same. Audited as a change of attendees.
func (s *MeetingService) SetAttending(ctx context.Context, id int64, attend bool) (*passerelle.Meeting, error) {
	var m *passerelle.Meeting
	err := s.db.update(ctx, func(tx *Tx, a *passerelle.Actor) error {
		if a.UserID == 0 {
			return passerelle.Errorf(passerelle.EFORBIDDEN, "only a user attends a meeting")
		}
		old, err := findMeeting(ctx, tx, a, id)
		if err != nil {
			return err
		}
		if err := canEdit(a, old.Visibility, old.OwnerMemberID); err != nil {
			return err
		}
		if err := loadParticipants(ctx, tx, a, []*passerelle.Meeting{old}); err != nil {
			return err
		}
		if slices.Contains(old.AttendeeIDs, a.UserID) != attend {
			if attend {
				_, err = tx.ExecContext(ctx, `INSERT INTO meeting_attendees (workspace_id, meeting_id, user_id, position)
					SELECT $1, $2, $3, COALESCE(MAX(position), -1) + 1 FROM meeting_attendees WHERE workspace_id = $1 AND meeting_id = $2`,
					old.WorkspaceID, old.ID, a.UserID)
			} else {
				_, err = tx.ExecContext(ctx, `DELETE FROM meeting_attendees WHERE workspace_id = $1 AND meeting_id = $2 AND user_id = $3`,
					old.WorkspaceID, old.ID, a.UserID)
			}
			if err != nil {
				return err
			}
			if _, err := bumpVersion(ctx, tx, "meetings", old.WorkspaceID, old.ID, old.Version); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `UPDATE meetings SET updated_at = $1 WHERE workspace_id = $2 AND id = $3`,
				tx.now, old.WorkspaceID, old.ID); err != nil {
				return err
			}
		}
		if m, err = findMeeting(ctx, tx, a, id); err != nil {
			return err
		}
		if err := loadParticipants(ctx, tx, a, []*passerelle.Meeting{m}); err != nil {
			return err
		}
		if err := loadPrivateNotes(ctx, tx, a, m); err != nil {
			return err
		}
		changes := diff(meetingFields(old), meetingFields(m))
		if len(changes) == 0 {
			return nil
		}
		return auditUpdate(ctx, tx, a, "meeting", m.ID, old.Title, m.Title, changes, m.Visibility, m.OwnerMemberID)
	})
	if err != nil {
		return nil, err
	}
	return m, nil
}
