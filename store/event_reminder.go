package store

import (
	"context"
	"fmt"
	"time"

	"passerelle"
)

// The outcome survey's reminder (docs/events.md): a participant who has a meeting over
// without their answer is invited once per round, by email, with a sign-in link to their
// page. event_participants.survey_reminded_at (migration 00024) records the first
// round's, followup_reminded_at (00031) the second's (months after the event).

// SurveyLinkValidity is how long a reminder's sign-in link works: a reminder is read
// later than the link a registration asks for.
const SurveyLinkValidity = 7 * 24 * time.Hour

// MailEventSurvey is the kind of the outcome survey's reminder; its data is a
// SurveyMail. The reminder's sign-in link is made when the mail is sent (SurveyLink),
// never stored in the outbox: a row read by the organiser, kept failed for weeks and
// sent again, must not hold a way into the participant's page.
const MailEventSurvey = "event.survey"

// SurveyMail is what a MailEventSurvey mail says, apart from its sign-in link.
type SurveyMail struct {
	Event      string `json:"event"`
	Page       string `json:"page"`       // the participants' page, a path under the base URL
	Unanswered int    `json:"unanswered"` // their meetings over without their answer
	FollowUp   bool   `json:"follow_up,omitempty"`
	Months     int    `json:"months,omitempty"` // the second round's months after the event
}

// SurveyReminder is one participant reminded, with the outbox mail that tells them.
type SurveyReminder struct {
	Participant MovedParticipant
	Unanswered  int   // their meetings over without their answer
	FollowUp    bool  // the survey's second round, months after the event
	MailID      int64 // the outbox mail (MailEventSurvey)
}

