package store_test

import (
	"strings"
	"testing"

	"passerelle"
	"passerelle/store"
)

// TestMissionTargetImport: a list of targets is matched against the directory as the
// organisations import does (another member's private record is never matched); the
// preview saves nothing; an unsettled ambiguous row, or a bad row named by its line,
// saves nothing; the import creates the new organisations and adds every row as a
// target with its why, group, availability and venue, one row per organisation; a second
// import updates the targets already there.
func TestMissionTargetImport(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		f := newMeetingFixture(t, db)
		orgs := store.NewOrganizationService(db)
		twinA := &passerelle.Organization{Name: "Twin Research Lab", Country: "FR", City: "Paris"}
		twinB := &passerelle.Organization{Name: "Twin Research Lab", Country: "FR", City: "Lyon"}
		must(t, orgs.CreateOrganization(f.system, twinA))
		must(t, orgs.CreateOrganization(f.system, twinB))
		count := func() int {
			_, n, err := orgs.FindOrganizations(f.system, passerelle.OrganizationFilter{Limit: 1})
			must(t, err)
			return n
		}
		svc := store.NewMissionService(db)
		m := &passerelle.Mission{Slug: "cph", Name: "Copenhagen", StartDate: "2014-09-08", EndDate: "2014-09-10",
			TimeZone: "Europe/Copenhagen", MeetingMinutes: 60,
			Venues: []passerelle.MissionVenue{{Name: "Hotel", Address: "Nyhavn 1"}, {Name: "Medicon Village", Address: "Lund"}},
			Travel: []passerelle.MissionTravel{{From: "Hotel", To: "Medicon Village", Minutes: 50}}}
		must(t, svc.CreateMission(f.bob, m))
		row := func(line int, name, country string, extra map[string]string) passerelle.OrgRow {
			return passerelle.OrgRow{Line: line, Organization: &passerelle.Organization{Name: name, Country: country}, Extra: extra}
		}
		rows := []passerelle.OrgRow{
			row(2, "Novo Shared", "", map[string]string{"why": "imaging", "group": "Pair", "availability": "2014-09-08 09:00-12:00"}),
			row(3, "Alpha Prospect", "", nil),
			row(4, "Twin Research Lab", "FR", nil),
			row(5, "Brand New ApS", "DK", map[string]string{"group": "pair", "venue": "medicon village"}),
			row(6, "Brand New ApS", "DK", nil),
		}
		n0 := count()
		rep, err := svc.ImportTargets(f.bob, m.ID, rows, passerelle.OrgImportOptions{DryRun: true})
		must(t, err)
		if rep.New != 3 || rep.Matched != 1 || rep.Ambiguous != 1 || rep.Rows[4].SameAsLine != 5 {
			t.Errorf("preview: new %d, matched %d, ambiguous %d, row 6 %+v", rep.New, rep.Matched, rep.Ambiguous, rep.Rows[4])
		}
		if rep.Rows[1].Decision != passerelle.DecisionNew {
			t.Errorf("bob's row matched alice's private organisation: %+v", rep.Rows[1])
		}
		targets := func() map[string]passerelle.MissionTarget {
			got, err := svc.FindMission(f.system, "cph")
			must(t, err)
			out := map[string]passerelle.MissionTarget{}
			for _, x := range got.Targets {
				out[x.Name+"@"+x.Group] = x
				out[x.Name] = x
			}
			return out
		}
		if n := count(); n != n0 || len(targets()) != 0 {
			t.Fatalf("the preview saved: %d -> %d organisations, targets %v", n0, n, targets())
		}
		if _, err := svc.ImportTargets(f.bob, m.ID, rows, passerelle.OrgImportOptions{}); passerelle.ErrorCode(err) != passerelle.EINVALID ||
			!strings.Contains(err.Error(), "line 4") {
			t.Errorf("unsettled ambiguous row: %v", err)
		}
		if n := count(); n != n0 || len(targets()) != 0 {
			t.Fatalf("a refused import saved: %d -> %d organisations", n0, n)
		}
		bad := append(append([]passerelle.OrgRow{}, rows...),
			row(7, "Late Co", "", map[string]string{"availability": "2015-01-01"}),
			row(8, "Far Co", "", map[string]string{"venue": "Nowhere"}),
			row(9, "Odd Hours Co", "", map[string]string{"availability": "2014-09-09 12:00-09:00"}))
		_, err = svc.ImportTargets(f.bob, m.ID, bad, passerelle.OrgImportOptions{Ambiguous: passerelle.AmbiguousNew})
		for _, want := range []string{"line 7: availability: 2015-01-01 is not a day of the mission", "line 8: venue: no venue \"Nowhere\"", "line 9: availability: \"12:00-09:00\""} {
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("bad rows: %v, want %q", err, want)
			}
		}
		if n := count(); n != n0 {
			t.Fatalf("bad rows saved: %d -> %d organisations", n0, n)
		}
		rep, err = svc.ImportTargets(f.bob, m.ID, rows, passerelle.OrgImportOptions{Choices: map[int]int64{4: twinB.ID}})
		must(t, err)
		if rep.TargetsAdded != 4 || rep.TargetsUpdated != 0 || rep.Created != 2 {
			t.Errorf("import: added %d, updated %d, created %d; want 4, 0, 2", rep.TargetsAdded, rep.TargetsUpdated, rep.Created)
		}
		if n := count(); n != n0+2 {
			t.Errorf("%d -> %d organisations, want 2 more", n0, n)
		}
		got := targets()
		novo, brand := got["Novo Shared"], got["Brand New ApS"]
		if novo.Why != "imaging" || novo.Availability != "2014-09-08 09:00-12:00" || novo.Group != brand.Group || brand.Venue != "Medicon Village" {
			t.Errorf("targets read back: %+v, %+v", novo, brand)
		}
		if tw, ok := got["Twin Research Lab"]; !ok || tw.OrganizationID != twinB.ID {
			t.Errorf("the ambiguous row is not twinB's target: %+v", tw)
		}
		if _, ok := got["Alpha Prospect"]; !ok || got["Alpha Prospect"].OrganizationID == f.privOrg.ID {
			t.Errorf("bob's Alpha Prospect: %+v", got["Alpha Prospect"])
		}
		// Again, with another why: the target is updated, not added.
		rows[0].Extra = map[string]string{"why": "imaging and AI"}
		rep, err = svc.ImportTargets(f.bob, m.ID, rows[:1], passerelle.OrgImportOptions{})
		must(t, err)
		if rep.TargetsAdded != 0 || rep.TargetsUpdated != 1 {
			t.Errorf("second import: added %d, updated %d", rep.TargetsAdded, rep.TargetsUpdated)
		}
		if x := targets()["Novo Shared"]; x.Why != "imaging and AI" || x.Group != novo.Group {
			t.Errorf("after the second import: %+v (group %q before)", x, novo.Group)
		}
		if _, err := svc.ImportTargets(f.bob, 987654, rows[:1], passerelle.OrgImportOptions{DryRun: true}); passerelle.ErrorCode(err) != passerelle.ENOTFOUND {
			t.Errorf("unknown mission: %v", err)
		}
		if _, err := svc.ImportTargets(f.otherSystem, m.ID, rows[:1], passerelle.OrgImportOptions{DryRun: true}); passerelle.ErrorCode(err) != passerelle.ENOTFOUND {
			t.Errorf("another workspace's mission: %v", err)
		}
		if _, err := svc.ImportTargets(f.viewer, m.ID, rows[:1], passerelle.OrgImportOptions{DryRun: true}); passerelle.ErrorCode(err) != passerelle.EFORBIDDEN {
			t.Errorf("a viewer imports: %v", err)
		}
	})
}

