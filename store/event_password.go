package store

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"

	"passerelle"
)

// A participant's password (docs/events.md): besides the one-time link, a participant
// may set a password on their page and sign in with it on the event's sign-in page.
// event_participants.password_hash (migration 00024), argon2id as the users'; the
// sign-in limits are the users' (per email and event, per client address).

// SetParticipantPassword sets the password of the signed-in participant (ws and pid
// from their session). Changing a password needs the current one unless the session was
// opened by a link (viaLink), which proves the email as a reset would. The rules are
// the users'; a refused password is EINVALID naming "password" (or "current_password").
// It ends the participant's sessions: it returns their new session epoch, which the
// session that set it records to stay open (see ParticipantSessionEpoch).
func (s *EventService) SetParticipantPassword(ctx context.Context, ws, pid int64, current, password string, viaLink bool) (epoch int64, err error) {
	var email, h string
	if err := s.db.read.QueryRowContext(ctx, `SELECT email, password_hash FROM event_participants WHERE workspace_id = $1 AND id = $2`,
		ws, pid).Scan(&email, &h); err != nil {
		return 0, classify(err, "participant")
	}
	if email == "" {
		return 0, passerelle.FieldError("password", "a password needs an email to sign in with")
	}
	if h != "" && !viaLink {
		if current == "" {
			return 0, passerelle.FieldError("current_password", "required")
		}
		if ok, err := s.db.checkPassword(ctx, h, current); err != nil {
			return 0, err
		} else if !ok {
			return 0, passerelle.FieldError("current_password", "wrong password")
		}
	}
	if err := validatePassword(password, email); err != nil {
		return 0, err
	}
	nh, err := s.db.hashPassword(ctx, password)
	if err != nil {
		return 0, err
	}
	err = s.db.inTx(ctx, func(tx *Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE event_participants SET password_hash = $1, session_epoch = session_epoch + 1, updated_at = $2
			WHERE workspace_id = $3 AND id = $4`, nh, tx.now, ws, pid); err != nil {
			return err
		}
		return tx.QueryRowContext(ctx, `SELECT session_epoch FROM event_participants WHERE workspace_id = $1 AND id = $2`, ws, pid).Scan(&epoch)
	})
	return epoch, err
}

// ParticipantSessionEpoch returns the participant's session epoch, which their session
// records at sign-in: ParticipantHome refuses a session of an older one.
func (s *EventService) ParticipantSessionEpoch(ctx context.Context, ws, pid int64) (int64, error) {
	var e int64
	err := s.db.read.QueryRowContext(ctx, `SELECT session_epoch FROM event_participants WHERE workspace_id = $1 AND id = $2`, ws, pid).Scan(&e)
	return e, classify(err, "participant")
}

// SetParticipantLang keeps the language the participant reads their pages in ("en" or
// "fr"; anything else is English), which their mails and feed are then written in:
// an imported participant had English whatever page they used.
func (s *EventService) SetParticipantLang(ctx context.Context, ws, pid int64, lang string) error {
	if lang != "fr" {
		lang = "en"
	}
	_, err := s.db.write.ExecContext(ctx, `UPDATE event_participants SET lang = $1 WHERE workspace_id = $2 AND id = $3 AND lang <> $1`, lang, ws, pid)
	return err
}

// HasParticipantPassword reports whether the participant has set a password.
func (s *EventService) HasParticipantPassword(ctx context.Context, ws, pid int64) (bool, error) {
	var h string
	err := s.db.read.QueryRowContext(ctx, `SELECT password_hash FROM event_participants WHERE workspace_id = $1 AND id = $2`, ws, pid).Scan(&h)
	return h != "", classify(err, "participant")
}

// AuthenticateParticipant checks the email and password of a participant of the event.
// addr is the client's address. Too many failures for the email at this event, or from
// the address, refuse further attempts for a while (EBUSY, with the wait) even with the
// right password; an unknown email, a participant without a password and a wrong
// password are the same EUNAUTHORIZED, and take as long.
func (s *EventService) AuthenticateParticipant(ctx context.Context, e *passerelle.Event, email, password, addr string) (*passerelle.EventParticipant, error) {
	email = strings.ToLower(strings.TrimSpace(email))
	key := "evpw-email:" + strconv.FormatInt(e.ID, 10) + ":" + email
	if wait, err := overLimit(ctx, s.db, attemptLimit{key, maxAttemptsPerKey}, attemptLimit{"evpw-addr:" + addr, maxAttemptsPerIP}); err != nil {
		return nil, err
	} else if wait > 0 {
		return nil, busy(passerelle.Errorf(passerelle.EBUSY, "too many failed sign-ins: try again in %d minutes", minutes(wait)), wait)
	}
	var pid int64
	var h string
	err := s.db.read.QueryRowContext(ctx, `SELECT id, password_hash FROM event_participants WHERE workspace_id = $1 AND event_id = $2
		AND LOWER(email) = $3 AND password_hash <> '' ORDER BY id LIMIT 1`, e.WorkspaceID, e.ID, email).Scan(&pid, &h)
	if errors.Is(err, sql.ErrNoRows) {
		h, pid = dummyHash, 0
	} else if err != nil {
		return nil, err
	}
	ok, err := s.db.checkPassword(ctx, h, password)
	if err != nil {
		return nil, err
	}
	if !ok || pid == 0 {
		if _, err := s.db.write.ExecContext(ctx, `INSERT INTO sign_in_attempts (subject, at) VALUES ($1, $2), ($3, $2)`,
			key, s.db.Now(), "evpw-addr:"+addr); err != nil {
			return nil, err
		}
		return nil, passerelle.Errorf(passerelle.EUNAUTHORIZED, "wrong email or password")
	}
	if _, err := s.db.write.ExecContext(ctx, `DELETE FROM sign_in_attempts WHERE subject = $1`, key); err != nil {
		return nil, err
	}
	return participantByID(ctx, s.db.read, e.WorkspaceID, pid)
}
