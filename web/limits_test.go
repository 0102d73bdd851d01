package web_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// TestBodyLimits: bodies over a route's bound answer 413 with a message naming the
// bound, and save nothing: a JSON object over 1 MiB, a form over 2 MiB, a declared
// Content-Length over the bound (refused before reading), a multipart form over its
// route's bound.
func TestBodyLimits(t *testing.T) {
	w := newWorld(t, testDBs(t)["sqlite"])
	alice := w.client(t, "alice")
	big := strings.Repeat("x", 1<<20)
	res, body := alice.do("POST", "/api/v1/organizations", "application/json",
		fmt.Sprintf(`{"name":"Huge Body Org","kind":"company","country":"DK","description":%q}`, big), true)
	if res.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(body, `"too_large"`) || !strings.Contains(body, "1 MiB") {
		t.Errorf("JSON over 1 MiB: %d %.200s", res.StatusCode, body)
	}
	// Just under the bound is not refused for its size.
	res, _ = alice.do("POST", "/api/v1/organizations", "application/json",
		fmt.Sprintf(`{"name":"Big Body Org","kind":"company","country":"DK","description":%q}`, strings.Repeat("y", 900<<10)), true)
	if res.StatusCode == http.StatusRequestEntityTooLarge {
		t.Errorf("900 KiB refused as too large")
	}
	res, body = alice.do("POST", "/organizations", formType, form("name", "Huge Form Org", "kind", "company", "country", "DK",
		"description", strings.Repeat("z", 3<<20)), false)
	if res.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(body, "2 MiB") {
		t.Errorf("form over 2 MiB: %d", res.StatusCode)
	}
	// A multipart form is bound the same: a page's form at 2 MiB, the preview-then-import
	// pages at twice their 8 MB file and a little (17 MiB), read once by the wrapper.
	ctype, mp := multipartBody(t, "big.bin", make([]byte, 3<<20), map[string]string{"name": "Huge Multipart Org", "kind": "company", "country": "DK"})
	if res, body := alice.do("POST", "/organizations", ctype, mp, false); res.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(body, "2 MiB") {
		t.Errorf("multipart form over 2 MiB: %d", res.StatusCode)
	}
	ctype, mp = multipartBody(t, "big.csv", make([]byte, 18<<20), nil)
	if res, body := alice.do("POST", "/organizations/import", ctype, mp, false); res.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(body, "17 MiB") {
		t.Errorf("import over 17 MiB: %d", res.StatusCode)
	}
	_, list := alice.do("GET", "/api/v1/organizations?q=huge", "", "", true)
	if strings.Contains(list, "Huge") {
		t.Errorf("a refused body saved something: %.300s", list)
	}
	// A declared length over the bound is refused before the body is read.
	req, _ := http.NewRequest("POST", w.srv.URL+"/api/v1/organizations", strings.NewReader("{}"))
	req.ContentLength = 100 << 20
	req.Header.Set("Authorization", "Bearer "+w.tokens["alice"])
	req.Header.Set("Content-Type", "application/json")
	if res, err := http.DefaultClient.Do(req); err == nil {
		res.Body.Close()
		if res.StatusCode != http.StatusRequestEntityTooLarge {
			t.Errorf("declared 100 MiB: %d", res.StatusCode)
		}
	}
}
