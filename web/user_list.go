package web

import (
	"net/http"
	"strconv"

	"passerelle"
	"passerelle/store"
)

type userListData struct {
	Memberships []*passerelle.Membership
	Members     []*passerelle.Member
	Invitations []*store.Invitation
	Roles       []passerelle.Role
	Invite      *store.Invitation
	Link        string // the invitation link, shown when no mail is configured
	Mailed      bool
	ResetFor    string // the user a password reset link was just made for
	ResetLink   string // ...shown when no mail is configured
	ResetMailed bool
}

func (s *Server) userList(w http.ResponseWriter, r *http.Request) error {
	return s.renderUsers(w, r, userListData{}, nil)
}

func (s *Server) renderUsers(w http.ResponseWriter, r *http.Request, d userListData, saveErr error) error {
	ctx := r.Context()
	var err error
	if d.Memberships, err = s.users.FindMemberships(ctx); err != nil {
		return err
	}
	if d.Members, err = s.workspaces.FindMembers(ctx); err != nil {
		return err
	}
	if d.Invitations, err = s.accounts.FindInvitations(ctx); err != nil {
		return err
	}
	d.Roles = []passerelle.Role{passerelle.RoleAdmin, passerelle.RoleCoordinator, passerelle.RoleMember, passerelle.RoleViewer}
	if d.Invite == nil {
		d.Invite = &store.Invitation{Role: passerelle.RoleMember}
	}
	p := s.newPage(r, "users.title")
	p.Data = d
	code := http.StatusOK
	if saveErr != nil {
		p.Errors, code = p.L.FormErrors(saveErr, "_"), status(saveErr)
	}
	return s.renderStatus(w, r, code, "user_list.html", p)
}

// userRole changes a user's role and member, under the rules of SetMembership (nobody
// changes their own; only an administrator grants the administrator role or moves a
// user to another member).
func (s *Server) userRole(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	uid, err := idParam(r, "user")
	if err != nil {
		return err
	}
	ms, err := s.users.FindMemberships(ctx)
	if err != nil {
		return err
	}
	var cur *passerelle.Membership
	for _, m := range ms {
		if m.UserID == uid {
			cur = m
		}
	}
	if cur == nil {
		return passerelle.Errorf(passerelle.ENOTFOUND, "user not found")
	}
	role := passerelle.Role(r.PostFormValue("role"))
	memberID, _ := strconv.ParseInt(r.PostFormValue("member_id"), 10, 64)
	if err := s.users.SetMembership(ctx, &passerelle.Membership{UserID: uid, MemberID: memberID, Role: role}); err != nil {
		if formErr(err) {
			return s.renderUsers(w, r, userListData{}, err)
		}
		return err
	}
	return s.redirect(w, r, "/users", "flash.saved")
}

func (s *Server) userRemove(w http.ResponseWriter, r *http.Request) error {
	uid, err := idParam(r, "user")
	if err != nil {
		return err
	}
	ms, err := s.users.FindMemberships(r.Context())
	if err != nil {
		return err
	}
	for _, m := range ms {
		if m.UserID == uid && m.Role == passerelle.RoleAdmin && passerelle.ActorFromContext(r.Context()).Role != passerelle.RoleAdmin {
			return passerelle.Errorf(passerelle.EFORBIDDEN, "only an administrator may remove an administrator")
		}
	}
	if err := s.accounts.RemoveMembership(r.Context(), uid); err != nil {
		return err
	}
	return s.redirect(w, r, "/users", "flash.deleted")
}
