package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"golang.org/x/crypto/argon2"

	"passerelle"
)

// Passwords are hashed with argon2id at the parameters RFC 9106 recommends for
// memory-constrained servers (64 MiB, 3 passes); the parameters are stored with the
// hash so that they can be raised later without invalidating old hashes.
const (
	argonTime    = 3
	argonMemory  = 64 * 1024
	argonThreads = 2
	argonKeyLen  = 32

	// MinPasswordLength is the shortest password accepted.
	MinPasswordLength = 10

	// Sign-in attempts are counted over this window: a few failures per account stop
	// guessing of one password; more per address stop spraying across accounts. The
	// address's bound is high because an event's Wi-Fi puts hundreds of people behind
	// one address, whose typos must not lock the room out.
	attemptWindow     = 15 * time.Minute
	maxAttemptsPerKey = 10
	maxAttemptsPerIP  = 200
)

// HashPassword returns the encoded argon2id hash of a password.
func HashPassword(password string) (string, error) {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(password), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime, argonThreads,
		base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key)), nil
}

// checkPassword compares a password with an encoded hash in constant time.
func checkPassword(encoded, password string) bool {
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	var m uint32
	var t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil {
		return false
	}
	salt, err1 := base64.RawStdEncoding.DecodeString(parts[4])
	want, err2 := base64.RawStdEncoding.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(want) == 0 {
		return false
	}
	got := argon2.IDKey([]byte(password), salt, t, m, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}

// dummyHash is compared against when the email is unknown, so that the answer takes as
// long as for a known account and does not reveal which emails exist. Only its format and
// parameters matter (the sign-in is refused anyway), so it is written out rather than
// hashed: hashing it when the package loaded cost every command, `passerelle schedule`
// included, 190 ms and 64 MiB before main ran.
var dummyHash = fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime, argonThreads,
	base64.RawStdEncoding.EncodeToString(make([]byte, 16)), base64.RawStdEncoding.EncodeToString(make([]byte, argonKeyLen)))

// newSecret returns a random token with a readable prefix, and its SHA-256 hash, which
// is all the database keeps.
func newSecret(prefix string) (plain, hash string, err error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", "", err
	}
	plain = prefix + base64.RawURLEncoding.EncodeToString(b)
	return plain, hashSecret(plain), nil
}

func hashSecret(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

// AccountService manages what lets people in: passwords, API tokens, invitations and
// the rate limit of sign-in.
type AccountService struct{ db *DB }

func NewAccountService(db *DB) *AccountService { return &AccountService{db: db} }

// SetPassword sets a user's password. The operator may set anyone's; a user only their own.
//
// A new password ends what the old one let in: every session of the user (the session
// epoch is raised, and sessions signed in under an older one no longer authenticate;
// the web layer carries the current session over) and every API token of the user, in
// every workspace, since a token may have been made by whoever held a session or the
// old password.
func (s *AccountService) SetPassword(ctx context.Context, userID int64, password string) error {
	a := passerelle.ActorFromContext(ctx)
	if a == nil || (!a.System && a.UserID != userID) {
		return passerelle.Errorf(passerelle.EFORBIDDEN, "you may only change your own password")
	}
	u, err := findUser(ctx, s.db.read, `id = $1`, userID)
	if err != nil {
		return err
	}
	if err := validatePassword(password, u.Email); err != nil {
		return err
	}
	h, err := s.db.hashPassword(ctx, password)
	if err != nil {
		return err
	}
	return s.db.inTx(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = $1, session_epoch = session_epoch + 1 WHERE id = $2`, h, userID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return passerelle.Errorf(passerelle.ENOTFOUND, "user not found")
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM api_tokens WHERE user_id = $1`, userID); err != nil {
			return err
		}
		return nil
	})
}

// SessionEpoch returns the user's session epoch, which a session records at sign-in.
func (s *AccountService) SessionEpoch(ctx context.Context, userID int64) (int64, error) {
	var e int64
	err := s.db.read.QueryRowContext(ctx, `SELECT session_epoch FROM users WHERE id = $1`, userID).Scan(&e)
	return e, classify(err, "user")
}

