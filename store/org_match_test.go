package store_test

import (
	"context"
	"strings"
	"testing"

	"passerelle"
	"passerelle/store"
)

func row(line int, name, country string) passerelle.OrgRow {
	return passerelle.OrgRow{Line: line, Organization: &passerelle.Organization{Name: name, Country: country}}
}

// TestImportRowsCandidates: another workspace's records and another member's private
// ones are never candidates; one's own private record is; a viewer may preview but
// not import; a failed import saves nothing.
func TestImportRowsCandidates(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		orgs := store.NewOrganizationService(db)
		shared := &passerelle.Organization{Name: "Genopole", Country: "FR"}
		if err := orgs.CreateOrganization(f.system, shared); err != nil {
			t.Fatal(err)
		}
		other := &passerelle.Organization{Name: "Novo Nordisk", Country: "DK"}
		if err := orgs.CreateOrganization(f.otherSystem, other); err != nil {
			t.Fatal(err)
		}
		secret := &passerelle.Organization{Name: "Acme Secret Widgets", Country: "FR", Visibility: passerelle.VisibilityPrivate}
		if err := orgs.CreateOrganization(f.alice, secret); err != nil {
			t.Fatal(err)
		}
		rows := []passerelle.OrgRow{row(2, "GENOPOLE", "FR"), row(3, "Novo Nordisk A/S", "DK"), row(4, "ACME SECRET WIDGETS", "FR")}
		check := func(name string, rep *passerelle.OrgImportReport, want ...string) {
			t.Helper()
			for i, d := range rep.Rows {
				if d.Decision != want[i] {
					t.Errorf("%s: line %d: %s (%v), want %s", name, d.Line, d.Decision, d.Match, want[i])
				}
				if d.Match != nil && d.Match.ID == other.ID {
					t.Errorf("%s: another workspace's record is a candidate", name)
				}
			}
		}
		rep, err := orgs.ImportOrganizationRows(f.alice, rows, passerelle.OrgImportOptions{DryRun: true})
		if err != nil {
			t.Fatal(err)
		}
		check("alice", rep, "match", "new", "match")
		rep, err = orgs.ImportOrganizationRows(f.bob, rows, passerelle.OrgImportOptions{DryRun: true})
		if err != nil {
			t.Fatal(err)
		}
		check("bob", rep, "match", "new", "new")
		rep, err = orgs.ImportOrganizationRows(f.viewer, rows, passerelle.OrgImportOptions{DryRun: true})
		if err != nil {
			t.Fatal(err)
		}
		check("viewer", rep, "match", "new", "new")
		if _, err := orgs.ImportOrganizationRows(f.viewer, rows, passerelle.OrgImportOptions{}); passerelle.ErrorCode(err) != passerelle.EFORBIDDEN {
			t.Errorf("a viewer imported: %v", err)
		}
		pairs, err := orgs.FindDuplicates(f.bob, 0)
		if err != nil || len(pairs) != 0 {
			t.Errorf("bob's duplicates: %v %+v", err, pairs)
		}
		// A bad row: nothing saved, the line and field named.
		_, n0, _ := orgs.FindOrganizations(f.system, passerelle.OrganizationFilter{Limit: 1})
		bad := append(rows, row(5, "Bad Country", "XX"))
		_, err = orgs.ImportOrganizationRows(f.system, bad, passerelle.OrgImportOptions{Ambiguous: passerelle.AmbiguousNew})
		if err == nil || passerelle.ErrorCode(err) != passerelle.EINVALID {
			t.Fatalf("bad row: %v", err)
		}
		if msg := err.Error(); !strings.Contains(msg, "line 5: country") {
			t.Errorf("message: %s", msg)
		}
		// Bob imports: the new rows are created shared, the matched one linked.
		rep, err = orgs.ImportOrganizationRows(f.bob, rows, passerelle.OrgImportOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if rep.Created != 2 || rep.Rows[0].ID != shared.ID {
			t.Errorf("import: %+v", rep)
		}
		_, n1, _ := orgs.FindOrganizations(f.system, passerelle.OrganizationFilter{Limit: 1})
		if n1 != n0+2 {
			t.Errorf("%d -> %d organisations", n0, n1)
		}
		// Alice now sees her private record and Bob's shared copy: a duplicate pair.
		pairs, err = orgs.FindDuplicates(f.alice, 0)
		if err != nil || len(pairs) != 1 || pairs[0].A.ID != secret.ID {
			t.Fatalf("alice's duplicates: %v %+v", err, pairs)
		}
		// "Not a duplicate": refused to those who cannot see both, remembered, audited.
		copyID := pairs[0].B.ID
		for name, ctx := range map[string]context.Context{"bob": f.bob, "other workspace": f.otherSystem} {
			if err := orgs.MarkNotDuplicate(ctx, secret.ID, copyID); passerelle.ErrorCode(err) != passerelle.ENOTFOUND {
				t.Errorf("%s marked a pair with alice's private record: %v", name, err)
			}
		}
		if err := orgs.MarkNotDuplicate(f.viewer, shared.ID, copyID); passerelle.ErrorCode(err) != passerelle.EFORBIDDEN {
			t.Errorf("a viewer marked a pair: %v", err)
		}
		if err := orgs.MarkNotDuplicate(f.alice, secret.ID, secret.ID); passerelle.ErrorCode(err) != passerelle.EINVALID {
			t.Errorf("itself: %v", err)
		}
		for range 2 { // twice: the second changes nothing
			if err := orgs.MarkNotDuplicate(f.alice, copyID, secret.ID); err != nil {
				t.Fatal(err)
			}
		}
		if pairs, err := orgs.FindDuplicates(f.alice, 0); err != nil || len(pairs) != 0 {
			t.Errorf("after the mark: %v %+v", err, pairs)
		}
	})
}

