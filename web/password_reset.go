package web

import (
	"net/http"

	"passerelle"
)

type passwordResetData struct {
	Email string
}

func (s *Server) passwordResetForm(w http.ResponseWriter, r *http.Request) error {
	reset, err := s.accounts.FindPasswordReset(r.Context(), r.PathValue("secret"))
	if err != nil {
		return err
	}
	p := s.newPage(r, "reset.title")
	p.Data = passwordResetData{Email: reset.Email}
	return s.render(w, r, "password_reset.html", p)
}

// passwordReset sets the new password and signs its owner in: they have just proved they
// hold the link, as a sign-in proves the password. Every other session and API token of
// the account ends (store.ResetPassword).
func (s *Server) passwordReset(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	reset, err := s.accounts.FindPasswordReset(ctx, r.PathValue("secret"))
	if err != nil {
		return err
	}
	u, err := s.accounts.ResetPassword(ctx, r.PathValue("secret"), r.PostFormValue("password"))
	if err != nil {
		if formErr(err) {
			p := s.newPage(r, "reset.title")
			p.Data = passwordResetData{Email: reset.Email}
			p.Errors = p.L.FormErrors(err, "password")
			return s.renderStatus(w, r, status(err), "password_reset.html", p)
		}
		return err
	}
	s.log.Info("password reset", "user", u.ID, "addr", clientAddr(r))
	a, err := s.accounts.ActorFor(ctx, u.ID, 0)
	if err != nil {
		// An account with no workspace left: the password is set, there is nothing to open.
		if passerelle.ErrorCode(err) == passerelle.EFORBIDDEN {
			return s.redirect(w, r, "/login", "flash.password_reset")
		}
		return err
	}
	if err := s.startSession(ctx, u, a.WorkspaceID); err != nil {
		return err
	}
	return s.redirect(w, r, "/", "flash.password_reset")
}
