package store_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"passerelle"
	"passerelle/match"
	"passerelle/store"
)

// TestPersonKeysFollowWrites: the stored matching keys of a person follow each write of
// their name and emails (create, update, merge, erasure), and a backfill queued by a
// migration writes them again for the people already held.
func TestPersonKeysFollowWrites(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		people := store.NewPersonService(db)
		want := func(p *passerelle.Person) []string {
			if p == nil {
				return nil
			}
			ks := match.PersonStoredKeys(&match.PersonRecord{FirstName: p.FirstName, LastName: p.LastName, Emails: p.Emails})
			slices.Sort(ks)
			return slices.Compact(ks)
		}
		check := func(step string, id int64, p *passerelle.Person) {
			t.Helper()
			got, err := db.PersonKeys(ctx, f.ws.ID, id)
			if err != nil {
				t.Fatal(err)
			}
			if w := want(p); !slices.Equal(got, w) {
				t.Errorf("%s: keys %q, want %q", step, got, w)
			}
		}
		kept := &passerelle.Person{FirstName: "Mette", LastName: "Larsen", Emails: []string{"mette@novo.example"}}
		gone := &passerelle.Person{FirstName: "M.", LastName: "LARSEN", Emails: []string{"ml@gmail.com"}}
		must(t, people.CreatePerson(f.system, kept))
		must(t, people.CreatePerson(f.system, gone))
		check("created", kept.ID, kept)
		if len(want(kept)) < 4 {
			t.Fatalf("keys of %s: %q", kept.Name(), want(kept))
		}
		kept.LastName, kept.Emails = "Larsen-Holm", []string{"mette.holm@novo.example"}
		must(t, people.UpdatePerson(f.system, kept))
		check("renamed", kept.ID, kept)
		if _, err := people.MergePeople(f.system, kept.ID, gone.ID); err != nil {
			t.Fatal(err)
		}
		merged, err := people.FindPersonByID(f.system, kept.ID)
		must(t, err)
		check("kept after the merge", kept.ID, merged)
		check("merged away", gone.ID, nil)
		must(t, people.ErasePerson(f.system, kept.ID))
		check("erased", kept.ID, nil)

		// A database of before the keys: the backfill writes them.
		other := &passerelle.Person{FirstName: "Aiko", LastName: "Tanaka", Emails: []string{"aiko@kansai.example"}}
		must(t, people.CreatePerson(f.system, other))
		for _, q := range []string{`DELETE FROM person_keys`, `INSERT INTO pending_backfills (name) VALUES ('person_keys')`} {
			if _, err := db.Write().ExecContext(ctx, q); err != nil {
				t.Fatal(err)
			}
		}
		check("keys gone", other.ID, nil)
		must(t, db.Migrate(ctx))
		check("backfilled", other.ID, other)
		check("erased, backfilled", kept.ID, nil)
	})
}

// TestPersonCandidatesMatchLikeTheWholeBook: an import reads only the candidates of its
// rows (by stored key and by the rows' organisations); its decisions are those of the
// whole contact book, including for a name too common to be used alone, and another
// member's private person is a candidate for no one else.
func TestPersonCandidatesMatchLikeTheWholeBook(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		people, orgs := store.NewPersonService(db), store.NewOrganizationService(db)
		novo := &passerelle.Organization{Name: "Novo Nordisk", Country: "DK"}
		must(t, orgs.CreateOrganization(f.system, novo))
		must(t, store.GeneratePeople(f.system, db, 1500, 1))
		// More namesakes than match.MaxNamePosting: the bare name says nothing alone.
		var common []*passerelle.Person
		for i := range match.MaxNamePosting + 5 {
			p := &passerelle.Person{FirstName: "Jean", LastName: "Dupont", Emails: []string{fmt.Sprintf("jd%d@lab%d.example", i, i)}}
			must(t, people.CreatePerson(f.system, p))
			common = append(common, p)
		}
		atNovo := &passerelle.Person{FirstName: "Jean", LastName: "Dupont"}
		must(t, people.CreatePerson(f.system, atNovo))
		must(t, people.CreateAffiliation(f.system, &passerelle.Affiliation{PersonID: atNovo.ID, OrganizationID: novo.ID}))
		lone := &passerelle.Person{FirstName: "Søren", LastName: "Kierkegaard-Østergaard"}
		must(t, people.CreatePerson(f.system, lone))
		secret := &passerelle.Person{FirstName: "Ingrid", LastName: "Bergström", Emails: []string{"ingrid@secret.example"},
			Visibility: passerelle.VisibilityPrivate}
		must(t, people.CreatePerson(f.alice, secret))
		book, _, err := people.FindPeople(f.system, passerelle.PersonFilter{Limit: 40, Offset: 300})
		must(t, err)

		qs := []*match.PersonRecord{
			{FirstName: "JEAN", LastName: "DUPONT", OrgIDs: []int64{novo.ID}},         // at their organisation
			{FirstName: "Jean", LastName: "Dupont"},                                   // common: no one
			{FirstName: "J.", LastName: "Dupont", Emails: []string{"x@lab7.example"}}, // by email domain
			{FirstName: "Soren", LastName: "Kierkegaard Ostergaard"},                  // a rare name alone
			{FirstName: "Ingrid", LastName: "Bergstrom", Emails: []string{"ingrid@secret.example"}},
			{FirstName: "Nobody", LastName: "Known", Emails: []string{"nobody@nowhere.example"}},
			{FirstName: "Jean", LastName: "Dupont", OrgIDs: []int64{-1}}, // the file's new organisation
		}
		for i, p := range book {
			q := &match.PersonRecord{FirstName: p.FirstName, LastName: p.LastName}
			switch i % 3 {
			case 0:
				q.Emails = p.Emails
			case 1:
				q.LastName = "  " + p.LastName + " "
				q.Emails = []string{"someone.else@" + p.Emails[0][len(p.Emails[0])-11:]}
			}
			qs = append(qs, q)
		}
		for _, who := range []struct {
			name string
			ctx  context.Context
		}{{"system", f.system}, {"alice", f.alice}, {"bob", f.bob}} {
			cand, whole, err := db.MatchPeopleBothWays(who.ctx, qs)
			must(t, err)
			for i := range qs {
				if got, want := resultString(cand[i]), resultString(whole[i]); got != want {
					t.Errorf("%s, %s: candidates say %s, the whole book %s", who.name, qs[i].Name(), got, want)
				}
			}
			if who.name == "bob" && cand[4].Best != nil {
				t.Errorf("bob matched another member's private person: %+v", cand[4].Best)
			}
		}
		// Found, for a person to confirm when the evidence is weak (a name alone, initials).
		cand, _, err := db.MatchPeopleBothWays(f.system, qs[:4])
		must(t, err)
		for i, want := range []int64{atNovo.ID, 0, common[7].ID, lone.ID} {
			got := int64(0)
			if cand[i].Best != nil {
				got = cand[i].Best.ID
			}
			if got != want {
				t.Errorf("%s: %s, want id %d", qs[i].Name(), resultString(cand[i]), want)
			}
		}
	})
}

func resultString(r match.Result) string {
	s := string(r.Decision)
	if r.Best != nil {
		s += fmt.Sprintf(" %d %.2f", r.Best.ID, r.Best.Score)
	}
	for _, o := range r.Others {
		s += fmt.Sprintf(" / %d", o.ID)
	}
	return s
}
