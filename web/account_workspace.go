package web

import (
	"net/http"
	"strconv"

	"passerelle"
)

// workspaceChoice is one of the signed-in user's workspaces.
type workspaceChoice struct {
	ID      int64
	Name    string
	Role    passerelle.Role
	Current bool
}

// userWorkspaces lists the workspaces of the actor's user, for the switcher.
func (s *Server) userWorkspaces(r *http.Request) ([]workspaceChoice, error) {
	ctx := r.Context()
	a := passerelle.ActorFromContext(ctx)
	ms, err := s.users.FindMembershipsOfUser(ctx, a.UserID)
	if err != nil {
		return nil, err
	}
	out := make([]workspaceChoice, 0, len(ms))
	for _, m := range ms {
		w, err := s.workspaces.FindWorkspaceByID(ctx, m.WorkspaceID)
		if err != nil {
			return nil, err
		}
		out = append(out, workspaceChoice{ID: w.ID, Name: w.Name, Role: m.Role, Current: w.ID == a.WorkspaceID})
	}
	return out, nil
}

// accountWorkspace switches the session to another workspace of the user. The
// membership is checked, so a forged id gets nothing.
func (s *Server) accountWorkspace(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	a := passerelle.ActorFromContext(ctx)
	id, err := strconv.ParseInt(r.PostFormValue("workspace_id"), 10, 64)
	if err != nil || id <= 0 {
		return passerelle.FieldError("workspace_id", "required")
	}
	if _, err := s.accounts.ActorFor(ctx, a.UserID, id); err != nil {
		return passerelle.Errorf(passerelle.ENOTFOUND, "workspace not found")
	}
	if !hasSession(r) {
		return passerelle.Errorf(passerelle.EINVALID, "switching workspace needs a signed-in browser session")
	}
	if err := s.sessions.RenewToken(ctx); err != nil {
		return err
	}
	s.sessions.Put(ctx, "workspace_id", id)
	return s.redirect(w, r, "/", "")
}
