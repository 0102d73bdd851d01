package web_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"passerelle"
	"passerelle/store"
)

// TestOpportunityFromMeeting: from a meeting's page a writer records an opportunity that
// links the meeting and its organisations; a bad amount names its field and saves
// nothing; another member's private meeting is not found; a viewer may not.
func TestOpportunityFromMeeting(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) {
			w := newWorld(t, db)
			bob := w.client(t, "bob")
			mid := fmt.Sprint(w.meetShr.ID)
			if _, body := bob.get("/meetings/" + mid); !strings.Contains(body, `href="/pipeline/new?meeting=`+mid+`"`) {
				t.Error("the meeting page offers no opportunity")
			}
			res, body := bob.get("/pipeline/new?meeting=" + mid)
			if res.StatusCode != http.StatusOK || !strings.Contains(body, `value="Shared Visible Meeting"`) {
				t.Fatalf("form: %d", res.StatusCode)
			}
			// The meeting's time is the place's, as on its page (09:00 in Copenhagen, not 08:00 UTC).
			if !strings.Contains(body, "10 March 2027, 09:00–10:00 (Europe/Copenhagen)") {
				t.Errorf("the form does not give the meeting's local time: %s", between(body, `id="opp-from-meeting"`, "</p>"))
			}
			if res, _ := bob.get("/pipeline/new?meeting=" + fmt.Sprint(w.meetPriv.ID)); res.StatusCode != http.StatusNotFound {
				t.Errorf("bob opens an opportunity from alice's private meeting: %d", res.StatusCode)
			}
			post := func(c *client, value string) (*http.Response, string) {
				return c.do("POST", "/pipeline/new", formType, form("meeting_id", mid, "title", "Joint Horizon proposal", "stage", "in_discussion",
					"value", value, "programme", "Horizon Europe", "visibility", "shared"), false)
			}
			svc := store.NewPipelineService(db)
			ctx := passerelle.NewContextWithActor(t.Context(), passerelle.SystemActor(w.ws.ID))
			_, n0, err := svc.FindOpportunities(ctx, passerelle.OpportunityFilter{Limit: 100})
			must(t, err)
			if res, _ := post(w.client(t, "viewer"), "1000"); res.StatusCode != http.StatusForbidden {
				t.Errorf("viewer: %d", res.StatusCode)
			}
			if res, body := post(bob, "a lot"); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "an amount in euros") {
				t.Errorf("bad value: %d", res.StatusCode)
			}
			if _, n, _ := svc.FindOpportunities(ctx, passerelle.OpportunityFilter{Limit: 100}); n != n0 {
				t.Fatalf("a refused form saved: %d -> %d opportunities", n0, n)
			}
			res, _ = post(bob, "250 000,50")
			if res.StatusCode != http.StatusSeeOther {
				t.Fatalf("save: %d", res.StatusCode)
			}
			all, _, err := svc.FindOpportunities(ctx, passerelle.OpportunityFilter{MeetingID: w.meetShr.ID, Limit: 100})
			must(t, err)
			var os []*passerelle.Opportunity
			for _, o := range all {
				if o.Title == "Joint Horizon proposal" {
					os = append(os, o)
				}
			}
			if len(os) != 1 || os[0].MemberID != w.beta.ID || os[0].ExpectedValueCents != 25000050 || len(os[0].MeetingIDs) != 1 ||
				os[0].MeetingIDs[0] != w.meetShr.ID || len(os[0].OrganizationIDs) != 1 || os[0].OrganizationIDs[0] != w.shared.ID {
				t.Errorf("saved: %+v", os)
			}
			if _, body := bob.get(res.Header.Get("Location")); !strings.Contains(body, "Joint Horizon proposal") {
				t.Error("the board does not show the new opportunity")
			}
		})
	}
}
