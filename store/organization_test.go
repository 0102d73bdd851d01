package store_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"passerelle"
	"passerelle/store"
)

func TestOrganizationLifecycle(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		orgs := store.NewOrganizationService(db)
		audit := store.NewAuditService(db)
		lat := 48.84
		o := &passerelle.Organization{Name: "Institut Pasteur", Kind: passerelle.KindResearchInstitute, Country: "fr",
			City: "Paris", Lat: &lat, Acronyms: []string{"IP"}, Themes: []string{"health.infectious"},
			Names: []passerelle.LocalizedName{{Lang: "en", Value: "Pasteur Institute"}}}
		if err := orgs.CreateOrganization(f.alice, o); err != nil {
			t.Fatal(err)
		}
		got, err := orgs.FindOrganizationByID(f.bob, o.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Country != "FR" || got.Names[0].Value != "Pasteur Institute" || *got.Lat != lat || !slices.Equal(got.Themes, []string{"health.infectious"}) {
			t.Errorf("read back %+v", got)
		}
		got.City = "Paris 15e"
		if err := orgs.UpdateOrganization(f.bob, got); err != nil {
			t.Fatal(err)
		}
		entries, err := audit.FindAuditEntries(f.alice, passerelle.AuditFilter{Entity: "organization", EntityID: o.ID})
		if err != nil {
			t.Fatal(err)
		}
		if len(entries) != 2 || entries[0].Action != "update" || entries[0].Changes["city"].New != "Paris 15e" {
			t.Fatalf("audit entries %+v", entries)
		}
		// An update that changes nothing writes no audit entry.
		if err := orgs.UpdateOrganization(f.bob, got); err != nil {
			t.Fatal(err)
		}
		if entries, _ := audit.FindAuditEntries(f.alice, passerelle.AuditFilter{EntityID: o.ID, Entity: "organization"}); len(entries) != 2 {
			t.Errorf("no-op update wrote an audit entry: %d entries", len(entries))
		}
		if err := orgs.DeleteOrganization(f.alice, o.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := orgs.FindOrganizationByID(f.alice, o.ID); passerelle.ErrorCode(err) != passerelle.ENOTFOUND {
			t.Errorf("after delete: %v", err)
		}
	})
}

func TestOrganizationValidation(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		orgs := store.NewOrganizationService(db)
		for _, tc := range []struct {
			name  string
			org   passerelle.Organization
			field string
		}{
			{"no name", passerelle.Organization{}, "name"},
			{"bad country", passerelle.Organization{Name: "X", Country: "ZZ"}, "country"},
			{"bad kind", passerelle.Organization{Name: "X", Kind: "castle"}, "kind"},
			{"bad siren", passerelle.Organization{Name: "X", SIREN: "12"}, "siren"},
			{"bad website", passerelle.Organization{Name: "X", Website: "example"}, "website"},
			{"unknown theme", passerelle.Organization{Name: "X", Themes: []string{"nope"}}, "themes"},
			{"bad latitude", passerelle.Organization{Name: "X", Lat: new(float64(95))}, "lat"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				err := orgs.CreateOrganization(f.alice, &tc.org)
				if passerelle.ErrorCode(err) != passerelle.EINVALID || passerelle.ErrorFields(err)[tc.field] == "" {
					t.Errorf("got %v, want an invalid %s", err, tc.field)
				}
			})
		}
		_, n, err := orgs.FindOrganizations(f.system, passerelle.OrganizationFilter{})
		if err != nil || n != 0 {
			t.Errorf("failed creates left %d organisations (%v)", n, err)
		}
		a := &passerelle.Organization{Name: "A", RORID: "https://ror.org/05f82e368"}
		b := &passerelle.Organization{Name: "B", RORID: "05f82e368"}
		if err := orgs.CreateOrganization(f.alice, a); err != nil {
			t.Fatal(err)
		}
		if err := orgs.CreateOrganization(f.alice, b); passerelle.ErrorFields(err)["ror_id"] == "" {
			t.Errorf("duplicate ROR id: got %v", err)
		}
	})
}