// ChangePassword changes the actor's own password after checking the current one.
func (s *AccountService) ChangePassword(ctx context.Context, current, next string) error {
	a, err := passerelle.RequireActor(ctx)
	if err != nil {
		return err
	}
	var h, email string
	if err := s.db.read.QueryRowContext(ctx, `SELECT password_hash, email FROM users WHERE id = $1`, a.UserID).Scan(&h, &email); err != nil {
		return classify(err, "user")
	}
	if current == "" {
		return passerelle.FieldError("current_password", "required")
	}
	if ok, err := s.db.checkPassword(ctx, h, current); err != nil {
		return err
	} else if !ok {
		return passerelle.FieldError("current_password", "wrong password")
	}
	if err := validatePassword(next, email); err != nil {
		return passerelle.FieldError("new_password", "%v", passerelle.ErrorFieldMsgs(err)["password"])
	}
	return s.SetPassword(ctx, a.UserID, next)
}

// SetLang records the actor's preferred language.
func (s *AccountService) SetLang(ctx context.Context, lang string) error {
	a, err := passerelle.RequireActor(ctx)
	if err != nil {
		return err
	}
	if lang != "fr" && lang != "en" {
		return passerelle.FieldError("lang", "fr or en")
	}
	_, err = s.db.write.ExecContext(ctx, `UPDATE users SET lang = $1 WHERE id = $2`, lang, a.UserID)
	return err
}

// Authenticate checks an email and password. addr is the client's address, for the
// rate limit. Too many failures, per account or per address, refuse further attempts
// for a while with EFORBIDDEN, even with the right password.
func (s *AccountService) Authenticate(ctx context.Context, email, password, addr string) (*passerelle.User, error) {
	email = strings.ToLower(strings.TrimSpace(email))
	since := s.db.Now().Add(-attemptWindow)
	if wait, err := overLimit(ctx, s.db, attemptLimit{"email:" + email, maxAttemptsPerKey}, attemptLimit{"addr:" + addr, maxAttemptsPerIP}); err != nil {
		return nil, err
	} else if wait > 0 {
		return nil, busy(passerelle.Errorf(passerelle.EBUSY, "too many failed sign-ins: try again in %d minutes", minutes(wait)), wait)
	}
	var h string
	u := &passerelle.User{}
	err := s.db.read.QueryRowContext(ctx, `SELECT id, email, name, lang, created_at, password_hash FROM users WHERE email = $1`, email).
		Scan(&u.ID, &u.Email, &u.Name, &u.Lang, &u.CreatedAt, &h)
	if errors.Is(err, sql.ErrNoRows) {
		h = dummyHash
		u = nil
	} else if err != nil {
		return nil, err
	}
	ok, err := s.db.checkPassword(ctx, h, password)
	if err != nil {
		return nil, err
	}
	if !ok || u == nil || h == "" {
		now := s.db.Now()
		if _, err := s.db.write.ExecContext(ctx, `INSERT INTO sign_in_attempts (subject, at) VALUES ($1, $2), ($3, $2)`,
			"email:"+email, now, "addr:"+addr); err != nil {
			return nil, err
		}
		return nil, passerelle.Errorf(passerelle.EUNAUTHORIZED, "wrong email or password")
	}
	// Success clears the account's failures, and old rows of everyone.
	if _, err := s.db.write.ExecContext(ctx, `DELETE FROM sign_in_attempts WHERE subject = $1 OR at < $2`, "email:"+email, since); err != nil {
		return nil, err
	}
	return u, nil
}

type attemptLimit struct {
	subject string
	max     int
}

