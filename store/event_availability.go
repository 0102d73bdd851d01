package store

import (
	"context"
	"slices"
	"strings"
	"time"

	"passerelle"
)

// ownMeetings reads the participant's meetings that are not cancelled.
func ownMeetings(ctx context.Context, tx *Tx, ws, eventID, pid int64) ([]*passerelle.Meeting, error) {
	rows, err := tx.QueryContext(ctx, participantMeetingQuery+` AND m.status <> 'cancelled'`, ws, eventID, pid)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*passerelle.Meeting
	for rows.Next() {
		var rid, fromID, toID int64
		var from, to string
		var pinned bool
		m, err := scanMeeting(rows, &rid, &from, &to, &fromID, &toID, &pinned)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// SetOwnUnavailability replaces a participant's unavailable periods with the event's
// slots starting at away (instants), adjacent ones joined into one period; the
// schedule's next run and the free common slots respect them. A time that is no slot
// of the event is EINVALID naming "away"; so is, once the schedule is published, a slot
// in which the participant has a meeting (the organiser moves it first: marking it would
// leave the meeting where they said they cannot be). Once the event is over it is ECONFLICT. Nothing is saved on a
// refusal. The organiser's import replaces them when its file gives the participant's
// unavailability.
func (s *EventService) SetOwnUnavailability(ctx context.Context, ws, pid int64, away []time.Time) error {
	return s.db.inTx(ctx, func(tx *Tx) error {
		me, e, err := participantEvent(ctx, tx, ws, pid)
		if err != nil {
			return err
		}
		if ends := e.Ends(); !ends.IsZero() && !tx.now.Before(ends) {
			return passerelle.Errorf(passerelle.ECONFLICT, "the event is over: its availability no longer changes")
		}
		slots := e.Slots()
		byStart := make(map[int64]passerelle.EventSlot, len(slots))
		for _, sl := range slots {
			byStart[sl.Start.Unix()] = sl
		}
		var chosen []passerelle.EventSlot
		for _, t := range away {
			sl, ok := byStart[t.Unix()]
			if !ok {
				return passerelle.FieldError("away", "not a meeting time of the event: %s", t.In(e.Zone()).Format("2006-01-02 15:04"))
			}
			chosen = append(chosen, sl)
		}
		slices.SortFunc(chosen, func(a, b passerelle.EventSlot) int { return a.Start.Compare(b.Start) })
		chosen = slices.CompactFunc(chosen, func(a, b passerelle.EventSlot) bool { return a.Start.Equal(b.Start) })
		// Once published, the participant knows their meetings and may not mark their
		// times; before, the draft schedule is the organiser's to run again, and its next
		// run keeps the marked times free (nor does a refusal tell the draft's times).
		var meetings []*passerelle.Meeting
		if e.Status == passerelle.EventPublished {
			if meetings, err = ownMeetings(ctx, tx, ws, e.ID, pid); err != nil {
				return err
			}
		}
		for _, sl := range chosen {
			for _, m := range meetings {
				if m.Start.Before(sl.End) && sl.Start.Before(m.End) {
					return passerelle.FieldError("away", "you have a meeting at %s: ask the organiser to move it before marking that time",
						sl.Start.In(e.Zone()).Format("2006-01-02 15:04"))
				}
			}
		}
		// Adjacent slots (one ends where the next starts) make one period.
		var periods []passerelle.Interval
		for _, sl := range chosen {
			if n := len(periods); n > 0 && periods[n-1].End.Equal(sl.Start) {
				periods[n-1].End = sl.End
				continue
			}
			periods = append(periods, passerelle.Interval{Start: sl.Start.UTC(), End: sl.End.UTC()})
		}
		old, err := ownUnavailability(ctx, tx, ws, pid)
		if err != nil {
			return err
		}
		before, after := periodsText(old, e.Zone()), periodsText(periods, e.Zone())
		if before == after {
			return nil
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM event_unavailability WHERE workspace_id = $1 AND participant_id = $2`, ws, pid); err != nil {
			return err
		}
		for _, p := range periods {
			if _, err := tx.ExecContext(ctx, `INSERT INTO event_unavailability (workspace_id, participant_id, starts_at, ends_at) VALUES ($1, $2, $3, $4)`,
				ws, pid, p.Start, p.End); err != nil {
				return classify(err, "unavailability")
			}
		}
		// The organisers see in the history who changed when they can meet, as for a profile.
		return writeAudit(ctx, tx, passerelle.SystemActor(ws), "update", "event_participant", pid, me.Name+": availability",
			map[string]passerelle.Change{"availability": {Old: before, New: after}}, passerelle.VisibilityShared, 0)
	})
}

// periodsText writes periods in the event's local time, one after another
// ("2027-10-15 10:00–11:00; …"), for the history.
func periodsText(ps []passerelle.Interval, zone *time.Location) string {
	out := make([]string, 0, len(ps))
	for _, p := range ps {
		out = append(out, p.Start.In(zone).Format("2006-01-02 15:04")+"–"+p.End.In(zone).Format("15:04"))
	}
	return strings.Join(out, "; ")
}

// ownUnavailability reads a participant's unavailable periods in time order.
func ownUnavailability(ctx context.Context, q queryer, ws, pid int64) ([]passerelle.Interval, error) {
	rows, err := q.QueryContext(ctx, `SELECT starts_at, ends_at FROM event_unavailability WHERE workspace_id = $1 AND participant_id = $2
		ORDER BY starts_at`, ws, pid)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []passerelle.Interval
	for rows.Next() {
		var iv passerelle.Interval
		if err := rows.Scan(&iv.Start, &iv.End); err != nil {
			return nil, err
		}
		iv.Start, iv.End = iv.Start.UTC(), iv.End.UTC()
		out = append(out, iv)
	}
	return out, rows.Err()
}
