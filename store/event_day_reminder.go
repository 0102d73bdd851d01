package store

import (
	"context"
	"time"
)

// MailEventDay is the kind of the mail giving a participant their meetings of the next
// day of a published event; its data is an AgendaMail with its Day.
const MailEventDay = "event.day"

// dayReminderAhead is how long before a day's first slot its participants are mailed:
// the day before, at the same hour.
const dayReminderAhead = 24 * time.Hour

// QueueDayReminders writes to the outbox, for each day of a published event that starts
// within the next 24 hours (its first slot, in the event's zone) and was not mailed yet,
// one mail per participant with an email and a meeting that day (not cancelled): their
// meetings of that day. The day is recorded in the same transaction (event_day_reminders),
// so that it is mailed once, whichever process looks first. It returns how many mails
// it wrote. The outbox's sender calls it (serve); it works for no user, in every
// workspace.
func (s *OutboxService) QueueDayReminders(ctx context.Context, now time.Time) (int, error) {
	type eventDay struct {
		ws, event   int64
		day, starts string
	}
	// Days within a day of today in UTC cover every zone; the exact window is checked
	// in the event's zone below.
	lo, hi := now.UTC().AddDate(0, 0, -1).Format("2006-01-02"), now.UTC().AddDate(0, 0, 2).Format("2006-01-02")
	rows, err := s.db.read.QueryContext(ctx, `SELECT d.workspace_id, d.event_id, d.day, d.starts FROM event_days d
		JOIN events e ON e.workspace_id = d.workspace_id AND e.id = d.event_id
		WHERE e.status = 'published' AND d.day >= $1 AND d.day <= $2 AND NOT EXISTS (SELECT 1 FROM event_day_reminders r
			WHERE r.workspace_id = d.workspace_id AND r.event_id = d.event_id AND r.day = d.day)
		ORDER BY d.day, d.event_id`, lo, hi)
	if err != nil {
		return 0, err
	}
	var days []eventDay
	for rows.Next() {
		var d eventDay
		if err := rows.Scan(&d.ws, &d.event, &d.day, &d.starts); err != nil {
			rows.Close()
			return 0, err
		}
		days = append(days, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	total := 0
	for _, d := range days {
		queued := 0
		err := s.db.inTx(ctx, func(tx *Tx) error {
			e, err := findEvent(ctx, tx, d.ws, "e.id = $2", d.event)
			if err != nil {
				return err
			}
			start, err := e.LocalTime(d.day, d.starts)
			if err != nil || now.Before(start.Add(-dayReminderAhead)) || !now.Before(start) {
				return nil // not the day before (or the day has begun: too late to remind)
			}
			res, err := tx.ExecContext(ctx, `INSERT INTO event_day_reminders (workspace_id, event_id, day, mails, created_at)
				VALUES ($1, $2, $3, 0, $4) ON CONFLICT DO NOTHING`, d.ws, d.event, d.day, tx.now)
			if err != nil {
				return err
			}
			if n, err := res.RowsAffected(); err != nil || n == 0 {
				return err // another process took this day
			}
			y, m, dd := start.Date()
			midnight, next := time.Date(y, m, dd, 0, 0, 0, 0, e.Zone()), time.Date(y, m, dd+1, 0, 0, 0, 0, e.Zone())
			ids, err := queueAgendas(ctx, tx, d.ws, e, d.day, midnight, next)
			if err != nil {
				return err
			}
			queued = len(ids)
			_, err = tx.ExecContext(ctx, `UPDATE event_day_reminders SET mails = $1 WHERE workspace_id = $2 AND event_id = $3 AND day = $4`,
				len(ids), d.ws, d.event, d.day)
			return err
		})
		if err != nil {
			return total, err
		}
		total += queued // counted once its transaction has committed
	}
	return total, nil
}
