package store_test

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"

	"passerelle"
	"passerelle/store"
)

// agreementOrgs creates the partner organisations of the seed 002 record.
func agreementOrgs(t *testing.T, ctx context.Context, db *store.DB) (poitiers, santaFe, kansai *passerelle.Organization) {
	t.Helper()
	orgs := store.NewOrganizationService(db)
	poitiers = &passerelle.Organization{Name: "Grand Poitiers", Kind: passerelle.KindLocalAuthority, Country: "FR"}
	santaFe = &passerelle.Organization{Name: "Ville de Santa Fe", Kind: passerelle.KindLocalAuthority, Country: "AR"}
	kansai = &passerelle.Organization{Name: "Kansai Bio Promotion Council", Kind: passerelle.KindNetwork, Country: "JP"}
	for _, o := range []*passerelle.Organization{poitiers, santaFe, kansai} {
		if err := orgs.CreateOrganization(ctx, o); err != nil {
			t.Fatal(err)
		}
	}
	return poitiers, santaFe, kansai
}

func seed002(poitiers, santaFe int64) *passerelle.Agreement {
	water := int64(0)
	return &passerelle.Agreement{
		Title: "Coopération décentralisée dans le domaine des biotechnologies liées à la santé", Type: passerelle.TypeDecentralisedCooperation,
		SignedYear: 2013, StartDate: "2013", EndDate: "2015-01-31", Status: passerelle.StatusEnded,
		Theme: "economy.attractiveness.clusters", OtherThemes: []passerelle.AgreementTheme{{Code: "health.biotech", Priority: 1}},
		Context: "La santé publique est au cœur des enjeux sociétaux.", Objectives: "- une coopération inter-entreprises",
		Form: "Projet de coopération décentralisée",
		Partners: []passerelle.AgreementPartner{{OrganizationID: santaFe, Side: passerelle.SideForeign},
			{OrganizationID: poitiers, Side: passerelle.SideFrench}},
		Contacts: []passerelle.AgreementContact{{FirstName: "Eric", LastName: "Bourland", Role: "Correspondant coopération décentralisée",
			Email: "eric.bourland@diplomatie.gouv.fr", Kind: "embassy", Organization: "Ambassade de France à Buenos Aires"}},
		Funding: []passerelle.FundingLine{
			{Funder: "Ministère de l'Europe et des Affaires étrangères", AmountCents: 1051500, Year: 2013},
			{Funder: "Grand Poitiers", Amount: "10515", WaterCents: &water, Year: 2013},
			{Funder: "Ville de Santa Fe", AmountCents: 2103000, Year: 2013}},
		Phases: []passerelle.Phase{{Title: "Phase 1 : travail exploratoire"}, {Title: "Phase 2 : séminaire à Santa Fe",
			Actions: []passerelle.Action{{Title: "Séminaire", StartDate: "2014-03", Status: passerelle.ActionDone}}}},
		Notes: "private working note",
	}
}

