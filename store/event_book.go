package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"passerelle"
)

// BookMeeting books a meeting between two participants of the event at the organiser's
// word (the desk of a partnering day: two people ask for a meeting on the spot), at the
// slot starting at start, at a table free then, pinned so that the schedule leaves it.
// Both must take part and be free then (EINVALID naming "from", "to" or "slot"). A
// request between them is accepted (either way round; a new one, from the first to the
// second, when there is none); one that has a meeting standing is ECONFLICT. With mail,
// on a published event, both are mailed the meeting added to their agenda; the mails'
// ids are returned. Writers of the event's workspace; another's event is ENOTFOUND.
func (s *EventService) BookMeeting(ctx context.Context, eventID int64, fromRef, toRef string, start time.Time, mail bool) (mails []int64, err error) {
	err = s.db.update(ctx, func(tx *Tx, a *passerelle.Actor) error {
		mails = nil
		e, err := findEvent(ctx, tx, a.WorkspaceID, "e.id = $2", eventID)
		if err != nil {
			return err
		}
		// The event's row, then the two participants' (the order of the other writers):
		// two desks booking the last table at once, or one of them leaving meanwhile, wait.
		if err := lockEvent(ctx, tx, e); err != nil {
			return err
		}
		side := func(field, ref string) (*passerelle.EventParticipant, error) {
			var id int64
			err := tx.QueryRowContext(ctx, `SELECT id FROM event_participants WHERE workspace_id = $1 AND event_id = $2 AND ref = $3 AND `+
				countedSQL(""), a.WorkspaceID, e.ID, ref).Scan(&id)
			if errors.Is(err, sql.ErrNoRows) {
				return nil, passerelle.FieldError(field, "no participant with the ref %s takes part", passerelle.Clip(ref, passerelle.EchoLength))
			} else if err != nil {
				return nil, err
			}
			return participantByID(ctx, tx, a.WorkspaceID, id)
		}
		from, err := side("from", fromRef)
		if err != nil {
			return err
		}
		to, err := side("to", toRef)
		if err != nil {
			return err
		}
		if from.ID == to.ID {
			return passerelle.FieldError("to", "a participant cannot meet themselves")
		}
		if err := lockParticipants(ctx, tx, a.WorkspaceID, from.ID, to.ID); err != nil {
			return err
		}
		// There may be two requests between them, one each way: one its sender withdrew
		// lets the other side ask (SendRequest). A meeting of either stands; the request
		// to accept is the one that is accepted or waits, not a withdrawn one revived
		// beside it (the schedule would place both).
		var standing int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM event_meetings em JOIN meetings m ON m.workspace_id = em.workspace_id
			AND m.id = em.meeting_id JOIN event_requests r ON r.workspace_id = em.workspace_id AND r.id = em.request_id
			WHERE em.workspace_id = $1 AND r.event_id = $2 AND (r.from_id = $3 AND r.to_id = $4 OR r.from_id = $4 AND r.to_id = $3)
			AND m.status <> 'cancelled'`, a.WorkspaceID, e.ID, from.ID, to.ID).Scan(&standing); err != nil {
			return err
		}
		if standing > 0 {
			return passerelle.Errorf(passerelle.ECONFLICT, "these two have a meeting already: move it instead")
		}
		r := &passerelle.EventRequest{FromID: from.ID, ToID: to.ID}
		err = tx.QueryRowContext(ctx, `SELECT id, from_id, to_id FROM event_requests WHERE workspace_id = $1 AND event_id = $2
			AND (from_id = $3 AND to_id = $4 OR from_id = $4 AND to_id = $3)
			ORDER BY CASE status WHEN 'accepted' THEN 0 WHEN 'pending' THEN 1 ELSE 2 END, id LIMIT 1`, a.WorkspaceID, e.ID, from.ID, to.ID).
			Scan(&r.ID, &r.FromID, &r.ToID)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			if err := tx.QueryRowContext(ctx, `INSERT INTO event_requests (workspace_id, event_id, from_id, to_id, status, priority, message,
				offer_ref, slot_start, created_at, updated_at) VALUES ($1, $2, $3, $4, 'accepted', 1, '', '', NULL, $5, $5) RETURNING id`,
				a.WorkspaceID, e.ID, from.ID, to.ID, tx.now).Scan(&r.ID); err != nil {
				return classify(err, "request")
			}
		case err != nil:
			return err
		default:
			if _, err := tx.ExecContext(ctx, `UPDATE event_requests SET status = 'accepted', unplaced = '', updated_at = $1
				WHERE workspace_id = $2 AND id = $3`, tx.now, a.WorkspaceID, r.ID); err != nil {
				return err
			}
		}
		sl, table, err := checkSlot(ctx, tx, a.WorkspaceID, e, start, from.ID, to.ID)
		if err != nil {
			return err
		}
		if err := bookEventMeeting(ctx, tx, a, e, r, sl, table); err != nil {
			return err
		}
		if !mail || e.Status != passerelle.EventPublished {
			return nil
		}
		var people []MovedParticipant
		for _, p := range []*passerelle.EventParticipant{from, to} {
			var lang string
			if err := tx.QueryRowContext(ctx, `SELECT lang FROM event_participants WHERE workspace_id = $1 AND id = $2`, a.WorkspaceID, p.ID).
				Scan(&lang); err != nil {
				return err
			}
			people = append(people, MovedParticipant{ID: p.ID, Ref: p.Ref, Name: p.Name, Email: p.Email, Lang: lang})
		}
		mails, err = queueChangeMails(ctx, tx, a.WorkspaceID, e, []EventChange{{Kind: ChangeAdded,
			New: EventPlacement{RequestID: r.ID, Start: sl.Start, End: sl.End, Table: table, Pinned: true}, Participants: people}})
		return err
	})
	return mails, err
}
