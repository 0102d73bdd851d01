package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"runtime"
	"slices"
	"strconv"
	"time"

	"passerelle"
	"passerelle/report"
	"passerelle/store"
)

// runBenchKPI measures the figures of issue 17 at its scale: 5 members, 50,000 meetings,
// 5,000 contracts and 20,000 participations over ten years; the time of an import of the
// participations and of the KPIs of the network, a member, a year and an organisation
// (docs/pipeline.md); then the annual report of 2020 (gathered, and written in each
// format) and the KPI and report pages through the web server. A fresh SQLite file, or a
// fresh database created (and dropped) on the server of --database.
func runBenchKPI(ctx context.Context, a *App, args []string) error {
	var cfg Config
	fs := a.flags("bench kpi", &cfg)
	nMeet := fs.Int("meetings", 50000, "meetings over ten years")
	nContracts := fs.Int("contracts", 5000, "R&D contracts and licences")
	nPart := fs.Int("participations", 20000, "EU project participations (10 per project)")
	runs := fs.Int("runs", 5, "runs of each figure")
	seed := fs.Uint64("seed", 1, "random seed")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	dbURL, cleanup, err := benchDatabase(ctx, cfg.DatabaseURL)
	if err != nil {
		return err
	}
	defer cleanup()
	db, err := store.Open(ctx, dbURL, "")
	if err != nil {
		return err
	}
	defer db.Close()
	fmt.Fprintf(a.Stdout, "%s, %d meetings, %d contracts, %d participations, Go %s, %d CPUs\n", db.Dialect, *nMeet, *nContracts, *nPart,
		runtime.Version(), runtime.NumCPU())
	root := passerelle.NewContextWithActor(ctx, &passerelle.Actor{System: true})
	w := &passerelle.Workspace{Slug: "bench", Name: "bench"}
	wss := store.NewWorkspaceService(db)
	if err := wss.CreateWorkspace(root, w); err != nil {
		return err
	}
	sys := passerelle.NewContextWithActor(ctx, passerelle.SystemActor(w.ID))
	orgSvc, users := store.NewOrganizationService(db), store.NewUserService(db)
	rng := rand.New(rand.NewPCG(*seed, 17))
	countries := []string{"US", "DE", "JP", "DK", "GB", "FR", "FR", "CH", "IT", "ES"}
	var orgIDs []int64
	for i := range 1000 {
		o := &passerelle.Organization{Name: fmt.Sprintf("Bench Company %d", i), Kind: passerelle.KindCompany, Country: countries[i%len(countries)]}
		if err := orgSvc.CreateOrganization(sys, o); err != nil {
			return err
		}
		orgIDs = append(orgIDs, o.ID)
	}
	var members []*passerelle.Member
	var userIDs []int64
	var emails []string // the first member's user and the coordinator sign in to the pages
	acc := store.NewAccountService(db)
	for i := range 5 {
		o := &passerelle.Organization{Name: fmt.Sprintf("Bench Institute %d", i), Kind: passerelle.KindResearchInstitute, Country: "FR"}
		if err := orgSvc.CreateOrganization(sys, o); err != nil {
			return err
		}
		m := &passerelle.Member{Name: o.Name, OrganizationID: o.ID}
		if err := wss.CreateMember(sys, m); err != nil {
			return err
		}
		members = append(members, m)
		for j := range 4 {
			u := &passerelle.User{Email: fmt.Sprintf("u%d-%d@bench.passerelle.test", i, j)}
			if err := users.CreateUser(sys, u); err != nil {
				return err
			}
			if err := users.SetMembership(sys, &passerelle.Membership{UserID: u.ID, MemberID: m.ID, Role: passerelle.RoleMember}); err != nil {
				return err
			}
			userIDs = append(userIDs, u.ID)
			if i == 0 && j == 0 {
				if err := acc.SetPassword(sys, u.ID, benchPassword); err != nil {
					return err
				}
				emails = append(emails, u.Email)
			}
		}
	}
	coord := &passerelle.User{Email: "coordinator@bench.passerelle.test", Name: "Coordinator"}
	if err := users.CreateUser(sys, coord); err != nil {
		return err
	}
	if err := acc.SetPassword(sys, coord.ID, benchPassword); err != nil {
		return err
	}
	if err := users.SetMembership(sys, &passerelle.Membership{UserID: coord.ID, MemberID: members[0].ID, Role: passerelle.RoleCoordinator}); err != nil {
		return err
	}
	emails = append(emails, coord.Email)
	if err := store.GeneratePeople(sys, db, 1000, *seed); err != nil {
		return err
	}
	people, _, err := store.NewPersonService(db).FindPeople(sys, passerelle.PersonFilter{Limit: 1000})
	if err != nil {
		return err
	}
	var personIDs []int64
	for _, p := range people {
		personIDs = append(personIDs, p.ID)
	}
	from := time.Date(2016, 1, 1, 0, 0, 0, 0, time.UTC)
	start := time.Now()
	if err := store.GenerateMeetings(sys, db, store.MeetingSpec{N: *nMeet, From: from, Span: from.AddDate(10, 0, 0).Sub(from),
		OrgIDs: orgIDs, PersonIDs: personIDs, UserIDs: userIDs, Seed: *seed}); err != nil {
		return err
	}
	fmt.Fprintf(a.Stdout, "meetings generated in %v\n", time.Since(start).Round(time.Millisecond))
	pipe := store.NewPipelineService(db)
	start = time.Now()
	for i := range *nContracts {
		kind := passerelle.KindRDContract
		if i%5 == 4 {
			kind = passerelle.KindLicence
		}
		y := 2016 + rng.IntN(10)
		p := &passerelle.Project{Kind: kind, Title: fmt.Sprintf("Contract %d", i), MemberID: members[rng.IntN(5)].ID, ClientID: orgIDs[rng.IntN(len(orgIDs))],
			StartDate: fmt.Sprintf("%d-01-01", y), Amounts: []passerelle.ProjectAmount{{Year: y, AmountCents: rng.Int64N(50_000_000_00)}}}
		if rng.IntN(4) == 0 {
			p.Visibility = passerelle.VisibilityPrivate
		}
		if err := pipe.CreateProject(sys, p); err != nil {
			return err
		}
	}
	fmt.Fprintf(a.Stdout, "contracts created one by one (with audit) in %v\n", time.Since(start).Round(time.Millisecond))
	rows := make([]passerelle.ParticipationRow, 0, *nPart)
	for i := range *nPart {
		proj := i / 10
		y := 2016 + proj%10
		j := rng.IntN(len(orgIDs))
		name, c := fmt.Sprintf("Bench Company %d", j), countries[j%len(countries)]
		if i%10 == 0 {
			name, c = members[proj%5].Name, "FR"
		}
		role := passerelle.ProjectParticipant
		if i%10 == 0 && proj%3 == 0 {
			role = passerelle.ProjectCoordinator
		}
		rows = append(rows, passerelle.ParticipationRow{Line: i + 2, ProjectRef: strconv.Itoa(900000 + proj), Acronym: fmt.Sprintf("P%d", proj),
			Title: fmt.Sprintf("Project %d", proj), StartDate: fmt.Sprintf("%d-03-01", y),
			Organization: &passerelle.Organization{Name: name, Country: c}, Role: role,
			AmountCents: rng.Int64N(2_000_000_00)})
	}
	start = time.Now()
	rep, err := pipe.ImportParticipations(sys, rows, passerelle.ParticipationImportOptions{Ambiguous: passerelle.AmbiguousNew})
	if err != nil {
		return err
	}
	fmt.Fprintf(a.Stdout, "import of %d participations (%d projects, %d organisations: %d new): %v\n", rep.Rows, rep.Projects, rep.Organizations,
		rep.OrganizationsNew, time.Since(start).Round(time.Millisecond))
	start = time.Now()
	if _, err := pipe.ImportParticipations(sys, rows, passerelle.ParticipationImportOptions{Ambiguous: passerelle.AmbiguousNew}); err != nil {
		return err
	}
	fmt.Fprintf(a.Stdout, "re-import, nothing changes: %v\n", time.Since(start).Round(time.Millisecond))
	if err := pipe.Analyze(ctx); err != nil {
		return err
	}
	member := &passerelle.Actor{WorkspaceID: w.ID, MemberID: members[0].ID, Role: passerelle.RoleMember}
	for _, c := range []struct {
		name string
		f    passerelle.KPIFilter
	}{
		{"network, all years", passerelle.KPIFilter{}},
		{"network, 2020", passerelle.KPIFilter{Year: 2020}},
		{"member, 2020", passerelle.KPIFilter{Year: 2020, MemberID: members[0].ID}},
		{"network, 2020, DE", passerelle.KPIFilter{Year: 2020, Country: "DE"}},
		{"member, all years, DE", passerelle.KPIFilter{MemberID: members[0].ID, Country: "DE"}},
		{"organisation, all years", passerelle.KPIFilter{OrganizationID: orgIDs[3]}},
	} {
		var ds []time.Duration
		var k passerelle.KPIs
		for range *runs {
			t := time.Now()
			if k, err = pipe.KPIs(ctx, member, c.f); err != nil {
				return err
			}
			ds = append(ds, time.Since(t))
		}
		slices.Sort(ds)
		fmt.Fprintf(a.Stdout, "KPIs %-24s median %7.1f ms, max %7.1f ms (held %d, abroad %d, revenue %s €)\n", c.name,
			float64(ds[len(ds)/2].Microseconds())/1000, float64(ds[len(ds)-1].Microseconds())/1000, k.Counts.MeetingsHeld,
			k.Counts.CompaniesMetAbroad, passerelle.FormatCents(k.Money.PartnershipRevenue))
	}
	if err := benchReports(ctx, a, db, w, members[0], *runs); err != nil {
		return err
	}
	return benchKPIPages(ctx, a, db, emails, members[0], orgIDs[3], *runs)
}

