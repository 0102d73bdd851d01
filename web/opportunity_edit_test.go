package web_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"passerelle"
	"passerelle/store"
)

// TestOpportunityPage: an opportunity's page lists the contracts from it and carries the
// form of every field; a save changes them all; bad input names its field and saves
// nothing; a save based on an older version is refused with what changed shown; another
// member may not change it nor read Alpha's private one; a viewer reads without a form;
// a deletion leaves the contract its money.
func TestOpportunityPage(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) {
			w := newWorld(t, db)
			bob, alice, viewer := w.client(t, "bob"), w.client(t, "alice"), w.client(t, "viewer")
			svc := store.NewPipelineService(db)
			sys := passerelle.NewContextWithActor(t.Context(), passerelle.SystemActor(w.ws.ID))
			path := fmt.Sprintf("/pipeline/%d", w.oppShr.ID)

			res, b := bob.get(path)
			if res.StatusCode != http.StatusOK || !strings.Contains(b, `id="opp-form"`) || !strings.Contains(b, `id="opp-project-`+id(w.projShr.ID)+`"`) ||
				!strings.Contains(b, "Shared Visible Meeting") || !strings.Contains(b, `name="version" value="1"`) {
				t.Fatalf("bob's page: %d", res.StatusCode)
			}
			if _, b := bob.get("/pipeline"); !strings.Contains(b, `href="`+path+`"`) {
				t.Error("the board does not link the opportunity's page")
			}
			if res, b := viewer.get(path); res.StatusCode != http.StatusOK || strings.Contains(b, `id="opp-form"`) || !strings.Contains(b, "Shared Visible Lead") {
				t.Errorf("viewer's page: %d", res.StatusCode)
			}

			good := func(kv ...string) []string {
				return append([]string{"title", "Danish imaging lead", "stage", "letter_of_intent", "value", "250 000,50", "currency", "dkk",
					"programme", "Horizon 2020", "call_id", "H2020-SC1-2016-2017", "deadline", "2027-05-16", "next_action", "send the letter",
					"next_action_date", "2027-04-01", "opened_on", "2027-03-10", "notes", "met in Copenhagen", "visibility", "shared",
					"meeting_ids", id(w.meetShr.ID), "add_organization", sharedOrgName, "add_person", id(w.sharedP.ID), "version", "1"}, kv...)
			}
			post := func(c *client, p string, kv ...string) (*http.Response, string) {
				return c.do("POST", p, formType, formLast(kv...), false)
			}
			if res, _ := post(viewer, path, good()...); res.StatusCode != http.StatusForbidden {
				t.Errorf("viewer saves: %d", res.StatusCode)
			}
			if res, _ := post(alice, path, good()...); res.StatusCode != http.StatusForbidden {
				t.Errorf("alice saves beta's opportunity: %d", res.StatusCode)
			}
			for _, tc := range []struct {
				kv   []string
				want string
			}{
				{[]string{"value", "a lot"}, "an amount, such as 250000"},
				{[]string{"title", ""}, "required, at most 500 characters"},
				{[]string{"stage", "signed"}, "one of identified"},
				{[]string{"currency", "euro"}, "a three-letter currency code"},
				{[]string{"deadline", "16/05/2027"}, "a date such as 2017-05-16"},
				{[]string{"add_meeting", "next week"}, "the number of a record"},
				{[]string{"add_meeting", id(w.meetPriv.ID)}, "a linked record does not exist or is not yours to see"},
				{[]string{"add_organization", "No Such Company Ltd"}, "no organisation matches"},
				{[]string{"visibility", "public"}, "shared or private"},
			} {
				res, b := post(bob, path, good(tc.kv...)...)
				if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(b, tc.want) {
					t.Errorf("%v: %d, want 422 with %q", tc.kv, res.StatusCode, tc.want)
				}
				if tc.kv[0] != "title" && !strings.Contains(b, `value="Danish imaging lead"`) {
					t.Errorf("%v: the form lost what was typed", tc.kv)
				}
				if strings.Contains(b, privateMeetTitle) {
					t.Errorf("%v: the page names Alpha's private meeting", tc.kv)
				}
			}
			if cur, err := svc.FindOpportunityByID(sys, w.oppShr.ID); err != nil || cur.Version != 1 || cur.Title != "Shared Visible Lead" {
				t.Fatalf("refused saves changed it: %+v %v", cur, err)
			}

			if res, _ := post(bob, path, good()...); res.StatusCode != http.StatusSeeOther {
				t.Fatalf("save: %d", res.StatusCode)
			}
			o, err := svc.FindOpportunityByID(sys, w.oppShr.ID)
			must(t, err)
			if o.Title != "Danish imaging lead" || o.Stage != passerelle.StageLetterOfIntent || o.ExpectedValueCents != 25_000_050 || o.Currency != "DKK" ||
				o.Programme != "Horizon 2020" || o.CallID != "H2020-SC1-2016-2017" || o.Deadline != "2027-05-16" || o.NextAction != "send the letter" ||
				o.NextActionDate != "2027-04-01" || o.OpenedOn != "2027-03-10" || o.Notes != "met in Copenhagen" || o.Version != 2 ||
				len(o.MeetingIDs) != 1 || len(o.OrganizationIDs) != 1 || o.OrganizationIDs[0] != w.shared.ID || len(o.PersonIDs) != 1 {
				t.Fatalf("saved: %+v", o)
			}
			// Unticking a link removes it; won sets the day it was won.
			if res, _ := post(bob, path, "title", "Danish imaging lead", "stage", "won", "currency", "DKK", "organization_ids", id(w.shared.ID), "version", "2"); res.StatusCode != http.StatusSeeOther {
				t.Fatalf("second save: %d", res.StatusCode)
			}
			if o, _ = svc.FindOpportunityByID(sys, w.oppShr.ID); len(o.MeetingIDs) != 0 || len(o.PersonIDs) != 0 || o.WonOn == "" || o.Version != 3 {
				t.Errorf("after unticking: %+v", o)
			}

			res, b = post(bob, path, good("title", "Stale title", "version", "2")...)
			if res.StatusCode != http.StatusConflict || !strings.Contains(b, `id="stale-conflict"`) || !strings.Contains(b, `name="version" value="3"`) {
				t.Errorf("stale save: %d", res.StatusCode)
			}
			if cur, _ := svc.FindOpportunityByID(sys, w.oppShr.ID); cur.Title != "Danish imaging lead" || cur.Version != 3 {
				t.Errorf("after the stale save: %+v", cur)
			}

			priv := fmt.Sprintf("/pipeline/%d", w.oppPriv.ID)
			for _, req := range [][2]string{{"GET", priv}, {"POST", priv}, {"POST", priv + "/delete"}} {
				body := ""
				if req[0] == "POST" {
					body = formLast(good("version", "1")...)
				}
				if res, b := bob.do(req[0], req[1], formType, body, false); res.StatusCode != http.StatusNotFound || strings.Contains(b, privateOppTitle) {
					t.Errorf("bob %s %s: %d", req[0], req[1], res.StatusCode)
				}
			}
			if res, b := alice.get(priv); res.StatusCode != http.StatusOK || !strings.Contains(b, privateOppTitle) || !strings.Contains(b, privateOrgName) {
				t.Errorf("alice's private opportunity: %d", res.StatusCode)
			}

			if res, _ := post(alice, path+"/delete"); res.StatusCode != http.StatusForbidden {
				t.Errorf("alice deletes beta's opportunity: %d", res.StatusCode)
			}
			if res, _ := post(bob, path+"/delete"); res.StatusCode != http.StatusSeeOther {
				t.Fatalf("delete: %d", res.StatusCode)
			}
			p, err := svc.FindProjectByID(sys, w.projShr.ID)
			if err != nil || p.OpportunityID != 0 || p.TotalEURCents() != 10_000_000 {
				t.Errorf("the contract after its opportunity's deletion: %+v %v", p, err)
			}
		})
	}
}
