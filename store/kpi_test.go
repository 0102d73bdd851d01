package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"passerelle"
	"passerelle/store"
)

// kpiNetwork is a small network with known meetings, contracts, projects, agreements
// and opportunities; the figures each view must give are worked out by hand in
// TestKPIs.
type kpiNetwork struct {
	sys, alice, bob, other context.Context
	aliceA, bobA           *passerelle.Actor
	memA, memB             *passerelle.Member
	x, y, z, p             *passerelle.Organization
	c2                     *passerelle.Project
	pipe                   *store.PipelineService
}

func newKPINetwork(t *testing.T, db *store.DB) *kpiNetwork {
	t.Helper()
	bg := context.Background()
	ws := store.NewWorkspaceService(db)
	root := passerelle.NewContextWithActor(bg, &passerelle.Actor{System: true})
	w := &passerelle.Workspace{Slug: "net", Name: "Network"}
	must(t, ws.CreateWorkspace(root, w))
	other := &passerelle.Workspace{Slug: "other", Name: "Other"}
	must(t, ws.CreateWorkspace(root, other))
	n := &kpiNetwork{sys: passerelle.NewContextWithActor(bg, passerelle.SystemActor(w.ID)), pipe: store.NewPipelineService(db)}
	n.other = passerelle.NewContextWithActor(bg, passerelle.SystemActor(other.ID))
	orgs := store.NewOrganizationService(db)
	org := func(ctx context.Context, name, country string, vis passerelle.Visibility) *passerelle.Organization {
		o := &passerelle.Organization{Name: name, Kind: passerelle.KindCompany, Country: country, Visibility: vis}
		must(t, orgs.CreateOrganization(ctx, o))
		return o
	}
	homeA, homeB := org(n.sys, "Institut A", "FR", ""), org(n.sys, "Institut B", "FR", "")
	n.memA, n.memB = &passerelle.Member{Name: "Institut A", OrganizationID: homeA.ID}, &passerelle.Member{Name: "Institut B", OrganizationID: homeB.ID}
	must(t, ws.CreateMember(n.sys, n.memA))
	must(t, ws.CreateMember(n.sys, n.memB))
	users, accounts := store.NewUserService(db), store.NewAccountService(db)
	actor := func(email string, member int64) (context.Context, *passerelle.Actor) {
		u := &passerelle.User{Email: email, Name: email}
		must(t, users.CreateUser(n.sys, u))
		must(t, users.SetMembership(n.sys, &passerelle.Membership{UserID: u.ID, MemberID: member, Role: passerelle.RoleMember}))
		a, err := accounts.ActorFor(bg, u.ID, w.ID)
		must(t, err)
		return passerelle.NewContextWithActor(bg, a), a
	}
	n.alice, n.aliceA = actor("alice@example.org", n.memA.ID)
	n.bob, n.bobA = actor("bob@example.org", n.memB.ID)
	n.x, n.y, n.z = org(n.sys, "Xenon GmbH", "DE", ""), org(n.sys, "Yotta Inc", "US", ""), org(n.sys, "Zed SA", "FR", "")
	n.p = org(n.alice, "Privé ApS", "DK", passerelle.VisibilityPrivate)

	meetings := store.NewMeetingService(db)
	meeting := func(ctx context.Context, title string, day string, status passerelle.MeetingStatus, vis passerelle.Visibility, orgs ...int64) int64 {
		s, err := time.Parse(time.DateOnly, day)
		must(t, err)
		s = s.Add(9 * time.Hour)
		m := &passerelle.Meeting{Title: title, Start: s, End: s.Add(time.Hour), TimeZone: "Europe/Paris", Status: status,
			Visibility: vis, OrganizationIDs: orgs}
		must(t, meetings.CreateMeeting(ctx, m))
		return m.ID
	}
	held := passerelle.MeetingHeld
	m1 := meeting(n.alice, "m1", "2020-03-10", held, "", n.x.ID, n.z.ID)
	m2 := meeting(n.alice, "m2", "2020-05-10", held, passerelle.VisibilityPrivate, n.p.ID, n.y.ID)
	m3 := meeting(n.bob, "m3", "2021-02-10", held, "", n.x.ID)
	meeting(n.bob, "m4", "2020-06-10", passerelle.MeetingPlanned, "", n.y.ID)
	meeting(n.bob, "m5", "2020-07-10", held, passerelle.VisibilityPrivate, n.y.ID)

	project := func(ctx context.Context, p *passerelle.Project) *passerelle.Project {
		must(t, n.pipe.CreateProject(ctx, p))
		return p
	}
	amt := func(y int, c int64) []passerelle.ProjectAmount {
		return []passerelle.ProjectAmount{{Year: y, AmountCents: c}}
	}
	project(n.alice, &passerelle.Project{Kind: passerelle.KindRDContract, Title: "c1", ClientID: n.x.ID, Amounts: amt(2020, 10_000_000)})
	n.c2 = project(n.alice, &passerelle.Project{Kind: passerelle.KindRDContract, Title: "c2", ClientID: n.y.ID, Currency: "USD", Rate: "0.9",
		Amounts: amt(2020, 5_000_000), Visibility: passerelle.VisibilityPrivate})
	project(n.bob, &passerelle.Project{Kind: passerelle.KindRDContract, Title: "c3", ClientID: n.z.ID, Amounts: amt(2020, 2_000_000)})
	project(n.bob, &passerelle.Project{Kind: passerelle.KindRDContract, Title: "c4", ClientID: n.x.ID, Amounts: amt(2021, 3_000_000),
		Visibility: passerelle.VisibilityPrivate})
	project(n.alice, &passerelle.Project{Kind: passerelle.KindEUProject, Title: "e1", Role: "coordinator", StartDate: "2020-01-01",
		Amounts: []passerelle.ProjectAmount{{Year: 2020, AmountCents: 20_000_000}, {Year: 2021, AmountCents: 10_000_000}},
		Participations: []passerelle.Participation{{OrganizationID: homeA.ID, Role: "coordinator", AmountCents: 30_000_000},
			{OrganizationID: n.x.ID, Role: "participant", AmountCents: 100_000_000}}})
	project(n.bob, &passerelle.Project{Kind: passerelle.KindEUProject, Title: "e2", Role: "participant", StartDate: "2021-01-01",
		Amounts: amt(2021, 5_000_000), Participations: []passerelle.Participation{{OrganizationID: n.x.ID, Role: "coordinator", AmountCents: 50_000_000}}})
	project(n.bob, &passerelle.Project{Kind: passerelle.KindLicence, Title: "l1", ClientID: n.z.ID, Amounts: amt(2020, 1_000_000)})
	// Reference data: an EU project of no member counts only under its organisations.
	project(n.sys, &passerelle.Project{Kind: passerelle.KindEUProject, Title: "ref", StartDate: "2020-01-01", Amounts: amt(2020, 999),
		Participations: []passerelle.Participation{{OrganizationID: n.y.ID, Role: "coordinator", AmountCents: 7_00}}})

	agreements := store.NewAgreementService(db)
	must(t, agreements.CreateAgreement(n.sys, &passerelle.Agreement{Title: "ag1", SignedYear: 2020, Partners: []passerelle.AgreementPartner{
		{OrganizationID: homeA.ID, Side: passerelle.SideFrench}, {OrganizationID: n.x.ID, Side: passerelle.SideForeign}}}))
	must(t, agreements.CreateAgreement(n.alice, &passerelle.Agreement{Title: "ag2", SignedYear: 2021, Visibility: passerelle.VisibilityPrivate,
		Partners: []passerelle.AgreementPartner{{OrganizationID: n.x.ID, Side: passerelle.SideForeign}}}))
	must(t, agreements.CreateAgreement(n.sys, &passerelle.Agreement{Title: "unsigned"}))

	must(t, n.pipe.CreateOpportunity(n.alice, &passerelle.Opportunity{Title: "o1", Stage: passerelle.StageWon, OpenedOn: "2020-02-01",
		WonOn: "2020-10-01", MeetingIDs: []int64{m1}, OrganizationIDs: []int64{n.x.ID}}))
	must(t, n.pipe.CreateOpportunity(n.alice, &passerelle.Opportunity{Title: "o2", OpenedOn: "2020-06-01", MeetingIDs: []int64{m2},
		Visibility: passerelle.VisibilityPrivate}))
	must(t, n.pipe.CreateOpportunity(n.bob, &passerelle.Opportunity{Title: "o3", Stage: passerelle.StageLost, OpenedOn: "2021-03-01",
		MeetingIDs: []int64{m3}}))
	return n
}

