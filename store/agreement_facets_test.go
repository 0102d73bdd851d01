package store_test

import (
	"context"
	"slices"
	"testing"

	"passerelle"
	"passerelle/store"
)

// TestAgreementFacetIndexFollowsChanges checks that the in-memory facet index follows
// every change: created, updated (country, visibility, title order), deleted, imported,
// and changes made through another service value (as another process would).
func TestAgreementFacetIndexFollowsChanges(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		svc := store.NewAgreementService(db)
		poitiers, santaFe, kansai := agreementOrgs(t, f.system, db)
		a := seed002(poitiers.ID, santaFe.ID)
		mustAgr(t, svc.CreateAgreement(f.alice, a))
		countries := func() []string {
			fc, err := svc.FacetAgreements(f.bob, passerelle.AgreementFilter{})
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, c := range fc.Countries {
				out = append(out, c.Value)
			}
			slices.Sort(out)
			return out
		}
		if got := countries(); !slices.Equal(got, []string{"AR"}) {
			t.Fatalf("after create: %v", got)
		}
		// Another service value: the index is shared per database and keyed on the
		// audit log, so what it does shows too.
		other := store.NewAgreementService(db)
		b := &passerelle.Agreement{Title: "Aaa first by title", Partners: []passerelle.AgreementPartner{{OrganizationID: kansai.ID, Side: passerelle.SideForeign}}}
		mustAgr(t, other.CreateAgreement(f.alice, b))
		if got := countries(); !slices.Equal(got, []string{"AR", "JP"}) {
			t.Errorf("after a second create: %v", got)
		}
		list, n, err := svc.FindAgreements(f.bob, passerelle.AgreementFilter{})
		if err != nil || n != 2 || list[0].ID != b.ID {
			t.Errorf("title order: %v %d", err, n)
		}
		a.Partners = []passerelle.AgreementPartner{{OrganizationID: kansai.ID, Side: passerelle.SideForeign}}
		mustAgr(t, svc.UpdateAgreement(f.alice, a))
		if got := countries(); !slices.Equal(got, []string{"JP"}) {
			t.Errorf("after update: %v", got)
		}
		// Taking a shared agreement private is a manager's change (member A's coordinator).
		coordA := passerelle.NewContextWithActor(context.Background(), &passerelle.Actor{WorkspaceID: f.ws.ID, MemberID: f.memberA.ID, Role: passerelle.RoleCoordinator})
		b.Visibility = passerelle.VisibilityPrivate
		mustAgr(t, svc.UpdateAgreement(coordA, b))
		if _, n, _ := svc.FindAgreements(f.bob, passerelle.AgreementFilter{}); n != 1 {
			t.Errorf("bob sees %d agreements after one turned private, want 1", n)
		}
		if _, n, _ := svc.FindAgreements(f.alice, passerelle.AgreementFilter{}); n != 2 {
			t.Errorf("alice sees %d agreements, want 2", n)
		}
		mustAgr(t, svc.DeleteAgreement(f.alice, a.ID))
		if got := countries(); len(got) != 0 {
			t.Errorf("after delete: %v", got)
		}
		// Export walks everything in title order, by keyset.
		var seen []string
		err = svc.EachAgreement(f.alice, passerelle.AgreementFilter{}, 1, func(l []*passerelle.Agreement) error {
			for _, x := range l {
				seen = append(seen, x.Title)
			}
			return nil
		})
		if err != nil || !slices.Equal(seen, []string{b.Title}) {
			t.Errorf("EachAgreement: %v %v", err, seen)
		}
	})
}

func mustAgr(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
