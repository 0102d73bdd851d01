package store_test

import (
	"testing"

	"passerelle"
	"passerelle/store"
)

// TestDebriefsPrivatePerMember: a member's user reads its own debrief only; another
// member's is not found; the operator reads all; a bad mission names its fields.
func TestDebriefsPrivatePerMember(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		f := newMeetingFixture(t, db)
		svc := store.NewMissionService(db)
		m := &passerelle.Mission{Slug: "cph", Name: "Copenhagen", StartDate: "2014-09-08", EndDate: "2014-09-10",
			TimeZone: "Europe/Copenhagen", MeetingMinutes: 90, Targets: []passerelle.MissionTarget{{OrganizationID: f.org.ID}}}
		must(t, svc.CreateMission(f.system, m))
		da := &passerelle.Debrief{MissionID: m.ID, Member: passerelle.NamedRef{ID: f.memberA.ID}, Body: "A"}
		db2 := &passerelle.Debrief{MissionID: m.ID, Member: passerelle.NamedRef{ID: f.memberB.ID}, Body: "B"}
		must(t, svc.CreateDebrief(f.system, da))
		must(t, svc.CreateDebrief(f.system, db2))
		if err := svc.CreateDebrief(f.alice, &passerelle.Debrief{MissionID: m.ID, Member: passerelle.NamedRef{ID: f.memberB.ID}}); passerelle.ErrorCode(err) != passerelle.EFORBIDDEN {
			t.Errorf("alice writes B's debrief: %v", err)
		}
		ds, err := svc.FindDebriefs(f.alice, m.ID)
		must(t, err)
		if len(ds) != 1 || ds[0].ID != da.ID {
			t.Errorf("alice lists %v, want her member's debrief only", ds)
		}
		if _, err := svc.FindDebrief(f.alice, m.ID, db2.ID); passerelle.ErrorCode(err) != passerelle.ENOTFOUND {
			t.Errorf("alice reads B's debrief: %v", err)
		}
		if all, _ := svc.FindDebriefs(f.system, m.ID); len(all) != 2 {
			t.Errorf("operator lists %d debriefs, want 2", len(all))
		}
		bad := &passerelle.Mission{Slug: "x", Name: "X", StartDate: "2014-09-10", EndDate: "2014-09-08", TimeZone: "Mars/Base", MeetingMinutes: 90}
		if err := svc.CreateMission(f.system, bad); passerelle.ErrorCode(err) != passerelle.EINVALID {
			t.Errorf("bad mission: %v", err)
		}
	})
}