// TestKPIs checks every figure exactly in several views: the network and a member's, a
// year and all years, one organisation; a member's private records count in its own
// member's figures only, and in the network's (for every reader) once shared.
func TestKPIs(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		n := newKPINetwork(t, db)
		type want struct {
			met, held, mwo, euN, euC, agr, opp, won int
			rdForeign, eu, revenue                  int64
		}
		check := func(name string, a *passerelle.Actor, f passerelle.KPIFilter, w want) {
			t.Helper()
			k, err := n.pipe.KPIs(context.Background(), a, f)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			got := want{k.Counts.CompaniesMetAbroad, k.Counts.MeetingsHeld, k.Counts.MeetingsWithOpportunity, k.Counts.EUProjects,
				k.Counts.EUProjectsCoordinated, k.Counts.AgreementsSigned, k.Counts.Opportunities, k.Counts.OpportunitiesWon,
				k.Money.RDContractsForeign, k.Money.EUProjects, k.Money.PartnershipRevenue}
			if got != w {
				t.Errorf("%s:\n got %+v\nwant %+v", name, got, w)
			}
			// The records behind "companies met abroad": as many as counted, each foreign.
			met, err := n.pipe.CompaniesMetAbroad(context.Background(), a, f)
			must(t, err)
			if len(met) != k.Counts.CompaniesMetAbroad {
				t.Errorf("%s: %d companies met abroad listed, %d counted", name, len(met), k.Counts.CompaniesMetAbroad)
			}
			for _, o := range met {
				if o.Country == "" || o.Country == "FR" {
					t.Errorf("%s: %s (%q) listed as met abroad", name, o.Name, o.Country)
				}
			}
		}
		A, B := n.memA.ID, n.memB.ID
		// The network counts shared records only, the same for every reader: Alice's
		// private m2, o2 and c2 count in her member's figures, not in the network's.
		check("alice network 2020", n.aliceA, passerelle.KPIFilter{Year: 2020},
			want{met: 1, held: 1, mwo: 1, euN: 1, euC: 1, agr: 1, opp: 1, won: 1, rdForeign: 10_000_000, eu: 20_000_000, revenue: 33_000_000})
		check("bob network 2020", n.bobA, passerelle.KPIFilter{Year: 2020},
			want{met: 1, held: 1, mwo: 1, euN: 1, euC: 1, agr: 1, opp: 1, won: 1, rdForeign: 10_000_000, eu: 20_000_000, revenue: 33_000_000})
		check("bob sees A 2020", n.bobA, passerelle.KPIFilter{Year: 2020, MemberID: A},
			want{met: 1, held: 1, mwo: 1, euN: 1, euC: 1, agr: 1, opp: 1, won: 1, rdForeign: 10_000_000, eu: 20_000_000, revenue: 30_000_000})
		check("alice sees A 2020", n.aliceA, passerelle.KPIFilter{Year: 2020, MemberID: A},
			want{met: 3, held: 2, mwo: 2, euN: 1, euC: 1, agr: 1, opp: 2, won: 1, rdForeign: 14_500_000, eu: 20_000_000, revenue: 34_500_000})
		check("alice sees B all years", n.aliceA, passerelle.KPIFilter{MemberID: B},
			want{met: 1, held: 1, mwo: 1, euN: 1, euC: 0, agr: 0, opp: 1, won: 0, rdForeign: 0, eu: 5_000_000, revenue: 8_000_000})
		check("alice network all years", n.aliceA, passerelle.KPIFilter{},
			want{met: 1, held: 2, mwo: 2, euN: 2, euC: 1, agr: 1, opp: 2, won: 1, rdForeign: 10_000_000, eu: 35_000_000, revenue: 48_000_000})
		check("alice, Xenon, all years", n.aliceA, passerelle.KPIFilter{OrganizationID: n.x.ID},
			want{met: 1, held: 2, mwo: 2, euN: 2, euC: 1, agr: 1, opp: 1, won: 1, rdForeign: 10_000_000, eu: 150_000_000, revenue: 160_000_000})
		check("bob, Yotta, 2020 (reference project)", n.bobA, passerelle.KPIFilter{Year: 2020, OrganizationID: n.y.ID},
			want{euN: 1, euC: 1, eu: 7_00, revenue: 7_00})
		check("alice sees A, Yotta, 2020", n.aliceA, passerelle.KPIFilter{Year: 2020, OrganizationID: n.y.ID, MemberID: A},
			want{met: 1, held: 1, mwo: 1, rdForeign: 4_500_000, revenue: 4_500_000})
		check("other workspace", passerelle.SystemActor(n.otherID(t, db)), passerelle.KPIFilter{}, want{})
		// One country: what was done with its organisations (meetings with them, contracts
		// with clients there, EU projects and agreements with partners there, opportunities
		// linked to them); a member's private organisation counts for that member only.
		check("alice network, Germany, all years", n.aliceA, passerelle.KPIFilter{Country: "de"},
			want{met: 1, held: 2, mwo: 2, euN: 2, euC: 1, agr: 1, opp: 1, won: 1, rdForeign: 10_000_000, eu: 35_000_000, revenue: 45_000_000})
		check("bob network, United States, 2020", n.bobA, passerelle.KPIFilter{Country: "US", Year: 2020}, want{})
		check("bob sees B, United States, 2020", n.bobA, passerelle.KPIFilter{Country: "US", Year: 2020, MemberID: B}, want{met: 1, held: 1})
		check("alice sees B, Germany", n.aliceA, passerelle.KPIFilter{Country: "DE", MemberID: B},
			want{met: 1, held: 1, mwo: 1, euN: 1, eu: 5_000_000, revenue: 5_000_000}) // o3 names m3, not Xenon
		check("alice network, Denmark", n.aliceA, passerelle.KPIFilter{Country: "DK"}, want{})
		check("alice sees A, Denmark", n.aliceA, passerelle.KPIFilter{Country: "DK", MemberID: A}, want{met: 1, held: 1, mwo: 1})
		check("bob network, Denmark", n.bobA, passerelle.KPIFilter{Country: "DK"}, want{})
		if _, err := n.pipe.KPIs(context.Background(), n.aliceA, passerelle.KPIFilter{Country: "XX"}); passerelle.ErrorFields(err)["country"] == "" {
			t.Errorf("an unknown country: %v", err)
		}
		// The network counts neither Bob's private contract c4 nor Alice's c2 ...
		check("bob network all years", n.bobA, passerelle.KPIFilter{},
			want{met: 1, held: 2, mwo: 2, euN: 2, euC: 1, agr: 1, opp: 2, won: 1, rdForeign: 10_000_000, eu: 35_000_000, revenue: 48_000_000})
		// ... until Alice shares c2: then it counts for every reader.
		n.c2.Visibility = passerelle.VisibilityShared
		must(t, n.pipe.UpdateProject(n.alice, n.c2))
		for _, r := range []struct {
			name string
			a    *passerelle.Actor
		}{{"bob", n.bobA}, {"alice", n.aliceA}} {
			check(r.name+" network all years, c2 shared", r.a, passerelle.KPIFilter{},
				want{met: 1, held: 2, mwo: 2, euN: 2, euC: 1, agr: 1, opp: 2, won: 1, rdForeign: 14_500_000, eu: 35_000_000, revenue: 52_500_000})
		}
	})
}