func TestVisibility(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		orgs := store.NewOrganizationService(db)
		people := store.NewPersonService(db)
		audit := store.NewAuditService(db)
		secret := &passerelle.Organization{Name: "Confidential Biotech", Visibility: passerelle.VisibilityPrivate}
		if err := orgs.CreateOrganization(f.alice, secret); err != nil {
			t.Fatal(err)
		}
		pub := &passerelle.Organization{Name: "Public Biotech"}
		if err := orgs.CreateOrganization(f.alice, pub); err != nil {
			t.Fatal(err)
		}
		sp := &passerelle.Person{FirstName: "Karen", LastName: "Secretsen", Visibility: passerelle.VisibilityPrivate}
		if err := people.CreatePerson(f.alice, sp); err != nil {
			t.Fatal(err)
		}
		if secret.OwnerMemberID != f.memberA.ID {
			t.Fatalf("owner %d, want member A", secret.OwnerMemberID)
		}
		for _, tc := range []struct {
			name string
			ctx  context.Context
		}{{"other member", f.bob}, {"other workspace", f.otherSystem}} {
			t.Run(tc.name, func(t *testing.T) {
				ctx := tc.ctx
				if _, err := orgs.FindOrganizationByID(ctx, secret.ID); passerelle.ErrorCode(err) != passerelle.ENOTFOUND {
					t.Errorf("read: %v", err)
				}
				list, n, err := orgs.FindOrganizations(ctx, passerelle.OrganizationFilter{Query: "biotech"})
				if err != nil {
					t.Fatal(err)
				}
				for _, o := range list {
					if o.ID == secret.ID {
						t.Error("private organisation listed")
					}
				}
				if tc.name == "other member" && n != 1 {
					t.Errorf("count %d, want 1 (the public one)", n)
				}
				upd := *secret
				upd.Name = "Hacked"
				if err := orgs.UpdateOrganization(ctx, &upd); passerelle.ErrorCode(err) != passerelle.ENOTFOUND {
					t.Errorf("update: %v", err)
				}
				if err := orgs.DeleteOrganization(ctx, secret.ID); passerelle.ErrorCode(err) != passerelle.ENOTFOUND {
					t.Errorf("delete: %v", err)
				}
				if _, err := people.FindPersonByID(ctx, sp.ID); passerelle.ErrorCode(err) != passerelle.ENOTFOUND {
					t.Errorf("read person: %v", err)
				}
				hits, _ := store.NewSearchService(db).Search(ctx, "secretsen", 10)
				if len(hits) != 0 {
					t.Errorf("search leaks %v", hits)
				}
				entries, _ := audit.FindAuditEntries(ctx, passerelle.AuditFilter{Entity: "organization", EntityID: secret.ID})
				if len(entries) != 0 {
					t.Errorf("audit leaks %d entries", len(entries))
				}
				if err := orgs.CreateLink(ctx, &passerelle.OrgLink{Kind: passerelle.LinkLinked, FromID: pub.ID, ToID: secret.ID}); passerelle.ErrorCode(err) == "" {
					t.Error("linked to an invisible organisation")
				}
			})
		}
		// A viewer sees shared records but may not change them.
		upd := *pub
		upd.City = "Lyon"
		if err := orgs.UpdateOrganization(f.viewer, &upd); passerelle.ErrorCode(err) != passerelle.EFORBIDDEN {
			t.Errorf("viewer update: %v", err)
		}
		if _, err := orgs.FindOrganizationByID(f.alice, secret.ID); err != nil {
			t.Errorf("owner cannot read its private record: %v", err)
		}
	})
}

