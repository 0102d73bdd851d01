package web_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

// TestDirectoryExport: the organisations and the contact book download from their
// pages as CSV and JSON, holding only what the reader may see.
func TestDirectoryExport(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) {
			w := newWorld(t, db)
			bob, alice := w.client(t, "bob"), w.client(t, "alice")
			if _, body := bob.get("/organizations"); !strings.Contains(body, `href="/organizations/export?format=csv"`) {
				t.Error("no export link on the organisations page")
			}
			res, body := bob.get("/organizations/export?format=csv")
			if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/csv") ||
				!strings.Contains(res.Header.Get("Content-Disposition"), "attachment") || !strings.Contains(body, sharedOrgName) || strings.Contains(body, privateOrgName) {
				t.Errorf("bob's organisations CSV: %d %v\n%s", res.StatusCode, res.Header, body)
			}
			if _, body := alice.get("/organizations/export?format=json"); !strings.Contains(body, privateOrgName) {
				t.Error("alice's export lacks her private organisation")
			}
			res, body = bob.get("/people/export?format=json")
			var people []map[string]any
			if err := json.Unmarshal([]byte(body), &people); err != nil || res.StatusCode != http.StatusOK {
				t.Fatalf("people JSON: %d %v %s", res.StatusCode, err, body)
			}
			if strings.Contains(body, "Secretperson") || !strings.Contains(body, "Sharedperson") {
				t.Errorf("bob's people export: %s", body)
			}
			if _, body := w.client(t, "otheradmin").get("/people/export?format=csv"); strings.Contains(body, "Sharedperson") {
				t.Error("another workspace exports this one's people")
			}
			if res, _ := bob.get("/people/export?format=xml"); res.StatusCode != http.StatusUnprocessableEntity && res.StatusCode != http.StatusBadRequest {
				t.Errorf("unknown format: %d", res.StatusCode)
			}
		})
	}
}
