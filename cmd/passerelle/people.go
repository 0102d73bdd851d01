package main

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"passerelle"
	"passerelle/store"
)

// runPeople is the contact book's duplicates ('people duplicates', as 'duplicates' for
// organisations) and retention rule: 'people stale --years N' lists the
// people no meeting names and nobody changed for N years; --erase anonymises them
// (store.ErasePerson, one transaction each, audited).
func runPeople(ctx context.Context, a *App, args []string) error {
	usage := fmt.Errorf("%w: passerelle people stale --years N [--erase] [--json] | people duplicates [--json] [--limit N] [--not ID,ID]", errUsage)
	if len(args) > 0 && args[0] == "duplicates" {
		return listDuplicates(ctx, a, args[1:], "people duplicates", "people", func(db *store.DB) duplicateFinder { return store.NewPersonService(db) })
	}
	if len(args) == 0 || args[0] != "stale" {
		return usage
	}
	var cfg Config
	fs := a.flags("people stale", &cfg)
	years := fs.Int("years", 0, "people not seen (no meeting, no change) for this many years")
	erase := fs.Bool("erase", false, "anonymise them (cannot be undone)")
	asJSON := fs.Bool("json", false, "print the list as JSON")
	pos, err := parse(fs, args[1:])
	if err != nil {
		return err
	}
	if len(pos) != 0 || *years <= 0 {
		return usage
	}
	db, err := a.openDB(ctx, &cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	_, sctx, err := workspace(ctx, db, cfg.Workspace, false)
	if err != nil {
		return err
	}
	svc := store.NewPersonService(db)
	before := db.Now().AddDate(-*years, 0, 0)
	stale, err := svc.FindStalePeople(sctx, before)
	if err != nil {
		return err
	}
	var purged int64
	if *erase {
		for _, p := range stale {
			if err := svc.ErasePerson(sctx, p.ID); err != nil {
				return fmt.Errorf("person %d: %w", p.ID, err)
			}
		}
		// What was deleted more than the bin's days ago goes too.
		if purged, err = store.NewBinService(db).PurgeBin(sctx); err != nil {
			return err
		}
	}
	if *asJSON {
		return json.NewEncoder(a.Stdout).Encode(stale)
	}
	for _, p := range stale {
		fmt.Fprintf(a.Stdout, "%d\t%s\tlast seen %s\n", p.ID, p.Name, p.Seen.Format(time.DateOnly))
	}
	verb := "not seen since"
	if *erase {
		verb = "erased, not seen since"
	}
	fmt.Fprintf(a.Stdout, "%d people %s %s\n", len(stale), verb, before.Format(time.DateOnly))
	if purged > 0 {
		fmt.Fprintf(a.Stdout, "%d entries older than %d days purged from the bin\n", purged, passerelle.BinDays)
	}
	return nil
}
