package store

import (
	"context"
	"database/sql"
	"errors"
	"sort"
	"strconv"
	"time"

	"passerelle"
)

// A partnering event's places (docs/events.md, "Capacity and waiting list"). A
// participant takes a place once imported, or once their registration is confirmed by
// the link mailed to them; past the event's maximum a confirmed registration joins the
// waiting list instead, and leaves it, in the order it joined, when a place frees up (a
// participant leaves, the organiser raises the maximum or removes someone) or when the
// organiser admits it. One on the waiting list or gone is shown to no one, may request
// no one and is requested by no one: countedSQL is that rule for every query.

// countedSQL is the condition on event_participants (under alias, "p." or "") of a
// participant who takes part: not a registration waiting for its email's confirmation,
// not on the waiting list, not gone.
func countedSQL(alias string) string {
	return "NOT (" + alias + "registered AND " + alias + "confirmed_at IS NULL) AND " + alias + "waitlisted_at IS NULL AND " + alias + "left_at IS NULL"
}

// participantStatusSQL is the expression of a participant's passerelle.ParticipantStatus.
func participantStatusSQL(alias string) string {
	return "CASE WHEN " + alias + "left_at IS NOT NULL AND " + alias + "removed THEN 'removed' WHEN " + alias + "left_at IS NOT NULL THEN 'left' WHEN " + alias + "registered AND " + alias +
		"confirmed_at IS NULL THEN 'unconfirmed' WHEN " + alias + "waitlisted_at IS NOT NULL THEN 'waiting' ELSE '' END"
}

// EventCapacity is how full an event is: Max 0 is no maximum.
type EventCapacity struct {
	Max, Taken, Waiting int
}

// Full reports whether a registration confirmed now would join the waiting list.
func (c EventCapacity) Full() bool { return c.Max > 0 && c.Taken >= c.Max }

// Capacity counts the event's places taken and its waiting list. It reads only counts
// and is used by the public registration page as well (no actor): e comes from
// PublicEvent or a find of the actor's workspace.
func (s *EventService) Capacity(ctx context.Context, e *passerelle.Event) (EventCapacity, error) {
	return eventCapacity(ctx, s.db.read, e)
}

func eventCapacity(ctx context.Context, q queryer, e *passerelle.Event) (EventCapacity, error) {
	c := EventCapacity{Max: e.MaxParticipants}
	err := q.QueryRowContext(ctx, `SELECT COALESCE(SUM(CASE WHEN `+countedSQL("")+` THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN waitlisted_at IS NOT NULL AND left_at IS NULL THEN 1 ELSE 0 END), 0)
		FROM event_participants WHERE workspace_id = $1 AND event_id = $2`, e.WorkspaceID, e.ID).Scan(&c.Taken, &c.Waiting)
	return c, err
}

// MailEventRegistration is the kind of the mails about a participant's place: to the
// organiser's address (a registration confirmed, on the waiting list, withdrawn, and a
// meeting a participant cancelled) and to a participant admitted from the waiting list. Its data is a RegistrationMail.
const MailEventRegistration = "event.registration"

// What a RegistrationMail tells.
const (
	PlaceRegistered = "registered" // to the organiser: a registration confirmed, with a place
	PlaceWaiting    = "waiting"    // to the organiser: one confirmed onto the waiting list
	PlaceApproval   = "approval"   // to the organiser: one confirmed, waiting for approval
	PlaceLeft       = "left"       // to the organiser: a participant withdrew
	PlaceAdmitted   = "admitted"   // to the participant: a place is theirs
	PlaceApproved   = "approved"   // to the participant: the organiser approved their registration
	PlaceRemoved    = "removed"    // to the participant: the organiser took them off the event
	// NoticeMeetingCancelled, to the organiser: a participant cancelled a meeting of the
	// published agenda (With, Slot, TimeZone say which).
	NoticeMeetingCancelled = "meeting_cancelled"
)

