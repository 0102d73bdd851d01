package main

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"io"
	"math/rand/v2"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"

	"passerelle"
	"passerelle/interchange"
	"passerelle/store"
	"passerelle/worldmap"
)

// 'passerelle bench agreements': the register at the Atlas's size (12,000 agreements,
// 10,000 partners in 140 countries), on a database of its own that it drops after:
// import, faceted search, map, export, and import of the export elsewhere.

func runBenchAgreements(ctx context.Context, a *App, args []string) error {
	var cfg Config
	fs := a.flags("bench agreements", &cfg)
	n := fs.Int("agreements", 12000, "agreements to generate")
	np := fs.Int("partners", 10000, "partner organisations to generate")
	searches := fs.Int("searches", 300, "faceted searches to time")
	seed := fs.Uint64("seed", 1, "random seed")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	db, closeDB, err := openBenchDB(ctx, cfg.DatabaseURL)
	if err != nil {
		return err
	}
	defer closeDB()
	ws := store.NewWorkspaceService(db)
	root := passerelle.NewContextWithActor(ctx, &passerelle.Actor{System: true})
	mk := func(slug string) (context.Context, error) {
		w := &passerelle.Workspace{Slug: slug, Name: slug}
		if err := ws.CreateWorkspace(root, w); err != nil {
			return nil, err
		}
		return passerelle.NewContextWithActor(ctx, passerelle.SystemActor(w.ID)), nil
	}
	sys, err := mk("bench")
	if err != nil {
		return err
	}
	svc := store.NewAgreementService(db)
	fmt.Fprintf(a.Stdout, "%s, %d agreements, %d partners, Go %s, %d CPUs\n", db.Dialect, *n, *np, runtime.Version(), runtime.NumCPU())

	gen := generateAgreements(*n, *np, *seed)
	t0 := time.Now()
	res, err := svc.ImportAgreements(sys, func(yield func(*passerelle.AgreementImportItem, error) bool) {
		for i, ag := range gen {
			if !yield(&passerelle.AgreementImportItem{Sheet: "agreements", Row: i + 2, Agreement: ag}, nil) {
				return
			}
		}
	}, false)
	if err != nil {
		return fmt.Errorf("load: %w", err)
	}
	fmt.Fprintf(a.Stdout, "load (import of generated agreements, creating the partners): %s (%d agreements, %d organisations created)\n",
		time.Since(t0).Round(time.Millisecond), res.Created, res.OrganizationsCreated)

	// The first search builds the workspace's facet index (the import changed more
	// than an update can bring it up to date with).
	t0 = time.Now()
	if _, _, _, err := svc.SearchAgreements(sys, passerelle.AgreementFilter{Limit: 20}); err != nil {
		return err
	}
	fmt.Fprintf(a.Stdout, "first search after the load (facet index built): %s\n", time.Since(t0).Round(time.Millisecond))

	// Faceted search: facets and the first page, for filters like a user's.
	rng := rand.New(rand.NewPCG(*seed, 7))
	countries := benchCountries()
	themes := []string{"economy", "economy.attractiveness.clusters", "research.cooperation", "health.biotech", "culture", "governance"}
	words := []string{"biotechnologies", "cooperation", "sante", "eau", "universite", "formation", "culture", "agriculture"}
	var lat []time.Duration
	for i := range *searches {
		f := passerelle.AgreementFilter{Limit: 20}
		switch i % 6 {
		case 0:
			f.Country = countries[rng.IntN(len(countries))]
		case 1:
			f.Theme = themes[rng.IntN(len(themes))]
			f.Status = passerelle.StatusActive
		case 2:
			f.Query = words[rng.IntN(len(words))]
		case 3:
			f.Region, f.Year = passerelle.RegionCodes[rng.IntN(5)], 2000+rng.IntN(25)
		case 4:
			f.Query, f.Country = words[rng.IntN(len(words))], countries[rng.IntN(len(countries))]
		case 5: // no filter: the register's home page
		}
		s := time.Now()
		if _, _, _, err := svc.SearchAgreements(sys, f); err != nil {
			return err
		}
		lat = append(lat, time.Since(s))
	}
	slices.Sort(lat)
	pct := func(p float64) time.Duration {
		return lat[min(len(lat)-1, int(p*float64(len(lat))))].Round(time.Microsecond)
	}
	fmt.Fprintf(a.Stdout, "faceted search (7 facets + first page of 20), %d searches: p50 %s, p95 %s, max %s\n", len(lat), pct(0.5), pct(0.95), lat[len(lat)-1].Round(time.Microsecond))

	// The first search after a change brings the facet index up to date.
	first, _, err := svc.FindAgreements(sys, passerelle.AgreementFilter{Limit: 5})
	if err != nil {
		return err
	}
	var cold []time.Duration
	for i, ag := range first {
		ag.Notes = fmt.Sprintf("touched %d", i)
		if err := svc.UpdateAgreement(sys, ag); err != nil {
			return err
		}
		s := time.Now()
		if _, _, _, err := svc.SearchAgreements(sys, passerelle.AgreementFilter{Limit: 20, Country: countries[i]}); err != nil {
			return err
		}
		cold = append(cold, time.Since(s))
	}
	slices.Sort(cold)
	fmt.Fprintf(a.Stdout, "faceted search right after a change (facet index brought up to date), %d searches: median %s, max %s\n", len(cold),
		cold[len(cold)/2].Round(time.Microsecond), cold[len(cold)-1].Round(time.Microsecond))

	// The map: country counts and funding from the facets, then the SVG.
	var mapQuery, mapRender time.Duration
	const maps = 20
	for range maps {
		s := time.Now()
		fc, err := svc.FacetAgreements(sys, passerelle.AgreementFilter{})
		if err != nil {
			return err
		}
		mapQuery += time.Since(s)
		s = time.Now()
		vals := map[string]float64{}
		for _, c := range fc.Countries {
			vals[c.Value] = float64(c.Count)
		}
		if err := (&worldmap.Map{Values: vals, Link: func(c string) string { return "?country=" + c }}).Render(io.Discard); err != nil {
			return err
		}
		mapRender += time.Since(s)
	}
	fmt.Fprintf(a.Stdout, "map: counts per country (all facets) %s, SVG rendering %s, per map\n", (mapQuery / maps).Round(time.Microsecond), (mapRender / maps).Round(time.Microsecond))

	// Full exports.
	var xlsx bytes.Buffer
	for _, format := range []string{"json", "csv", "xlsx"} {
		s := time.Now()
		var buf bytes.Buffer
		dir := ""
		if format == "csv" {
			d, err := os.MkdirTemp("", "passerelle-bench-csv")
			if err != nil {
				return err
			}
			defer os.RemoveAll(d)
			dir = filepath.Join(d, "export")
		}
		aw, err := interchange.NewAgreementWriter(&buf, format, dir)
		if err != nil {
			return err
		}
		if err := svc.EachAgreement(sys, passerelle.AgreementFilter{}, 500, aw.Write); err != nil {
			return err
		}
		if err := aw.Close(); err != nil {
			return err
		}
		size := buf.Len()
		if format == "csv" {
			size = dirSize(dir)
		}
		fmt.Fprintf(a.Stdout, "export %s: %s (%.1f MB)\n", format, time.Since(s).Round(time.Millisecond), float64(size)/1e6)
		if format == "xlsx" {
			xlsx = buf
		}
	}

	// Import of the XLSX export into an empty workspace.
	other, err := mk("bench-import")
	if err != nil {
		return err
	}
	s := time.Now()
	tables, err := interchange.ReadAgreementXLSX(bytes.NewReader(xlsx.Bytes()))
	if err != nil {
		return err
	}
	read := time.Since(s)
	res, err = svc.ImportAgreements(other, interchange.AgreementItems(tables), false)
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	fmt.Fprintf(a.Stdout, "import xlsx into an empty workspace: %s (reading the workbook %s; %d agreements, %d organisations created)\n",
		time.Since(s).Round(time.Millisecond), read.Round(time.Millisecond), res.Created, res.OrganizationsCreated)
	return nil
}

