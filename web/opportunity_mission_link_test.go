package web_test

import (
	"context"
	"net/http"
	"testing"

	"passerelle"
	"passerelle/store"
)

// TestOpportunityFromMissionMeeting: an opportunity recorded from a meeting of a
// mission's programme is linked to the mission as well as to the meeting and its
// organisation, as one made from a follow-up is; it was linked to the meeting only, and
// the mission's results did not count it. A meeting logged by hand links no mission.
func TestOpportunityFromMissionMeeting(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) {
			w := newWorld(t, db)
			sys := passerelle.NewContextWithActor(context.Background(), passerelle.SystemActor(w.ws.ID))
			m := w.missionMeeting(t)
			bob := w.client(t, "bob")
			svc := store.NewPipelineService(db)
			for _, c := range []struct {
				name     string
				meeting  int64
				missions int
			}{{"mission's meeting", m.ID, 1}, {"meeting logged by hand", w.meetShr.ID, 0}} {
				res, _ := bob.do("POST", "/pipeline/new", formType, form("meeting_id", id(c.meeting), "title", "Lead from "+c.name, "stage", "identified",
					"visibility", "shared"), false)
				if res.StatusCode != http.StatusSeeOther {
					t.Fatalf("%s: %d", c.name, res.StatusCode)
				}
				os, _, err := svc.FindOpportunities(sys, passerelle.OpportunityFilter{MeetingID: c.meeting, Limit: 10})
				must(t, err)
				var o *passerelle.Opportunity
				for _, x := range os {
					if x.Title == "Lead from "+c.name {
						o = x
					}
				}
				if o == nil {
					t.Fatalf("%s: the opportunity is not linked to the meeting", c.name)
				}
				if len(o.MissionIDs) != c.missions || c.missions == 1 && o.MissionIDs[0] != w.mission.ID {
					t.Errorf("%s: missions %v, want %d (the mission %d)", c.name, o.MissionIDs, c.missions, w.mission.ID)
				}
			}
		})
	}
}
