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

// invitationData is what the invitation page shows. For an email that already has an
// account the page asks that account to prove itself (Mine when it is the one signed
// in; else its password, or signing in first); for a new email it creates the account.
type invitationData struct {
	Invitation *store.Invitation
	Name       string
	Existing   bool   // the email has an account
	Mine       bool   // ...and it is the one signed in
	SignedInAs string // the email of another signed-in account
	Next       string // this page, for the sign-in link
}

func (s *Server) invitationPage(w http.ResponseWriter, r *http.Request, inv *store.Invitation, name string, saveErr error) error {
	ctx := r.Context()
	u, err := s.accounts.InvitationAccount(ctx, inv)
	if err != nil {
		return err
	}
	d := invitationData{Invitation: inv, Name: name, Existing: u != nil, Next: "/invitations/" + r.PathValue("secret")}
	if a := passerelle.ActorFromContext(ctx); a != nil && u != nil {
		if a.UserID == u.ID {
			d.Mine = true
		} else {
			d.SignedInAs = info(r).email
		}
	}
	p := s.newPage(r, "invite.accept_title")
	p.Data = d
	code := http.StatusOK
	if saveErr != nil {
		p.Errors, code = p.L.FormErrors(saveErr, "_"), status(saveErr)
		if code == http.StatusTooManyRequests {
			w.Header().Set("Retry-After", "2")
		}
	}
	return s.renderStatus(w, r, code, "invitation.html", p)
}

func (s *Server) invitationForm(w http.ResponseWriter, r *http.Request) error {
	inv, err := s.accounts.FindInvitation(r.Context(), r.PathValue("secret"))
	if err != nil {
		return err
	}
	return s.invitationPage(w, r, inv, "", nil)
}

// invitationAccept joins the workspace. A new account is created and signed in. An
// existing account joins only if it is the one signed in, or if the password given is
// its own (the store checks, like a sign-in); the session then holds that account, the
// one that proved itself, and never another.
func (s *Server) invitationAccept(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	secret := r.PathValue("secret")
	inv, err := s.accounts.FindInvitation(ctx, secret)
	if err != nil {
		return err
	}
	name := strings.TrimSpace(r.PostFormValue("name"))
	u, err := s.accounts.AcceptInvitation(ctx, secret, name, r.PostFormValue("password"), clientAddr(r))
	if err != nil {
		switch passerelle.ErrorCode(err) {
		case passerelle.EINVALID, passerelle.ECONFLICT, passerelle.EFORBIDDEN, passerelle.EBUSY:
			s.log.Info("invitation refused", "invitation", inv.ID, "workspace", inv.WorkspaceID, "addr", clientAddr(r), "err", err)
			return s.invitationPage(w, r, inv, name, err)
		}
		return err
	}
	if err := s.startSession(ctx, u, inv.WorkspaceID); err != nil {
		return err
	}
	s.log.Info("invitation accepted", "invitation", inv.ID, "workspace", inv.WorkspaceID, "user", u.ID)
	return s.redirect(w, r, "/", "flash.welcome")
}