func TestLinksBothDirections(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		orgs := store.NewOrganizationService(db)
		parent := &passerelle.Organization{Name: "Parent"}
		child := &passerelle.Organization{Name: "Child"}
		for _, o := range []*passerelle.Organization{parent, child} {
			if err := orgs.CreateOrganization(f.alice, o); err != nil {
				t.Fatal(err)
			}
		}
		if err := orgs.CreateLink(f.alice, &passerelle.OrgLink{Kind: passerelle.LinkParent, FromID: child.ID, ToID: parent.ID}); err != nil {
			t.Fatal(err)
		}
		if err := orgs.CreateLink(f.alice, &passerelle.OrgLink{Kind: passerelle.LinkChild, FromID: parent.ID, ToID: child.ID}); err != nil {
			t.Fatal(err)
		}
		links, err := orgs.FindLinks(f.bob, parent.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(links) != 1 || links[0].ViewKind != passerelle.LinkChild || links[0].Other.ID != child.ID {
			t.Errorf("parent's links: %+v", links)
		}
		links, _ = orgs.FindLinks(f.bob, child.ID)
		if len(links) != 1 || links[0].ViewKind != passerelle.LinkParent || links[0].Other.Name != "Parent" {
			t.Errorf("child's links: %+v", links)
		}
		if err := orgs.CreateLink(f.alice, &passerelle.OrgLink{Kind: passerelle.LinkLinked, FromID: child.ID, ToID: child.ID}); passerelle.ErrorCode(err) != passerelle.EINVALID {
			t.Errorf("self link: %v", err)
		}
	})
}

// TestAuditNamesOnlyWhatTheReaderMaySee: an entry that names a private record (a link to
// it, an affiliation with it) is as private as that record.
func TestAuditNamesOnlyWhatTheReaderMaySee(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		orgs := store.NewOrganizationService(db)
		people := store.NewPersonService(db)
		audit := store.NewAuditService(db)
		secret := &passerelle.Organization{Name: "Hidden Prospect ApS", Visibility: passerelle.VisibilityPrivate}
		shared := &passerelle.Organization{Name: "Open Cluster"}
		for _, o := range []*passerelle.Organization{secret, shared} {
			if err := orgs.CreateOrganization(f.alice, o); err != nil {
				t.Fatal(err)
			}
		}
		l := &passerelle.OrgLink{Kind: passerelle.LinkPartner, FromID: shared.ID, ToID: secret.ID}
		if err := orgs.CreateLink(f.alice, l); err != nil {
			t.Fatal(err)
		}
		if err := orgs.DeleteLink(f.alice, l.ID); err != nil {
			t.Fatal(err)
		}
		p := &passerelle.Person{FirstName: "Open", LastName: "Contact"}
		if err := people.CreatePerson(f.alice, p); err != nil {
			t.Fatal(err)
		}
		if err := people.CreateAffiliation(f.alice, &passerelle.Affiliation{PersonID: p.ID, OrganizationID: secret.ID, Role: "CEO"}); err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			name string
			ctx  context.Context
			sees bool
		}{{"owner", f.alice, true}, {"other member", f.bob, false}, {"viewer", f.viewer, false}} {
			entries, err := audit.FindAuditEntries(tc.ctx, passerelle.AuditFilter{Limit: 100})
			if err != nil {
				t.Fatal(err)
			}
			found := 0
			for _, e := range entries {
				if strings.Contains(e.Summary, "Hidden Prospect") {
					found++
				}
			}
			if (found > 0) != tc.sees {
				t.Errorf("%s: %d entries name the private organisation", tc.name, found)
			}
		}
	})
}

func TestAuditCreationListsOnlyWhatWasGiven(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		o := &passerelle.Organization{Name: "Genopole", City: "Évry"}
		if err := store.NewOrganizationService(db).CreateOrganization(f.alice, o); err != nil {
			t.Fatal(err)
		}
		entries, err := store.NewAuditService(db).FindAuditEntries(f.alice, passerelle.AuditFilter{Entity: "organization", EntityID: o.ID})
		if err != nil || len(entries) != 1 {
			t.Fatalf("%v %v", err, entries)
		}
		got := []string{}
		for k := range entries[0].Changes {
			got = append(got, k)
		}
		slices.Sort(got)
		if strings.Join(got, ",") != "city,kind,name,visibility" {
			t.Errorf("creation lists %v", got)
		}
	})
}
