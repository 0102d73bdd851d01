package main

import (
	"bufio"
	"context"
	"fmt"

	"passerelle"
	"passerelle/interchange"
	"passerelle/store"
)

// exporters are the 'passerelle export' kinds.
var exporters = map[string]func(ctx context.Context, a *App, args []string) error{
	"organizations": runExportOrganizations,
	"agreements":    runExportAgreements,
	"meetings":      runExportMeetings,
	"event":         runExportEvent,
	"mission":       runExportMission,
}

func runExport(ctx context.Context, a *App, args []string) error {
	if len(args) == 0 {
		return fmt.Errorf("%w: passerelle export organizations --format csv|json", errUsage)
	}
	f, ok := exporters[args[0]]
	if !ok {
		return fmt.Errorf("%w: unknown export %q", errUsage, args[0])
	}
	return f(ctx, a, args[1:])
}

func runExportOrganizations(ctx context.Context, a *App, args []string) error {
	var cfg Config
	fs := a.flags("export organizations", &cfg)
	format := fs.String("format", "csv", "csv or json")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	db, err := a.openDB(ctx, &cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	bw := bufio.NewWriter(a.Stdout)
	defer bw.Flush()
	ow, err := interchange.NewOrganizationWriter(bw, *format)
	if err != nil {
		return err
	}
	_, sctx, err := workspace(ctx, db, cfg.Workspace, false)
	if err != nil {
		// An empty installation exports an empty list, not an error.
		if passerelle.ErrorCode(err) == passerelle.EINTERNAL && !hasWorkspace(ctx, db) {
			return ow.Close()
		}
		return err
	}
	svc := store.NewOrganizationService(db)
	const page = 1000
	for off := 0; ; off += page {
		orgs, _, err := svc.FindOrganizations(sctx, passerelle.OrganizationFilter{Offset: off, Limit: page})
		if err != nil {
			return err
		}
		if err := ow.Write(orgs); err != nil {
			return err
		}
		if len(orgs) < page {
			break
		}
	}
	return ow.Close()
}

func hasWorkspace(ctx context.Context, db *store.DB) bool {
	all, err := store.NewWorkspaceService(db).FindWorkspaces(passerelle.NewContextWithActor(ctx, &passerelle.Actor{System: true}))
	return err == nil && len(all) > 0
}
