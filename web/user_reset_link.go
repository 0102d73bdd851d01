package web

import (
	"fmt"
	"net/http"

	"passerelle"
)

// userResetLink makes a password reset link for a user of this workspace (administrators
// only, and only for users of no other workspace: the store checks). With a mail server
// the link goes to the user, never through the administrator's screen; without one it is
// shown once, for the administrator to hand over, and the audit log keeps who made it.
func (s *Server) userResetLink(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	uid, err := idParam(r, "user")
	if err != nil {
		return err
	}
	secret, err := s.accounts.CreatePasswordResetLink(ctx, uid)
	if err != nil {
		if formErr(err) || passerelle.ErrorCode(err) == passerelle.EFORBIDDEN {
			return s.renderUsers(w, r, userListData{}, err)
		}
		return err
	}
	ms, err := s.users.FindMemberships(ctx)
	if err != nil {
		return err
	}
	d := userListData{}
	for _, m := range ms {
		if m.UserID == uid {
			d.ResetFor = m.UserEmail
		}
	}
	link := s.baseURL(r) + "/password/reset/" + secret
	if s.opts.Mailer != nil {
		l := newLocalizer(info(r).lang)
		if err := s.opts.Mailer.Send(ctx, d.ResetFor, l.T("reset.mail_subject"), fmt.Sprintf(l.T("reset.mail_body_admin"), link)); err != nil {
			s.log.Warn("password reset mail not sent", "user", uid, "err", err)
			return err
		}
		d.ResetMailed = true
	} else {
		d.ResetLink = link
	}
	s.log.Info("password reset link made", "user", uid, "by", info(r).email)
	return s.renderUsers(w, r, d, nil)
}