func TestAgreementLifecycle(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		svc := store.NewAgreementService(db)
		poitiers, santaFe, _ := agreementOrgs(t, f.alice, db)
		a := seed002(poitiers.ID, santaFe.ID)
		if err := svc.CreateAgreement(f.alice, a); err != nil {
			t.Fatal(err)
		}
		got, err := svc.FindAgreementByID(f.bob, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		_, byYear, total := got.FundingTotals()
		if total != 4206000 || len(byYear) != 1 || byYear[0].Key != "2013" {
			t.Errorf("funding total %d by year %v, want 4206000 in 2013", total, byYear)
		}
		if got.Funding[1].WaterCents == nil || *got.Funding[1].WaterCents != 0 || got.Funding[0].WaterCents != nil || got.Funding[1].Amount != "10515" {
			t.Errorf("funding lines %+v", got.Funding)
		}
		if got.Partners[0].Name != "Ville de Santa Fe" || got.Partners[0].Country != "AR" || got.Partners[1].Side != passerelle.SideFrench {
			t.Errorf("partners %+v", got.Partners)
		}
		if len(got.Phases) != 2 || len(got.Phases[1].Actions) != 1 || got.Phases[1].Actions[0].Status != passerelle.ActionDone {
			t.Errorf("phases %+v", got.Phases)
		}
		if got.CurrentStatus != passerelle.StatusEnded || got.Contacts[0].Email == "" || !slices.Equal([]string{got.OtherThemes[0].Code}, []string{"health.biotech"}) {
			t.Errorf("read back %+v", got)
		}
		if pub := got.Public(); pub.Notes != "" || pub.Contacts[0].Email != "" {
			t.Errorf("public view leaks private fields: %+v", pub)
		}
		got.EndDate = "2016"
		got.Status = ""
		if err := svc.UpdateAgreement(f.bob, got); err != nil {
			t.Fatal(err)
		}
		entries, err := store.NewAuditService(db).FindAuditEntries(f.alice, passerelle.AuditFilter{Entity: "agreement", EntityID: a.ID})
		if err != nil {
			t.Fatal(err)
		}
		if len(entries) != 2 || entries[0].Changes["end_date"].New != "2016" {
			t.Fatalf("audit entries %+v", entries)
		}
		if err := svc.UpdateAgreement(f.bob, got); err != nil {
			t.Fatal(err)
		}
		if entries, _ := store.NewAuditService(db).FindAuditEntries(f.alice, passerelle.AuditFilter{Entity: "agreement", EntityID: a.ID}); len(entries) != 2 {
			t.Errorf("no-op update wrote an audit entry")
		}
		if err := svc.UpdateAgreement(f.viewer, got); passerelle.ErrorCode(err) != passerelle.EFORBIDDEN {
			t.Errorf("viewer update: %v", err)
		}
		if err := svc.DeleteAgreement(f.alice, a.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.FindAgreementByID(f.alice, a.ID); passerelle.ErrorCode(err) != passerelle.ENOTFOUND {
			t.Errorf("after delete: %v", err)
		}
	})
}

func TestAgreementVisibility(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		svc := store.NewAgreementService(db)
		poitiers, santaFe, _ := agreementOrgs(t, f.system, db)
		a := seed002(poitiers.ID, santaFe.ID)
		a.Visibility = passerelle.VisibilityPrivate
		if err := svc.CreateAgreement(f.alice, a); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.FindAgreementByID(f.bob, a.ID); passerelle.ErrorCode(err) != passerelle.ENOTFOUND {
			t.Errorf("bob sees alice's private agreement: %v", err)
		}
		if _, n, _ := svc.FindAgreements(f.bob, passerelle.AgreementFilter{}); n != 0 {
			t.Errorf("bob lists %d agreements", n)
		}
		if fc, _ := svc.FacetAgreements(f.bob, passerelle.AgreementFilter{}); fc.Total != 0 || len(fc.Countries) != 0 {
			t.Errorf("bob's facets count a private agreement: %+v", fc)
		}
		if _, n, _ := svc.FindAgreements(f.otherSystem, passerelle.AgreementFilter{}); n != 0 {
			t.Errorf("another workspace lists %d agreements", n)
		}
		if _, n, _ := svc.FindAgreements(f.alice, passerelle.AgreementFilter{}); n != 1 {
			t.Errorf("alice lists %d agreements", n)
		}
		a.Published = true
		if err := svc.UpdateAgreement(f.alice, a); passerelle.ErrorFields(err)["published"] == "" {
			t.Errorf("publishing a private agreement: %v", err)
		}
	})
}

