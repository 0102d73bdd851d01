package web_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"passerelle/web"
)

// A session unused for more than 30 minutes ends; use keeps it alive (within the
// 7-day lifetime).
func TestSessionIdleTimeout(t *testing.T) {
	db := testDBs(t)["sqlite"]
	var skew atomic.Int64 // how far the test moved the clock
	db.Now = func() time.Time {
		return time.Now().UTC().Add(time.Duration(skew.Load())).Truncate(time.Microsecond)
	}
	w := newWorld(t, db)
	c := w.client(t, "bob")
	step := func(d time.Duration, want int) {
		t.Helper()
		skew.Add(int64(d))
		res, _ := c.get("/organizations")
		if res.StatusCode != want {
			t.Fatalf("after %v more: %d, want %d", d, res.StatusCode, want)
		}
	}
	step(0, http.StatusOK)
	step(29*time.Minute, http.StatusOK)
	step(29*time.Minute, http.StatusOK) // 58 minutes signed in, 29 idle
	step(29*time.Minute, http.StatusOK)
	step(31*time.Minute, http.StatusSeeOther)
	if res, _ := c.do("GET", "/api/v1/me", "", "", false); res.StatusCode != http.StatusUnauthorized {
		t.Errorf("API with the idle session: %d, want 401", res.StatusCode)
	}
}

// Under an https base URL the session cookie is __Host- prefixed: Secure, Path=/, no
// Domain, as the prefix requires; under plain http it keeps its plain name.
func TestSessionCookie(t *testing.T) {
	db := testDBs(t)["sqlite"]
	newWorld(t, db) // the accounts
	for base, want := range map[string]string{"https://passerelle.example.org": "__Host-passerelle_session=", "http://127.0.0.1:8080": "passerelle_session="} {
		h, err := web.NewServer(db, web.Options{BaseURL: base})
		must(t, err)
		srv := httptest.NewServer(h)
		req, _ := http.NewRequest("POST", srv.URL+"/login", strings.NewReader(form("email", "bob@example.org", "password", testPassword)))
		req.Header.Set("Content-Type", formType)
		res, err := (&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).Do(req)
		srv.Close()
		if err != nil {
			t.Fatal(err)
		}
		var cookie string
		for _, c := range res.Header.Values("Set-Cookie") {
			if strings.Contains(c, "passerelle_session=") {
				cookie = c
			}
		}
		secure := strings.HasPrefix(base, "https:")
		if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(cookie, want) || !strings.Contains(cookie, "Path=/") ||
			!strings.Contains(cookie, "HttpOnly") || !strings.Contains(cookie, "SameSite=Lax") || strings.Contains(cookie, "Domain=") ||
			strings.Contains(cookie, "Secure") != secure {
			t.Errorf("%s: %d %q", base, res.StatusCode, cookie)
		}
	}
}