// RegistrationMail is what a MailEventRegistration mail says.
type RegistrationMail struct {
	What  string `json:"what"`
	Event string `json:"event"`
	// Page is the event's page for the organiser (/events/ID) or the participants' page
	// (/e/WS/EVENT), a path under the base URL.
	Page string `json:"page"`
	// The participant, for the organiser's mails.
	Name    string `json:"name,omitempty"`
	Org     string `json:"org,omitempty"`
	Country string `json:"country,omitempty"`
	// The event's places after the change.
	Taken   int `json:"taken"`
	Max     int `json:"max,omitempty"`
	Waiting int `json:"waiting,omitempty"`
	// The meeting a participant cancelled (NoticeMeetingCancelled): the other side, its
	// time and table, and the event's time zone to show it in.
	With     string         `json:"with,omitempty"`
	WithOrg  string         `json:"with_org,omitempty"`
	Slot     *MailPlacement `json:"slot,omitempty"`
	TimeZone string         `json:"time_zone,omitempty"`
	// Cancelled lists the meetings a participant's leaving cancelled (PlaceLeft), by
	// time, so the desk knows which tables stand empty. Nil in the mails written before
	// it was (they say only that meetings were cancelled); empty when there were none.
	Cancelled *[]NoticeMeeting `json:"cancelled,omitempty"`
}

// NoticeMeeting is one meeting in the organiser's notice of a withdrawal: the other
// side and its time and table (in RegistrationMail.TimeZone).
type NoticeMeeting struct {
	With    string        `json:"with"`
	WithOrg string        `json:"with_org,omitempty"`
	Slot    MailPlacement `json:"slot"`
}

// lockEvent serialises the changes of an event's places on PostgreSQL: without it two
// confirmations at once could each count the last place free.
func lockEvent(ctx context.Context, tx *Tx, e *passerelle.Event) error {
	return tx.lockRow(ctx, "events", e.WorkspaceID, e.ID)
}

// takePlace gives the participant just confirmed (or back after leaving) a place, or a
// place on the waiting list when the event is full or others wait, and writes the
// organiser's notice.
func takePlace(ctx context.Context, tx *Tx, e *passerelle.Event, pid int64, mail bool) (mails []int64, err error) {
	if err := lockEvent(ctx, tx, e); err != nil {
		return nil, err
	}
	c, err := eventCapacity(ctx, tx, e)
	if err != nil {
		return nil, err
	}
	what := PlaceRegistered
	// With the organiser's approval, a registration waits for it, whatever the places
	// left; one the organiser imported has been approved by the import.
	approval := false
	if e.Approval {
		if err := tx.QueryRowContext(ctx, `SELECT registered FROM event_participants WHERE workspace_id = $1 AND id = $2`,
			e.WorkspaceID, pid).Scan(&approval); err != nil {
			return nil, err
		}
	}
	// The participant is counted already: the event is over its maximum with them. While
	// others wait (an import that removed participants freed places and admits no one)
	// they join the list behind them, and the places free go to the list in its order:
	// first come, first served (admitWaiting gives none with approval).
	ahead := c.Waiting
	if approval || c.Max > 0 && (c.Taken > c.Max || ahead > 0) {
		if _, err := tx.ExecContext(ctx, `UPDATE event_participants SET waitlisted_at = $1, ref = ref WHERE workspace_id = $2 AND id = $3`,
			tx.now, e.WorkspaceID, pid); err != nil {
			return nil, err
		}
		what = PlaceWaiting
		if approval {
			what = PlaceApproval
		}
		c.Taken--
		c.Waiting++
	}
	var admitted []int64
	if ahead > 0 && c.Max > 0 && c.Taken < c.Max {
		if admitted, err = admitWaiting(ctx, tx, e, mail); err != nil {
			return nil, err
		}
		if c, err = eventCapacity(ctx, tx, e); err != nil {
			return nil, err
		}
		if st, _, err := participantStatus(ctx, tx, e.WorkspaceID, pid); err != nil {
			return nil, err
		} else if st == "" {
			what = PlaceRegistered
		}
	}
	if !mail {
		return nil, nil
	}
	id, err := queueOrganiserNotice(ctx, tx, e, pid, what, c, nil)
	if id != 0 {
		mails = append(mails, id)
	}
	return append(mails, admitted...), err
}

