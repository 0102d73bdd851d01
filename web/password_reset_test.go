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

var resetLink = regexp.MustCompile(`/password/reset/pwr_[A-Za-z0-9_-]+`)

// By e-mail: the forgotten-password page answers alike for known and unknown addresses,
// the link works once, signs its owner in and ends their other sessions and tokens.
func TestPasswordResetByMail(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) {
			w := newWorld(t, db)
			mail, base, anon := mailServer(t, db)
			old := anon()
			if res, _ := old.do("POST", "/login", formType, form("email", "alice@example.org", "password", testPassword), false); res.StatusCode != http.StatusSeeOther {
				t.Fatalf("sign in: %d", res.StatusCode)
			}
			c := anon()
			if _, body := c.get("/login"); !strings.Contains(body, `href="/password/forgot"`) {
				t.Error("the sign-in page has no link to the forgotten-password page")
			}
			resKnown, bodyKnown := c.do("POST", "/password/forgot", formType, form("email", "alice@example.org"), false)
			resUnknown, bodyUnknown := c.do("POST", "/password/forgot", formType, form("email", "nobody@example.org"), false)
			if resKnown.StatusCode != http.StatusOK || resUnknown.StatusCode != resKnown.StatusCode ||
				!strings.Contains(bodyKnown, `id="reset-sent"`) || !strings.Contains(bodyUnknown, `id="reset-sent"`) {
				t.Errorf("answers differ or fail: %d %d", resKnown.StatusCode, resUnknown.StatusCode)
			}
			if _, ok := mail.sent["nobody@example.org"]; ok {
				t.Error("mail sent to an address without an account")
			}
			link := resetLink.FindString(mail.sent["alice@example.org"])
			if link == "" {
				t.Fatalf("no link in the mail: %q", mail.sent["alice@example.org"])
			}
			if res, body := c.get(link); res.StatusCode != http.StatusOK || !strings.Contains(body, "alice@example.org") {
				t.Fatalf("reset page: %d", res.StatusCode)
			}
			if res, _ := c.do("POST", link, formType, form("password", "short"), false); res.StatusCode != http.StatusUnprocessableEntity {
				t.Errorf("weak password: %d", res.StatusCode)
			}
			if res, _ := c.do("POST", link, formType, form("password", "a-brand-new-secret"), false); res.StatusCode != http.StatusSeeOther {
				t.Fatalf("reset: %d", res.StatusCode)
			}
			if got := me(c); got != "alice@example.org" {
				t.Errorf("after the reset the session holds %q", got)
			}
			if got := me(old); got != "" {
				t.Errorf("the session opened with the old password still holds %q", got)
			}
			tc := &client{t: t, base: base, http: http.DefaultClient, token: w.tokens["alice"]}
			if res, _ := tc.do("GET", "/api/v1/me", "", "", true); res.StatusCode != http.StatusUnauthorized {
				t.Errorf("API token after the reset: %d", res.StatusCode)
			}
			for _, m := range []string{"GET", "POST"} {
				if res, _ := anon().do(m, link, formType, form("password", "yet-another-secret"), false); res.StatusCode != http.StatusNotFound {
					t.Errorf("%s of a used link: %d", m, res.StatusCode)
				}
			}
			// The limit per address asked: the third request above the first two is refused.
			var res *http.Response
			for i := 0; i < 3; i++ {
				res, _ = anon().do("POST", "/password/forgot", formType, form("email", "bob@example.org"), false)
			}
			if res.StatusCode != http.StatusOK {
				t.Fatalf("third request: %d", res.StatusCode)
			}
			res, _ = anon().do("POST", "/password/forgot", formType, form("email", "bob@example.org"), false)
			if res.StatusCode != http.StatusTooManyRequests || res.Header.Get("Retry-After") == "" {
				t.Errorf("fourth request: %d, Retry-After %q", res.StatusCode, res.Header.Get("Retry-After"))
			}
		})
	}
}

// Without a mail server: the page says to ask an administrator, and only an administrator
// of the user's only workspace makes a link; a coordinator, another workspace's
// administrator, or a user who also opens another workspace are refused.
func TestPasswordResetByAdministrator(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) {
			w := newWorld(t, db)
			sys := passerelle.NewContextWithActor(context.Background(), passerelle.SystemActor(w.ws.ID))
			users := store.NewUserService(db)
			adm := &passerelle.User{Email: "admin@example.org", Name: "admin"}
			must(t, users.CreateUser(sys, adm))
			must(t, store.NewAccountService(db).SetPassword(sys, adm.ID, testPassword))
			must(t, users.SetMembership(sys, &passerelle.Membership{UserID: adm.ID, Role: passerelle.RoleAdmin}))
			// bob also opens the other workspace.
			osys := passerelle.NewContextWithActor(context.Background(), passerelle.SystemActor(w.ws.ID+1))
			must(t, users.SetMembership(osys, &passerelle.Membership{UserID: w.users["bob"].ID, Role: passerelle.RoleViewer}))

			anon := w.client(t, "")
			if _, body := anon.do("POST", "/password/forgot", formType, form("email", "alice@example.org"), false); !strings.Contains(body, `id="reset-ask-admin"`) || resetLink.MatchString(body) {
				t.Errorf("forgotten-password page without mail: %.300s", body)
			}
			alice := id(w.users["alice"].ID)
			for _, tc := range []struct {
				who, user string
				code      int
			}{
				{"coord", alice, http.StatusForbidden},
				{"alice", alice, http.StatusForbidden},
				{"otheradmin", alice, http.StatusNotFound},
				{"admin", id(w.users["bob"].ID), http.StatusForbidden},
			} {
				res, body := w.client(t, tc.who).do("POST", "/users/"+tc.user+"/reset-link", formType, "", false)
				if res.StatusCode != tc.code || resetLink.MatchString(body) {
					t.Errorf("%s makes a link for %s: %d (want %d)", tc.who, tc.user, res.StatusCode, tc.code)
				}
			}
			admin := w.client(t, "admin")
			if _, body := admin.get("/users"); !strings.Contains(body, "/users/"+alice+"/reset-link") {
				t.Error("the users page offers no reset link to the administrator")
			}
			res, body := admin.do("POST", "/users/"+alice+"/reset-link", formType, "", false)
			link := resetLink.FindString(body)
			if res.StatusCode != http.StatusOK || link == "" {
				t.Fatalf("admin makes a link: %d", res.StatusCode)
			}
			c := w.client(t, "")
			if res, _ := c.do("POST", link, formType, form("password", "a-brand-new-secret"), false); res.StatusCode != http.StatusSeeOther {
				t.Fatalf("reset: %d", res.StatusCode)
			}
			if got := me(c); got != "alice@example.org" {
				t.Errorf("after the reset the session holds %q", got)
			}
			if _, body := admin.get("/audit"); !strings.Contains(body, "password reset link made") {
				t.Error("the audit log does not show the link")
			}
		})
	}
}
