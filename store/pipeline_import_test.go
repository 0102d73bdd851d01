package store_test

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"passerelle"
	"passerelle/interchange"
	"passerelle/store"
)

// TestImportParticipations: the CORDIS sample imported into a network whose member A is
// the Université de Lyon: organisations matched (the member's record, not a copy), one
// record per organisation across rows, the member's project and contribution in its
// figures, an organisation's participations in its own; a re-import changes nothing, a
// dry run saves nothing, a bad row saves nothing.
func TestImportParticipations(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		n := newKPINetwork(t, db)
		orgs := store.NewOrganizationService(db)
		lyon := &passerelle.Organization{Name: "Université de Lyon", Kind: passerelle.KindUniversity, Country: "FR"}
		must(t, orgs.CreateOrganization(n.sys, lyon))
		ws := store.NewWorkspaceService(db)
		memC := &passerelle.Member{Name: "Lyon", OrganizationID: lyon.ID}
		must(t, ws.CreateMember(n.sys, memC))
		f, err := interchange.ReadParticipationsFile("../interchange/testdata/cordis-h2020organizations.csv", interchange.ParticipationOptions{})
		must(t, err)
		dry, err := n.pipe.ImportParticipations(n.sys, f.Rows, passerelle.ParticipationImportOptions{DryRun: true})
		must(t, err)
		if dry.ProjectsCreated != 2 || dry.OrganizationsNew != 2 || dry.OrganizationsMatched != 1 {
			t.Errorf("dry run: %+v", dry)
		}
		if ps, _, _ := n.pipe.FindProjects(n.sys, passerelle.ProjectFilter{Kind: passerelle.KindEUProject}); len(ps) != 3 {
			t.Errorf("a dry run saved projects: %d EU projects", len(ps))
		}
		rep, err := n.pipe.ImportParticipations(n.sys, f.Rows, passerelle.ParticipationImportOptions{})
		must(t, err)
		if rep.ProjectsCreated != 2 || rep.MemberProjects != 2 || rep.Organizations != 3 || rep.OrganizationsNew != 2 {
			t.Errorf("import: %+v", rep)
		}
		again, err := n.pipe.ImportParticipations(n.sys, f.Rows, passerelle.ParticipationImportOptions{})
		must(t, err)
		if again.ProjectsUnchanged != 2 || again.ProjectsCreated+again.ProjectsUpdated+again.OrganizationsNew != 0 {
			t.Errorf("re-import: %+v", again)
		}
		all, _, err := orgs.FindOrganizations(n.sys, passerelle.OrganizationFilter{Limit: 100})
		must(t, err)
		names := map[string]int{}
		var oxford int64
		for _, o := range all {
			names[o.Name]++
			if o.Name == "UNIVERSITY OF OXFORD" {
				oxford = o.ID
				if o.Country != "GB" {
					t.Errorf("Oxford in %q", o.Country)
				}
			}
		}
		if names["Université de Lyon"] != 1 || names["UNIVERSITY OF OXFORD"] != 1 || names[`Ethniko Kentro "Erevnas"`] != 1 {
			t.Errorf("organisations: %v", names)
		}
		sys, err := passerelle.RequireActor(n.sys)
		must(t, err)
		k, err := n.pipe.KPIs(n.sys, sys, passerelle.KPIFilter{MemberID: memC.ID, Year: 2019})
		must(t, err)
		if k.Counts.EUProjects != 1 || k.Counts.EUProjectsCoordinated != 1 || k.Money.EUProjects != 123456780 {
			t.Errorf("member 2019: %+v %+v", k.Counts, k.Money)
		}
		k, err = n.pipe.KPIs(n.sys, sys, passerelle.KPIFilter{MemberID: memC.ID})
		must(t, err)
		if k.Counts.EUProjects != 2 || k.Counts.EUProjectsCoordinated != 1 || k.Money.EUProjects != 123456780+100000 {
			t.Errorf("member, all years: %+v %+v", k.Counts, k.Money)
		}
		k, err = n.pipe.KPIs(n.sys, sys, passerelle.KPIFilter{OrganizationID: oxford})
		must(t, err)
		if k.Counts.EUProjects != 1 || k.Counts.EUProjectsCoordinated != 0 || k.Money.EUProjects != 50000000 {
			t.Errorf("Oxford: %+v %+v", k.Counts, k.Money)
		}
		// A bad row: nothing saved, the line named.
		bad := append([]passerelle.ParticipationRow(nil), f.Rows...)
		bad = append(bad, passerelle.ParticipationRow{Line: 9, ProjectRef: "103", Organization: &passerelle.Organization{Name: "New Org", Country: "ZZ"}})
		_, err = n.pipe.ImportParticipations(n.sys, bad, passerelle.ParticipationImportOptions{})
		if !strings.Contains(passerelle.ErrorMessage(err), "line 9") {
			t.Errorf("bad row: %v", err)
		}
		if ps, _, _ := n.pipe.FindProjects(n.sys, passerelle.ProjectFilter{Kind: passerelle.KindEUProject}); len(ps) != 5 {
			t.Errorf("%d EU projects after a refused import, want 5", len(ps))
		}
	})
}

