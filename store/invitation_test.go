package store_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"passerelle"
	"passerelle/store"
)

// An invitation for an email that already has an account does not let its holder in:
// the account must be signed in, or its password given; and accepting never lowers the
// role the account already has in the workspace.
func TestInvitationForExistingAccount(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		users := store.NewUserService(db)
		acc := store.NewAccountService(db)
		mk := func(sys context.Context, email string, role passerelle.Role) *passerelle.User {
			t.Helper()
			u := &passerelle.User{Email: email, Name: email}
			if err := users.CreateUser(sys, u); err != nil {
				t.Fatal(err)
			}
			if err := acc.SetPassword(sys, u.ID, "victim-secret-2026"); err != nil {
				t.Fatal(err)
			}
			if role != "" {
				member := f.memberA.ID
				if sys == f.otherSystem {
					member = 0
				}
				if err := users.SetMembership(sys, &passerelle.Membership{UserID: u.ID, MemberID: member, Role: role}); err != nil {
					t.Fatal(err)
				}
			}
			return u
		}
		victim := mk(f.system, "admin-a@example.org", passerelle.RoleAdmin)
		attacker := mk(f.otherSystem, "admin-b@example.org", passerelle.RoleAdmin)
		attackerActor, err := acc.ActorFor(ctx, attacker.ID, 0)
		if err != nil {
			t.Fatal(err)
		}
		attackerCtx := passerelle.NewContextWithActor(ctx, attackerActor)

		// The admin of the other workspace invites the victim's email there.
		link, err := acc.CreateInvitation(attackerCtx, &store.Invitation{Email: "admin-a@example.org", Role: passerelle.RoleViewer})
		if err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			name string
			ctx  context.Context
			pw   string
		}{
			{"anonymous, no password", ctx, ""},
			{"anonymous, any password", ctx, "anything-at-all-123"},
			{"the inviter signed in", attackerCtx, "anything-at-all-123"},
			{"the operator", f.otherSystem, ""},
		} {
			_, err := acc.AcceptInvitation(tc.ctx, link, "x", tc.pw, "10.0.0.9")
			if err == nil {
				t.Fatalf("%s: accepted", tc.name)
			}
			if passerelle.ErrorFields(err)["password"] == "" {
				t.Errorf("%s: %v, want a message on the password field", tc.name, err)
			}
		}
		if _, err := acc.FindInvitation(ctx, link); err != nil {
			t.Fatalf("a refused acceptance used the invitation: %v", err)
		}
		if _, err := acc.Authenticate(ctx, "admin-a@example.org", "victim-secret-2026", "10.0.0.1"); err != nil {
			t.Fatalf("the victim's password changed: %v", err)
		}
		// The victim signed in accepts: she joins the other workspace, password unchanged.
		victimActor, _ := acc.ActorFor(ctx, victim.ID, f.ws.ID)
		u, err := acc.AcceptInvitation(passerelle.NewContextWithActor(ctx, victimActor), link, "ignored", "", "10.0.0.1")
		if err != nil || u.ID != victim.ID {
			t.Fatalf("the victim accepts: %v %v", u, err)
		}
		if a, err := acc.ActorFor(ctx, victim.ID, attackerActor.WorkspaceID); err != nil || a.Role != passerelle.RoleViewer {
			t.Fatalf("joined: %+v %v", a, err)
		}
		// The right password also proves the account (the victim, not signed in).
		link2, err := acc.CreateInvitation(f.system, &store.Invitation{Email: "late@example.org", Role: passerelle.RoleViewer})
		if err != nil {
			t.Fatal(err)
		}
		late := mk(f.system, "late@example.org", "")
		if u, err := acc.AcceptInvitation(ctx, link2, "", "victim-secret-2026", "10.0.0.1"); err != nil || u.ID != late.ID {
			t.Fatalf("accept with the account's password: %v %v", u, err)
		}

		// Inside one workspace: inviting someone already in it is refused...
		coord := mk(f.system, "coord@example.org", passerelle.RoleCoordinator)
		coordActor, _ := acc.ActorFor(ctx, coord.ID, f.ws.ID)
		coordCtx := passerelle.NewContextWithActor(ctx, coordActor)
		if _, err := acc.CreateInvitation(coordCtx, &store.Invitation{Email: "admin-a@example.org", Role: passerelle.RoleViewer}); passerelle.ErrorFields(err)["email"] == "" {
			t.Fatalf("invite a user of the workspace: %v", err)
		}
		// ...and an invitation made before the membership existed never lowers it.
		link3, err := acc.CreateInvitation(coordCtx, &store.Invitation{Email: "boss@example.org", Role: passerelle.RoleViewer})
		if err != nil {
			t.Fatal(err)
		}
		boss := mk(f.system, "boss@example.org", passerelle.RoleAdmin)
		if _, err := acc.AcceptInvitation(coordCtx, link3, "", "anything-at-all-123", "10.0.0.7"); err == nil {
			t.Fatal("the coordinator accepted the admin's invitation")
		}
		bossActor, _ := acc.ActorFor(ctx, boss.ID, f.ws.ID)
		if _, err := acc.AcceptInvitation(passerelle.NewContextWithActor(ctx, bossActor), link3, "", "", ""); err != nil {
			t.Fatal(err)
		}
		if a, _ := acc.ActorFor(ctx, boss.ID, f.ws.ID); a.Role != passerelle.RoleAdmin || a.MemberID != f.memberA.ID {
			t.Fatalf("after accepting a viewer invitation the admin is %+v", a)
		}
	})
}

