package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"passerelle"
)

// The outcome survey (docs/events.md): each participant says, for each of their
// meetings once it is over, what came of it. The two sides answer apart; the
// organiser's statistics count the answers.

// The survey has two rounds: right after the event (table event_outcomes) and again
// months later (event_followup_outcomes, from passerelle.Event.FollowUpOpens on). An
// answer goes to the round open when it is given, so the statistics keep them apart.

// outcomeTable is the table of the round's answers.
func outcomeTable(followUp bool) string {
	if followUp {
		return "event_followup_outcomes"
	}
	return "event_outcomes"
}

// surveyed says whether the survey asks about a meeting of that status once it is
// over: not a cancelled one, nor one marked no-show (nobody attended it), whose answers
// given before it was marked are not counted either.
func surveyed(s passerelle.MeetingStatus) bool {
	return s != passerelle.MeetingCancelled && s != passerelle.MeetingNoShow
}

// inFollowUp says whether the survey's second round of e is open at now.
func inFollowUp(e *passerelle.Event, now time.Time) bool {
	opens := e.FollowUpOpens()
	return !opens.IsZero() && !now.Before(opens)
}

// participantOutcomes reads a participant's answers of one round, by meeting id.
func participantOutcomes(ctx context.Context, q queryer, ws, pid int64, followUp bool) (map[int64]passerelle.MeetingOutcome, error) {
	rows, err := q.QueryContext(ctx, `SELECT meeting_id, outcome FROM `+outcomeTable(followUp)+` WHERE workspace_id = $1 AND participant_id = $2`, ws, pid)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]passerelle.MeetingOutcome{}
	for rows.Next() {
		var id int64
		var o string
		if err := rows.Scan(&id, &o); err != nil {
			return nil, err
		}
		out[id] = passerelle.MeetingOutcome(o)
	}
	return out, rows.Err()
}

// SaveOutcome records (or changes) a participant's answer to the survey of one of their
// meetings, in the round open now (months after the event, the second). Only their own meetings of a published event, once over and not
// cancelled; one marked no-show is ECONFLICT (nobody attended it); an unknown outcome is
// EINVALID naming "outcome". ws and pid come from the participant's session.
func (s *EventService) SaveOutcome(ctx context.Context, ws, pid, meetingID int64, outcome passerelle.MeetingOutcome) error {
	if outcome == passerelle.OutcomeNone || !outcome.Valid() {
		return passerelle.FieldError("outcome", "unknown outcome %q", string(outcome))
	}
	return s.db.inTx(ctx, func(tx *Tx) error {
		var eventID int64
		var status, evStatus string
		var ends time.Time
		err := tx.QueryRowContext(ctx, `SELECT em.event_id, m.status, m.ends_at, e.status FROM event_meetings em
			JOIN meetings m ON m.workspace_id = em.workspace_id AND m.id = em.meeting_id
			JOIN event_requests r ON r.workspace_id = em.workspace_id AND r.id = em.request_id
			JOIN events e ON e.workspace_id = em.workspace_id AND e.id = em.event_id
			WHERE em.workspace_id = $1 AND em.meeting_id = $2 AND (r.from_id = $3 OR r.to_id = $3)`, ws, meetingID, pid).
			Scan(&eventID, &status, &ends, &evStatus)
		if errors.Is(err, sql.ErrNoRows) {
			return passerelle.Errorf(passerelle.ENOTFOUND, "%s not found", "meeting")
		} else if err != nil {
			return err
		}
		if evStatus != string(passerelle.EventPublished) || status == string(passerelle.MeetingCancelled) {
			return passerelle.Errorf(passerelle.ENOTFOUND, "%s not found", "meeting")
		}
		if status == string(passerelle.MeetingNoShow) {
			return passerelle.Errorf(passerelle.ECONFLICT, "this meeting is marked no-show: the survey does not ask about it")
		}
		if tx.now.Before(ends) {
			return passerelle.Errorf(passerelle.ECONFLICT, "the survey of a meeting opens once it is over")
		}
		e, err := findEvent(ctx, tx, ws, "e.id = $2", eventID)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO `+outcomeTable(inFollowUp(e, tx.now))+` (workspace_id, event_id, meeting_id, participant_id, outcome, answered_at)
			VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (workspace_id, meeting_id, participant_id)
			DO UPDATE SET outcome = excluded.outcome, answered_at = excluded.answered_at`, ws, eventID, meetingID, pid, string(outcome), tx.now)
		return err
	})
}

// SurveyStats counts the survey's answers of an event, each round apart.
type SurveyStats struct {
	Right, Later                 map[string]int // answers by outcome: right after the event, months later
	AnsweredRight, AnsweredLater int            // meetings with at least one answer in the round
}

// EventSurvey counts the survey's answers of the event by outcome, and how many
// meetings have at least one answer, for each round; the answers about a meeting marked
// no-show since are left out. Readers of the event's workspace.
func (s *EventService) EventSurvey(ctx context.Context, eventID int64) (*SurveyStats, error) {
	a, err := passerelle.RequireActor(ctx)
	if err != nil {
		return nil, err
	}
	st := &SurveyStats{}
	for _, later := range []bool{false, true} {
		counts, answered, err := s.surveyRound(ctx, a.WorkspaceID, eventID, outcomeTable(later))
		if err != nil {
			return nil, err
		}
		if later {
			st.Later, st.AnsweredLater = counts, answered
		} else {
			st.Right, st.AnsweredRight = counts, answered
		}
	}
	return st, nil
}

// answeredMeeting joins an answer (aliased o) to its meeting when that meeting was
// attended: one marked no-show since the answer does not count.
const answeredMeeting = `JOIN meetings am ON am.workspace_id = o.workspace_id AND am.id = o.meeting_id AND am.status <> 'no_show'`

func (s *EventService) surveyRound(ctx context.Context, ws, eventID int64, table string) (map[string]int, int, error) {
	rows, err := s.db.read.QueryContext(ctx, `SELECT o.outcome, COUNT(*) FROM `+table+` o `+answeredMeeting+`
		WHERE o.workspace_id = $1 AND o.event_id = $2 GROUP BY o.outcome`, ws, eventID)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var o string
		var n int
		if err := rows.Scan(&o, &n); err != nil {
			return nil, 0, err
		}
		out[o] = n
	}
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	var answered int
	err = s.db.read.QueryRowContext(ctx, `SELECT COUNT(DISTINCT o.meeting_id) FROM `+table+` o `+answeredMeeting+`
		WHERE o.workspace_id = $1 AND o.event_id = $2`, ws, eventID).Scan(&answered)
	return out, answered, err
}
