package store_test

import (
	"context"
	"database/sql"
	"strings"
	"testing"
	"time"

	"passerelle"
	"passerelle/store"
)

// TestErasureLeavesNoTrace erases a person after each way the contact book keeps a copy
// of their data elsewhere, then reads every text column of every table: neither the
// name, an e-mail, a phone nor a note of theirs may remain anywhere.
func TestErasureLeavesNoTrace(t *testing.T) {
	marks := []string{"Quaxworth", "zq@quax.example", "zeb@quax.example", "+33 6 11 22 33 44", "+33 6 99 88 77 66", "likes cheese", "second record"}
	type world struct {
		people *store.PersonService
		orgs   *store.OrganizationService
		agrs   *store.AgreementService
		org    *passerelle.Organization
		db     *store.DB
	}
	for _, tc := range []struct {
		name string
		// setup makes the person to erase, and whatever else holds their data.
		setup func(t *testing.T, f *fixture, w world) int64
	}{
		{"a duplicate merged into them", func(t *testing.T, f *fixture, w world) int64 {
			kept := &passerelle.Person{FirstName: "Zebulon", LastName: "Quaxworth", Emails: []string{"zq@quax.example"}, Phones: []string{"+33 6 11 22 33 44"}, Notes: "likes cheese"}
			gone := &passerelle.Person{FirstName: "Zeb", LastName: "Quaxworth", Emails: []string{"zeb@quax.example"}, Phones: []string{"+33 6 99 88 77 66"}, Notes: "second record"}
			must(t, w.people.CreatePerson(f.bob, kept))
			must(t, w.people.CreatePerson(f.bob, gone))
			must(t, w.people.CreateAffiliation(f.bob, &passerelle.Affiliation{PersonID: gone.ID, OrganizationID: w.org.ID, Role: "Quaxworth's deputy"}))
			must(t, w.people.SetMemberNote(f.bob, gone.ID, "Zeb Quaxworth owes us a call"))
			_, err := w.people.MergePeople(f.bob, kept.ID, gone.ID)
			must(t, err)
			return kept.ID
		}},
		{"an agreement naming them in the bin", func(t *testing.T, f *fixture, w world) int64 {
			p := &passerelle.Person{FirstName: "Zebulon", LastName: "Quaxworth", Emails: []string{"zq@quax.example"}}
			must(t, w.people.CreatePerson(f.bob, p))
			ag := &passerelle.Agreement{Title: "Binned convention", Partners: []passerelle.AgreementPartner{{OrganizationID: w.org.ID, Side: passerelle.SideForeign}},
				Contacts: []passerelle.AgreementContact{{PersonID: p.ID, FirstName: "Zebulon", LastName: "Quaxworth", Email: "zq@quax.example", Role: "signatory"}}}
			must(t, w.agrs.CreateAgreement(f.bob, ag))
			must(t, w.agrs.DeleteAgreement(f.system, ag.ID))
			return p.ID
		}},
		{"an agreement's history naming them in capitals", func(t *testing.T, f *fixture, w world) int64 {
			p := &passerelle.Person{FirstName: "Zebulon", LastName: "Quaxworth", Emails: []string{"zq@quax.example"}}
			must(t, w.people.CreatePerson(f.bob, p))
			ag := &passerelle.Agreement{Title: "Shouting convention", Partners: []passerelle.AgreementPartner{{OrganizationID: w.org.ID, Side: passerelle.SideForeign}},
				Contacts: []passerelle.AgreementContact{{PersonID: p.ID, FirstName: "ZEBULON", LastName: "QUAXWORTH", Email: "ZQ@QUAX.EXAMPLE", Role: "signatory"}}}
			must(t, w.agrs.CreateAgreement(f.bob, ag))
			return p.ID
		}},
		{"a meeting's title and notes naming them", func(t *testing.T, f *fixture, w world) int64 {
			p := &passerelle.Person{FirstName: "Zebulon", LastName: "Quaxworth", Emails: []string{"zq@quax.example"}, Phones: []string{"+33 6 11 22 33 44"}}
			must(t, w.people.CreatePerson(f.bob, p))
			meetings := store.NewMeetingService(w.db)
			start := time.Date(2026, 11, 10, 12, 0, 0, 0, time.UTC)
			m := &passerelle.Meeting{Title: "Lunch with Quaxworth", Start: start, End: start.Add(time.Hour), PersonIDs: []int64{p.ID},
				Notes: "Zebulon QUAXWORTH: write to zq@quax.example, call +33 6 11 22 33 44"}
			must(t, meetings.CreateMeeting(f.bob, m))
			private := "Quaxworth owes us a call"
			_, err := meetings.SetMeetingNotes(f.bob, m.ID, store.MeetingNotes{Private: &private})
			must(t, err)
			return p.ID
		}},
		{"an opportunity linked to them naming them", func(t *testing.T, f *fixture, w world) int64 {
			p := &passerelle.Person{FirstName: "Zebulon", LastName: "Quaxworth", Emails: []string{"zq@quax.example"}}
			must(t, w.people.CreatePerson(f.bob, p))
			o := &passerelle.Opportunity{Title: "Licence with Quaxworth", OpenedOn: "2026-01-02", PersonIDs: []int64{p.ID},
				Notes: "write to zq@quax.example", NextAction: "call Quaxworth"}
			must(t, store.NewPipelineService(w.db).CreateOpportunity(f.bob, o))
			return p.ID
		}},
		{"an organisation they work for in the bin", func(t *testing.T, f *fixture, w world) int64 {
			p := &passerelle.Person{FirstName: "Zebulon", LastName: "Quaxworth"}
			must(t, w.people.CreatePerson(f.bob, p))
			o := &passerelle.Organization{Name: "Binned Lab", Country: "FR"}
			must(t, w.orgs.CreateOrganization(f.system, o))
			must(t, w.people.CreateAffiliation(f.bob, &passerelle.Affiliation{PersonID: p.ID, OrganizationID: o.ID, Role: "Quaxworth's own lab head"}))
			must(t, w.orgs.DeleteOrganization(f.system, o.ID))
			return p.ID
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			eachDB(t, func(t *testing.T, db *store.DB) {
				f := newFixture(t, db)
				w := world{people: store.NewPersonService(db), orgs: store.NewOrganizationService(db), agrs: store.NewAgreementService(db),
					org: &passerelle.Organization{Name: "Erasure Partner", Country: "DK"}, db: db}
				must(t, w.orgs.CreateOrganization(f.system, w.org))
				id := tc.setup(t, f, w)
				must(t, w.people.ErasePerson(f.system, id))
				for _, trace := range textTraces(t, db, marks) {
					t.Errorf("after the erasure, %s", trace)
				}
				// Nothing erased comes back from the bin either.
				bin := store.NewBinService(db)
				entries, err := bin.FindBin(f.system)
				must(t, err)
				for _, e := range entries {
					if _, err := bin.Restore(f.system, e.ID); err != nil {
						t.Errorf("restore %s %d: %v", e.Entity, e.EntityID, err)
					}
				}
				for _, trace := range textTraces(t, db, marks) {
					t.Errorf("after a restore from the bin, %s", trace)
				}
			})
		})
	}
}

