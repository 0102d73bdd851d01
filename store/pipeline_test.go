package store_test

import (
	"context"
	"testing"

	"passerelle"
	"passerelle/store"
)

// coordinatorOf adds a coordinator user of member m and returns its context.
func (n *kpiNetwork) coordinatorOf(t *testing.T, db *store.DB, email string, m int64) context.Context {
	t.Helper()
	u := &passerelle.User{Email: email, Name: email}
	must(t, store.NewUserService(db).CreateUser(n.sys, u))
	must(t, store.NewUserService(db).SetMembership(n.sys, &passerelle.Membership{UserID: u.ID, MemberID: m, Role: passerelle.RoleCoordinator}))
	a, err := store.NewAccountService(db).ActorFor(context.Background(), u.ID, n.aliceA.WorkspaceID)
	must(t, err)
	return passerelle.NewContextWithActor(context.Background(), a)
}

// TestOpportunityEdit: every field of an opportunity is saved by one update; a bad value
// names its field and changes nothing; a coordinator who cannot see a member's private
// organisation edits the opportunity without dropping the link to it; the projects that
// name an opportunity are found by it, and keep their money when it is deleted.
func TestOpportunityEdit(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		n := newKPINetwork(t, db)
		os, _, err := n.pipe.FindOpportunities(n.alice, passerelle.OpportunityFilter{Stage: passerelle.StageWon})
		must(t, err)
		o := os[0] // o1: Alice's, shared, won, linked to m1 and Xenon
		o.Title, o.Stage, o.ExpectedValueCents, o.Currency = "o1 edited", passerelle.StageLetterOfIntent, 12_345_678, "DKK"
		o.Programme, o.CallID, o.Deadline, o.NextAction, o.NextActionDate = "Horizon 2020", "H2020-SC1-2016", "2020-11-30", "write", "2020-10-15"
		o.OpenedOn, o.Notes = "2020-01-15", "notes"
		o.OrganizationIDs = append(o.OrganizationIDs, n.p.ID) // Alice's private organisation
		must(t, n.pipe.UpdateOpportunity(n.alice, o))
		got, err := n.pipe.FindOpportunityByID(n.alice, o.ID)
		must(t, err)
		if got.Title != "o1 edited" || got.Stage != passerelle.StageLetterOfIntent || got.ExpectedValueCents != 12_345_678 || got.Currency != "DKK" ||
			got.Programme != "Horizon 2020" || got.CallID != "H2020-SC1-2016" || got.Deadline != "2020-11-30" || got.NextActionDate != "2020-10-15" ||
			got.OpenedOn != "2020-01-15" || got.WonOn != "" || got.Notes != "notes" || len(got.OrganizationIDs) != 2 {
			t.Fatalf("saved: %+v", got)
		}

		bad := *got
		bad.Deadline, bad.Version = "30/11/2020", got.Version
		if err := n.pipe.UpdateOpportunity(n.alice, &bad); passerelle.ErrorFields(err)["deadline"] == "" {
			t.Errorf("a bad deadline: %v", err)
		}
		if cur, _ := n.pipe.FindOpportunityByID(n.alice, o.ID); cur.Version != got.Version || cur.Deadline != "2020-11-30" {
			t.Errorf("a refused save changed the record: %+v", cur)
		}

		// A coordinator of B reads o1 without Alice's private organisation, and its save
		// keeps the link.
		coord := n.coordinatorOf(t, db, "coord@example.org", n.memB.ID)
		seen, err := n.pipe.FindOpportunityByID(coord, o.ID)
		must(t, err)
		if len(seen.OrganizationIDs) != 1 {
			t.Fatalf("the coordinator sees %v", seen.OrganizationIDs)
		}
		seen.NextAction = "call back"
		must(t, n.pipe.UpdateOpportunity(coord, seen))
		if len(seen.OrganizationIDs) != 1 {
			t.Errorf("the coordinator reads back %v", seen.OrganizationIDs)
		}
		after, err := n.pipe.FindOpportunityByID(n.alice, o.ID)
		must(t, err)
		if after.NextAction != "call back" || len(after.OrganizationIDs) != 2 || after.OrganizationIDs[1] != n.p.ID {
			t.Errorf("after the coordinator's save Alice reads %+v", after)
		}

		// Projects from it, then its deletion: they keep their money.
		p := &passerelle.Project{Kind: passerelle.KindRDContract, Title: "from o1", ClientID: n.x.ID, OpportunityID: o.ID,
			Amounts: []passerelle.ProjectAmount{{Year: 2020, AmountCents: 500}}}
		must(t, n.pipe.CreateProject(n.alice, p))
		ps, _, err := n.pipe.FindProjects(n.alice, passerelle.ProjectFilter{OpportunityID: o.ID})
		must(t, err)
		if len(ps) != 1 || ps[0].ID != p.ID {
			t.Fatalf("projects of o1: %v", ps)
		}
		if err := n.pipe.DeleteOpportunity(n.bob, o.ID); passerelle.ErrorCode(err) != passerelle.EFORBIDDEN {
			t.Errorf("bob deletes alice's opportunity: %v", err)
		}
		must(t, n.pipe.DeleteOpportunity(n.alice, o.ID))
		kept, err := n.pipe.FindProjectByID(n.alice, p.ID)
		must(t, err)
		if kept.OpportunityID != 0 || kept.TotalEURCents() != 500 || kept.Version != p.Version+1 {
			t.Errorf("the project after its opportunity's deletion: %+v", kept)
		}
	})
}

