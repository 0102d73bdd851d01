package store

import (
	"context"
	"database/sql"
	"errors"
	"strconv"

	"passerelle"
)

// The organiser's side of the outbox (docs/events.md, "The outbox"): the workspace's
// mails listed page by page, and a failed mail, or all of an event's, sent again.
// Both are the writers' (as the rest of an event's administration): a viewer reads an
// event's failed mails on its page but neither lists the outbox nor sends anything.

// Pages of the outbox: OutboxPageSize mails by default, OutboxPageMax at most.
const (
	OutboxPageSize = 50
	OutboxPageMax  = 200
)

// OutboxFilter selects the mails of a page of the outbox.
type OutboxFilter struct {
	Status  string // MailPending, MailFailed, MailSent, or "" for any
	EventID int64  // the event's mails only; 0 for every mail
	// Before is the keyset cursor: only mails with a smaller id (the page starts after
	// the last one shown); 0 starts from the newest.
	Before int64
	Limit  int // OutboxPageSize when 0, OutboxPageMax at most
}

// OutboxEntry is one mail of the outbox as its page lists it, with its event's name.
type OutboxEntry struct {
	*OutboxMail
	EventName string
}

// scanWith scans a row's columns and then extra ones: the outbox's columns as
// scanOutboxMail reads them, followed by what a join adds.
type scanWith struct {
	row   interface{ Scan(...any) error }
	extra []any
}

func (s scanWith) Scan(dest ...any) error { return s.row.Scan(append(dest, s.extra...)...) }

// outboxListColumns are outboxColumns on the alias m, for a query that joins events.
const outboxListColumns = `m.id, m.workspace_id, COALESCE(m.event_id, 0), m.kind, m.recipient, m.name, m.lang, m.data, m.status, m.attempts,
	m.next_attempt_at, m.created_at, m.sent_at, m.last_error`

