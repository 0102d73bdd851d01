package store_test

import (
	"slices"
	"strings"
	"testing"

	"passerelle"
	"passerelle/store"
)

func personRow(line int, first, last, email, org, country, role string) passerelle.PersonRow {
	p := &passerelle.Person{FirstName: first, LastName: last, Country: country}
	if email != "" {
		p.Emails = []string{email}
	}
	return passerelle.PersonRow{Line: line, Person: p, Organization: org, OrgCountry: country, Role: role}
}

// TestImportPersonRows: a contact list's rows are matched against the contact book and
// the directory: a known person at a known organisation is linked and gets the emails
// and affiliation the file adds; two rows of one new person make one record, two rows
// of one new organisation one organisation; importing the same file again changes
// nothing. Another workspace's people and another member's private ones are never
// matched; a viewer may preview, not import; an ambiguous row stops the import with
// nothing saved unless told what to do.
func TestImportPersonRows(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		orgs, people := store.NewOrganizationService(db), store.NewPersonService(db)
		genopole := &passerelle.Organization{Name: "Genopole", Country: "FR"}
		must(t, orgs.CreateOrganization(f.system, genopole))
		known := &passerelle.Person{FirstName: "Camille", LastName: "Bernard"}
		must(t, people.CreatePerson(f.system, known))
		must(t, people.CreateAffiliation(f.system, &passerelle.Affiliation{PersonID: known.ID, OrganizationID: genopole.ID}))
		secret := &passerelle.Person{FirstName: "Hugo", LastName: "Petit", Emails: []string{"hugo@secret.example"}, Visibility: passerelle.VisibilityPrivate}
		must(t, people.CreatePerson(f.alice, secret))
		elsewhere := &passerelle.Person{FirstName: "Nadia", LastName: "Haddad", Emails: []string{"nadia@other.example"}}
		must(t, people.CreatePerson(f.otherSystem, elsewhere))

		rows := []passerelle.PersonRow{
			personRow(2, "Camille", "BERNARD", "camille@genopole.example", "GENOPOLE", "FR", "Business developer"),
			personRow(3, "Hugo", "Petit", "hugo@secret.example", "", "", ""),
			personRow(4, "Nadia", "Haddad", "nadia@other.example", "Évry Genomics", "FR", "CEO"),
			personRow(5, "Nadia", "Haddad", "nadia@other.example", "Evry Genomics", "FR", ""),
			personRow(6, "Louis", "Moreau", "louis@evry.example", "Évry Genomics", "FR", "CSO"),
		}
		decisions := func(rep *passerelle.PersonImportReport) []string {
			var out []string
			for _, d := range rep.Rows {
				s := d.Decision
				if d.SameAsLine > 0 {
					s += "=^"
				}
				out = append(out, s)
			}
			return out
		}
		// Bob does not see Alice's private Hugo Petit: new for him, a match for her.
		rep, err := people.ImportPersonRows(f.bob, rows, passerelle.PersonImportOptions{DryRun: true})
		must(t, err)
		if got, want := decisions(rep), []string{"match", "new", "new", "new=^", "new"}; !slices.Equal(got, want) {
			t.Errorf("bob's dry run: %v, want %v", got, want)
		}
		if rep.Rows[0].Match.ID != known.ID || rep.Rows[0].Organization.Match == nil || rep.Rows[0].Organization.Match.ID != genopole.ID || rep.NewOrgs != 1 {
			t.Errorf("bob's dry run: first row %+v %+v, %d new organisations", rep.Rows[0].Match, rep.Rows[0].Organization, rep.NewOrgs)
		}
		rep, err = people.ImportPersonRows(f.alice, rows, passerelle.PersonImportOptions{DryRun: true})
		must(t, err)
		if rep.Rows[1].Decision != "match" || rep.Rows[1].Match.ID != secret.ID {
			t.Errorf("alice's own private person: %+v", rep.Rows[1])
		}
		if _, err := people.ImportPersonRows(f.viewer, rows, passerelle.PersonImportOptions{}); passerelle.ErrorCode(err) != passerelle.EFORBIDDEN {
			t.Errorf("a viewer imports: %v", err)
		}
		_, before, err := people.FindPeople(f.system, passerelle.PersonFilter{Limit: 1})
		must(t, err)

		rep, err = people.ImportPersonRows(f.bob, rows, passerelle.PersonImportOptions{})
		must(t, err)
		if rep.Created != 3 || rep.OrgsCreated != 1 || rep.Updated != 1 {
			t.Errorf("bob's import: created %d people, %d organisations, updated %d; want 3, 1, 1", rep.Created, rep.OrgsCreated, rep.Updated)
		}
		_, after, err := people.FindPeople(f.system, passerelle.PersonFilter{Limit: 1})
		must(t, err)
		if after != before+3 {
			t.Errorf("%d people before, %d after", before, after)
		}
		got, err := people.FindPersonByID(f.system, known.ID)
		must(t, err)
		if !slices.Equal(got.Emails, []string{"camille@genopole.example"}) || len(got.Affiliations) != 1 {
			t.Errorf("the matched person: %v, %d affiliations", got.Emails, len(got.Affiliations))
		}
		nadia, louis := rep.Rows[2].ID, rep.Rows[4].ID
		if rep.Rows[3].ID != nadia {
			t.Errorf("the second row of Nadia Haddad made another record: %d and %d", nadia, rep.Rows[3].ID)
		}
		for _, id := range []int64{nadia, louis} {
			p, err := people.FindPersonByID(f.system, id)
			must(t, err)
			if len(p.Affiliations) != 1 || p.Affiliations[0].OrganizationName != "Évry Genomics" {
				t.Errorf("%s: affiliations %+v", p.Name(), p.Affiliations)
			}
		}
		// Again: nothing new, nothing changed.
		rep, err = people.ImportPersonRows(f.bob, rows, passerelle.PersonImportOptions{})
		must(t, err)
		if rep.Created != 0 || rep.OrgsCreated != 0 || rep.Updated != 0 {
			t.Errorf("the same file again: created %d, %d organisations, updated %d", rep.Created, rep.OrgsCreated, rep.Updated)
		}

		// Two Jean Martins at one organisation: a row with only the name is ambiguous.
		for _, email := range []string{"jean.martin@a.example", "j.martin@b.example"} {
			must(t, people.CreatePerson(f.system, &passerelle.Person{FirstName: "Jean", LastName: "Martin", Emails: []string{email}}))
		}
		amb := []passerelle.PersonRow{personRow(2, "Jean", "Martin", "", "", "", ""), personRow(3, "Zoé", "Durand", "zoe@c.example", "", "", "")}
		_, before, _ = people.FindPeople(f.system, passerelle.PersonFilter{Limit: 1})
		rep, err = people.ImportPersonRows(f.bob, amb, passerelle.PersonImportOptions{DryRun: true})
		must(t, err)
		if rep.Rows[0].Decision != "ambiguous" || len(rep.Rows[0].Candidates) != 2 {
			t.Fatalf("a bare name of two people: %+v", rep.Rows[0])
		}
		if _, err := people.ImportPersonRows(f.bob, amb, passerelle.PersonImportOptions{}); passerelle.ErrorCode(err) != passerelle.EINVALID ||
			!strings.Contains(err.Error(), "line 2: Jean Martin") {
			t.Errorf("ambiguous rows without a choice: %v", err)
		}
		if _, after, _ = people.FindPeople(f.system, passerelle.PersonFilter{Limit: 1}); after != before {
			t.Errorf("a refused import saved %d people", after-before)
		}
		rep, err = people.ImportPersonRows(f.bob, amb, passerelle.PersonImportOptions{Ambiguous: passerelle.AmbiguousSkip})
		must(t, err)
		if rep.Skipped != 1 || rep.Created != 1 {
			t.Errorf("--ambiguous skip: skipped %d, created %d", rep.Skipped, rep.Created)
		}
		// A bad row names its line and field, nothing saved.
		bad := []passerelle.PersonRow{personRow(2, "Ana", "Lima", "ana@d.example", "", "", ""), personRow(3, "Ben", "Roy", "not an address", "", "", "")}
		if _, err := people.ImportPersonRows(f.bob, bad, passerelle.PersonImportOptions{}); err == nil || !strings.Contains(err.Error(), "line 3") || !strings.Contains(err.Error(), "emails") {
			t.Errorf("a bad email: %v", err)
		}
	})
}