func TestAgreementValidation(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		svc := store.NewAgreementService(db)
		poitiers, santaFe, _ := agreementOrgs(t, f.system, db)
		for _, tc := range []struct {
			name  string
			edit  func(a *passerelle.Agreement)
			field string
		}{
			{"no title", func(a *passerelle.Agreement) { a.Title = " " }, "title"},
			{"end before start", func(a *passerelle.Agreement) { a.StartDate, a.EndDate = "2014-05-01", "2013" }, "end_date"},
			{"bad date", func(a *passerelle.Agreement) { a.StartDate = "31/01/2015" }, "start_date"},
			{"negative amount", func(a *passerelle.Agreement) { a.Funding[2].AmountCents = -5 }, "funding[2].amount"},
			{"bad amount", func(a *passerelle.Agreement) { a.Funding[0].AmountCents, a.Funding[0].Amount = 0, "ten" }, "funding[0].amount"},
			{"unknown theme", func(a *passerelle.Agreement) { a.Theme = "economy.nope" }, "theme"},
			{"unknown other theme", func(a *passerelle.Agreement) { a.OtherThemes[0].Code = "nope" }, "other_themes[0].code"},
			{"unknown country", func(a *passerelle.Agreement) { a.Partners[0].Country = "XX" }, "partners[0].country"},
			{"unknown partner", func(a *passerelle.Agreement) { a.Partners[0].OrganizationID = 999999 }, "partners[0].organization_id"},
			{"bad status", func(a *passerelle.Agreement) { a.Status = "dormant" }, "status"},
			{"bad type", func(a *passerelle.Agreement) { a.Type = "treaty" }, "type"},
			{"action ends before it starts", func(a *passerelle.Agreement) { a.Phases[1].Actions[0].EndDate = "2014-01" }, "phases[1].actions[0].end_date"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				a := seed002(poitiers.ID, santaFe.ID)
				tc.edit(a)
				err := svc.CreateAgreement(f.alice, a)
				if passerelle.ErrorCode(err) != passerelle.EINVALID || passerelle.ErrorFields(err)[tc.field] == "" {
					t.Errorf("got %v, want an invalid %s", err, tc.field)
				}
			})
		}
	})
}

