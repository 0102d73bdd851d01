package web_test

import (
	"context"
	"encoding/json"
	"net/http"
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
