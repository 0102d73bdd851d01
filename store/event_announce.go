package store

import (
	"context"
	"encoding/json"
	"strings"
	"unicode/utf8"

	"passerelle"
)

// MailEventAnnouncement is the kind of the organiser's message to the participants of
// an event; its data is an AnnouncementMail.
const MailEventAnnouncement = "event.announcement"

// AnnouncementMail is the organiser's message as each participant receives it.
type AnnouncementMail struct {
	Event   string `json:"event"`
	Page    string `json:"page"`
	Subject string `json:"subject"`
	Body    string `json:"body"`
}

// AnnounceTo says whom an announcement goes to.
type AnnounceTo string

// Recipients of an announcement.
const (
	AnnounceAll             AnnounceTo = "all"
	AnnounceWithMeetings    AnnounceTo = "with_meetings"
	AnnounceWithoutMeetings AnnounceTo = "without_meetings"
)

// Limits of an announcement: a subject on one line, a body of a letter's length.
const (
	announceSubjectMax = 200
	announceBodyMax    = 10000
)

// Announce writes the organiser's message to the outbox for each participant of the
// event with an email (a registration its link has not confirmed is no one), or only
// those with a meeting standing (AnnounceWithMeetings), or only those without one
// (AnnounceWithoutMeetings: to nudge them), and returns how many; the outbox's
// sender sends them. A subject of 1 to 200 characters on one line and a body of 1 to
// 10,000 are required (EINVALID naming the field); nothing is written on a refusal.
// It is audited ("announce" on the event, with the subject and the count), so that
// the organisers see who wrote what to whom.
func (s *EventService) Announce(ctx context.Context, eventID int64, subject, body string, to AnnounceTo) (sent int, err error) {
	subject, body = strings.TrimSpace(subject), strings.TrimSpace(strings.ReplaceAll(body, "\r\n", "\n"))
	p := passerelle.Problems{}
	switch n := utf8.RuneCountInString(subject); {
	case n == 0:
		p.Add("subject", "required")
	case n > announceSubjectMax:
		p.Add("subject", "at most %d characters", announceSubjectMax)
	case passerelle.HasLineBreak(subject): // a line separator too: a mail reader breaks the line there
		p.Add("subject", "one line")
	}
	switch n := utf8.RuneCountInString(body); {
	case n == 0:
		p.Add("body", "required")
	case n > announceBodyMax:
		p.Add("body", "at most %d characters", announceBodyMax)
	}
	if err := p.Err(); err != nil {
		return 0, err
	}
	err = s.db.update(ctx, func(tx *Tx, a *passerelle.Actor) error {
		sent = 0
		e, err := findEvent(ctx, tx, a.WorkspaceID, "e.id = $2", eventID)
		if err != nil {
			return err
		}
		var wsSlug string
		if err := tx.QueryRowContext(ctx, `SELECT slug FROM workspaces WHERE id = $1`, a.WorkspaceID).Scan(&wsSlug); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT p.id, p.email, p.name, p.lang FROM event_participants p`+announceWhere(to)+` ORDER BY p.id`, a.WorkspaceID, e.ID)
		if err != nil {
			return err
		}
		type to struct {
			id                int64
			email, name, lang string
		}
		var tos []to
		for rows.Next() {
			var t to
			if err := rows.Scan(&t.id, &t.email, &t.name, &t.lang); err != nil {
				rows.Close()
				return err
			}
			tos = append(tos, t)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if len(tos) == 0 {
			return passerelle.Errorf(passerelle.ECONFLICT, "no participant of this event has an email to write to")
		}
		// One message for all: encoded once, not once per recipient (thousands at a BIO-size event).
		m, err := json.Marshal(AnnouncementMail{Event: e.Name, Page: "/e/" + wsSlug + "/" + e.Slug, Subject: subject, Body: body})
		if err != nil {
			return err
		}
		for _, t := range tos {
			if _, err := queueMail(ctx, tx, a.WorkspaceID, e.ID, t.id, MailEventAnnouncement, t.email, t.name, t.lang, m); err != nil {
				return err
			}
		}
		sent = len(tos)
		return writeAudit(ctx, tx, a, "announce", "event", e.ID, e.Name+": "+subject,
			map[string]passerelle.Change{"announcement": {Old: nil, New: subject}, "recipients": {Old: nil, New: sent}}, passerelle.VisibilityShared, 0)
	})
	return sent, err
}

// announceWhere selects the participants of event $2 in workspace $1 an announcement to
// goes to: those with an email (a registration its link has not confirmed is no one),
// with or without a meeting standing.
func announceWhere(to AnnounceTo) string {
	q := ` WHERE p.workspace_id = $1 AND p.event_id = $2 AND p.email <> '' AND ` + countedSQL("p.")
	if to != AnnounceWithMeetings && to != AnnounceWithoutMeetings {
		return q
	}
	if to == AnnounceWithoutMeetings {
		q += ` AND NOT`
	} else {
		q += ` AND`
	}
	return q + ` EXISTS (SELECT 1 FROM event_requests r JOIN event_meetings em ON em.workspace_id = r.workspace_id AND em.request_id = r.id
		JOIN meetings m ON m.workspace_id = em.workspace_id AND m.id = em.meeting_id
		WHERE r.workspace_id = p.workspace_id AND r.event_id = p.event_id AND (r.from_id = p.id OR r.to_id = p.id) AND m.status <> 'cancelled')`
}

// AnnounceCounts says how many participants of the event an announcement to each
// audience would go to, for the form to show before anything is sent.
func (s *EventService) AnnounceCounts(ctx context.Context, eventID int64) (map[string]int, error) {
	a, err := passerelle.RequireActor(ctx)
	if err != nil {
		return nil, err
	}
	e, err := findEvent(ctx, s.db.read, a.WorkspaceID, "e.id = $2", eventID)
	if err != nil {
		return nil, err
	}
	out := map[string]int{}
	for _, to := range []AnnounceTo{AnnounceAll, AnnounceWithMeetings, AnnounceWithoutMeetings} {
		var n int
		if err := s.db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM event_participants p`+announceWhere(to), a.WorkspaceID, e.ID).Scan(&n); err != nil {
			return nil, err
		}
		out[string(to)] = n
	}
	return out, nil
}
