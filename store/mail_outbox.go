package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"

	"passerelle"
)

// The outbox (table mail_outbox, migration 00036): a mail is written in the transaction
// of the change it tells and sent afterwards by whoever claims it first (the request or
// job that made the change, right after its commit, or the serve process's sender), so
// that a stop after the commit or a failing mail server loses nothing. A claim leases the
// mail; a process that stops while sending leaves the lease to run out and the mail is
// sent again (at least once, never lost).

// Outbox mail statuses.
const (
	MailPending = "pending"
	MailSent    = "sent"
	MailFailed  = "failed"
)

// MailEventChanges is the kind of the mail telling a participant of a published event
// what changed in their agenda; its data is a ChangeMail.
const MailEventChanges = "event.changes"

// OutboxMail is one mail of the outbox.
type OutboxMail struct {
	ID, WorkspaceID, EventID int64
	// ParticipantID is the event participant the mail is for: 0 for a mail to the
	// organiser's notify address, and for the mails written before migration 00045.
	ParticipantID            int64
	Kind                     string
	Recipient, Name, Lang    string
	Data                     json.RawMessage
	Status                   string
	Attempts                 int
	NextAttemptAt, CreatedAt time.Time
	SentAt                   time.Time // zero until sent
	LastError                string
}

// ChangeMail is what a MailEventChanges mail says: the participant's meetings that moved,
// were added or cancelled.
type ChangeMail struct {
	Event    string       `json:"event"`
	TimeZone string       `json:"time_zone"`
	Page     string       `json:"page"` // the participants' page, a path (/e/WS/EVENT) under the base URL
	Changes  []ChangeLine `json:"changes"`
}

// ChangeLine is one change of a ChangeMail: Old is nil for an added meeting, New for a
// cancelled one.
type ChangeLine struct {
	Kind  string         `json:"kind"`
	Other string         `json:"other,omitempty"`
	Old   *MailPlacement `json:"old,omitempty"`
	New   *MailPlacement `json:"new,omitempty"`
}

// MailPlacement is a meeting's time and table in a mail.
type MailPlacement struct {
	Start time.Time `json:"start"`
	End   time.Time `json:"end"`
	Table string    `json:"table,omitempty"`
}

func mailPlacement(p EventPlacement) *MailPlacement {
	if p.Start.IsZero() {
		return nil
	}
	return &MailPlacement{Start: p.Start.UTC(), End: p.End.UTC(), Table: p.Table}
}