// TestImportParticipationsBatches: more new projects than one statement carries (they are
// written in batches): each is saved with its organisations, its member's amount and an
// audit entry, and a re-import finds every one again.
func TestImportParticipationsBatches(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		n := newKPINetwork(t, db)
		var rows []passerelle.ParticipationRow
		const projects = 450
		for i := range projects {
			ref := fmt.Sprintf("B%04d", i)
			rows = append(rows,
				passerelle.ParticipationRow{Line: 2 + 2*i, ProjectRef: ref, Acronym: ref, Title: "Batch " + ref, StartDate: "2020-03-01",
					Organization: &passerelle.Organization{Name: "Xenon GmbH", Country: "DE"}, Role: "coordinator", AmountCents: 1000},
				passerelle.ParticipationRow{Line: 3 + 2*i, ProjectRef: ref, StartDate: "2020-03-01",
					Organization: &passerelle.Organization{Name: "Institut B", Country: "FR"}, Role: "participant", AmountCents: int64(i)})
		}
		rep, err := n.pipe.ImportParticipations(n.sys, rows, passerelle.ParticipationImportOptions{})
		must(t, err)
		if rep.ProjectsCreated != projects || rep.MemberProjects != projects || rep.OrganizationsNew != 0 {
			t.Fatalf("import: %+v", rep)
		}
		ps, total, err := n.pipe.FindProjects(n.sys, passerelle.ProjectFilter{Kind: passerelle.KindEUProject, OrganizationID: n.x.ID, Limit: 1000})
		must(t, err)
		if total != projects+2 { // and e1, e2 of the network
			t.Fatalf("%d EU projects with Xenon, want %d", total, projects+2)
		}
		seen := 0
		for _, p := range ps {
			if !strings.HasPrefix(p.Ref, "B") {
				continue
			}
			seen++
			i, _ := strconv.Atoi(p.Ref[1:])
			if p.Title != "Batch "+p.Ref || p.MemberID != n.memB.ID || p.Role != "participant" || p.Version != 1 || len(p.Participations) != 2 ||
				p.Participations[0].OrganizationID != n.x.ID || p.Participations[0].Role != "coordinator" ||
				len(p.Amounts) != 1 || p.Amounts[0] != (passerelle.ProjectAmount{Year: 2020, AmountCents: int64(i), EURCents: int64(i)}) {
				t.Fatalf("project %s: %+v", p.Ref, p)
			}
		}
		if seen != projects {
			t.Errorf("%d imported projects read back, want %d", seen, projects)
		}
		entries, err := store.NewAuditService(db).FindAuditEntries(n.sys, passerelle.AuditFilter{Entity: "project", Limit: 1000})
		must(t, err)
		imported := 0
		for _, e := range entries {
			if e.Action == "import" && strings.HasPrefix(e.Summary, "Batch ") && e.Changes["participations"].New != nil {
				imported++
			}
		}
		if imported != projects {
			t.Errorf("%d audit entries of imported projects, want %d", imported, projects)
		}
		again, err := n.pipe.ImportParticipations(n.sys, rows, passerelle.ParticipationImportOptions{})
		must(t, err)
		if again.ProjectsUnchanged != projects || again.ProjectsCreated+again.ProjectsUpdated != 0 {
			t.Errorf("re-import: %+v", again)
		}
	})
}
