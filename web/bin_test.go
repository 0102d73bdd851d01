package web_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"passerelle"
	"passerelle/store"
)

// TestDeleteConfirmAndBin: the delete button leads to a page that says what goes with
// the record; deleting moves it to the bin, where another member sees it (a shared
// record) and restores it with its links and affiliations; a private record's entry is
// its member's alone; another workspace's administrator gets nothing.
func TestDeleteConfirmAndBin(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) {
			w := newWorld(t, db)
			alice, bob, other := w.client(t, "alice"), w.client(t, "bob"), w.client(t, "otheradmin")
			org := "/organizations/" + id(w.shared.ID)
			_, body := bob.get(org)
			if !strings.Contains(body, `href="`+org+`/delete"`) || strings.Contains(body, `action="`+org+`/delete"`) {
				t.Errorf("the organisation page posts the delete directly")
			}
			res, body := bob.get(org + "/delete")
			if res.StatusCode != http.StatusOK || !strings.Contains(body, "1 link to another organisation") || !strings.Contains(body, "1 affiliation") ||
				!strings.Contains(body, `action="`+org+`/delete"`) || !strings.Contains(body, "30 days") {
				t.Fatalf("confirmation: %d\n%s", res.StatusCode, body)
			}
			// It says what it takes from missions and opportunities too, as the reader sees them.
			if !strings.Contains(body, "its place in 1 mission (organiser or target)") || strings.Contains(body, "opportunit") {
				t.Errorf("bob's confirmation of the mission's target: %s", between(body, `id="delete-confirm"`, "</ul>"))
			}
			sys := passerelle.NewContextWithActor(context.Background(), passerelle.SystemActor(w.ws.ID))
			lead := &passerelle.Organization{Name: "Lead Partner", Kind: passerelle.KindCompany, Country: "DK"}
			must(t, store.NewOrganizationService(db).CreateOrganization(sys, lead))
			must(t, store.NewPipelineService(db).CreateOpportunity(sys, &passerelle.Opportunity{Title: "Lead with it", MemberID: w.beta.ID,
				OrganizationIDs: []int64{lead.ID}}))
			if _, b := bob.get("/organizations/" + id(lead.ID) + "/delete"); !strings.Contains(b, "its place in 1 opportunity") || strings.Contains(b, "organiser or target") {
				t.Errorf("bob's confirmation of the lead's partner: %s", between(b, `id="delete-confirm"`, "</ul>"))
			}
			if res, _ := bob.do("POST", org+"/delete", formType, "", false); res.StatusCode != http.StatusSeeOther {
				t.Fatalf("delete: %d", res.StatusCode)
			}
			if res, _ := bob.get(org); res.StatusCode != http.StatusNotFound {
				t.Errorf("deleted organisation: %d", res.StatusCode)
			}
			// Alice deletes her private person: Bob must not see it in the bin.
			if res, _ := alice.do("POST", "/people/"+id(w.privateP.ID)+"/delete", formType, "", false); res.StatusCode != http.StatusSeeOther {
				t.Fatalf("alice deletes her person: %d", res.StatusCode)
			}
			_, bin := bob.get("/bin")
			if !strings.Contains(bin, sharedOrgName) || strings.Contains(bin, "Secretperson") {
				t.Errorf("bob's bin:\n%s", bin)
			}
			if _, bin := other.get("/bin"); strings.Contains(bin, sharedOrgName) {
				t.Error("another workspace sees the bin")
			}
			if _, api := other.do("GET", "/api/v1/bin", "", "", true); strings.Contains(api, sharedOrgName) {
				t.Error("another workspace's token sees the bin")
			}
			_, api := bob.do("GET", "/api/v1/bin", "", "", true)
			i := strings.Index(api, `"id":`)
			if i < 0 {
				t.Fatalf("api bin: %s", api)
			}
			entry := strings.TrimSpace(strings.SplitN(api[i+5:], ",", 2)[0])
			if res, _ := other.do("POST", "/bin/"+entry+"/restore", formType, "", false); res.StatusCode != http.StatusNotFound {
				t.Errorf("another workspace restores: %d", res.StatusCode)
			}
			if res, _ := w.client(t, "viewer").do("POST", "/bin/"+entry+"/restore", formType, "", false); res.StatusCode != http.StatusForbidden {
				t.Errorf("viewer restores: %d", res.StatusCode)
			}
			res, _ = bob.do("POST", "/bin/"+entry+"/restore", formType, "", false)
			loc := res.Header.Get("Location")
			if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/organizations/") {
				t.Fatalf("restore: %d %s", res.StatusCode, loc)
			}
			res, body = bob.get(loc)
			if res.StatusCode != http.StatusOK || !strings.Contains(body, sharedOrgName) || !strings.Contains(body, "Second Shared Org") || !strings.Contains(body, "Sharedperson") {
				t.Errorf("restored organisation lacks its link or its affiliation: %d\n%s", res.StatusCode, body)
			}
			if _, dash := bob.get("/"); strings.Contains(dash, `href="`+org+`"`) {
				t.Error("the dashboard still links to the deleted id")
			}
		})
	}
}