// queueMail writes one pending mail of the event to the outbox in tx, due at once, and
// returns its id; data is the kind's value, or its JSON already encoded ([]byte). pid is
// the participant the mail is for, 0 for the organiser's notify address: "Send again"
// reads them as they are then (resendTarget), so every mail to a participant names them.
func queueMail(ctx context.Context, tx *Tx, ws, eventID, pid int64, kind, email, name, lang string, data any) (int64, error) {
	b, ok := data.([]byte)
	if !ok {
		var err error
		if b, err = json.Marshal(data); err != nil {
			return 0, err
		}
	}
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO mail_outbox (workspace_id, event_id, participant_id, kind, recipient, name, lang, data, status,
		attempts, next_attempt_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'pending', 0, $9, $9) RETURNING id`,
		ws, eventID, nullID(pid), kind, email, name, lang, string(b), tx.now).Scan(&id)
	return id, err
}

// queueChangeMails writes in tx one mail per participant with an email, listing each of
// their changes, and returns the mails' ids in the order of the participants' first change.
func queueChangeMails(ctx context.Context, tx *Tx, ws int64, e *passerelle.Event, changes []EventChange) ([]int64, error) {
	if len(changes) == 0 {
		return nil, nil
	}
	type letter struct {
		p     MovedParticipant
		lines []ChangeLine
	}
	byID := map[int64]*letter{}
	var order []int64
	for _, c := range changes {
		for i, p := range c.Participants {
			if p.Email == "" {
				continue
			}
			lt := byID[p.ID]
			if lt == nil {
				lt = &letter{p: p}
				byID[p.ID] = lt
				order = append(order, p.ID)
			}
			l := ChangeLine{Kind: c.Kind, Old: mailPlacement(c.Old), New: mailPlacement(c.New)}
			if len(c.Participants) == 2 {
				l.Other = c.Participants[1-i].Name
			}
			lt.lines = append(lt.lines, l)
		}
	}
	if len(order) == 0 {
		return nil, nil
	}
	var wsSlug string
	if err := tx.QueryRowContext(ctx, `SELECT slug FROM workspaces WHERE id = $1`, ws).Scan(&wsSlug); err != nil {
		return nil, err
	}
	ids := make([]int64, 0, len(order))
	for _, pid := range order {
		lt := byID[pid]
		id, err := queueMail(ctx, tx, ws, e.ID, pid, MailEventChanges, lt.p.Email, lt.p.Name, lt.p.Lang,
			ChangeMail{Event: e.Name, TimeZone: e.TimeZone, Page: "/e/" + wsSlug + "/" + e.Slug, Changes: lt.lines})
		if err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, nil
}

// MailEventRequest is the kind of the mail telling a participant that a meeting request
// reached them, or that the one they sent was answered; its data is a RequestMail.
const MailEventRequest = "event.request"

// What a RequestMail tells.
const (
	RequestReceived = "received"
	RequestAccepted = "accepted"
	RequestDeclined = "declined"
	// RequestCancelled: the other side cancelled the meeting that came of it.
	RequestCancelled = "cancelled"
)

// RequestMail is what a MailEventRequest mail says: who asked or answered (Other, of
// OtherOrg), their message and the offer it is about when asked, the slot asked, or the
// meeting booked when an acceptance booked it.
type RequestMail struct {
	Event    string         `json:"event"`
	TimeZone string         `json:"time_zone"`
	Page     string         `json:"page"` // the participants' page, a path under the base URL
	What     string         `json:"what"`
	Other    string         `json:"other"`
	OtherOrg string         `json:"other_org,omitempty"`
	Message  string         `json:"message,omitempty"`
	About    string         `json:"about,omitempty"` // the title of the recipient's offer or request
	Slot     *MailPlacement `json:"slot,omitempty"`
	Booked   bool           `json:"booked,omitempty"` // Slot is the meeting the acceptance booked
}

// queueRequestMail writes in tx the mail telling participant toID what otherID did (m's
// What, Message, About, Slot, Booked; the rest is filled here) and returns its id, or 0
// when the participant has no email.
func queueRequestMail(ctx context.Context, tx *Tx, ws, eventID, toID, otherID int64, m RequestMail) (int64, error) {
	var email, name, lang string
	if err := tx.QueryRowContext(ctx, `SELECT email, name, lang FROM event_participants WHERE workspace_id = $1 AND id = $2`,
		ws, toID).Scan(&email, &name, &lang); err != nil {
		return 0, classify(err, "participant")
	}
	if email == "" {
		return 0, nil
	}
	if err := tx.QueryRowContext(ctx, `SELECT name, org_name FROM event_participants WHERE workspace_id = $1 AND id = $2`,
		ws, otherID).Scan(&m.Other, &m.OtherOrg); err != nil {
		return 0, classify(err, "participant")
	}
	e, err := findEvent(ctx, tx, ws, "e.id = $2", eventID)
	if err != nil {
		return 0, err
	}
	var wsSlug string
	if err := tx.QueryRowContext(ctx, `SELECT slug FROM workspaces WHERE id = $1`, ws).Scan(&wsSlug); err != nil {
		return 0, err
	}
	m.Event, m.TimeZone, m.Page = e.Name, e.TimeZone, "/e/"+wsSlug+"/"+e.Slug
	return queueMail(ctx, tx, ws, eventID, toID, MailEventRequest, email, name, lang, m)
}

// MailEventAgenda is the kind of the mail giving a participant their agenda when the
// organiser publishes the schedule; its data is an AgendaMail.
const MailEventAgenda = "event.agenda"

// AgendaMail is what a MailEventAgenda mail says: the participant's meetings in time
// order (none: nothing was placed for them).
type AgendaMail struct {
	Event    string       `json:"event"`
	TimeZone string       `json:"time_zone"`
	Page     string       `json:"page"`
	Meetings []AgendaLine `json:"meetings,omitempty"`
	Day      string       `json:"day,omitempty"` // a MailEventDay's day (YYYY-MM-DD)
}

// AgendaLine is one meeting of an AgendaMail.
type AgendaLine struct {
	Start    time.Time `json:"start"`
	End      time.Time `json:"end"`
	Table    string    `json:"table,omitempty"`
	Other    string    `json:"other"`
	OtherOrg string    `json:"other_org,omitempty"`
}

// queueAgendaMails writes in tx one mail per participant of the event with an email (a
// registration its link has not confirmed is no one), with their meetings, and returns
// the mails' ids.
func queueAgendaMails(ctx context.Context, tx *Tx, ws int64, e *passerelle.Event) ([]int64, error) {
	return queueAgendas(ctx, tx, ws, e, "", time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC))
}

// queueAgendas writes the agendas of queueAgendaMails; with a day (YYYY-MM-DD, its
// meetings starting in [from, to)), the day-before mails instead (MailEventDay): that
// day's meetings, to the participants who have one.
func queueAgendas(ctx context.Context, tx *Tx, ws int64, e *passerelle.Event, day string, from, to time.Time) ([]int64, error) {
	var wsSlug string
	if err := tx.QueryRowContext(ctx, `SELECT slug FROM workspaces WHERE id = $1`, ws).Scan(&wsSlug); err != nil {
		return nil, err
	}
	type person struct {
		id                     int64
		name, email, lang, org string
	}
	rows, err := tx.QueryContext(ctx, `SELECT id, name, email, lang, org_name FROM event_participants
		WHERE workspace_id = $1 AND event_id = $2 AND email <> '' AND `+countedSQL("")+` ORDER BY id`, ws, e.ID)
	if err != nil {
		return nil, err
	}
	var people []person
	for rows.Next() {
		var p person
		if err := rows.Scan(&p.id, &p.name, &p.email, &p.lang, &p.org); err != nil {
			rows.Close()
			return nil, err
		}
		people = append(people, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	lines := map[int64][]AgendaLine{}
	rows, err = tx.QueryContext(ctx, `SELECT m.starts_at, m.ends_at, m.room, f.id, f.name, f.org_name, t.id, t.name, t.org_name
		FROM event_meetings em JOIN meetings m ON m.workspace_id = em.workspace_id AND m.id = em.meeting_id
		JOIN event_requests r ON r.workspace_id = em.workspace_id AND r.id = em.request_id
		JOIN event_participants f ON f.workspace_id = r.workspace_id AND f.id = r.from_id
		JOIN event_participants t ON t.workspace_id = r.workspace_id AND t.id = r.to_id
		WHERE em.workspace_id = $1 AND em.event_id = $2 AND m.status <> 'cancelled' AND m.starts_at >= $3 AND m.starts_at < $4
		ORDER BY m.starts_at, m.id`, ws, e.ID, from.UTC(), to.UTC())
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var start, end time.Time
		var table, fName, fOrg, tName, tOrg string
		var fID, tID int64
		if err := rows.Scan(&start, &end, &table, &fID, &fName, &fOrg, &tID, &tName, &tOrg); err != nil {
			rows.Close()
			return nil, err
		}
		l := AgendaLine{Start: start.UTC(), End: end.UTC(), Table: table}
		a, b := l, l
		a.Other, a.OtherOrg = tName, tOrg
		b.Other, b.OtherOrg = fName, fOrg
		lines[fID] = append(lines[fID], a)
		lines[tID] = append(lines[tID], b)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	kind := MailEventAgenda
	if day != "" {
		kind = MailEventDay
	}
	ids := make([]int64, 0, len(people))
	for _, p := range people {
		if day != "" && len(lines[p.id]) == 0 {
			continue // nothing that day: no reminder
		}
		id, err := queueMail(ctx, tx, ws, e.ID, p.id, kind, p.email, p.name, p.lang,
			AgendaMail{Event: e.Name, TimeZone: e.TimeZone, Page: "/e/" + wsSlug + "/" + e.Slug, Meetings: lines[p.id], Day: day})
		if err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, nil
}

// OutboxService is the sender's side of the outbox: it works for no user and in every
// workspace (like the jobs queue); what users see of it goes through EventService.
type OutboxService struct{ db *DB }

// NewOutboxService returns the outbox of db.
func NewOutboxService(db *DB) *OutboxService { return &OutboxService{db: db} }

const outboxColumns = `id, workspace_id, COALESCE(event_id, 0), COALESCE(participant_id, 0), kind, recipient, name, lang, data, status, attempts,
	next_attempt_at, created_at, sent_at, last_error`

func scanOutboxMail(row interface{ Scan(...any) error }) (*OutboxMail, error) {
	var m OutboxMail
	var data string
	var sent sql.NullTime
	if err := row.Scan(&m.ID, &m.WorkspaceID, &m.EventID, &m.ParticipantID, &m.Kind, &m.Recipient, &m.Name, &m.Lang, &data, &m.Status, &m.Attempts,
		&m.NextAttemptAt, &m.CreatedAt, &sent, &m.LastError); err != nil {
		return nil, err
	}
	m.Data = json.RawMessage(data)
	m.NextAttemptAt, m.CreatedAt = m.NextAttemptAt.UTC(), m.CreatedAt.UTC()
	if sent.Valid {
		m.SentAt = sent.Time.UTC()
	}
	return &m, nil
}

// DueMails lists the ids of at most limit pending mails whose time has come, oldest first.
func (s *OutboxService) DueMails(ctx context.Context, limit int) ([]int64, error) {
	rows, err := s.db.read.QueryContext(ctx, `SELECT id FROM mail_outbox WHERE status = 'pending' AND next_attempt_at <= $1
		ORDER BY next_attempt_at, id LIMIT $2`, s.db.Now(), limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// ClaimMail takes the pending mail id for sending if its time has come and nobody holds
// it: it counts an attempt and leases the mail for lease (another claim before then
// finds nothing). nil, nil when it is not to be sent now (sent, failed, claimed
// elsewhere, or waiting for its retry).
func (s *OutboxService) ClaimMail(ctx context.Context, id int64, lease time.Duration) (*OutboxMail, error) {
	var m *OutboxMail
	err := s.db.inTx(ctx, func(tx *Tx) error {
		var err error
		m, err = scanOutboxMail(tx.QueryRowContext(ctx, `UPDATE mail_outbox SET attempts = attempts + 1, next_attempt_at = $1
			WHERE id = $2 AND status = 'pending' AND next_attempt_at <= $3 RETURNING `+outboxColumns, tx.now.Add(lease), id, tx.now))
		if errors.Is(err, sql.ErrNoRows) {
			m = nil
			return nil
		}
		return err
	})
	return m, err
}

// MailSent marks a claimed mail sent.
func (s *OutboxService) MailSent(ctx context.Context, id int64) error {
	return s.db.inTx(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE mail_outbox SET status = 'sent', sent_at = $1, last_error = '' WHERE id = $2`, tx.now, id)
		return err
	})
}

