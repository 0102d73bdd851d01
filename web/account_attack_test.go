package web_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"passerelle"
	"passerelle/store"
)

// TestAccountAttack attacks invitations, roles, password reset links and API tokens as
// an outsider would: a link used twice or after it should have died, a manager granting
// more than it holds, a token of a removed user or of another workspace. Each refusal
// changes nothing.
func TestAccountAttack(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) { testAccountAttack(t, db) })
	}
}

func testAccountAttack(t *testing.T, db *store.DB) {
	ctx := context.Background()
	w := newWorld(t, db)
	sys := passerelle.NewContextWithActor(ctx, passerelle.SystemActor(w.ws.ID))
	osys := passerelle.NewContextWithActor(ctx, passerelle.SystemActor(w.ws.ID+1))
	users, acc := store.NewUserService(db), store.NewAccountService(db)
	adm := &passerelle.User{Email: "admin@example.org", Name: "admin"}
	must(t, users.CreateUser(sys, adm))
	must(t, acc.SetPassword(sys, adm.ID, testPassword))
	must(t, users.SetMembership(sys, &passerelle.Membership{UserID: adm.ID, MemberID: w.alpha.ID, Role: passerelle.RoleAdmin}))
	admin, coord, viewer, bob, other := w.client(t, "admin"), w.client(t, "coord"), w.client(t, "viewer"), w.client(t, "bob"), w.client(t, "otheradmin")
	roleOf := func(u int64) string {
		t.Helper()
		ms, err := users.FindMemberships(sys)
		must(t, err)
		for _, m := range ms {
			if m.UserID == u {
				return string(m.Role) + "/" + id(m.MemberID)
			}
		}
		return ""
	}

	// Invitations: a manager grants no more than it may; a used link is dead.
	for _, c := range []struct {
		who  *client
		body string
		want int
	}{
		{coord, form("email", "x1@example.org", "role", "admin", "member_id", id(w.beta.ID)), http.StatusUnprocessableEntity},
		{coord, form("email", "x2@example.org", "role", "member", "member_id", id(w.alpha.ID)), http.StatusUnprocessableEntity},
		{coord, form("email", "x3@example.org", "role", "superuser"), http.StatusUnprocessableEntity},
		{coord, form("email", "bob@example.org", "role", "coordinator"), http.StatusUnprocessableEntity},
		{coord, form("email", "x4@example.org", "role", "member", "member_id", "-1"), http.StatusUnprocessableEntity},
		{admin, form("email", "x5@example.org", "role", "member", "member_id", "99999999999999999999999"), http.StatusUnprocessableEntity},
		{admin, form("email", "x6@example.org", "role", "member", "member_id", id(w.ws.ID+1000)), http.StatusUnprocessableEntity},
		{coord, form("email", strings.Repeat("x", 5000)+"@example.org", "role", "member"), http.StatusUnprocessableEntity},
		{coord, form("email", "x7@example.org\r\nBcc: victim@example.org", "role", "member"), http.StatusUnprocessableEntity},
		{viewer, form("email", "x8@example.org", "role", "viewer"), http.StatusForbidden},
		{bob, form("email", "x9@example.org", "role", "viewer"), http.StatusForbidden},
	} {
		res, body := c.who.do("POST", "/invitations", formType, c.body, false)
		if res.StatusCode != c.want || invitationLink.MatchString(body) {
			t.Errorf("invite %.80s: %d, want %d", c.body, res.StatusCode, c.want)
		}
	}
	if invs, err := acc.FindInvitations(sys); err != nil || len(invs) != 0 {
		t.Errorf("refused invitations were recorded: %d %v", len(invs), err)
	}
	_, body := coord.do("POST", "/invitations", formType, form("email", "newcomer@example.org", "role", "member"), false)
	link := invitationLink.FindString(body)
	if link == "" {
		t.Fatal("no invitation link")
	}
	anon := w.client(t, "")
	if res, _ := anon.do("POST", link, formType, form("name", "New", "password", "a-fine-new-secret-9"), false); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("accept: %d", res.StatusCode)
	}
	for _, c := range []*client{w.client(t, ""), w.client(t, "alice")} {
		for _, m := range []string{"GET", "POST"} {
			if res, _ := c.do(m, link, formType, form("name", "Again", "password", "another-fine-secret-7"), false); res.StatusCode != http.StatusNotFound {
				t.Errorf("%s of a used invitation: %d, want 404", m, res.StatusCode)
			}
		}
	}
	for _, p := range []string{"/invitations/inv_" + strings.Repeat("A", 43), "/invitations/" + strings.Repeat("x", 4000), "/invitations/%00", "/invitations/inv_"} {
		if res, _ := anon.do("POST", p, formType, form("password", "a-fine-new-secret-9"), false); res.StatusCode < 400 || res.StatusCode >= 500 {
			t.Errorf("POST %.60s: %d, want a 4xx", p, res.StatusCode)
		}
	}

	// Roles: a coordinator grants no administrator role, moves nobody, removes no
	// administrator; nobody changes or removes themselves; another workspace's user
	// is not found.
	bobID, admID := id(w.users["bob"].ID), id(adm.ID)
	before := map[int64]string{}
	for _, u := range []int64{w.users["bob"].ID, adm.ID, w.users["coord"].ID, w.users["otheradmin"].ID} {
		before[u] = roleOf(u)
	}
	for _, c := range []struct {
		who        *client
		path, body string
		want       int
	}{
		{coord, "/users/" + bobID + "/role", form("role", "admin", "member_id", id(w.beta.ID)), http.StatusForbidden},
		{coord, "/users/" + bobID + "/role", form("role", "member", "member_id", id(w.alpha.ID)), http.StatusForbidden},
		{coord, "/users/" + admID + "/role", form("role", "viewer", "member_id", id(w.alpha.ID)), http.StatusForbidden},
		{coord, "/users/" + admID + "/remove", "", http.StatusForbidden},
		{coord, "/users/" + id(w.users["coord"].ID) + "/role", form("role", "admin", "member_id", id(w.beta.ID)), http.StatusUnprocessableEntity},
		{admin, "/users/" + admID + "/role", form("role", "viewer", "member_id", id(w.alpha.ID)), http.StatusUnprocessableEntity},
		{admin, "/users/" + admID + "/remove", "", http.StatusUnprocessableEntity},
		{admin, "/users/" + bobID + "/role", form("role", "root", "member_id", id(w.beta.ID)), http.StatusUnprocessableEntity},
		{admin, "/users/" + bobID + "/role", form("role", "member", "member_id", "-7"), http.StatusUnprocessableEntity},
		{admin, "/users/" + bobID + "/role", form("role", "member", "member_id", id(w.ws.ID+1000)), http.StatusUnprocessableEntity},
		{admin, "/users/" + id(w.users["otheradmin"].ID) + "/role", form("role", "viewer"), http.StatusNotFound},
		{admin, "/users/" + id(w.users["otheradmin"].ID) + "/remove", "", http.StatusNotFound},
		{admin, "/users/-1/role", form("role", "viewer"), http.StatusNotFound},
		{admin, "/users/99999999999999999999/remove", "", http.StatusNotFound},
		{other, "/users/" + bobID + "/remove", "", http.StatusNotFound},
		{bob, "/users/" + bobID + "/role", form("role", "admin"), http.StatusForbidden},
	} {
		res, body := c.who.do("POST", c.path, formType, c.body, false)
		if res.StatusCode != c.want {
			t.Errorf("POST %s %s: %d, want %d (%.200s)", c.path, c.body, res.StatusCode, c.want, body)
		}
	}
	for u, r := range before {
		if got := roleOf(u); got != r {
			t.Errorf("user %d: %s after refused requests, was %s", u, got, r)
		}
	}
	// The store refuses a coordinator's removal of an administrator, whatever the route.
	coordCtx, err := acc.ActorFor(ctx, w.users["coord"].ID, w.ws.ID)
	must(t, err)
	if err := acc.RemoveMembership(passerelle.NewContextWithActor(ctx, coordCtx), adm.ID); passerelle.ErrorCode(err) != passerelle.EFORBIDDEN {
		t.Errorf("a coordinator removes an administrator in the store: %v", err)
	}

	// Password reset links: once, for the time given, and an administrator's link dies
	// when its user opens a workspace the administrator does not administer.
	res, body := admin.do("POST", "/users/"+id(w.users["alice"].ID)+"/reset-link", formType, "", false)
	aliceLink := resetLink.FindString(body)
	if res.StatusCode != http.StatusOK || aliceLink == "" {
		t.Fatalf("admin makes a link: %d", res.StatusCode)
	}
	must(t, users.SetMembership(osys, &passerelle.Membership{UserID: w.users["alice"].ID, Role: passerelle.RoleViewer}))
	for _, m := range []string{"GET", "POST"} {
		if res, _ := w.client(t, "").do(m, aliceLink, formType, form("password", "taken-over-secret-42"), false); res.StatusCode != http.StatusNotFound {
			t.Errorf("%s of an administrator's link after its user joined another workspace: %d, want 404", m, res.StatusCode)
		}
	}
	if _, err := acc.Authenticate(ctx, "alice@example.org", testPassword, "127.0.0.9"); err != nil {
		t.Errorf("alice's password changed: %v", err)
	}
	res, body = admin.do("POST", "/users/"+id(w.users["coord"].ID)+"/reset-link", formType, "", false)
	coordLink := resetLink.FindString(body)
	if coordLink == "" {
		t.Fatalf("admin makes a link for the coordinator: %d", res.StatusCode)
	}
	c := w.client(t, "")
	if res, _ := c.do("POST", coordLink, formType, form("password", "coord-new-secret-42"), false); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("reset: %d", res.StatusCode)
	}
	if res, _ := w.client(t, "").do("POST", coordLink, formType, form("password", "coord-again-secret-42"), false); res.StatusCode != http.StatusNotFound {
		t.Errorf("a used reset link: %d, want 404", res.StatusCode)
	}
	res, body = admin.do("POST", "/users/"+bobID+"/reset-link", formType, "", false)
	bobLink := resetLink.FindString(body)
	if bobLink == "" {
		t.Fatalf("admin makes a link for bob: %d", res.StatusCode)
	}
	late, clock := w.client(t, ""), db.Now
	db.Now = func() time.Time { return clock().Add(store.AdminResetTTL + time.Minute) }
	res, _ = late.do("POST", bobLink, formType, form("password", "bob-new-secret-4242"), false)
	db.Now = clock
	if res.StatusCode != http.StatusNotFound {
		t.Errorf("an expired reset link: %d, want 404", res.StatusCode)
	}
	for _, p := range []string{"/password/reset/pwr_" + strings.Repeat("A", 43), "/password/reset/" + strings.Repeat("y", 4000), "/password/reset/pwr_"} {
		if res, _ := w.client(t, "").do("POST", p, formType, form("password", "whatever-secret-42"), false); res.StatusCode != http.StatusNotFound {
			t.Errorf("POST %.60s: %d, want 404", p, res.StatusCode)
		}
	}

	// API tokens: listed without their secret; a viewer's writes nothing; another
	// workspace's reads nothing here; a removed user's is dead; another user's is not
	// theirs to revoke.
	for _, path := range []string{"/account", "/api/v1/tokens"} {
		if _, body := bob.do("GET", path, "", "", strings.HasPrefix(path, "/api/")); strings.Contains(body, w.tokens["bob"]) || strings.Contains(body, "pst_") {
			t.Errorf("GET %s shows a token's secret", path)
		}
	}
	if res, _ := viewer.do("POST", "/api/v1/organizations", "application/json", `{"name":"Viewer Org","kind":"company"}`, true); res.StatusCode != http.StatusForbidden {
		t.Errorf("a viewer's token creates: %d, want 403", res.StatusCode)
	}
	if res, _ := other.do("GET", "/api/v1/organizations/"+id(w.shared.ID), "", "", true); res.StatusCode != http.StatusNotFound {
		t.Errorf("another workspace's token reads: %d, want 404", res.StatusCode)
	}
	if res, _ := bob.do("POST", "/account/tokens/"+id(w.tokenIDs["alice"])+"/delete", formType, "", false); res.StatusCode != http.StatusNotFound {
		t.Errorf("bob revokes alice's token: %d, want 404", res.StatusCode)
	}
	if res, _ := bob.do("POST", "/account/tokens", formType, form("name", strings.Repeat("n", 100000)), false); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("a token named with 100,000 characters: %d, want 422", res.StatusCode)
	}
	if toks, err := acc.FindAPITokens(passerelle.NewContextWithActor(ctx, &passerelle.Actor{WorkspaceID: w.ws.ID, UserID: w.users["bob"].ID, Role: passerelle.RoleMember})); err != nil || len(toks) != 1 {
		t.Errorf("bob's tokens after the refusals: %d %v", len(toks), err)
	}
	if res, _ := admin.do("POST", "/users/"+bobID+"/remove", formType, "", false); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("remove bob: %d", res.StatusCode)
	}
	if res, _ := bob.do("GET", "/api/v1/organizations", "", "", true); res.StatusCode != http.StatusUnauthorized {
		t.Errorf("a removed user's token: %d, want 401", res.StatusCode)
	}
	if res, _ := bob.do("GET", "/organizations", "", "", false); res.StatusCode == http.StatusOK {
		t.Errorf("a removed user's session still reads: %d", res.StatusCode)
	}
}
