package store

import (
	"context"
	"strconv"

	"passerelle"
)

// CancelOwnMeeting cancels a meeting of the participant's published agenda that is yet
// to start: the meeting is cancelled (its calendar sequence raised, so the feeds update)
// and its request marked cancelled, so that no schedule run places it again. With mail,
// the other side is told (an event.request mail, "cancelled", with the meeting's time)
// through the outbox, and so is the event's notify address when it has one (the desk
// would otherwise find an empty table on the day); the mails' ids are returned. A
// meeting that is not theirs is ENOTFOUND; one cancelled, started or over already, or
// an event not published, is ECONFLICT.
func (s *EventService) CancelOwnMeeting(ctx context.Context, ws, pid, meetingID int64, mail bool) (mails []int64, err error) {
	err = s.db.inTx(ctx, func(tx *Tx) error {
		mails = nil
		me, e, err := participantEvent(ctx, tx, ws, pid)
		if err != nil {
			return err
		}
		if e.Status != passerelle.EventPublished {
			return passerelle.Errorf(passerelle.ECONFLICT, "the schedule is not published yet")
		}
		var m *passerelle.Meeting
		var rid, fromID, toID int64
		rows, err := tx.QueryContext(ctx, participantMeetingQuery+` AND m.id = $4`, ws, e.ID, pid, meetingID)
		if err != nil {
			return err
		}
		for rows.Next() {
			var from, to string
			var pinned bool
			if m, err = scanMeeting(rows, &rid, &from, &to, &fromID, &toID, &pinned); err != nil {
				rows.Close()
				return err
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if m == nil {
			return passerelle.Errorf(passerelle.ENOTFOUND, "not found")
		}
		switch {
		case m.Status == passerelle.MeetingCancelled:
			return passerelle.Errorf(passerelle.ECONFLICT, "this meeting is cancelled already")
		case m.Status != passerelle.MeetingPlanned && m.Status != passerelle.MeetingConfirmed, !tx.now.Before(m.Start):
			return passerelle.Errorf(passerelle.ECONFLICT, "this meeting has started or is over: it can no longer be cancelled")
		}
		// Only if it still stands: both sides cancelling at once on PostgreSQL each read it
		// planned, and the other side and the organiser would be told twice.
		res, err := tx.ExecContext(ctx, `UPDATE meetings SET status = 'cancelled', sequence = sequence + 1, updated_at = $1
			WHERE workspace_id = $2 AND id = $3 AND status IN ('planned', 'confirmed')`, tx.now, ws, m.ID)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return passerelle.Errorf(passerelle.ECONFLICT, "this meeting is cancelled already")
		}
		if _, err := tx.ExecContext(ctx, `UPDATE event_requests SET status = 'cancelled', updated_at = $1 WHERE workspace_id = $2 AND id = $3`,
			tx.now, ws, rid); err != nil {
			return err
		}
		// The meeting is the workspace's too: its history says who called it off.
		if err := writeAudit(ctx, tx, passerelle.SystemActor(ws), "update", "meeting", m.ID, m.Title,
			map[string]passerelle.Change{"status": {Old: string(m.Status), New: string(passerelle.MeetingCancelled)}, "cancelled_by": {Old: nil, New: me.Name}},
			m.Visibility, m.OwnerMemberID); err != nil {
			return err
		}
		if !mail {
			return nil
		}
		other := fromID
		if other == pid {
			other = toID
		}
		slot := &MailPlacement{Start: m.Start.UTC(), End: m.End.UTC(), Table: m.Room}
		id, err := queueRequestMail(ctx, tx, ws, e.ID, other, pid, RequestMail{What: RequestCancelled, Slot: slot})
		if err != nil {
			return err
		}
		if id != 0 {
			mails = append(mails, id)
		}
		if id, err = queueCancelNotice(ctx, tx, e, pid, other, slot); id != 0 {
			mails = append(mails, id)
		}
		return err
	})
	return mails, err
}

// WithdrawRequest takes back a request the participant sent while it waits for an
// answer: it is marked cancelled and the recipient can no longer accept it (it stays
// between the two, as a declined one does). One that is not theirs is ENOTFOUND; one
// answered already is ECONFLICT (an accepted one's meeting is cancelled from the agenda
// once published).
func (s *EventService) WithdrawRequest(ctx context.Context, ws, pid, requestID int64) error {
	return s.db.inTx(ctx, func(tx *Tx) error {
		var status string
		err := tx.QueryRowContext(ctx, `SELECT status FROM event_requests WHERE workspace_id = $1 AND id = $2 AND from_id = $3`,
			ws, requestID, pid).Scan(&status)
		if err != nil {
			return classify(err, "request")
		}
		if status != string(passerelle.RequestPending) {
			return passerelle.Errorf(passerelle.ECONFLICT, "this request is no longer waiting for an answer")
		}
		_, err = tx.ExecContext(ctx, `UPDATE event_requests SET status = 'cancelled', updated_at = $1 WHERE workspace_id = $2 AND id = $3`,
			tx.now, ws, requestID)
		return err
	})
}

// queueCancelNotice writes the mail telling the event's notify address (none without
// one) that participant pid cancelled their meeting with other at slot, in the language
// the address was set in. Only a participant's own cancellation tells it: the organiser
// knows of theirs.
func queueCancelNotice(ctx context.Context, tx *Tx, e *passerelle.Event, pid, other int64, slot *MailPlacement) (int64, error) {
	if e.NotifyEmail == "" {
		return 0, nil
	}
	m := RegistrationMail{What: NoticeMeetingCancelled, Event: e.Name, Page: "/events/" + strconv.FormatInt(e.ID, 10),
		TimeZone: e.TimeZone, Slot: slot}
	if err := tx.QueryRowContext(ctx, `SELECT name, org_name, org_country FROM event_participants WHERE workspace_id = $1 AND id = $2`,
		e.WorkspaceID, pid).Scan(&m.Name, &m.Org, &m.Country); err != nil {
		return 0, classify(err, "participant")
	}
	if err := tx.QueryRowContext(ctx, `SELECT name, org_name FROM event_participants WHERE workspace_id = $1 AND id = $2`,
		e.WorkspaceID, other).Scan(&m.With, &m.WithOrg); err != nil {
		return 0, classify(err, "participant")
	}
	return queueMail(ctx, tx, e.WorkspaceID, e.ID, 0, MailEventRegistration, e.NotifyEmail, "", e.NotifyLang, m)
}
