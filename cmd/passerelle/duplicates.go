package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"passerelle"
	"passerelle/store"
)

// duplicateFinder is what lists and settles the pairs of one kind of record: the
// organisations' and the people's services.
type duplicateFinder interface {
	FindDuplicates(ctx context.Context, limit int) ([]passerelle.DuplicatePair, error)
	MarkNotDuplicate(ctx context.Context, id1, id2 int64) error
}

// runDuplicates lists the pairs of organisations of a workspace that may be one.
func runDuplicates(ctx context.Context, a *App, args []string) error {
	return listDuplicates(ctx, a, args, "duplicates", "organisations", func(db *store.DB) duplicateFinder { return store.NewOrganizationService(db) })
}

// listDuplicates is 'duplicates' for the records (organisations, people) that svc reads.
func listDuplicates(ctx context.Context, a *App, args []string, cmd, records string, svc func(*store.DB) duplicateFinder) error {
	var cfg Config
	fs := a.flags(cmd, &cfg)
	asJSON := fs.Bool("json", false, "print the pairs as JSON")
	limit := fs.Int("limit", 200, "list at most this many pairs, most alike first (0: all)")
	not := fs.String("not", "", "ID,ID: mark two "+records+" as not one; the list no longer shows them")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return fmt.Errorf("%w: passerelle %s [--json] [--limit N] [--not ID,ID]", errUsage, cmd)
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
	if *not != "" {
		x, y, ok := strings.Cut(*not, ",")
		id1, err1 := strconv.ParseInt(strings.TrimSpace(x), 10, 64)
		id2, err2 := strconv.ParseInt(strings.TrimSpace(y), 10, 64)
		if !ok || err1 != nil || err2 != nil {
			return fmt.Errorf("%w: --not ID,ID (two ids)", errUsage)
		}
		if err := svc(db).MarkNotDuplicate(sctx, id1, id2); err != nil {
			return err
		}
		fmt.Fprintf(a.Stdout, "%s %d and %d are not one: no longer listed\n", records, id1, id2)
		return nil
	}
	pairs, err := svc(db).FindDuplicates(sctx, *limit)
	if err != nil {
		return err
	}
	if *asJSON {
		return json.NewEncoder(a.Stdout).Encode(pairs)
	}
	for _, p := range pairs {
		tag := "maybe"
		if p.Likely {
			tag = "likely"
		}
		fmt.Fprintf(a.Stdout, "%.2f %-6s %d %s | %d %s (%s)\n", p.Score, tag, p.A.ID, p.A.Name, p.B.ID, p.B.Name, strings.Join(p.Reasons, ", "))
	}
	fmt.Fprintf(a.Stdout, "%d pair(s)\n", len(pairs))
	return nil
}