// TestProjectShares: a project several members share counts each member's part in its
// own figures and every part once in the network's (no project counted twice); a
// member's private shared project counts in no other member's view; bad parts name
// their field and save nothing; an update replaces the parts; an import gives the
// other members taking part their parts.
func TestProjectShares(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		n := newKPINetwork(t, db)
		A, B := n.memA.ID, n.memB.ID
		amt := func(y int, c int64) []passerelle.ProjectAmount {
			return []passerelle.ProjectAmount{{Year: y, AmountCents: c}}
		}
		e3 := &passerelle.Project{Kind: passerelle.KindEUProject, Title: "e3", Role: "coordinator", StartDate: "2022-01-01", Amounts: amt(2022, 1_000_000),
			Shares: []passerelle.ProjectShare{{MemberID: B, Role: "participant", Amounts: amt(2022, 400_000)}}}
		must(t, n.pipe.CreateProject(n.alice, e3))
		c5 := &passerelle.Project{Kind: passerelle.KindRDContract, Title: "c5", ClientID: n.x.ID, Currency: "USD", Rate: "0.5", Amounts: amt(2022, 400_000),
			Shares: []passerelle.ProjectShare{{MemberID: B, Amounts: []passerelle.ProjectAmount{{Year: 2022, AmountCents: 200_000}, {Year: 2023, AmountCents: 2}}}}}
		must(t, n.pipe.CreateProject(n.alice, c5))
		// Alice's private contract with a part for B: Bob never sees it.
		must(t, n.pipe.CreateProject(n.alice, &passerelle.Project{Kind: passerelle.KindRDContract, Title: "c6", ClientID: n.y.ID, Amounts: amt(2022, 7),
			Visibility: passerelle.VisibilityPrivate, Shares: []passerelle.ProjectShare{{MemberID: B, Amounts: amt(2022, 5)}}}))

		got, err := n.pipe.FindProjectByID(n.bob, c5.ID)
		must(t, err)
		if len(got.Shares) != 1 || got.Shares[0].MemberID != B || len(got.Shares[0].Amounts) != 2 || got.Shares[0].Amounts[0].EURCents != 100_000 ||
			got.TotalEURCents() != 300_001 {
			t.Fatalf("c5 read back: %+v", got.Shares)
		}
		type figs struct {
			euN, euC        int
			rd, eu, revenue int64
		}
		check := func(name string, a *passerelle.Actor, f passerelle.KPIFilter, w figs) {
			t.Helper()
			k, err := n.pipe.KPIs(context.Background(), a, f)
			must(t, err)
			if g := (figs{k.Counts.EUProjects, k.Counts.EUProjectsCoordinated, k.Money.RDContractsForeign, k.Money.EUProjects, k.Money.PartnershipRevenue}); g != w {
				t.Errorf("%s:\n got %+v\nwant %+v", name, g, w)
			}
		}
		check("bob network 2022", n.bobA, passerelle.KPIFilter{Year: 2022}, figs{1, 1, 300_000, 1_400_000, 1_700_000})
		check("bob sees A 2022", n.bobA, passerelle.KPIFilter{Year: 2022, MemberID: A}, figs{1, 1, 200_000, 1_000_000, 1_200_000})
		check("bob sees B 2022", n.bobA, passerelle.KPIFilter{Year: 2022, MemberID: B}, figs{1, 0, 100_000, 400_000, 500_000})
		check("alice sees B 2022 (her private part for B too)", n.aliceA, passerelle.KPIFilter{Year: 2022, MemberID: B}, figs{1, 0, 100_005, 400_000, 500_005})
		// The network counts the shared records only, for Alice too: her private c6 counts
		// in her member's figures.
		check("alice network 2022", n.aliceA, passerelle.KPIFilter{Year: 2022}, figs{1, 1, 300_000, 1_400_000, 1_700_000})
		check("alice sees A 2022 (her private c6)", n.aliceA, passerelle.KPIFilter{Year: 2022, MemberID: A}, figs{1, 1, 200_007, 1_000_000, 1_200_007})

		// B coordinates its part: coordinated for B, and still one project for the network.
		e3.Shares[0].Role, e3.Role = "coordinator", "participant"
		must(t, n.pipe.UpdateProject(n.alice, e3))
		check("bob sees B 2022, coordinator", n.bobA, passerelle.KPIFilter{Year: 2022, MemberID: B}, figs{1, 1, 100_000, 400_000, 500_000})
		check("bob sees A 2022, participant", n.bobA, passerelle.KPIFilter{Year: 2022, MemberID: A}, figs{1, 0, 200_000, 1_000_000, 1_200_000})
		check("bob network 2022", n.bobA, passerelle.KPIFilter{Year: 2022}, figs{1, 1, 300_000, 1_400_000, 1_700_000})

		ps, _, err := n.pipe.FindProjects(n.bob, passerelle.ProjectFilter{MemberID: B, Year: 2022})
		must(t, err)
		if len(ps) != 2 {
			t.Errorf("bob's projects of B in 2022: %d, want e3 and c5", len(ps))
		}

		for _, tc := range []struct {
			field  string
			shares []passerelle.ProjectShare
		}{
			{"shares[0].member_id", []passerelle.ProjectShare{{MemberID: A}}},
			{"shares[1].member_id", []passerelle.ProjectShare{{MemberID: B}, {MemberID: B}}},
			{"shares[0].member_id", []passerelle.ProjectShare{{MemberID: 987654}}},
			{"shares[0].role", []passerelle.ProjectShare{{MemberID: B, Role: "leader"}}},
			{"shares[0].amounts[1].year", []passerelle.ProjectShare{{MemberID: B, Amounts: []passerelle.ProjectAmount{{Year: 2022}, {Year: 2022}}}}},
		} {
			cur, err := n.pipe.FindProjectByID(n.alice, e3.ID)
			must(t, err)
			cur.Shares = tc.shares
			if err := n.pipe.UpdateProject(n.alice, cur); passerelle.ErrorFields(err)[tc.field] == "" {
				t.Errorf("%s: %v", tc.field, err)
			}
		}
		if cur, _ := n.pipe.FindProjectByID(n.alice, e3.ID); cur.Version != e3.Version || len(cur.Shares) != 1 || cur.Shares[0].Role != "coordinator" {
			t.Errorf("refused saves changed e3: %+v", cur)
		}
		if err := n.pipe.CreateProject(n.sys, &passerelle.Project{Kind: passerelle.KindLicence, Title: "no member",
			Shares: []passerelle.ProjectShare{{MemberID: B}}}); passerelle.ErrorFields(err)["shares[0].member_id"] == "" {
			t.Errorf("parts without a member of the project: %v", err)
		}
		e3.Shares = nil
		must(t, n.pipe.UpdateProject(n.alice, e3))
		check("bob sees B 2022, e3 no longer shared", n.bobA, passerelle.KPIFilter{Year: 2022, MemberID: B}, figs{0, 0, 100_000, 0, 100_000})

		// An imported project where A's and B's institutes take part: A's project (its
		// first member in the file), with B's part.
		org := func(name, country string) *passerelle.Organization {
			return &passerelle.Organization{Name: name, Country: country}
		}
		rows := []passerelle.ParticipationRow{
			{Line: 2, ProjectRef: "900", Title: "Shared grant", Programme: "H2020", StartDate: "2024-01-01", Organization: org("Xenon GmbH", "DE"), Role: "coordinator", AmountCents: 900},
			{Line: 3, ProjectRef: "900", Organization: org("Institut A", "FR"), Role: "participant", AmountCents: 300},
			{Line: 4, ProjectRef: "900", Organization: org("Institut B", "FR"), Role: "participant", AmountCents: 200},
		}
		_, err = n.pipe.ImportParticipations(n.sys, rows, passerelle.ParticipationImportOptions{})
		must(t, err)
		check("network 2024 after the import", n.bobA, passerelle.KPIFilter{Year: 2024}, figs{1, 0, 0, 500, 500})
		check("B 2024 after the import", n.bobA, passerelle.KPIFilter{Year: 2024, MemberID: B}, figs{1, 0, 0, 200, 200})
		again, err := n.pipe.ImportParticipations(n.sys, rows, passerelle.ParticipationImportOptions{})
		must(t, err)
		if again.ProjectsUnchanged != 1 {
			t.Errorf("re-import: %+v", again)
		}
	})
}

