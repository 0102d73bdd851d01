package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

func form(kv ...string) string {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Add(kv[i], kv[i+1])
	}
	return v.Encode()
}

const formType = "application/x-www-form-urlencoded"

func TestInvitationAndPassword(t *testing.T) {
	w := newWorld(t, testDBs(t)["sqlite"])
	coord := w.client(t, "coord")
	res, body := coord.do("POST", "/invitations", formType, form("email", "newcomer@example.org", "role", "member", "member_id", id(w.beta.ID)), false)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("invite: %d", res.StatusCode)
	}
	// Without a mail server the link is shown to the inviting manager.
	link := regexp.MustCompile(`/invitations/inv_[A-Za-z0-9_-]+`).FindString(body)
	if link == "" {
		t.Fatalf("no invitation link shown: %.300s", body)
	}
	// A coordinator cannot make administrators.
	if res, _ := coord.do("POST", "/invitations", formType, form("email", "boss@example.org", "role", "admin"), false); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("coordinator invites an admin: %d", res.StatusCode)
	}

	guest := w.client(t, "")
	if res, body := guest.get(link); res.StatusCode != http.StatusOK || !strings.Contains(body, "newcomer@example.org") {
		t.Fatalf("invitation page: %d", res.StatusCode)
	}
	// A short password is refused next to the field, the name kept.
	res, body = guest.do("POST", link, formType, form("name", "New Comer", "password", "short"), false)
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "New Comer") || !strings.Contains(body, `class="error"`) {
		t.Fatalf("short password: %d", res.StatusCode)
	}
	res, _ = guest.do("POST", link, formType, form("name", "New Comer", "password", "a-fine-password"), false)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("accept: %d", res.StatusCode)
	}
	if res, body := guest.get("/account"); res.StatusCode != http.StatusOK || !strings.Contains(body, "newcomer@example.org") {
		t.Fatalf("signed in after accepting: %d", res.StatusCode)
	}
	if res, _ := w.client(t, "").get(link); res.StatusCode != http.StatusNotFound {
		t.Errorf("used invitation: %d, want 404", res.StatusCode)
	}

	// Password change: the current password is checked, the two new ones must match.
	if res, body := guest.do("POST", "/account/password", formType, form("current_password", "", "new_password", "another-password", "confirm_password", "another-password"), false); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "required") {
		t.Errorf("a change without the current password: %d", res.StatusCode)
	}
	if res, _ := guest.do("POST", "/account/password", formType, form("current_password", "wrong-one", "new_password", "another-password", "confirm_password", "another-password"), false); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("wrong current password: %d", res.StatusCode)
	}
	if res, _ := guest.do("POST", "/account/password", formType, form("current_password", "a-fine-password", "new_password", "another-password", "confirm_password", "another-password"), false); res.StatusCode != http.StatusSeeOther {
		t.Errorf("change password: %d", res.StatusCode)
	}
	fresh := w.client(t, "")
	if res, _ := fresh.do("POST", "/login", formType, form("email", "newcomer@example.org", "password", "another-password"), false); res.StatusCode != http.StatusSeeOther {
		t.Errorf("sign in with the new password: %d", res.StatusCode)
	}
}

func TestSignInRateLimitAndSession(t *testing.T) {
	w := newWorld(t, testDBs(t)["sqlite"])
	c := w.client(t, "")
	res, _ := c.do("POST", "/login", formType, form("email", "bob@example.org", "password", testPassword), false)
	first := res.Header.Get("Set-Cookie")
	if res.StatusCode != http.StatusSeeOther || !strings.Contains(first, "HttpOnly") || !strings.Contains(first, "SameSite=Lax") {
		t.Fatalf("sign in: %d %s", res.StatusCode, first)
	}
	for i := 0; i < 10; i++ {
		res, body := c.do("POST", "/login", formType, form("email", "bob@example.org", "password", "not-the-password"), false)
		if res.StatusCode != http.StatusUnauthorized || !strings.Contains(body, "bob@example.org") {
			t.Fatalf("wrong password %d: %d", i, res.StatusCode)
		}
	}
	// 429 with the seconds until the oldest failure leaves the 15-minute window.
	if res, _ := c.do("POST", "/login", formType, form("email", "bob@example.org", "password", testPassword), false); res.StatusCode != http.StatusTooManyRequests ||
		res.Header.Get("Retry-After") < "1" || len(res.Header.Get("Retry-After")) > 3 {
		t.Errorf("after 10 failures: %d, Retry-After %q, want 429 and at most 900 s", res.StatusCode, res.Header.Get("Retry-After"))
	}
	// Another account from the same address is not locked by bob's failures.
	if res, _ := w.client(t, "").do("POST", "/login", formType, form("email", "alice@example.org", "password", testPassword), false); res.StatusCode != http.StatusSeeOther {
		t.Errorf("alice: %d", res.StatusCode)
	}
	// Cross-site form posts are refused before any handler.
	req, _ := http.NewRequest("POST", w.srv.URL+"/login", strings.NewReader(form("email", "a", "password", "b")))
	req.Header.Set("Content-Type", formType)
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	req.Header.Set("Origin", "https://evil.example")
	if res, err := http.DefaultClient.Do(req); err != nil || res.StatusCode != http.StatusForbidden {
		t.Errorf("cross-site sign-in: %v %v", res, err)
	}
}

