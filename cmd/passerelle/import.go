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
	"ror":            runImportROR,
	"agreements":     runImportAgreements,
	"event":          runImportEvent,
	"organizations":  runImportOrganizations,
	"participations": runImportParticipations,
	"people":         runImportPeople,
}

func runImport(ctx context.Context, a *App, args []string) error {
	if len(args) == 0 {
		return fmt.Errorf("%w: passerelle import ror|agreements|event|organizations|participations|people FILE", errUsage)
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
	orgs := store.NewOrganizationService(db)
	var res *passerelle.ImportResult
	if w := newWorkspaceFor(ctx, db, cfg.Workspace); w != nil {
		// The workspace is created in the import's transaction: a failed or killed
		// import leaves neither it nor any organisation behind.
		sys := passerelle.NewContextWithActor(ctx, &passerelle.Actor{System: true})
		if res, err = orgs.ImportOrganizationsIntoNewWorkspace(sys, w, interchange.RORItems(file), *skip); err != nil {
			return fmt.Errorf("import %s: %w", pos[0], err)
		}
		return printImport(a, w, res, *asJSON)
	}
	w, sctx, err := workspace(ctx, db, cfg.Workspace, false)
	if err != nil {
		return err
	}
	if res, err = orgs.ImportOrganizations(sctx, interchange.RORItems(file), *skip); err != nil {
		return fmt.Errorf("import %s: %w", pos[0], err)
	}
	return printImport(a, w, res, *asJSON)
}

// newWorkspaceFor returns the workspace that an import must create, or nil when the one
// it names (or the only one) exists: slug's when it is missing, "default" when there is none.
func newWorkspaceFor(ctx context.Context, db *store.DB, slug string) *passerelle.Workspace {
	sys := passerelle.NewContextWithActor(ctx, &passerelle.Actor{System: true})
	if slug != "" {
		if _, err := store.NewWorkspaceService(db).FindWorkspaceBySlug(sys, slug); passerelle.ErrorCode(err) == passerelle.ENOTFOUND {
			return &passerelle.Workspace{Slug: slug, Name: slug}
		}
		return nil
	}
	if !hasWorkspace(ctx, db) {
		return &passerelle.Workspace{Slug: "default", Name: "Default workspace"}
	}
	return nil
}

func printImport(a *App, w *passerelle.Workspace, res *passerelle.ImportResult, asJSON bool) error {
	if asJSON {
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

// importInto opens the database and the workspace an import writes to (an empty
// database gets its workspace, unless dry) and runs do there. When do fails in a
// workspace the import created, the workspace goes too: a failed first import leaves
// nothing behind.
func importInto(ctx context.Context, a *App, cfg *Config, dry bool, do func(db *store.DB, w *passerelle.Workspace, sctx context.Context) error) error {
	db, err := a.openDB(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	fresh := !hasWorkspace(ctx, db)
	w, sctx, err := workspace(ctx, db, cfg.Workspace, !dry)
	if err != nil {
		return err
	}
	if err := do(db, w, sctx); err != nil {
		if fresh && !dry {
			_ = store.NewWorkspaceService(db).DeleteWorkspace(passerelle.NewContextWithActor(ctx, &passerelle.Actor{System: true}), w.ID)
		}
		return err
	}
	return nil
}
