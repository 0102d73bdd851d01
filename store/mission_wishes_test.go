package store_test

import (
	"context"
	"strings"
	"testing"

	"passerelle"
	"passerelle/store"
)

// TestTargetWishes: each target records which members taking part want to meet it, each
// with its reason; a member not taking part is refused; a write of the targets without
// wishes keeps them; a member leaving the mission takes its wishes along; the target
// import reads a column of member names (folded, or as slugs), and an unknown one is an
// error naming its line and value, with nothing saved.
func TestTargetWishes(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		f := newMeetingFixture(t, db)
		svc := store.NewMissionService(db)
		m := &passerelle.Mission{Slug: "cph", Name: "Copenhagen", StartDate: "2014-09-08", EndDate: "2014-09-10",
			TimeZone: "Europe/Copenhagen", MeetingMinutes: 60,
			Members: []passerelle.MissionMember{{MemberID: f.memberA.ID}, {MemberID: f.memberB.ID}},
			Targets: []passerelle.MissionTarget{{OrganizationID: f.org.ID, Why: "old note",
				WantedBy: []passerelle.TargetWish{{MemberID: f.memberA.ID, Reason: "imaging"}, {MemberID: f.memberB.ID}}}}}
		must(t, svc.CreateMission(f.bob, m))
		wishes := func() map[int64]string {
			got, err := svc.FindMission(f.bob, "cph")
			must(t, err)
			out := map[int64]string{}
			for _, x := range got.Targets {
				for _, w := range x.WantedBy {
					out[w.MemberID] = x.Name + ":" + w.Name + ":" + w.Reason
				}
			}
			return out
		}
		if got := wishes(); got[f.memberA.ID] != "Novo Shared:Institut A:imaging" || got[f.memberB.ID] != "Novo Shared:Institut B:" {
			t.Fatalf("wishes read back: %v", got)
		}
		// A member not taking part.
		other := &passerelle.Member{Name: "Outsider"}
		must(t, store.NewWorkspaceService(db).CreateMember(f.system, other))
		err := svc.AddTarget(f.bob, m.ID, passerelle.MissionTarget{OrganizationID: f.org.ID, WantedBy: []passerelle.TargetWish{{MemberID: other.ID}}})
		if _, ok := passerelle.ErrorFieldMsgs(err)["wanted_by[0].member_id"]; !ok {
			t.Errorf("a member not taking part: %v", err)
		}
		// The targets written again without wishes (the API's PATCH of targets): kept.
		got, err := svc.FindMission(f.bob, "cph")
		must(t, err)
		got.Targets[0].WantedBy = nil
		must(t, svc.UpdateMission(f.bob, got))
		if w := wishes(); len(w) != 2 {
			t.Errorf("wishes lost by a write without them: %v", w)
		}
		// B leaves the mission: its wish goes.
		got.Members = got.Members[:1]
		got.Targets = nil
		must(t, svc.UpdateMission(f.bob, got))
		if w := wishes(); len(w) != 1 || w[f.memberA.ID] == "" {
			t.Errorf("after B left: %v", w)
		}
		got.Members = append(got.Members, passerelle.MissionMember{MemberID: f.memberB.ID})
		must(t, svc.UpdateMission(f.bob, got))

		row := func(line int, name, members string) passerelle.OrgRow {
			return passerelle.OrgRow{Line: line, Organization: &passerelle.Organization{Name: name}, Extra: map[string]string{"members": members}}
		}
		_, err = svc.ImportTargets(f.bob, m.ID, []passerelle.OrgRow{row(2, "Novo Shared", "institut-b"), row(3, "New Co", "Institut A; Nobody")},
			passerelle.OrgImportOptions{})
		if err == nil || !strings.Contains(err.Error(), `line 3: members: "Nobody" is not a member taking part`) {
			t.Errorf("unknown member in the file: %v", err)
		}
		if w := wishes(); len(w) != 1 {
			t.Errorf("a refused import saved: %v", w)
		}
		_, err = svc.ImportTargets(f.bob, m.ID, []passerelle.OrgRow{row(2, "Novo Shared", "institut-a, INSTITUT B"), row(3, "New Co", "Institut B")},
			passerelle.OrgImportOptions{})
		must(t, err)
		got, err = svc.FindMission(f.bob, "cph")
		must(t, err)
		byName := map[string][]passerelle.TargetWish{}
		for _, x := range got.Targets {
			byName[x.Name] = x.WantedBy
		}
		if n := byName["Novo Shared"]; len(n) != 2 || n[0].Reason != "imaging" {
			t.Errorf("Novo Shared after the import (A keeps its reason): %+v", n)
		}
		if n := byName["New Co"]; len(n) != 1 || n[0].MemberID != f.memberB.ID {
			t.Errorf("New Co after the import: %+v", n)
		}
		if x := store.TargetsWantedBy(got, f.memberB.ID); len(x) != 2 {
			t.Errorf("targets B asked for: %+v", x)
		}
		// The target taken off: its wishes go with it.
		must(t, svc.RemoveTarget(f.bob, m.ID, f.org.ID))
		must(t, svc.AddTarget(f.bob, m.ID, passerelle.MissionTarget{OrganizationID: f.org.ID}))
		if x := store.TargetsWantedBy(mustMission(t, svc, f.bob), f.memberA.ID); len(x) != 0 {
			t.Errorf("wishes of a removed target came back: %+v", x)
		}
	})
}

func mustMission(t *testing.T, svc *store.MissionService, ctx context.Context) *passerelle.Mission {
	t.Helper()
	m, err := svc.FindMission(ctx, "cph")
	must(t, err)
	return m
}
