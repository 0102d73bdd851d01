package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"passerelle"
)

// A member's private notes on a person of the contact book (table person_member_notes,
// docs/missions.md): one text per person and member. Only the users of that member read
// and write it: the note is always the actor's member's, so another member's is never
// read, nor changed; a user of no member (the network's staff, the system) has none.

// MemberNote returns the actor's member's note on a person the actor may read ("" for
// none, or for a user of no member).
func (s *PersonService) MemberNote(ctx context.Context, personID int64) (string, error) {
	a, err := passerelle.RequireActor(ctx)
	if err != nil {
		return "", err
	}
	if _, err := findPerson(ctx, s.db.read, a, personID); err != nil {
		return "", err
	}
	return memberNote(ctx, s.db.read, a, personID)
}

func memberNote(ctx context.Context, q queryer, a *passerelle.Actor, personID int64) (string, error) {
	if a.MemberID == 0 {
		return "", nil
	}
	var text string
	err := q.QueryRowContext(ctx, `SELECT notes FROM person_member_notes WHERE workspace_id = $1 AND person_id = $2 AND member_id = $3`,
		a.WorkspaceID, personID, a.MemberID).Scan(&text)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return text, err
}

// SetMemberNote writes the actor's member's note on a person the actor may read (empty:
// no note). A writer of a member only; the audit entry is private to the member and
// keeps no text.
func (s *PersonService) SetMemberNote(ctx context.Context, personID int64, text string) error {
	text = strings.TrimSpace(text)
	if len(text) > maxNotes {
		return passerelle.FieldError("note", "at most 100,000 characters")
	}
	return s.db.update(ctx, func(tx *Tx, a *passerelle.Actor) error {
		p, err := findPerson(ctx, tx, a, personID)
		if err != nil {
			return err
		}
		if a.MemberID == 0 {
			return passerelle.FieldError("note", "only a member's users keep private notes")
		}
		old, err := memberNote(ctx, tx, a, personID)
		if err != nil || old == text {
			return err
		}
		if text == "" {
			_, err = tx.ExecContext(ctx, `DELETE FROM person_member_notes WHERE workspace_id = $1 AND person_id = $2 AND member_id = $3`,
				a.WorkspaceID, personID, a.MemberID)
		} else {
			_, err = tx.ExecContext(ctx, `INSERT INTO person_member_notes (workspace_id, person_id, member_id, notes) VALUES ($1, $2, $3, $4)
				ON CONFLICT (workspace_id, person_id, member_id) DO UPDATE SET notes = excluded.notes`,
				a.WorkspaceID, personID, a.MemberID, text)
		}
		if err != nil {
			return classify(err, "person")
		}
		return writeAudit(ctx, tx, a, "notes", "person", personID, p.Name(), nil, passerelle.VisibilityPrivate, a.MemberID)
	})
}

// memberNotes reads the actor's member's notes on some people, by person.
func memberNotes(ctx context.Context, q queryer, a *passerelle.Actor, personIDs []int64) (map[int64]string, error) {
	out := map[int64]string{}
	if a.MemberID == 0 || len(personIDs) == 0 {
		return out, nil
	}
	rows, err := q.QueryContext(ctx, `SELECT person_id, notes FROM person_member_notes WHERE workspace_id = $1 AND member_id = $2
		AND person_id IN (`+idList(personIDs)+`)`, a.WorkspaceID, a.MemberID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var text string
		if err := rows.Scan(&id, &text); err != nil {
			return nil, err
		}
		out[id] = text
	}
	return out, rows.Err()
}