func (n *kpiNetwork) otherID(t *testing.T, db *store.DB) int64 {
	a, err := passerelle.RequireActor(n.other)
	must(t, err)
	return a.WorkspaceID
}

// TestPipelineAccess: another member's private records are not found, a member edits
// only its own member's pipeline, bad input names its field and saves nothing, and every
// write leaves an audit entry.
func TestPipelineAccess(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		n := newKPINetwork(t, db)
		mine, _, err := n.pipe.FindOpportunities(n.alice, passerelle.OpportunityFilter{})
		must(t, err)
		theirs, _, err := n.pipe.FindOpportunities(n.bob, passerelle.OpportunityFilter{})
		must(t, err)
		if len(mine) != 3 || len(theirs) != 2 {
			t.Fatalf("alice reads %d opportunities, bob %d; want 3 and 2", len(mine), len(theirs))
		}
		var private, shared *passerelle.Opportunity
		for _, o := range mine {
			switch o.Title {
			case "o2":
				private = o
			case "o1":
				shared = o
			}
		}
		if _, err := n.pipe.FindOpportunityByID(n.bob, private.ID); passerelle.ErrorCode(err) != passerelle.ENOTFOUND {
			t.Errorf("bob reads alice's private opportunity: %v", err)
		}
		if _, err := n.pipe.FindProjectByID(n.bob, n.c2.ID); passerelle.ErrorCode(err) != passerelle.ENOTFOUND {
			t.Errorf("bob reads alice's private contract: %v", err)
		}
		if _, err := n.pipe.FindOpportunityByID(n.other, shared.ID); passerelle.ErrorCode(err) != passerelle.ENOTFOUND {
			t.Errorf("another workspace reads an opportunity: %v", err)
		}
		shared.Stage = passerelle.StageLost
		if err := n.pipe.UpdateOpportunity(n.bob, shared); passerelle.ErrorCode(err) != passerelle.EFORBIDDEN {
			t.Errorf("bob changes alice's opportunity: %v", err)
		}
		if err := n.pipe.CreateOpportunity(n.bob, &passerelle.Opportunity{Title: "x", MemberID: n.memA.ID}); passerelle.ErrorFields(err)["member_id"] == "" {
			t.Errorf("bob records for member A: %v", err)
		}
		if err := n.pipe.CreateOpportunity(n.bob, &passerelle.Opportunity{Title: "x", MeetingIDs: []int64{private.MeetingIDs[0]}}); passerelle.ErrorFields(err)["meeting_ids"] == "" {
			t.Errorf("bob links alice's private meeting: %v", err)
		}
		for _, tc := range []struct {
			field string
			p     passerelle.Project
		}{
			{"kind", passerelle.Project{Kind: "grant", Title: "t"}},
			{"title", passerelle.Project{Kind: passerelle.KindLicence}},
			{"client_organization_id", passerelle.Project{Kind: passerelle.KindRDContract, Title: "t"}},
			{"rate", passerelle.Project{Kind: passerelle.KindLicence, Title: "t", Currency: "USD"}},
			{"amounts[0].year", passerelle.Project{Kind: passerelle.KindLicence, Title: "t", Amounts: []passerelle.ProjectAmount{{Year: 20}}}},
			{"role", passerelle.Project{Kind: passerelle.KindEUProject, Title: "t", Role: "leader"}},
			{"client_country", passerelle.Project{Kind: passerelle.KindLicence, Title: "t", ClientCountry: "XX"}},
		} {
			if err := n.pipe.CreateProject(n.alice, &tc.p); passerelle.ErrorFields(err)[tc.field] == "" {
				t.Errorf("%s: %v", tc.field, err)
			}
		}
		ps, total, err := n.pipe.FindProjects(n.alice, passerelle.ProjectFilter{})
		must(t, err)
		if total != 7 || len(ps) != 7 { // all but bob's private c4
			t.Errorf("alice reads %d projects (total %d), want 7", len(ps), total)
		}
		entries, err := store.NewAuditService(db).FindAuditEntries(n.sys, passerelle.AuditFilter{Entity: "project"})
		must(t, err)
		if len(entries) < 8 {
			t.Errorf("%d audit entries of projects, want at least 8", len(entries))
		}
	})
}

