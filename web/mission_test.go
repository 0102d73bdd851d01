package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"passerelle"
	"passerelle/store"
)

// TestMissionPages: the mission's page proposes to meet linked targets together (to the
// member who may see both) and hides another member's private target; targets are added
// from the directory and bad input is explained; the Plan button explains a mission it
// cannot plan; a member edits its own debrief, and another member's is not found.
func TestMissionPages(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) {
			w := newWorld(t, db)
			alice, bob := w.client(t, "alice"), w.client(t, "bob")
			res, body := alice.get("/missions/cph")
			if res.StatusCode != http.StatusOK || !strings.Contains(body, "mission-proposals") || !strings.Contains(body, privateOrgName) {
				t.Errorf("alice's mission page: %d, proposal or private target missing", res.StatusCode)
			}
			res, body = bob.get("/missions/cph")
			if res.StatusCode != http.StatusOK || strings.Contains(body, privateOrgName) || !strings.Contains(body, sharedOrgName) {
				t.Errorf("bob's mission page: %d, shows the private target or not the shared one", res.StatusCode)
			}
			res, _ = bob.do("POST", "/missions/cph/targets", formType, form("organization", "Second Shared Org", "why", "Beta"), false)
			if res.StatusCode != http.StatusSeeOther {
				t.Errorf("bob adds a target: %d", res.StatusCode)
			}
			res, body = bob.do("POST", "/missions/cph/targets", formType, form("organization", "Nothing Like It", "why", "their imaging line",
				"availability", "2027-03-10 09:00-12:00", "wish-"+id(w.beta.ID), "1"), false)
			if res.StatusCode != http.StatusUnprocessableEntity && res.StatusCode != http.StatusBadRequest || !strings.Contains(body, "Nothing Like It") {
				t.Errorf("unknown target: %d, the message does not name it", res.StatusCode)
			}
			// The refused form keeps what was typed, and its message no field code.
			for _, want := range []string{`id="f-why" value="their imaging line"`, `id="f-availability" value="2027-03-10 09:00-12:00"`,
				`name="wish-` + id(w.beta.ID) + `" value="1" checked`} {
				if !strings.Contains(body, want) {
					t.Errorf("unknown target: the form lost %s", want)
				}
			}
			if strings.Contains(body, "to_id") {
				t.Errorf("unknown target: the message names a code: %s", between(body, `class="error"`, "</span>"))
			}
			res, body = bob.do("POST", "/missions/cph/plan", formType, "", false)
			if res.StatusCode == http.StatusSeeOther || !strings.Contains(body, "leads the delegation") {
				t.Errorf("plan without a lead: %d, not explained", res.StatusCode)
			}
			// The field is named as the form names it, not by its code.
			if strings.Contains(body, "lead_person_id") || !strings.Contains(body, "Head of the delegation: the mission needs") {
				t.Errorf("plan without a lead: %s", between(body, `class="error"`, "</span>"))
			}
			res, body = bob.do("POST", "/missions/cph", formType, url.Values{"name": {"X"}, "slug": {"cph"}, "start_date": {"2027-03-12"},
				"end_date": {"2027-03-10"}, "time_zone": {"Europe/Copenhagen"}, "meeting_minutes": {"60"}}.Encode(), false)
			if res.StatusCode == http.StatusSeeOther || !strings.Contains(body, "the end must not come before the start") {
				t.Errorf("end before start: %d, not explained", res.StatusCode)
			}
			// A meeting of the mission outside its dates is named, with the dates.
			start := time.Date(2027, 3, 15, 9, 0, 0, 0, time.UTC)
			sys := passerelle.NewContextWithActor(context.Background(), passerelle.SystemActor(w.ws.ID))
			must(t, store.NewMeetingService(db).CreateMeeting(sys, &passerelle.Meeting{Title: "Late meeting", Start: start, End: start.Add(time.Hour),
				TimeZone: "Europe/Copenhagen", Origin: passerelle.OriginMission, OriginID: w.mission.ID, OrganizationIDs: []int64{w.shared.ID}}))
			if _, body := bob.get("/missions/cph"); !strings.Contains(body, "outside the mission&#39;s dates (2027-03-10 to 2027-03-11)") || !strings.Contains(body, "2027-03-15 10:00") {
				t.Error("the meeting outside the mission's dates is not explained")
			}
			path := "/missions/cph/debriefs/" + id(w.debPriv.ID)
			res, _ = alice.do("POST", path, formType, form("body", "Alpha's edited debrief", "status", "sent"), false)
			if res.StatusCode != http.StatusSeeOther {
				t.Errorf("alice edits her debrief: %d", res.StatusCode)
			}
			if _, body := alice.get(path); !strings.Contains(body, "Alpha&#39;s edited debrief") {
				t.Error("alice's edit is not shown")
			}
			for _, m := range []string{"GET", "POST"} {
				if res, _ := bob.do(m, path, formType, form("body", "x", "status", "draft"), false); res.StatusCode != http.StatusNotFound {
					t.Errorf("bob %s alice's debrief: %d, want 404", m, res.StatusCode)
				}
			}
		})
	}
}