// An invitation grants at most what its maker may still grant when it is accepted: an
// administrator since made coordinator gives at most coordinator, and only in the
// coordinator's member; a maker made member or viewer, or removed from the workspace,
// voids it. The operator's invitations (no maker) are kept as made. The managers'
// list of invitations says which are void and what a lowered one still grants.
func TestInvitationFollowsItsMaker(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		users := store.NewUserService(db)
		acc := store.NewAccountService(db)
		n := 0
		maker := func(role passerelle.Role) (*passerelle.User, context.Context) {
			t.Helper()
			n++
			u := &passerelle.User{Email: fmt.Sprintf("maker%d@example.org", n), Name: "maker"}
			if err := users.CreateUser(f.system, u); err != nil {
				t.Fatal(err)
			}
			if err := users.SetMembership(f.system, &passerelle.Membership{UserID: u.ID, MemberID: f.memberA.ID, Role: role}); err != nil {
				t.Fatal(err)
			}
			a, err := acc.ActorFor(ctx, u.ID, f.ws.ID)
			if err != nil {
				t.Fatal(err)
			}
			return u, passerelle.NewContextWithActor(ctx, a)
		}
		set := func(u *passerelle.User, member int64, role passerelle.Role) {
			t.Helper()
			if err := users.SetMembership(f.system, &passerelle.Membership{UserID: u.ID, MemberID: member, Role: role}); err != nil {
				t.Fatal(err)
			}
		}
		for _, tc := range []struct {
			name   string
			made   passerelle.Role // the maker's role when inviting
			inv    store.Invitation
			change func(u *passerelle.User) // what happens to the maker before acceptance
			want   passerelle.Role          // the role granted; "" when the invitation is void
		}{
			{"admin kept", passerelle.RoleAdmin, store.Invitation{Role: passerelle.RoleAdmin},
				func(*passerelle.User) {}, passerelle.RoleAdmin},
			{"admin made coordinator gives coordinator", passerelle.RoleAdmin, store.Invitation{Role: passerelle.RoleAdmin},
				func(u *passerelle.User) { set(u, f.memberA.ID, passerelle.RoleCoordinator) }, passerelle.RoleCoordinator},
			{"admin made coordinator, a lower role kept", passerelle.RoleAdmin, store.Invitation{Role: passerelle.RoleViewer},
				func(u *passerelle.User) { set(u, f.memberA.ID, passerelle.RoleCoordinator) }, passerelle.RoleViewer},
			{"admin made coordinator, into another member", passerelle.RoleAdmin, store.Invitation{Role: passerelle.RoleMember, MemberID: f.memberB.ID},
				func(u *passerelle.User) { set(u, f.memberA.ID, passerelle.RoleCoordinator) }, ""},
			{"coordinator moved to another member", passerelle.RoleCoordinator, store.Invitation{Role: passerelle.RoleMember, MemberID: f.memberA.ID},
				func(u *passerelle.User) { set(u, f.memberB.ID, passerelle.RoleCoordinator) }, ""},
			{"coordinator made member", passerelle.RoleCoordinator, store.Invitation{Role: passerelle.RoleViewer},
				func(u *passerelle.User) { set(u, f.memberA.ID, passerelle.RoleMember) }, ""},
			{"admin made viewer", passerelle.RoleAdmin, store.Invitation{Role: passerelle.RoleViewer},
				func(u *passerelle.User) { set(u, f.memberA.ID, passerelle.RoleViewer) }, ""},
			{"admin removed", passerelle.RoleAdmin, store.Invitation{Role: passerelle.RoleViewer},
				func(u *passerelle.User) {
					if err := acc.RemoveMembership(f.system, u.ID); err != nil {
						t.Fatal(err)
					}
				}, ""},
		} {
			t.Run(tc.name, func(t *testing.T) {
				u, makerCtx := maker(tc.made)
				inv := tc.inv
				inv.Email = fmt.Sprintf("invited%d@example.org", n)
				link, err := acc.CreateInvitation(makerCtx, &inv)
				if err != nil {
					t.Fatal(err)
				}
				tc.change(u)
				// The managers' list says it before anyone tries the link.
				invs, err := acc.FindInvitations(f.system)
				if err != nil {
					t.Fatal(err)
				}
				for _, l := range invs {
					if l.Email != inv.Email {
						continue
					}
					switch {
					case tc.want == "" && l.Void == nil:
						t.Error("the list does not say the invitation is void")
					case tc.want != "" && (l.Void != nil || tc.want != inv.Role && l.Grants != tc.want || tc.want == inv.Role && l.Grants != ""):
						t.Errorf("the list says void %v, grants %q; want %s", l.Void, l.Grants, tc.want)
					}
				}
				found, ferr := acc.FindInvitation(ctx, link)
				joined, aerr := acc.AcceptInvitation(ctx, link, "New", "a-long-new-password-2026", "10.0.0.3")
				if tc.want == "" {
					for _, err := range []error{ferr, aerr} {
						if passerelle.ErrorCode(err) != passerelle.ENOTFOUND || !strings.Contains(passerelle.ErrorMessage(err), "void") {
							t.Errorf("want the invitation void, got %v", err)
						}
					}
					if _, err := acc.Authenticate(ctx, inv.Email, "a-long-new-password-2026", "10.0.0.3"); err == nil {
						t.Error("a void invitation made an account")
					}
					return
				}
				if ferr != nil || aerr != nil {
					t.Fatalf("find: %v, accept: %v", ferr, aerr)
				}
				if found.Role != tc.want {
					t.Errorf("the invitation page shows %s, want %s", found.Role, tc.want)
				}
				a, err := acc.ActorFor(ctx, joined.ID, f.ws.ID)
				if err != nil || a.Role != tc.want {
					t.Errorf("joined as %+v (%v), want %s", a, err, tc.want)
				}
			})
		}
		// The operator's invitation has no maker and is kept as made.
		link, err := acc.CreateInvitation(f.system, &store.Invitation{Email: "by-operator@example.org", Role: passerelle.RoleAdmin})
		if err != nil {
			t.Fatal(err)
		}
		if inv, err := acc.FindInvitation(ctx, link); err != nil || inv.Role != passerelle.RoleAdmin {
			t.Fatalf("the operator's invitation: %+v %v", inv, err)
		}
	})
}