// TestFollowUpOpportunity: a follow-up becomes one opportunity of its member, private to
// it, linked to the mission, its organisation and the mission's meeting with that
// organisation; a second time is a conflict; another member cannot.
func TestFollowUpOpportunity(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		f := newMeetingFixture(t, db)
		m := &passerelle.Mission{Slug: "cph", Name: "Copenhagen", StartDate: "2027-03-10", EndDate: "2027-03-11",
			TimeZone: "Europe/Copenhagen", MeetingMinutes: 60, Targets: []passerelle.MissionTarget{{OrganizationID: f.org.ID}}}
		must(t, store.NewMissionService(db).CreateMission(f.system, m))
		mt := f.meeting("Novo meeting")
		mt.Origin, mt.OriginID = passerelle.OriginMission, m.ID
		must(t, f.meetings.CreateMeeting(f.system, mt))
		fus := store.NewFollowUpService(db)
		fu := &passerelle.FollowUp{MemberID: f.memberA.ID, Title: "Letter of intent for the H2020 call", Kind: passerelle.FollowUpLetterOfIntent,
			DueDate: "2027-04-01", MissionID: m.ID, OrganizationID: f.org.ID}
		must(t, fus.CreateFollowUp(f.alice, fu))
		if _, err := fus.MakeOpportunity(f.bob, fu.ID); passerelle.ErrorCode(err) != passerelle.ENOTFOUND {
			t.Errorf("bob makes alice's follow-up an opportunity: %v", err)
		}
		o, err := fus.MakeOpportunity(f.alice, fu.ID)
		must(t, err)
		got, err := store.NewPipelineService(db).FindOpportunityByID(f.alice, o.ID)
		must(t, err)
		if got.Stage != passerelle.StageLetterOfIntent || got.MemberID != f.memberA.ID || got.Visibility != passerelle.VisibilityPrivate ||
			len(got.MeetingIDs) != 1 || got.MeetingIDs[0] != mt.ID || len(got.MissionIDs) != 1 || len(got.OrganizationIDs) != 1 ||
			got.NextActionDate != "2027-04-01" {
			t.Errorf("opportunity: %+v", got)
		}
		if _, err := store.NewPipelineService(db).FindOpportunityByID(f.bob, o.ID); passerelle.ErrorCode(err) != passerelle.ENOTFOUND {
			t.Errorf("bob reads alice's opportunity: %v", err)
		}
		if x, _ := fus.FindFollowUp(f.alice, fu.ID); x == nil || x.OpportunityID != o.ID {
			t.Errorf("the follow-up does not name its opportunity: %+v", x)
		}
		if _, err := fus.MakeOpportunity(f.alice, fu.ID); passerelle.ErrorCode(err) != passerelle.ECONFLICT {
			t.Errorf("a second opportunity: %v", err)
		}
	})
}
