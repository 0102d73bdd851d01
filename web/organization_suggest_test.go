package web_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestOrganizationSuggest: the pickers' search answers partial names with the country
// and kind, only among what the reader may see; an ambiguous name typed without the
// picker is refused with the candidates named.
func TestOrganizationSuggest(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) {
			w := newWorld(t, db)
			get := func(c *client, q string) []map[string]any {
				t.Helper()
				res, body := c.get("/organizations/suggest?q=" + url.QueryEscape(q))
				if res.StatusCode != http.StatusOK {
					t.Fatalf("suggest %q: %d %s", q, res.StatusCode, body)
				}
				var out []map[string]any
				if err := json.Unmarshal([]byte(body), &out); err != nil {
					t.Fatalf("suggest %q: %v %s", q, err, body)
				}
				return out
			}
			bob, alice := w.client(t, "bob"), w.client(t, "alice")
			got := get(bob, "Visi")
			if len(got) != 1 || got[0]["name"] != sharedOrgName || !strings.Contains(got[0]["detail"].(string), "Denmark") {
				t.Errorf("bob's candidates for Visi: %v", got)
			}
			for _, c := range []*client{bob, w.client(t, "otheradmin")} {
				for _, o := range get(c, "Secret") {
					if strings.Contains(o["name"].(string), "Secret") {
						t.Errorf("a private organisation suggested to another member or workspace: %v", o)
					}
				}
			}
			if got := get(alice, "Secret"); len(got) == 0 {
				t.Error("alice is not offered her own private organisation")
			}
			if got := get(bob, ""); len(got) != 0 {
				t.Errorf("empty query: %v", got)
			}
			if res, _ := w.client(t, "").get("/organizations/suggest?q=Visi"); res.StatusCode != http.StatusSeeOther && res.StatusCode != http.StatusUnauthorized {
				t.Errorf("anonymous suggest: %d", res.StatusCode)
			}
			// "Org" is ambiguous: the affiliation form names the candidates.
			res, body := w.client(t, "coord").do("POST", "/people/"+id(w.sharedP.ID)+"/affiliations", formType, url.Values{"organization": {"Shared Org"}}.Encode(), false)
			if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "several organisations match: ") || !strings.Contains(body, "Second Shared Org (FR)") {
				t.Errorf("ambiguous affiliation: %d", res.StatusCode)
			}
		})
	}
}
