package web_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"

	"passerelle/store/storetest"
	"passerelle/web"
)

// TestTwoServersOnePostgres runs two servers, each with its own pool, on one PostgreSQL
// database and drives both: a session opened on one is valid on the other, sign-in
// failures counted on one stop the account on the other, and concurrent saves of one
// version through both servers leave exactly one winner (no lost update).
func TestTwoServersOnePostgres(t *testing.T) {
	u := os.Getenv(storetest.EnvPostgres)
	if u == "" {
		t.Skip(storetest.EnvPostgres + " not set")
	}
	dbA, dbB := storetest.PostgresTwice(t, u)
	w := newWorld(t, dbA)
	hB, err := web.NewServer(dbB, web.Options{Version: "test"})
	must(t, err)
	srvB := httptest.NewServer(hB)
	defer srvB.Close()

	// A session signed in on A works on B.
	alice := w.client(t, "alice")
	base, _ := url.Parse(w.srv.URL)
	other, _ := url.Parse(srvB.URL)
	alice.http.Jar.SetCookies(other, alice.http.Jar.Cookies(base))
	onB := *alice
	onB.base = srvB.URL
	if res, body := onB.get("/organizations"); res.StatusCode != http.StatusOK || !strings.Contains(body, sharedOrgName) {
		t.Fatalf("A's session on B: %d", res.StatusCode)
	}

	// Sign-in failures on A count on B.
	anon := w.client(t, "")
	for i := range 10 {
		anon.do("POST", "/login", formType, form("email", "viewer@example.org", "password", fmt.Sprint("wrong", i)), false)
	}
	anonB := *anon
	anonB.base = srvB.URL
	if res, _ := anonB.do("POST", "/login", formType, form("email", "viewer@example.org", "password", testPassword), false); res.StatusCode != http.StatusTooManyRequests {
		t.Errorf("after 10 failures on A, sign-in on B: %d, want 429", res.StatusCode)
	}

	// Concurrent saves of the same version through both servers: one wins.
	path := fmt.Sprintf("/api/v1/organizations/%d", w.shared.ID)
	_, body := alice.do("GET", path, "", "", true)
	var v int64
	if i := strings.Index(body, `"version":`); i >= 0 {
		fmt.Sscan(body[i+len(`"version":`):], &v)
	}
	if v < 1 {
		t.Fatalf("no version in %s", body)
	}
	const n = 10
	codes := make([]int, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := *alice
			if i%2 == 1 {
				c.base = srvB.URL
			}
			res, _ := c.do("PATCH", path, "application/json", fmt.Sprintf(`{"city":"City %d","version":%d}`, i, v), true)
			codes[i] = res.StatusCode
		}()
	}
	wg.Wait()
	won := 0
	for _, c := range codes {
		switch c {
		case 200:
			won++
		case 409:
		default:
			t.Errorf("concurrent PATCH: %d", c)
		}
	}
	_, body = onB.do("GET", path, "", "", true)
	if won != 1 || !strings.Contains(body, fmt.Sprintf(`"version":%d`, v+1)) {
		t.Errorf("%d of %d concurrent saves of version %d won (codes %v); now %s", won, n, v, codes, body)
	}
}
