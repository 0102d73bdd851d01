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

// TestMeetingFollowUps: a mission's meeting lists its follow-ups and adds one from its
// page (the meeting and its organisation filled in), and the page comes back; the
// follow-up is its member's only; a meeting of no mission has no such section.
func TestMeetingFollowUps(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) {
			w := newWorld(t, db)
			sys := passerelle.NewContextWithActor(context.Background(), passerelle.SystemActor(w.ws.ID))
			m := w.missionMeeting(t)
			page := "/meetings/" + id(m.ID)
			alice, bob, viewer := w.client(t, "alice"), w.client(t, "bob"), w.client(t, "viewer")
			_, body := alice.get(page)
			for _, want := range []string{`id="follow-ups"`, `name="meeting_id" value="` + id(m.ID) + `"`, `name="return" value="` + page + `"`,
				`name="organization" value="` + sharedOrgName + `"`, `name="organization_id" value="` + id(w.shared.ID) + `"`} {
				if !strings.Contains(body, want) {
					t.Errorf("the meeting's page lacks %s", want)
				}
			}
			res, _ := alice.do("POST", "/follow-ups", formType, url.Values{"mission": {"cph"}, "meeting_id": {id(m.ID)}, "member_id": {id(w.alpha.ID)},
				"title": {"Send the MTA"}, "kind": {"send_documents"}, "organization": {sharedOrgName}, "organization_id": {id(w.shared.ID)},
				"return": {page}}.Encode(), false)
			if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != page+"#follow-ups" {
				t.Fatalf("add from the meeting: %d to %q", res.StatusCode, res.Header.Get("Location"))
			}
			fus, err := store.NewFollowUpService(db).FindFollowUps(sys, store.FollowUpFilter{MeetingID: m.ID})
			if err != nil || len(fus) != 1 || fus[0].MeetingID != m.ID || fus[0].OrganizationID != w.shared.ID {
				t.Fatalf("the follow-up of the meeting: %v %+v", err, fus)
			}
			for _, c := range []struct {
				who      string
				cl       *client
				sees     bool // Alpha's follow-up
				mayWrite bool // the form
			}{{"alice", alice, true, true}, {"bob", bob, false, true}, {"viewer", viewer, false, false}} {
				res, body := c.cl.get(page)
				if res.StatusCode != http.StatusOK {
					t.Fatalf("%s: %d", c.who, res.StatusCode)
				}
				if got := strings.Contains(body, "Send the MTA"); got != c.sees {
					t.Errorf("%s sees Alpha's follow-up: %v, want %v", c.who, got, c.sees)
				}
				if got := strings.Contains(body, `class="grid noprint followup-form"`); got != c.mayWrite {
					t.Errorf("%s has the form: %v, want %v", c.who, got, c.mayWrite)
				}
			}
			if _, body := alice.get("/meetings/" + id(w.meetShr.ID)); strings.Contains(body, `id="follow-ups"`) {
				t.Error("a meeting of no mission has follow-ups")
			}
		})
	}
}

// missionMeeting adds a meeting of the world's mission's programme, with its shared
// organisation, as the system would plan it.
func (w *world) missionMeeting(t *testing.T) *passerelle.Meeting {
	t.Helper()
	sys := passerelle.NewContextWithActor(context.Background(), passerelle.SystemActor(w.ws.ID))
	start := time.Date(2027, 3, 11, 8, 0, 0, 0, time.UTC)
	m := &passerelle.Meeting{Title: "Programme meeting", Start: start, End: start.Add(time.Hour), TimeZone: "Europe/Copenhagen",
		Origin: passerelle.OriginMission, OriginID: w.mission.ID, OrganizationIDs: []int64{w.shared.ID}}
	must(t, store.NewMeetingService(w.db).CreateMeeting(sys, m))
	return m
}
