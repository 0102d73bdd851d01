package store_test

import (
	"context"
	"strings"
	"testing"

	"passerelle"
	"passerelle/locales"
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
				// Nor, now, the record's past entries: its creation, written while it was
				// shared, follows the record private.
				if es, _ := audit.FindAuditEntries(f.alice, passerelle.AuditFilter{Entity: entity, EntityID: ids[entity]}); len(es) != 0 {
					t.Errorf("member A reads %+v, want nothing", es)
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

// TestNoExistenceOracles: what another member keeps private neither shows through a
// filter, nor blocks, nor names itself in an error: the people of its organisation, an
// import row with its agreement's title and year or reference, a new organisation with
// its ROR id.
func TestNoExistenceOracles(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		orgs, people, agrs := store.NewOrganizationService(db), store.NewPersonService(db), store.NewAgreementService(db)
		const ror = "https://ror.org/02feahw73"
		secret := &passerelle.Organization{Name: "Hidden Lab", Kind: passerelle.KindCompany, RORID: ror, Visibility: passerelle.VisibilityPrivate}
		if err := orgs.CreateOrganization(f.alice, secret); err != nil {
			t.Fatal(err)
		}
		shared := &passerelle.Person{FirstName: "Ada", LastName: "Shared"}
		if err := people.CreatePerson(f.alice, shared); err != nil {
			t.Fatal(err)
		}
		if err := people.CreateAffiliation(f.alice, &passerelle.Affiliation{PersonID: shared.ID, OrganizationID: secret.ID, Role: "Adviser"}); err != nil {
			t.Fatal(err)
		}

		// People of an organisation: as for one that does not exist.
		if _, n, err := people.FindPeople(f.alice, passerelle.PersonFilter{OrganizationID: secret.ID}); err != nil || n != 1 {
			t.Errorf("the owner counts %d (%v), want 1", n, err)
		}
		_, none, errNone := people.FindPeople(f.bob, passerelle.PersonFilter{OrganizationID: 987654321})
		if _, n, err := people.FindPeople(f.bob, passerelle.PersonFilter{OrganizationID: secret.ID}); n != none || passerelle.ErrorCode(err) != passerelle.ErrorCode(errNone) {
			t.Errorf("another member counts %d (%v) people of the private organisation, %d (%v) of none", n, err, none, errNone)
		}

		// A new organisation with the ROR id: another member may create it (shared or
		// private); its owner is told, as it can see the record that has it.
		mine := &passerelle.Organization{Name: "Hidden Lab (Beta's)", Kind: passerelle.KindCompany, RORID: ror}
		if err := orgs.CreateOrganization(f.bob, mine); err != nil {
			t.Errorf("member B creating an organisation with a ROR id member A keeps private: %v", err)
		}
		again := &passerelle.Organization{Name: "Hidden Lab again", Kind: passerelle.KindCompany, RORID: ror, Visibility: passerelle.VisibilityPrivate}
		if err := orgs.CreateOrganization(f.alice, again); passerelle.ErrorFields(err)["ror_id"] == "" {
			t.Errorf("member A's second private record with its ROR id: %v, want a ror_id error", err)
		}
		dup := &passerelle.Organization{Name: "Shared twin", Kind: passerelle.KindCompany, RORID: ror}
		if err := orgs.CreateOrganization(f.alice, dup); passerelle.ErrorFields(err)["ror_id"] == "" {
			t.Errorf("a second shared record with a shared ROR id: %v, want a ror_id error", err)
		}

		// Import rows matching member A's private agreement by title and year, or by
		// reference: new agreements for member B, and no error.
		priv := &passerelle.Agreement{Title: "Secret convention", SignedYear: 2020, Visibility: passerelle.VisibilityPrivate}
		privRef := &passerelle.Agreement{Title: "Secret referenced convention", Ref: "SEC-1", Visibility: passerelle.VisibilityPrivate}
		for _, a := range []*passerelle.Agreement{priv, privRef} {
			if err := agrs.CreateAgreement(f.alice, a); err != nil {
				t.Fatal(err)
			}
		}
		items := func(yield func(*passerelle.AgreementImportItem, error) bool) {
			_ = yield(&passerelle.AgreementImportItem{Sheet: "agreements", Row: 2, Agreement: &passerelle.Agreement{Title: "Secret convention", SignedYear: 2020}}, nil) &&
				yield(&passerelle.AgreementImportItem{Sheet: "agreements", Row: 3, Agreement: &passerelle.Agreement{Title: "Another title", Ref: "SEC-1"}}, nil)
		}
		res, err := agrs.ImportAgreements(f.bob, items, false)
		if err != nil || res.Created != 2 {
			t.Fatalf("member B's import: %+v, %v", res, err)
		}
		for _, a := range []*passerelle.Agreement{priv, privRef} {
			got, err := agrs.FindAgreementByID(f.alice, a.ID)
			if err != nil || got.Visibility != passerelle.VisibilityPrivate || got.Title != a.Title {
				t.Errorf("member A's private agreement after B's import: %+v, %v", got, err)
			}
		}
	})
}

