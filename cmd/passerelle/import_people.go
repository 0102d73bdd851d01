package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"passerelle"
	"passerelle/interchange"
	"passerelle/store"
)

// runImportPeople reads a contact list (CSV or XLSX), matches each row's organisation in
// the directory and its person in the contact book and, unless --dry-run, creates the
// new ones and adds to the matched ones what the file gives, all or nothing.
func runImportPeople(ctx context.Context, a *App, args []string) error {
	var cfg Config
	fs := a.flags("import people", &cfg)
	dry := fs.Bool("dry-run", false, "decide every row (new, match, ambiguous) and save nothing")
	format := fs.String("format", "text", "text, or json: one JSON object per row, in file order")
	enc := fs.String("encoding", "utf-8", "encoding of a CSV file: utf-8, windows-1252 or latin1")
	amb := fs.String("ambiguous", "", "what to do with ambiguous rows: new (create them) or skip; by default the import stops and lists them")
	mapping := mapFlags{}
	fs.Var(mapping, "map", "FIELD=COLUMN: the column of a field (first_name, last_name, name, emails, phones, organization, country, role, languages, topics, notes); repeatable")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return fmt.Errorf("%w: passerelle import people FILE [--dry-run] [--format json] [--map FIELD=COLUMN …] [--ambiguous new|skip]", errUsage)
	}
	if *format != "text" && *format != "json" {
		return fmt.Errorf("%w: --format text or json", errUsage)
	}
	file, err := interchange.ReadPersonFile(pos[0], *enc, mapping)
	if err != nil {
		return fmt.Errorf("import %s: %w", pos[0], err)
	}
	printFileNotes(a.Stderr, file.Ignored, file.Sheet, file.OtherSheets, file.HeaderLine, file.Above)
	var rep *passerelle.PersonImportReport
	var w *passerelle.Workspace
	err = importInto(ctx, a, &cfg, *dry, func(db *store.DB, ws *passerelle.Workspace, sctx context.Context) (err error) {
		w = ws
		rep, err = store.NewPersonService(db).ImportPersonRows(sctx, file.Rows, passerelle.PersonImportOptions{DryRun: *dry, Ambiguous: *amb})
		return err
	})
	if err != nil {
		return fmt.Errorf("import %s: %w", pos[0], err)
	}
	if *format == "json" {
		enc := json.NewEncoder(a.Stdout)
		for _, r := range rep.Rows {
			if err := enc.Encode(r); err != nil {
				return err
			}
		}
		return nil
	}
	listed := 0
	for _, r := range rep.Rows {
		if r.Decision == passerelle.DecisionNew && r.SameAsLine == 0 || r.Decision == passerelle.DecisionMatch && !*dry {
			continue
		}
		if listed++; listed > 50 {
			fmt.Fprintf(a.Stdout, "… more rows not listed (--format json lists every row)\n")
			break
		}
		switch r.Decision {
		case passerelle.DecisionAmbiguous:
			var cs []string
			for _, c := range r.Candidates {
				cs = append(cs, fmt.Sprintf("%s (id %d, %.2f)", c.Name, c.ID, c.Score))
			}
			fmt.Fprintf(a.Stdout, "line %d: %s: ambiguous: %s\n", r.Line, r.Name, strings.Join(append(cs, r.Reasons...), "; "))
		case passerelle.DecisionMatch:
			fmt.Fprintf(a.Stdout, "line %d: %s: matches %s (id %d, %.2f: %s)\n", r.Line, r.Name, r.Match.Name, r.Match.ID, r.Score, strings.Join(r.Reasons, ", "))
		default:
			fmt.Fprintf(a.Stdout, "line %d: %s: the same person as line %d\n", r.Line, r.Name, r.SameAsLine)
		}
	}
	if *dry {
		people := 0
		for _, r := range rep.Rows {
			if r.Decision == passerelle.DecisionNew && r.SameAsLine == 0 {
				people++
			}
		}
		fmt.Fprintf(a.Stdout, "workspace %s: %d rows: %d new, %d matched, %d ambiguous; would create %d people and %d organisations\n",
			w.Slug, len(rep.Rows), rep.New, rep.Matched, rep.Ambiguous, people, rep.NewOrgs)
		return nil
	}
	fmt.Fprintf(a.Stdout, "workspace %s: %d rows: %d new, %d matched, %d ambiguous; created %d people and %d organisations, updated %d, skipped %d\n",
		w.Slug, len(rep.Rows), rep.New, rep.Matched, rep.Ambiguous, rep.Created, rep.OrgsCreated, rep.Updated, rep.Skipped)
	return nil
}
