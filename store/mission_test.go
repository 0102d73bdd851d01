package store_test

import (
	"context"
	"strings"
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

// TestMissionTargetsAndProposals: members and their goals are kept; targets are added
// from the directory (another member's private organisation is refused); linked targets
// and targets sharing a person are proposed as one meeting, merged on accepting, kept
// apart (and not proposed again as open) on splitting.
func TestMissionTargetsAndProposals(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		f := newMeetingFixture(t, db)
		orgs, people := store.NewOrganizationService(db), store.NewPersonService(db)
		b := &passerelle.Organization{Name: "Linked Sister", Kind: passerelle.KindCompany}
		c := &passerelle.Organization{Name: "Shared CEO Co", Kind: passerelle.KindCompany}
		for _, o := range []*passerelle.Organization{b, c} {
			must(t, orgs.CreateOrganization(f.system, o))
		}
		must(t, orgs.CreateLink(f.system, &passerelle.OrgLink{Kind: passerelle.LinkLinked, FromID: f.org.ID, ToID: b.ID}))
		ceo := &passerelle.Person{FirstName: "Mette", LastName: "Larsen"}
		must(t, people.CreatePerson(f.system, ceo))
		for _, o := range []int64{b.ID, c.ID} {
			must(t, people.CreateAffiliation(f.system, &passerelle.Affiliation{PersonID: ceo.ID, OrganizationID: o, Role: "CEO"}))
		}
		svc := store.NewMissionService(db)
		m := &passerelle.Mission{Slug: "cph", Name: "Copenhagen", StartDate: "2014-09-08", EndDate: "2014-09-10",
			TimeZone: "Europe/Copenhagen", MeetingMinutes: 90, Members: []passerelle.MissionMember{{MemberID: f.memberA.ID, Goals: "partners for imaging"}}}
		must(t, svc.CreateMission(f.bob, m))
		for _, o := range []int64{f.org.ID, b.ID, c.ID} {
			must(t, svc.AddTarget(f.bob, m.ID, passerelle.MissionTarget{OrganizationID: o}))
		}
		if err := svc.AddTarget(f.bob, m.ID, passerelle.MissionTarget{OrganizationID: f.privOrg.ID}); passerelle.ErrorCode(err) != passerelle.EINVALID {
			t.Errorf("bob adds alice's private organisation: %v", err)
		}
		got, err := svc.FindMission(f.bob, "cph")
		must(t, err)
		if len(got.Members) != 1 || got.Members[0].Goals != "partners for imaging" || len(got.Targets) != 3 {
			t.Fatalf("mission read back: members %+v, targets %+v", got.Members, got.Targets)
		}
		ps, err := svc.GroupProposals(f.bob, got)
		must(t, err)
		if len(ps) != 2 {
			t.Fatalf("proposals %+v, want the link and the shared CEO", ps)
		}
		reasons := map[string]string{}
		for _, p := range ps {
			reasons[p.Reason] = p.Via
			if p.Merged {
				t.Errorf("proposal %+v already merged", p)
			}
		}
		if reasons["link"] != "linked" || reasons["person"] != "Mette Larsen" {
			t.Errorf("reasons %v", reasons)
		}
		must(t, svc.GroupTargets(f.bob, m.ID, b.ID, c.ID, false))
		must(t, svc.GroupTargets(f.bob, m.ID, f.org.ID, b.ID, true))
		got, _ = svc.FindMission(f.bob, "cph")
		groups := map[int64]string{}
		for _, x := range got.Targets {
			groups[x.OrganizationID] = x.Group
		}
		if groups[b.ID] != groups[c.ID] || groups[f.org.ID] == groups[b.ID] {
			t.Errorf("groups after accept and split: %v", groups)
		}
		ps, _ = svc.GroupProposals(f.bob, got)
		if len(ps) != 1 || !ps[0].Merged || ps[0].Reason != "person" {
			t.Errorf("after split, proposals %+v, want only the merged shared CEO", ps)
		}
		must(t, svc.RemoveTarget(f.bob, m.ID, c.ID))
		m.Name, m.Targets = "Copenhagen again", nil
		m.Members = []passerelle.MissionMember{{MemberID: f.memberA.ID}, {MemberID: f.memberB.ID, Goals: "g"}}
		must(t, svc.UpdateMission(f.bob, m))
		got, _ = svc.FindMission(f.bob, "cph")
		if got.Name != "Copenhagen again" || len(got.Members) != 2 || len(got.Targets) != 2 {
			t.Errorf("after update: %q, %d members, %d targets", got.Name, len(got.Members), len(got.Targets))
		}
		if list, err := svc.FindMissions(f.alice); err != nil || len(list) != 1 || list[0].Targets != 2 {
			t.Errorf("missions list: %+v %v", list, err)
		}
		m.Members = []passerelle.MissionMember{{MemberID: 987654}}
		if err := svc.UpdateMission(f.bob, m); passerelle.ErrorCode(err) != passerelle.EINVALID {
			t.Errorf("unknown member: %v", err)
		}
	})
}