func dirSize(dir string) int {
	n := 0
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if info, err := e.Info(); err == nil {
			n += int(info.Size())
		}
	}
	return n
}

// openBenchDB opens a database of the benchmark's own: a new PostgreSQL database on the
// server of url, or a SQLite file in a temporary directory; done closes it and drops it.
func openBenchDB(ctx context.Context, u string) (db *store.DB, done func(), err error) {
	dbURL, cleanup, err := benchDatabase(ctx, u)
	if err != nil {
		return nil, nil, err
	}
	if db, err = store.Open(ctx, dbURL, ""); err != nil {
		cleanup()
		return nil, nil, err
	}
	return db, func() { db.Close(); cleanup() }, nil
}

// benchDatabase returns the URL of a database of the benchmark's own (see openBenchDB)
// and what removes it.
func benchDatabase(ctx context.Context, u string) (string, func(), error) {
	if u == "" {
		dir, err := os.MkdirTemp("", "passerelle-bench")
		if err != nil {
			return "", nil, err
		}
		return "sqlite:" + filepath.Join(dir, "bench.db"), func() { os.RemoveAll(dir) }, nil
	}
	admin, err := sql.Open("pgx", u)
	if err != nil {
		return "", nil, err
	}
	name := fmt.Sprintf("passerelle_bench_%d", rand.Int64N(1<<40))
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		admin.Close()
		return "", nil, fmt.Errorf("create benchmark database: %w", err)
	}
	pu, err := url.Parse(u)
	if err != nil {
		admin.Close()
		return "", nil, err
	}
	pu.Path = "/" + name
	return pu.String(), func() {
		if _, err := admin.ExecContext(context.Background(), "DROP DATABASE "+name+" WITH (FORCE)"); err != nil {
			fmt.Fprintln(os.Stderr, "drop benchmark database:", err)
		}
		admin.Close()
	}, nil
}