// TestImportKeepsVisibility: an import keeps each row's visibility (a private row is the
// importing member's own) and publishes only as the page would: never a private
// agreement.
func TestImportKeepsVisibility(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		agrs := store.NewAgreementService(db)
		row := func(n int, a *passerelle.Agreement) *passerelle.AgreementImportItem {
			return &passerelle.AgreementImportItem{Sheet: "agreements", Row: n, Agreement: a}
		}
		rows := func(items ...*passerelle.AgreementImportItem) func(func(*passerelle.AgreementImportItem, error) bool) {
			return func(yield func(*passerelle.AgreementImportItem, error) bool) {
				for _, it := range items {
					if !yield(it, nil) {
						return
					}
				}
			}
		}
		res, err := agrs.ImportAgreements(f.bob, rows(
			row(2, &passerelle.Agreement{Title: "Beta's private plan", Visibility: passerelle.VisibilityPrivate}),
			row(3, &passerelle.Agreement{Title: "Beta's published convention", Published: true}),
			row(4, &passerelle.Agreement{Title: "Beta's private yet published", Visibility: passerelle.VisibilityPrivate, Published: true}),
		), true)
		if err != nil || res.Created != 2 || len(res.Problems) != 1 || res.Problems[0].Line != 4 || res.Problems[0].Field != "agreements.published" {
			t.Fatalf("import: %+v, %v", res, err)
		}
		byTitle := func(ctx context.Context, f passerelle.AgreementFilter) map[string]*passerelle.Agreement {
			list, _, err := agrs.FindAgreements(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			out := map[string]*passerelle.Agreement{}
			for _, a := range list {
				out[a.Title] = a
			}
			return out
		}
		mine := byTitle(f.bob, passerelle.AgreementFilter{})
		if a := mine["Beta's private plan"]; a == nil || a.Visibility != passerelle.VisibilityPrivate || a.OwnerMemberID != f.memberB.ID {
			t.Errorf("the private row: %+v", a)
		}
		if _, ok := byTitle(f.alice, passerelle.AgreementFilter{})["Beta's private plan"]; ok {
			t.Error("member A reads the private row member B imported")
		}
		public := byTitle(f.system, passerelle.AgreementFilter{PublishedOnly: true})
		if len(public) != 1 || public["Beta's published convention"] == nil {
			t.Errorf("published: %v, want only the shared published row", public)
		}

		// An update of member B's private agreement cannot publish it either.
		res, err = agrs.ImportAgreements(f.bob, rows(row(2, &passerelle.Agreement{Title: "Beta's private plan", Published: true})), false)
		if passerelle.ErrorCode(err) != passerelle.EINVALID || len(res.Problems) != 1 || res.Problems[0].Field != "agreements.published" {
			t.Errorf("publishing a private agreement by import: %+v, %v", res, err)
		}
		// The operator has no member to own a new private row: said, not shared.
		res, err = agrs.ImportAgreements(f.system, rows(row(2, &passerelle.Agreement{Title: "Nobody's plan", Visibility: passerelle.VisibilityPrivate})), false)
		if passerelle.ErrorCode(err) != passerelle.EINVALID || len(res.Problems) != 1 || res.Problems[0].Field != "agreements.visibility" {
			t.Errorf("a private row imported by the operator: %+v, %v", res, err)
		}
	})
}

