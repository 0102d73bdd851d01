package store_test

import (
	"testing"
	"time"

	"passerelle"
	"passerelle/store"
)

// TestMergeOrganizations: a merge moves every meeting, affiliation, link and agreement of
// the record merged away to the kept one (a meeting naming both keeps one; a link between
// them goes), fills the kept record's empty fields, and can be undone while the kept
// record is unchanged: everything returns, the merged-away record under its own id.
// Another member's private record cannot be merged, nor a shared one into a private one.
func TestMergeOrganizations(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		orgs, people, meetings, agrs := store.NewOrganizationService(db), store.NewPersonService(db), store.NewMeetingService(db), store.NewAgreementService(db)
		kept := &passerelle.Organization{Name: "Novo Nordisk", Country: "DK", Kind: passerelle.KindCompany}
		gone := &passerelle.Organization{Name: "NOVO NORDISK A/S", Country: "DK", City: "Bagsværd", Website: "https://www.novonordisk.com", Acronyms: []string{"NN"}}
		third := &passerelle.Organization{Name: "Novo Holdings", Country: "DK"}
		secret := &passerelle.Organization{Name: "Alice Private Novo", Country: "DK", Visibility: passerelle.VisibilityPrivate}
		for _, o := range []*passerelle.Organization{kept, gone, third} {
			must(t, orgs.CreateOrganization(f.bob, o))
		}
		must(t, orgs.CreateOrganization(f.alice, secret))
		must(t, orgs.CreateLink(f.bob, &passerelle.OrgLink{Kind: passerelle.LinkParent, FromID: gone.ID, ToID: third.ID}))
		must(t, orgs.CreateLink(f.bob, &passerelle.OrgLink{Kind: passerelle.LinkLinked, FromID: kept.ID, ToID: gone.ID}))
		p := &passerelle.Person{FirstName: "Lars", LastName: "Merged"}
		must(t, people.CreatePerson(f.bob, p))
		must(t, people.CreateAffiliation(f.bob, &passerelle.Affiliation{PersonID: p.ID, OrganizationID: gone.ID, Role: "CSO"}))
		start := time.Date(2027, 4, 1, 9, 0, 0, 0, time.UTC)
		both := &passerelle.Meeting{Title: "Both", Start: start, End: start.Add(time.Hour), OrganizationIDs: []int64{kept.ID, gone.ID}}
		only := &passerelle.Meeting{Title: "Only gone", Start: start, End: start.Add(time.Hour), OrganizationIDs: []int64{third.ID, gone.ID}}
		must(t, meetings.CreateMeeting(f.bob, both))
		must(t, meetings.CreateMeeting(f.bob, only))
		ag := &passerelle.Agreement{Title: "Merged convention", Partners: []passerelle.AgreementPartner{{OrganizationID: gone.ID, Side: passerelle.SideForeign}}}
		must(t, agrs.CreateAgreement(f.bob, ag))
		pipe := store.NewPipelineService(db)
		contract := &passerelle.Project{Kind: passerelle.KindRDContract, Title: "Merged contract", MemberID: f.memberB.ID, ClientID: gone.ID,
			Currency: "EUR", Rate: "1", Amounts: []passerelle.ProjectAmount{{Year: 2027, AmountCents: 100}}}
		must(t, pipe.CreateProject(f.bob, contract))
		opp := &passerelle.Opportunity{Title: "Merged opportunity", MemberID: f.memberB.ID, Stage: passerelle.StageIdentified, OrganizationIDs: []int64{gone.ID}}
		must(t, pipe.CreateOpportunity(f.bob, opp))
		// The mission's organiser is an organisation too (Business France, twice).
		missions := store.NewMissionService(db)
		ms := &passerelle.Mission{Slug: "cph", Name: "Copenhagen", StartDate: "2027-04-01", EndDate: "2027-04-02", TimeZone: "Europe/Copenhagen",
			MeetingMinutes: 60, OrganiserID: gone.ID}
		must(t, missions.CreateMission(f.system, ms))
		refs := func(want int64) {
			t.Helper()
			if got, err := missions.FindMission(f.system, ms.Slug); err != nil || got.OrganiserID != want {
				t.Errorf("mission organiser %d (%v); want %d", got.OrganiserID, err, want)
			}
			c, err := pipe.FindProjectByID(f.bob, contract.ID)
			must(t, err)
			o, err := pipe.FindOpportunityByID(f.bob, opp.ID)
			must(t, err)
			if c.ClientID != want || len(o.OrganizationIDs) != 1 || o.OrganizationIDs[0] != want {
				t.Errorf("contract client %d, opportunity organisations %v; want %d", c.ClientID, o.OrganizationIDs, want)
			}
		}

		for name, tc := range map[string]struct {
			keep, away int64
			code       string
		}{
			"into itself":                  {kept.ID, kept.ID, passerelle.EINVALID},
			"another member's private one": {kept.ID, secret.ID, passerelle.ENOTFOUND},
			"unknown":                      {kept.ID, 999999, passerelle.ENOTFOUND},
		} {
			if _, err := orgs.MergeOrganizations(f.bob, tc.keep, tc.away); passerelle.ErrorCode(err) != tc.code {
				t.Errorf("%s: %v, want %s", name, err, tc.code)
			}
		}
		if _, err := orgs.MergeOrganizations(f.alice, secret.ID, kept.ID); passerelle.ErrorCode(err) != passerelle.EINVALID {
			t.Errorf("a shared record into a private one: %v", err)
		}
		if _, err := orgs.MergeOrganizations(f.viewer, kept.ID, gone.ID); passerelle.ErrorCode(err) != passerelle.EFORBIDDEN {
			t.Errorf("viewer: %v", err)
		}

		m, err := orgs.MergeOrganizations(f.bob, kept.ID, gone.ID)
		must(t, err)
		if _, err := orgs.FindOrganizationByID(f.bob, gone.ID); passerelle.ErrorCode(err) != passerelle.ENOTFOUND {
			t.Errorf("the merged-away record is still there: %v", err)
		}
		k, err := orgs.FindOrganizationByID(f.bob, kept.ID)
		must(t, err)
		if k.City != "Bagsværd" || k.Website != gone.Website || len(k.Acronyms) != 1 || len(k.Aliases) != 1 || k.Aliases[0] != "NOVO NORDISK A/S" || k.Name != "Novo Nordisk" {
			t.Errorf("kept after the merge: %+v", k)
		}
		links, _ := orgs.FindLinks(f.bob, kept.ID)
		if len(links) != 1 || links[0].Other == nil || links[0].Other.ID != third.ID {
			t.Errorf("kept's links: %+v", links)
		}
		if affs, _ := people.FindAffiliationsOfOrganization(f.bob, kept.ID); len(affs) != 1 || affs[0].PersonID != p.ID {
			t.Errorf("kept's affiliations: %+v", affs)
		}
		// "Both" named kept and gone: it names kept once; "Only gone" names third and kept.
		for mt, want := range map[*passerelle.Meeting]int{both: 1, only: 2} {
			got, err := meetings.FindMeetingByID(f.bob, mt.ID)
			must(t, err)
			if len(got.OrganizationIDs) != want || !contains(got.OrganizationIDs, kept.ID) {
				t.Errorf("meeting %q after the merge names %v", mt.Title, got.OrganizationIDs)
			}
		}
		if got, _ := agrs.FindAgreementByID(f.bob, ag.ID); got.Partners[0].OrganizationID != kept.ID {
			t.Errorf("agreement partner after the merge: %+v", got.Partners)
		}
		refs(kept.ID)
		if hits, _, _ := agrs.FindAgreements(f.bob, passerelle.AgreementFilter{Query: "Novo Nordisk", Limit: 10}); len(hits) != 1 {
			t.Errorf("the agreement is not found by its partner's kept name: %d hits", len(hits))
		}

		// Undo: refused to another member or a viewer, then done; twice is refused.
		if _, err := orgs.UndoMerge(f.viewer, m.ID); passerelle.ErrorCode(err) != passerelle.EFORBIDDEN {
			t.Errorf("viewer undoes: %v", err)
		}
		if _, err := orgs.UndoMerge(f.otherSystem, m.ID); passerelle.ErrorCode(err) != passerelle.ENOTFOUND {
			t.Errorf("another workspace undoes: %v", err)
		}
		_, err = orgs.UndoMerge(f.alice, m.ID)
		must(t, err)
		if _, err := orgs.UndoMerge(f.bob, m.ID); passerelle.ErrorCode(err) != passerelle.ECONFLICT {
			t.Errorf("second undo: %v", err)
		}
		back, err := orgs.FindOrganizationByID(f.bob, gone.ID)
		if err != nil || back.Name != gone.Name || back.City != "Bagsværd" {
			t.Fatalf("merged-away record after the undo: %+v %v", back, err)
		}
		k, _ = orgs.FindOrganizationByID(f.bob, kept.ID)
		if k.City != "" || k.Website != "" || len(k.Aliases) != 0 {
			t.Errorf("kept after the undo: %+v", k)
		}
		if links, _ := orgs.FindLinks(f.bob, gone.ID); len(links) != 2 {
			t.Errorf("links of the merged-away record after the undo: %+v", links)
		}
		if affs, _ := people.FindAffiliationsOfOrganization(f.bob, gone.ID); len(affs) != 1 {
			t.Errorf("affiliations after the undo: %+v", affs)
		}
		for _, mt := range []*passerelle.Meeting{both, only} {
			got, _ := meetings.FindMeetingByID(f.bob, mt.ID)
			if !contains(got.OrganizationIDs, gone.ID) || len(got.OrganizationIDs) != 2 {
				t.Errorf("meeting %q after the undo names %v", mt.Title, got.OrganizationIDs)
			}
		}
		if got, _ := agrs.FindAgreementByID(f.bob, ag.ID); got.Partners[0].OrganizationID != gone.ID {
			t.Errorf("agreement partner after the undo: %+v", got.Partners)
		}
		refs(gone.ID)

		// A merge whose kept record changed since cannot be undone.
		m, err = orgs.MergeOrganizations(f.bob, kept.ID, gone.ID)
		must(t, err)
		k, _ = orgs.FindOrganizationByID(f.bob, kept.ID)
		k.Description = "edited after the merge"
		must(t, orgs.UpdateOrganization(f.bob, k))
		if _, err := orgs.UndoMerge(f.bob, m.ID); passerelle.ErrorCode(err) != passerelle.ECONFLICT {
			t.Errorf("undo after an edit: %v", err)
		}
		if ms, err := orgs.FindMerges(f.bob, kept.ID); err != nil || len(ms) != 2 || !ms[1].Undone {
			t.Errorf("merges: %+v %v", ms, err)
		}
	})
}

