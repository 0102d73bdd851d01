package main

import (
	"context"
	"encoding/csv"
	"fmt"
	"iter"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	"passerelle"
	"passerelle/interchange"
	"passerelle/store"
)

// runBenchPeopleScale loads a workspace of --orgs organisations and --people people
// (each at one of them, with an email at its domain), then times the dry run and the
// import of --rows contact-list rows: a quarter known people with their email, a quarter
// known people by name in capitals at their organisation, a quarter new people at known
// organisations, a quarter new people at new organisations.
func runBenchPeopleScale(ctx context.Context, a *App, args []string) error {
	var cfg Config
	fs := a.flags("bench people-scale", &cfg)
	norgs := fs.Int("orgs", 200000, "organisations in the workspace")
	npeople := fs.Int("people", 1000000, "people in the workspace")
	nrows := fs.Int("rows", 10000, "incoming rows")
	cpuprofile := fs.String("cpuprofile", "", "write a CPU profile of the import (the saving run) to this file")
	keep := fs.String("keep", "", "SQLite file that keeps the workspace between runs: loaded when new, reused when it holds it (copy it first: the import adds to it)")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	var db *store.DB
	closeDB := func() {}
	var err error
	if *keep != "" {
		if db, err = store.Open(ctx, "sqlite:"+*keep, ""); err != nil {
			return err
		}
		defer db.Close()
	} else if db, closeDB, err = openBenchDB(ctx, cfg.DatabaseURL); err != nil {
		return err
	}
	defer closeDB()
	_, sctx, err := workspace(ctx, db, "bench-people", true)
	if err != nil {
		return err
	}
	fmt.Fprintf(a.Stdout, "%s, %d organisations, %d people, %d rows, Go %s, %d CPUs\n", db.Dialect, *norgs, *npeople, *nrows, runtime.Version(), runtime.NumCPU())
	rng := rand.New(rand.NewPCG(3, 4))
	people := store.NewPersonService(db)
	_, held, err := people.FindPeople(sctx, passerelle.PersonFilter{Limit: 1})
	if err != nil {
		return err
	}
	orgs := store.NewOrganizationService(db)
	if held == 0 {
		start := time.Now()
		items := func(yield func(*passerelle.OrgImportItem, error) bool) {
			for i := 0; i < *norgs; i++ {
				o := &passerelle.Organization{Name: peopleScaleOrg(i), RORID: fmt.Sprintf("https://ror.org/0zz%06d", i), Country: "FR"}
				if !yield(&passerelle.OrgImportItem{Line: i + 1, Organization: o}, nil) {
					return
				}
			}
		}
		if _, err := orgs.ImportOrganizations(sctx, iter.Seq2[*passerelle.OrgImportItem, error](items), false); err != nil {
			return err
		}
		fmt.Fprintf(a.Stdout, "load %d organisations: %.1f s\n", *norgs, time.Since(start).Seconds())
		start = time.Now()
		if err := store.GenerateContacts(sctx, db, *npeople, 1); err != nil {
			return err
		}
		fmt.Fprintf(a.Stdout, "load %d people: %.1f s\n", *npeople, time.Since(start).Seconds())
	}

	// Known people to vary: pages from here and there in the book.
	var known []*passerelle.Person
	for len(known) < *nrows/2 {
		page, _, err := people.FindPeople(sctx, passerelle.PersonFilter{Offset: rng.IntN(max(*npeople-500, 1)), Limit: 500})
		if err != nil {
			return err
		}
		known = append(known, page...)
	}
	orgOf := func(p *passerelle.Person) (string, error) {
		_, dom, _ := strings.Cut(p.Emails[0], "@")
		id, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimPrefix(dom, "org"), ".example"), 10, 64)
		if err != nil {
			return "", fmt.Errorf("%s %v: %w", p.Name(), p.Emails, err)
		}
		o, err := orgs.FindOrganizationByID(sctx, id)
		if err != nil {
			return "", err
		}
		return o.Name, nil
	}
	dir, err := os.MkdirTemp("", "passerelle-bench-rows-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "contacts.csv")
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := csv.NewWriter(f)
	w.Write([]string{"first name", "last name", "email", "organisation", "country"})
	for i := 0; i < *nrows; i++ {
		p := known[rng.IntN(len(known))]
		org, err := orgOf(p)
		if err != nil {
			return err
		}
		switch i % 4 {
		case 0:
			w.Write([]string{p.FirstName, p.LastName, p.Emails[0], org, "FR"})
		case 1:
			w.Write([]string{p.FirstName, strings.ToUpper(p.LastName), "", org, "FR"})
		case 2:
			last := store.ContactName(rng)
			w.Write([]string{p.FirstName, last, strings.ToLower(p.FirstName + "." + last + "@newmail.example"), org, "FR"})
		case 3:
			w.Write([]string{p.FirstName, store.ContactName(rng), "", peopleScaleOrg(*norgs + i), "FR"})
		}
	}
	w.Flush()
	if err := f.Close(); err != nil {
		return err
	}
	// The command's work without its printing: the file read, matched, saved.
	for _, dry := range []bool{true, false} {
		runtime.GC()
		prof := ""
		if !dry {
			prof = *cpuprofile
		}
		stop, err := profileStep(prof)
		if err != nil {
			return err
		}
		start := time.Now()
		file, err := interchange.ReadPersonFile(path, "", nil)
		if err != nil {
			return err
		}
		rep, err := people.ImportPersonRows(sctx, file.Rows, passerelle.PersonImportOptions{DryRun: dry, Ambiguous: passerelle.AmbiguousNew})
		took := time.Since(start)
		stop()
		if err != nil {
			return err
		}
		if !dry {
			fmt.Fprintf(a.Stdout, "import   %d rows: %.1f s: created %d people and %d organisations, updated %d\n", *nrows, took.Seconds(),
				rep.Created, rep.OrgsCreated, rep.Updated)
			continue
		}
		// The decisions by kind of row: what each should be is known.
		kinds := []string{"known, with email", "known, name in capitals at their organisation", "new at a known organisation", "new at a new organisation"}
		count := make([]map[string]int, 4)
		for i := range count {
			count[i] = map[string]int{}
		}
		for _, d := range rep.Rows {
			count[(d.Line-2)%4][d.Decision]++
		}
		fmt.Fprintf(a.Stdout, "dry run  %d rows: %.1f s\n", *nrows, took.Seconds())
		for i, k := range kinds {
			fmt.Fprintf(a.Stdout, "  %-46s match %d, new %d, ambiguous %d\n", k, count[i]["match"], count[i]["new"], count[i]["ambiguous"])
		}
	}
	return nil
}

// peopleScaleOrg is the name of the bench's organisation i: two made-up words and a
// legal form.
func peopleScaleOrg(i int) string {
	r := rand.New(rand.NewPCG(uint64(i), 5))
	return store.ContactName(r) + " " + store.ContactName(r) + " " + []string{"SA", "GmbH", "Labs", "Institute", "Biotech"}[i%5]
}
