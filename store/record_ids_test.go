package store_test

import (
	"testing"

	"passerelle"
	"passerelle/store"
)

// TestNewRecordsDoNotInheritHistory: the newest person or organisation goes (deleted,
// or merged into another), and the next one created must not take its id, or it would
// inherit its history (its audit entries, shown on its page and in a subject-access
// answer, and erased with it). SQLite gives a new row the largest id plus one, which was
// the gone record's.
func TestNewRecordsDoNotInheritHistory(t *testing.T) {
	for _, tc := range []struct {
		name   string
		entity string
		// gone makes a record the newest of its table, makes it go, and returns its id.
		gone func(t *testing.T, f *fixture, db *store.DB) int64
		// create makes the next record and returns its id.
		create func(t *testing.T, f *fixture, db *store.DB) int64
	}{
		{"person deleted", "person", func(t *testing.T, f *fixture, db *store.DB) int64 {
			p := &passerelle.Person{FirstName: "Zeb", LastName: "Deleted", Notes: "his private story"}
			must(t, store.NewPersonService(db).CreatePerson(f.bob, p))
			must(t, store.NewPersonService(db).DeletePerson(f.bob, p.ID))
			return p.ID
		}, newPerson},
		{"person merged away", "person", func(t *testing.T, f *fixture, db *store.DB) int64 {
			people := store.NewPersonService(db)
			kept := &passerelle.Person{FirstName: "Zebulon", LastName: "Kept"}
			gone := &passerelle.Person{FirstName: "Zeb", LastName: "Kept", Notes: "his private story"}
			must(t, people.CreatePerson(f.bob, kept))
			must(t, people.CreatePerson(f.bob, gone))
			_, err := people.MergePeople(f.bob, kept.ID, gone.ID)
			must(t, err)
			return gone.ID
		}, newPerson},
		{"person merged away, then a contact list imported", "person", func(t *testing.T, f *fixture, db *store.DB) int64 {
			people := store.NewPersonService(db)
			kept := &passerelle.Person{FirstName: "Zebulon", LastName: "Kept"}
			gone := &passerelle.Person{FirstName: "Zeb", LastName: "Kept", Notes: "his private story"}
			must(t, people.CreatePerson(f.bob, kept))
			must(t, people.CreatePerson(f.bob, gone))
			_, err := people.MergePeople(f.bob, kept.ID, gone.ID)
			must(t, err)
			return gone.ID
		}, importPerson},
		{"organisation deleted", "organization", func(t *testing.T, f *fixture, db *store.DB) int64 {
			o := &passerelle.Organization{Name: "Deleted Lab", Country: "FR", Description: "its private story"}
			must(t, store.NewOrganizationService(db).CreateOrganization(f.system, o))
			must(t, store.NewOrganizationService(db).DeleteOrganization(f.system, o.ID))
			return o.ID
		}, func(t *testing.T, f *fixture, db *store.DB) int64 {
			o := &passerelle.Organization{Name: "Brand New Lab", Country: "FR"}
			must(t, store.NewOrganizationService(db).CreateOrganization(f.system, o))
			return o.ID
		}},
		{"organisation deleted, then the registry imported", "organization", func(t *testing.T, f *fixture, db *store.DB) int64 {
			o := &passerelle.Organization{Name: "Deleted Lab", Country: "FR", Description: "its private story"}
			must(t, store.NewOrganizationService(db).CreateOrganization(f.system, o))
			must(t, store.NewOrganizationService(db).DeleteOrganization(f.system, o.ID))
			return o.ID
		}, func(t *testing.T, f *fixture, db *store.DB) int64 {
			items := func(yield func(*passerelle.OrgImportItem, error) bool) {
				yield(&passerelle.OrgImportItem{Line: 1, Organization: &passerelle.Organization{Name: "Registry Lab", Country: "FR", RORID: "https://ror.org/04xyz1234"}}, nil)
			}
			orgs := store.NewOrganizationService(db)
			_, err := orgs.ImportOrganizations(f.system, items, false)
			must(t, err)
			found, _, err := orgs.FindOrganizations(f.system, passerelle.OrganizationFilter{Query: "Registry Lab", Limit: 1})
			must(t, err)
			if len(found) != 1 {
				t.Fatalf("the imported organisation is not found")
			}
			return found[0].ID
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			eachDB(t, func(t *testing.T, db *store.DB) {
				f := newFixture(t, db)
				old := tc.gone(t, f, db)
				id := tc.create(t, f, db)
				if id == old {
					t.Errorf("the new record took the id %d of the one that went", id)
				}
				h, err := store.NewAuditService(db).FindAuditEntries(f.system, passerelle.AuditFilter{Entity: tc.entity, EntityID: id, Limit: 100})
				must(t, err)
				for _, e := range h {
					if e.Action != "create" && e.Action != "import" {
						t.Errorf("the new record's history holds %s %q", e.Action, e.Summary)
					}
				}
			})
		})
	}
}

func newPerson(t *testing.T, f *fixture, db *store.DB) int64 {
	p := &passerelle.Person{FirstName: "Brand", LastName: "Newperson"}
	must(t, store.NewPersonService(db).CreatePerson(f.bob, p))
	return p.ID
}

func importPerson(t *testing.T, f *fixture, db *store.DB) int64 {
	rows := []passerelle.PersonRow{{Line: 2, Person: &passerelle.Person{FirstName: "Imported", LastName: "Newcomer"}}}
	rep, err := store.NewPersonService(db).ImportPersonRows(f.bob, rows, passerelle.PersonImportOptions{})
	must(t, err)
	if len(rep.Rows) != 1 || rep.Rows[0].ID == 0 {
		t.Fatalf("import: %+v", rep)
	}
	return rep.Rows[0].ID
}
