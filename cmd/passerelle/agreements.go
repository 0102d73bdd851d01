package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"passerelle"
	"passerelle/interchange"
	"passerelle/store"
)

// 'passerelle export agreements' and 'passerelle import agreements': the register in the
// Atlas's fields (see docs/agreements.md).

func runExportAgreements(ctx context.Context, a *App, args []string) error {
	var cfg Config
	fs := a.flags("export agreements", &cfg)
	format := fs.String("format", "json", "json, xlsx or csv")
	out := fs.String("out", "", "write there instead of standard output; for csv, a directory that receives one file per table")
	query := fs.String("query", "", "export only the agreements that match this full-text search")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	db, err := a.openDB(ctx, &cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	var w io.Writer = a.Stdout
	dir := ""
	if *out != "" {
		if *format == "csv" {
			dir = *out
		} else {
			f, err := os.Create(*out)
			if err != nil {
				return err
			}
			defer f.Close()
			w = f
		}
	}
	bw := bufio.NewWriterSize(w, 1<<16)
	defer bw.Flush()
	aw, err := interchange.NewAgreementWriter(bw, *format, dir)
	if err != nil {
		return err
	}
	_, sctx, err := workspace(ctx, db, cfg.Workspace, false)
	if err != nil {
		if passerelle.ErrorCode(err) == passerelle.EINTERNAL && !hasWorkspace(ctx, db) {
			return aw.Close() // an empty installation exports an empty register
		}
		return err
	}
	// Keyset walk in title order, 500 at a time, no counting (see store.EachAgreement).
	err = store.NewAgreementService(db).EachAgreement(sctx, passerelle.AgreementFilter{Query: *query}, 500, aw.Write)
	if err != nil {
		return err
	}
	return aw.Close()
}

func runImportAgreements(ctx context.Context, a *App, args []string) error {
	var cfg Config
	fs := a.flags("import agreements", &cfg)
	skip := fs.Bool("skip-invalid", false, "import the valid agreements and list the rejected rows, instead of importing nothing")
	asJSON := fs.Bool("json", false, "print the result as JSON")
	enc := fs.String("encoding", "utf-8", "the encoding of CSV files: utf-8, windows-1252 or latin1 (JSON and XLSX say their own)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return fmt.Errorf("%w: passerelle import agreements FILE (.xlsx, .json, agreements.csv or a directory of CSV files)", errUsage)
	}
	items, ignored, err := interchange.ReadAgreementFile(pos[0], *enc)
	if err != nil {
		return fmt.Errorf("import %s: %w", pos[0], err)
	}
	printAgreementIgnored(a.Stderr, ignored)
	// importInto: a failed import into an empty database leaves no workspace behind.
	return importInto(ctx, a, &cfg, false, func(db *store.DB, w *passerelle.Workspace, sctx context.Context) error {
		res, err := store.NewAgreementService(db).ImportAgreements(sctx, items, *skip)
		if res != nil && !*asJSON {
			for _, p := range res.Problems {
				fmt.Fprintln(a.Stderr, describeProblem(p))
			}
			if res.MoreProblems > 0 {
				fmt.Fprintf(a.Stderr, "... and %d more problem(s), not listed\n", res.MoreProblems)
			}
		}
		if err != nil {
			if res != nil && len(res.Problems) > 0 {
				return fmt.Errorf("import %s: nothing imported: %s (use --skip-invalid to import the rest)", pos[0], plural(res.ProblemCount(), "problem", "problems"))
			}
			return fmt.Errorf("import %s: %w", pos[0], err)
		}
		if *asJSON {
			return json.NewEncoder(a.Stdout).Encode(res)
		}
		fmt.Fprintf(a.Stdout, "workspace %s: %s created, %d updated, %d unchanged, %d skipped; partners: %d matched to the directory, %s created\n",
			w.Slug, plural(res.Created, "agreement", "agreements"), res.Updated, res.Unchanged, res.Skipped, res.OrganizationsMatched,
			plural(res.OrganizationsCreated, "organisation", "organisations"))
		return nil
	})
}

// printAgreementIgnored says what the file holds that the import does not read, one
// line per kind and table, as 'import organizations' says "ignored columns: ...".
func printAgreementIgnored(w io.Writer, ig *interchange.AgreementIgnored) {
	if ig.Empty() {
		return
	}
	if len(ig.Sheets) > 0 {
		fmt.Fprintf(w, "ignored sheets (not a table of agreements): %s\n", strings.Join(ig.Sheets, ", "))
	}
	if len(ig.Files) > 0 {
		fmt.Fprintf(w, "ignored files (not a table of agreements): %s\n", strings.Join(ig.Files, ", "))
	}
	for _, s := range interchange.AgreementSheets {
		if cols := ig.Columns[s]; len(cols) > 0 {
			fmt.Fprintf(w, "ignored columns in %s: %s\n", s, strings.Join(cols, ", "))
		}
		if rows := ig.Beyond[s]; len(rows) > 0 {
			list := make([]string, 0, 10)
			for _, r := range rows[:min(len(rows), 10)] {
				list = append(list, strconv.Itoa(r))
			}
			more := ""
			if len(rows) > 10 {
				more = fmt.Sprintf(" and %d more", len(rows)-10)
			}
			fmt.Fprintf(w, "ignored cells past the last column of the header in %s, %s: %s%s\n", s, plural(len(rows), "row", "rows"), strings.Join(list, ", "), more)
		}
	}
}

// describeProblem names the sheet, row and field of a problem: "funding row 4, amount: ...".
func describeProblem(p passerelle.ImportProblem) string {
	sheet, field, _ := strings.Cut(p.Field, ".")
	if sheet == "" {
		sheet = "file"
	}
	if field == "" {
		return fmt.Sprintf("%s row %d: %s", sheet, p.Line, p.Message)
	}
	return fmt.Sprintf("%s row %d, %s: %s", sheet, p.Line, field, p.Message)
}

// plural writes a count with its noun in the English form it takes ("1 agreement",
// "2 agreements"): the command line speaks English only.
func plural(n int, one, other string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + other
}