func TestHeadersLanguageAndFreshResults(t *testing.T) {
	w := newWorld(t, testDBs(t)["sqlite"])
	c := w.client(t, "bob")
	res, body := c.get("/organizations")
	for h, want := range map[string]string{"Content-Security-Policy": "frame-ancestors 'none'", "X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin"} {
		if !strings.Contains(res.Header.Get(h), want) {
			t.Errorf("%s = %q", h, res.Header.Get(h))
		}
	}
	if !strings.Contains(body, "Denmark") || strings.Contains(body, "<script>") {
		t.Errorf("English page: %.200s", body)
	}
	// Assets are served at checksum names with a long cache.
	css := regexp.MustCompile(`/static/app\.[0-9a-f]{8}\.css`).FindString(body)
	if res, _ := c.get(css); css == "" || res.StatusCode != http.StatusOK || !strings.Contains(res.Header.Get("Cache-Control"), "immutable") {
		t.Errorf("asset %q", css)
	}
	// Switching the language.
	if res, _ := c.do("POST", "/lang", formType, form("lang", "fr", "next", "/organizations"), false); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("lang: %d", res.StatusCode)
	}
	if _, body := c.get("/organizations"); !strings.Contains(body, "Danemark") || !strings.Contains(body, `lang="fr"`) {
		t.Errorf("French page lacks French")
	}
	// Accept-Language decides for a visitor without the cookie.
	req, _ := http.NewRequest("GET", w.srv.URL+"/login", nil)
	req.Header.Set("Accept-Language", "fr-CA,fr;q=0.9,en;q=0.5")
	if res, err := http.DefaultClient.Do(req); err == nil {
		b := make([]byte, 4096)
		n, _ := res.Body.Read(b)
		res.Body.Close()
		if !strings.Contains(string(b[:n]), `lang="fr"`) {
			t.Errorf("Accept-Language fr not honoured")
		}
	}
	// Results change at once after a change (the search cache is keyed on the version).
	if _, body := c.do("GET", "/api/v1/organizations?q=zanzibar", "", "", true); !strings.Contains(body, `"total":0`) {
		t.Fatalf("before: %s", body)
	}
	if res, body := c.do("POST", "/api/v1/organizations", "application/json", `{"name":"Zanzibar Biotech","kind":"company","country":"TZ"}`, true); res.StatusCode != http.StatusCreated {
		t.Fatalf("create: %d %s", res.StatusCode, body)
	}
	if _, body := c.do("GET", "/api/v1/organizations?q=zanzibar", "", "", true); !strings.Contains(body, `"total":1`) {
		t.Errorf("after: %s", body)
	}
	// Script-like input is escaped on pages.
	c.do("POST", "/api/v1/organizations", "application/json", `{"name":"<script>alert(1)</script> Evil","kind":"company"}`, true)
	if _, body := c.get("/organizations?q=evil"); strings.Contains(body, "<script>alert") || !strings.Contains(body, "&lt;script&gt;") {
		t.Errorf("unescaped input on the page")
	}
}

func TestWorkspaceSwitch(t *testing.T) {
	w := newWorld(t, testDBs(t)["sqlite"])
	c := w.client(t, "bob")
	// bob has no membership in "other": a forged id gets nothing.
	if res, _ := c.do("POST", "/account/workspace", formType, form("workspace_id", "2"), false); res.StatusCode != http.StatusNotFound {
		t.Errorf("switch to a workspace bob is not in: %d", res.StatusCode)
	}
	if res, _ := c.do("POST", "/account/workspace", formType, form("workspace_id", id(w.ws.ID)), false); res.StatusCode != http.StatusSeeOther {
		t.Errorf("switch to his own workspace: %d", res.StatusCode)
	}
	if res, body := c.get("/organizations"); res.StatusCode != http.StatusOK || !strings.Contains(body, sharedOrgName) {
		t.Errorf("after switching: %d", res.StatusCode)
	}
}
