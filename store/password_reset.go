package store

import (
	"context"
	"strings"
	"time"

	"passerelle"
)

const (
	// MailedResetTTL is how long a reset link sent by e-mail stays valid: short, since
	// anyone who can read the mailbox can use it.
	MailedResetTTL = time.Hour
	// AdminResetTTL is how long a link made by an administrator stays valid: it travels
	// by hand (a phone call, a chat), which takes longer.
	AdminResetTTL = 24 * time.Hour

	maxResetsPerEmail = 3
	maxResetsPerAddr  = 20
)

// PasswordReset is a pending reset link, as its holder sees it.
type PasswordReset struct {
	UserID    int64
	Email     string
	ExpiresAt time.Time
}

// RequestPasswordReset makes a reset link for the account with this e-mail address, to be
// mailed to that address. Anyone may ask, so every request counts against the address
// and the client's limits, found or not, and ENOTFOUND must not reach the client: the
// answer is the same whether the account exists or not.
func (s *AccountService) RequestPasswordReset(ctx context.Context, email, addr string) (string, *passerelle.User, error) {
	email = strings.ToLower(strings.TrimSpace(email))
	if wait, err := overLimit(ctx, s.db, attemptLimit{"reset:" + email, maxResetsPerEmail}, attemptLimit{"reset-addr:" + addr, maxResetsPerAddr}); err != nil {
		return "", nil, err
	} else if wait > 0 {
		return "", nil, busy(passerelle.Errorf(passerelle.EBUSY, "too many reset requests: try again in %d minutes", minutes(wait)), wait)
	}
	if _, err := s.db.write.ExecContext(ctx, `INSERT INTO sign_in_attempts (subject, at) VALUES ($1, $2), ($3, $2)`,
		"reset:"+email, s.db.Now(), "reset-addr:"+addr); err != nil {
		return "", nil, err
	}
	u, err := findUser(ctx, s.db.read, `email = $1`, email)
	if err != nil {
		return "", nil, err
	}
	secret, err := s.newReset(ctx, u.ID, 0, MailedResetTTL, nil)
	return secret, u, err
}

// CreatePasswordResetLink makes a reset link for a user of the actor's workspace, for an
// administrator to hand over when no mail server is configured. Only for users who belong
// to this workspace alone: an administrator of one workspace must not take over an
// account that also opens another.
func (s *AccountService) CreatePasswordResetLink(ctx context.Context, userID int64) (string, error) {
	a, err := passerelle.RequireManager(ctx)
	if err != nil {
		return "", err
	}
	if !a.System && a.Role != passerelle.RoleAdmin {
		return "", passerelle.Errorf(passerelle.EFORBIDDEN, "only an administrator may make a password reset link")
	}
	var here, elsewhere int
	if err := s.db.read.QueryRowContext(ctx, `SELECT
		COUNT(CASE WHEN workspace_id = $1 THEN 1 END), COUNT(CASE WHEN workspace_id <> $1 THEN 1 END)
		FROM memberships WHERE user_id = $2`, a.WorkspaceID, userID).Scan(&here, &elsewhere); err != nil {
		return "", err
	}
	if here == 0 {
		return "", passerelle.Errorf(passerelle.ENOTFOUND, "user not found")
	}
	if elsewhere > 0 {
		return "", passerelle.Errorf(passerelle.EFORBIDDEN, "this user also belongs to another workspace: only they (from the sign-in page, by e-mail) or the server's operator may reset their password")
	}
	return s.newReset(ctx, userID, a.UserID, AdminResetTTL, a)
}

// newReset records a reset link; with an actor, in its workspace's audit log.
func (s *AccountService) newReset(ctx context.Context, userID, by int64, ttl time.Duration, a *passerelle.Actor) (string, error) {
	plain, hash, err := newSecret("pwr_")
	if err != nil {
		return "", err
	}
	err = s.db.inTx(ctx, func(tx *Tx) error {
		var id int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO password_resets (user_id, token_hash, created_by, created_at, expires_at)
			VALUES ($1, $2, $3, $4, $5) RETURNING id`, userID, hash, nullID(by), tx.now, tx.now.Add(ttl)).Scan(&id); err != nil {
			return classify(err, "password reset")
		}
		if a == nil {
			return nil
		}
		return writeAudit(ctx, tx, a, "create", "password_reset", userID, "password reset link made", nil, passerelle.VisibilityShared, 0)
	})
	if err != nil {
		return "", err
	}
	return plain, nil
}

// resetHeld is the condition that a link (table or alias t) hands over no more than its
// maker holds. A link an administrator made is for a user of that administrator's
// workspace alone (CreatePasswordResetLink): once the user belongs to a workspace that
// the maker does not administer (joined since, or the maker lost the role), the link is
// void, like a used one. A mailed link (no maker) goes to the account's own address.
func resetHeld(t string) string {
	return `(` + t + `.created_by IS NULL OR NOT EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = ` + t + `.user_id
		AND NOT EXISTS (SELECT 1 FROM memberships c WHERE c.user_id = ` + t + `.created_by AND c.workspace_id = m.workspace_id AND c.role = 'admin')))`
}

func errResetInvalid() error {
	return passerelle.Errorf(passerelle.ENOTFOUND, "this password reset link is not valid: it was used, replaced or has expired")
}

// FindPasswordReset returns the pending reset of a link; used, expired or unknown links
// are all ENOTFOUND with the same message.
func (s *AccountService) FindPasswordReset(ctx context.Context, secret string) (*PasswordReset, error) {
	r := &PasswordReset{}
	err := s.db.read.QueryRowContext(ctx, `SELECT r.user_id, u.email, r.expires_at FROM password_resets r JOIN users u ON u.id = r.user_id
		WHERE r.token_hash = $1 AND r.used_at IS NULL AND r.expires_at > $2 AND `+resetHeld("r"), hashSecret(secret), s.db.Now()).Scan(&r.UserID, &r.Email, &r.ExpiresAt)
	if err != nil {
		if passerelle.ErrorCode(classify(err, "")) == passerelle.ENOTFOUND {
			return nil, errResetInvalid()
		}
		return nil, err
	}
	return r, nil
}

// ResetPassword sets a new password with a reset link, once. As any new password, it ends
// every session and API token of the user; the user's other pending links die with it.
func (s *AccountService) ResetPassword(ctx context.Context, secret, password string) (*passerelle.User, error) {
	r, err := s.FindPasswordReset(ctx, secret)
	if err != nil {
		return nil, err
	}
	if err := validatePassword(password, r.Email); err != nil {
		return nil, err
	}
	h, err := s.db.hashPassword(ctx, password)
	if err != nil {
		return nil, err
	}
	err = s.db.inTx(ctx, func(tx *Tx) error {
		// Spent only if still pending now: two tabs cannot both use one link.
		var userID int64
		if err := tx.QueryRowContext(ctx, `UPDATE password_resets SET used_at = $1
			WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1 AND `+resetHeld("password_resets")+` RETURNING user_id`, tx.now, hashSecret(secret)).Scan(&userID); err != nil {
			if passerelle.ErrorCode(classify(err, "")) == passerelle.ENOTFOUND {
				return errResetInvalid()
			}
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE password_resets SET used_at = $1 WHERE user_id = $2 AND used_at IS NULL`, tx.now, userID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = $1, session_epoch = session_epoch + 1 WHERE id = $2`, h, userID); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `DELETE FROM api_tokens WHERE user_id = $1`, userID)
		return err
	})
	if err != nil {
		return nil, err
	}
	return findUser(ctx, s.db.read, `id = $1`, r.UserID)
}
