package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"passerelle"
)

// WorkspaceService implements passerelle.WorkspaceService.
type WorkspaceService struct{ db *DB }

func NewWorkspaceService(db *DB) *WorkspaceService { return &WorkspaceService{db: db} }

// CreateWorkspace creates a workspace and seeds its theme taxonomy. System only.
func (s *WorkspaceService) CreateWorkspace(ctx context.Context, w *passerelle.Workspace) error {
	if a := passerelle.ActorFromContext(ctx); a == nil || !a.System {
		return passerelle.Errorf(passerelle.EFORBIDDEN, "only the operator may create workspaces")
	}
	if err := w.Validate(); err != nil {
		return err
	}
	return s.db.inTx(ctx, func(tx *Tx) error { return createWorkspace(ctx, tx, w) })
}

// createWorkspace is CreateWorkspace inside a transaction; w is validated.
func createWorkspace(ctx context.Context, tx *Tx, w *passerelle.Workspace) error {
	w.CreatedAt = tx.now
	if err := tx.QueryRowContext(ctx, `INSERT INTO workspaces (slug, name, created_at) VALUES ($1, $2, $3) RETURNING id`,
		w.Slug, w.Name, w.CreatedAt).Scan(&w.ID); err != nil {
		return classify(err, "workspace "+w.Slug)
	}
	for _, t := range passerelle.DefaultThemes {
		if err := insertTheme(ctx, tx, w.ID, &t); err != nil {
			return err
		}
	}
	return nil
}

