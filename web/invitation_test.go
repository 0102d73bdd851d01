package web_test

import (
	"context"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"passerelle"
	"passerelle/store"
)

var invitationLink = regexp.MustCompile(`/invitations/inv_[A-Za-z0-9_-]+`)

// me returns the email the session of c is signed in as, or "" when it is not.
func me(c *client) string {
	res, body := c.do("GET", "/api/v1/me", "", "", false)
	if res.StatusCode != http.StatusOK {
		return ""
	}
	return regexp.MustCompile(`"email":"([^"]+)"`).FindStringSubmatch(body)[1]
}

// The attack of the issue, across workspaces: the administrator of "other" invites a
// user of "net" by email, opens the link and types any password. It must not be
// signed in as that user, nor change anything of the account.
func TestInvitationCannotTakeOverAnAccount(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) {
			w := newWorld(t, db)
			att := w.client(t, "otheradmin")
			res, body := att.do("POST", "/invitations", formType, form("email", "alice@example.org", "role", "viewer"), false)
			link := invitationLink.FindString(body)
			if res.StatusCode != http.StatusOK || link == "" {
				t.Fatalf("invite: %d", res.StatusCode)
			}
			// The page asks for the account, not for a new password.
			if _, body := att.get(link); !strings.Contains(body, "already has an account") || strings.Contains(body, `autocomplete="new-password"`) {
				t.Errorf("invitation page for an existing account: %.400s", body)
			}
			for _, c := range []*client{att, w.client(t, "")} {
				res, _ := c.do("POST", link, formType, form("name", "x", "password", "anything-at-all-123", "password2", "anything-at-all-123"), false)
				if res.StatusCode == http.StatusSeeOther {
					t.Errorf("accepting with a wrong password: %d %s", res.StatusCode, res.Header.Get("Location"))
				}
				if got := me(c); got == "alice@example.org" {
					t.Fatal("the invitation link signed its holder in as the invited user")
				}
				// Without a password at all, the same.
				c.do("POST", link, formType, form("name", "x"), false)
				if got := me(c); got == "alice@example.org" {
					t.Fatal("the invitation link signed its holder in as the invited user")
				}
			}
			if got := me(att); got != "otheradmin@example.org" {
				t.Errorf("the inviter's session now holds %q", got)
			}
			// alice's password is unchanged; she accepts once signed in, and joins as viewer.
			alice := w.client(t, "alice")
			if _, body := alice.get(link); !strings.Contains(body, "signed in with this account") {
				t.Errorf("invitation page for its own account: %.400s", body)
			}
			if res, _ := alice.do("POST", link, formType, "", false); res.StatusCode != http.StatusSeeOther {
				t.Fatalf("alice accepts: %d", res.StatusCode)
			}
			if got := me(alice); got != "alice@example.org" {
				t.Errorf("alice's session after accepting holds %q", got)
			}
			if a, err := store.NewAccountService(db).ActorFor(context.Background(), w.users["alice"].ID, w.ws.ID+1); err != nil || a.Role != passerelle.RoleViewer {
				t.Errorf("alice in the other workspace: %+v %v", a, err)
			}
		})
	}
}

// Inside one workspace: a coordinator cannot invite the administrator (already a user)
// as a viewer, and an invitation made before the administrator joined neither demotes
// the administrator nor hands the coordinator the administrator's session.
func TestInvitationCannotDemote(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) {
			w := newWorld(t, db)
			ctx := context.Background()
			sys := passerelle.NewContextWithActor(ctx, passerelle.SystemActor(w.ws.ID))
			acc, users := store.NewAccountService(db), store.NewUserService(db)
			coord := w.client(t, "coord")
			// An invitation for the future administrator, made while the address was new.
			res, body := coord.do("POST", "/invitations", formType, form("email", "boss@example.org", "role", "viewer"), false)
			link := invitationLink.FindString(body)
			if res.StatusCode != http.StatusOK || link == "" {
				t.Fatalf("invite: %d", res.StatusCode)
			}
			boss := &passerelle.User{Email: "boss@example.org", Name: "Boss"}
			must(t, users.CreateUser(sys, boss))
			must(t, acc.SetPassword(sys, boss.ID, testPassword))
			must(t, users.SetMembership(sys, &passerelle.Membership{UserID: boss.ID, MemberID: w.alpha.ID, Role: passerelle.RoleAdmin}))
			// Inviting the administrator now is refused outright.
			if res, body := coord.do("POST", "/invitations", formType, form("email", "boss@example.org", "role", "viewer"), false); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "already a user") {
				t.Errorf("invite the administrator as viewer: %d", res.StatusCode)
			}
			if res, _ := coord.do("POST", link, formType, form("name", "x", "password", "anything-at-all-123"), false); res.StatusCode == http.StatusSeeOther {
				t.Errorf("the coordinator accepted the administrator's invitation: %d", res.StatusCode)
			}
			if got := me(coord); got != "coord@example.org" {
				t.Fatalf("the coordinator's session now holds %q", got)
			}
			// The administrator accepts, signed in: still administrator, still of Alpha.
			bc := w.client(t, "")
			if res, _ := bc.do("POST", "/login", formType, form("email", "boss@example.org", "password", testPassword), false); res.StatusCode != http.StatusSeeOther {
				t.Fatalf("boss signs in: %d", res.StatusCode)
			}
			if res, _ := bc.do("POST", link, formType, "", false); res.StatusCode != http.StatusSeeOther {
				t.Fatalf("boss accepts: %d", res.StatusCode)
			}
			if a, err := acc.ActorFor(ctx, boss.ID, w.ws.ID); err != nil || a.Role != passerelle.RoleAdmin || a.MemberID != w.alpha.ID {
				t.Errorf("the administrator after accepting a viewer invitation: %+v %v", a, err)
			}
		})
	}
}
