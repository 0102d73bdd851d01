package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"runtime/debug"
	"strings"

	"passerelle"
	"passerelle/interchange"
	"passerelle/store"
)

// mapFlags collects repeated --map FIELD=COLUMN (FIELD= : no column for the field).
type mapFlags map[string]string

func (m mapFlags) String() string { return fmt.Sprint(map[string]string(m)) }
func (m mapFlags) Set(s string) error {
	f, c, ok := strings.Cut(s, "=")
	if !ok || strings.TrimSpace(f) == "" {
		return fmt.Errorf("use FIELD=COLUMN, e.g. name=\"Raison sociale\"")
	}
	m[strings.ToLower(strings.TrimSpace(f))] = strings.TrimSpace(c)
	return nil
}

// printFileNotes says on w what a file's reading left aside: the columns no field
// reads; the other sheets of a workbook with data, which are not read (the first with
// data is); the title rows above the header, which were skipped.
func printFileNotes(w io.Writer, ignored []string, sheet string, others []string, headerLine int, above []string) {
	if len(ignored) > 0 {
		fmt.Fprintf(w, "ignored columns: %s\n", strings.Join(ignored, ", "))
	}
	if len(others) > 0 {
		fmt.Fprintf(w, "read sheet %s; ignored sheets: %s\n", sheet, strings.Join(others, ", "))
	}
	if len(above) > 0 {
		fmt.Fprintf(w, "header read on line %d; skipped above it, as a title: %s\n", headerLine, interchange.CellList(above))
	}
}

// runImportOrganizations reads an organisations file (CSV or XLSX), matches each row
// against the workspace's records and, unless --dry-run, creates the new ones and
// fills the empty fields of the matched ones, all or nothing.
func runImportOrganizations(ctx context.Context, a *App, args []string) error {
	var cfg Config
	fs := a.flags("import organizations", &cfg)
	dry := fs.Bool("dry-run", false, "decide every row (new, match, ambiguous) and save nothing")
	format := fs.String("format", "text", "text, or json: one JSON object per row, in file order")
	enc := fs.String("encoding", "utf-8", "encoding of a CSV file: utf-8, windows-1252 or latin1")
	amb := fs.String("ambiguous", "", "what to do with ambiguous rows: new (create them) or skip; by default the import stops and lists them")
	mapping := mapFlags{}
	fs.Var(mapping, "map", "FIELD=COLUMN: the column of a field (name, country, city, website, ror_id, acronyms, aliases, kind); repeatable")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return fmt.Errorf("%w: passerelle import organizations FILE [--dry-run] [--format json] [--map FIELD=COLUMN …] [--ambiguous new|skip]", errUsage)
	}
	if *format != "text" && *format != "json" {
		return fmt.Errorf("%w: --format text or json", errUsage)
	}
	// The matching index of a large directory is many small objects built once: the
	// collector's default pace spent a fifth of a dry run re-scanning it.
	defer debug.SetGCPercent(debug.SetGCPercent(400))
	file, err := interchange.ReadOrgFile(pos[0], *enc, mapping)
	if err != nil {
		return fmt.Errorf("import %s: %w", pos[0], err)
	}
	printFileNotes(a.Stderr, file.Ignored, file.Sheet, file.OtherSheets, file.HeaderLine, file.Above)
	var rep *passerelle.OrgImportReport
	var w *passerelle.Workspace
	err = importInto(ctx, a, &cfg, *dry, func(db *store.DB, ws *passerelle.Workspace, sctx context.Context) (err error) {
		w = ws
		rep, err = store.NewOrganizationService(db).ImportOrganizationRows(sctx, file.Rows, passerelle.OrgImportOptions{DryRun: *dry, Ambiguous: *amb})
		return err
	})
	if err != nil {
		return fmt.Errorf("import %s: %w", pos[0], err)
	}
	if *format == "json" {
		return printOrgRowsJSON(a, rep)
	}
	printOrgRows(a, rep, *dry)
	// A new row that is the same organisation as an earlier one makes no record of its
	// own: said, so that the counts add up.
	same := 0
	for _, r := range rep.Rows {
		if r.SameAsLine > 0 {
			same++
		}
	}
	newRows := fmt.Sprintf("%d new", rep.New)
	if same > 0 {
		newRows += fmt.Sprintf(" (%d the same as an earlier line)", same)
	}
	verb, n := "would create", rep.New-same
	if !*dry {
		verb, n = "created", rep.Created
	}
	fmt.Fprintf(a.Stdout, "workspace %s: %d rows: %s, %d matched, %d ambiguous; %s %d, filled %d, skipped %d\n",
		w.Slug, len(rep.Rows), newRows, rep.Matched, rep.Ambiguous, verb, n, rep.Updated, rep.Skipped)
	return nil
}

// printOrgRowsJSON prints every row's decision, one JSON object a line, in file order.
func printOrgRowsJSON(a *App, rep *passerelle.OrgImportReport) error {
	enc := json.NewEncoder(a.Stdout)
	for _, r := range rep.Rows {
		if err := enc.Encode(r); err != nil {
			return err
		}
	}
	return nil
}

// printOrgRows lists the rows worth reading (the ambiguous ones, the new ones that are
// the same organisation as an earlier line, and on a dry run the matches with their
// reasons), at most 50.
func printOrgRows(a *App, rep *passerelle.OrgImportReport, dry bool) {
	listed := 0
	for _, r := range rep.Rows {
		if listed == 50 {
			fmt.Fprintf(a.Stdout, "… more rows not listed (--format json lists every row)\n")
			listed++
		}
		if listed > 50 {
			continue
		}
		switch {
		case r.Decision == passerelle.DecisionAmbiguous:
			var cs []string
			for _, c := range r.Candidates {
				cs = append(cs, fmt.Sprintf("%s (id %d, %.2f)", c.Name, c.ID, c.Score))
			}
			fmt.Fprintf(a.Stdout, "line %d: %s: ambiguous: %s\n", r.Line, r.Name, strings.Join(cs, "; "))
			listed++
		case r.SameAsLine > 0:
			fmt.Fprintf(a.Stdout, "line %d: %s: the same organisation as line %d (%.2f), one record for both\n", r.Line, r.Name, r.SameAsLine, r.Score)
			listed++
		case r.Decision == passerelle.DecisionMatch && dry:
			fmt.Fprintf(a.Stdout, "line %d: %s: matches %s (id %d, %.2f: %s)\n", r.Line, r.Name, r.Match.Name, r.Match.ID, r.Score, strings.Join(r.Reasons, ", "))
			listed++
		}
	}
}
