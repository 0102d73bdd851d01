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