// overLimit returns how long to wait once a subject has max attempts recorded within
// attemptWindow; 0 when none has.
func overLimit(ctx context.Context, db *DB, limits ...attemptLimit) (time.Duration, error) {
	since := db.Now().Add(-attemptWindow)
	for _, k := range limits {
		var n int
		if err := db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM sign_in_attempts WHERE subject = $1 AND at > $2`, k.subject, since).Scan(&n); err != nil {
			return 0, err
		}
		if n >= k.max {
			// The count falls below the bound when the oldest attempt leaves the window.
			// (MIN(at) would come back from SQLite as text.)
			wait := attemptWindow
			var oldest time.Time
			if err := db.read.QueryRowContext(ctx, `SELECT at FROM sign_in_attempts WHERE subject = $1 AND at > $2 ORDER BY at LIMIT 1`,
				k.subject, since).Scan(&oldest); err == nil {
				wait = max(time.Second, oldest.Add(attemptWindow).Sub(db.Now()))
			}
			return wait, nil
		}
	}
	return 0, nil
}

// busy marks an EBUSY error with the wait a client should honour.
func busy(e *passerelle.Error, wait time.Duration) *passerelle.Error {
	e.RetryAfter = wait
	return e
}

// minutes rounds a wait up to whole minutes, for messages.
func minutes(d time.Duration) int { return int((d + time.Minute - 1) / time.Minute) }

// ActorFor returns the actor of a user in a workspace, from the user's current
// membership (so a changed role applies at once). workspaceID 0 picks the user's first
// workspace. A user with no membership there is EFORBIDDEN.
func (s *AccountService) ActorFor(ctx context.Context, userID, workspaceID int64) (*passerelle.Actor, error) {
	a, _, err := s.actorFor(ctx, userID, workspaceID)
	return a, err
}

// ActorForSession is ActorFor for a browser session signed in under epoch (see
// SessionEpoch): a session from before the user's last password change is EUNAUTHORIZED.
func (s *AccountService) ActorForSession(ctx context.Context, userID, workspaceID, epoch int64) (*passerelle.Actor, error) {
	a, e, err := s.actorFor(ctx, userID, workspaceID)
	if err != nil {
		return nil, err
	}
	if e != epoch {
		return nil, passerelle.Errorf(passerelle.EUNAUTHORIZED, "your session has ended: sign in again")
	}
	return a, nil
}

func (s *AccountService) actorFor(ctx context.Context, userID, workspaceID int64) (*passerelle.Actor, int64, error) {
	q := `SELECT m.workspace_id, COALESCE(m.member_id, 0), m.role, u.session_epoch FROM memberships m JOIN users u ON u.id = m.user_id
		WHERE m.user_id = $1`
	args := []any{userID}
	if workspaceID != 0 {
		q += ` AND m.workspace_id = $2`
		args = append(args, workspaceID)
	}
	a := &passerelle.Actor{UserID: userID}
	var role string
	var epoch int64
	err := s.db.read.QueryRowContext(ctx, q+` ORDER BY m.workspace_id LIMIT 1`, args...).Scan(&a.WorkspaceID, &a.MemberID, &role, &epoch)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, 0, passerelle.Errorf(passerelle.EFORBIDDEN, "you have no access to this workspace")
	} else if err != nil {
		return nil, 0, err
	}
	a.Role = passerelle.Role(role)
	return a, epoch, nil
}

// APIToken describes a personal API token; the secret itself is shown once, at creation.
type APIToken struct {
	ID          int64      `json:"id"`
	WorkspaceID int64      `json:"workspace_id"`
	UserID      int64      `json:"user_id"`
	Name        string     `json:"name"`
	CreatedAt   time.Time  `json:"created_at"`
	LastUsedAt  *time.Time `json:"last_used_at,omitempty"`
}

// CreateAPIToken creates a token acting as the actor's user in the actor's workspace,
// and returns the secret. The system actor must say which user (userID).
func (s *AccountService) CreateAPIToken(ctx context.Context, userID int64, name string) (*APIToken, string, error) {
	a, err := passerelle.RequireActor(ctx)
	if err != nil {
		return nil, "", err
	}
	if !a.System {
		userID = a.UserID
	}
	if _, err := s.ActorFor(ctx, userID, a.WorkspaceID); err != nil {
		return nil, "", err
	}
	plain, hash, err := newSecret("pst_")
	if err != nil {
		return nil, "", err
	}
	name = strings.TrimSpace(name)
	if name == "" {
		name = "token"
	}
	if len([]rune(name)) > maxTokenName {
		return nil, "", passerelle.FieldError("name", "at most %d characters", maxTokenName)
	}
	t := &APIToken{WorkspaceID: a.WorkspaceID, UserID: userID, Name: name, CreatedAt: s.db.Now()}
	err = s.db.write.QueryRowContext(ctx, `INSERT INTO api_tokens (workspace_id, user_id, name, token_hash, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
		t.WorkspaceID, t.UserID, t.Name, hash, t.CreatedAt).Scan(&t.ID)
	if err != nil {
		return nil, "", classify(err, "token")
	}
	return t, plain, nil
}

// FindAPITokens lists the actor's own tokens.
func (s *AccountService) FindAPITokens(ctx context.Context) ([]*APIToken, error) {
	a, err := passerelle.RequireActor(ctx)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.read.QueryContext(ctx, `SELECT id, workspace_id, user_id, name, created_at, last_used_at FROM api_tokens
		WHERE workspace_id = $1 AND user_id = $2 ORDER BY id`, a.WorkspaceID, a.UserID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*APIToken
	for rows.Next() {
		t := &APIToken{}
		var used sql.NullTime
		if err := rows.Scan(&t.ID, &t.WorkspaceID, &t.UserID, &t.Name, &t.CreatedAt, &used); err != nil {
			return nil, err
		}
		if used.Valid {
			t.LastUsedAt = &used.Time
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// DeleteAPIToken revokes one of the actor's tokens.
func (s *AccountService) DeleteAPIToken(ctx context.Context, id int64) error {
	a, err := passerelle.RequireActor(ctx)
	if err != nil {
		return err
	}
	res, err := s.db.write.ExecContext(ctx, `DELETE FROM api_tokens WHERE workspace_id = $1 AND id = $2 AND user_id = $3`, a.WorkspaceID, id, a.UserID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return passerelle.Errorf(passerelle.ENOTFOUND, "token not found")
	}
	return nil
}

// ActorForToken resolves an API token to the actor it acts as, with the user's current
// role. Unknown tokens and tokens of users who lost their membership are EUNAUTHORIZED.
func (s *AccountService) ActorForToken(ctx context.Context, token string) (*passerelle.Actor, error) {
	a := &passerelle.Actor{}
	var role string
	var id int64
	var used sql.NullTime
	err := s.db.read.QueryRowContext(ctx, `SELECT t.id, t.workspace_id, t.user_id, COALESCE(m.member_id, 0), m.role, t.last_used_at
		FROM api_tokens t JOIN memberships m ON m.workspace_id = t.workspace_id AND m.user_id = t.user_id
		WHERE t.token_hash = $1`, hashSecret(token)).Scan(&id, &a.WorkspaceID, &a.UserID, &a.MemberID, &role, &used)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, passerelle.Errorf(passerelle.EUNAUTHORIZED, "invalid API token")
	} else if err != nil {
		return nil, err
	}
	a.Role = passerelle.Role(role)
	// Record use at most hourly: a write per request would serialise every API read
	// behind SQLite's single writer.
	if now := s.db.Now(); !used.Valid || now.Sub(used.Time) > time.Hour {
		if _, err := s.db.write.ExecContext(ctx, `UPDATE api_tokens SET last_used_at = $1 WHERE workspace_id = $2 AND id = $3`, now, a.WorkspaceID, id); err != nil {
			return nil, err
		}
	}
	return a, nil
}

// Invitation lets someone join the workspace with a role, through a secret link.
type Invitation struct {
	ID          int64           `json:"id"`
	WorkspaceID int64           `json:"workspace_id"`
	Email       string          `json:"email"`
	Role        passerelle.Role `json:"role"`
	MemberID    int64           `json:"member_id,omitempty"`
	InvitedBy   int64           `json:"invited_by,omitempty"`
	ExpiresAt   time.Time       `json:"expires_at"`
	AcceptedAt  *time.Time      `json:"accepted_at,omitempty"`
	CreatedAt   time.Time       `json:"created_at"`
	// MemberName and WorkspaceName are filled on reads.
	MemberName    string `json:"member_name,omitempty"`
	WorkspaceName string `json:"workspace_name,omitempty"`
	// Void, on the managers' list, says why a pending invitation grants nothing any
	// more (its maker was removed or may no longer invite), and Grants the lower role it
	// still grants when its maker's was lowered (invitationGrant).
	Void   error           `json:"-"`
	Grants passerelle.Role `json:"grants,omitempty"`
}

// Bounds of what an invitation, its acceptance and a token are given: an address as
// SMTP allows it (RFC 5321), a person's name, a token's label.
const (
	maxEmailLength = 254
	maxUserName    = 200
	maxTokenName   = 100
)

// InvitationTTL is how long an invitation link stays valid.
const InvitationTTL = 7 * 24 * time.Hour

// CreateInvitation records an invitation and returns its secret, to be sent as a link.
func (s *AccountService) CreateInvitation(ctx context.Context, inv *Invitation) (string, error) {
	a, err := passerelle.RequireManager(ctx)
	if err != nil {
		return "", err
	}
	p := passerelle.Problems{}
	inv.Email = strings.ToLower(strings.TrimSpace(inv.Email))
	if !strings.Contains(inv.Email, "@") || strings.ContainsAny(inv.Email, " <>\r\n") {
		p.Add("email", "not an email address")
	} else if len(inv.Email) > maxEmailLength {
		p.Add("email", "at most %d characters", maxEmailLength)
	}
	if !inv.Role.Valid() {
		p.Add("role", "unknown role %q", inv.Role)
	}
	// A coordinator cannot create administrators: that would let it raise itself; nor
	// place someone in another member, whose private records they would read.
	if inv.Role == passerelle.RoleAdmin && !a.System && a.Role != passerelle.RoleAdmin {
		p.Add("role", "only an administrator may invite administrators")
	}
	if inv.MemberID != 0 && inv.MemberID != a.MemberID && !a.System && a.Role != passerelle.RoleAdmin {
		p.Add("member_id", "only an administrator may invite into another member")
	}
	if err := p.Err(); err != nil {
		return "", err
	}
	// Someone already in the workspace is not invited again: an invitation would let
	// its holder change the role, which the users page governs.
	var n int
	if err := s.db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM memberships m JOIN users u ON u.id = m.user_id
		WHERE m.workspace_id = $1 AND u.email = $2`, a.WorkspaceID, inv.Email).Scan(&n); err != nil {
		return "", err
	}
	if n > 0 {
		return "", passerelle.FieldError("email", "already a user of this workspace: change the role in the list of users")
	}
	plain, hash, err := newSecret("inv_")
	if err != nil {
		return "", err
	}
	now := s.db.Now()
	inv.WorkspaceID, inv.InvitedBy, inv.CreatedAt = a.WorkspaceID, a.UserID, now
	if inv.ExpiresAt.IsZero() {
		inv.ExpiresAt = now.Add(InvitationTTL)
	}
	err = s.db.inTx(ctx, func(tx *Tx) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO invitations (workspace_id, email, role, member_id, token_hash, invited_by, expires_at, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
			inv.WorkspaceID, inv.Email, string(inv.Role), nullID(inv.MemberID), hash, nullID(inv.InvitedBy), inv.ExpiresAt, now).Scan(&inv.ID)
		if err != nil {
			if passerelle.ErrorCode(classify(err, "")) == passerelle.EINVALID {
				return passerelle.FieldError("member_id", "unknown member")
			}
			return classify(err, "invitation")
		}
		return writeAudit(ctx, tx, a, "create", "invitation", inv.ID, inv.Email+" as "+string(inv.Role), nil, passerelle.VisibilityShared, 0)
	})
	if err != nil {
		return "", err
	}
	return plain, nil
}

const invitationSelect = `SELECT i.id, i.workspace_id, i.email, i.role, COALESCE(i.member_id, 0), COALESCE(i.invited_by, 0), i.expires_at,
	i.accepted_at, i.created_at, COALESCE(m.name, ''), w.name
	FROM invitations i JOIN workspaces w ON w.id = i.workspace_id
	LEFT JOIN members m ON m.workspace_id = i.workspace_id AND m.id = i.member_id `

func scanInvitation(sc interface{ Scan(...any) error }) (*Invitation, error) {
	inv := &Invitation{}
	var role string
	var acc sql.NullTime
	if err := sc.Scan(&inv.ID, &inv.WorkspaceID, &inv.Email, &role, &inv.MemberID, &inv.InvitedBy, &inv.ExpiresAt, &acc,
		&inv.CreatedAt, &inv.MemberName, &inv.WorkspaceName); err != nil {
		return nil, err
	}
	inv.Role = passerelle.Role(role)
	if acc.Valid {
		inv.AcceptedAt = &acc.Time
	}
	return inv, nil
}

// FindInvitations lists the workspace's invitations, newest first. Managers only.
func (s *AccountService) FindInvitations(ctx context.Context) ([]*Invitation, error) {
	a, err := passerelle.RequireManager(ctx)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.read.QueryContext(ctx, invitationSelect+`WHERE i.workspace_id = $1 ORDER BY i.id DESC LIMIT 200`, a.WorkspaceID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*Invitation
	for rows.Next() {
		inv, err := scanInvitation(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, inv)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	// What each pending one still grants, as its acceptance will find it.
	for _, inv := range out {
		if inv.AcceptedAt != nil || !inv.ExpiresAt.After(s.db.Now()) {
			continue
		}
		switch role, err := invitationGrant(ctx, s.db.read, inv); {
		case passerelle.ErrorCode(err) == passerelle.ENOTFOUND:
			inv.Void = err
		case err != nil:
			return nil, err
		case role != inv.Role:
			inv.Grants = role
		}
	}
	return out, nil
}

// FindInvitation returns the pending invitation of a secret; used before anyone is
// signed in. Expired, used and unknown secrets are all ENOTFOUND.
func (s *AccountService) FindInvitation(ctx context.Context, secret string) (*Invitation, error) {
	inv, err := scanInvitation(s.db.read.QueryRowContext(ctx, invitationSelect+`WHERE i.token_hash = $1`, hashSecret(secret)))
	if err != nil {
		return nil, classify(err, "invitation")
	}
	if inv.AcceptedAt != nil || !s.db.Now().Before(inv.ExpiresAt) {
		return nil, passerelle.Errorf(passerelle.ENOTFOUND, "this invitation has expired or was already used")
	}
	if inv.Role, err = invitationGrant(ctx, s.db.read, inv); err != nil {
		return nil, err
	}
	return inv, nil
}

// invitationGrant is the role an invitation still grants: at most what its maker may
// grant now, read from the maker's current membership. A maker removed from the
// workspace, or no longer a manager, voids it (ENOTFOUND, like an expired link); so does
// a maker now a coordinator, when the invitation places its holder in another member
// than the coordinator's; a maker who was an administrator and is now a coordinator
// grants at most coordinator. An invitation made by the operator (no maker) is kept as
// made.
func invitationGrant(ctx context.Context, q queryer, inv *Invitation) (passerelle.Role, error) {
	if inv.InvitedBy == 0 {
		return inv.Role, nil
	}
	var role string
	var member sql.NullInt64
	err := q.QueryRowContext(ctx, `SELECT role, member_id FROM memberships WHERE workspace_id = $1 AND user_id = $2`,
		inv.WorkspaceID, inv.InvitedBy).Scan(&role, &member)
	if errors.Is(err, sql.ErrNoRows) {
		return "", passerelle.Errorf(passerelle.ENOTFOUND, "this invitation is void: the person who sent it no longer belongs to this workspace")
	} else if err != nil {
		return "", err
	}
	switch maker := passerelle.Role(role); {
	case maker == passerelle.RoleAdmin:
		return inv.Role, nil
	case !maker.CanManage():
		return "", passerelle.Errorf(passerelle.ENOTFOUND, "this invitation is void: the person who sent it may no longer invite")
	case inv.MemberID != 0 && inv.MemberID != member.Int64:
		return "", passerelle.Errorf(passerelle.ENOTFOUND, "this invitation is void: the person who sent it may no longer invite into this member")
	case roleRank(inv.Role) > roleRank(maker):
		return maker, nil
	}
	return inv.Role, nil
}

// roleRank orders roles by what they allow, so that an invitation never lowers one.
func roleRank(r passerelle.Role) int {
	switch r {
	case passerelle.RoleAdmin:
		return 4
	case passerelle.RoleCoordinator:
		return 3
	case passerelle.RoleMember:
		return 2
	case passerelle.RoleViewer:
		return 1
	}
	return 0
}

// InvitationAccount returns the existing account of an invitation's email, or nil when
// accepting it creates one.
func (s *AccountService) InvitationAccount(ctx context.Context, inv *Invitation) (*passerelle.User, error) {
	u, err := findUser(ctx, s.db.read, `email = $1`, inv.Email)
	if passerelle.ErrorCode(err) == passerelle.ENOTFOUND {
		return nil, nil
	}
	return u, err
}

// AcceptInvitation joins the invited user to the workspace and returns that user.
//
// For an email without an account, the account is created with the name and password
// given. For an email that has one, the link alone proves nothing (a manager of any
// workspace can invite any email), so the account must prove itself: either the
// context's actor is that user (signed in, then accepting), or password is its current
// password, checked like a sign-in (rate limit per email and per address addr, failures
// counted). The account's password and name never change here.
//
// A membership the user already has in the workspace is never lowered and never moved
// to another member: an invitation can only raise the role (managers change roles and
// members on the users page, under their own rules).
//
// An invitation grants at most what its maker may still grant when it is accepted
// (invitationGrant): a maker removed from the workspace or no longer a manager voids it.
func (s *AccountService) AcceptInvitation(ctx context.Context, secret, name, password, addr string) (*passerelle.User, error) {
	inv, err := s.FindInvitation(ctx, secret)
	if err != nil {
		return nil, err
	}
	u, err := s.InvitationAccount(ctx, inv)
	if err != nil {
		return nil, err
	}
	var hash string
	if u == nil {
		if len([]rune(strings.TrimSpace(name))) > maxUserName {
			return nil, passerelle.FieldError("name", "a name of at most 200 characters")
		}
		if err := validatePassword(password, inv.Email); err != nil {
			return nil, err
		}
		// Hashed before the transaction: SQLite's single writer must not wait on it.
		if hash, err = s.db.hashPassword(ctx, password); err != nil {
			return nil, err
		}
	} else if a := passerelle.ActorFromContext(ctx); a == nil || a.System || a.UserID != u.ID {
		if password == "" {
			return nil, passerelle.FieldError("password", "this invitation is for an existing account: sign in to it first, or give its password")
		}
		if _, err := s.Authenticate(ctx, inv.Email, password, addr); err != nil {
			if passerelle.ErrorCode(err) == passerelle.EUNAUTHORIZED {
				return nil, passerelle.FieldError("password", "wrong password")
			}
			return nil, err
		}
	}
	err = s.db.inTx(ctx, func(tx *Tx) error {
		if u == nil {
			u = &passerelle.User{Email: inv.Email, Name: strings.TrimSpace(name), Lang: "en", CreatedAt: tx.now}
			if err := tx.QueryRowContext(ctx, `INSERT INTO users (email, name, lang, password_hash, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
				u.Email, u.Name, u.Lang, hash, u.CreatedAt).Scan(&u.ID); err != nil {
				return classify(err, "user")
			}
		}
		// The invitation is consumed only if still pending: two tabs cannot both use it.
		res, err := tx.ExecContext(ctx, `UPDATE invitations SET accepted_at = $1 WHERE workspace_id = $2 AND id = $3 AND accepted_at IS NULL`,
			tx.now, inv.WorkspaceID, inv.ID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return passerelle.Errorf(passerelle.ENOTFOUND, "this invitation was already used")
		}
		// What the maker may grant is read again here, in the transaction that uses it:
		// a maker demoted or removed since FindInvitation still limits or voids it.
		if inv.Role, err = invitationGrant(ctx, tx, inv); err != nil {
			return err
		}
		var curRole string
		var curMember sql.NullInt64
		err = tx.QueryRowContext(ctx, `SELECT role, member_id FROM memberships WHERE workspace_id = $1 AND user_id = $2`, inv.WorkspaceID, u.ID).
			Scan(&curRole, &curMember)
		actor := &passerelle.Actor{UserID: u.ID, WorkspaceID: inv.WorkspaceID, MemberID: inv.MemberID, Role: inv.Role}
		summary := "joined as " + string(inv.Role)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			if _, err := tx.ExecContext(ctx, `INSERT INTO memberships (workspace_id, user_id, member_id, role, created_at) VALUES ($1, $2, $3, $4, $5)`,
				inv.WorkspaceID, u.ID, nullID(inv.MemberID), string(inv.Role), tx.now); err != nil {
				return classify(err, "membership")
			}
		case err != nil:
			return err
		default:
			actor.MemberID, actor.Role = curMember.Int64, passerelle.Role(curRole)
			if roleRank(inv.Role) > roleRank(actor.Role) {
				if _, err := tx.ExecContext(ctx, `UPDATE memberships SET role = $1 WHERE workspace_id = $2 AND user_id = $3`,
					string(inv.Role), inv.WorkspaceID, u.ID); err != nil {
					return err
				}
				summary = "role raised to " + string(inv.Role) + " by invitation"
				actor.Role = inv.Role
			} else {
				summary = "invitation as " + string(inv.Role) + " used; role " + curRole + " kept"
			}
		}
		if err := writeAudit(ctx, tx, actor, "update", "membership", u.ID, summary, nil, passerelle.VisibilityShared, 0); err != nil {
			return err
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return u, nil
}

// RemoveMembership takes a user out of the actor's workspace. Managers only; nobody
// removes themselves, so a workspace cannot lose its last manager by accident.
func (s *AccountService) RemoveMembership(ctx context.Context, userID int64) error {
	a, err := passerelle.RequireManager(ctx)
	if err != nil {
		return err
	}
	if userID == a.UserID {
		return passerelle.Errorf(passerelle.EINVALID, "you cannot remove yourself")
	}
	return s.db.inTx(ctx, func(tx *Tx) error {
		// Only an administrator removes an administrator, whatever the route: a
		// coordinator must not take the workspace from those who govern it.
		var role string
		err := tx.QueryRowContext(ctx, `SELECT role FROM memberships WHERE workspace_id = $1 AND user_id = $2`, a.WorkspaceID, userID).Scan(&role)
		if errors.Is(err, sql.ErrNoRows) {
			return passerelle.Errorf(passerelle.ENOTFOUND, "user not found")
		} else if err != nil {
			return err
		}
		if role == string(passerelle.RoleAdmin) && !a.System && a.Role != passerelle.RoleAdmin {
			return passerelle.Errorf(passerelle.EFORBIDDEN, "only an administrator may remove an administrator")
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM memberships WHERE workspace_id = $1 AND user_id = $2`, a.WorkspaceID, userID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return passerelle.Errorf(passerelle.ENOTFOUND, "user not found")
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM api_tokens WHERE workspace_id = $1 AND user_id = $2`, a.WorkspaceID, userID); err != nil {
			return err
		}
		if err := writeAudit(ctx, tx, a, "delete", "membership", userID, "removed from the workspace", nil, passerelle.VisibilityShared, 0); err != nil {
			return err
		}
		return nil
	})
}

// SessionStore keeps scs sessions in the database, so that every serve process sees
// the same sessions. It implements scs.Store and scs.CtxStore.
type SessionStore struct{ db *DB }

func NewSessionStore(db *DB) *SessionStore { return &SessionStore{db: db} }

func (s *SessionStore) Find(token string) ([]byte, bool, error) {
	return s.FindCtx(context.Background(), token)
}

func (s *SessionStore) Commit(token string, b []byte, expiry time.Time) error {
	return s.CommitCtx(context.Background(), token, b, expiry)
}

func (s *SessionStore) Delete(token string) error { return s.DeleteCtx(context.Background(), token) }

func (s *SessionStore) FindCtx(ctx context.Context, token string) ([]byte, bool, error) {
	var b []byte
	err := s.db.read.QueryRowContext(ctx, `SELECT data FROM sessions WHERE token = $1 AND expiry > $2`, token, s.db.Now()).Scan(&b)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, nil
	} else if err != nil {
		return nil, false, err
	}
	return b, true, nil
}

// CommitCtx saves a session even when the request's deadline has passed: scs commits
// when the answer starts, and a handler that timed out still answers (503); an expired
// context there made the commit fail and scs answer 500 over it, the session unsaved.
func (s *SessionStore) CommitCtx(ctx context.Context, token string, b []byte, expiry time.Time) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), sessionWriteTimeout)
	defer cancel()
	_, err := s.db.write.ExecContext(ctx, `INSERT INTO sessions (token, data, expiry) VALUES ($1, $2, $3)
		ON CONFLICT (token) DO UPDATE SET data = excluded.data, expiry = excluded.expiry`, token, b, expiry.UTC())
	return err
}

