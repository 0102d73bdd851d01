package web_test

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"passerelle"
	"passerelle/store"
)

// TestOrganizationMergePage: the duplicates page shows a pair side by side; a writer
// merges one into the other and undoes it from the kept record's page; a viewer, another
// member (with a private record) and another workspace cannot.
func TestOrganizationMergePage(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) {
			w := newWorld(t, db)
			sys := passerelle.NewContextWithActor(context.Background(), passerelle.SystemActor(w.ws.ID))
			orgs := store.NewOrganizationService(db)
			dup := &passerelle.Organization{Name: strings.ToUpper(sharedOrgName) + " A/S", Country: "DK", City: "Aarhus"}
			must(t, orgs.CreateOrganization(sys, dup))
			bob := w.client(t, "bob")
			res, body := bob.get("/organizations/duplicates")
			if res.StatusCode != http.StatusOK || !strings.Contains(body, fmt.Sprintf(`action="/organizations/%d/merge"`, w.shared.ID)) {
				t.Fatalf("duplicates page: %d %.500s", res.StatusCode, body)
			}
			if strings.Contains(body, privateOrgName) {
				t.Error("bob's duplicates page shows alice's private organisation")
			}
			merge := func(c *client, kept, gone int64) int {
				res, _ := c.do("POST", fmt.Sprintf("/organizations/%d/merge", kept), formType, form("gone", fmt.Sprint(gone)), false)
				return res.StatusCode
			}
			for who, tc := range map[string]struct {
				c          *client
				kept, gone int64
				want       int
			}{
				"viewer":                     {w.client(t, "viewer"), w.shared.ID, dup.ID, http.StatusForbidden},
				"bob, alice's private one":   {bob, w.shared.ID, w.private.ID, http.StatusNotFound},
				"another workspace":          {w.client(t, "otheradmin"), w.shared.ID, dup.ID, http.StatusNotFound},
				"alice, shared into private": {w.client(t, "alice"), w.private.ID, dup.ID, http.StatusUnprocessableEntity},
			} {
				if got := merge(tc.c, tc.kept, tc.gone); got != tc.want {
					t.Errorf("%s: %d, want %d", who, got, tc.want)
				}
			}
			if got := merge(bob, w.shared.ID, dup.ID); got != http.StatusSeeOther {
				t.Fatalf("merge: %d", got)
			}
			_, body = bob.get(fmt.Sprintf("/organizations/%d", w.shared.ID))
			undo := regexp.MustCompile(`action="(/organizations/\d+/merges/\d+/undo)"`).FindStringSubmatch(body)
			if undo == nil || !strings.Contains(body, "Aarhus") {
				t.Fatalf("the kept record's page after the merge: %.800s", body)
			}
			if res, _ := w.client(t, "viewer").do("POST", undo[1], formType, "", false); res.StatusCode != http.StatusForbidden {
				t.Errorf("viewer undoes: %d", res.StatusCode)
			}
			if res, _ := w.client(t, "otheradmin").do("POST", undo[1], formType, "", false); res.StatusCode != http.StatusNotFound {
				t.Errorf("another workspace undoes: %d", res.StatusCode)
			}
			res, _ = bob.do("POST", undo[1], formType, "", false)
			if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != fmt.Sprintf("/organizations/%d", dup.ID) {
				t.Fatalf("undo: %d %s", res.StatusCode, res.Header.Get("Location"))
			}
			if res, body := bob.get(fmt.Sprintf("/organizations/%d", dup.ID)); res.StatusCode != http.StatusOK || !strings.Contains(body, "Aarhus") {
				t.Errorf("the record merged away after the undo: %d", res.StatusCode)
			}
		})
	}
}