// benchCountries are 140 partner countries, as many as the Atlas counts.
func benchCountries() []string {
	var out []string
	for _, c := range passerelle.CountryCodes() {
		if r, _ := passerelle.RegionOf(c); r != "" && c != "FR" && worldmap.Has(c) {
			out = append(out, c)
		}
		if len(out) == 140 {
			break
		}
	}
	return out
}

// generateAgreements makes n made-up agreements over np partners: about half French
// local authorities, half foreign partners in 140 countries, with Atlas-like texts,
// themes, three funding lines and a programme of two phases.
func generateAgreements(n, np int, seed uint64) []*passerelle.Agreement {
	rng := rand.New(rand.NewPCG(seed, 1))
	countries := benchCountries()
	type partner struct{ name, country, side string }
	partners := make([]partner, np)
	for i := range partners {
		if i%2 == 0 {
			partners[i] = partner{fmt.Sprintf("Fictional collectivité %05d", i), "FR", passerelle.SideFrench}
		} else {
			partners[i] = partner{fmt.Sprintf("Fictional foreign partner %05d", i), countries[rng.IntN(len(countries))], passerelle.SideForeign}
		}
	}
	var themes []string
	for _, t := range passerelle.DefaultThemes {
		if t.Level >= 2 {
			themes = append(themes, t.Code)
		}
	}
	vocab := strings.Fields("coopération décentralisée santé biotechnologies eau assainissement formation université recherche culture patrimoine " +
		"agriculture développement économique jeunesse échanges entreprises innovation gouvernance locale environnement énergie climat tourisme " +
		"mobilité étudiants chercheurs séminaire mission délégation filière cluster transfert technologie")
	text := func(words int) string {
		w := make([]string, words)
		for i := range w {
			w[i] = vocab[rng.IntN(len(vocab))]
		}
		return strings.Join(w, " ")
	}
	out := make([]*passerelle.Agreement, n)
	for i := range out {
		year := 1990 + rng.IntN(36)
		fr := partners[2*rng.IntN(np/2)]
		a := &passerelle.Agreement{
			Title:      fmt.Sprintf("Fictional agreement %05d: %s", i, text(6)),
			Type:       passerelle.AgreementTypes[rng.IntN(len(passerelle.AgreementTypes))],
			SignedYear: year, StartDate: fmt.Sprint(year), EndDate: fmt.Sprintf("%d-12-31", year+1+rng.IntN(5)),
			Theme:   themes[rng.IntN(len(themes))],
			Context: text(80), History: text(60), Objectives: text(40), Description: text(120),
			Form:     "Projet de coopération décentralisée",
			Partners: []passerelle.AgreementPartner{{Name: fr.name, Country: fr.country, Side: fr.side, Kind: string(passerelle.KindLocalAuthority)}},
			Contacts: []passerelle.AgreementContact{{FirstName: "Fictional", LastName: fmt.Sprintf("Contact %d", i), Role: "Correspondant", Kind: "embassy"}},
		}
		if rng.IntN(3) == 0 {
			a.Status = passerelle.StatusSuspended
		}
		if t := themes[rng.IntN(len(themes))]; t != a.Theme {
			a.OtherThemes = []passerelle.AgreementTheme{{Code: t, Priority: 1}}
		}
		for range 1 + rng.IntN(2) {
			f := partners[2*rng.IntN(np/2)+1]
			if !slices.ContainsFunc(a.Partners, func(p passerelle.AgreementPartner) bool { return p.Name == f.name }) {
				a.Partners = append(a.Partners, passerelle.AgreementPartner{Name: f.name, Country: f.country, Side: f.side})
			}
		}
		for j, funder := range []string{"Ministère de l'Europe et des Affaires étrangères", fr.name, a.Partners[len(a.Partners)-1].Name} {
			a.Funding = append(a.Funding, passerelle.FundingLine{Funder: funder, AmountCents: int64(1000+rng.IntN(50000)) * 100, Year: year + j%2})
		}
		for p := range 2 {
			a.Phases = append(a.Phases, passerelle.Phase{Title: fmt.Sprintf("Phase %d : %s", p+1, text(5)), Description: text(20),
				Actions: []passerelle.Action{{Title: text(4), StartDate: fmt.Sprint(year + p), Status: passerelle.ActionDone}}})
		}
		out[i] = a
	}
	return out
}