// TestRORImportLinksHandEntered: a ROR import does not create a second record for an
// organisation entered by hand without a ROR id; it gives that record the id.
func TestRORImportLinksHandEntered(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		orgs := store.NewOrganizationService(db)
		manual := &passerelle.Organization{Name: "GENOPOLE", Country: "FR", City: "Évry", Tags: []string{"biotech"}}
		other := &passerelle.Organization{Name: "Institut Pasteur", Country: "FR", City: "Paris"}
		for _, o := range []*passerelle.Organization{manual, other} {
			if err := orgs.CreateOrganization(f.system, o); err != nil {
				t.Fatal(err)
			}
		}
		items := func(yield func(*passerelle.OrgImportItem, error) bool) {
			for i, o := range []*passerelle.Organization{
				{Name: "Genopole", Country: "FR", City: "Évry", RORID: "https://ror.org/04xyz1234", Website: "https://www.genopole.fr"},
				{Name: "Institut Pasteur de Lille", Country: "FR", City: "Lille", RORID: "https://ror.org/05k9skc85"},
			} {
				if !yield(&passerelle.OrgImportItem{Line: i + 1, Organization: o}, nil) {
					return
				}
			}
		}
		res, err := orgs.ImportOrganizations(f.system, items, false)
		if err != nil {
			t.Fatal(err)
		}
		if res.Created != 1 || res.Linked != 1 || res.Updated != 1 {
			t.Errorf("result: %+v", res)
		}
		got, err := orgs.FindOrganizationByID(f.system, manual.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.RORID != "https://ror.org/04xyz1234" || got.Name != "Genopole" || got.Website == "" || len(got.Tags) != 1 {
			t.Errorf("the hand-entered record: %+v", got)
		}
	})
}

// TestImportRowsChoices: the user settles ambiguous rows one by one (link to one of the
// row's candidates, create, skip); a choice of a record that is not a candidate, such as
// another member's private one, is refused and nothing is saved.
func TestImportRowsChoices(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		orgs := store.NewOrganizationService(db)
		a := &passerelle.Organization{Name: "Institut de Physique", Country: "FR", City: "Paris"}
		b := &passerelle.Organization{Name: "Institut de Physique", Country: "FR", City: "Lyon"}
		secret := &passerelle.Organization{Name: "Alice Hidden Lab", Country: "FR", Visibility: passerelle.VisibilityPrivate}
		for _, o := range []*passerelle.Organization{a, b} {
			must(t, orgs.CreateOrganization(f.system, o))
		}
		must(t, orgs.CreateOrganization(f.alice, secret))
		rows := func() []passerelle.OrgRow {
			return []passerelle.OrgRow{row(2, "Institut de Physique", "FR"), row(3, "INSTITUT DE PHYSIQUE", "FR"), row(4, "Institut de Physique", "FR")}
		}
		rep, err := orgs.ImportOrganizationRows(f.bob, rows(), passerelle.OrgImportOptions{DryRun: true})
		must(t, err)
		for _, d := range rep.Rows {
			if d.Decision != passerelle.DecisionAmbiguous || len(d.Candidates) < 2 {
				t.Fatalf("line %d: %s %+v, want ambiguous between the two", d.Line, d.Decision, d.Candidates)
			}
		}
		_, n0, _ := orgs.FindOrganizations(f.system, passerelle.OrganizationFilter{Limit: 1})
		for name, ch := range map[string]map[int]int64{
			"another member's private record": {2: secret.ID, 3: passerelle.ChoiceNew, 4: passerelle.ChoiceSkip},
			"one row left unsettled":          {2: b.ID, 3: passerelle.ChoiceNew},
		} {
			if _, err := orgs.ImportOrganizationRows(f.bob, rows(), passerelle.OrgImportOptions{Choices: ch}); passerelle.ErrorCode(err) != passerelle.EINVALID {
				t.Errorf("%s: %v", name, err)
			}
		}
		if _, n, _ := orgs.FindOrganizations(f.system, passerelle.OrganizationFilter{Limit: 1}); n != n0 {
			t.Fatalf("a refused import saved: %d -> %d", n0, n)
		}
		rep, err = orgs.ImportOrganizationRows(f.bob, rows(), passerelle.OrgImportOptions{Choices: map[int]int64{2: b.ID, 3: passerelle.ChoiceNew, 4: passerelle.ChoiceSkip}})
		must(t, err)
		got := []string{rep.Rows[0].Action, rep.Rows[1].Action, rep.Rows[2].Action}
		if rep.Rows[0].ID != b.ID || got[0] != "linked" || got[1] != "created" || got[2] != "skipped" || rep.Created != 1 || rep.Skipped != 1 {
			t.Errorf("actions %v, row 2 -> %d (want %d), report %+v", got, rep.Rows[0].ID, b.ID, rep)
		}
		if _, n, _ := orgs.FindOrganizations(f.system, passerelle.OrganizationFilter{Limit: 1}); n != n0+1 {
			t.Errorf("%d -> %d organisations, want one more", n0, n)
		}
	})
}
