package store

import (
	"context"
	"database/sql"
	"errors"

	"passerelle"
)

// MeetingNotes is a change of a meeting's notes: nil leaves a field as it is.
type MeetingNotes struct {
	Shared  *string // read by whoever reads the meeting; changed by those who may edit it
	Private *string // the actor's member's own notes
}

// loadPrivateNotes fills the actor's member's private notes of a meeting. A user of no
// member (the network's staff, the system) has none.
func loadPrivateNotes(ctx context.Context, q queryer, a *passerelle.Actor, m *passerelle.Meeting) error {
	m.PrivateNotes = ""
	if a.MemberID == 0 {
		return nil
	}
	err := q.QueryRowContext(ctx, `SELECT notes FROM meeting_private_notes WHERE workspace_id = $1 AND meeting_id = $2 AND member_id = $3`,
		a.WorkspaceID, m.ID, a.MemberID).Scan(&m.PrivateNotes)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	return err
}

// SetMeetingNotes changes a meeting's shared notes, the actor's member's private notes,
// or both, and returns the meeting as the actor now reads it. Private notes need only
// that the actor may read the meeting and write at all: a member notes what it
// learnt at another member's shared meeting. Their audit entry is private to the
// member and keeps no text.
func (s *MeetingService) SetMeetingNotes(ctx context.Context, id int64, n MeetingNotes) (*passerelle.Meeting, error) {
	var out *passerelle.Meeting
	err := s.db.update(ctx, func(tx *Tx, a *passerelle.Actor) error {
		m, err := findMeeting(ctx, tx, a, id)
		if err != nil {
			return err
		}
		if !a.Role.CanWrite() && !a.System {
			return passerelle.Errorf(passerelle.EFORBIDDEN, "your role does not allow changes")
		}
		if n.Shared != nil {
			if err := canEdit(a, m.Visibility, m.OwnerMemberID); err != nil {
				return err
			}
			if len(*n.Shared) > maxNotes {
				return passerelle.FieldError("notes", "at most 100,000 characters")
			}
			if *n.Shared != m.Notes {
				// The meeting's form writes its shared notes too: raising the version
				// keeps a form opened before this change from overwriting it.
				if _, err := bumpVersion(ctx, tx, "meetings", a.WorkspaceID, id, m.Version); err != nil {
					return err
				}
				if _, err := tx.ExecContext(ctx, `UPDATE meetings SET notes = $1, updated_at = $2 WHERE workspace_id = $3 AND id = $4`,
					*n.Shared, tx.now, a.WorkspaceID, id); err != nil {
					return err
				}
				ch := diff(map[string]any{"notes": m.Notes}, map[string]any{"notes": *n.Shared})
				if err := writeAudit(ctx, tx, a, "update", "meeting", id, m.Title, ch, m.Visibility, m.OwnerMemberID); err != nil {
					return err
				}
				m.Notes, m.UpdatedAt = *n.Shared, tx.now
			}
		}
		if n.Private != nil {
			if a.MemberID == 0 {
				return passerelle.FieldError("private_notes", "only a member's users keep private notes")
			}
			if len(*n.Private) > maxNotes {
				return passerelle.FieldError("private_notes", "at most 100,000 characters")
			}
			if err := setPrivateNotes(ctx, tx, a, m, *n.Private); err != nil {
				return err
			}
		}
		if err := loadParticipants(ctx, tx, a, []*passerelle.Meeting{m}); err != nil {
			return err
		}
		out = m
		return loadPrivateNotes(ctx, tx, a, m)
	})
	return out, err
}

// maxNotes bounds one text of notes, as Meeting.Validate does for the shared ones.
const maxNotes = 100000

func setPrivateNotes(ctx context.Context, tx *Tx, a *passerelle.Actor, m *passerelle.Meeting, text string) error {
	if err := loadPrivateNotes(ctx, tx, a, m); err != nil {
		return err
	}
	if m.PrivateNotes == text {
		return nil
	}
	var err error
	if text == "" {
		_, err = tx.ExecContext(ctx, `DELETE FROM meeting_private_notes WHERE workspace_id = $1 AND meeting_id = $2 AND member_id = $3`,
			a.WorkspaceID, m.ID, a.MemberID)
	} else {
		_, err = tx.ExecContext(ctx, `INSERT INTO meeting_private_notes (workspace_id, meeting_id, member_id, notes, updated_by, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (workspace_id, meeting_id, member_id)
			DO UPDATE SET notes = excluded.notes, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
			a.WorkspaceID, m.ID, a.MemberID, text, nullID(a.UserID), tx.now)
	}
	if err != nil {
		return err
	}
	// The entry says that the member's notes changed, not what they say: the audit log
	// is read by the workspace's managers too.
	return writeAudit(ctx, tx, a, "notes", "meeting", m.ID, m.Title, nil, passerelle.VisibilityPrivate, a.MemberID)
}

// loadPrivateNotesOf fills the actor's member's private notes of a page of meetings.
func loadPrivateNotesOf(ctx context.Context, q queryer, a *passerelle.Actor, ms []*passerelle.Meeting) error {
	if a.MemberID == 0 || len(ms) == 0 {
		return nil
	}
	idx := make(map[int64]*passerelle.Meeting, len(ms))
	w := &where{}
	ws, mem := w.arg(a.WorkspaceID), w.arg(a.MemberID)
	ids := make([]int64, 0, len(ms))
	for _, m := range ms {
		idx[m.ID] = m
		ids = append(ids, m.ID)
	}
	rows, err := q.QueryContext(ctx, `SELECT meeting_id, notes FROM meeting_private_notes WHERE workspace_id = `+ws+
		` AND member_id = `+mem+` AND meeting_id IN (`+idList(ids)+`)`, w.args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var text string
		if err := rows.Scan(&id, &text); err != nil {
			return err
		}
		idx[id].PrivateNotes = text
	}
	return rows.Err()
}
