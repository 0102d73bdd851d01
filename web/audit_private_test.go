package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"

	"passerelle"
	"passerelle/store"
)

// TestAuditFollowsPrivateRecord: an agreement shared, renamed, then made private by its
// member's coordinator takes its past entries with it. Another member no longer reads
// them on the dashboard's recent changes, nor that member's coordinator on /audit or
// /api/v1/audit (who keeps only the change of visibility, to know who took it); the
// owning member still reads its whole history on the agreement's page.
func TestAuditFollowsPrivateRecord(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) {
			w := newWorld(t, db)
			// A coordinator of Alpha, the member that will lose the agreement.
			ctx := context.Background()
			sys := passerelle.NewContextWithActor(ctx, passerelle.SystemActor(w.ws.ID))
			acc := store.NewAccountService(db)
			u := &passerelle.User{Email: "coorda@example.org", Name: "coorda"}
			must(t, store.NewUserService(db).CreateUser(sys, u))
			must(t, acc.SetPassword(sys, u.ID, testPassword))
			must(t, store.NewUserService(db).SetMembership(sys, &passerelle.Membership{UserID: u.ID, MemberID: w.alpha.ID, Role: passerelle.RoleCoordinator}))
			_, tok, err := acc.CreateAPIToken(sys, u.ID, "test")
			must(t, err)
			w.tokens["coorda"] = tok

			bob, coord, alice, coordA := w.client(t, "bob"), w.client(t, "coord"), w.client(t, "alice"), w.client(t, "coorda")
			res, body := bob.do("POST", "/api/v1/agreements", "application/json", `{"title":"Soon Private Convention"}`, true)
			var a passerelle.Agreement
			if json.Unmarshal([]byte(body), &a); res.StatusCode != http.StatusCreated {
				t.Fatalf("create: %d %s", res.StatusCode, body)
			}
			path := "/api/v1/agreements/" + id(a.ID)
			if res, body := bob.do("PATCH", path, "application/json", `{"title":"Renamed Private Convention"}`, true); res.StatusCode != http.StatusOK {
				t.Fatalf("rename: %d %s", res.StatusCode, body)
			}
			if _, body := alice.get("/"); !strings.Contains(body, "Renamed Private Convention") {
				t.Fatal("while shared, the dashboard of another member does not show the change")
			}
			if res, body := coord.do("PATCH", path, "application/json", `{"visibility":"private"}`, true); res.StatusCode != http.StatusOK {
				t.Fatalf("make private: %d %s", res.StatusCode, body)
			}
			if _, body := alice.get("/"); strings.Contains(body, "Private Convention") {
				t.Error("another member's dashboard shows the entries of an agreement made private")
			}
			if res, body := coordA.get("/audit"); res.StatusCode != http.StatusOK || strings.Contains(body, "Soon Private Convention") {
				t.Errorf("another member's coordinator reads the agreement's past entries on /audit (%d)", res.StatusCode)
			}
			actions := func(c *client) []string {
				t.Helper()
				_, body := c.do("GET", "/api/v1/audit?entity=agreement&entity_id="+id(a.ID), "", "", true)
				var l struct{ Items []passerelle.AuditEntry }
				must(t, json.Unmarshal([]byte(body), &l))
				var out []string
				for _, e := range l.Items {
					out = append(out, e.Action)
				}
				slices.Sort(out)
				return out
			}
			if got := actions(coordA); !slices.Equal(got, []string{"visibility"}) {
				t.Errorf("another member's coordinator reads %v on /api/v1/audit, want only the change of visibility", got)
			}
			if got := actions(coord); !slices.Equal(got, []string{"create", "update", "visibility"}) {
				t.Errorf("the owning member's coordinator reads %v", got)
			}
			if _, body := bob.get("/agreements/" + id(a.ID)); !strings.Contains(body, "Soon Private Convention") {
				t.Error("the owning member lost the agreement's history")
			}
		})
	}
}