// queueOrganiserNotice writes the mail to the event's notify address about the
// participant (none without an address), in the language it was set in.
// A withdrawal's notice lists the meetings it cancelled (cancelled; none, not nil).
func queueOrganiserNotice(ctx context.Context, tx *Tx, e *passerelle.Event, pid int64, what string, c EventCapacity, cancelled []NoticeMeeting) (int64, error) {
	if e.NotifyEmail == "" {
		return 0, nil
	}
	m := RegistrationMail{What: what, Event: e.Name, Page: "/events/" + strconv.FormatInt(e.ID, 10), Taken: c.Taken, Max: c.Max, Waiting: c.Waiting}
	if what == PlaceLeft {
		if cancelled == nil {
			cancelled = []NoticeMeeting{}
		}
		m.Cancelled, m.TimeZone = &cancelled, e.TimeZone
	}
	if err := tx.QueryRowContext(ctx, `SELECT name, org_name, org_country FROM event_participants WHERE workspace_id = $1 AND id = $2`,
		e.WorkspaceID, pid).Scan(&m.Name, &m.Org, &m.Country); err != nil {
		return 0, classify(err, "participant")
	}
	return queueMail(ctx, tx, e.WorkspaceID, e.ID, 0, MailEventRegistration, e.NotifyEmail, "", e.NotifyLang, m)
}

// admitWaiting gives the places free at the event to its waiting list, in the order it
// was joined, each audited and, with mail, told by mail; it returns the mails' ids.
func admitWaiting(ctx context.Context, tx *Tx, e *passerelle.Event, mail bool) (mails []int64, err error) {
	if err := lockEvent(ctx, tx, e); err != nil {
		return nil, err
	}
	c, err := eventCapacity(ctx, tx, e)
	if err != nil || c.Waiting == 0 || e.Approval {
		// With approval, the organiser's Admit alone gives places.
		return nil, err
	}
	free := c.Waiting
	if c.Max > 0 {
		free = min(free, c.Max-c.Taken)
	}
	if free <= 0 {
		return nil, nil
	}
	ids, err := queryIDs(ctx, tx, `SELECT id FROM event_participants WHERE workspace_id = $1 AND event_id = $2
		AND waitlisted_at IS NOT NULL AND left_at IS NULL ORDER BY waitlisted_at, id LIMIT $3`, e.WorkspaceID, e.ID, free)
	if err != nil {
		return nil, err
	}
	for _, id := range ids {
		ms, err := admit(ctx, tx, passerelle.SystemActor(e.WorkspaceID), e, id, mail)
		if err != nil {
			return nil, err
		}
		mails = append(mails, ms...)
	}
	return mails, nil
}

