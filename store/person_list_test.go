package store_test

import (
	"testing"

	"passerelle"
	"passerelle/store"
)

// TestFindPeopleAffiliations: a page of people carries each one's organisations, as a
// contact list shows them, without those the reader may not see (another member's
// private organisation): its name would tell what that member keeps to itself.
func TestFindPeopleAffiliations(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		f := newMeetingFixture(t, db)
		people := store.NewPersonService(db)
		must(t, people.CreateAffiliation(f.alice, &passerelle.Affiliation{PersonID: f.person.ID, OrganizationID: f.org.ID, Role: "CEO"}))
		must(t, people.CreateAffiliation(f.alice, &passerelle.Affiliation{PersonID: f.person.ID, OrganizationID: f.privOrg.ID, Role: "Adviser"}))
		lone := &passerelle.Person{FirstName: "Lone", LastName: "Without"}
		must(t, people.CreatePerson(f.alice, lone))
		for _, c := range []struct {
			who  string
			want []string
		}{
			{"alice", []string{"CEO Novo Shared", "Adviser Alpha Prospect"}},
			{"bob", []string{"CEO Novo Shared"}},
		} {
			ctx := f.alice
			if c.who == "bob" {
				ctx = f.bob
			}
			ps, _, err := people.FindPeople(ctx, passerelle.PersonFilter{Limit: 10})
			must(t, err)
			got := map[string][]string{}
			for _, p := range ps {
				for _, af := range p.Affiliations {
					if af.PersonID != p.ID {
						t.Errorf("%s: %s has another's affiliation %+v", c.who, p.Name(), af)
					}
					got[p.Name()] = append(got[p.Name()], af.Role+" "+af.OrganizationName)
				}
			}
			if len(got["Ada Lovelace"]) != len(c.want) || len(got["Lone Without"]) != 0 {
				t.Fatalf("%s reads %v, want Ada Lovelace at %v", c.who, got, c.want)
			}
			for _, w := range c.want {
				found := false
				for _, g := range got["Ada Lovelace"] {
					found = found || g == w
				}
				if !found {
					t.Errorf("%s reads %v, want %q", c.who, got, w)
				}
			}
		}
	})
}