func contains(ids []int64, id int64) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

// TestUndoMergeRestoresNotDuplicateMarks: a merge deletes the record merged away and
// with it its "not a duplicate" marks; the undo puts them back, so that the duplicates
// list does not show again pairs a user settled.
func TestUndoMergeRestoresNotDuplicateMarks(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		orgs := store.NewOrganizationService(db)
		kept := &passerelle.Organization{Name: "Genopole", Country: "FR"}
		gone := &passerelle.Organization{Name: "GENOPOLE", Country: "FR"}
		twin := &passerelle.Organization{Name: "Genopole SA", Country: "FR"}
		for _, o := range []*passerelle.Organization{kept, gone, twin} {
			must(t, orgs.CreateOrganization(f.bob, o))
		}
		must(t, orgs.MarkNotDuplicate(f.bob, gone.ID, twin.ID))
		must(t, orgs.MarkNotDuplicate(f.alice, kept.ID, gone.ID))
		listed := func() map[[2]int64]bool {
			t.Helper()
			pairs, err := orgs.FindDuplicates(f.bob, 0)
			must(t, err)
			m := map[[2]int64]bool{}
			for _, p := range pairs {
				m[[2]int64{min(p.A.ID, p.B.ID), max(p.A.ID, p.B.ID)}] = true
			}
			return m
		}
		pair := func(x, y int64) [2]int64 { return [2]int64{min(x, y), max(x, y)} }
		before := listed()
		if !before[pair(kept.ID, twin.ID)] || before[pair(gone.ID, twin.ID)] || before[pair(kept.ID, gone.ID)] {
			t.Fatalf("duplicates before the merge: %v", before)
		}
		m, err := orgs.MergeOrganizations(f.bob, kept.ID, gone.ID)
		must(t, err)
		_, err = orgs.UndoMerge(f.bob, m.ID)
		must(t, err)
		after := listed()
		if after[pair(gone.ID, twin.ID)] || after[pair(kept.ID, gone.ID)] || !after[pair(kept.ID, twin.ID)] {
			t.Errorf("duplicates after the undo: %v (marked: %d≠%d, %d≠%d)", after, gone.ID, twin.ID, kept.ID, gone.ID)
		}
		// A mark whose other record was deleted meanwhile stays out; the undo still works.
		m, err = orgs.MergeOrganizations(f.bob, kept.ID, gone.ID)
		must(t, err)
		must(t, orgs.DeleteOrganization(f.bob, twin.ID))
		if _, err := orgs.UndoMerge(f.bob, m.ID); err != nil {
			t.Errorf("undo after the marked record was deleted: %v", err)
		}
	})
}

