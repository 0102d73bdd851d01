package main

import (
	"context"
	"fmt"

	"passerelle/demo"
	"passerelle/store"
)

func runDemo(ctx context.Context, a *App, args []string) error {
	var cfg Config
	if _, err := parse(a.flags("demo", &cfg), args); err != nil {
		return err
	}
	db, err := a.openDB(ctx, &cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	return loadDemo(ctx, a, db)
}

// loadDemo creates the demo workspace once and says so.
func loadDemo(ctx context.Context, a *App, db *store.DB) error {
	d, created, err := demo.Load(ctx, db)
	if err != nil {
		return err
	}
	if created {
		fmt.Fprintf(a.Stdout, "demo workspace %q loaded from the seed documents\n", d.Workspace.Slug)
	} else {
		fmt.Fprintf(a.Stdout, "demo workspace %q already present\n", d.Workspace.Slug)
		if err := demo.EnsureAccounts(ctx, db, d); err != nil {
			return err
		}
	}
	fmt.Fprintf(a.Stdout, "sign in with password %q as:\n", demo.Password)
	for _, acc := range demo.Accounts {
		fmt.Fprintf(a.Stdout, "  %-36s %s\n", acc.Email, acc.Role)
	}
	fmt.Fprintln(a.Stdout, "and, on an event's participant pages, as:")
	for _, p := range demo.ParticipantAccounts() {
		fmt.Fprintf(a.Stdout, "  %-52s /e/%s/%s\n", p.Email, d.Workspace.Slug, p.Event)
	}
	return nil
}