// TestPrivatePartner: a shared agreement cannot name a private organisation; one named
// before it was made private is "a partner kept private" to whoever may not see it, in
// every reader (one agreement, lists, facets, filters, full text, exports, the public
// reader), and edits and imports by them keep it in place.
func TestPrivatePartner(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		orgs, agrs := store.NewOrganizationService(db), store.NewAgreementService(db)
		coordA := passerelle.NewContextWithActor(context.Background(), &passerelle.Actor{WorkspaceID: f.ws.ID, MemberID: f.memberA.ID, Role: passerelle.RoleCoordinator})
		public := passerelle.NewContextWithActor(context.Background(), &passerelle.Actor{WorkspaceID: f.ws.ID, Role: passerelle.RoleViewer})

		mine := &passerelle.Organization{Name: "Alpha Prospect Oy", Kind: passerelle.KindCompany, Country: "FI", Visibility: passerelle.VisibilityPrivate}
		if err := orgs.CreateOrganization(f.alice, mine); err != nil {
			t.Fatal(err)
		}
		refused := &passerelle.Agreement{Title: "Naming a private partner", Partners: []passerelle.AgreementPartner{{OrganizationID: mine.ID, Side: passerelle.SideForeign}}}
		if err := agrs.CreateAgreement(f.alice, refused); !strings.Contains(passerelle.ErrorFields(err)["partners[0].organization_id"], "Alpha Prospect Oy") {
			t.Errorf("a shared agreement naming a private organisation: %v", err)
		}
		refused.Visibility = passerelle.VisibilityPrivate
		if err := agrs.CreateAgreement(f.alice, refused); err != nil {
			t.Errorf("a private agreement naming its member's private organisation: %v", err)
		}

		// Named while shared, then made private by member A's coordinator.
		secret := &passerelle.Organization{Name: "Kyoto Hidden Partner", Kind: passerelle.KindCompany, Country: "JP"}
		other := &passerelle.Organization{Name: "Open Partner", Kind: passerelle.KindCompany, Country: "AR"}
		for _, o := range []*passerelle.Organization{secret, other} {
			if err := orgs.CreateOrganization(f.alice, o); err != nil {
				t.Fatal(err)
			}
		}
		agr := &passerelle.Agreement{Title: "Convention with two partners", Published: true, Partners: []passerelle.AgreementPartner{
			{OrganizationID: secret.ID, Side: passerelle.SideForeign, Role: "lead"}, {OrganizationID: other.ID, Side: passerelle.SideForeign}}}
		if err := agrs.CreateAgreement(f.alice, agr); err != nil {
			t.Fatal(err)
		}
		// The facet index is built before the change: it must follow it.
		if _, err := agrs.FacetAgreements(f.bob, passerelle.AgreementFilter{}); err != nil {
			t.Fatal(err)
		}
		s, err := orgs.FindOrganizationByID(coordA, secret.ID)
		if err != nil {
			t.Fatal(err)
		}
		s.Visibility = passerelle.VisibilityPrivate
		if err := orgs.UpdateOrganization(coordA, s); err != nil {
			t.Fatal(err)
		}

		hidden := func(a *passerelle.Agreement) bool {
			p := a.Partners[0]
			return p.Private && p.Name == "" && p.OrganizationID == 0 && p.Country == "" && p.RORID == "" && p.Role == "lead" && a.Partners[1].Name == "Open Partner"
		}
		for name, ctx := range map[string]context.Context{"member B": f.bob, "the public page": public} {
			got, err := agrs.FindAgreementByID(ctx, agr.ID)
			if err != nil || !hidden(got) {
				t.Errorf("%s reads the partner: %+v, %v", name, got.Partners, err)
			}
			list, _, fc, err := agrs.SearchAgreements(ctx, passerelle.AgreementFilter{})
			if err != nil || len(list) != 1 || !hidden(list[0]) {
				t.Fatalf("%s lists: %+v, %v", name, list, err)
			}
			for _, c := range fc.Partners {
				if c.Value == formatInt(secret.ID) || c.Name == secret.Name {
					t.Errorf("%s: partner facet %+v", name, c)
				}
			}
			for _, c := range fc.Countries {
				if c.Value == "JP" {
					t.Errorf("%s: the country facet counts the hidden partner's country", name)
				}
			}
			for what, flt := range map[string]passerelle.AgreementFilter{"partner": {PartnerID: secret.ID}, "country": {Country: "JP"}, "text": {Query: "kyoto"}} {
				if _, n, _ := agrs.FindAgreements(ctx, flt); n != 0 {
					t.Errorf("%s finds the agreement by the hidden partner's %s", name, what)
				}
				err := agrs.EachAgreement(ctx, flt, 10, func(l []*passerelle.Agreement) error {
					t.Errorf("%s exports %d agreement(s) by the hidden partner's %s", name, len(l), what)
					return nil
				})
				if err != nil {
					t.Fatal(err)
				}
			}
			err = agrs.EachAgreement(ctx, passerelle.AgreementFilter{}, 10, func(l []*passerelle.Agreement) error {
				if len(l) != 1 || !hidden(l[0]) {
					t.Errorf("%s exports the partner: %+v", name, l[0].Partners)
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
		}
		// Its member still reads it, everywhere.
		if got, _ := agrs.FindAgreementByID(f.alice, agr.ID); got.Partners[0].Name != secret.Name {
			t.Errorf("member A reads %+v", got.Partners[0])
		}
		if _, n, _ := agrs.FindAgreements(f.alice, passerelle.AgreementFilter{PartnerID: secret.ID}); n != 1 {
			t.Errorf("member A filters by its organisation: %d", n)
		}

		// Member B edits the agreement as read: the hidden partner stays in place.
		got, _ := agrs.FindAgreementByID(f.bob, agr.ID)
		got.Title = "Convention with two partners, renamed"
		if err := agrs.UpdateAgreement(f.bob, got); err != nil {
			t.Fatalf("member B's edit: %v", err)
		}
		// And re-imports it as exported (the partner written as the label).
		got.Partners[0].Private, got.Partners[0].Name = false, locales.Text("en", "agr.partner_private")
		res, err := agrs.ImportAgreements(f.bob, func(yield func(*passerelle.AgreementImportItem, error) bool) {
			yield(&passerelle.AgreementImportItem{Sheet: "agreements", Row: 2, Agreement: got}, nil)
		}, false)
		if err != nil || res.Unchanged != 1 || res.OrganizationsCreated != 0 {
			t.Errorf("member B's re-import: %+v, %v", res, err)
		}
		after, _ := agrs.FindAgreementByID(f.system, agr.ID)
		if len(after.Partners) != 2 || after.Partners[0].OrganizationID != secret.ID || after.Partners[0].Role != "lead" {
			t.Errorf("after member B's edit and import: %+v", after.Partners)
		}
	})
}
