package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"

	"passerelle"
	"passerelle/interchange"
	"passerelle/store"
)

// importers are the 'passerelle import' kinds.
var importers = map[string]func(ctx context.Context, a *App, args []string) error{
	"ror":           runImportROR,
	"agreements":    runImportAgreements,
	"event":         runImportEvent,
	"organizations": runImportOrganizations,
}

func runImport(ctx context.Context, a *App, args []string) error {
	if len(args) == 0 {
		return fmt.Errorf("%w: passerelle import ror|agreements|organizations FILE", errUsage)
	}
	f, ok := importers[args[0]]
	if !ok {
		return fmt.Errorf("%w: unknown import %q", errUsage, args[0])
	}
	return f(ctx, a, args[1:])
}

func runImportROR(ctx context.Context, a *App, args []string) error {
	var cfg Config
	fs := a.flags("import ror", &cfg)
	skip := fs.Bool("skip-invalid", false, "import the valid records and list the rejected ones, instead of importing nothing")
	asJSON := fs.Bool("json", false, "print the result as JSON")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return fmt.Errorf("%w: passerelle import ror FILE (ROR schema v2, JSON Lines or JSON array)", errUsage)
	}
	file, err := os.Open(pos[0])
	if err != nil {
		return err
	}
	defer file.Close()
	db, err := a.openDB(ctx, &cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	fresh := !hasWorkspace(ctx, db)
	w, sctx, err := workspace(ctx, db, cfg.Workspace, true)
	if err != nil {
		return err
	}
	res, err := store.NewOrganizationService(db).ImportOrganizations(sctx, interchange.RORItems(file), *skip)
	if err != nil {
		if fresh {
			// Nothing was imported: take back the workspace this command created.
			_ = store.NewWorkspaceService(db).DeleteWorkspace(passerelle.NewContextWithActor(ctx, &passerelle.Actor{System: true}), w.ID)
		}
		return fmt.Errorf("import %s: %w", pos[0], err)
	}
	if *asJSON {
		return json.NewEncoder(a.Stdout).Encode(res)
	}
	for _, p := range res.Problems {
		fmt.Fprintln(a.Stderr, "skipped", p.String())
	}
	if res.MoreProblems > 0 {
		fmt.Fprintf(a.Stderr, "skipped %d more, not listed\n", res.MoreProblems)
	}
	fmt.Fprintf(a.Stdout, "workspace %s: %d created, %d updated, %d unchanged, %d skipped; %d links added, %d pointing outside the workspace\n",
		w.Slug, res.Created, res.Updated, res.Unchanged, res.Skipped, res.LinksAdded, res.LinksPending)
	if res.Linked > 0 {
		fmt.Fprintf(a.Stdout, "%d record(s) entered without a ROR id were found to be imported ones: they got its id and fields\n", res.Linked)
	}
	return nil
}
