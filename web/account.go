package web

import (
	"net/http"

	"passerelle"
	"passerelle/store"
)

type accountData struct {
	User      *passerelle.User
	Workspace *passerelle.Workspace
	Tokens    []*store.APIToken
	NewToken  string
	// CalendarURL is the user's meetings feed (docs/meetings.md).
	CalendarURL string
	Workspaces  []workspaceChoice
}

func (s *Server) account(w http.ResponseWriter, r *http.Request) error {
	return s.renderAccount(w, r, "", nil)
}

func (s *Server) renderAccount(w http.ResponseWriter, r *http.Request, newToken string, saveErr error) error {
	ctx := r.Context()
	a := passerelle.ActorFromContext(ctx)
	d := accountData{NewToken: newToken}
	var err error
	if d.User, err = s.users.FindUserByID(ctx, a.UserID); err != nil {
		return err
	}
	if d.Workspace, err = s.workspaces.FindWorkspaceByID(ctx, a.WorkspaceID); err != nil {
		return err
	}
	if d.Tokens, err = s.accounts.FindAPITokens(ctx); err != nil {
		return err
	}
	if d.CalendarURL, err = s.calendarURL(r); err != nil {
		return err
	}
	if d.Workspaces, err = s.userWorkspaces(r); err != nil {
		return err
	}
	p := s.newPage(r, "account.title")
	p.Data = d
	code := http.StatusOK
	if saveErr != nil {
		p.Errors, code = p.L.Fields(saveErr), status(saveErr)
	}
	return s.renderStatus(w, r, code, "account.html", p)
}

// accountPassword changes the password. The store ends every session of the user and
// revokes the user's API tokens; this session carries on, under a new token and the new
// session epoch.
func (s *Server) accountPassword(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	if r.PostFormValue("new_password") != r.PostFormValue("confirm_password") {
		return s.renderAccount(w, r, "", passerelle.FieldError("confirm_password", "the two passwords differ"))
	}
	if err := s.accounts.ChangePassword(ctx, r.PostFormValue("current_password"), r.PostFormValue("new_password")); err != nil {
		if formErr(err) {
			return s.renderAccount(w, r, "", err)
		}
		return err
	}
	a := passerelle.ActorFromContext(ctx)
	s.log.Info("password changed", "user", a.UserID, "addr", clientAddr(r))
	if hasSession(r) {
		u, err := s.users.FindUserByID(ctx, a.UserID)
		if err != nil {
			return err
		}
		if err := s.startSession(ctx, u, a.WorkspaceID); err != nil {
			return err
		}
	}
	return s.redirect(w, r, "/account", "flash.password_changed")
}

func (s *Server) accountTokenCreate(w http.ResponseWriter, r *http.Request) error {
	t, secret, err := s.accounts.CreateAPIToken(r.Context(), 0, r.PostFormValue("name"))
	if err != nil {
		return err
	}
	s.log.Info("API token created", "user", t.UserID, "workspace", t.WorkspaceID, "token", t.ID, "addr", clientAddr(r))
	return s.renderAccount(w, r, secret, nil)
}

func (s *Server) accountTokenDelete(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "token")
	if err != nil {
		return err
	}
	if err := s.accounts.DeleteAPIToken(r.Context(), id); err != nil {
		return err
	}
	s.log.Info("API token revoked", "user", passerelle.ActorFromContext(r.Context()).UserID, "token", id)
	return s.redirect(w, r, "/account", "flash.deleted")
}
