package store

import (
	"context"
	"fmt"
	"time"

	"passerelle"
)

// The outcome survey's reminder (docs/events.md): a participant who has a meeting over
// without their answer is invited once, by email, with a sign-in link to their page.
// event_participants.survey_reminded_at (migration 00024) records it.

// SurveyLinkValidity is how long a reminder's sign-in link works: a reminder is read
// later than the link a registration asks for.
const SurveyLinkValidity = 7 * 24 * time.Hour

// SurveyReminder is one participant to remind, with their one-time sign-in link.
type SurveyReminder struct {
	Participant MovedParticipant
	Unanswered  int    // their meetings over without their answer
	Token       string // the sign-in link's secret (only its hash is stored)
}

// ClaimSurveyReminders marks as reminded, and returns with a new sign-in link each,
// the participants of the published event who have an email, were never reminded, and
// have a meeting over (not cancelled) without their answer. One transaction with its
// audit entry: a participant is claimed once, whoever runs it and however often (two
// runs at once claim each participant once: the mark is set only where it is unset).
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
		rows, err := tx.QueryContext(ctx, `SELECT p.id, p.ref, p.name, p.email, p.lang, COUNT(*) FROM event_participants p
			JOIN event_requests r ON r.workspace_id = p.workspace_id AND r.event_id = p.event_id AND (r.from_id = p.id OR r.to_id = p.id)
			JOIN event_meetings em ON em.workspace_id = r.workspace_id AND em.request_id = r.id
			JOIN meetings m ON m.workspace_id = em.workspace_id AND m.id = em.meeting_id
			WHERE p.workspace_id = $1 AND p.event_id = $2 AND p.email <> '' AND p.survey_reminded_at IS NULL
				AND m.status <> 'cancelled' AND m.ends_at <= $3
				AND NOT EXISTS (SELECT 1 FROM event_outcomes o WHERE o.workspace_id = p.workspace_id AND o.meeting_id = m.id
					AND o.participant_id = p.id)
			GROUP BY p.id, p.ref, p.name, p.email, p.lang ORDER BY p.id`, a.WorkspaceID, e.ID, tx.now)
		if err != nil {
			return err
		}
		var due []SurveyReminder
		for rows.Next() {
			var r SurveyReminder
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
		for _, r := range due {
			res, err := tx.ExecContext(ctx, `UPDATE event_participants SET survey_reminded_at = $1 WHERE workspace_id = $2 AND id = $3
				AND survey_reminded_at IS NULL`, tx.now, a.WorkspaceID, r.Participant.ID)
			if err != nil {
				return err
			}
			if n, err := res.RowsAffected(); err != nil {
				return err
			} else if n == 0 {
				continue // another run claimed them meanwhile
			}
			token, hash, err := newSecret("evs_")
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO event_signin_tokens (token_hash, workspace_id, participant_id, expires_at)
				VALUES ($1, $2, $3, $4)`, hash, a.WorkspaceID, r.Participant.ID, tx.now.Add(SurveyLinkValidity)); err != nil {
				return err
			}
			r.Token = token
			out = append(out, r)
		}
		if len(out) == 0 {
			return nil
		}
		return writeAudit(ctx, tx, a, "remind", "event", e.ID, fmt.Sprintf("%s: survey reminders, %d participants", e.Name, len(out)),
			nil, passerelle.VisibilityShared, 0)
	})
	if err != nil {
		return nil, nil, err
	}
	return e, out, nil
}

// ReleaseSurveyReminder gives a claimed participant back to the next run, when their
// reminder could not be mailed.
func (s *EventService) ReleaseSurveyReminder(ctx context.Context, eventID, participantID int64) error {
	return s.db.update(ctx, func(tx *Tx, a *passerelle.Actor) error {
		_, err := tx.ExecContext(ctx, `UPDATE event_participants SET survey_reminded_at = NULL WHERE workspace_id = $1 AND event_id = $2
			AND id = $3`, a.WorkspaceID, eventID, participantID)
		return err
	})
}

// SurveyReminded counts the participants of the event reminded of the survey.
func (s *EventService) SurveyReminded(ctx context.Context, eventID int64) (int, error) {
	a, err := passerelle.RequireActor(ctx)
	if err != nil {
		return 0, err
	}
	var n int
	err = s.db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM event_participants WHERE workspace_id = $1 AND event_id = $2
		AND survey_reminded_at IS NOT NULL`, a.WorkspaceID, eventID).Scan(&n)
	return n, err
}
