package store_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"passerelle"
	"passerelle/store"
)

// TestPersonRights: consents with their source are recorded and withdrawn; the
// subject-access answer holds the record, affiliations, meetings, agreements naming the
// person, consents and history; erasure keeps the record and its counts but nothing that
// identifies the person, anywhere (record, affiliations, agreements' contacts and search,
// history). Only who answers for the record may export or erase it.
func TestPersonRights(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		people, orgs, meetings, agrs := store.NewPersonService(db), store.NewOrganizationService(db), store.NewMeetingService(db), store.NewAgreementService(db)
		o := &passerelle.Organization{Name: "Rights Company", Country: "DK"}
		must(t, orgs.CreateOrganization(f.system, o))
		p := &passerelle.Person{FirstName: "Ingrid", LastName: "Vesterbygaard", Emails: []string{"ingrid@rights.example"}, Notes: "met at BIO"}
		must(t, people.CreatePerson(f.bob, p))
		must(t, people.CreateAffiliation(f.bob, &passerelle.Affiliation{PersonID: p.ID, OrganizationID: o.ID, Role: "CTO", Title: "Dr"}))
		start := time.Date(2027, 6, 1, 9, 0, 0, 0, time.UTC)
		m := &passerelle.Meeting{Title: "Rights meeting", Start: start, End: start.Add(time.Hour), PersonIDs: []int64{p.ID}, OrganizationIDs: []int64{o.ID}}
		must(t, meetings.CreateMeeting(f.bob, m))
		ag := &passerelle.Agreement{Title: "Rights convention", Partners: []passerelle.AgreementPartner{{OrganizationID: o.ID, Side: passerelle.SideForeign}},
			Contacts: []passerelle.AgreementContact{{PersonID: p.ID, FirstName: "Ingrid", LastName: "Vesterbygaard", Email: "ingrid@rights.example", Role: "signatory"}}}
		must(t, agrs.CreateAgreement(f.bob, ag))

		for name, c := range map[string]passerelle.Consent{
			"no basis":           {PersonID: p.ID, Purpose: "x"},
			"consent, no source": {PersonID: p.ID, Basis: passerelle.BasisConsent, Purpose: "newsletter", GivenOn: "2026-01-01"},
			"bad date":           {PersonID: p.ID, Basis: passerelle.BasisConsent, Purpose: "newsletter", Source: "form", GivenOn: "01/01/2026"},
			"given in the future": {PersonID: p.ID, Basis: passerelle.BasisConsent, Purpose: "newsletter", Source: "form",
				GivenOn: db.Now().AddDate(0, 0, 3).Format(time.DateOnly)},
		} {
			if err := people.AddConsent(f.bob, &c); passerelle.ErrorCode(err) != passerelle.EINVALID {
				t.Errorf("%s: %v", name, err)
			}
		}
		c := &passerelle.Consent{PersonID: p.ID, Basis: passerelle.BasisConsent, Purpose: "invitations to partnering events", Source: "BIO 2020 registration", GivenOn: "2020-05-02"}
		must(t, people.AddConsent(f.bob, c))
		if err := people.AddConsent(f.viewer, &passerelle.Consent{PersonID: p.ID, Basis: passerelle.BasisLegitimateInterest, Purpose: "x"}); passerelle.ErrorCode(err) != passerelle.EFORBIDDEN {
			t.Errorf("viewer records a consent: %v", err)
		}
		must(t, people.WithdrawConsent(f.bob, p.ID, c.ID, "2026-11-30"))
		if err := people.WithdrawConsent(f.bob, p.ID, c.ID, "2026-12-01"); passerelle.ErrorCode(err) != passerelle.ENOTFOUND {
			t.Errorf("second withdrawal: %v", err)
		}

		// Who answers for a shared person's data: the network's managers.
		if _, err := people.PersonData(f.bob, p.ID); passerelle.ErrorCode(err) != passerelle.EFORBIDDEN {
			t.Errorf("a member exports a shared person: %v", err)
		}
		if _, err := people.PersonData(f.otherSystem, p.ID); passerelle.ErrorCode(err) != passerelle.ENOTFOUND {
			t.Errorf("another workspace exports: %v", err)
		}
		d, err := people.PersonData(f.system, p.ID)
		must(t, err)
		if d.Person.LastName != "Vesterbygaard" || len(d.Affiliations) != 1 || len(d.Meetings) != 1 || len(d.Agreements) != 1 ||
			d.Agreements[0].Role != "signatory" || len(d.Consents) != 1 || d.Consents[0].WithdrawnOn != "2026-11-30" || len(d.History) < 3 {
			t.Errorf("subject-access answer: %+v", d)
		}

		if err := people.ErasePerson(f.bob, p.ID); passerelle.ErrorCode(err) != passerelle.EFORBIDDEN {
			t.Errorf("a member erases a shared person: %v", err)
		}
		must(t, people.ErasePerson(f.system, p.ID))
		got, err := people.FindPersonByID(f.bob, p.ID)
		must(t, err)
		if got.Name() != passerelle.ErasedPersonName || len(got.Emails) != 0 || got.Notes != "" || len(got.Affiliations) != 1 ||
			got.Affiliations[0].Role != "" || got.Affiliations[0].Title != "" {
			t.Errorf("erased person: %+v %+v", got, got.Affiliations)
		}
		if mt, _ := meetings.FindMeetingByID(f.bob, m.ID); len(mt.PersonIDs) != 1 {
			t.Errorf("the meeting lost its participant: %+v", mt.PersonIDs)
		}
		a2, _ := agrs.FindAgreementByID(f.bob, ag.ID)
		if a2.Contacts[0].LastName != passerelle.ErasedPersonName || a2.Contacts[0].Email != "" || a2.Contacts[0].FirstName != "" {
			t.Errorf("agreement contact after the erasure: %+v", a2.Contacts[0])
		}
		if hits, _, _ := agrs.FindAgreements(f.bob, passerelle.AgreementFilter{Query: "Vesterbygaard", Limit: 10}); len(hits) != 0 {
			t.Errorf("the agreement is still found by the erased name")
		}
		if hits, _, _ := people.FindPeople(f.bob, passerelle.PersonFilter{Query: "Vesterbygaard", Limit: 10}); len(hits) != 0 {
			t.Errorf("the person is still found by the erased name")
		}
		h, err := store.NewAuditService(db).FindAuditEntries(f.system, passerelle.AuditFilter{Limit: 1000})
		must(t, err)
		for _, e := range h {
			b := e.Summary
			for _, ch := range e.Changes {
				b += " " + strings.TrimSpace(strings.Join([]string{toS(ch.Old), toS(ch.New)}, " "))
			}
			if strings.Contains(b, "Vesterbygaard") || strings.Contains(b, "ingrid@") {
				t.Errorf("the history still names the erased person: %s %s %q", e.Action, e.Entity, b)
			}
		}
		if cs, _ := people.FindConsents(f.bob, p.ID); len(cs) != 0 {
			t.Errorf("consents after the erasure: %+v", cs)
		}

		// A member's private person: its own writers answer for it.
		priv := &passerelle.Person{LastName: "Privateperson", Visibility: passerelle.VisibilityPrivate}
		must(t, people.CreatePerson(f.alice, priv))
		if _, err := people.PersonData(f.alice, priv.ID); err != nil {
			t.Errorf("alice exports her private person: %v", err)
		}
		if err := people.ErasePerson(f.bob, priv.ID); passerelle.ErrorCode(err) != passerelle.ENOTFOUND {
			t.Errorf("bob erases alice's private person: %v", err)
		}
		// Retention: people not seen since a date.
		stale, err := people.FindStalePeople(f.system, db.Now().Add(time.Hour))
		must(t, err)
		for _, s := range stale {
			if s.ID == p.ID {
				t.Error("an erased person is listed for retention")
			}
		}
	})
}