// TestUndoMergeKeepsTargetAvailability: a mission target of the record merged away, in
// a mission that also targets the kept one, comes back on undo with its availability and
// venue; the merge kept only its group and note, so an undo lost when it could be met.
func TestUndoMergeKeepsTargetAvailability(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		orgs, missions := store.NewOrganizationService(db), store.NewMissionService(db)
		kept := &passerelle.Organization{Name: "Medicon Valley Alliance", Country: "DK"}
		gone := &passerelle.Organization{Name: "MEDICON VALLEY ALLIANCE", Country: "DK"}
		for _, o := range []*passerelle.Organization{kept, gone} {
			must(t, orgs.CreateOrganization(f.bob, o))
		}
		ms := &passerelle.Mission{Slug: "mva", Name: "Øresund", StartDate: "2027-04-01", EndDate: "2027-04-02", TimeZone: "Europe/Copenhagen",
			MeetingMinutes: 60, Venues: []passerelle.MissionVenue{{Name: "Ideon"}},
			Targets: []passerelle.MissionTarget{{OrganizationID: kept.ID}, {OrganizationID: gone.ID, Why: "cluster",
				Availability: "2027-04-01 09:00-12:00", Venue: "Ideon"}}}
		must(t, missions.CreateMission(f.system, ms))
		m, err := orgs.MergeOrganizations(f.bob, kept.ID, gone.ID)
		must(t, err)
		_, err = orgs.UndoMerge(f.bob, m.ID)
		must(t, err)
		got, err := missions.FindMission(f.system, ms.Slug)
		must(t, err)
		var back *passerelle.MissionTarget
		for i := range got.Targets {
			if got.Targets[i].Name == gone.Name {
				back = &got.Targets[i]
			}
		}
		if back == nil || back.Why != "cluster" || back.Availability != "2027-04-01 09:00-12:00" || back.Venue != "Ideon" {
			t.Errorf("the target back after the undo: %+v", back)
		}
	})
}
