package store_test

import (
	"testing"
	"time"

	"passerelle"
	"passerelle/store"
)

// TestBin deletes an organisation with its links and affiliations, a person and an
// agreement, and restores each from the bin with what went with it; the bin obeys the
// records' visibility, a viewer cannot restore, another workspace sees nothing.
func TestBin(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) { testBin(t, db) })
	}
}

func testBin(t *testing.T, db *store.DB) {
	f := newFixture(t, db)
	orgs, people, agrs, bin := store.NewOrganizationService(db), store.NewPersonService(db), store.NewAgreementService(db), store.NewBinService(db)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	gone := &passerelle.Organization{Name: "Binned Institute", Kind: passerelle.KindCompany, Country: "JP"}
	parent := &passerelle.Organization{Name: "Parent Holding", Kind: passerelle.KindCompany, Country: "JP"}
	must(orgs.CreateOrganization(f.bob, gone))
	must(orgs.CreateOrganization(f.bob, parent))
	must(orgs.CreateLink(f.bob, &passerelle.OrgLink{Kind: passerelle.LinkParent, FromID: gone.ID, ToID: parent.ID}))
	p := &passerelle.Person{FirstName: "Kenji", LastName: "Binperson"}
	must(people.CreatePerson(f.bob, p))
	must(people.CreateAffiliation(f.bob, &passerelle.Affiliation{PersonID: p.ID, OrganizationID: gone.ID, Role: "Director"}))
	secret := &passerelle.Person{LastName: "Alicesecret", Visibility: passerelle.VisibilityPrivate}
	must(people.CreatePerson(f.alice, secret))

	// An officer of another member deletes the shared organisation.
	must(orgs.DeleteOrganization(f.alice, gone.ID))
	must(people.DeletePerson(f.alice, secret.ID))
	entries, err := bin.FindBin(f.bob)
	must(err)
	if len(entries) != 1 || entries[0].Entity != "organization" || entries[0].Summary != "Binned Institute" || entries[0].ExpiresAt.Sub(entries[0].DeletedAt).Hours() != 24*passerelle.BinDays {
		t.Fatalf("bob's bin: %+v", entries)
	}
	if e, _ := bin.FindBin(f.alice); len(e) != 2 {
		t.Errorf("alice's bin holds %d entries, want 2 (the organisation and her private person)", len(e))
	}
	if e, _ := bin.FindBin(f.otherSystem); len(e) != 0 {
		t.Errorf("another workspace sees %d bin entries", len(e))
	}
	if _, err := bin.Restore(f.viewer, entries[0].ID); passerelle.ErrorCode(err) != passerelle.EFORBIDDEN {
		t.Errorf("viewer restores: %v", err)
	}
	if _, err := bin.Restore(f.otherSystem, entries[0].ID); passerelle.ErrorCode(err) != passerelle.ENOTFOUND {
		t.Errorf("another workspace restores: %v", err)
	}
	all, _ := bin.FindBin(f.alice)
	for _, e := range all {
		if e.Entity == "person" {
			if _, err := bin.Restore(f.bob, e.ID); passerelle.ErrorCode(err) != passerelle.ENOTFOUND {
				t.Errorf("bob restores alice's private person: %v", err)
			}
		}
	}

	res, err := bin.Restore(f.bob, entries[0].ID)
	must(err)
	if res.Links != 1 || res.Affected != 1 || res.Dropped != 0 {
		t.Errorf("restored %+v, want its link and its affiliation", res)
	}
	back, err := orgs.FindOrganizationByID(f.bob, res.ID)
	if err != nil || back.Name != "Binned Institute" || back.Country != "JP" {
		t.Fatalf("restored organisation: %+v %v", back, err)
	}
	links, _ := orgs.FindLinks(f.bob, back.ID)
	if len(links) != 1 || links[0].Other == nil || links[0].Other.ID != parent.ID {
		t.Errorf("restored links: %+v", links)
	}
	if affs, _ := people.FindAffiliationsOfOrganization(f.bob, back.ID); len(affs) != 1 || affs[0].PersonID != p.ID {
		t.Errorf("restored affiliations: %+v", affs)
	}
	if e, _ := bin.FindBin(f.bob); len(e) != 0 {
		t.Errorf("the restored entry is still in the bin: %+v", e)
	}
	if _, err := bin.Restore(f.bob, entries[0].ID); passerelle.ErrorCode(err) != passerelle.ENOTFOUND {
		t.Errorf("second restore: %v", err)
	}
	audit, _ := store.NewAuditService(db).FindAuditEntries(f.bob, passerelle.AuditFilter{Entity: "organization", EntityID: back.ID})
	if len(audit) == 0 || audit[0].Action != "restore" {
		t.Errorf("audit of the restore: %+v", audit)
	}

	// A person goes with its affiliations, and an agreement with its partners.
	must(people.DeletePerson(f.bob, p.ID))
	a := &passerelle.Agreement{Title: "Binned convention", Partners: []passerelle.AgreementPartner{{OrganizationID: parent.ID, Side: passerelle.SideForeign}},
		Funding: []passerelle.FundingLine{{Funder: "Ville", AmountCents: 500}}}
	must(agrs.CreateAgreement(f.bob, a))
	must(agrs.DeleteAgreement(f.alice, a.ID))
	entries, _ = bin.FindBin(f.bob)
	if len(entries) != 2 || entries[0].Entity != "agreement" {
		t.Fatalf("bin after two deletes: %+v", entries)
	}
	for _, e := range entries {
		res, err := bin.Restore(f.alice, e.ID)
		must(err)
		switch e.Entity {
		case "agreement":
			got, err := agrs.FindAgreementByID(f.alice, res.ID)
			if err != nil || len(got.Partners) != 1 || got.Partners[0].OrganizationID != parent.ID || len(got.Funding) != 1 {
				t.Errorf("restored agreement: %+v %v", got, err)
			}
		case "person":
			if res.Affected != 1 {
				t.Errorf("restored person: %+v", res)
			}
		}
	}
}