func toS(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	return ""
}

// TestPersonDataNamesEveryRecord: the subject-access answer lists every record that
// names the person, as the reader may read it: besides meetings and agreements, the
// missions they lead and the opportunities linked to them (a member's private
// opportunity only in that member's answer); and the history of the records merged
// into them, which held their data too.
func TestPersonDataNamesEveryRecord(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		people, pipe := store.NewPersonService(db), store.NewPipelineService(db)
		p := &passerelle.Person{FirstName: "Ingrid", LastName: "Leader", Visibility: passerelle.VisibilityPrivate}
		must(t, people.CreatePerson(f.alice, p))
		m := &passerelle.Mission{Slug: "cph", Name: "Copenhagen mission", StartDate: "2014-09-08", EndDate: "2014-09-10",
			TimeZone: "Europe/Copenhagen", MeetingMinutes: 90, LeadPersonID: p.ID}
		must(t, store.NewMissionService(db).CreateMission(f.system, m))
		shared := &passerelle.Opportunity{Title: "Shared deal", OpenedOn: "2026-01-02", PersonIDs: []int64{p.ID}}
		must(t, pipe.CreateOpportunity(f.alice, shared))
		private := &passerelle.Opportunity{Title: "Alice's own deal", OpenedOn: "2026-01-03", PersonIDs: []int64{p.ID}, Visibility: passerelle.VisibilityPrivate}
		must(t, pipe.CreateOpportunity(f.alice, private))
		dup := &passerelle.Person{FirstName: "I.", LastName: "Leader", Emails: []string{"ingrid@second.example"}, Visibility: passerelle.VisibilityPrivate}
		must(t, people.CreatePerson(f.alice, dup))
		_, err := people.MergePeople(f.alice, p.ID, dup.ID)
		must(t, err)
		for _, tc := range []struct {
			name          string
			ctx           context.Context
			missions      []string
			opportunities []string
		}{
			{"her member", f.alice, []string{"Copenhagen mission"}, []string{"Shared deal", "Alice's own deal"}},
			{"the operator", f.system, []string{"Copenhagen mission"}, []string{"Shared deal", "Alice's own deal"}},
		} {
			d, err := people.PersonData(tc.ctx, p.ID)
			must(t, err)
			var ms, os []string
			for _, x := range d.Missions {
				ms = append(ms, x.Title)
			}
			for _, x := range d.Opportunities {
				os = append(os, x.Title)
			}
			if !slices.Equal(ms, tc.missions) || !slices.Equal(os, tc.opportunities) {
				t.Errorf("%s: missions %q, opportunities %q; want %q, %q", tc.name, ms, os, tc.missions, tc.opportunities)
			}
			merged := false
			for _, e := range d.History {
				merged = merged || e.EntityID == dup.ID && e.Action == "create"
			}
			if !merged {
				t.Errorf("%s: the history lacks the creation of the record merged into them", tc.name)
			}
		}
	})
}