// sessionWriteTimeout bounds a session's write on its own, past the request's deadline.
const sessionWriteTimeout = 10 * time.Second

// DeleteCtx removes a session (sign-out, token renewal), past the request's deadline too.
func (s *SessionStore) DeleteCtx(ctx context.Context, token string) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), sessionWriteTimeout)
	defer cancel()
	_, err := s.db.write.ExecContext(ctx, `DELETE FROM sessions WHERE token = $1`, token)
	return err
}

// DeleteExpired removes expired sessions; serve calls it periodically.
func (s *SessionStore) DeleteExpired(ctx context.Context) error {
	_, err := s.db.write.ExecContext(ctx, `DELETE FROM sessions WHERE expiry <= $1`, s.db.Now())
	return err
}

// WorkspaceVersion returns a number that changes whenever a change to the workspace's
// records is committed, by any process: every change writes an audit entry in the same
// transaction, so the highest audit id is the version. The web layer keys its cache of
// search results on it. (On PostgreSQL two concurrent transactions may commit out of id
// order; callers bound that case with a short time to live.)
func (s *AccountService) WorkspaceVersion(ctx context.Context, workspaceID int64) (int64, error) {
	var v int64
	err := s.db.read.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) FROM audit_log WHERE workspace_id = $1`, workspaceID).Scan(&v)
	return v, err
}
