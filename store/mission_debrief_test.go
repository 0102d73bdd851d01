package store_test

import (
	"testing"

	"passerelle"
	"passerelle/store"
)

// TestDebriefRecipients: a debrief is mailed to its member's users only; another
// member's user asking for them gets "not found", another workspace too.
func TestDebriefRecipients(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		f := newMeetingFixture(t, db)
		svc := store.NewMissionService(db)
		m := &passerelle.Mission{Slug: "cph", Name: "Copenhagen", StartDate: "2014-09-08", EndDate: "2014-09-10",
			TimeZone: "Europe/Copenhagen", MeetingMinutes: 90}
		must(t, svc.CreateMission(f.system, m))
		d := &passerelle.Debrief{MissionID: m.ID, Member: passerelle.NamedRef{ID: f.memberA.ID}, Body: "A"}
		must(t, svc.CreateDebrief(f.system, d))
		us, err := svc.DebriefRecipients(f.alice, m.ID, d.ID)
		must(t, err)
		if len(us) != 1 || us[0].Email != "alice@example.org" || us[0].Lang == "" {
			t.Errorf("recipients %+v, want alice", us)
		}
		if us, err := svc.DebriefRecipients(f.system, m.ID, d.ID); err != nil || len(us) != 1 {
			t.Errorf("operator: %v %v", us, err)
		}
		if _, err := svc.DebriefRecipients(f.bob, m.ID, d.ID); passerelle.ErrorCode(err) != passerelle.ENOTFOUND {
			t.Errorf("bob reads alice's debrief's recipients: %v", err)
		}
		if _, err := svc.DebriefRecipients(f.otherSystem, m.ID, d.ID); passerelle.ErrorCode(err) != passerelle.ENOTFOUND {
			t.Errorf("another workspace: %v", err)
		}
	})
}