// TestStalePeopleCountsEveryChange: the retention rule lists the people nobody changed
// for the years given; a lawful basis recorded, an affiliation added or a member's note
// written since is a change, though the record's own fields stayed as they were, and
// such a person must not be listed (and erased by --erase).
func TestStalePeopleCountsEveryChange(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		people, orgs := store.NewPersonService(db), store.NewOrganizationService(db)
		clock := db.Now
		t.Cleanup(func() { db.Now = clock })
		then := clock().AddDate(-6, 0, 0)
		db.Now = func() time.Time { return then }
		o := &passerelle.Organization{Name: "Retention Lab", Country: "FR"}
		must(t, orgs.CreateOrganization(f.system, o))
		mk := func(name string) *passerelle.Person {
			p := &passerelle.Person{FirstName: "Old", LastName: name}
			must(t, people.CreatePerson(f.alice, p))
			return p
		}
		untouched, consented, affiliated, noted := mk("Untouched"), mk("Consented"), mk("Affiliated"), mk("Noted")
		db.Now = clock
		must(t, people.AddConsent(f.alice, &passerelle.Consent{PersonID: consented.ID, Basis: passerelle.BasisConsent, Purpose: "newsletter",
			Source: "renewal form", GivenOn: clock().Format(time.DateOnly)}))
		must(t, people.CreateAffiliation(f.alice, &passerelle.Affiliation{PersonID: affiliated.ID, OrganizationID: o.ID}))
		must(t, people.SetMemberNote(f.alice, noted.ID, "called last week"))
		stale, err := people.FindStalePeople(f.system, clock().AddDate(-5, 0, 0))
		must(t, err)
		var got []string
		for _, s := range stale {
			got = append(got, s.Name)
		}
		if !slices.Equal(got, []string{untouched.Name()}) {
			t.Errorf("stale: %q, want only %q", got, untouched.Name())
		}
	})
}

