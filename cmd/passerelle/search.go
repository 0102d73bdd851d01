package main

import (
	"context"
	"fmt"
	"strings"

	"passerelle/store"
)

func runSearch(ctx context.Context, a *App, args []string) error {
	var cfg Config
	fs := a.flags("search", &cfg)
	limit := fs.Int("limit", 20, "number of results")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		return fmt.Errorf("%w: passerelle search QUERY", errUsage)
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
	hits, err := store.NewSearchService(db).Search(sctx, strings.Join(pos, " "), *limit)
	if err != nil {
		return err
	}
	if len(hits) == 0 {
		fmt.Fprintln(a.Stderr, "no match")
	}
	for _, h := range hits {
		line := fmt.Sprintf("%-12s %6d  %s", h.Type, h.ID, h.Name)
		if h.Detail != "" {
			line += " (" + h.Detail + ")"
		}
		if h.Country != "" {
			line += " " + h.Country
		}
		fmt.Fprintln(a.Stdout, line)
	}
	return nil
}