// TestProjectPartWrites: on a project several members share, the project's member's
// writers change the whole record, the other members' parts included; a writer of a
// member with a part changes its own part only (role, money, withdrawing it); anyone
// else, and a viewer, changes nothing. Refused saves change nothing.
func TestProjectPartWrites(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		n := newKPINetwork(t, db)
		B := n.memB.ID
		ws, users, accounts := store.NewWorkspaceService(db), store.NewUserService(db), store.NewAccountService(db)
		memC := &passerelle.Member{Name: "Institut C"}
		must(t, ws.CreateMember(n.sys, memC))
		user := func(email string, member int64, role passerelle.Role) context.Context {
			u := &passerelle.User{Email: email, Name: email}
			must(t, users.CreateUser(n.sys, u))
			must(t, users.SetMembership(n.sys, &passerelle.Membership{UserID: u.ID, MemberID: member, Role: role}))
			a, err := accounts.ActorFor(context.Background(), u.ID, n.aliceA.WorkspaceID)
			must(t, err)
			return passerelle.NewContextWithActor(context.Background(), a)
		}
		carol, vic := user("carol@example.org", memC.ID, passerelle.RoleMember), user("vic@example.org", B, passerelle.RoleViewer)
		// Alice's private opportunity behind the shared project: Bob may not read it, and
		// his saves keep it.
		opp := &passerelle.Opportunity{Title: "lead", Visibility: passerelle.VisibilityPrivate}
		must(t, n.pipe.CreateOpportunity(n.alice, opp))
		e := &passerelle.Project{Kind: passerelle.KindEUProject, Title: "shared e", Role: "coordinator", StartDate: "2022-01-01", OpportunityID: opp.ID,
			Amounts: []passerelle.ProjectAmount{{Year: 2022, AmountCents: 1_000_000}},
			Shares:  []passerelle.ProjectShare{{MemberID: B, Role: "participant", Amounts: []passerelle.ProjectAmount{{Year: 2022, AmountCents: 400_000}}}}}
		must(t, n.pipe.CreateProject(n.alice, e))
		partOf := func(p *passerelle.Project, m int64) *passerelle.ProjectShare {
			for i := range p.Shares {
				if p.Shares[i].MemberID == m {
					return &p.Shares[i]
				}
			}
			return nil
		}
		for _, tc := range []struct {
			name   string
			ctx    context.Context
			change func(p *passerelle.Project)
			code   string // "" for saved
			check  func(p *passerelle.Project) bool
		}{
			{"bob changes his part's money", n.bob, func(p *passerelle.Project) { partOf(p, B).Amounts[0].AmountCents = 500_000 }, "",
				func(p *passerelle.Project) bool {
					return partOf(p, B).Amounts[0].AmountCents == 500_000 && p.OpportunityID == opp.ID
				}},
			{"bob adds a year and coordinates his part", n.bob, func(p *passerelle.Project) {
				sh := partOf(p, B)
				sh.Role, sh.Amounts = "coordinator", append(sh.Amounts, passerelle.ProjectAmount{Year: 2023, AmountCents: 1})
			}, "", func(p *passerelle.Project) bool {
				return partOf(p, B).Role == "coordinator" && len(partOf(p, B).Amounts) == 2
			}},
			{"bob renames the project", n.bob, func(p *passerelle.Project) { p.Title = "mine" }, passerelle.EFORBIDDEN, nil},
			{"bob changes Alice's money", n.bob, func(p *passerelle.Project) { p.Amounts[0].AmountCents = 1 }, passerelle.EFORBIDDEN, nil},
			{"bob changes Alice's role", n.bob, func(p *passerelle.Project) { p.Role = "participant" }, passerelle.EFORBIDDEN, nil},
			{"bob adds a part for C", n.bob, func(p *passerelle.Project) {
				p.Shares = append(p.Shares, passerelle.ProjectShare{MemberID: memC.ID, Amounts: []passerelle.ProjectAmount{{Year: 2022, AmountCents: 9}}})
			}, passerelle.EFORBIDDEN, nil},
			{"bob makes it his", n.bob, func(p *passerelle.Project) { p.MemberID = B; p.Shares = nil }, passerelle.EFORBIDDEN, nil},
			{"a viewer of B changes B's part", vic, func(p *passerelle.Project) { partOf(p, B).Amounts[0].AmountCents = 7 }, passerelle.EFORBIDDEN, nil},
			{"carol (no part) changes B's part", carol, func(p *passerelle.Project) { partOf(p, B).Amounts[0].AmountCents = 7 }, passerelle.EFORBIDDEN, nil},
			{"carol gives herself a part", carol, func(p *passerelle.Project) {
				p.Shares = append(p.Shares, passerelle.ProjectShare{MemberID: memC.ID, Amounts: []passerelle.ProjectAmount{{Year: 2022, AmountCents: 9}}})
			}, passerelle.EFORBIDDEN, nil},
			{"alice, the project's member, changes B's part", n.alice, func(p *passerelle.Project) { partOf(p, B).Amounts[0].AmountCents = 450_000 }, "",
				func(p *passerelle.Project) bool { return partOf(p, B).Amounts[0].AmountCents == 450_000 }},
			{"bob withdraws his part", n.bob, func(p *passerelle.Project) { p.Shares = nil }, "", func(p *passerelle.Project) bool { return len(p.Shares) == 0 }},
			{"bob, no longer a part, changes nothing", n.bob, func(p *passerelle.Project) {
				p.Shares = []passerelle.ProjectShare{{MemberID: B, Amounts: []passerelle.ProjectAmount{{Year: 2022, AmountCents: 1}}}}
			}, passerelle.EFORBIDDEN, nil},
		} {
			before, err := n.pipe.FindProjectByID(n.alice, e.ID)
			must(t, err)
			cur, err := n.pipe.FindProjectByID(tc.ctx, e.ID)
			must(t, err)
			tc.change(cur)
			err = n.pipe.UpdateProject(tc.ctx, cur)
			after, _ := n.pipe.FindProjectByID(n.alice, e.ID)
			switch {
			case tc.code == "" && err != nil:
				t.Errorf("%s: %v", tc.name, err)
			case tc.code == "" && !tc.check(after):
				t.Errorf("%s: saved %+v", tc.name, after)
			case tc.code != "" && passerelle.ErrorCode(err) != tc.code:
				t.Errorf("%s: %v, want %s", tc.name, err, tc.code)
			case tc.code != "" && after.Version != before.Version:
				t.Errorf("%s: refused, yet the project changed", tc.name)
			}
		}
		// Bob's part counted in B's figures while it was there: gone now.
		k, err := n.pipe.KPIs(context.Background(), n.bobA, passerelle.KPIFilter{Year: 2022, MemberID: B})
		must(t, err)
		if k.Counts.EUProjects != 0 {
			t.Errorf("B's EU projects after withdrawing: %d", k.Counts.EUProjects)
		}
	})
}
