package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"passerelle"
	"passerelle/store"
)

// invitationCreate invites someone by email. With a mailer the link is sent; without,
// it is shown once to the manager, who passes it on.
func (s *Server) invitationCreate(w http.ResponseWriter, r *http.Request) error {
	memberID, _ := strconv.ParseInt(r.PostFormValue("member_id"), 10, 64)
	inv := &store.Invitation{Email: r.PostFormValue("email"), Role: passerelle.Role(r.PostFormValue("role")), MemberID: memberID}
	secret, err := s.accounts.CreateInvitation(r.Context(), inv)
	if err != nil {
		if formErr(err) {
			return s.renderUsers(w, r, userListData{Invite: inv}, err)
		}
		return err
	}
	link := s.baseURL(r) + "/invitations/" + secret
	d := userListData{}
	if s.opts.Mailer != nil {
		l := newLocalizer(info(r).lang)
		body := fmt.Sprintf(l.T("invite.mail_body"), link, l.DateTime(inv.ExpiresAt))
		if err := s.opts.Mailer.Send(r.Context(), inv.Email, l.T("invite.mail_subject"), body); err != nil {
			s.log.Warn("invitation mail not sent", "to", inv.Email, "err", err)
			d.Link = link
		} else {
			d.Mailed = true
		}
	} else {
		d.Link = link
	}
	return s.renderUsers(w, r, d, nil)
}

func (s *Server) baseURL(r *http.Request) string {
	if s.opts.BaseURL != "" {
		return strings.TrimRight(s.opts.BaseURL, "/")
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

func (s *Server) invitationForm(w http.ResponseWriter, r *http.Request) error {
	inv, err := s.accounts.FindInvitation(r.Context(), r.PathValue("secret"))
	if err != nil {
		return err
	}
	p := s.newPage(r, "invite.accept_title")
	p.Data = map[string]any{"Invitation": inv, "Name": ""}
	return s.render(w, r, "invitation.html", p)
}

// invitationAccept creates the account (or adds the membership to an existing one) and
// signs the new user in.
func (s *Server) invitationAccept(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	secret := r.PathValue("secret")
	inv, err := s.accounts.FindInvitation(ctx, secret)
	if err != nil {
		return err
	}
	name := strings.TrimSpace(r.PostFormValue("name"))
	u, err := s.accounts.AcceptInvitation(ctx, secret, name, r.PostFormValue("password"))
	if err != nil {
		if formErr(err) {
			p := s.newPage(r, "invite.accept_title")
			p.Data = map[string]any{"Invitation": inv, "Name": name}
			p.Errors = p.L.Fields(err)
			return s.renderStatus(w, r, status(err), "invitation.html", p)
		}
		return err
	}
	if err := s.sessions.RenewToken(ctx); err != nil {
		return err
	}
	s.sessions.Put(ctx, "user_id", u.ID)
	s.sessions.Put(ctx, "workspace_id", inv.WorkspaceID)
	s.sessions.Put(ctx, "email", u.Email)
	return s.redirect(w, r, "/", "flash.welcome")
}