// median and max of durations, in milliseconds.
func medianMax(ds []time.Duration) (float64, float64) {
	slices.Sort(ds)
	return float64(ds[len(ds)/2].Microseconds()) / 1000, float64(ds[len(ds)-1].Microseconds()) / 1000
}

// benchReports times `passerelle report` for 2020, the network's (as the operator runs
// it: every record) and a member's: gathering the records and figures (report.Gather),
// then writing each format, as the command does without the file.
func benchReports(ctx context.Context, a *App, db *store.DB, w *passerelle.Workspace, m *passerelle.Member, runs int) error {
	sys := passerelle.NewContextWithActor(ctx, passerelle.SystemActor(w.ID))
	formats := []struct {
		name  string
		write func(*bytes.Buffer, *report.Data, report.Options) error
	}{
		{"html", func(b *bytes.Buffer, d *report.Data, o report.Options) error { return report.WriteHTML(b, d, o) }},
		{"xlsx", func(b *bytes.Buffer, d *report.Data, o report.Options) error { return report.WriteXLSX(b, d, o) }},
		{"pdf", func(b *bytes.Buffer, d *report.Data, o report.Options) error { return report.WritePDF(b, d, o) }},
	}
	for _, scope := range []struct{ name, slug string }{{"network", ""}, {"member", passerelle.MemberSlug(m.Name)}} {
		var gather []time.Duration
		var d *report.Data
		for range runs {
			t := time.Now()
			var err error
			if d, err = report.Gather(sys, db, passerelle.ActorFromContext(sys), 2020, scope.slug, reportKPIs(db)); err != nil {
				return err
			}
			gather = append(gather, time.Since(t))
		}
		med, mx := medianMax(gather)
		fmt.Fprintf(a.Stdout, "report 2020 %-7s gather (records and 5 years of figures): median %7.1f ms, max %7.1f ms\n", scope.name, med, mx)
		for _, f := range formats {
			var ds []time.Duration
			var b bytes.Buffer
			for range runs {
				b.Reset()
				t := time.Now()
				if err := f.write(&b, d, report.Options{Lang: "en"}); err != nil {
					return err
				}
				ds = append(ds, time.Since(t))
			}
			med, mx := medianMax(ds)
			fmt.Fprintf(a.Stdout, "report 2020 %-7s write %-4s: median %7.1f ms, max %7.1f ms (%d bytes)\n", scope.name, f.name, med, mx, b.Len())
		}
	}
	return nil
}

