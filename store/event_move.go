package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"passerelle"
)

// MovedParticipant is one side of a meeting the organiser moved: whom to tell.
type MovedParticipant struct {
	ID    int64
	Ref   string
	Name  string
	Email string
	Lang  string
}

// EventMove is what MoveEventMeeting did.
type EventMove struct {
	Meeting      *EventMeeting
	Moved        bool // the time or the table changed (the calendars get a new sequence)
	Pinned       bool
	Was          EventPlacement // where the meeting was before
	Participants []MovedParticipant
	// Mails are the outbox mails telling the participants of the move (published event, mail asked).
	Mails []int64
}

// MoveEventMeeting puts a meeting of the event at another slot and table by hand, and
// pins it or not (a pinned meeting stays where it is when the schedule runs again). The
// slot must be one of the event's, the table one of its tables, free then, and both
// participants free and available; otherwise EINVALID names the field and nothing
// changes. With mail, a move of a published event's meeting writes a mail to each
// participant with an email in the outbox, in the same transaction. Writers of the
// event's workspace only; another workspace's event is not found.
func (s *EventService) MoveEventMeeting(ctx context.Context, eventID, meetingID int64, start time.Time, table string, pinned, mail bool) (*EventMove, error) {
	out := &EventMove{Pinned: pinned}
	err := s.db.update(ctx, func(tx *Tx, a *passerelle.Actor) error {
		e, err := findEvent(ctx, tx, a.WorkspaceID, "e.id = $2", eventID)
		if err != nil {
			return err
		}
		// The event's row is held while the table and both sides are checked, as the
		// organiser's booking and an acceptance at a free slot hold it to choose a table:
		// on PostgreSQL a move and a booking at once could otherwise both take the slot's
		// last table, or put one participant in two meetings.
		if err := lockEvent(ctx, tx, e); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, eventMeetingQuery+` WHERE em.workspace_id = $1 AND em.event_id = $2 AND em.meeting_id = $3`,
			a.WorkspaceID, e.ID, meetingID)
		if err != nil {
			return err
		}
		ms, err := scanEventMeetings(rows)
		if err != nil {
			return err
		}
		if len(ms) == 0 {
			return passerelle.Errorf(passerelle.ENOTFOUND, "%s not found", "meeting")
		}
		em := ms[0]
		m := em.Meeting
		out.Meeting = em
		out.Was = EventPlacement{RequestID: em.RequestID, Start: m.Start.UTC(), End: m.End.UTC(), Table: m.Room, Pinned: em.Pinned}
		if m.Status == passerelle.MeetingCancelled {
			return passerelle.Errorf(passerelle.ECONFLICT, "a cancelled meeting cannot be moved: schedule the event again")
		}
		var slot *passerelle.EventSlot
		for _, sl := range e.Slots() {
			if sl.Start.Equal(start) {
				slot = &sl
				break
			}
		}
		if slot == nil {
			return passerelle.FieldError("slot", "not a meeting time of the event: %s", start.In(e.Zone()).Format("2006-01-02 15:04"))
		}
		if len(e.Tables) == 0 {
			table = m.Room // virtual only: the meeting keeps its video room
		} else {
			known := false
			for _, t := range e.Tables {
				known = known || t == table
			}
			if !known {
				return passerelle.FieldError("table", "unknown table: %s", table)
			}
		}
		moved := !m.Start.Equal(slot.Start) || m.Room != table
		if moved {
			// Who else is there then: the table, and either side.
			rows, err := tx.QueryContext(ctx, eventMeetingQuery+` WHERE em.workspace_id = $1 AND em.event_id = $2 AND em.meeting_id <> $3
				AND m.status <> 'cancelled' AND m.starts_at < $4 AND m.ends_at > $5`, a.WorkspaceID, e.ID, meetingID, slot.End.UTC(), slot.Start.UTC())
			if err != nil {
				return err
			}
			others, err := scanEventMeetings(rows)
			if err != nil {
				return err
			}
			for _, o := range others {
				if len(e.Tables) > 0 && o.Meeting.Room == table {
					return passerelle.FieldError("table", "table %s is taken at that time (%s)", table, o.Meeting.Title)
				}
				for _, pid := range []int64{em.FromID, em.ToID} {
					if o.FromID == pid || o.ToID == pid {
						return passerelle.FieldError("slot", "a participant of this meeting has another one at that time (%s)", o.Meeting.Title)
					}
				}
			}
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM event_unavailability WHERE workspace_id = $1 AND participant_id IN ($2, $3)
				AND starts_at < $4 AND ends_at > $5`, a.WorkspaceID, em.FromID, em.ToID, slot.End.UTC(), slot.Start.UTC()).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				return passerelle.FieldError("slot", "a participant of this meeting is unavailable at that time")
			}
			if _, err := tx.ExecContext(ctx, `UPDATE meetings SET starts_at = $1, ends_at = $2, room = $3, sequence = sequence + 1,
				version = version + 1, updated_at = $4 WHERE workspace_id = $5 AND id = $6`, slot.Start.UTC(), slot.End.UTC(), table, tx.now,
				a.WorkspaceID, meetingID); err != nil {
				return classify(err, "meeting")
			}
		}
		if !moved && em.Pinned == pinned {
			return nil
		}
		if _, err := tx.ExecContext(ctx, `UPDATE event_meetings SET pinned = $1 WHERE workspace_id = $2 AND meeting_id = $3`,
			pinned, a.WorkspaceID, meetingID); err != nil {
			return err
		}
		out.Moved = moved
		changes := map[string]passerelle.Change{}
		if moved {
			changes["starts_at"] = passerelle.Change{Old: m.Start.UTC().Format(time.RFC3339), New: slot.Start.UTC().Format(time.RFC3339)}
			changes["room"] = passerelle.Change{Old: m.Room, New: table}
		}
		if em.Pinned != pinned {
			changes["pinned"] = passerelle.Change{Old: em.Pinned, New: pinned}
		}
		m.Start, m.End, m.Room = slot.Start, slot.End, table
		for _, pid := range []int64{em.FromID, em.ToID} {
			p := MovedParticipant{ID: pid}
			err := tx.QueryRowContext(ctx, `SELECT ref, name, email, lang FROM event_participants WHERE workspace_id = $1 AND id = $2`,
				a.WorkspaceID, pid).Scan(&p.Ref, &p.Name, &p.Email, &p.Lang)
			if errors.Is(err, sql.ErrNoRows) {
				continue
			} else if err != nil {
				return err
			}
			out.Participants = append(out.Participants, p)
		}
		// Before publication the participants have not seen their agendas: nothing to tell.
		if mail && moved && e.Status == passerelle.EventPublished {
			c := EventChange{Kind: ChangeMoved, MeetingID: m.ID, Old: out.Was, Participants: out.Participants,
				New: EventPlacement{RequestID: em.RequestID, Start: m.Start, End: m.End, Table: m.Room, Pinned: pinned}}
			if out.Mails, err = queueChangeMails(ctx, tx, a.WorkspaceID, e, []EventChange{c}); err != nil {
				return err
			}
		}
		return writeAudit(ctx, tx, a, "move", "event", e.ID, fmt.Sprintf("%s: %s", e.Name, m.Title), changes, passerelle.VisibilityShared, 0)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