// TestPipelineVersions: each update of a project or an opportunity raises its version; a
// save based on an older one is refused (ESTALE) with the current record and changes
// nothing; a save that names no version is not checked.
func TestPipelineVersions(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		n := newKPINetwork(t, db)
		p, err := n.pipe.FindProjectByID(n.alice, n.c2.ID)
		must(t, err)
		v := p.Version
		p.Title = "c2 renamed"
		must(t, n.pipe.UpdateProject(n.alice, p))
		if p.Version != v+1 {
			t.Errorf("version after an update: %d, want %d", p.Version, v+1)
		}
		stale := *p
		stale.Amounts = append([]passerelle.ProjectAmount(nil), p.Amounts...)
		stale.Title, stale.Version = "c2 stale", v
		err = n.pipe.UpdateProject(n.alice, &stale)
		var e *passerelle.Error
		if passerelle.ErrorCode(err) != passerelle.ESTALE || !errors.As(err, &e) {
			t.Fatalf("stale project save: %v", err)
		}
		if cur, ok := e.Current.(*passerelle.Project); !ok || cur.Title != "c2 renamed" || cur.Version != v+1 {
			t.Errorf("current record in the refusal: %+v", e.Current)
		}
		if cur, err := n.pipe.FindProjectByID(n.alice, p.ID); err != nil || cur.Title != "c2 renamed" {
			t.Errorf("after the stale save: %+v %v", cur, err)
		}
		p.Version, p.Title = 0, "c2 again"
		must(t, n.pipe.UpdateProject(n.alice, p))

		os, _, err := n.pipe.FindOpportunities(n.alice, passerelle.OpportunityFilter{Stage: passerelle.StageWon})
		must(t, err)
		if len(os) != 1 {
			t.Fatalf("%d won opportunities", len(os))
		}
		o := os[0]
		ov := o.Version
		o.NextAction = "send the contract"
		must(t, n.pipe.UpdateOpportunity(n.alice, o))
		if o.Version != ov+1 {
			t.Errorf("opportunity version: %d, want %d", o.Version, ov+1)
		}
		o.NextAction, o.Version = "stale", ov
		if err := n.pipe.UpdateOpportunity(n.alice, o); passerelle.ErrorCode(err) != passerelle.ESTALE {
			t.Errorf("stale opportunity save: %v", err)
		}
		if cur, err := n.pipe.FindOpportunityByID(n.alice, o.ID); err != nil || cur.NextAction != "send the contract" {
			t.Errorf("after the stale save: %+v %v", cur, err)
		}
	})
}