// benchKPIPages times the pages through the web server, one request after another: the
// KPI page as a member's user and as the coordinator (the network), and the report's
// page and files as the coordinator.
func benchKPIPages(ctx context.Context, a *App, db *store.DB, emails []string, m *passerelle.Member, org int64, runs int) error {
	srv, err := benchServer(db)
	if err != nil {
		return err
	}
	defer srv.Close()
	clients, err := signInClients(srv.URL, emails)
	if err != nil {
		return err
	}
	member, coord := clients[0], clients[1]
	for _, p := range []struct {
		name string
		c    *http.Client
		path string
	}{
		{"KPI page, member's user, network, all years", member, "/kpis?member_id=0"},
		{"KPI page, member's user, network, 2020", member, "/kpis?member_id=0&year=2020"},
		{"KPI page, member's user, its member, 2020", member, fmt.Sprintf("/kpis?member_id=%d&year=2020", m.ID)},
		{"KPI page, member's user, network, 2020, DE", member, "/kpis?member_id=0&year=2020&country=DE"},
		{"KPI page, coordinator, network, 2020", coord, "/kpis?member_id=0&year=2020"},
		{"projects of DE, 2020 (a figure's link)", member, "/projects?country=DE&year=2020"},
		{"companies met abroad, 2020 (a figure's link)", member, "/kpis/companies?year=2020"},
		{"organisation's figures, all years", member, fmt.Sprintf("/kpis?organization_id=%d", org)},
		{"report page 2020, network (coordinator)", coord, "/reports/2020"},
		{"report page 2020, member's user", member, "/reports/2020"},
		{"report PDF 2020, network (coordinator)", coord, "/reports/2020?format=pdf"},
		{"report XLSX 2020, network (coordinator)", coord, "/reports/2020?format=xlsx"},
	} {
		var ds []time.Duration
		var n int64
		for range runs {
			t := time.Now()
			res, err := p.c.Get(srv.URL + p.path)
			if err != nil {
				return err
			}
			n, _ = io.Copy(io.Discard, res.Body)
			res.Body.Close()
			if res.StatusCode != http.StatusOK {
				return fmt.Errorf("%s: GET %s: %s", p.name, p.path, res.Status)
			}
			ds = append(ds, time.Since(t))
			if ctx.Err() != nil {
				return ctx.Err()
			}
		}
		med, mx := medianMax(ds)
		fmt.Fprintf(a.Stdout, "%-48s median %7.1f ms, max %7.1f ms (%d bytes)\n", p.name, med, mx, n)
	}
	return nil
}
