package store_test

import (
	"context"
	"testing"

	"passerelle"
	"passerelle/store"
)

// TestVisibilityChangeNeedsOwnerOrManager: a member cannot take a shared record private
// (it would become the member's own, and its creator and the managers would lose it);
// the owner of a private record may share it; a manager may do either, and every
// manager reads the audit entry of the change.
func TestVisibilityChangeNeedsOwnerOrManager(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		orgs, people, agrs := store.NewOrganizationService(db), store.NewPersonService(db), store.NewAgreementService(db)
		audit := store.NewAuditService(db)
		coordB := passerelle.NewContextWithActor(context.Background(), &passerelle.Actor{WorkspaceID: f.ws.ID, MemberID: f.memberB.ID, Role: passerelle.RoleCoordinator})
		adminA := passerelle.NewContextWithActor(context.Background(), &passerelle.Actor{WorkspaceID: f.ws.ID, MemberID: f.memberA.ID, Role: passerelle.RoleAdmin})

		org := &passerelle.Organization{Name: "Shared Biotech", Kind: passerelle.KindCompany}
		if err := orgs.CreateOrganization(f.alice, org); err != nil {
			t.Fatal(err)
		}
		per := &passerelle.Person{FirstName: "Ada", LastName: "Shared"}
		if err := people.CreatePerson(f.alice, per); err != nil {
			t.Fatal(err)
		}
		agr := &passerelle.Agreement{Title: "Shared convention"}
		if err := agrs.CreateAgreement(f.alice, agr); err != nil {
			t.Fatal(err)
		}
		takePrivate := map[string]func(ctx context.Context) error{
			"organization": func(ctx context.Context) error {
				o, err := orgs.FindOrganizationByID(ctx, org.ID)
				if err != nil {
					return err
				}
				o.Visibility = passerelle.VisibilityPrivate
				return orgs.UpdateOrganization(ctx, o)
			},
			"person": func(ctx context.Context) error {
				p, err := people.FindPersonByID(ctx, per.ID)
				if err != nil {
					return err
				}
				p.Visibility = passerelle.VisibilityPrivate
				return people.UpdatePerson(ctx, p)
			},
			"agreement": func(ctx context.Context) error {
				a, err := agrs.FindAgreementByID(ctx, agr.ID)
				if err != nil {
					return err
				}
				a.Visibility = passerelle.VisibilityPrivate
				return agrs.UpdateAgreement(ctx, a)
			},
		}
		ids := map[string]int64{"organization": org.ID, "person": per.ID, "agreement": agr.ID}
		for entity, take := range takePrivate {
			t.Run(entity, func(t *testing.T) {
				for name, ctx := range map[string]context.Context{"another member": f.bob, "its creator": f.alice, "a viewer": f.viewer} {
					if err := take(ctx); passerelle.ErrorCode(err) != passerelle.EFORBIDDEN {
						t.Errorf("%s took a shared %s private: %v", name, entity, err)
					}
				}
				// Still shared: everyone reads it.
				if err := readable(f.alice, db, entity, ids[entity]); err != nil {
					t.Fatalf("after the refusals: %v", err)
				}
				if err := take(coordB); err != nil {
					t.Fatalf("a coordinator takes it private: %v", err)
				}
				if err := readable(f.alice, db, entity, ids[entity]); passerelle.ErrorCode(err) != passerelle.ENOTFOUND {
					t.Errorf("member A still reads it: %v", err)
				}
				// Another manager, of another member, reads who took it private; a member
				// of that other member does not.
				es, err := audit.FindAuditEntries(adminA, passerelle.AuditFilter{Entity: entity, EntityID: ids[entity]})
				if err != nil {
					t.Fatal(err)
				}
				found := false
				for _, e := range es {
					if e.Action == "visibility" && e.Changes["visibility"].New == "private" {
						found = true
					}
				}
				if !found {
					t.Errorf("the admin does not see the change of visibility: %+v", es)
				}
				if es, _ := audit.FindAuditEntries(f.alice, passerelle.AuditFilter{Entity: entity, EntityID: ids[entity]}); len(es) != 1 || es[0].Action != "create" {
					t.Errorf("member A reads %+v, want only the creation", es)
				}
			})
		}

		// The owner of a private record may share it.
		mine := &passerelle.Organization{Name: "Own Prospect", Kind: passerelle.KindCompany, Visibility: passerelle.VisibilityPrivate}
		if err := orgs.CreateOrganization(f.alice, mine); err != nil {
			t.Fatal(err)
		}
		mine.Visibility = passerelle.VisibilityShared
		if err := orgs.UpdateOrganization(f.alice, mine); err != nil {
			t.Errorf("the owner shares its record: %v", err)
		}
		if _, err := orgs.FindOrganizationByID(f.bob, mine.ID); err != nil {
			t.Errorf("shared, yet member B gets %v", err)
		}
	})
}

func readable(ctx context.Context, db *store.DB, entity string, id int64) error {
	var err error
	switch entity {
	case "organization":
		_, err = store.NewOrganizationService(db).FindOrganizationByID(ctx, id)
	case "person":
		_, err = store.NewPersonService(db).FindPersonByID(ctx, id)
	case "agreement":
		_, err = store.NewAgreementService(db).FindAgreementByID(ctx, id)
	}
	return err
}