// MailNotSent records a claimed mail's failure: it is tried again after retryIn, or, when
// retryIn is 0 (its attempts are spent), marked failed for good (next_attempt_at then
// keeps when the last attempt was).
func (s *OutboxService) MailNotSent(ctx context.Context, id int64, why string, retryIn time.Duration) error {
	if len(why) > 500 {
		why = why[:500]
	}
	return s.db.inTx(ctx, func(tx *Tx) error {
		if retryIn <= 0 {
			_, err := tx.ExecContext(ctx, `UPDATE mail_outbox SET status = 'failed', next_attempt_at = $1, last_error = $2 WHERE id = $3`, tx.now, why, id)
			return err
		}
		_, err := tx.ExecContext(ctx, `UPDATE mail_outbox SET next_attempt_at = $1, last_error = $2 WHERE id = $3`, tx.now.Add(retryIn), why, id)
		return err
	})
}

// PurgeSentMails deletes the mails sent before the given age: the outbox is not an
// archive (the audit log keeps the changes). Failed ones stay for the organiser.
func (s *OutboxService) PurgeSentMails(ctx context.Context, age time.Duration) (int64, error) {
	var n int64
	err := s.db.inTx(ctx, func(tx *Tx) error {
		r, err := tx.ExecContext(ctx, `DELETE FROM mail_outbox WHERE status = 'sent' AND sent_at < $1`, tx.now.Add(-age))
		if err != nil {
			return err
		}
		n, err = r.RowsAffected()
		return err
	})
	return n, err
}