// admit takes one participant off the waiting list, or back after they left or were
// removed (the organiser's Admit), into a place, by a, audited; with mail, the
// participant is told. What leaving cancelled stays cancelled.
func admit(ctx context.Context, tx *Tx, a *passerelle.Actor, e *passerelle.Event, pid int64, mail bool) (mails []int64, err error) {
	var name, email, lang, status string
	var unconfirmed bool
	if err := tx.QueryRowContext(ctx, `SELECT name, email, lang, `+participantStatusSQL("")+`, registered AND confirmed_at IS NULL FROM event_participants
		WHERE workspace_id = $1 AND event_id = $2 AND id = $3 AND (waitlisted_at IS NOT NULL OR left_at IS NOT NULL)`,
		e.WorkspaceID, e.ID, pid).Scan(&name, &email, &lang, &status, &unconfirmed); errors.Is(err, sql.ErrNoRows) {
		return nil, passerelle.Errorf(passerelle.ECONFLICT, "this participant is neither on the waiting list nor gone")
	} else if err != nil {
		return nil, err
	}
	// A registration removed before its link confirmed it (the status says "removed")
	// would come back unconfirmed, counted by no one, and its address, never shown to be
	// theirs, be mailed that a place is theirs.
	if unconfirmed {
		return nil, passerelle.Errorf(passerelle.ECONFLICT, "this registration's email was never confirmed")
	}
	// ref = ref stamps the row (migration 00027's trigger): the others' directory shows
	// the participant from now on.
	if _, err := tx.ExecContext(ctx, `UPDATE event_participants SET waitlisted_at = NULL, left_at = NULL, removed = FALSE, ref = ref, updated_at = $1
		WHERE workspace_id = $2 AND id = $3`, tx.now, e.WorkspaceID, pid); err != nil {
		return nil, err
	}
	key := "waiting_list"
	if status != string(passerelle.ParticipantWaiting) {
		key = status // left, removed
	}
	if err := writeAudit(ctx, tx, a, "update", "event", e.ID, e.Name+": "+name,
		map[string]passerelle.Change{key: {Old: name, New: nil}}, passerelle.VisibilityShared, 0); err != nil {
		return nil, err
	}
	if !mail || email == "" {
		return nil, nil
	}
	var wsSlug string
	if err := tx.QueryRowContext(ctx, `SELECT slug FROM workspaces WHERE id = $1`, e.WorkspaceID).Scan(&wsSlug); err != nil {
		return nil, err
	}
	what := PlaceAdmitted
	if e.Approval && status == string(passerelle.ParticipantWaiting) {
		// The organiser's approval frees no place: "a place has freed up" told the one
		// approved of news that did not happen.
		what = PlaceApproved
	}
	id, err := queueMail(ctx, tx, e.WorkspaceID, e.ID, pid, MailEventRegistration, email, name, lang,
		RegistrationMail{What: what, Event: e.Name, Page: "/e/" + wsSlug + "/" + e.Slug})
	if err != nil {
		return nil, err
	}
	return []int64{id}, nil
}