func TestAgreementFacetsAndSearch(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		svc := store.NewAgreementService(db)
		poitiers, santaFe, kansai := agreementOrgs(t, f.system, db)
		a := seed002(poitiers.ID, santaFe.ID)
		b := &passerelle.Agreement{Title: "LifeScience Corridor France – Kansai Bio Promotion Council", Type: passerelle.TypeMemorandum,
			SignedDate: "2008-02-04", StartDate: "2008", EndDate: "2010", Theme: "economy.attractiveness.clusters",
			Partners: []passerelle.AgreementPartner{{OrganizationID: kansai.ID, Side: passerelle.SideForeign}},
			Phases:   []passerelle.Phase{{Title: "Programme 2008–2010", Actions: []passerelle.Action{{Title: "Bio-Japan 2008", StartDate: "2008-10-15", EndDate: "2008-10-17"}}}}}
		c := &passerelle.Agreement{Title: "Soft landing Genopole – Research Triangle Park", Type: passerelle.TypeSoftLanding, StartDate: "2099",
			Theme: "health.biotech", Published: true, Funding: []passerelle.FundingLine{{Funder: "Genopole", AmountCents: 100}}}
		for _, x := range []*passerelle.Agreement{a, b, c} {
			if err := svc.CreateAgreement(f.alice, x); err != nil {
				t.Fatal(err)
			}
		}
		fc, err := svc.FacetAgreements(f.bob, passerelle.AgreementFilter{})
		if err != nil {
			t.Fatal(err)
		}
		count := func(list []passerelle.FacetCount, v string) int {
			for _, c := range list {
				if c.Value == v {
					return c.Count
				}
			}
			return 0
		}
		if fc.Total != 3 || fc.FundingCents != 4206100 {
			t.Errorf("total %d funding %d", fc.Total, fc.FundingCents)
		}
		for _, tc := range []struct {
			facet string
			list  []passerelle.FacetCount
			value string
			want  int
		}{
			{"country AR", fc.Countries, "AR", 1}, {"country FR (French side only)", fc.Countries, "FR", 0}, {"country JP", fc.Countries, "JP", 1},
			{"region Americas", fc.Regions, "019", 1}, {"region Asia", fc.Regions, "142", 1},
			{"theme level 1", fc.Themes, "economy", 2}, {"theme level 3", fc.Themes, "economy.attractiveness.clusters", 2},
			{"theme health", fc.Themes, "health", 2}, {"status ended", fc.Statuses, "ended", 2}, {"status planned", fc.Statuses, "planned", 1},
			{"year 2013", fc.Years, "2013", 1}, {"year 2008", fc.Years, "2008", 1}, {"type", fc.Types, "soft_landing", 1},
			{"partner", fc.Partners, itoa(santaFe.ID), 1},
		} {
			if got := count(tc.list, tc.value); got != tc.want {
				t.Errorf("%s: %d, want %d (%+v)", tc.facet, got, tc.want, tc.list)
			}
		}
		for _, c := range fc.Countries {
			if c.Value == "AR" && c.AmountCents != 4206000 {
				t.Errorf("funding in AR: %d", c.AmountCents)
			}
		}
		// A facet keeps its other values in view when it filters.
		fc, err = svc.FacetAgreements(f.bob, passerelle.AgreementFilter{Country: "AR"})
		if err != nil {
			t.Fatal(err)
		}
		if fc.Total != 1 || count(fc.Countries, "JP") != 1 || count(fc.Years, "2008") != 0 {
			t.Errorf("filtered facets %+v", fc)
		}
		for _, tc := range []struct {
			name string
			f    passerelle.AgreementFilter
			want []int64
		}{
			{"french text without accents", passerelle.AgreementFilter{Query: "cooperation decentralisee biotech"}, []int64{a.ID}},
			{"english theme label", passerelle.AgreementFilter{Query: "competitiveness clusters"}, []int64{b.ID, a.ID}},
			{"action title", passerelle.AgreementFilter{Query: "bio-japan"}, []int64{b.ID}},
			{"country name in French", passerelle.AgreementFilter{Query: "japon"}, []int64{b.ID}},
			{"type name in French, from the catalogue", passerelle.AgreementFilter{Query: "protocole d'accord"}, []int64{b.ID}},
			{"type name in English, from the catalogue", passerelle.AgreementFilter{Query: "memorandum of understanding"}, []int64{b.ID}},
			{"contact", passerelle.AgreementFilter{Query: "bourland"}, []int64{a.ID}},
			{"region", passerelle.AgreementFilter{Region: "005"}, []int64{a.ID}},
			{"theme and status", passerelle.AgreementFilter{Theme: "economy", Status: passerelle.StatusEnded, Year: 2008}, []int64{b.ID}},
			{"partner", passerelle.AgreementFilter{PartnerID: poitiers.ID}, []int64{a.ID}},
			{"published", passerelle.AgreementFilter{PublishedOnly: true}, []int64{c.ID}},
			{"text and facet", passerelle.AgreementFilter{Query: "santa", Country: "JP"}, nil},
		} {
			t.Run(tc.name, func(t *testing.T) {
				got, n, err := svc.FindAgreements(f.bob, tc.f)
				if err != nil {
					t.Fatal(err)
				}
				var ids []int64
				for _, x := range got {
					ids = append(ids, x.ID)
				}
				slices.Sort(ids)
				want := slices.Clone(tc.want)
				slices.Sort(want)
				if !slices.Equal(ids, want) || n != len(want) {
					t.Errorf("got %v (%d), want %v", ids, n, want)
				}
			})
		}
	})
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func formatInt(n int64) string { return strconv.FormatInt(n, 10) }