// TestContactOwnerIsTheirs: "ask me before contacting" is a user's claim: another
// member's user may neither remove it nor put their own in its place; its user, a
// coordinator or an administrator may.
func TestContactOwnerIsTheirs(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		f := newMeetingFixture(t, db)
		people := store.NewPersonService(db)
		u := &passerelle.User{Email: "coord@example.org", Name: "Coord"}
		must(t, store.NewUserService(db).CreateUser(f.system, u))
		must(t, store.NewUserService(db).SetMembership(f.system, &passerelle.Membership{UserID: u.ID, MemberID: f.memberA.ID, Role: passerelle.RoleCoordinator}))
		ca, err := f.accounts.ActorFor(context.Background(), u.ID, f.ws.ID)
		must(t, err)
		coord := passerelle.NewContextWithActor(context.Background(), ca)
		pid := f.person.ID
		for _, step := range []struct {
			name  string
			ctx   context.Context
			user  int64
			code  string
			owner int64 // after the step
		}{
			{"bob claims the person", f.bob, f.bobID, "", f.bobID},
			{"alice puts herself in bob's place", f.alice, f.aliceID, passerelle.EFORBIDDEN, f.bobID},
			{"alice removes bob's claim", f.alice, 0, passerelle.EFORBIDDEN, f.bobID},
			{"bob changes his note", f.bob, f.bobID, "", f.bobID},
			{"a coordinator removes it", coord, 0, "", 0},
			{"alice claims the person", f.alice, f.aliceID, "", f.aliceID},
			{"bob removes alice's claim", f.bob, 0, passerelle.EFORBIDDEN, f.aliceID},
			{"alice lets go", f.alice, 0, "", 0},
			// A user who left the workspace can no longer be asked: their claim lapses.
			{"bob claims the person again", f.bob, f.bobID, "", f.bobID},
			{"bob leaves the workspace", nil, 0, "", 0},
			{"alice claims the person", f.alice, f.aliceID, "", f.aliceID},
		} {
			if step.ctx == nil {
				must(t, f.accounts.RemoveMembership(coord, f.bobID))
				if o, err := people.FindContactOwner(f.system, pid); err != nil || o != nil {
					t.Errorf("%s: owner %+v (%v), want none", step.name, o, err)
				}
				continue
			}
			if err := people.SetContactOwner(step.ctx, pid, step.user, step.name); passerelle.ErrorCode(err) != step.code {
				t.Errorf("%s: %v, want %q", step.name, err, step.code)
			}
			o, err := people.FindContactOwner(f.system, pid)
			must(t, err)
			var got int64
			if o != nil {
				got = o.UserID
			}
			if got != step.owner {
				t.Errorf("%s: owner %d, want %d", step.name, got, step.owner)
			}
		}
	})
}
