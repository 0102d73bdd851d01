package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"passerelle"
	"passerelle/store"
)

// TestAPINoExistenceOracles: through the API, another member's private organisation
// has no people (as an organisation that does not exist), and its ROR id does not stop
// another member from creating an organisation with it.
func TestAPINoExistenceOracles(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) {
			w := newWorld(t, db)
			bob := w.client(t, "bob")
			count := func(c *client, path string) (int, int) {
				res, body := c.do("GET", path, "", "", true)
				var l struct{ Total int }
				json.Unmarshal([]byte(body), &l)
				return res.StatusCode, l.Total
			}
			if code, n := count(w.client(t, "alice"), "/api/v1/people?organization_id="+id(w.private.ID)); code != http.StatusOK || n != 1 {
				t.Errorf("alice: %d, %d people of her private organisation, want 200 and 1", code, n)
			}
			code0, n0 := count(bob, "/api/v1/people?organization_id=987654321")
			if code, n := count(bob, "/api/v1/people?organization_id="+id(w.private.ID)); code != code0 || n != n0 {
				t.Errorf("bob: %d, %d people of Alpha's private organisation; %d, %d of none", code, n, code0, n0)
			}

			sys := passerelle.NewContextWithActor(context.Background(), passerelle.SystemActor(w.ws.ID))
			orgs := store.NewOrganizationService(db)
			priv, err := orgs.FindOrganizationByID(sys, w.private.ID)
			must(t, err)
			priv.RORID = "https://ror.org/04ttjf776"
			must(t, orgs.UpdateOrganization(sys, priv))
			res, body := bob.do("POST", "/api/v1/organizations", "application/json",
				`{"name":"Beta's own record","kind":"company","ror_id":"https://ror.org/04ttjf776"}`, true)
			if res.StatusCode != http.StatusCreated {
				t.Errorf("bob creating an organisation with a ROR id Alpha keeps private: %d %s", res.StatusCode, body)
			}
		})
	}
}

// TestImportKeepsVisibilityPage: a member's upload keeps its private rows private to
// its member, and puts on the public page only what it may publish by hand.
func TestImportKeepsVisibilityPage(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) {
			w := newWorld(t, db)
			bob := w.client(t, "bob")
			file := `{"agreements":[{"title":"Beta private import","visibility":"private"},{"title":"Beta public import","published":true}]}`
			ctype, mp := multipartBody(t, "rows.json", []byte(file), nil)
			if res, page := bob.do("POST", "/agreements/import", ctype, mp, false); res.StatusCode != http.StatusOK {
				t.Fatalf("import: %d %.2000s", res.StatusCode, page)
			}
			if _, list := bob.get("/agreements?q=beta"); !strings.Contains(list, "Beta private import") {
				t.Error("bob does not see his private row")
			}
			if _, list := w.client(t, "alice").get("/agreements?q=beta"); strings.Contains(list, "Beta private import") || !strings.Contains(list, "Beta public import") {
				t.Errorf("alice's list: the private row shows, or the shared one does not")
			}
			_, pub := w.client(t, "").get("/public/" + w.ws.Slug + "/agreements")
			if strings.Contains(pub, "Beta private import") || !strings.Contains(pub, "Beta public import") {
				t.Errorf("public page: the private row shows, or the published shared one does not")
			}
			// Private and published: refused, as on the page.
			bad := `{"agreements":[{"title":"Beta private published","visibility":"private","published":true}]}`
			ctype, mp = multipartBody(t, "bad.json", []byte(bad), nil)
			if res, page := bob.do("POST", "/agreements/import", ctype, mp, false); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(page, "cannot be published") {
				t.Errorf("private and published row: %d %.2000s", res.StatusCode, page)
			}
		})
	}
}