// AdmitParticipant takes a participant of the waiting list, or one who left or was
// removed, into the event at the organiser's word, even past the maximum; with mail,
// they are told. One who takes part (or has not confirmed their email), or an event
// over, is ECONFLICT; another event's, ENOTFOUND.
func (s *EventService) AdmitParticipant(ctx context.Context, eventID, pid int64, mail bool) (mails []int64, err error) {
	err = s.db.update(ctx, func(tx *Tx, a *passerelle.Actor) error {
		e, err := findEvent(ctx, tx, a.WorkspaceID, "e.id = $2", eventID)
		if err != nil {
			return err
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM event_participants WHERE workspace_id = $1 AND event_id = $2 AND id = $3`,
			a.WorkspaceID, eventID, pid).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return passerelle.Errorf(passerelle.ENOTFOUND, "%s not found", "participant")
		}
		if err := lockEvent(ctx, tx, e); err != nil {
			return err
		}
		// As nobody leaves or is removed once the event is over (withdraw): the mail "a
		// place is yours, request meetings" would come when requests are closed.
		if end := e.Ends(); !end.IsZero() && !tx.now.Before(end) {
			return passerelle.Errorf(passerelle.ECONFLICT, "the event is over")
		}
		mails, err = admit(ctx, tx, a, e, pid, mail)
		return err
	})
	return mails, err
}

// LeaveEvent withdraws a participant from their event at their word, until its last
// day is over: their meetings still to come are cancelled (with mail, the other side is
// told of each one on a published agenda), their requests that wait or were accepted
// are cancelled, they are shown to no one, and their place goes to the waiting list.
// Registering again on the public page brings them back. Audited; with mail, the
// organiser's address is told.
func (s *EventService) LeaveEvent(ctx context.Context, ws, pid int64, mail bool) (mails []int64, err error) {
	err = s.db.inTx(ctx, func(tx *Tx) error {
		me, e, err := participantEvent(ctx, tx, ws, pid)
		if err != nil {
			return err
		}
		mails, err = withdraw(ctx, tx, passerelle.SystemActor(ws), e, me, false, mail)
		return err
	})
	return mails, err
}

// RemoveParticipant takes a participant off the event at the organiser's word (a
// registration that is spam, one who will not come), until its last day is over: as
// when they leave (withdraw), but they cannot come back by themselves; the organiser's
// Admit restores them. With mail, they are told. Audited as the organiser. Another
// event's or workspace's participant is ENOTFOUND; one gone already, ECONFLICT.
func (s *EventService) RemoveParticipant(ctx context.Context, eventID, pid int64, mail bool) (mails []int64, err error) {
	err = s.db.update(ctx, func(tx *Tx, a *passerelle.Actor) error {
		e, err := findEvent(ctx, tx, a.WorkspaceID, "e.id = $2", eventID)
		if err != nil {
			return err
		}
		me, err := participantByID(ctx, tx, a.WorkspaceID, pid)
		if err != nil {
			return err
		}
		if me.EventID != e.ID {
			return passerelle.Errorf(passerelle.ENOTFOUND, "%s not found", "participant")
		}
		mails, err = withdraw(ctx, tx, a, e, me, true, mail)
		return err
	})
	return mails, err
}

// withdraw takes the participant off the event, by a (the workspace's system for one
// who leaves, the organiser for one removed): their meetings still to come cancelled
// (with mail, the other side told of each one on a published agenda), their requests
// waiting or accepted cancelled, their place given to the waiting list. With mail, the
// organiser's address is told of one who left, the participant of their removal.
func withdraw(ctx context.Context, tx *Tx, a *passerelle.Actor, e *passerelle.Event, me *passerelle.EventParticipant, removed, mail bool) (mails []int64, err error) {
	ws, pid := e.WorkspaceID, me.ID
	// The event, then the participant, locked before anything is read (on PostgreSQL;
	// the order of AdmitParticipant and SaveEvent): a second leave at once (two tabs)
	// waits and finds them gone, and an acceptance of their request at once
	// (AnswerRequest locks both sides) either books its meeting before we read theirs,
	// which we cancel, or finds them gone.
	if err := lockEvent(ctx, tx, e); err != nil {
		return nil, err
	}
	if err := lockParticipants(ctx, tx, ws, pid); err != nil {
		return nil, err
	}
	var left sql.NullTime
	if err := tx.QueryRowContext(ctx, `SELECT left_at FROM event_participants WHERE workspace_id = $1 AND id = $2`, ws, pid).Scan(&left); err != nil {
		return nil, err
	}
	switch {
	case left.Valid && removed:
		return nil, passerelle.Errorf(passerelle.ECONFLICT, "this participant no longer takes part")
	case left.Valid:
		return nil, passerelle.Errorf(passerelle.ECONFLICT, "you have left this event already")
	}
	if end := e.Ends(); !end.IsZero() && !tx.now.Before(end) {
		return nil, passerelle.Errorf(passerelle.ECONFLICT, "the event is over")
	}
	// The meetings still to come of their requests, with the other side of each.
	type gone struct {
		m     *passerelle.Meeting
		other int64
	}
	var meetings []gone
	rows, err := tx.QueryContext(ctx, participantMeetingQuery+` AND m.status IN ('planned', 'confirmed') AND m.starts_at > $4`, ws, e.ID, pid, tx.now)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var rid, fromID, toID int64
		var from, to string
		var pinned bool
		m, err := scanMeeting(rows, &rid, &from, &to, &fromID, &toID, &pinned)
		if err != nil {
			rows.Close()
			return nil, err
		}
		other := fromID
		if other == pid {
			other = toID
		}
		meetings = append(meetings, gone{m, other})
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	// The meetings this leaving cancels, for the organiser's notice: not those the other
	// side cancelled meanwhile, which told the organiser already.
	var cancelled []NoticeMeeting
	n := 0 // cancelled here, for the audit entry
	notice := mail && !removed && e.NotifyEmail != ""
	for _, g := range meetings {
		// Only if it still stands: the other side may have cancelled it since it was read
		// (CancelOwnMeeting does not wait for the event's lock), and has told everyone.
		res, err := tx.ExecContext(ctx, `UPDATE meetings SET status = 'cancelled', sequence = sequence + 1, updated_at = $1
			WHERE workspace_id = $2 AND id = $3 AND status IN ('planned', 'confirmed')`, tx.now, ws, g.m.ID)
		if err != nil {
			return nil, err
		}
		if k, err := res.RowsAffected(); err != nil {
			return nil, err
		} else if k == 0 {
			continue
		}
		n++
		if notice {
			nm := NoticeMeeting{Slot: MailPlacement{Start: g.m.Start.UTC(), End: g.m.End.UTC(), Table: g.m.Room}}
			if err := tx.QueryRowContext(ctx, `SELECT name, org_name FROM event_participants WHERE workspace_id = $1 AND id = $2`,
				ws, g.other).Scan(&nm.With, &nm.WithOrg); err != nil {
				return nil, classify(err, "participant")
			}
			cancelled = append(cancelled, nm)
		}
		ch := map[string]passerelle.Change{"status": {Old: string(g.m.Status), New: string(passerelle.MeetingCancelled)}}
		if !removed {
			// The organiser's removal is signed by the entry's actor; a participant is no user.
			ch["cancelled_by"] = passerelle.Change{Old: nil, New: me.Name}
		}
		if err := writeAudit(ctx, tx, a, "update", "meeting", g.m.ID, g.m.Title, ch, g.m.Visibility, g.m.OwnerMemberID); err != nil {
			return nil, err
		}
		// Only a published agenda's meeting is known to the other side.
		if mail && e.Status == passerelle.EventPublished {
			id, err := queueRequestMail(ctx, tx, ws, e.ID, g.other, pid, RequestMail{What: RequestCancelled,
				Slot: &MailPlacement{Start: g.m.Start.UTC(), End: g.m.End.UTC(), Table: g.m.Room}})
			if err != nil {
				return nil, err
			}
			if id != 0 {
				mails = append(mails, id)
			}
		}
	}
	if _, err := tx.ExecContext(ctx, `UPDATE event_requests SET status = 'cancelled', updated_at = $1 WHERE workspace_id = $2 AND event_id = $3
		AND (from_id = $4 OR to_id = $4) AND status IN ('pending', 'accepted')`, tx.now, ws, e.ID, pid); err != nil {
		return nil, err
	}
	c, err := eventCapacity(ctx, tx, e)
	if err != nil {
		return nil, err
	}
	held := c.Taken
	if _, err := tx.ExecContext(ctx, `UPDATE event_participants SET left_at = $1, removed = $2, waitlisted_at = NULL, ref = ref, updated_at = $1
		WHERE workspace_id = $3 AND id = $4`, tx.now, removed, ws, pid); err != nil {
		return nil, err
	}
	what := "left"
	if removed {
		what = "removed"
	}
	if err := writeAudit(ctx, tx, a, "update", "event", e.ID, e.Name+": "+me.Name,
		map[string]passerelle.Change{what: {Old: nil, New: me.Name}, "meetings_cancelled": {Old: nil, New: n}},
		passerelle.VisibilityShared, 0); err != nil {
		return nil, err
	}
	if c, err = eventCapacity(ctx, tx, e); err != nil {
		return nil, err
	}
	if mail && !removed {
		// By time, then table: the order the desk walks the day in.
		sort.SliceStable(cancelled, func(i, j int) bool {
			a, b := cancelled[i].Slot, cancelled[j].Slot
			if !a.Start.Equal(b.Start) {
				return a.Start.Before(b.Start)
			}
			return a.Table < b.Table
		})
		id, err := queueOrganiserNotice(ctx, tx, e, pid, PlaceLeft, c, cancelled)
		if err != nil {
			return nil, err
		}
		if id != 0 {
			mails = append(mails, id)
		}
	}
	if mail && removed && me.Email != "" {
		var lang string
		var unconfirmed bool
		if err := tx.QueryRowContext(ctx, `SELECT lang, registered AND confirmed_at IS NULL FROM event_participants WHERE workspace_id = $1 AND id = $2`,
			ws, pid).Scan(&lang, &unconfirmed); err != nil {
			return nil, err
		}
		// A registration never confirmed is not told: its address was never shown to be
		// the registrant's (a spam registration may give anyone's).
		if !unconfirmed {
			id, err := queueMail(ctx, tx, ws, e.ID, pid, MailEventRegistration, me.Email, me.Name, lang, RegistrationMail{What: PlaceRemoved, Event: e.Name})
			if err != nil {
				return nil, err
			}
			mails = append(mails, id)
		}
	}
	if c.Taken < held {
		ms, err := admitWaiting(ctx, tx, e, mail)
		if err != nil {
			return nil, err
		}
		mails = append(mails, ms...)
	}
	return mails, nil
}

// participantEvent reads a participant and their event, for what they do on their page.
func participantEvent(ctx context.Context, q queryer, ws, pid int64) (*passerelle.EventParticipant, *passerelle.Event, error) {
	me, err := participantByID(ctx, q, ws, pid)
	if err != nil {
		return nil, nil, err
	}
	e, err := findEvent(ctx, q, ws, "e.id = $2", me.EventID)
	if err != nil {
		return nil, nil, err
	}
	return me, e, nil
}

// participantStatus reads where a participant stands (passerelle.ParticipantStatus) and
// when they joined the waiting list, their place in it (zero when not on it).
func participantStatus(ctx context.Context, q queryer, ws, pid int64) (passerelle.ParticipantStatus, time.Time, error) {
	var st string
	var since sql.NullTime
	err := q.QueryRowContext(ctx, `SELECT `+participantStatusSQL("")+`, waitlisted_at FROM event_participants WHERE workspace_id = $1 AND id = $2`,
		ws, pid).Scan(&st, &since)
	if err != nil {
		return "", time.Time{}, classify(err, "participant")
	}
	if since.Valid && st == string(passerelle.ParticipantWaiting) {
		return passerelle.ParticipantWaiting, since.Time.UTC(), nil
	}
	return passerelle.ParticipantStatus(st), time.Time{}, nil
}

// checkTakesPart refuses, as ECONFLICT, what only a participant with a place may do.
func checkTakesPart(ctx context.Context, q queryer, ws, pid int64) error {
	st, _, err := participantStatus(ctx, q, ws, pid)
	switch {
	case err != nil:
		return err
	case st == passerelle.ParticipantWaiting:
		return passerelle.Errorf(passerelle.ECONFLICT, "you are on the waiting list: you may request meetings once a place is yours")
	case st == passerelle.ParticipantLeft:
		return passerelle.Errorf(passerelle.ECONFLICT, "you have left this event")
	case st == passerelle.ParticipantRemoved:
		return passerelle.Errorf(passerelle.ECONFLICT, "the organiser took you off this event")
	case st != "":
		return passerelle.Errorf(passerelle.ECONFLICT, "your registration is not confirmed")
	}
	return nil
}

// RejoinEvent brings back a participant who left, at their word, until the event is
// over: one the organiser imported at any time, one who registered while the
// registration is open. They take a place, or one on the waiting list when the event is
// full (takePlace); the requests and meetings cancelled when they left stay cancelled.
func (s *EventService) RejoinEvent(ctx context.Context, ws, pid int64, mail bool) (mails []int64, err error) {
	err = s.db.inTx(ctx, func(tx *Tx) error {
		mails = nil
		me, e, err := participantEvent(ctx, tx, ws, pid)
		if err != nil {
			return err
		}
		// The event first, then the participant, as LeaveEvent locks them: a leave and a
		// return of one participant at once (two tabs) wait for each other instead of
		// deadlocking on PostgreSQL.
		if err := lockEvent(ctx, tx, e); err != nil {
			return err
		}
		var registered, open, removed bool
		var left sql.NullTime
		if err := tx.QueryRowContext(ctx, `SELECT p.registered, p.left_at, p.removed, e.registration_open FROM event_participants p
			JOIN events e ON e.workspace_id = p.workspace_id AND e.id = p.event_id WHERE p.workspace_id = $1 AND p.id = $2`,
			ws, pid).Scan(&registered, &left, &removed, &open); err != nil {
			return err
		}
		if !left.Valid {
			return passerelle.Errorf(passerelle.ECONFLICT, "you take part in this event already")
		}
		if removed {
			return passerelle.Errorf(passerelle.ECONFLICT, "the organiser took you off this event: write to them to come back")
		}
		if end := e.Ends(); !end.IsZero() && !tx.now.Before(end) {
			return passerelle.Errorf(passerelle.ECONFLICT, "the event is over")
		}
		if registered {
			if !open {
				return passerelle.Errorf(passerelle.ECONFLICT, "registration is closed")
			}
			if err := e.PhaseClosed("registration", tx.now); err != nil {
				return err
			}
		}
		// Only one who left still: two posts at once (two tabs) would both take a place,
		// the second telling the organiser of a registration that is not one.
		if res, err := tx.ExecContext(ctx, `UPDATE event_participants SET left_at = NULL, ref = ref, updated_at = $1 WHERE workspace_id = $2 AND id = $3
			AND left_at IS NOT NULL`, tx.now, ws, pid); err != nil {
			return err
		} else if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return passerelle.Errorf(passerelle.ECONFLICT, "you take part in this event already")
		}
		if err := writeAudit(ctx, tx, passerelle.SystemActor(ws), "update", "event", e.ID, e.Name+": "+me.Name,
			map[string]passerelle.Change{"left": {Old: me.Name, New: nil}}, passerelle.VisibilityShared, 0); err != nil {
			return err
		}
		mails, err = takePlace(ctx, tx, e, pid, mail)
		return err
	})
	return mails, err
}

// waitingPosition is the participant's place in their event's waiting list (1: next).
func waitingPosition(ctx context.Context, q queryer, ws, eventID, pid int64, since time.Time) (int, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM event_participants WHERE workspace_id = $1 AND event_id = $2
		AND waitlisted_at IS NOT NULL AND left_at IS NULL AND (waitlisted_at < $3 OR waitlisted_at = $3 AND id <= $4)`,
		ws, eventID, since, pid).Scan(&n)
	return n, err
}

// EventCapacities counts the places taken and the waiting lists of every event of the
// actor's workspace, by event id, in one read (the list of events shows them); Max is
// each event's maximum.
func (s *EventService) EventCapacities(ctx context.Context) (map[int64]EventCapacity, error) {
	a, err := passerelle.RequireActor(ctx)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.read.QueryContext(ctx, `SELECT e.id, e.max_participants,
		COALESCE(SUM(CASE WHEN p.id IS NOT NULL AND `+countedSQL("p.")+` THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN p.waitlisted_at IS NOT NULL AND p.left_at IS NULL THEN 1 ELSE 0 END), 0)
		FROM events e LEFT JOIN event_participants p ON p.workspace_id = e.workspace_id AND p.event_id = e.id
		WHERE e.workspace_id = $1 GROUP BY e.id, e.max_participants`, a.WorkspaceID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]EventCapacity{}
	for rows.Next() {
		var id int64
		var c EventCapacity
		if err := rows.Scan(&id, &c.Max, &c.Taken, &c.Waiting); err != nil {
			return nil, err
		}
		out[id] = c
	}
	return out, rows.Err()
}