// DeleteWorkspace removes a workspace and everything in it. System only: the CLI uses it to
// take back a workspace that a failed first import created.
func (s *WorkspaceService) DeleteWorkspace(ctx context.Context, id int64) error {
	if a := passerelle.ActorFromContext(ctx); a == nil || !a.System {
		return passerelle.Errorf(passerelle.EFORBIDDEN, "only the operator may delete workspaces")
	}
	return s.db.inTx(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM workspaces WHERE id = $1`, id)
		if err != nil {
			return classify(err, "workspace")
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return passerelle.Errorf(passerelle.ENOTFOUND, "workspace not found")
		}
		return nil
	})
}

func (s *WorkspaceService) FindWorkspaceBySlug(ctx context.Context, slug string) (*passerelle.Workspace, error) {
	w := &passerelle.Workspace{}
	err := s.db.read.QueryRowContext(ctx, `SELECT id, slug, name, created_at FROM workspaces WHERE slug = $1`, slug).
		Scan(&w.ID, &w.Slug, &w.Name, &w.CreatedAt)
	if err != nil {
		return nil, classify(err, "workspace "+slug)
	}
	if a := passerelle.ActorFromContext(ctx); a != nil && !a.System && a.WorkspaceID != w.ID {
		return nil, passerelle.Errorf(passerelle.ENOTFOUND, "workspace %s not found", slug)
	}
	return w, nil
}

func (s *WorkspaceService) FindWorkspaceByID(ctx context.Context, id int64) (*passerelle.Workspace, error) {
	w := &passerelle.Workspace{}
	err := s.db.read.QueryRowContext(ctx, `SELECT id, slug, name, created_at FROM workspaces WHERE id = $1`, id).
		Scan(&w.ID, &w.Slug, &w.Name, &w.CreatedAt)
	return w, classify(err, "workspace")
}

// FindWorkspaces lists all workspaces. System only.
func (s *WorkspaceService) FindWorkspaces(ctx context.Context) ([]*passerelle.Workspace, error) {
	rows, err := s.db.read.QueryContext(ctx, `SELECT id, slug, name, created_at FROM workspaces ORDER BY id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*passerelle.Workspace
	for rows.Next() {
		w := &passerelle.Workspace{}
		if err := rows.Scan(&w.ID, &w.Slug, &w.Name, &w.CreatedAt); err != nil {
			return nil, err
		}
		out = append(out, w)
	}
	return out, rows.Err()
}

func (s *WorkspaceService) CreateMember(ctx context.Context, m *passerelle.Member) error {
	a, err := passerelle.RequireManager(ctx)
	if err != nil {
		return err
	}
	m.Name = strings.TrimSpace(m.Name)
	if m.Name == "" {
		return passerelle.FieldError("name", "required")
	}
	return s.db.inTx(ctx, func(tx *Tx) error {
		m.WorkspaceID, m.CreatedAt = a.WorkspaceID, tx.now
		if err := tx.QueryRowContext(ctx, `INSERT INTO members (workspace_id, name, organization_id, created_at) VALUES ($1, $2, $3, $4) RETURNING id`,
			m.WorkspaceID, m.Name, nullID(m.OrganizationID), m.CreatedAt).Scan(&m.ID); err != nil {
			return classify(err, "member "+m.Name)
		}
		if err := writeAudit(ctx, tx, a, "create", "member", m.ID, m.Name, nil, passerelle.VisibilityShared, 0); err != nil {
			return err
		}
		return nil
	})
}

func (s *WorkspaceService) FindMembers(ctx context.Context) ([]*passerelle.Member, error) {
	a, err := passerelle.RequireActor(ctx)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.read.QueryContext(ctx, `SELECT id, workspace_id, name, organization_id, created_at FROM members WHERE workspace_id = $1 ORDER BY name`, a.WorkspaceID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*passerelle.Member
	for rows.Next() {
		m := &passerelle.Member{}
		var org sql.NullInt64
		if err := rows.Scan(&m.ID, &m.WorkspaceID, &m.Name, &org, &m.CreatedAt); err != nil {
			return nil, err
		}
		m.OrganizationID = org.Int64
		out = append(out, m)
	}
	return out, rows.Err()
}

// UserService implements passerelle.UserService.
type UserService struct{ db *DB }

func NewUserService(db *DB) *UserService { return &UserService{db: db} }

func (s *UserService) CreateUser(ctx context.Context, u *passerelle.User) error {
	u.Email = strings.ToLower(strings.TrimSpace(u.Email))
	if !strings.Contains(u.Email, "@") {
		return passerelle.FieldError("email", "not an email address")
	}
	if u.Lang != "fr" {
		u.Lang = "en"
	}
	return s.db.inTx(ctx, func(tx *Tx) error {
		u.CreatedAt = tx.now
		if err := tx.QueryRowContext(ctx, `INSERT INTO users (email, name, lang, created_at) VALUES ($1, $2, $3, $4) RETURNING id`,
			u.Email, u.Name, u.Lang, u.CreatedAt).Scan(&u.ID); err != nil {
			return classify(err, "user "+u.Email)
		}
		return nil
	})
}

func (s *UserService) FindUserByID(ctx context.Context, id int64) (*passerelle.User, error) {
	return findUser(ctx, s.db.read, `id = $1`, id)
}

func (s *UserService) FindUserByEmail(ctx context.Context, email string) (*passerelle.User, error) {
	return findUser(ctx, s.db.read, `email = $1`, strings.ToLower(strings.TrimSpace(email)))
}

func findUser(ctx context.Context, q queryer, cond string, arg any) (*passerelle.User, error) {
	u := &passerelle.User{}
	err := q.QueryRowContext(ctx, `SELECT id, email, name, lang, created_at FROM users WHERE `+cond, arg).
		Scan(&u.ID, &u.Email, &u.Name, &u.Lang, &u.CreatedAt)
	if err != nil {
		return nil, classify(err, "user")
	}
	return u, nil
}

// SetMembership sets a user's role and member in the actor's workspace. Managers only,
// and, because the member decides which private records a user reads and the role what
// a user may do:
//   - nobody changes their own role or member (a coordinator would move itself into
//     another member and read its private records);
//   - only an administrator grants or removes the administrator role;
//   - only an administrator moves a user to another member, or places one in a member
//     other than its own.
//
// The operator (CLI) may do anything.
func (s *UserService) SetMembership(ctx context.Context, m *passerelle.Membership) error {
	a, err := passerelle.RequireManager(ctx)
	if err != nil {
		return err
	}
	if !m.Role.Valid() {
		return passerelle.FieldError("role", "unknown role %q", m.Role)
	}
	return s.db.inTx(ctx, func(tx *Tx) error {
		m.WorkspaceID = a.WorkspaceID
		// The entry names the user and records the role as a change, so that pages can
		// say whose role became what in the reader's language (not "role member").
		var email, oldRole string
		if err := tx.QueryRowContext(ctx, `SELECT u.email, COALESCE(ms.role, '') FROM users u
			LEFT JOIN memberships ms ON ms.workspace_id = $1 AND ms.user_id = u.id WHERE u.id = $2`, a.WorkspaceID, m.UserID).Scan(&email, &oldRole); err != nil {
			return classify(err, "user")
		}
		if !a.System {
			var curRole string
			var curMember sql.NullInt64
			err := tx.QueryRowContext(ctx, `SELECT role, member_id FROM memberships WHERE workspace_id = $1 AND user_id = $2`, a.WorkspaceID, m.UserID).
				Scan(&curRole, &curMember)
			exists := err == nil
			if err != nil && !errors.Is(err, sql.ErrNoRows) {
				return err
			}
			admin := a.Role == passerelle.RoleAdmin
			switch {
			case m.UserID == a.UserID && (passerelle.Role(curRole) != m.Role || curMember.Int64 != m.MemberID):
				return passerelle.Errorf(passerelle.EINVALID, "you cannot change your own role or member")
			case !admin && m.Role != passerelle.Role(curRole) && (m.Role == passerelle.RoleAdmin || curRole == string(passerelle.RoleAdmin)):
				return passerelle.Errorf(passerelle.EFORBIDDEN, "only an administrator may grant or remove the administrator role")
			case !admin && exists && curMember.Int64 != m.MemberID:
				return passerelle.Errorf(passerelle.EFORBIDDEN, "only an administrator may move a user to another member")
			case !admin && !exists && m.MemberID != 0 && m.MemberID != a.MemberID:
				return passerelle.Errorf(passerelle.EFORBIDDEN, "only an administrator may move a user to another member")
			}
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO memberships (workspace_id, user_id, member_id, role, created_at) VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (workspace_id, user_id) DO UPDATE SET member_id = excluded.member_id, role = excluded.role`,
			m.WorkspaceID, m.UserID, nullID(m.MemberID), string(m.Role), tx.now); err != nil {
			return classify(err, "membership")
		}
		changes := diff(map[string]any{"role": oldRole}, map[string]any{"role": string(m.Role)})
		if err := writeAudit(ctx, tx, a, "update", "membership", m.UserID, email, changes, passerelle.VisibilityShared, 0); err != nil {
			return err
		}
		return nil
	})
}

const membershipSelect = `SELECT m.workspace_id, m.user_id, m.member_id, m.role, u.email, u.name, COALESCE(mb.name, '')
	FROM memberships m JOIN users u ON u.id = m.user_id
	LEFT JOIN members mb ON mb.workspace_id = m.workspace_id AND mb.id = m.member_id `

func scanMemberships(rows *sql.Rows, err error) ([]*passerelle.Membership, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*passerelle.Membership
	for rows.Next() {
		m := &passerelle.Membership{}
		var member sql.NullInt64
		var role string
		if err := rows.Scan(&m.WorkspaceID, &m.UserID, &member, &role, &m.UserEmail, &m.UserName, &m.MemberName); err != nil {
			return nil, err
		}
		m.MemberID, m.Role = member.Int64, passerelle.Role(role)
		out = append(out, m)
	}
	return out, rows.Err()
}

func (s *UserService) FindMemberships(ctx context.Context) ([]*passerelle.Membership, error) {
	a, err := passerelle.RequireActor(ctx)
	if err != nil {
		return nil, err
	}
	return scanMemberships(s.db.read.QueryContext(ctx, membershipSelect+`WHERE m.workspace_id = $1 ORDER BY u.email`, a.WorkspaceID))
}

// FindMembershipsOfUser lists a user's workspaces; used at sign-in, before an actor exists.
func (s *UserService) FindMembershipsOfUser(ctx context.Context, userID int64) ([]*passerelle.Membership, error) {
	return scanMemberships(s.db.read.QueryContext(ctx, membershipSelect+`WHERE m.user_id = $1 ORDER BY m.workspace_id`, userID))
}

// ThemeService implements passerelle.ThemeService.
type ThemeService struct{ db *DB }

func NewThemeService(db *DB) *ThemeService { return &ThemeService{db: db} }

func insertTheme(ctx context.Context, tx *Tx, workspaceID int64, t *passerelle.Theme) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO themes (workspace_id, code, parent_code, level, label_fr, label_en) VALUES ($1, $2, $3, $4, $5, $6)`,
		workspaceID, t.Code, nullString(t.ParentCode), t.Level, t.LabelFR, t.LabelEN)
	return classify(err, "theme "+t.Code)
}

func (s *ThemeService) FindThemes(ctx context.Context) ([]*passerelle.Theme, error) {
	a, err := passerelle.RequireActor(ctx)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.read.QueryContext(ctx, `SELECT code, COALESCE(parent_code, ''), level, label_fr, label_en FROM themes WHERE workspace_id = $1 ORDER BY code`, a.WorkspaceID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*passerelle.Theme
	for rows.Next() {
		t := &passerelle.Theme{}
		if err := rows.Scan(&t.Code, &t.ParentCode, &t.Level, &t.LabelFR, &t.LabelEN); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

func (s *ThemeService) CreateTheme(ctx context.Context, t *passerelle.Theme) error {
	a, err := passerelle.RequireManager(ctx)
	if err != nil {
		return err
	}
	p := passerelle.Problems{}
	if t.Code = strings.TrimSpace(t.Code); t.Code == "" {
		p.Add("code", "required")
	}
	if t.LabelFR == "" && t.LabelEN == "" {
		p.Add("label_en", "a label in French or English is required")
	}
	if err := p.Err(); err != nil {
		return err
	}
	return s.db.inTx(ctx, func(tx *Tx) error {
		t.Level = 1
		if t.ParentCode != "" {
			var lvl int
			err := tx.QueryRowContext(ctx, `SELECT level FROM themes WHERE workspace_id = $1 AND code = $2`, a.WorkspaceID, t.ParentCode).Scan(&lvl)
			if errors.Is(err, sql.ErrNoRows) {
				return passerelle.FieldError("parent_code", "unknown theme %q", t.ParentCode)
			} else if err != nil {
				return err
			}
			if lvl >= 3 {
				return passerelle.FieldError("parent_code", "the taxonomy has three levels")
			}
			t.Level = lvl + 1
		}
		if t.LabelFR == "" {
			t.LabelFR = t.LabelEN
		}
		if t.LabelEN == "" {
			t.LabelEN = t.LabelFR
		}
		if err := insertTheme(ctx, tx, a.WorkspaceID, t); err != nil {
			return err
		}
		return nil
	})
}