// TestKPIYearBounds: a year no record can have is refused (EINVALID naming year) before
// any query: past PostgreSQL's timestamps or int4 it used to fail there, as a 500.
func TestKPIYearBounds(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		n := newKPINetwork(t, db)
		for _, y := range []int{-1, 10000, 300000, 99999999999, 1<<63 - 1} {
			for _, f := range []passerelle.KPIFilter{{Year: y}, {Year: y, MemberID: n.memA.ID}} {
				if _, err := n.pipe.KPIs(context.Background(), n.aliceA, f); passerelle.ErrorFields(err)["year"] == "" {
					t.Errorf("KPIs of %+v: %v, want an invalid year", f, err)
				}
				if _, err := n.pipe.CompaniesMetAbroad(context.Background(), n.aliceA, f); passerelle.ErrorFields(err)["year"] == "" {
					t.Errorf("CompaniesMetAbroad of %+v: %v, want an invalid year", f, err)
				}
			}
		}
		if _, err := n.pipe.KPIs(context.Background(), n.aliceA, passerelle.KPIFilter{Year: 1896}); err != nil {
			t.Errorf("the report's oldest chart year: %v", err)
		}
	})
}

// TestKPIOrganizationUnreadable: the figures of one organisation are for an organisation
// the caller may read. Another member's private organisation, named by its id, answered
// its figures counted over the shared records that name it (a shared meeting held with
// it), which told that it exists and what was done with it; it is now not found, as an
// id that names nothing.
func TestKPIOrganizationUnreadable(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		n := newKPINetwork(t, db)
		// A shared meeting held with a company that Institut A's coordinator made private since.
		orgs := store.NewOrganizationService(db)
		q := &passerelle.Organization{Name: "Later Private KK", Kind: passerelle.KindCompany, Country: "JP"}
		must(t, orgs.CreateOrganization(n.sys, q))
		s := time.Date(2020, 9, 1, 9, 0, 0, 0, time.UTC)
		must(t, store.NewMeetingService(db).CreateMeeting(n.alice, &passerelle.Meeting{Title: "shared, with a company made private", Start: s, End: s.Add(time.Hour),
			TimeZone: "UTC", Status: passerelle.MeetingHeld, OrganizationIDs: []int64{q.ID}}))
		coordA := passerelle.NewContextWithActor(context.Background(), &passerelle.Actor{WorkspaceID: n.aliceA.WorkspaceID, MemberID: n.memA.ID, Role: passerelle.RoleCoordinator})
		q.Visibility = passerelle.VisibilityPrivate
		must(t, orgs.UpdateOrganization(coordA, q))
		for _, f := range []passerelle.KPIFilter{{OrganizationID: q.ID}, {OrganizationID: q.ID, Year: 2020}, {OrganizationID: q.ID, MemberID: n.memA.ID},
			{OrganizationID: n.p.ID}, {OrganizationID: q.ID + 1000}, {OrganizationID: -1}} {
			if _, err := n.pipe.KPIs(context.Background(), n.bobA, f); passerelle.ErrorCode(err) != passerelle.ENOTFOUND {
				t.Errorf("bob, KPIs of %+v: %v, want not found", f, err)
			}
			if _, err := n.pipe.CompaniesMetAbroad(context.Background(), n.bobA, f); passerelle.ErrorCode(err) != passerelle.ENOTFOUND {
				t.Errorf("bob, companies of %+v: %v, want not found", f, err)
			}
		}
		k, err := n.pipe.KPIs(context.Background(), n.aliceA, passerelle.KPIFilter{OrganizationID: q.ID, MemberID: n.memA.ID})
		if err != nil || k.Counts.MeetingsHeld != 1 {
			t.Errorf("alice, her member's private company: %d held, %v; want 1", k.Counts.MeetingsHeld, err)
		}
	})
}