// TestImportPersonRowsChoices: the user settles ambiguous rows one by one: one of the
// row's candidates, a new person, or the row left out; a row whose organisation is
// ambiguous needs the organisation chosen too. A choice the preview did not offer
// (another member's private person or organisation) is refused, as is a row left
// unsettled, and nothing is saved.
func TestImportPersonRowsChoices(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		orgs, people := store.NewOrganizationService(db), store.NewPersonService(db)
		paris := &passerelle.Organization{Name: "Institut de Physique", Country: "FR", City: "Paris"}
		lyon := &passerelle.Organization{Name: "Institut de Physique", Country: "FR", City: "Lyon"}
		for _, o := range []*passerelle.Organization{paris, lyon} {
			must(t, orgs.CreateOrganization(f.system, o))
		}
		hiddenOrg := &passerelle.Organization{Name: "Institut de Physique", Country: "FR", City: "Lille", Visibility: passerelle.VisibilityPrivate}
		must(t, orgs.CreateOrganization(f.alice, hiddenOrg))
		var martins []int64
		for _, email := range []string{"jean.martin@a.example", "j.martin@b.example"} {
			p := &passerelle.Person{FirstName: "Jean", LastName: "Martin", Emails: []string{email}}
			must(t, people.CreatePerson(f.system, p))
			martins = append(martins, p.ID)
		}
		hidden := &passerelle.Person{FirstName: "Jean", LastName: "Martin", Emails: []string{"jm@hidden.example"}, Visibility: passerelle.VisibilityPrivate}
		must(t, people.CreatePerson(f.alice, hidden))
		elsewhere := &passerelle.Person{FirstName: "Jean", LastName: "Martin", Emails: []string{"jm@elsewhere.example"}}
		must(t, people.CreatePerson(f.otherSystem, elsewhere))

		rows := []passerelle.PersonRow{
			personRow(2, "Jean", "Martin", "", "", "", "Engineer"),
			personRow(3, "Zoé", "Durand", "zoe@ip.example", "Institut de Physique", "FR", "Physicist"),
			personRow(4, "Jean", "Martin", "", "", "", ""),
			personRow(5, "Jean", "MARTIN", "", "", "", ""),
		}
		rep, err := people.ImportPersonRows(f.bob, rows, passerelle.PersonImportOptions{DryRun: true})
		must(t, err)
		for _, d := range rep.Rows {
			if d.Decision != passerelle.DecisionAmbiguous {
				t.Fatalf("line %d: %s, want ambiguous", d.Line, d.Decision)
			}
			for _, c := range d.Candidates {
				if c.ID == hidden.ID || c.ID == elsewhere.ID {
					t.Errorf("line %d: candidate %d is another member's private person or another workspace's", d.Line, c.ID)
				}
			}
		}
		if n := len(rep.Rows[0].Candidates); n != 2 {
			t.Errorf("line 2: %d candidates, want the two Jean Martins", n)
		}
		ro := rep.Rows[1].Organization
		if ro == nil || ro.Decision != passerelle.DecisionAmbiguous || len(ro.Candidates) != 2 || len(rep.Rows[1].Candidates) != 0 {
			t.Fatalf("line 3: %+v, organisation %+v", rep.Rows[1], ro)
		}

		good := map[int]int64{2: martins[1], 3: passerelle.ChoiceNew, 4: passerelle.ChoiceSkip, 5: passerelle.ChoiceNew}
		with := func(m map[int]int64, line int, c int64) map[int]int64 {
			out := map[int]int64{}
			for k, v := range m {
				out[k] = v
			}
			out[line] = c
			return out
		}
		_, n0, _ := people.FindPeople(f.system, passerelle.PersonFilter{Limit: 1})
		_, o0, _ := orgs.FindOrganizations(f.system, passerelle.OrganizationFilter{Limit: 1})
		for name, opt := range map[string]passerelle.PersonImportOptions{
			"another member's private person":       {Choices: with(good, 2, hidden.ID), OrgChoices: map[int]int64{3: lyon.ID}},
			"another workspace's person":            {Choices: with(good, 2, elsewhere.ID), OrgChoices: map[int]int64{3: lyon.ID}},
			"another member's private organisation": {Choices: good, OrgChoices: map[int]int64{3: hiddenOrg.ID}},
			"an organisation left unsettled":        {Choices: good},
			"a person left unsettled":               {Choices: map[int]int64{2: martins[0], 3: passerelle.ChoiceNew, 4: passerelle.ChoiceSkip}, OrgChoices: map[int]int64{3: lyon.ID}},
		} {
			want := "not one of the row's candidates"
			if strings.HasSuffix(name, "unsettled") {
				want = "1 ambiguous row(s)"
			}
			if _, err := people.ImportPersonRows(f.bob, rows, opt); passerelle.ErrorCode(err) != passerelle.EINVALID || !strings.Contains(err.Error(), want) {
				t.Errorf("%s: %v, want %q", name, err, want)
			}
		}
		_, n1, _ := people.FindPeople(f.system, passerelle.PersonFilter{Limit: 1})
		_, o1, _ := orgs.FindOrganizations(f.system, passerelle.OrganizationFilter{Limit: 1})
		if n1 != n0 || o1 != o0 {
			t.Fatalf("refused imports saved: people %d -> %d, organisations %d -> %d", n0, n1, o0, o1)
		}

		rep, err = people.ImportPersonRows(f.bob, rows, passerelle.PersonImportOptions{Choices: good, OrgChoices: map[int]int64{3: lyon.ID}})
		must(t, err)
		var actions []string
		for _, d := range rep.Rows {
			actions = append(actions, d.Action)
		}
		if want := []string{"linked", "created", "skipped", "created"}; !slices.Equal(actions, want) || rep.Rows[0].ID != martins[1] || rep.Created != 2 || rep.Skipped != 1 || rep.OrgsCreated != 0 {
			t.Errorf("actions %v (want %v), line 2 -> %d (want %d), report %+v", actions, want, rep.Rows[0].ID, martins[1], rep)
		}
		zoe, err := people.FindPersonByID(f.system, rep.Rows[1].ID)
		must(t, err)
		if len(zoe.Affiliations) != 1 || zoe.Affiliations[0].OrganizationID != lyon.ID || zoe.Affiliations[0].Role != "Physicist" {
			t.Errorf("the organisation chosen: %+v", zoe.Affiliations)
		}
		if _, n2, _ := people.FindPeople(f.system, passerelle.PersonFilter{Limit: 1}); n2 != n0+2 {
			t.Errorf("%d -> %d people, want two more", n0, n2)
		}
	})
}
