package store_test

import (
	"errors"
	"sync"
	"testing"

	"passerelle"
	"passerelle/store"
)

func asError(err error, e **passerelle.Error) bool { return errors.As(err, e) }

// TestVersions: every update raises the version; a save based on an older one is
// refused with ESTALE and the current record, and changes nothing.
func TestVersions(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		orgs := store.NewOrganizationService(db)
		o := &passerelle.Organization{Name: "Versioned", Kind: passerelle.KindCompany, Country: "DK"}
		must(t, orgs.CreateOrganization(f.alice, o))
		if o.Version != 1 {
			t.Fatalf("created at version %d", o.Version)
		}
		a, b := *o, *o
		a.City = "Aarhus"
		must(t, orgs.UpdateOrganization(f.alice, &a))
		if a.Version != 2 {
			t.Fatalf("after an update version %d", a.Version)
		}
		b.City = "Odense"
		err := orgs.UpdateOrganization(f.bob, &b)
		var e *passerelle.Error
		if passerelle.ErrorCode(err) != passerelle.ESTALE || !asError(err, &e) {
			t.Fatalf("stale update: %v", err)
		}
		if cur, ok := e.Current.(*passerelle.Organization); !ok || cur.City != "Aarhus" || cur.Version != 2 {
			t.Errorf("current of the stale error: %#v", e.Current)
		}
		got, _ := orgs.FindOrganizationByID(f.alice, o.ID)
		if got.City != "Aarhus" || got.Version != 2 {
			t.Errorf("after a refused update: %s v%d", got.City, got.Version)
		}
		// People likewise.
		people := store.NewPersonService(db)
		p := &passerelle.Person{LastName: "Versioned"}
		must(t, people.CreatePerson(f.alice, p))
		p1, p2 := *p, *p
		p1.Notes = "one"
		must(t, people.UpdatePerson(f.alice, &p1))
		p2.Notes = "two"
		if err := people.UpdatePerson(f.bob, &p2); passerelle.ErrorCode(err) != passerelle.ESTALE {
			t.Errorf("stale person update: %v", err)
		}
	})
}

// TestVersionsConcurrent: many writers save the same organisation from the same version
// at once (as two servers on one PostgreSQL may): exactly one wins, the others are
// refused, none overwrites.
func TestVersionsConcurrent(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		orgs := store.NewOrganizationService(db)
		o := &passerelle.Organization{Name: "Contended", Kind: passerelle.KindCompany, Country: "DK"}
		must(t, orgs.CreateOrganization(f.alice, o))
		const n = 8
		var wg sync.WaitGroup
		errs := make([]error, n)
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				c := *o
				c.City = string(rune('A' + i))
				errs[i] = orgs.UpdateOrganization(f.alice, &c)
			}()
		}
		wg.Wait()
		won := 0
		for _, err := range errs {
			switch passerelle.ErrorCode(err) {
			case "":
				won++
			case passerelle.ESTALE:
			default:
				t.Errorf("update: %v", err)
			}
		}
		got, _ := orgs.FindOrganizationByID(f.alice, o.ID)
		if won != 1 || got.Version != 2 {
			t.Errorf("%d of %d concurrent saves of version 1 won; version now %d", won, n, got.Version)
		}
	})
}