// TestAgreementImportMatchesByEngine: a partner written otherwise than the shared
// record ("KANSAI BIO PROMOTION COUNCIL INC.", "Ville de Santa-Fé (Argentina)") is that record; a
// member's private record and another workspace's are never guessed.
func TestAgreementImportMatchesByEngine(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		svc := store.NewAgreementService(db)
		_, santaFe, kansai := agreementOrgs(t, f.system, db)
		orgs := store.NewOrganizationService(db)
		private := &passerelle.Organization{Name: "Rosario Private Lab", Kind: passerelle.KindCompany, Country: "AR",
			Visibility: passerelle.VisibilityPrivate}
		must(t, orgs.CreateOrganization(f.alice, private))
		elsewhere := &passerelle.Organization{Name: "Cordoba Elsewhere Agency", Kind: passerelle.KindCompany, Country: "AR"}
		must(t, orgs.CreateOrganization(f.otherSystem, elsewhere))
		a := seed002(0, 0)
		a.Partners = []passerelle.AgreementPartner{
			{Name: "KANSAI BIO PROMOTION COUNCIL INC.", Country: "JP", Side: passerelle.SideForeign},
			{Name: "Ville de Santa-Fé (Argentina)", Country: "AR", Side: passerelle.SideForeign},
			{Name: "ROSARIO PRIVATE LAB S.A.", Country: "AR", Side: passerelle.SideForeign},
			{Name: "Cordoba Elsewhere Agency S.A.", Country: "AR", Side: passerelle.SideForeign}}
		items := func(yield func(*passerelle.AgreementImportItem, error) bool) {
			yield(&passerelle.AgreementImportItem{Sheet: "agreements", Row: 2, Agreement: a}, nil)
		}
		res, err := svc.ImportAgreements(f.alice, items, false)
		must(t, err)
		if res.Created != 1 || res.OrganizationsMatched != 2 || res.OrganizationsCreated != 2 {
			t.Errorf("result %+v", res)
		}
		list, _, err := svc.FindAgreements(f.alice, passerelle.AgreementFilter{})
		must(t, err)
		if len(list) != 1 {
			t.Fatalf("agreements: %d", len(list))
		}
		ps := list[0].Partners
		if ps[0].OrganizationID != kansai.ID || ps[1].OrganizationID != santaFe.ID {
			t.Errorf("partners %d %d, want %d %d", ps[0].OrganizationID, ps[1].OrganizationID, kansai.ID, santaFe.ID)
		}
		if ps[2].OrganizationID == private.ID || ps[3].OrganizationID == elsewhere.ID {
			t.Errorf("guessed a private or another workspace's record: %+v", ps)
		}
	})
}

func TestAgreementImport(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		svc := store.NewAgreementService(db)
		poitiers, _, _ := agreementOrgs(t, f.system, db)
		item := func(row int, a *passerelle.Agreement) *passerelle.AgreementImportItem {
			rows := map[string]string{"": "agreements:" + formatInt(int64(row))}
			for i := range a.Partners {
				rows["partners["+formatInt(int64(i))+"]"] = "partners:" + formatInt(int64(row*10+i))
			}
			for i := range a.Funding {
				rows["funding["+formatInt(int64(i))+"]"] = "funding:" + formatInt(int64(row*10+i))
			}
			return &passerelle.AgreementImportItem{Sheet: "agreements", Row: row, Rows: rows, Agreement: a}
		}
		good := func() *passerelle.Agreement {
			a := seed002(0, 0)
			a.Partners = []passerelle.AgreementPartner{
				{Name: "Grand Poitiers", Country: "FR", Side: passerelle.SideFrench, OrganizationID: 4242}, // matched by name, id ignored
				{Name: "Santa Fe", Country: "AR", Side: passerelle.SideForeign, Kind: "local_authority"}}   // created
			return a
		}
		bad1 := good()
		bad1.Funding[1].AmountCents, bad1.Funding[1].Amount = -100, ""
		bad2 := good()
		bad2.Title = "Other"
		bad2.Partners[1].Country = "QQ"
		bad2.Theme = "nope"
		items := func(yield func(*passerelle.AgreementImportItem, error) bool) {
			_ = yield(item(2, good()), nil) && yield(item(3, bad1), nil) && yield(item(4, bad2), nil)
		}
		res, err := svc.ImportAgreements(f.system, items, false)
		if passerelle.ErrorCode(err) != passerelle.EINVALID {
			t.Fatalf("import with bad rows: %v", err)
		}
		var got []string
		for _, p := range res.Problems {
			got = append(got, p.String())
		}
		want := []string{"line 4: agreements.theme: unknown theme \"nope\"", "line 31: funding.amount: must not be negative",
			"line 41: partners.country: unknown country code \"QQ\" (use ISO 3166-1 alpha-2, e.g. AR)"}
		if !slices.Equal(got, want) {
			t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		if _, n, _ := svc.FindAgreements(f.system, passerelle.AgreementFilter{}); n != 0 {
			t.Fatalf("a failed import left %d agreements", n)
		}
		res, err = svc.ImportAgreements(f.system, items, true)
		if err != nil {
			t.Fatal(err)
		}
		if res.Created != 1 || res.Skipped != 2 || res.OrganizationsCreated != 1 || res.OrganizationsMatched != 1 {
			t.Errorf("result %+v", res)
		}
		list, _, _ := svc.FindAgreements(f.system, passerelle.AgreementFilter{})
		if len(list) != 1 || list[0].Partners[0].OrganizationID != poitiers.ID || list[0].Partners[1].Name != "Santa Fe" {
			t.Fatalf("imported %+v", list)
		}
		// Again: the same title and year update the agreement in place.
		one := func(yield func(*passerelle.AgreementImportItem, error) bool) { yield(item(2, good()), nil) }
		res, err = svc.ImportAgreements(f.system, one, false)
		if err != nil || res.Unchanged != 1 || res.OrganizationsCreated != 0 {
			t.Errorf("re-import: %+v, %v", res, err)
		}
	})
}