// EventMailStatus is the state of an event's outbox as its organiser sees it: how many
// mails wait to be sent (or retried) and those that failed for good, newest first.
type EventMailStatus struct {
	Pending int
	Sent    int
	Failed  []*OutboxMail
}

// EventMailStatus reads the outbox of the event for a reader of its workspace.
func (s *EventService) EventMailStatus(ctx context.Context, eventID int64) (*EventMailStatus, error) {
	a, err := passerelle.RequireActor(ctx)
	if err != nil {
		return nil, err
	}
	out := &EventMailStatus{}
	if err := s.db.read.QueryRowContext(ctx, `SELECT COALESCE(SUM(CASE WHEN status = 'pending' THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN status = 'sent' THEN 1 ELSE 0 END), 0) FROM mail_outbox WHERE workspace_id = $1 AND event_id = $2`,
		a.WorkspaceID, eventID).Scan(&out.Pending, &out.Sent); err != nil {
		return nil, err
	}
	rows, err := s.db.read.QueryContext(ctx, `SELECT `+outboxColumns+` FROM mail_outbox WHERE workspace_id = $1 AND event_id = $2
		AND status = 'failed' ORDER BY id DESC LIMIT 200`, a.WorkspaceID, eventID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		m, err := scanOutboxMail(rows)
		if err != nil {
			return nil, err
		}
		out.Failed = append(out.Failed, m)
	}
	return out, rows.Err()
}