// ClaimSurveyReminders marks as reminded, and writes a reminder to the outbox for, each
// participant of the published event who takes part in it, has an email, was not
// reminded in the round open now, and has a meeting over (not cancelled, not a no-show:
// they did not attend it) without their answer in it.
// In the second round (from Event.FollowUpOpens) only answers and reminders since it
// opened count, so moving the round later asks again. One transaction with the mails and
// its audit entry: a participant is claimed once, whoever runs it and however often (two
// runs at once claim each participant once: the mark is set only where it is unset), and
// a mail that fails is the outbox's to retry, not a next run's.
// Writers of the event's workspace only; an event not published is ECONFLICT.
func (s *EventService) ClaimSurveyReminders(ctx context.Context, eventID int64) (*passerelle.Event, []SurveyReminder, error) {
	var e *passerelle.Event
	var out []SurveyReminder
	err := s.db.update(ctx, func(tx *Tx, a *passerelle.Actor) error {
		out = out[:0]
		var err error
		if e, err = findEvent(ctx, tx, a.WorkspaceID, "e.id = $2", eventID); err != nil {
			return err
		}
		if e.Status != passerelle.EventPublished {
			return passerelle.Errorf(passerelle.ECONFLICT, "the schedule is not published: no meeting to ask about yet")
		}
		// since is when the round opened: the first's, at the beginning of time.
		followUp, since := inFollowUp(e, tx.now), time.Unix(0, 0).UTC()
		col := "survey_reminded_at"
		if followUp {
			col, since = "followup_reminded_at", e.FollowUpOpens().UTC()
		}
		unreminded := `(p.` + col + ` IS NULL OR p.` + col + ` < $4)`
		// Only those taking part: the sender would refuse the link of one who left.
		rows, err := tx.QueryContext(ctx, `SELECT p.id, p.ref, p.name, p.email, p.lang, COUNT(*) FROM event_participants p
			JOIN event_requests r ON r.workspace_id = p.workspace_id AND r.event_id = p.event_id AND (r.from_id = p.id OR r.to_id = p.id)
			JOIN event_meetings em ON em.workspace_id = r.workspace_id AND em.request_id = r.id
			JOIN meetings m ON m.workspace_id = em.workspace_id AND m.id = em.meeting_id
			WHERE p.workspace_id = $1 AND p.event_id = $2 AND p.email <> '' AND `+unreminded+` AND `+countedSQL("p.")+`
				AND m.status NOT IN ('cancelled', 'no_show') AND m.ends_at <= $3
				AND NOT EXISTS (SELECT 1 FROM `+outcomeTable(followUp)+` o WHERE o.workspace_id = p.workspace_id AND o.meeting_id = m.id
					AND o.participant_id = p.id AND o.answered_at >= $4)
			GROUP BY p.id, p.ref, p.name, p.email, p.lang ORDER BY p.id`, a.WorkspaceID, e.ID, tx.now, since)
		if err != nil {
			return err
		}
		var due []SurveyReminder
		for rows.Next() {
			r := SurveyReminder{FollowUp: followUp}
			p := &r.Participant
			if err := rows.Scan(&p.ID, &p.Ref, &p.Name, &p.Email, &p.Lang, &r.Unanswered); err != nil {
				rows.Close()
				return err
			}
			due = append(due, r)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		var wsSlug string
		if len(due) > 0 {
			if err := tx.QueryRowContext(ctx, `SELECT slug FROM workspaces WHERE id = $1`, a.WorkspaceID).Scan(&wsSlug); err != nil {
				return err
			}
		}
		months := 0
		if followUp {
			if months = e.FollowUpMonths; months == 0 {
				months = passerelle.DefaultFollowUpMonths
			}
		}
		for _, r := range due {
			res, err := tx.ExecContext(ctx, `UPDATE event_participants AS p SET `+col+` = $1 WHERE p.workspace_id = $2 AND p.id = $3
				AND `+unreminded, tx.now, a.WorkspaceID, r.Participant.ID, since)
			if err != nil {
				return err
			}
			if n, err := res.RowsAffected(); err != nil {
				return err
			} else if n == 0 {
				continue // another run claimed them meanwhile
			}
			p := r.Participant
			if r.MailID, err = queueMail(ctx, tx, a.WorkspaceID, e.ID, p.ID, MailEventSurvey, p.Email, p.Name, p.Lang,
				SurveyMail{Event: e.Name, Page: "/e/" + wsSlug + "/" + e.Slug, Unanswered: r.Unanswered, FollowUp: followUp, Months: months}); err != nil {
				return err
			}
			out = append(out, r)
		}
		if len(out) == 0 {
			return nil
		}
		what := "survey reminders"
		if followUp {
			what = "survey reminders months later"
		}
		return writeAudit(ctx, tx, a, "remind", "event", e.ID, fmt.Sprintf("%s: %s, %d participants", e.Name, what, len(out)),
			nil, passerelle.VisibilityShared, 0)
	})
	if err != nil {
		return nil, nil, err
	}
	return e, out, nil
}

// SurveyLink makes a new one-time sign-in link for the participant of the survey's
// reminder mailID, as its sender sends it (each attempt, and each "Send again", has its
// own), and returns the link's secret; only its hash is stored. The participant is read
// in the mail's workspace and event: one who left, was taken off the event, is no
// longer on its list, has no email any more, or whose email is no longer the one the
// mail goes to is ECONFLICT saying so, and no link is made (a way into their page is
// not mailed to an address that is no longer theirs). A mail that is not a pending
// reminder is ENOTFOUND.
func (s *OutboxService) SurveyLink(ctx context.Context, mailID int64) (string, error) {
	token, hash, err := newSecret("evs_")
	if err != nil {
		return "", err
	}
	err = s.db.inTx(ctx, func(tx *Tx) error {
		m := &OutboxMail{ID: mailID}
		var p participantNow
		err := tx.QueryRowContext(ctx, `SELECT m.workspace_id, COALESCE(m.event_id, 0), COALESCE(m.participant_id, 0), m.kind, m.recipient, `+
			participantNowColumns()+` FROM mail_outbox m`+participantNowJoin+` WHERE m.id = $1 AND m.status = 'pending' AND m.kind = $2`,
			mailID, MailEventSurvey).Scan(append([]any{&m.WorkspaceID, &m.EventID, &m.ParticipantID, &m.Kind, &m.Recipient}, p.dest()...)...)
		if err != nil {
			return classify(err, "mail")
		}
		if m.ParticipantID == 0 {
			return passerelle.Errorf(passerelle.ECONFLICT, "the survey's reminder names no participant: no sign-in link is made")
		}
		to := resendTarget(m, p)
		if err := to.refusal(); err != nil {
			return err
		}
		if p.status != "" {
			return passerelle.Errorf(passerelle.ECONFLICT, "the participant this mail is for does not take part in the event now: no sign-in link is made")
		}
		if to.Readdressed(m) {
			return passerelle.Errorf(passerelle.ECONFLICT, "the participant this mail is for has another email now: no sign-in link is made for the old one")
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO event_signin_tokens (token_hash, workspace_id, participant_id, expires_at)
			VALUES ($1, $2, $3, $4)`, hash, m.WorkspaceID, m.ParticipantID, tx.now.Add(SurveyLinkValidity))
		return err
	})
	if err != nil {
		return "", err
	}
	return token, nil
}

// SurveyReminded counts the participants of the event reminded of the survey in the
// round open now; followUp says whether it is the second (months after the event).
func (s *EventService) SurveyReminded(ctx context.Context, eventID int64) (n int, followUp bool, err error) {
	a, err := passerelle.RequireActor(ctx)
	if err != nil {
		return 0, false, err
	}
	e, err := findEvent(ctx, s.db.read, a.WorkspaceID, "e.id = $2", eventID)
	if err != nil {
		return 0, false, err
	}
	followUp = inFollowUp(e, s.db.Now())
	cond, since := "survey_reminded_at >= $3", time.Unix(0, 0).UTC()
	if followUp {
		cond, since = "followup_reminded_at >= $3", e.FollowUpOpens().UTC()
	}
	err = s.db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM event_participants WHERE workspace_id = $1 AND event_id = $2
		AND `+cond, a.WorkspaceID, eventID, since).Scan(&n)
	return n, followUp, err
}