// TestBinRelinksMeetings: a restored organisation or person is named again in the
// meetings that named it, at its place, including another member's private meeting
// (counted only for whoever may read it); a meeting deleted meanwhile is left alone.
func TestBinRelinksMeetings(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		orgs, people, meetings, bin := store.NewOrganizationService(db), store.NewPersonService(db), store.NewMeetingService(db), store.NewBinService(db)
		o := &passerelle.Organization{Name: "Relinked Company", Country: "DK"}
		x := &passerelle.Organization{Name: "Other Company", Country: "DK"}
		must(t, orgs.CreateOrganization(f.bob, o))
		must(t, orgs.CreateOrganization(f.bob, x))
		p := &passerelle.Person{FirstName: "Mette", LastName: "Relinked"}
		must(t, people.CreatePerson(f.bob, p))
		start := time.Date(2027, 5, 3, 9, 0, 0, 0, time.UTC)
		shared := &passerelle.Meeting{Title: "Shared meeting", Start: start, End: start.Add(time.Hour), OrganizationIDs: []int64{x.ID, o.ID}, PersonIDs: []int64{p.ID}}
		private := &passerelle.Meeting{Title: "Alice's meeting", Start: start, End: start.Add(time.Hour), OrganizationIDs: []int64{o.ID},
			Visibility: passerelle.VisibilityPrivate}
		must(t, meetings.CreateMeeting(f.bob, shared))
		must(t, meetings.CreateMeeting(f.alice, private))

		must(t, orgs.DeleteOrganization(f.bob, o.ID))
		if m, _ := meetings.FindMeetingByID(f.bob, shared.ID); len(m.OrganizationIDs) != 1 {
			t.Fatalf("after the delete the meeting names %v", m.OrganizationIDs)
		}
		entries, err := bin.FindBin(f.bob)
		must(t, err)
		res, err := bin.Restore(f.bob, entries[0].ID)
		must(t, err)
		if res.Meetings != 1 {
			t.Errorf("bob's restore counts %d meetings, want 1 (alice's private one is not his to count)", res.Meetings)
		}
		if m, _ := meetings.FindMeetingByID(f.bob, shared.ID); len(m.OrganizationIDs) != 2 || m.OrganizationIDs[1] != res.ID {
			t.Errorf("shared meeting names %v, want [%d %d]", m.OrganizationIDs, x.ID, res.ID)
		}
		if m, _ := meetings.FindMeetingByID(f.alice, private.ID); len(m.OrganizationIDs) != 1 || m.OrganizationIDs[0] != res.ID {
			t.Errorf("alice's meeting names %v, want [%d]", m.OrganizationIDs, res.ID)
		}

		// A person, whose meeting is deleted while the person is in the bin.
		must(t, people.DeletePerson(f.bob, p.ID))
		must(t, meetings.DeleteMeeting(f.bob, shared.ID))
		entries, err = bin.FindBin(f.bob)
		must(t, err)
		for _, e := range entries {
			if e.Entity != "person" {
				continue
			}
			res, err := bin.Restore(f.bob, e.ID)
			if err != nil || res.Meetings != 0 {
				t.Errorf("person restored with its meeting gone: %+v %v", res, err)
			}
		}
	})
}

