package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"

	"passerelle"
	"passerelle/store"
)

// TestImportOrganizationRowsWrites: what an organisations import writes, row for row:
// the records created (shared, with their keys; a link waiting for a new record's ROR id
// resolves to it), the empty fields of the matched ones filled (a version per row that
// changed one, their keys rewritten), and every audit entry in the order of the rows,
// with its changes and its visibility. This is the record of what the one-by-one saving
// wrote, which the grouped saving keeps.
func TestImportOrganizationRowsWrites(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		orgs := store.NewOrganizationService(db)
		genopole := &passerelle.Organization{Name: "Genopole", Country: "FR"}
		must(t, orgs.CreateOrganization(f.system, genopole))
		paris := &passerelle.Organization{Name: "Institut de Physique", Country: "FR", City: "Paris"}
		must(t, orgs.CreateOrganization(f.system, paris))
		lyon := &passerelle.Organization{Name: "Institut de Physique", Country: "FR", City: "Lyon"}
		must(t, orgs.CreateOrganization(f.system, lyon))
		widgets := &passerelle.Organization{Name: "Acme Secret Widgets", Country: "FR", Visibility: passerelle.VisibilityPrivate}
		must(t, orgs.CreateOrganization(f.alice, widgets))
		hidden := &passerelle.Organization{Name: "Bob Hidden Foundry", Country: "FR", Visibility: passerelle.VisibilityPrivate}
		must(t, orgs.CreateOrganization(f.bob, hidden))
		full := &passerelle.Organization{Name: "Evry Bioservices", Country: "FR", City: "Évry", Website: "https://evry-bio.example",
			Acronyms: []string{"EBS"}, Aliases: []string{"Bioservices d'Évry"}, Kind: passerelle.KindCompany}
		must(t, orgs.CreateOrganization(f.system, full))
		// A link that waits for the ROR id of a record not yet in the workspace.
		_, err := db.Write().ExecContext(ctx, `INSERT INTO org_links (workspace_id, kind, from_id, to_ref, to_label, source, created_at)
			VALUES ($1, 'partner', $2, 'https://ror.org/05saclay1', 'Saclay Labs', 'manual', $3)`, f.ws.ID, genopole.ID, "2026-01-01 00:00:00")
		must(t, err)
		var before int64
		must(t, db.Write().QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) FROM audit_log`).Scan(&before))

		org := func(line int, o passerelle.Organization) passerelle.OrgRow {
			if o.Country == "" {
				o.Country = "FR"
			}
			return passerelle.OrgRow{Line: line, Organization: &o}
		}
		rows := func() []passerelle.OrgRow {
			return []passerelle.OrgRow{
				org(2, passerelle.Organization{Name: "GENOPOLE", City: "Évry", Website: "https://genopole.example"}),
				org(3, passerelle.Organization{Name: "Genopole", Website: "https://other.example", Aliases: []string{"Génopole Évry"}, Kind: passerelle.KindCluster}),
				org(4, passerelle.Organization{Name: "Institut Pasteur de Lille", City: "Lille", Acronyms: []string{"IPL"}}),
				org(5, passerelle.Organization{Name: "INSTITUT PASTEUR DE LILLE", City: "Lille"}),
				org(6, passerelle.Organization{Name: "Acme Secret Widgets", City: "Paris"}),
				org(7, passerelle.Organization{Name: "Saclay Labs", RORID: "https://ror.org/05saclay1", Website: "https://saclay-labs.example"}),
				org(8, passerelle.Organization{Name: "Institut de Physique"}),
				org(9, passerelle.Organization{Name: "Bob Hidden Foundry"}),
				org(10, passerelle.Organization{Name: "Evry Bioservices", City: "Évry", Website: "https://elsewhere.example"}),
				org(11, passerelle.Organization{Name: "GENOPOLE", City: "Paris"}),
			}
		}
		rep, err := orgs.ImportOrganizationRows(f.alice, rows(), passerelle.OrgImportOptions{Ambiguous: passerelle.AmbiguousNew})
		must(t, err)
		var actions []string
		for _, d := range rep.Rows {
			actions = append(actions, fmt.Sprintf("%d %s %s same-as %d", d.Line, d.Decision, d.Action, d.SameAsLine))
		}
		got := strings.Join(actions, "\n") + fmt.Sprintf("\ncreated %d updated %d matched %d new %d ambiguous %d skipped %d\n",
			rep.Created, rep.Updated, rep.Matched, rep.New, rep.Ambiguous, rep.Skipped) + orgImportDump(t, db, f.ws.ID, before)
		want := `2 match updated same-as 0
3 match updated same-as 0
4 new created same-as 0
5 new linked same-as 4
6 match updated same-as 0
7 new created same-as 0
8 ambiguous created same-as 0
9 new created same-as 0
10 match linked same-as 0
11 match linked same-as 0
created 4 updated 3 matched 5 new 4 ambiguous 1 skipped 0
organisations:
Genopole v3 shared cluster FR Évry https://genopole.example ror= acronyms [] aliases ["Génopole Évry"] keys genopole|genopole evry
Institut de Physique v1 shared other FR Paris  ror= acronyms [] aliases [] keys institut de physique
Institut de Physique v1 shared other FR Lyon  ror= acronyms [] aliases [] keys institut de physique
Acme Secret Widgets v2 private:A other FR Paris  ror= acronyms [] aliases [] keys acme secret widgets
Bob Hidden Foundry v1 private:B other FR   ror= acronyms [] aliases [] keys bob hidden foundry
Evry Bioservices v1 shared company FR Évry https://evry-bio.example ror= acronyms ["EBS"] aliases ["Bioservices d'Évry"] keys bioservices d evry|ebs|evry bioservices
Institut Pasteur de Lille v1 shared other FR Lille  ror= acronyms ["IPL"] aliases [] keys institut pasteur de lille|ipl
Saclay Labs v1 shared other FR  https://saclay-labs.example ror=https://ror.org/05saclay1 acronyms [] aliases [] keys saclay labs
Institut de Physique v1 shared other FR   ror= acronyms [] aliases [] keys institut de physique
Bob Hidden Foundry v1 shared other FR   ror= acronyms [] aliases [] keys bob hidden foundry
links:
Genopole partner https://ror.org/05saclay1 -> Saclay Labs
audit:
import organization Genopole: Genopole {"city":{"old":"","new":"Évry"},"website":{"old":"","new":"https://genopole.example"}} shared
import organization Genopole: Genopole {"aliases":{"old":"","new":"Génopole Évry"},"kind":{"old":"other","new":"cluster"}} shared
import organization Institut Pasteur de Lille: Institut Pasteur de Lille {} shared
import organization Acme Secret Widgets: Acme Secret Widgets {"city":{"old":"","new":"Paris"}} private:A
import organization Saclay Labs: Saclay Labs {} shared
import organization Institut de Physique: Institut de Physique {} shared
import organization Bob Hidden Foundry: Bob Hidden Foundry {} shared
`
		if got != want {
			t.Errorf("the import wrote:\n%s\nwant:\n%s", got, want)
		}

		// The same file again, ambiguous rows skipped, changes nothing.
		var n0, n1 int
		must(t, db.Write().QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_log`).Scan(&n0))
		rep, err = orgs.ImportOrganizationRows(f.alice, rows(), passerelle.OrgImportOptions{Ambiguous: passerelle.AmbiguousSkip})
		must(t, err)
		must(t, db.Write().QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_log`).Scan(&n1))
		if rep.Created != 0 || rep.Updated != 0 || n1 != n0 {
			t.Errorf("the same file again: created %d, updated %d, %d audit entries", rep.Created, rep.Updated, n1-n0)
		}

		// All or nothing: two new rows of one ROR id fail the import at the second's
		// line, and the first row's update and creation are not saved either.
		dump := orgImportDump(t, db, f.ws.ID, before)
		bad := []passerelle.OrgRow{
			org(2, passerelle.Organization{Name: "Evry Bioservices", Description: "ignored", Established: 1990}),
			org(3, passerelle.Organization{Name: "Acme Secret Widgets", Website: "https://acme.example"}),
			org(4, passerelle.Organization{Name: "Institut de Physique", RORID: "https://ror.org/05twice00"}),
			org(5, passerelle.Organization{Name: "Institut de Physique", RORID: "https://ror.org/05twice00"}),
		}
		_, err = orgs.ImportOrganizationRows(f.alice, bad, passerelle.OrgImportOptions{Ambiguous: passerelle.AmbiguousNew})
		if err == nil || !strings.Contains(err.Error(), "line 5") || !strings.Contains(err.Error(), "ROR id") {
			t.Errorf("two new rows of one ROR id: %v", err)
		}
		if after := orgImportDump(t, db, f.ws.ID, before); after != dump {
			t.Errorf("a failed import saved:\n%s\nbefore:\n%s", after, dump)
		}
	})
}

// orgImportDump describes the workspace's organisations (with their stored keys), links
// and the audit entries after before, in id order, records named rather than numbered.
func orgImportDump(t *testing.T, db *store.DB, ws, before int64) string {
	t.Helper()
	d := newDumper(t, db, ws)
	b := &d.b
	name := map[int64]string{}
	keys := map[int64][]string{}
	d.query(`SELECT organization_id, key FROM org_keys WHERE workspace_id = $1 ORDER BY organization_id, key`, []any{ws}, func(rs *sql.Rows) error {
		var id int64
		var k string
		err := rs.Scan(&id, &k)
		keys[id] = append(keys[id], k)
		return err
	})
	b.WriteString("organisations:\n")
	d.query(`SELECT id, name, version, visibility, owner_member_id, kind, country, city, website, COALESCE(ror_id, ''), acronyms, aliases
		FROM organizations WHERE workspace_id = $1 ORDER BY id`, []any{ws},
		func(rs *sql.Rows) error {
			var id, version int64
			var n, v, kind, country, city, website, ror, acr, ali string
			var owner sql.NullInt64
			if err := rs.Scan(&id, &n, &version, &v, &owner, &kind, &country, &city, &website, &ror, &acr, &ali); err != nil {
				return err
			}
			name[id] = n
			fmt.Fprintf(b, "%s v%d %s %s %s %s %s ror=%s acronyms %s aliases %s keys %s\n", n, version, d.vis(v, owner), kind, country, city, website, ror,
				acr, ali, strings.Join(keys[id], "|"))
			return nil
		})
	b.WriteString("links:\n")
	d.query(`SELECT from_id, kind, to_ref, to_id FROM org_links WHERE workspace_id = $1 ORDER BY id`, []any{ws}, func(rs *sql.Rows) error {
		var from int64
		var kind, ref string
		var to sql.NullInt64
		if err := rs.Scan(&from, &kind, &ref, &to); err != nil {
			return err
		}
		fmt.Fprintf(b, "%s %s %s -> %s\n", name[from], kind, ref, name[to.Int64])
		return nil
	})
	d.audit(before, func(_ string, id int64) string { return name[id] })
	return b.String()
}
