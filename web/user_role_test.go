package web_test

import (
	"context"
	"net/http"
	"testing"

	"passerelle"
	"passerelle/store"
)

// addUser adds a user of "net" with a role and member, and returns it signed in.
func (w *world) addUser(t *testing.T, key string, role passerelle.Role, member int64) *client {
	t.Helper()
	sys := passerelle.NewContextWithActor(context.Background(), passerelle.SystemActor(w.ws.ID))
	u := &passerelle.User{Email: key + "@example.org", Name: key}
	must(t, store.NewUserService(w.db).CreateUser(sys, u))
	must(t, store.NewAccountService(w.db).SetPassword(sys, u.ID, testPassword))
	must(t, store.NewUserService(w.db).SetMembership(sys, &passerelle.Membership{UserID: u.ID, MemberID: member, Role: role}))
	w.users[key] = u
	return w.client(t, key)
}

// A coordinator cannot move itself (or anyone) into another member to read its private
// records; nobody changes their own member; an administrator moves others.
func TestMemberMoves(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) {
			w := newWorld(t, db)
			coord := w.client(t, "coord") // coordinator of Beta
			privatePage := "/organizations/" + id(w.private.ID)
			role := func(c *client, user, member string, r passerelle.Role) int {
				res, _ := c.do("POST", "/users/"+id(w.users[user].ID)+"/role", formType, form("member_id", member, "role", string(r)), false)
				return res.StatusCode
			}
			alpha, beta := id(w.alpha.ID), id(w.beta.ID)
			for _, tc := range []struct {
				what   string
				c      *client
				user   string
				member string
				role   passerelle.Role
				want   int
			}{
				{"coordinator moves itself to Alpha", coord, "coord", alpha, passerelle.RoleCoordinator, http.StatusUnprocessableEntity},
				{"coordinator leaves its member", coord, "coord", "", passerelle.RoleCoordinator, http.StatusUnprocessableEntity},
				{"coordinator moves bob to Alpha", coord, "bob", alpha, passerelle.RoleMember, http.StatusForbidden},
				{"coordinator moves alice to Beta", coord, "alice", beta, passerelle.RoleMember, http.StatusForbidden},
				{"coordinator raises the viewer, same member", coord, "viewer", beta, passerelle.RoleMember, http.StatusSeeOther},
			} {
				if got := role(tc.c, tc.user, tc.member, tc.role); got != tc.want {
					t.Errorf("%s: %d, want %d", tc.what, got, tc.want)
				}
			}
			if res, _ := coord.get(privatePage); res.StatusCode != http.StatusNotFound {
				t.Errorf("the coordinator reads Alpha's private organisation: %d", res.StatusCode)
			}
			// Nor through an invitation into Alpha.
			if res, _ := coord.do("POST", "/invitations", formType, form("email", "mole@example.org", "role", "member", "member_id", alpha), false); res.StatusCode != http.StatusUnprocessableEntity {
				t.Errorf("coordinator invites into Alpha: %d", res.StatusCode)
			}
			// An administrator moves others, not itself.
			admin := w.addUser(t, "admin", passerelle.RoleAdmin, w.beta.ID)
			if got := role(admin, "admin", alpha, passerelle.RoleAdmin); got != http.StatusUnprocessableEntity {
				t.Errorf("administrator moves itself: %d", got)
			}
			if got := role(admin, "bob", alpha, passerelle.RoleMember); got != http.StatusSeeOther {
				t.Errorf("administrator moves bob to Alpha: %d", got)
			}
			if res, _ := admin.do("POST", "/invitations", formType, form("email", "new-alpha@example.org", "role", "member", "member_id", alpha), false); res.StatusCode != http.StatusOK {
				t.Errorf("administrator invites into Alpha: %d", res.StatusCode)
			}
			ms, err := store.NewUserService(db).FindMembershipsOfUser(context.Background(), w.users["coord"].ID)
			if err != nil || len(ms) != 1 || ms[0].MemberID != w.beta.ID || ms[0].Role != passerelle.RoleCoordinator {
				t.Errorf("the coordinator's membership changed: %+v %v", ms, err)
			}
		})
	}
}