// OutboxMails lists the mails of the actor's workspace, newest first, filtered by f,
// and returns the cursor of the next page (f.Before for it; 0 when this is the last).
// A status that is not one of the outbox's or a negative cursor or event is EINVALID
// naming the field; an event of another workspace is not found.
func (s *EventService) OutboxMails(ctx context.Context, f OutboxFilter) ([]*OutboxEntry, int64, error) {
	a, err := passerelle.RequireWriter(ctx)
	if err != nil {
		return nil, 0, err
	}
	p := passerelle.Problems{}
	switch f.Status {
	case "", MailPending, MailFailed, MailSent:
	default:
		p.Add("status", "pending, failed or sent")
	}
	if f.Before < 0 {
		p.Add("before", "a positive number")
	}
	if f.EventID < 0 {
		p.Add("event", "a positive number")
	}
	if err := p.Err(); err != nil {
		return nil, 0, err
	}
	if f.Limit <= 0 {
		f.Limit = OutboxPageSize
	}
	f.Limit = min(f.Limit, OutboxPageMax)
	if f.EventID > 0 {
		if _, err := findEvent(ctx, s.db.read, a.WorkspaceID, "e.id = $2", f.EventID); err != nil {
			return nil, 0, err
		}
	}
	w := &where{}
	w.add("m.workspace_id = ?", a.WorkspaceID)
	if f.Status != "" {
		w.add("m.status = ?", f.Status)
	}
	if f.EventID > 0 {
		w.add("m.event_id = ?", f.EventID)
	}
	if f.Before > 0 {
		w.add("m.id < ?", f.Before)
	}
	// One more than the page: whether there is a next one.
	limit := w.arg(f.Limit + 1)
	rows, err := s.db.read.QueryContext(ctx, `SELECT `+outboxListColumns+`, COALESCE(e.name, '') FROM mail_outbox m
		LEFT JOIN events e ON e.workspace_id = m.workspace_id AND e.id = m.event_id`+w.String()+` ORDER BY m.id DESC LIMIT `+limit, w.args...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []*OutboxEntry
	for rows.Next() {
		e := &OutboxEntry{}
		if e.OutboxMail, err = scanOutboxMail(scanWith{rows, []any{&e.EventName}}); err != nil {
			return nil, 0, err
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	var next int64
	if len(out) > f.Limit {
		out = out[:f.Limit]
		next = out[len(out)-1].ID
	}
	return out, next, nil
}

// OutboxMail reads one mail of the actor's workspace's outbox, for its writers; a mail
// of another workspace is not found.
func (s *EventService) OutboxMail(ctx context.Context, id int64) (*OutboxMail, error) {
	a, err := passerelle.RequireWriter(ctx)
	if err != nil {
		return nil, err
	}
	m, err := scanOutboxMail(s.db.read.QueryRowContext(ctx, `SELECT `+outboxColumns+` FROM mail_outbox WHERE workspace_id = $1 AND id = $2`,
		a.WorkspaceID, id))
	return m, classify(err, "mail")
}

// ResendMail sets a failed mail of the actor's workspace back to pending, due at once,
// for the outbox's sender (or the caller, right after) to send, and audits it
// ("resend" on its event). A mail sent or still waiting is ECONFLICT saying so; a mail
// of another workspace is not found.
//
// Its attempts start again from 0: a failed mail has spent all of them, so kept, the
// first refusal after the resend would fail it for good again, and a mail server down
// for a minute more would undo the organiser's click; from 0 it has the retries of a
// new mail (1, 2, 4, 8, 16 minutes). What it had (attempts, last error) is kept in the
// audit entry, and the last error stays on the mail until the next attempt replaces it.
func (s *EventService) ResendMail(ctx context.Context, id int64) (*OutboxMail, error) {
	var m *OutboxMail
	err := s.db.update(ctx, func(tx *Tx, a *passerelle.Actor) error {
		var err error
		m, err = scanOutboxMail(tx.QueryRowContext(ctx, `SELECT `+outboxColumns+` FROM mail_outbox WHERE workspace_id = $1 AND id = $2`,
			a.WorkspaceID, id))
		if err != nil {
			return classify(err, "mail")
		}
		if err := resendable(m.Status); err != nil {
			return err
		}
		// Conditional, so that two resends at once (or a purge) change it once.
		var got int64
		if err := tx.QueryRowContext(ctx, `UPDATE mail_outbox SET status = 'pending', attempts = 0, next_attempt_at = $1
			WHERE workspace_id = $2 AND id = $3 AND status = 'failed' RETURNING id`, tx.now, a.WorkspaceID, id).Scan(&got); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return passerelle.Errorf(passerelle.ECONFLICT, "this mail is no longer failed: it was sent again meanwhile")
			}
			return err
		}
		entity, entityID, name := "event", m.EventID, ""
		if m.EventID == 0 {
			entity, entityID = "mail", m.ID
		} else if err := tx.QueryRowContext(ctx, `SELECT name FROM events WHERE workspace_id = $1 AND id = $2`, a.WorkspaceID, m.EventID).Scan(&name); err != nil {
			return classify(err, "event")
		}
		changes := map[string]passerelle.Change{"recipient": {Old: nil, New: m.Recipient}, "mail": {Old: nil, New: m.ID},
			"attempts": {Old: m.Attempts, New: 0}, "last_error": {Old: m.LastError, New: nil}}
		m.Status, m.Attempts, m.NextAttemptAt = MailPending, 0, tx.now
		return writeAudit(ctx, tx, a, "resend", entity, entityID, resendSummary(name, 1), changes, passerelle.VisibilityShared, 0)
	})
	if err != nil {
		return nil, err
	}
	return m, nil
}

// ResendFailedMails sets every failed mail of the event back to pending, due at once
// (attempts from 0, as ResendMail), audits it once ("resend" on the event, with the
// count) and returns their ids. None failed is ECONFLICT; an event of another
// workspace is not found.
func (s *EventService) ResendFailedMails(ctx context.Context, eventID int64) ([]int64, error) {
	var ids []int64
	err := s.db.update(ctx, func(tx *Tx, a *passerelle.Actor) error {
		ids = nil
		e, err := findEvent(ctx, tx, a.WorkspaceID, "e.id = $2", eventID)
		if err != nil {
			return err
		}
		if ids, err = queryIDs(ctx, tx, `UPDATE mail_outbox SET status = 'pending', attempts = 0, next_attempt_at = $1
			WHERE workspace_id = $2 AND event_id = $3 AND status = 'failed' RETURNING id`, tx.now, a.WorkspaceID, e.ID); err != nil {
			return err
		}
		if len(ids) == 0 {
			return passerelle.Errorf(passerelle.ECONFLICT, "no mail of this event has failed: there is nothing to send again")
		}
		return writeAudit(ctx, tx, a, "resend", "event", e.ID, resendSummary(e.Name, len(ids)),
			map[string]passerelle.Change{"recipients": {Old: nil, New: len(ids)}}, passerelle.VisibilityShared, 0)
	})
	if err != nil {
		return nil, err
	}
	return ids, nil
}

// resendable refuses to send again a mail that has not failed.
func resendable(status string) error {
	switch status {
	case MailFailed:
		return nil
	case MailSent:
		return passerelle.Errorf(passerelle.ECONFLICT, "this mail was sent: it cannot be sent again")
	}
	return passerelle.Errorf(passerelle.ECONFLICT, "this mail has not failed: it is waiting to be sent")
}

// resendSummary is the audit log's summary of a resend (web/audit_summary.go reads it
// back in the page's language).
func resendSummary(event string, n int) string {
	s := "failed mails sent again, " + strconv.Itoa(n)
	if event == "" {
		return s
	}
	return event + ": " + s
}