// textTraces reads every text column of every table (but SQLite's full-text index,
// whose blobs hold words, not text) and says where a mark is found, in any case.
func textTraces(t *testing.T, db *store.DB, marks []string) []string {
	t.Helper()
	w := db.Write()
	q := `SELECT m.name, p.name FROM sqlite_master m, pragma_table_info(m.name) p
		WHERE m.type = 'table' AND m.name NOT LIKE '%fts%' AND m.name NOT LIKE 'sqlite%' AND (p.type = 'TEXT' OR p.type = '')`
	if db.Dialect == store.Postgres {
		q = `SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema()
			AND data_type IN ('text', 'character varying', 'json', 'jsonb')`
	}
	rows, err := w.Query(q)
	must(t, err)
	var cols [][2]string
	for rows.Next() {
		var c [2]string
		must(t, rows.Scan(&c[0], &c[1]))
		cols = append(cols, c)
	}
	must(t, rows.Err())
	rows.Close()
	var out []string
	for _, c := range cols {
		for _, m := range marks {
			var n int
			err := w.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM "`+c[0]+`" WHERE LOWER(CAST("`+c[1]+`" AS TEXT)) LIKE $1`, "%"+strings.ToLower(m)+"%").Scan(&n)
			if err != nil && err != sql.ErrNoRows {
				t.Fatalf("%s.%s: %v", c[0], c[1], err)
			}
			if n > 0 {
				out = append(out, c[0]+"."+c[1]+" still holds "+strings.TrimSpace(m))
			}
		}
	}
	return out
}
