package main

import (
	"context"
	"encoding/csv"
	"flag"
	"fmt"
	"io"
	"iter"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"passerelle"
	"passerelle/interchange"
	"passerelle/store"
)

// runBenchMatchingScale loads a workspace of --orgs organisations (the ROR dump's
// records, then names made of its words) and times the dry run and the import of
// --rows incoming rows, half of them variants of records held, half new.
func runBenchMatchingScale(ctx context.Context, a *App, args []string) error {
	var cfg Config
	fs := a.flags("bench matching-scale", &cfg)
	ror := fs.String("ror", "../shared/data/ror/ror_v2_latest_records.jsonl", "ROR dump (schema v2)")
	orgs := fs.Int("orgs", 200000, "organisations in the workspace")
	nrows := fs.Int("rows", 10000, "incoming rows")
	cpuprofile := fs.String("cpuprofile", "", "write a CPU profile of the dry run to FILE, and of the import to FILE.import")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	// Without --data-dir (or its variable) the options' default, ./passerelle-data, would
	// keep and grow one workspace from run to run: a fresh directory instead.
	given := a.Getenv("PASSERELLE_DATA_DIR") != ""
	fs.Visit(func(f *flag.Flag) { given = given || f.Name == "data-dir" })
	if !given && cfg.DatabaseURL == "" {
		d, err := os.MkdirTemp("", "passerelle-bench-matching-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(d)
		cfg.DataDir = d
	}
	recs, err := readROR(*ror)
	if err != nil {
		return err
	}
	db, err := a.openDB(ctx, &cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	slug := cfg.Workspace
	if slug == "" {
		slug = "bench-matching"
	}
	_, sctx, err := workspace(ctx, db, slug, true)
	if err != nil {
		return err
	}
	// The vocabulary that made-up names are drawn from.
	var vocab []string
	seen := map[string]bool{}
	for _, r := range recs {
		for _, w := range strings.Fields(r.DisplayName()) {
			if len(w) > 3 && !seen[w] {
				seen[w] = true
				vocab = append(vocab, w)
			}
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	made := func() string {
		n := 2 + rng.IntN(3)
		ws := make([]string, n)
		for i := range ws {
			ws[i] = vocab[rng.IntN(len(vocab))]
		}
		return strings.Join(ws, " ")
	}
	start := time.Now()
	items := func(yield func(*passerelle.OrgImportItem, error) bool) {
		for i := 0; i < *orgs; i++ {
			var o *passerelle.Organization
			if i < len(recs) {
				r := recs[i]
				o = &passerelle.Organization{Name: r.DisplayName(), RORID: r.ID, Country: r.Country, City: r.City, Acronyms: r.Acronyms(), Aliases: r.Aliases()}
				if len(r.Websites) > 0 {
					o.Website = r.Websites[0]
				}
			} else {
				r := recs[rng.IntN(len(recs))]
				o = &passerelle.Organization{Name: made(), RORID: fmt.Sprintf("https://ror.org/0zz%06d", i), Country: r.Country, City: r.City}
			}
			if !yield(&passerelle.OrgImportItem{Line: i + 1, Organization: o}, nil) {
				return
			}
		}
	}
	_, have, err := store.NewOrganizationService(db).FindOrganizations(sctx, passerelle.OrganizationFilter{Limit: 1})
	if err != nil {
		return err
	}
	if have == 0 { // a --data-dir given twice keeps its workspace
		if _, err := store.NewOrganizationService(db).ImportOrganizations(sctx, iter.Seq2[*passerelle.OrgImportItem, error](items), false); err != nil {
			return err
		}
		fmt.Fprintf(a.Stdout, "workspace: %d organisations loaded in %.1f s\n", *orgs, time.Since(start).Seconds())
	}
	// Incoming rows: variants of held records and new names.
	dir, err := os.MkdirTemp("", "passerelle-bench-rows-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "rows.csv")
	if keep := os.Getenv("PASSERELLE_BENCH_ROWS"); keep != "" {
		path = keep // kept, for profiling the commands on the same rows
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := csv.NewWriter(f)
	w.Write([]string{"name", "country", "city", "website"})
	for i := 0; i < *nrows; i++ {
		r := recs[rng.IntN(len(recs))]
		name := r.DisplayName()
		switch i % 4 {
		case 0:
			name = strings.ToUpper(name)
		case 1:
			if t, ok := typo(name, rng.Uint32()); ok {
				name = t
			}
		case 2:
			name = made() + " " + vocab[rng.IntN(len(vocab))]
		case 3:
			name = made()
		}
		w.Write([]string{name, r.Country, r.City, ""})
	}
	w.Flush()
	if err := f.Close(); err != nil {
		return err
	}
	env := func(k string) string {
		switch k {
		case "PASSERELLE_DATA_DIR":
			return cfg.DataDir
		case "PASSERELLE_DATABASE_URL":
			return cfg.DatabaseURL
		case "PASSERELLE_WORKSPACE":
			return slug
		}
		return ""
	}
	sub := &App{Stdout: io.Discard, Stderr: io.Discard, Getenv: env, Logger: a.Logger}
	for _, step := range []struct {
		name string
		args []string
	}{
		{"dry run", []string{path, "--dry-run", "--format", "json"}},
		{"import", []string{path, "--ambiguous", "new"}},
	} {
		runtime.GC()
		prof := *cpuprofile
		if prof != "" && step.name == "import" {
			prof += ".import"
		}
		stop, err := profileStep(prof)
		if err != nil {
			return err
		}
		start := time.Now()
		err = runImportOrganizations(ctx, sub, append(step.args, "--workspace", slug))
		stop()
		if err != nil {
			return fmt.Errorf("%s: %w", step.name, err)
		}
		fmt.Fprintf(a.Stdout, "%-8s %d rows against %d organisations: %.1f s\n", step.name, *nrows, *orgs, time.Since(start).Seconds())
	}
	_ = interchange.MaxOrgRows
	return nil
}
