package store

import (
	"context"
	"database/sql"
	"encoding/json"
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

// OutboxEntry is one mail of the outbox as its page lists it, with its event's name and
// where "Send again" would take it now (its participant's address now, or why not).
type OutboxEntry struct {
	*OutboxMail
	EventName string
	Now       MailTarget
}

// Readdressed reports whether sending the mail again would take it to another address.
func (e *OutboxEntry) Readdressed() bool { return e.Now.Readdressed(e.OutboxMail) }

// scanWith scans a row's columns and then extra ones: the outbox's columns as
// scanOutboxMail reads them, followed by what a join adds.
type scanWith struct {
	row   interface{ Scan(...any) error }
	extra []any
}

func (s scanWith) Scan(dest ...any) error { return s.row.Scan(append(dest, s.extra...)...) }

// outboxListColumns are outboxColumns on the alias m, for a query that joins events.
const outboxListColumns = `m.id, m.workspace_id, COALESCE(m.event_id, 0), COALESCE(m.participant_id, 0), m.kind, m.recipient, m.name, m.lang, m.data, m.status, m.attempts,
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
	rows, err := s.db.read.QueryContext(ctx, `SELECT `+outboxListColumns+`, COALESCE(e.name, ''), `+participantNowColumns()+` FROM mail_outbox m
		LEFT JOIN events e ON e.workspace_id = m.workspace_id AND e.id = m.event_id`+participantNowJoin+w.String()+` ORDER BY m.id DESC LIMIT `+limit, w.args...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []*OutboxEntry
	for rows.Next() {
		e := &OutboxEntry{}
		var p participantNow
		if e.OutboxMail, err = scanOutboxMail(scanWith{rows, append([]any{&e.EventName}, p.dest()...)}); err != nil {
			return nil, 0, err
		}
		e.Now = resendTarget(e.OutboxMail, p)
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
// A mail to a participant goes to them as they are now (resendTarget): to their
// corrected address (and name and language), the audit entry keeping the old and the
// new recipient; one who left, was taken off the event or has no email any more is
// ECONFLICT saying so, with nothing changed.
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
		p, err := readParticipantNow(ctx, tx, m)
		if err != nil {
			return err
		}
		to := resendTarget(m, p)
		if err := to.refusal(); err != nil {
			return err
		}
		// Conditional, so that two resends at once (or a purge) change it once.
		var got int64
		if err := tx.QueryRowContext(ctx, `UPDATE mail_outbox SET status = 'pending', attempts = 0, next_attempt_at = $1,
			recipient = $2, name = $3, lang = $4 WHERE workspace_id = $5 AND id = $6 AND status = 'failed' RETURNING id`,
			tx.now, to.Email, to.Name, to.Lang, a.WorkspaceID, id).Scan(&got); err != nil {
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
		recipient := passerelle.Change{Old: nil, New: to.Email}
		if to.Readdressed(m) {
			recipient.Old = m.Recipient
		}
		changes := map[string]passerelle.Change{"recipient": recipient, "mail": {Old: nil, New: m.ID},
			"attempts": {Old: m.Attempts, New: 0}, "last_error": {Old: m.LastError, New: nil}}
		m.Status, m.Attempts, m.NextAttemptAt = MailPending, 0, tx.now
		m.Recipient, m.Name, m.Lang = to.Email, to.Name, to.Lang
		return writeAudit(ctx, tx, a, "resend", entity, entityID, resendSummary(name, 1), changes, passerelle.VisibilityShared, 0)
	})
	if err != nil {
		return nil, err
	}
	return m, nil
}

// resendBatch is how many mails one UPDATE of ResendFailedMails sets back to pending.
const resendBatch = 500

// ResendFailedMails sets every failed mail of the event back to pending, due at once
// (attempts from 0, as ResendMail), audits it once ("resend" on the event, with the
// count) and returns their ids and how many it skipped. A mail to a participant goes to
// them as they are now (as ResendMail: their corrected address, the entry keeping the
// old and new ones); one to a participant who left, was taken off the event or has no
// email any more is skipped and stays failed. None failed, or every one skipped, is
// ECONFLICT; an event of another workspace is not found.
func (s *EventService) ResendFailedMails(ctx context.Context, eventID int64) (ids []int64, skipped int, err error) {
	err = s.db.update(ctx, func(tx *Tx, a *passerelle.Actor) error {
		ids, skipped = nil, 0
		e, err := findEvent(ctx, tx, a.WorkspaceID, "e.id = $2", eventID)
		if err != nil {
			return err
		}
		type readdress struct {
			m  *OutboxMail
			to MailTarget
		}
		var same []int64
		var moved []readdress
		// What resendTarget reads, and a mail's data only when it may be a removal's:
		// an announcement's text, thousands of times over, is not.
		rows, err := tx.QueryContext(ctx, `SELECT m.id, m.workspace_id, m.event_id, COALESCE(m.participant_id, 0), m.kind, m.recipient, m.name, m.lang,
			CASE WHEN m.kind = $3 THEN m.data ELSE '' END, `+participantNowColumns()+` FROM mail_outbox m`+participantNowJoin+`
			WHERE m.workspace_id = $1 AND m.event_id = $2 AND m.status = 'failed' ORDER BY m.id`, a.WorkspaceID, e.ID, MailEventRegistration)
		if err != nil {
			return err
		}
		for rows.Next() {
			var p participantNow
			m := &OutboxMail{}
			var data string
			if err := rows.Scan(append([]any{&m.ID, &m.WorkspaceID, &m.EventID, &m.ParticipantID, &m.Kind, &m.Recipient, &m.Name, &m.Lang, &data},
				p.dest()...)...); err != nil {
				rows.Close()
				return err
			}
			m.Data = json.RawMessage(data)
			switch to := resendTarget(m, p); {
			case to.Gone != "":
				skipped++
			case to.Email != m.Recipient || to.Name != m.Name || to.Lang != m.Lang:
				moved = append(moved, readdress{m, to})
			default:
				same = append(same, m.ID)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		// Each update is conditional on the mail being failed still: a resend of one of
		// them at once (PostgreSQL) changes it once, and the ids are those changed here.
		for len(same) > 0 {
			n := min(len(same), resendBatch)
			got, err := queryIDs(ctx, tx, `UPDATE mail_outbox SET status = 'pending', attempts = 0, next_attempt_at = $1
				WHERE workspace_id = $2 AND status = 'failed' AND id IN (`+idList(same[:n])+`) RETURNING id`, tx.now, a.WorkspaceID)
			if err != nil {
				return err
			}
			ids, same = append(ids, got...), same[n:]
		}
		var olds, news []string
		for _, r := range moved {
			got, err := queryIDs(ctx, tx, `UPDATE mail_outbox SET status = 'pending', attempts = 0, next_attempt_at = $1,
				recipient = $2, name = $3, lang = $4 WHERE workspace_id = $5 AND id = $6 AND status = 'failed' RETURNING id`,
				tx.now, r.to.Email, r.to.Name, r.to.Lang, a.WorkspaceID, r.m.ID)
			if err != nil {
				return err
			}
			ids = append(ids, got...)
			if len(got) > 0 && r.to.Readdressed(r.m) {
				olds, news = append(olds, r.m.Recipient), append(news, r.to.Email)
			}
		}
		switch {
		case len(ids) == 0 && skipped > 0:
			return passerelle.Errorf(passerelle.ECONFLICT, "no failed mail of this event can be sent again: the participants they are for left, were taken off the event or have no email any more")
		case len(ids) == 0:
			return passerelle.Errorf(passerelle.ECONFLICT, "no mail of this event has failed: there is nothing to send again")
		}
		changes := map[string]passerelle.Change{"recipients": {Old: nil, New: len(ids)}}
		if skipped > 0 {
			changes["skipped"] = passerelle.Change{Old: nil, New: skipped}
		}
		if len(olds) > 0 {
			changes["recipient"] = passerelle.Change{Old: olds, New: news}
		}
		return writeAudit(ctx, tx, a, "resend", "event", e.ID, resendSummary(e.Name, len(ids)), changes, passerelle.VisibilityShared, 0)
	})
	if err != nil {
		return nil, 0, err
	}
	return ids, skipped, nil
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
