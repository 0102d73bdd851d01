package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"time"

	"passerelle"
	"passerelle/interchange"
	"passerelle/store"
)

// searchQueries mix what people type: acronyms, prefixes while typing, names without
// accents, several words, people's names and topics.
var searchQueries = []string{"cnrs", "univ", "universite paris", "inst", "institut pasteur", "hopital", "energie atomique",
	"societe", "max planck", "tokyo", "lyon", "bio", "centre national", "karolinska", "inserm", "marie", "dupont", "tanaka",
	"nielsen", "oncology", "vacc", "genom", "moreau lucas", "kj", "sante", "cea", "mit", "harvard", "eth zurich", "leroy"}

// runBenchSearch loads a ROR file and generated people into a fresh workspace and
// measures search latency through the store, as the web page and the API call it.
func runBenchSearch(ctx context.Context, a *App, args []string) error {
	var cfg Config
	fs := a.flags("bench search", &cfg)
	ror := fs.String("ror", "", "ROR file to load first (schema v2)")
	people := fs.Int("people", 200000, "generated people to add")
	rounds := fs.Int("rounds", 20, "times each query runs")
	byQuery := fs.Bool("by-query", false, "also print each query's median and slowest time to standard error")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	db, err := a.openDB(ctx, &cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	slug := cfg.Workspace
	if slug == "" {
		slug = "bench-search"
	}
	w, sctx, err := workspace(ctx, db, slug, true)
	if err != nil {
		return err
	}
	_, n, err := store.NewOrganizationService(db).FindOrganizations(sctx, passerelle.OrganizationFilter{Limit: 1})
	if err != nil {
		return err
	}
	if n == 0 && *ror != "" {
		f, err := os.Open(*ror)
		if err != nil {
			return err
		}
		start := time.Now()
		res, err := store.NewOrganizationService(db).ImportOrganizations(sctx, interchange.RORItems(f), false)
		f.Close()
		if err != nil {
			return err
		}
		fmt.Fprintf(a.Stderr, "imported %d organisations in %s\n", res.Created, time.Since(start).Round(time.Millisecond))
		start = time.Now()
		if err := store.GeneratePeople(sctx, db, *people, 1); err != nil {
			return err
		}
		fmt.Fprintf(a.Stderr, "generated %d people in %s\n", *people, time.Since(start).Round(time.Millisecond))
	}
	search := store.NewSearchService(db)
	// A member's view, as in the web pages: scoped by workspace and visibility.
	mctx := passerelle.NewContextWithActor(ctx, &passerelle.Actor{WorkspaceID: w.ID, Role: passerelle.RoleMember})
	var lat []time.Duration
	perQuery := make([][]time.Duration, len(searchQueries))
	hits := 0
	for r := 0; r < *rounds; r++ {
		for i, q := range searchQueries {
			start := time.Now()
			h, err := search.Search(mctx, q, 20)
			if err != nil {
				return fmt.Errorf("search %q: %w", q, err)
			}
			d := time.Since(start)
			lat = append(lat, d)
			perQuery[i] = append(perQuery[i], d)
			hits += len(h)
		}
	}
	if *byQuery {
		for i, q := range searchQueries {
			ds := perQuery[i]
			slices.Sort(ds)
			fmt.Fprintf(a.Stderr, "%-20s median %6.1f ms  max %6.1f ms\n", q,
				float64(ds[len(ds)/2].Microseconds())/1000, float64(ds[len(ds)-1].Microseconds())/1000)
		}
	}
	slices.Sort(lat)
	pct := func(p float64) float64 { return float64(lat[int(p*float64(len(lat)-1))].Microseconds()) / 1000 }
	return json.NewEncoder(a.Stdout).Encode(map[string]any{
		"database": db.Dialect, "queries": len(lat), "hits": hits,
		"p50_ms": pct(0.50), "p95_ms": pct(0.95), "p99_ms": pct(0.99), "max_ms": pct(1),
	})
}