// TestFollowUps: a member's follow-ups are read and changed by its users and the
// organisers only; open ones are listed until done; bad input names its field.
func TestFollowUps(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		f := newMeetingFixture(t, db)
		svc := store.NewFollowUpService(db)
		fu := &passerelle.FollowUp{MemberID: f.memberA.ID, OwnerUserID: f.aliceID, Kind: passerelle.FollowUpLetterOfIntent,
			Title: "Letter of intent for Horizon 2020", DueDate: "2014-10-15", OrganizationID: f.org.ID}
		must(t, svc.CreateFollowUp(f.alice, fu))
		if err := svc.CreateFollowUp(f.bob, &passerelle.FollowUp{MemberID: f.memberA.ID, Title: "x"}); passerelle.ErrorCode(err) != passerelle.EFORBIDDEN {
			t.Errorf("bob writes A's follow-up: %v", err)
		}
		for _, tc := range []struct {
			field string
			x     passerelle.FollowUp
		}{
			{"title", passerelle.FollowUp{MemberID: f.memberA.ID}},
			{"kind", passerelle.FollowUp{MemberID: f.memberA.ID, Title: "t", Kind: "lunch"}},
			{"due_date", passerelle.FollowUp{MemberID: f.memberA.ID, Title: "t", DueDate: "15/10/2014"}},
			{"organization_id", passerelle.FollowUp{MemberID: f.memberA.ID, Title: "t", OrganizationID: 987654}},
		} {
			err := svc.CreateFollowUp(f.alice, &tc.x)
			if passerelle.ErrorCode(err) != passerelle.EINVALID || !strings.Contains(err.Error(), tc.field) {
				t.Errorf("%s: %v", tc.field, err)
			}
		}
		if _, err := svc.FindFollowUp(f.bob, fu.ID); passerelle.ErrorCode(err) != passerelle.ENOTFOUND {
			t.Errorf("bob reads A's follow-up: %v", err)
		}
		if err := svc.SetFollowUpDone(f.bob, fu.ID, true); passerelle.ErrorCode(err) != passerelle.ENOTFOUND {
			t.Errorf("bob closes A's follow-up: %v", err)
		}
		open, err := svc.FindFollowUps(f.alice, store.FollowUpFilter{OpenOnly: true})
		must(t, err)
		if len(open) != 1 || open[0].Organization != "Novo Shared" || open[0].Owner != "alice@example.org" {
			t.Fatalf("alice's open follow-ups: %+v", open)
		}
		must(t, svc.SetFollowUpDone(f.alice, fu.ID, true))
		if open, _ := svc.FindFollowUps(f.alice, store.FollowUpFilter{OpenOnly: true}); len(open) != 0 {
			t.Errorf("done follow-up still open: %+v", open)
		}
		if all, _ := svc.FindFollowUps(f.system, store.FollowUpFilter{}); len(all) != 1 || !all[0].Done {
			t.Errorf("operator's list: %+v", all)
		}
	})
}

// TestMissionValidation: each bad field of a mission is named, and nothing is saved.
func TestMissionValidation(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		f := newMeetingFixture(t, db)
		svc := store.NewMissionService(db)
		for _, tc := range []struct {
			field  string
			change func(m *passerelle.Mission)
		}{
			{"slug", func(m *passerelle.Mission) { m.Slug = "a b" }},
			{"end_date", func(m *passerelle.Mission) { m.EndDate = "2014-09-01" }},
			{"time_zone", func(m *passerelle.Mission) { m.TimeZone = "Europe/Atlantis" }},
			{"day_start", func(m *passerelle.Mission) { m.DayStart = "9h" }},
			{"day_end", func(m *passerelle.Mission) { m.DayEnd = "08:00" }},
			{"meeting_minutes", func(m *passerelle.Mission) { m.DayStart, m.DayEnd = "09:00", "10:00" }},
			{"targets[0].organization_id", func(m *passerelle.Mission) {
				m.Targets = []passerelle.MissionTarget{{OrganizationID: f.privOrg.ID}} // alice's private organisation, bob creates
			}},
			{"members[0].member_id", func(m *passerelle.Mission) { m.Members = []passerelle.MissionMember{{MemberID: 987654}} }},
		} {
			m := &passerelle.Mission{Slug: "cph", Name: "Copenhagen", StartDate: "2014-09-08", EndDate: "2014-09-10",
				TimeZone: "Europe/Copenhagen", MeetingMinutes: 90}
			tc.change(m)
			err := svc.CreateMission(f.bob, m)
			if passerelle.ErrorCode(err) != passerelle.EINVALID || !strings.Contains(err.Error(), tc.field) {
				t.Errorf("%s: %v", tc.field, err)
			}
		}
		if l, _ := svc.FindMissions(f.bob); len(l) != 0 {
			t.Errorf("refused missions saved: %+v", l)
		}
	})
}

