package web_test

import (
	"net/http"
	"strings"
	"testing"
)

// TestNotFoundKeepsNavigation: an address no route knows answers 404 with the page a
// signed-in user knows (their navigation, their sign-out), and the API's JSON error
// under /api/; an anonymous visitor gets the plain 404, not a sign-in redirect.
func TestNotFoundKeepsNavigation(t *testing.T) {
	db := testDBs(t)["sqlite"]
	w := newWorld(t, db)
	for _, tc := range []struct {
		user, path string
		nav        bool
	}{
		{"alice", "/no-such-page", true},
		{"alice", "/organizations/1/no-such-tab", true},
		{"", "/no-such-page", false},
	} {
		res, body := w.client(t, tc.user).get(tc.path)
		if res.StatusCode != http.StatusNotFound {
			t.Errorf("%s %s: status %d, want 404", tc.user, tc.path, res.StatusCode)
			continue
		}
		if got := strings.Contains(body, `id="signout"`); got != tc.nav {
			t.Errorf("%s %s: navigation shown %v, want %v", tc.user, tc.path, got, tc.nav)
		}
	}
	res, body := w.client(t, "").get("/api/v1/no-such-thing")
	if res.StatusCode != http.StatusNotFound || !strings.Contains(body, `"code":"not_found"`) {
		t.Errorf("API: %d %s", res.StatusCode, body)
	}
}
