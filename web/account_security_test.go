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

// A signed-in visitor of /login is sent to next only when it is a local path: a tab
// that browsers strip ("/\t/evil.example" becomes "//evil.example") must not lead off-site.
func TestSignedInNextStaysLocal(t *testing.T) {
	w := newWorld(t, testDBs(t)["sqlite"])
	c := w.client(t, "bob")
	for next, want := range map[string]string{
		"%2F%09%2Fevil.example":      "/",
		"%2F%5Cevil.example":         "/",
		"%2F%2Fevil.example":         "/",
		"https%3A%2F%2Fevil.example": "/",
		"%2Forganizations%3Fq%3Dbio": "/organizations?q=bio",
	} {
		res, _ := c.get("/login?next=" + next)
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != want {
			t.Errorf("next=%s: %d Location %q, want %q", next, res.StatusCode, res.Header.Get("Location"), want)
		}
	}
}

// Weak new passwords are refused next to the field, in the page's language.
func TestWeakPasswordRefused(t *testing.T) {
	w := newWorld(t, testDBs(t)["sqlite"])
	c := w.client(t, "bob")
	for _, tc := range []struct{ lang, pw, want string }{
		{"en", "1234567890", "too common"},
		{"en", "aaaaaaaaaa", "too simple"},
		{"fr", "Password2024!", "trop courant"},
		{"fr", "abcdefghijk", "trop simple"},
	} {
		c.do("POST", "/lang", formType, form("lang", tc.lang), false)
		res, body := c.do("POST", "/account/password", formType, form("current_password", testPassword, "new_password", tc.pw, "confirm_password", tc.pw), false)
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, tc.want) {
			t.Errorf("%s %q: %d, want 422 with %q", tc.lang, tc.pw, res.StatusCode, tc.want)
		}
	}
}

// With every password-hashing slot taken, a sign-in answers 429 with a clear message
// (page), and so does a password change; once a slot is free, sign-in works again.
func TestSignInBusy(t *testing.T) {
	db := testDBs(t)["sqlite"]
	db.Hashing = store.NewPasswordLimiter(1, 10*time.Millisecond)
	w := newWorld(t, db)
	bob := w.client(t, "bob")
	release, err := db.Hashing.Acquire(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	c := w.client(t, "")
	res, body := c.do("POST", "/login", formType, form("email", "alice@example.org", "password", testPassword), false)
	if res.StatusCode != http.StatusTooManyRequests || res.Header.Get("Retry-After") == "" || !strings.Contains(body, "too many sign-ins at once") {
		t.Errorf("sign-in with hashing full: %d %q", res.StatusCode, res.Header.Get("Retry-After"))
	}
	res, _ = bob.do("POST", "/account/password", formType, form("current_password", testPassword, "new_password", "bob-new-secret-42", "confirm_password", "bob-new-secret-42"), false)
	if res.StatusCode != http.StatusTooManyRequests {
		t.Errorf("password change with hashing full: %d", res.StatusCode)
	}
	release()
	if res, _ := c.do("POST", "/login", formType, form("email", "alice@example.org", "password", testPassword), false); res.StatusCode != http.StatusSeeOther {
		t.Errorf("sign-in after release: %d", res.StatusCode)
	}
}

// A password change ends every other session of the user and revokes the user's API
// tokens; the session that made the change carries on. An operator's reset (the
// store's SetPassword, as `passerelle user add` calls it) ends them all.
func TestPasswordChangeEndsOtherSessions(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) {
			w := newWorld(t, db)
			here, there := w.client(t, "bob"), w.client(t, "bob")
			other := w.client(t, "alice")
			api := w.client(t, "bob") // for its token
			if res, _ := there.get("/organizations"); res.StatusCode != http.StatusOK {
				t.Fatalf("second session before: %d", res.StatusCode)
			}
			res, _ := here.do("POST", "/account/password", formType, form("current_password", testPassword, "new_password", "bob-new-secret-42", "confirm_password", "bob-new-secret-42"), false)
			if res.StatusCode != http.StatusSeeOther {
				t.Fatalf("change: %d", res.StatusCode)
			}
			if res, _ := here.get("/organizations"); res.StatusCode != http.StatusOK {
				t.Errorf("the session that changed the password: %d, want 200", res.StatusCode)
			}
			if res, _ := there.get("/organizations"); res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/login") {
				t.Errorf("another session of bob after the change: %d, want a redirect to sign in", res.StatusCode)
			}
			if res, _ := there.do("GET", "/api/v1/me", "", "", false); res.StatusCode != http.StatusUnauthorized {
				t.Errorf("another session of bob on the API: %d, want 401", res.StatusCode)
			}
			if res, _ := api.do("GET", "/api/v1/me", "", "", true); res.StatusCode != http.StatusUnauthorized {
				t.Errorf("bob's API token after the change: %d, want 401", res.StatusCode)
			}
			if res, _ := other.get("/organizations"); res.StatusCode != http.StatusOK {
				t.Errorf("alice's session: %d", res.StatusCode)
			}
			// The operator resets bob's password: the session that changed it ends too.
			sys := passerelle.NewContextWithActor(context.Background(), passerelle.SystemActor(w.ws.ID))
			must(t, store.NewAccountService(db).SetPassword(sys, w.users["bob"].ID, "operator-reset-2026"))
			// Another process's change shows within 2 s; any change handled here, at once.
			other.do("POST", "/lang", formType, form("lang", "en"), false)
			if res, _ := here.get("/organizations"); res.StatusCode != http.StatusSeeOther {
				t.Errorf("bob's session after an operator's reset: %d, want a redirect to sign in", res.StatusCode)
			}
			if res, _ := other.get("/organizations"); res.StatusCode != http.StatusOK {
				t.Errorf("alice's session after bob's reset: %d", res.StatusCode)
			}
		})
	}
}