// A contact's link to the contact book (person_id) must name a person the user may
// read: another member's private person, another workspace's and an unknown id are the
// same "no such person" on the contact's field. A link the agreement already has stays,
// even for a user who may not read the person, so that such a user can still save it.
func TestAgreementContactPerson(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		svc := store.NewAgreementService(db)
		people := store.NewPersonService(db)
		poitiers, santaFe, _ := agreementOrgs(t, f.system, db)
		secret := &passerelle.Person{FirstName: "Alice", LastName: "Secret", Visibility: passerelle.VisibilityPrivate}
		shared := &passerelle.Person{FirstName: "Sam", LastName: "Shared"}
		foreign := &passerelle.Person{FirstName: "Olga", LastName: "Other"}
		for _, c := range []struct {
			ctx context.Context
			p   *passerelle.Person
		}{{f.alice, secret}, {f.alice, shared}, {f.otherSystem, foreign}} {
			if err := people.CreatePerson(c.ctx, c.p); err != nil {
				t.Fatal(err)
			}
		}
		withContact := func(personID int64) *passerelle.Agreement {
			a := seed002(poitiers.ID, santaFe.ID)
			a.Contacts = append(a.Contacts, passerelle.AgreementContact{PersonID: personID, LastName: "Someone"})
			return a
		}
		for _, tc := range []struct {
			name string
			id   int64
		}{{"another member's private person", secret.ID}, {"another workspace's person", foreign.ID}, {"no person", 999999}} {
			err := svc.CreateAgreement(f.bob, withContact(tc.id))
			if passerelle.ErrorCode(err) != passerelle.EINVALID || passerelle.ErrorFields(err)["contacts[1].person_id"] != "no such person" {
				t.Errorf("create naming %s: %v", tc.name, err)
			}
		}
		// Alice links her private person; Bob edits the agreement and keeps the link,
		// but cannot put another person he may not read in its place.
		a := withContact(secret.ID)
		if err := svc.CreateAgreement(f.alice, a); err != nil {
			t.Fatal(err)
		}
		got, err := svc.FindAgreementByID(f.bob, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		got.Notes = "edited by Bob"
		if err := svc.UpdateAgreement(f.bob, got); err != nil {
			t.Fatalf("bob saves with alice's link kept: %v", err)
		}
		got.Contacts[0].PersonID = foreign.ID
		if err := svc.UpdateAgreement(f.bob, got); passerelle.ErrorFields(err)["contacts[0].person_id"] != "no such person" {
			t.Errorf("update naming another workspace's person: %v", err)
		}
		got.Contacts[0].PersonID = shared.ID
		if err := svc.UpdateAgreement(f.bob, got); err != nil {
			t.Errorf("update naming a shared person: %v", err)
		}
	})
}
