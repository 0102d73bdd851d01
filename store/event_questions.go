package store

import (
	"context"
	"encoding/json"

	"passerelle"
)

// Registration questions (docs/events.md): the organiser's questions are kept whole on
// the event (events.questions, JSON); each participant's answers, with the questions as
// asked, on their row (event_participants.answers, JSON). Migration 00024.

func parseAnswers(s string) []passerelle.EventAnswer {
	if s == "" {
		return nil
	}
	var out []passerelle.EventAnswer
	if err := json.Unmarshal([]byte(s), &out); err != nil {
		return nil
	}
	return out
}

func formatAnswers(as []passerelle.EventAnswer) (string, error) {
	if len(as) == 0 {
		return "", nil
	}
	b, err := json.Marshal(as)
	return string(b), err
}

func parseQuestions(text string) ([]passerelle.EventQuestion, error) {
	if text == "" {
		return nil, nil
	}
	var qs []passerelle.EventQuestion
	if err := json.Unmarshal([]byte(text), &qs); err != nil {
		return nil, err
	}
	return qs, nil
}

func formatQuestions(qs []passerelle.EventQuestion) (string, error) {
	if len(qs) == 0 {
		return "", nil
	}
	b, err := json.Marshal(qs)
	return string(b), err
}

// EventQuestions reads the registration questions of the event e, found by the caller
// (the organiser's pages, or the public registration page by its slugs).
func (s *EventService) EventQuestions(ctx context.Context, e *passerelle.Event) ([]passerelle.EventQuestion, error) {
	var text string
	if err := s.db.read.QueryRowContext(ctx, `SELECT questions FROM events WHERE workspace_id = $1 AND id = $2`, e.WorkspaceID, e.ID).
		Scan(&text); err != nil {
		return nil, classify(err, "event")
	}
	return parseQuestions(text)
}

// SetEventQuestions replaces the event's registration questions (writers of its
// workspace), with its audit entry. The answers given already keep the questions as
// they were asked.
func (s *EventService) SetEventQuestions(ctx context.Context, eventID int64, qs []passerelle.EventQuestion) error {
	return s.db.update(ctx, func(tx *Tx, a *passerelle.Actor) error {
		e, err := findEvent(ctx, tx, a.WorkspaceID, "e.id = $2", eventID)
		if err != nil {
			return err
		}
		var old string
		if err := tx.QueryRowContext(ctx, `SELECT questions FROM events WHERE workspace_id = $1 AND id = $2`, a.WorkspaceID, e.ID).Scan(&old); err != nil {
			return err
		}
		text, err := formatQuestions(qs)
		if err != nil {
			return err
		}
		if text == old {
			return nil
		}
		if _, err := tx.ExecContext(ctx, `UPDATE events SET questions = $1, updated_at = $2 WHERE workspace_id = $3 AND id = $4`,
			text, tx.now, a.WorkspaceID, e.ID); err != nil {
			return err
		}
		return writeAudit(ctx, tx, a, "update", "event", e.ID, e.Name, map[string]passerelle.Change{"questions": {Old: old, New: text}},
			passerelle.VisibilityShared, 0)
	})
}
