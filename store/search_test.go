package store_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"passerelle"
	"passerelle/store"
)

func TestSearch(t *testing.T) {
	results := map[string][]string{} // dialect -> every query's result names, for comparison
	eachDB(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		orgs := store.NewOrganizationService(db)
		for _, o := range []*passerelle.Organization{
			{Name: "Centre national de la recherche scientifique", Acronyms: []string{"CNRS"}, Country: "FR", Kind: passerelle.KindGovernment,
				Names: []passerelle.LocalizedName{{Lang: "en", Value: "French National Centre for Scientific Research"}}},
			{Name: "Sociétés, Acteurs et Territoires", Country: "FR", Kind: passerelle.KindResearchInstitute, Themes: []string{"economy.attractiveness.clusters"}},
			{Name: "Commissariat à l'Énergie Atomique et aux Énergies Alternatives", Acronyms: []string{"CEA"}, Country: "FR"},
			{Name: "Massachusetts Institute of Technology", Acronyms: []string{"MIT"}, Country: "US", Kind: passerelle.KindUniversity},
			{Name: "Mitsubishi Tanabe Pharma", Country: "JP", Kind: passerelle.KindCompany, Aliases: []string{"MTPC"}},
			{Name: "Københavns Universitet", Country: "DK", Kind: passerelle.KindUniversity, Names: []passerelle.LocalizedName{{Lang: "en", Value: "University of Copenhagen"}}},
		} {
			if err := orgs.CreateOrganization(f.alice, o); err != nil {
				t.Fatal(err)
			}
		}
		people := store.NewPersonService(db)
		if err := people.CreatePerson(f.alice, &passerelle.Person{FirstName: "Hélène", LastName: "Østergaard", Topics: []string{"vaccins"}}); err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			query  string
			filter passerelle.OrganizationFilter
			first  string // expected first result, "" for none
			n      int
		}{
			{query: "cnrs", first: "Centre national de la recherche scientifique", n: 1},
			{query: "CNRS", first: "Centre national de la recherche scientifique", n: 1},
			{query: "scientific research", first: "Centre national de la recherche scientifique", n: 1},
			{query: "societes acteurs", first: "Sociétés, Acteurs et Territoires", n: 1},
			{query: "SOCIÉTÉ", first: "Sociétés, Acteurs et Territoires", n: 1},
			{query: "energie atom", first: "Commissariat à l'Énergie Atomique et aux Énergies Alternatives", n: 1},
			{query: "mit", first: "Massachusetts Institute of Technology", n: 2}, // exact acronym before the prefix match
			{query: "mtpc", first: "Mitsubishi Tanabe Pharma", n: 1},
			{query: "kobenhavn", first: "Københavns Universitet", n: 1},
			{query: "copenh", first: "Københavns Universitet", n: 1},
			{query: "univ", filter: passerelle.OrganizationFilter{Country: "DK"}, first: "Københavns Universitet", n: 1},
			{query: "", filter: passerelle.OrganizationFilter{Kind: passerelle.KindUniversity}, first: "Københavns Universitet", n: 2},
			{query: "", filter: passerelle.OrganizationFilter{Theme: "economy"}, first: "Sociétés, Acteurs et Territoires", n: 1},
			{query: "nothing like this", n: 0},
			{query: "!!!", first: "", n: 6}, // no words: no text filter
		} {
			t.Run(tc.query, func(t *testing.T) {
				fl := tc.filter
				fl.Query = tc.query
				got, n, err := orgs.FindOrganizations(f.bob, fl)
				if err != nil {
					t.Fatal(err)
				}
				names := make([]string, len(got))
				for i, o := range got {
					names[i] = o.Name
				}
				results[db.DialectName()] = append(results[db.DialectName()], fmt.Sprintf("%s=%s", tc.query, strings.Join(names, "|")))
				if n != tc.n || len(got) != tc.n {
					t.Fatalf("%d results (total %d), want %d: %v", len(got), n, tc.n, names)
				}
				if tc.first != "" && names[0] != tc.first {
					t.Errorf("first %q, want %q (all: %v)", names[0], tc.first, names)
				}
			})
		}
		hits, err := store.NewSearchService(db).Search(f.bob, "ostergaard", 10)
		if err != nil || len(hits) != 1 || hits[0].Type != "person" {
			t.Errorf("person search: %v %+v", err, hits)
		}
		// Another workspace's search sees nothing of this one.
		if hits, _ := store.NewSearchService(db).Search(f.otherSystem, "cnrs", 10); len(hits) != 0 {
			t.Errorf("other workspace finds %v", hits)
		}
	})
	if a, b := results["sqlite"], results["postgres"]; b != nil && !slices.Equal(a, b) {
		t.Errorf("dialects differ:\nsqlite   %v\npostgres %v", a, b)
	}
}
