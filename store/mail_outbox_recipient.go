package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"

	"passerelle"
)

// Whom "Send again" sends a mail to (docs/events.md, "The outbox"). A mail to a
// participant names them (mail_outbox.participant_id, migration 00045), and a failed one
// sent again goes to them as they are then: to the address the organiser corrected
// since, and not at all to one who left, was taken off the event or has no email any
// more (a reminder of meetings they no longer have would be wrong, and their address is
// no longer one the event writes to). A mail to the organiser's address, or written
// before participants were named, goes again as written.

// Why a mail to a participant is not sent again (MailTarget.Gone).
const (
	RecipientLeft    = "left"     // they left the event
	RecipientRemoved = "removed"  // the organiser took them off it
	RecipientDeleted = "deleted"  // the organiser's list no longer has them
	RecipientNoEmail = "no_email" // their email was taken away
	// RecipientBack: the mail tells them they were taken off the event, and the
	// organiser has admitted them back since.
	RecipientBack = "back"
)

// MailTarget is where sending a mail again would take it now.
type MailTarget struct {
	Gone              string // why it would not be sent (Recipient*); "" when it would
	Email, Name, Lang string // the participant's now; the mail's own for a mail to no participant
}

// participantNow is a mail's participant as the outbox reads them when it is sent again.
type participantNow struct {
	id                        int64 // 0: not (or no longer) a participant of the mail's event
	email, name, lang, status string
}

// participantNowJoin joins to the outbox (alias m) the participant of each mail, in its
// workspace and event, as p; participantNowColumns are what participantNow scans.
const participantNowJoin = ` LEFT JOIN event_participants p ON p.workspace_id = m.workspace_id AND p.event_id = m.event_id AND p.id = m.participant_id`

func participantNowColumns() string {
	return `COALESCE(p.id, 0), COALESCE(p.email, ''), COALESCE(p.name, ''), COALESCE(p.lang, ''), COALESCE(` + participantStatusSQL("p.") + `, '')`
}

func (p *participantNow) dest() []any { return []any{&p.id, &p.email, &p.name, &p.lang, &p.status} }

// readParticipantNow reads the participant of mail m in tx.
func readParticipantNow(ctx context.Context, tx *Tx, m *OutboxMail) (participantNow, error) {
	var p participantNow
	if m.ParticipantID == 0 {
		return p, nil
	}
	err := tx.QueryRowContext(ctx, `SELECT id, email, name, lang, `+participantStatusSQL("")+` FROM event_participants
		WHERE workspace_id = $1 AND event_id = $2 AND id = $3`, m.WorkspaceID, m.EventID, m.ParticipantID).Scan(p.dest()...)
	if errors.Is(err, sql.ErrNoRows) {
		return participantNow{}, nil
	}
	return p, err
}

// resendTarget decides where mail m goes if sent again now, its participant being p.
// The page's note and the resend both read it, so that they cannot disagree.
func resendTarget(m *OutboxMail, p participantNow) MailTarget {
	t := MailTarget{Email: m.Recipient, Name: m.Name, Lang: m.Lang}
	if m.ParticipantID == 0 {
		return t
	}
	// The mail telling them of their removal is for one removed, and for no one else.
	removal := false
	if m.Kind == MailEventRegistration {
		var c RegistrationMail
		removal = json.Unmarshal(m.Data, &c) == nil && c.What == PlaceRemoved
	}
	switch st := passerelle.ParticipantStatus(p.status); {
	case p.id == 0:
		t.Gone = RecipientDeleted
	case st == passerelle.ParticipantLeft:
		t.Gone = RecipientLeft
	case st == passerelle.ParticipantRemoved && !removal:
		t.Gone = RecipientRemoved
	case st != passerelle.ParticipantRemoved && removal:
		t.Gone = RecipientBack
	case p.email == "":
		t.Gone = RecipientNoEmail
	default:
		t.Email, t.Name, t.Lang = p.email, p.name, p.lang
	}
	return t
}

// Readdressed reports whether the mail would go to another address than the one it was
// written for.
func (t MailTarget) Readdressed(m *OutboxMail) bool { return t.Gone == "" && t.Email != m.Recipient }

// refusal is ResendMail's answer for a mail that is not sent again, saying why.
func (t MailTarget) refusal() error {
	switch t.Gone {
	case RecipientLeft:
		return passerelle.Errorf(passerelle.ECONFLICT, "the participant this mail is for has left the event: it is not sent again")
	case RecipientRemoved:
		return passerelle.Errorf(passerelle.ECONFLICT, "the participant this mail is for was taken off the event: it is not sent again")
	case RecipientDeleted:
		return passerelle.Errorf(passerelle.ECONFLICT, "the participant this mail is for is no longer on the event's list: it is not sent again")
	case RecipientNoEmail:
		return passerelle.Errorf(passerelle.ECONFLICT, "the participant this mail is for has no email any more: it is not sent again")
	case RecipientBack:
		return passerelle.Errorf(passerelle.ECONFLICT, "the participant this mail is for takes part in the event again: the mail saying they were taken off it is not sent again")
	}
	return nil
}
