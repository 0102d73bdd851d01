package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"passerelle"
)

// Free common slots (docs/events.md): a participant sees the slots at which both they
// and another participant are free, and may ask for a meeting at one of them
// (event_requests.slot_start, migration 00024). When the other accepts, the meeting is
// booked there at once, pinned, if both are still free and a table is; otherwise the
// request stays accepted for the organiser's schedule to place.

// eventBusy is what occupies an event's slots: its meetings (not cancelled) with their
// tables and sides, and its participants' unavailable periods.
type eventBusy struct {
	meetings []busyMeeting
	unavail  map[int64][]passerelle.Interval
}

type busyMeeting struct {
	start, end time.Time
	table      string
	from, to   int64
}

// loadEventBusy reads what occupies the event's slots, for the participants pids.
func loadEventBusy(ctx context.Context, q queryer, ws, eventID int64, pids ...int64) (*eventBusy, error) {
	b := &eventBusy{unavail: map[int64][]passerelle.Interval{}}
	rows, err := q.QueryContext(ctx, `SELECT m.starts_at, m.ends_at, m.room, r.from_id, r.to_id FROM event_meetings em
		JOIN meetings m ON m.workspace_id = em.workspace_id AND m.id = em.meeting_id
		JOIN event_requests r ON r.workspace_id = em.workspace_id AND r.id = em.request_id
		WHERE em.workspace_id = $1 AND em.event_id = $2 AND m.status <> 'cancelled'`, ws, eventID)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var m busyMeeting
		if err := rows.Scan(&m.start, &m.end, &m.table, &m.from, &m.to); err != nil {
			rows.Close()
			return nil, err
		}
		b.meetings = append(b.meetings, m)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, pid := range pids {
		rows, err := q.QueryContext(ctx, `SELECT starts_at, ends_at FROM event_unavailability WHERE workspace_id = $1 AND participant_id = $2`, ws, pid)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var iv passerelle.Interval
			if err := rows.Scan(&iv.Start, &iv.End); err != nil {
				rows.Close()
				return nil, err
			}
			b.unavail[pid] = append(b.unavail[pid], iv)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return b, nil
}

// freeTable returns a table free at the slot for a meeting of a and b, or "" with the
// reason when either of them is busy or unavailable then, or no table is free. A
// virtual-only event's rooms are "video N", as the schedule names them.
func (b *eventBusy) freeTable(e *passerelle.Event, sl passerelle.EventSlot, a, c int64) (string, string) {
	taken := map[string]bool{}
	for _, m := range b.meetings {
		if !(m.start.Before(sl.End) && m.end.After(sl.Start)) {
			continue
		}
		if m.from == a || m.to == a || m.from == c || m.to == c {
			return "", "one of you has another meeting then"
		}
		taken[m.table] = true
	}
	iv := passerelle.Interval{Start: sl.Start, End: sl.End}
	for _, pid := range []int64{a, c} {
		for _, u := range b.unavail[pid] {
			if iv.Overlaps(u) {
				return "", "one of you is unavailable then"
			}
		}
	}
	if len(e.Tables) == 0 {
		for i := 1; ; i++ {
			if t := fmt.Sprintf("video %d", i); !taken[t] {
				return t, ""
			}
		}
	}
	for _, t := range e.Tables {
		if !taken[t] {
			return t, ""
		}
	}
	return "", "no table is free then"
}

// CommonSlots lists the slots of the participant's event, still to come, at which they
// and the participant with the ref other are both free (no meeting, not unavailable)
// and a table is free. ws and pid come from the participant's session; another event's
// participant, or themselves, is not found.
func (s *EventService) CommonSlots(ctx context.Context, ws, pid int64, other string) (*passerelle.EventParticipant, []passerelle.EventSlot, error) {
	me, err := participantByID(ctx, s.db.read, ws, pid)
	if err != nil {
		return nil, nil, err
	}
	if err := checkTakesPart(ctx, s.db.read, ws, pid); err != nil {
		return nil, nil, err
	}
	// Only one the participant's list shows: not a registration unconfirmed, one on the
	// waiting list or gone.
	var oid int64
	err = s.db.read.QueryRowContext(ctx, `SELECT id FROM event_participants WHERE workspace_id = $1 AND event_id = $2 AND ref = $3
		AND `+countedSQL("")+``, ws, me.EventID, other).Scan(&oid)
	if errors.Is(err, sql.ErrNoRows) || oid == pid {
		return nil, nil, passerelle.Errorf(passerelle.ENOTFOUND, "%s not found", "participant")
	} else if err != nil {
		return nil, nil, err
	}
	o, err := participantByID(ctx, s.db.read, ws, oid)
	if err != nil {
		return nil, nil, err
	}
	e, err := findEvent(ctx, s.db.read, ws, "e.id = $2", me.EventID)
	if err != nil {
		return nil, nil, err
	}
	b, err := loadEventBusy(ctx, s.db.read, ws, e.ID, pid, oid)
	if err != nil {
		return nil, nil, err
	}
	now := s.db.Now()
	var out []passerelle.EventSlot
	for _, sl := range e.Slots() {
		if !sl.Start.After(now) {
			continue
		}
		if t, _ := b.freeTable(e, sl, pid, oid); t != "" {
			out = append(out, sl)
		}
	}
	// Only what the event publishes of them.
	pub := &passerelle.EventParticipant{Ref: o.Ref, Name: o.Name, Organization: o.Organization}
	return pub, out, nil
}

// checkSlot finds the event's slot that starts at start, still to come and free for
// both sides; otherwise EINVALID naming "slot" with the reason.
func checkSlot(ctx context.Context, tx *Tx, ws int64, e *passerelle.Event, start time.Time, a, c int64) (passerelle.EventSlot, string, error) {
	for _, sl := range e.Slots() {
		if !sl.Start.Equal(start) {
			continue
		}
		if !sl.Start.After(tx.now) {
			return sl, "", passerelle.FieldError("slot", "that time has passed")
		}
		b, err := loadEventBusy(ctx, tx, ws, e.ID, a, c)
		if err != nil {
			return sl, "", err
		}
		t, why := b.freeTable(e, sl, a, c)
		if t == "" {
			return sl, "", passerelle.FieldError("slot", "that time is not free: %s", why)
		}
		return sl, t, nil
	}
	return passerelle.EventSlot{}, "", passerelle.FieldError("slot", "not a meeting time of the event: %s", start.In(e.Zone()).Format("2006-01-02 15:04"))
}

// bookEventMeeting creates the meeting of an accepted request at the slot and table,
// pinned (the schedule leaves it there), with its audit entry by a: the workspace's
// system when the participants booked it (they are not users), else the organiser.
func bookEventMeeting(ctx context.Context, tx *Tx, a *passerelle.Actor, e *passerelle.Event, r *passerelle.EventRequest, sl passerelle.EventSlot, table string) error {
	from, err := participantByID(ctx, tx, e.WorkspaceID, r.FromID)
	if err != nil {
		return err
	}
	to, err := participantByID(ctx, tx, e.WorkspaceID, r.ToID)
	if err != nil {
		return err
	}
	m := &passerelle.Meeting{WorkspaceID: e.WorkspaceID, Title: eventMeetingTitle(e, from, to), Start: sl.Start.UTC(), End: sl.End.UTC(),
		TimeZone: e.TimeZone, Location: e.Location, Room: table, Status: passerelle.MeetingPlanned,
		Origin: passerelle.OriginEvent, OriginID: e.ID, Visibility: passerelle.VisibilityShared}
	if m.UID, err = newMeetingUID(); err != nil {
		return err
	}
	if e.VideoURL != "" {
		m.VideoURL = strings.TrimRight(e.VideoURL, "/") + "/" + e.Slug + "-" + m.UID[:12]
	}
	for _, p := range []*passerelle.EventParticipant{from, to} {
		if p.OrganizationID != 0 && !containsID(m.OrganizationIDs, p.OrganizationID) {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM organizations WHERE workspace_id = $1 AND id = $2`, e.WorkspaceID,
				p.OrganizationID).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				m.OrganizationIDs = append(m.OrganizationIDs, p.OrganizationID)
			}
		}
		var uid sql.NullInt64
		if err := tx.QueryRowContext(ctx, `SELECT user_id FROM event_participants WHERE workspace_id = $1 AND id = $2`, e.WorkspaceID, p.ID).
			Scan(&uid); err != nil {
			return err
		}
		if uid.Valid && uid.Int64 != 0 && !containsID(m.AttendeeIDs, uid.Int64) {
			m.AttendeeIDs = append(m.AttendeeIDs, uid.Int64)
		}
	}
	if err := insertEventMeetings(ctx, tx, e, []newEventMeeting{{m: m, request: r.ID, pinned: true}}); err != nil {
		return err
	}
	how := "meeting booked by its participants at a free common slot"
	if !a.System {
		how = "meeting booked by the organiser"
	}
	return writeAudit(ctx, tx, a, "create", "event", e.ID, fmt.Sprintf("%s: %s: %s", e.Name, how, m.Title), nil, passerelle.VisibilityShared, 0)
}
