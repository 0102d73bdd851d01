package store_test

import (
	"context"
	"testing"
	"time"

	"passerelle"
	"passerelle/store"
)

// Reset links: used once, dead after their time or once another is used, limited per
// address asked, and made by an administrator only for users of their workspace alone.
func TestPasswordReset(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		users := store.NewUserService(db)
		acc := store.NewAccountService(db)
		mk := func(sys context.Context, email string, member int64, role passerelle.Role) *passerelle.User {
			t.Helper()
			u := &passerelle.User{Email: email, Name: email}
			must(t, users.CreateUser(sys, u))
			must(t, acc.SetPassword(sys, u.ID, "old-secret-2026"))
			must(t, users.SetMembership(sys, &passerelle.Membership{UserID: u.ID, MemberID: member, Role: role}))
			return u
		}
		admin := mk(f.system, "admin@example.org", 0, passerelle.RoleAdmin)
		coord := mk(f.system, "coord@example.org", 0, passerelle.RoleCoordinator)
		alice := mk(f.system, "alice@example.org", f.memberA.ID, passerelle.RoleMember)
		both := mk(f.system, "both@example.org", f.memberA.ID, passerelle.RoleMember)
		must(t, users.SetMembership(f.otherSystem, &passerelle.Membership{UserID: both.ID, Role: passerelle.RoleViewer}))
		otherAdmin := mk(f.otherSystem, "oadmin@example.org", 0, passerelle.RoleAdmin)
		as := func(u *passerelle.User, ws int64) context.Context {
			a, err := acc.ActorFor(ctx, u.ID, ws)
			must(t, err)
			return passerelle.NewContextWithActor(ctx, a)
		}
		adminCtx := as(admin, f.ws.ID)

		for _, tc := range []struct {
			name string
			ctx  context.Context
			user int64
			code string
		}{
			{"coordinator", as(coord, f.ws.ID), alice.ID, passerelle.EFORBIDDEN},
			{"member", as(alice, f.ws.ID), alice.ID, passerelle.EFORBIDDEN},
			{"administrator of another workspace", as(otherAdmin, 0), alice.ID, passerelle.ENOTFOUND},
			{"user of two workspaces", adminCtx, both.ID, passerelle.EFORBIDDEN},
			{"unknown user", adminCtx, 99999, passerelle.ENOTFOUND},
		} {
			if _, err := acc.CreatePasswordResetLink(tc.ctx, tc.user); passerelle.ErrorCode(err) != tc.code {
				t.Errorf("%s: %v, want %s", tc.name, err, tc.code)
			}
		}

		link, err := acc.CreatePasswordResetLink(adminCtx, alice.ID)
		must(t, err)
		if r, err := acc.FindPasswordReset(ctx, link); err != nil || r.UserID != alice.ID {
			t.Fatalf("find: %+v %v", r, err)
		}
		// A weak password spends nothing.
		if _, err := acc.ResetPassword(ctx, link, "password"); passerelle.ErrorCode(err) != passerelle.EINVALID {
			t.Errorf("weak password: %v", err)
		}
		epoch, _ := acc.SessionEpoch(ctx, alice.ID)
		_, tok, err := acc.CreateAPIToken(as(alice, f.ws.ID), alice.ID, "t")
		must(t, err)
		second, err := acc.CreatePasswordResetLink(adminCtx, alice.ID)
		must(t, err)
		if u, err := acc.ResetPassword(ctx, link, "new-secret-2027"); err != nil || u.ID != alice.ID {
			t.Fatalf("reset: %v", err)
		}
		if _, err := acc.Authenticate(ctx, "alice@example.org", "new-secret-2027", "t"); err != nil {
			t.Errorf("new password refused: %v", err)
		}
		if _, err := acc.Authenticate(ctx, "alice@example.org", "old-secret-2026", "t"); err == nil {
			t.Error("old password still accepted")
		}
		if e, _ := acc.SessionEpoch(ctx, alice.ID); e != epoch+1 {
			t.Errorf("session epoch %d, want %d", e, epoch+1)
		}
		if _, err := acc.ActorForToken(ctx, tok); err == nil {
			t.Error("API token survived the reset")
		}
		for name, l := range map[string]string{"used": link, "other pending": second, "guessed": "pwr_" + link[4:10]} {
			if _, err := acc.ResetPassword(ctx, l, "third-secret-2028"); passerelle.ErrorCode(err) != passerelle.ENOTFOUND {
				t.Errorf("%s link: %v", name, err)
			}
		}

		// Expiry: an hour for a mailed link.
		secret, u, err := acc.RequestPasswordReset(ctx, "Alice@Example.org ", "10.0.0.1")
		must(t, err)
		if u.ID != alice.ID {
			t.Fatalf("request found user %d", u.ID)
		}
		now := db.Now
		db.Now = func() time.Time { return now().Add(store.MailedResetTTL + time.Minute) }
		if _, err := acc.FindPasswordReset(ctx, secret); passerelle.ErrorCode(err) != passerelle.ENOTFOUND {
			t.Errorf("expired link: %v", err)
		}
		if _, err := acc.ResetPassword(ctx, secret, "fourth-secret-2029"); passerelle.ErrorCode(err) != passerelle.ENOTFOUND {
			t.Errorf("expired link reset: %v", err)
		}
		db.Now = now

		// Unknown addresses count against the limits as known ones do.
		if _, _, err := acc.RequestPasswordReset(ctx, "nobody@example.org", "10.0.0.2"); passerelle.ErrorCode(err) != passerelle.ENOTFOUND {
			t.Errorf("unknown address: %v", err)
		}
		for i := 0; i < 2; i++ {
			if _, _, err := acc.RequestPasswordReset(ctx, "alice@example.org", "10.0.0.3"); err != nil {
				t.Fatalf("request %d: %v", i+2, err)
			}
		}
		if _, _, err := acc.RequestPasswordReset(ctx, "alice@example.org", "10.0.0.4"); passerelle.ErrorCode(err) != passerelle.EBUSY {
			t.Errorf("fourth request within the window: %v", err)
		}
	})
}
