package store_test

import (
	"fmt"
	"testing"

	"passerelle"
	"passerelle/store"
)

// TestEachDirectoryRecordOnce: the directory's exports walk organisations and people by
// keyset, so that a record created or deleted while an export runs moves no other one
// across a page: by offset, a name created before the page read next wrote that page's
// first record twice, and a record deleted made one skipped. Each record the walk
// started with is written once, another member's private ones never.
func TestEachDirectoryRecordOnce(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		n := newKPINetwork(t, db)
		orgs, people := store.NewOrganizationService(db), store.NewPersonService(db)
		for i := range 5 {
			must(t, orgs.CreateOrganization(n.sys, &passerelle.Organization{Name: fmt.Sprintf("Walk %d GmbH", i), Kind: passerelle.KindCompany}))
			must(t, people.CreatePerson(n.sys, &passerelle.Person{FirstName: "Anna", LastName: fmt.Sprintf("Walk%d", i)}))
		}
		must(t, people.CreatePerson(n.alice, &passerelle.Person{FirstName: "Alice's", LastName: "Private", Visibility: passerelle.VisibilityPrivate}))
		before, total, err := orgs.FindOrganizations(n.bob, passerelle.OrganizationFilter{Limit: 1000})
		must(t, err)
		seen, batches := map[int64]int{}, 0
		must(t, orgs.EachOrganization(n.bob, 2, func(list []*passerelle.Organization) error {
			for _, o := range list {
				seen[o.ID]++
			}
			if batches++; batches == 1 { // a name sorted first, created meanwhile
				return orgs.CreateOrganization(n.sys, &passerelle.Organization{Name: "Aaa Created Meanwhile", Kind: passerelle.KindCompany})
			}
			return nil
		}))
		for _, o := range before {
			if seen[o.ID] != 1 {
				t.Errorf("organisation %s written %d times", o.Name, seen[o.ID])
			}
		}
		if len(seen) != total || batches < 3 {
			t.Errorf("%d organisations written in %d batches, want the %d there were", len(seen), batches, total)
		}

		ps, total, err := people.FindPeople(n.bob, passerelle.PersonFilter{Limit: 1000})
		must(t, err)
		seen, batches = map[int64]int{}, 0
		must(t, people.EachPerson(n.bob, 2, func(list []*passerelle.Person) error {
			for _, p := range list {
				seen[p.ID]++
				if p.LastName == "Private" {
					t.Error("bob's export holds alice's private person")
				}
			}
			if batches++; batches == 1 {
				return people.CreatePerson(n.sys, &passerelle.Person{FirstName: "Aaron", LastName: "Aaa"})
			}
			return nil
		}))
		for _, p := range ps {
			if seen[p.ID] != 1 {
				t.Errorf("person %s written %d times", p.Name(), seen[p.ID])
			}
		}
		if len(seen) != total {
			t.Errorf("%d people written, want the %d there were", len(seen), total)
		}
	})
}
