package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"testing"

	"passerelle"
	"passerelle/match"
	"passerelle/store"
)

// TestImportPersonRowsWrites: what an import writes, row for row: the people created
// and completed (versions bumped once per row that changed them, their stored keys),
// the organisations created with their keys, the affiliations, and every audit entry
// in the order of the rows, with its changes and its visibility. The saving is done in
// batches; this is the record of what the one-by-one saving wrote, which it must keep.
func TestImportPersonRowsWrites(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		orgs, people := store.NewOrganizationService(db), store.NewPersonService(db)
		genopole := &passerelle.Organization{Name: "Genopole", Country: "FR"}
		must(t, orgs.CreateOrganization(f.system, genopole))
		camille := &passerelle.Person{FirstName: "Camille", LastName: "Bernard"}
		must(t, people.CreatePerson(f.system, camille))
		must(t, people.CreateAffiliation(f.system, &passerelle.Affiliation{PersonID: camille.ID, OrganizationID: genopole.ID}))
		lea := &passerelle.Person{FirstName: "Léa", LastName: "Roux", Emails: []string{"lea@genopole.example"}, Visibility: passerelle.VisibilityPrivate}
		must(t, people.CreatePerson(f.bob, lea))
		hugo := &passerelle.Person{FirstName: "Hugo", LastName: "Petit", Emails: []string{"hugo@secret.example"}, Visibility: passerelle.VisibilityPrivate}
		must(t, people.CreatePerson(f.alice, hugo))
		var before int64
		must(t, db.Write().QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) FROM audit_log`).Scan(&before))

		withPhone := func(r passerelle.PersonRow, phone string) passerelle.PersonRow {
			r.Person.Phones = []string{phone}
			return r
		}
		rows := []passerelle.PersonRow{
			personRow(2, "Camille", "BERNARD", "camille@genopole.example", "GENOPOLE", "FR", "Business developer"),
			personRow(3, "Camille", "Bernard", "c.bernard@genopole.example", "Genopole", "FR", ""),
			personRow(4, "Nadia", "Haddad", "nadia@evry.example", "Évry Genomics", "FR", "CEO"),
			withPhone(personRow(5, "Nadia", "Haddad", "nadia@evry.example", "Evry Genomics", "FR", ""), "+33 1 60 00 00 00"),
			personRow(6, "Louis", "Moreau", "louis@evry.example", "Évry Genomics", "FR", "CSO"),
			withPhone(personRow(7, "Léa", "Roux", "lea@genopole.example", "Genopole", "", "Advisor"), "+33 1 69 00 00 00"),
			personRow(8, "Zoé", "Durand", "zoe@durand.example", "", "", ""),
			personRow(9, "Hugo", "Petit", "hugo@secret.example", "Saclay Labs", "FR", ""),
		}
		rep, err := people.ImportPersonRows(f.bob, rows, passerelle.PersonImportOptions{})
		must(t, err)
		var actions []string
		for _, d := range rep.Rows {
			actions = append(actions, fmt.Sprintf("%d %s %s", d.Line, d.Decision, d.Action))
		}
		got := strings.Join(actions, "\n") + "\n" + importDump(t, db, f.ws.ID, before)
		want := `2 match updated
3 match updated
4 new created
5 new linked
6 new created
7 match updated
8 new created
9 new created
people:
Camille Bernard v3 shared emails ["camille@genopole.example","c.bernard@genopole.example"] phones [] country FR
Léa Roux v2 private:B emails ["lea@genopole.example"] phones ["+33 1 69 00 00 00"] country 
Hugo Petit v1 private:A emails ["hugo@secret.example"] phones [] country 
Nadia Haddad v2 shared emails ["nadia@evry.example"] phones ["+33 1 60 00 00 00"] country FR
Louis Moreau v1 shared emails ["louis@evry.example"] phones [] country FR
Zoé Durand v1 shared emails ["zoe@durand.example"] phones [] country 
Hugo Petit v1 shared emails ["hugo@secret.example"] phones [] country FR
organisations:
Genopole shared FR keys 1
Évry Genomics shared FR keys 1
Saclay Labs shared FR keys 1
affiliations:
Camille Bernard — Genopole ""
Nadia Haddad — Évry Genomics "CEO"
Louis Moreau — Évry Genomics "CSO"
Léa Roux — Genopole "Advisor"
Hugo Petit — Saclay Labs ""
audit:
update person Camille Bernard: Camille Bernard {"country":{"old":"","new":"FR"},"emails":{"old":"","new":"camille@genopole.example"}} shared
update person Camille Bernard: Camille Bernard {"emails":{"old":"camille@genopole.example","new":"camille@genopole.example; c.bernard@genopole.example"}} shared
import organization Évry Genomics: Évry Genomics {"country":{"old":null,"new":"FR"},"kind":{"old":null,"new":"other"},"name":{"old":null,"new":"Évry Genomics"},"visibility":{"old":null,"new":"shared"}} shared
import person Nadia Haddad: Nadia Haddad {"country":{"old":null,"new":"FR"},"emails":{"old":null,"new":"nadia@evry.example"},"first_name":{"old":null,"new":"Nadia"},"last_name":{"old":null,"new":"Haddad"},"visibility":{"old":null,"new":"shared"}} shared
import affiliation Nadia Haddad: Nadia Haddad — Évry Genomics {} shared
update person Nadia Haddad: Nadia Haddad {"phones":{"old":"","new":"+33 1 60 00 00 00"}} shared
import person Louis Moreau: Louis Moreau {"country":{"old":null,"new":"FR"},"emails":{"old":null,"new":"louis@evry.example"},"first_name":{"old":null,"new":"Louis"},"last_name":{"old":null,"new":"Moreau"},"visibility":{"old":null,"new":"shared"}} shared
import affiliation Louis Moreau: Louis Moreau — Évry Genomics {} shared
update person Léa Roux: Léa Roux {"phones":{"old":"","new":"+33 1 69 00 00 00"}} private:B
import affiliation Léa Roux: Léa Roux — Genopole {} private:B
import person Zoé Durand: Zoé Durand {"emails":{"old":null,"new":"zoe@durand.example"},"first_name":{"old":null,"new":"Zoé"},"last_name":{"old":null,"new":"Durand"},"visibility":{"old":null,"new":"shared"}} shared
import organization Saclay Labs: Saclay Labs {"country":{"old":null,"new":"FR"},"kind":{"old":null,"new":"other"},"name":{"old":null,"new":"Saclay Labs"},"visibility":{"old":null,"new":"shared"}} shared
import person Hugo Petit: Hugo Petit {"country":{"old":null,"new":"FR"},"emails":{"old":null,"new":"hugo@secret.example"},"first_name":{"old":null,"new":"Hugo"},"last_name":{"old":null,"new":"Petit"},"visibility":{"old":null,"new":"shared"}} shared
import affiliation Hugo Petit: Hugo Petit — Saclay Labs {} shared
`
		if got != want {
			t.Errorf("the import wrote:\n%s\nwant:\n%s", got, want)
		}
		// Each person's stored keys are those of their name and emails as saved.
		all, _, err := people.FindPeople(f.system, passerelle.PersonFilter{Limit: 100})
		must(t, err)
		for _, p := range all {
			keys, err := db.PersonKeys(ctx, f.ws.ID, p.ID)
			must(t, err)
			w := match.PersonStoredKeys(&match.PersonRecord{FirstName: p.FirstName, LastName: p.LastName, Emails: p.Emails})
			slices.Sort(w)
			if w = slices.Compact(w); !slices.Equal(keys, w) {
				t.Errorf("%s: keys %q, want %q", p.Name(), keys, w)
			}
		}

		// The same file again changes nothing.
		var n0, n1 int
		must(t, db.Write().QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_log`).Scan(&n0))
		rep, err = people.ImportPersonRows(f.bob, rows, passerelle.PersonImportOptions{})
		must(t, err)
		must(t, db.Write().QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_log`).Scan(&n1))
		if rep.Created != 0 || rep.Updated != 0 || rep.OrgsCreated != 0 || n1 != n0 {
			t.Errorf("the same file again: created %d, updated %d, %d organisations, %d audit entries", rep.Created, rep.Updated, rep.OrgsCreated, n1-n0)
		}
	})
}

// importDump describes the workspace's people, organisations and affiliations, and the
// audit entries after before, in id order, records named rather than numbered.
func importDump(t *testing.T, db *store.DB, ws, before int64) string {
	t.Helper()
	d := newDumper(t, db, ws)
	b := &d.b
	name := map[string]string{}
	b.WriteString("people:\n")
	d.query(`SELECT id, first_name, last_name, version, visibility, owner_member_id, emails, phones, country FROM people WHERE workspace_id = $1 ORDER BY id`, []any{ws},
		func(rs *sql.Rows) error {
			var id, version int64
			var first, last, v, emails, phones, country string
			var owner sql.NullInt64
			if err := rs.Scan(&id, &first, &last, &version, &v, &owner, &emails, &phones, &country); err != nil {
				return err
			}
			name[fmt.Sprintf("person %d", id)] = first + " " + last
			fmt.Fprintf(b, "%s %s v%d %s emails %s phones %s country %s\n", first, last, version, d.vis(v, owner), emails, phones, country)
			return nil
		})
	b.WriteString("organisations:\n")
	d.query(`SELECT o.id, o.name, o.visibility, o.owner_member_id, o.country, (SELECT COUNT(*) FROM org_keys k WHERE k.workspace_id = o.workspace_id AND k.organization_id = o.id)
		FROM organizations o WHERE o.workspace_id = $1 ORDER BY o.id`, []any{ws},
		func(rs *sql.Rows) error {
			var id, keys int64
			var n, v, country string
			var owner sql.NullInt64
			if err := rs.Scan(&id, &n, &v, &owner, &country, &keys); err != nil {
				return err
			}
			name[fmt.Sprintf("organization %d", id)] = n
			fmt.Fprintf(b, "%s %s %s keys %d\n", n, d.vis(v, owner), country, keys)
			return nil
		})
	b.WriteString("affiliations:\n")
	d.query(`SELECT person_id, organization_id, role FROM affiliations WHERE workspace_id = $1 ORDER BY id`, []any{ws}, func(rs *sql.Rows) error {
		var p, o int64
		var role string
		if err := rs.Scan(&p, &o, &role); err != nil {
			return err
		}
		fmt.Fprintf(b, "%s — %s %q\n", name[fmt.Sprintf("person %d", p)], name[fmt.Sprintf("organization %d", o)], role)
		return nil
	})
	d.audit(before, func(entity string, id int64) string {
		if entity == "affiliation" { // an affiliation's entries name its person
			entity = "person"
		}
		return name[fmt.Sprintf("%s %d", entity, id)]
	})
	return b.String()
}
