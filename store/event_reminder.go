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

// SurveyReminder is one participant to remind, with their one-time sign-in link.
type SurveyReminder struct {
	Participant MovedParticipant
	Unanswered  int    // their meetings over without their answer
	Token       string // the sign-in link's secret (only its hash is stored)
	FollowUp    bool   // the survey's second round, months after the event
}

// ClaimSurveyReminders marks as reminded, and returns with a new sign-in link each,
// the participants of the published event who have an email, were not reminded in the
// round open now, and have a meeting over (not cancelled, not a no-show: they did not
// attend it) without their answer in it.
// In the second round (from Event.FollowUpOpens) only answers and reminders since it
// opened count, so moving the round later asks again. One transaction with its
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
		// since is when the round opened: the first's, at the beginning of time.
		followUp, since := inFollowUp(e, tx.now), time.Unix(0, 0).UTC()
		col := "survey_reminded_at"
		if followUp {
			col, since = "followup_reminded_at", e.FollowUpOpens().UTC()
		}
		unreminded := `(p.` + col + ` IS NULL OR p.` + col + ` < $4)`
		rows, err := tx.QueryContext(ctx, `SELECT p.id, p.ref, p.name, p.email, p.lang, COUNT(*) FROM event_participants p
			JOIN event_requests r ON r.workspace_id = p.workspace_id AND r.event_id = p.event_id AND (r.from_id = p.id OR r.to_id = p.id)
			JOIN event_meetings em ON em.workspace_id = r.workspace_id AND em.request_id = r.id
			JOIN meetings m ON m.workspace_id = em.workspace_id AND m.id = em.meeting_id
			WHERE p.workspace_id = $1 AND p.event_id = $2 AND p.email <> '' AND `+unreminded+`
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

// ReleaseSurveyReminder gives a claimed participant back to the next run of the round
// (the reminder's FollowUp), when their reminder could not be mailed.
func (s *EventService) ReleaseSurveyReminder(ctx context.Context, eventID, participantID int64, followUp bool) error {
	col := "survey_reminded_at"
	if followUp {
		col = "followup_reminded_at"
	}
	return s.db.update(ctx, func(tx *Tx, a *passerelle.Actor) error {
		_, err := tx.ExecContext(ctx, `UPDATE event_participants SET `+col+` = NULL WHERE workspace_id = $1 AND event_id = $2
			AND id = $3`, a.WorkspaceID, eventID, participantID)
		return err
	})
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
