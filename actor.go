package passerelle

import "context"

// Role is a user's role in a workspace.
type Role string

const (
	RoleAdmin       Role = "admin"
	RoleCoordinator Role = "coordinator"
	RoleMember      Role = "member"
	RoleViewer      Role = "viewer"
)

// Valid reports whether r is a known role.
func (r Role) Valid() bool {
	switch r {
	case RoleAdmin, RoleCoordinator, RoleMember, RoleViewer:
		return true
	}
	return false
}

// CanWrite reports whether the role may create and edit records.
func (r Role) CanWrite() bool { return r == RoleAdmin || r == RoleCoordinator || r == RoleMember }

// CanManage reports whether the role may manage users, members and workspace settings.
func (r Role) CanManage() bool { return r == RoleAdmin || r == RoleCoordinator }

// Actor is who performs a request: the store scopes every query by it.
type Actor struct {
	UserID      int64 // 0 for the system (CLI operator, imports)
	WorkspaceID int64
	MemberID    int64 // the member organisation the user belongs to; 0 for none
	Role        Role
	// System marks the operator of the installation (CLI). It sees every record of the
	// workspace, private ones included, because it has the database anyway.
	System bool
}

// SystemActor returns the actor used by CLI commands on a workspace.
func SystemActor(workspaceID int64) *Actor {
	return &Actor{WorkspaceID: workspaceID, Role: RoleAdmin, System: true}
}

// CanSee reports whether the actor may read a record with this visibility and owner.
func (a *Actor) CanSee(v Visibility, ownerMemberID int64) bool {
	if a.System || v == VisibilityShared {
		return true
	}
	return a.MemberID != 0 && ownerMemberID == a.MemberID
}

type actorKey struct{}

// NewContextWithActor returns a context carrying the actor.
func NewContextWithActor(ctx context.Context, a *Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// ActorFromContext returns the context's actor, or nil.
func ActorFromContext(ctx context.Context) *Actor {
	a, _ := ctx.Value(actorKey{}).(*Actor)
	return a
}

// RequireActor returns the context's actor or an EUNAUTHORIZED error.
func RequireActor(ctx context.Context) (*Actor, error) {
	a := ActorFromContext(ctx)
	if a == nil || a.WorkspaceID == 0 {
		return nil, Errorf(EUNAUTHORIZED, "sign in first")
	}
	return a, nil
}

// RequireWriter returns the actor if it may write, else an error.
func RequireWriter(ctx context.Context) (*Actor, error) {
	a, err := RequireActor(ctx)
	if err != nil {
		return nil, err
	}
	if !a.System && !a.Role.CanWrite() {
		return nil, Errorf(EFORBIDDEN, "your role does not allow changes")
	}
	return a, nil
}

// RequireManager returns the actor if it may manage the workspace, else an error.
func RequireManager(ctx context.Context) (*Actor, error) {
	a, err := RequireActor(ctx)
	if err != nil {
		return nil, err
	}
	if !a.System && !a.Role.CanManage() {
		return nil, Errorf(EFORBIDDEN, "only administrators and coordinators may do this")
	}
	return a, nil
}
