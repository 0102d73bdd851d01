package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"

	"passerelle"
	"passerelle/report"
	"passerelle/store"
)

// reportKPIs gives the report its figures: the pipeline's, queried over the records.
// The operator reads every record, but its figures follow the KPIs' rule, as `passerelle
// kpi` computes them (kpiReader): the network's count what members share only.
func reportKPIs(db *store.DB) report.KPIFunc {
	pipe := store.NewPipelineService(db)
	return func(ctx context.Context, a *passerelle.Actor, f passerelle.KPIFilter) (passerelle.KPIs, error) {
		if a != nil && a.System {
			a = kpiReader(a.WorkspaceID, f.MemberID)
		}
		return pipe.KPIs(ctx, a, f)
	}
}

// runReport writes the annual international report of a year, for a member or the
// network (docs/reports.md). The operator sees every record of the workspace.
func runReport(ctx context.Context, a *App, args []string) error {
	var cfg Config
	fs := a.flags("report", &cfg)
	year := fs.Int("year", 0, "the year of the report (required)")
	member := fs.String("member", "", "a member's slug (its name or acronym in lower case with hyphens) or id; the network when absent")
	format := fs.String("format", "pdf", "html, pdf or xlsx")
	out := fs.String("out", "", "the file to write ('-' for the standard output; required)")
	lang := fs.String("lang", "en", "the language of the labels: en or fr")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	write := map[string]func(*bytes.Buffer, *report.Data, report.Options) error{
		"html": func(b *bytes.Buffer, d *report.Data, o report.Options) error { return report.WriteHTML(b, d, o) },
		"pdf":  func(b *bytes.Buffer, d *report.Data, o report.Options) error { return report.WritePDF(b, d, o) },
		"xlsx": func(b *bytes.Buffer, d *report.Data, o report.Options) error { return report.WriteXLSX(b, d, o) },
	}[*format]
	switch {
	case *year == 0:
		return fmt.Errorf("%w: passerelle report --year YYYY [--member SLUG] --format html|pdf|xlsx --out FILE", errUsage)
	case write == nil:
		return fmt.Errorf("%w: --format must be html, pdf or xlsx, not %q", errUsage, *format)
	case *out == "":
		return fmt.Errorf("%w: --out FILE is required ('-' for the standard output)", errUsage)
	case *lang != "en" && *lang != "fr":
		return fmt.Errorf("%w: --lang must be en or fr", errUsage)
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
	d, err := report.Gather(sctx, db, passerelle.ActorFromContext(sctx), *year, *member, reportKPIs(db))
	if err != nil {
		return err
	}
	var b bytes.Buffer
	if err := write(&b, d, report.Options{Lang: *lang}); err != nil {
		return err
	}
	if *out == "-" {
		_, err := a.Stdout.Write(b.Bytes())
		return err
	}
	// Written beside the target and renamed: a failed run leaves no half file.
	tmp, err := os.CreateTemp(filepath.Dir(*out), ".report-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(b.Bytes()); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), *out); err != nil {
		return err
	}
	fmt.Fprintf(a.Stderr, "wrote %s (%s, %d bytes)\n", *out, *format, b.Len())
	return nil
}