// TestBinRestoresOrgRefs: an organisation's delete clears what names it outside its own
// tables, and its restore puts each kind back on the new id, where the record is still
// there: a mission's organiser, a delegation's host (target) with its note, availability
// and venue, the member that wants it, a "met apart" mark, a debrief's interest, a
// follow-up's organisation, an opportunity's link and an EU project's participation.
// An organisation created in between (SQLite gives the highest id again) is named by
// none of them; a mission given another organiser since keeps it.
func TestBinRestoresOrgRefs(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		f := newMeetingFixture(t, db)
		orgs, missions, bin := store.NewOrganizationService(db), store.NewMissionService(db), store.NewBinService(db)
		fus, pipe := store.NewFollowUpService(db), store.NewPipelineService(db)
		other := &passerelle.Organization{Name: "Other Host", Kind: passerelle.KindCompany}
		must(t, orgs.CreateOrganization(f.bob, other))
		o := &passerelle.Organization{Name: "Linked Everywhere", Kind: passerelle.KindCompany, Country: "DK"}
		must(t, orgs.CreateOrganization(f.bob, o))
		mission := func(slug string, kind passerelle.MissionKind, organiser int64, targets ...passerelle.MissionTarget) *passerelle.Mission {
			m := &passerelle.Mission{Slug: slug, Name: slug, Kind: kind, StartDate: "2027-03-10", EndDate: "2027-03-10", TimeZone: "Europe/Paris",
				MeetingMinutes: 60, OrganiserID: organiser, Targets: targets, Members: []passerelle.MissionMember{{MemberID: f.memberA.ID}},
				Venues: []passerelle.MissionVenue{{Name: "Lab"}}}
			must(t, missions.CreateMission(f.system, m))
			return m
		}
		mission("organised", passerelle.MissionOutgoing, o.ID)
		hosted := mission("hosted", passerelle.MissionIncoming, 0,
			passerelle.MissionTarget{OrganizationID: o.ID, Group: "g", Why: "hosts the visit", Availability: "2027-03-10 09:00-12:00", Venue: "Lab",
				WantedBy: []passerelle.TargetWish{{MemberID: f.memberA.ID, Reason: "imaging"}}},
			passerelle.MissionTarget{OrganizationID: other.ID, Group: "g"})
		must(t, missions.GroupTargets(f.system, hosted.ID, o.ID, other.ID, true)) // met apart: a group of its own
		before, _ := missions.FindMission(f.system, "hosted")
		group := ""
		for _, x := range before.Targets {
			if x.OrganizationID == o.ID {
				group = x.Group
			}
		}
		mission("taken", passerelle.MissionOutgoing, o.ID)
		deb := &passerelle.Debrief{MissionID: hosted.ID, Member: passerelle.NamedRef{ID: f.memberA.ID}, Body: "x",
			Organizations: []passerelle.DebriefInterest{{OrganizationID: o.ID, Interest: "high"}}}
		must(t, missions.CreateDebrief(f.system, deb))
		fu := &passerelle.FollowUp{MemberID: f.memberA.ID, Title: "Send the brochure", MissionID: hosted.ID, OrganizationID: o.ID}
		must(t, fus.CreateFollowUp(f.alice, fu))
		opp := &passerelle.Opportunity{Title: "Joint lab", MemberID: f.memberA.ID, OrganizationIDs: []int64{other.ID, o.ID}}
		must(t, pipe.CreateOpportunity(f.alice, opp))
		proj := &passerelle.Project{Kind: passerelle.KindEUProject, Title: "Horizon", Role: "coordinator", StartDate: "2027-01-01",
			Participations: []passerelle.Participation{{OrganizationID: other.ID, Role: "coordinator", AmountCents: 100}, {OrganizationID: o.ID, Role: "participant", AmountCents: 250}}}
		must(t, pipe.CreateProject(f.system, proj))

		must(t, orgs.DeleteOrganization(f.bob, o.ID))
		// Created in between: on SQLite it may take the deleted id; nothing names it.
		newcomer := &passerelle.Organization{Name: "Newcomer", Kind: passerelle.KindCompany}
		must(t, orgs.CreateOrganization(f.bob, newcomer))
		if m, _ := missions.FindMission(f.bob, "organised"); m.OrganiserID != 0 {
			t.Errorf("after the delete the mission's organiser is %d (the newcomer is %d)", m.OrganiserID, newcomer.ID)
		}
		if got, _ := fus.FindFollowUp(f.alice, fu.ID); got.OrganizationID != 0 {
			t.Errorf("after the delete the follow-up names %d", got.OrganizationID)
		}
		tk, _ := missions.FindMission(f.system, "taken")
		tk.OrganiserID, tk.Targets = other.ID, nil
		must(t, missions.UpdateMission(f.system, tk))

		entries, err := bin.FindBin(f.bob)
		must(t, err)
		res, err := bin.Restore(f.bob, entries[0].ID)
		must(t, err)
		id := res.ID
		if res.Missions != 2 {
			t.Errorf("restore names the organisation again in %d missions, want 2 (organised, hosted)", res.Missions)
		}
		if m, _ := missions.FindMission(f.bob, "organised"); m.OrganiserID != id {
			t.Errorf("organiser: %d, want the restored %d", m.OrganiserID, id)
		}
		if m, _ := missions.FindMission(f.bob, "taken"); m.OrganiserID != other.ID {
			t.Errorf("an organiser chosen since was replaced: %d", m.OrganiserID)
		}
		h, _ := missions.FindMission(f.alice, "hosted")
		var host *passerelle.MissionTarget
		for i := range h.Targets {
			if h.Targets[i].OrganizationID == id {
				host = &h.Targets[i]
			}
		}
		if host == nil || host.Group != group || host.Why != "hosts the visit" || host.Availability != "2027-03-10 09:00-12:00" || host.Venue != "Lab" ||
			len(host.WantedBy) != 1 || host.WantedBy[0].MemberID != f.memberA.ID || host.WantedBy[0].Reason != "imaging" {
			t.Errorf("the delegation's host: %+v in %+v", host, h.Targets)
		}
		if props, _ := missions.GroupProposals(f.alice, h); len(props) != 0 {
			t.Errorf("the met-apart mark is lost: %+v", props)
		}
		if err := missions.GroupTargets(f.system, h.ID, id, other.ID, false); err != nil {
			t.Errorf("the restored host is not a target: %v", err)
		}
		if d, _ := missions.FindDebrief(f.alice, hosted.ID, deb.ID); d == nil || len(d.Organizations) != 1 || d.Organizations[0].OrganizationID != id || d.Organizations[0].Interest != "high" {
			t.Errorf("debrief interests: %+v", d)
		}
		if got, _ := fus.FindFollowUp(f.alice, fu.ID); got.OrganizationID != id {
			t.Errorf("follow-up: %d", got.OrganizationID)
		}
		if got, _ := pipe.FindOpportunityByID(f.alice, opp.ID); len(got.OrganizationIDs) != 2 || got.OrganizationIDs[1] != id {
			t.Errorf("opportunity: %v", got.OrganizationIDs)
		}
		if got, _ := pipe.FindProjectByID(f.system, proj.ID); len(got.Participations) != 2 || got.Participations[1].OrganizationID != id ||
			got.Participations[1].AmountCents != 250 || got.Participations[1].Role != "participant" {
			t.Errorf("participations: %+v", got.Participations)
		}
	})
}