// TestDraftDebrief: a member's draft holds each meeting of the programme with its shared
// notes and that member's private notes, never another member's; only the member's
// users and the organisers may draft it.
func TestDraftDebrief(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		f := newMeetingFixture(t, db)
		svc := store.NewMissionService(db)
		m := &passerelle.Mission{Slug: "cph", Name: "Copenhagen", StartDate: "2027-03-10", EndDate: "2027-03-11",
			TimeZone: "Europe/Copenhagen", MeetingMinutes: 60, Targets: []passerelle.MissionTarget{{OrganizationID: f.org.ID}}}
		must(t, svc.CreateMission(f.system, m))
		x := f.meeting("Mission meeting")
		x.Origin, x.OriginID, x.Notes = passerelle.OriginMission, m.ID, "Shared: they want a joint proposal."
		must(t, f.meetings.CreateMeeting(f.alice, x))
		a, b := "Alpha only: budget 2 M", "Beta only: competitor"
		_, err := f.meetings.SetMeetingNotes(f.alice, x.ID, store.MeetingNotes{Private: &a})
		must(t, err)
		_, err = f.meetings.SetMeetingNotes(f.bob, x.ID, store.MeetingNotes{Private: &b})
		must(t, err)
		d, err := svc.DraftDebrief(f.alice, m, f.memberA.ID)
		must(t, err)
		if !strings.Contains(d.Body, "2027-03-10 09:00") || !strings.Contains(d.Body, "joint proposal") || !strings.Contains(d.Body, "Alpha only") ||
			strings.Contains(d.Body, "Beta only") || len(d.Organizations) != 1 || d.Organizations[0].OrganizationID != f.org.ID {
			t.Errorf("alice's draft: %q %+v", d.Body, d.Organizations)
		}
		if _, err := svc.DraftDebrief(f.bob, m, f.memberA.ID); passerelle.ErrorCode(err) != passerelle.ENOTFOUND {
			t.Errorf("bob drafts A's debrief: %v", err)
		}
		// An organiser of another member (a coordinator of B) drafts A's debrief from the
		// shared notes: A's private notes are A's users' only, and the debrief is one the
		// organiser reads.
		u := &passerelle.User{Email: "coord@example.org", Name: "coord"}
		must(t, store.NewUserService(db).CreateUser(f.system, u))
		must(t, store.NewUserService(db).SetMembership(f.system, &passerelle.Membership{UserID: u.ID, MemberID: f.memberB.ID, Role: passerelle.RoleCoordinator}))
		ca, err := f.accounts.ActorFor(context.Background(), u.ID, f.ws.ID)
		must(t, err)
		for who, ctx := range map[string]context.Context{"B's coordinator": passerelle.NewContextWithActor(context.Background(), ca), "the operator": f.system} {
			d, err := svc.DraftDebrief(ctx, m, f.memberA.ID)
			must(t, err)
			if !strings.Contains(d.Body, "joint proposal") || strings.Contains(d.Body, "Alpha only") || strings.Contains(d.Body, "Beta only") {
				t.Errorf("%s drafts A's debrief: %q", who, d.Body)
			}
		}
		must(t, svc.CreateDebrief(f.alice, d))
		d.Body, d.Status = "Edited", "sent"
		must(t, svc.UpdateDebrief(f.alice, d))
		if err := svc.UpdateDebrief(f.bob, d); passerelle.ErrorCode(err) != passerelle.ENOTFOUND {
			t.Errorf("bob edits A's debrief: %v", err)
		}
		if got, _ := svc.FindDebrief(f.system, m.ID, d.ID); got == nil || got.Body != "Edited" || got.Status != "sent" {
			t.Errorf("after edit: %+v", got)
		}
	})
}
