package interchange

import (
	"encoding/csv"
	"slices"
	"strings"

	"passerelle"
)

// A spreadsheet that opens a CSV file runs a cell that starts with =, +, - or @ as a
// formula (tab and carriage return too, in some), and a formula can fetch a URL or run a
// command. Every CSV the product writes goes through writeCSV, which neutralises such a
// cell the way OWASP advises: a single quote before it, so that the spreadsheet shows
// text. A plain number such as -12.5 stays as it is (a spreadsheet reads it as a number,
// which is harmless and what a user wants of an amount).
//
// The quote is reversible, so that importing an export changes nothing: the writer adds
// one quote to a cell whose text after its leading quotes is dangerous (so "'=x" is
// written "''=x"), and the reader takes one off such a cell. Every other cell passes
// unchanged both ways.

// formulaCell tells whether s, leading quotes removed, would start a formula.
func formulaCell(s string) bool {
	s = strings.TrimLeft(s, "'")
	if s == "" || !strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return false
	}
	return !plainNumber(s)
}

// plainNumber matches -?[0-9.]+: an amount or a year, never a formula.
func plainNumber(s string) bool {
	s = strings.TrimPrefix(s, "-")
	if s == "" {
		return false
	}
	for _, c := range []byte(s) {
		if (c < '0' || c > '9') && c != '.' {
			return false
		}
	}
	return true
}

// NeutralizeCell returns s as a CSV cell that no spreadsheet runs as a formula.
func NeutralizeCell(s string) string {
	if formulaCell(s) {
		return "'" + s
	}
	return s
}

// RestoreCell undoes NeutralizeCell.
func RestoreCell(s string) string {
	if strings.HasPrefix(s, "'") && formulaCell(s) {
		return s[1:]
	}
	return s
}

// writeCSV writes one record with every cell neutralised.
func writeCSV(w *csv.Writer, rec []string) error {
	out := make([]string, len(rec))
	for i, s := range rec {
		out[i] = NeutralizeCell(s)
	}
	return w.Write(out)
}

// sheetErrors are the values a spreadsheet shows for a formula that failed (a lookup
// that found nothing: #N/A). A CSV file saved from it, or a workbook's cached value,
// holds that text; read as a value it would become an organisation named "#N/A".
var sheetErrors = map[string]bool{"#N/A": true, "#REF!": true, "#VALUE!": true, "#DIV/0!": true, "#NAME?": true,
	"#NUM!": true, "#NULL!": true, "#SPILL!": true, "#CALC!": true, "#GETTING_DATA": true,
	// LibreOffice's own
	"#NV": true, "Err:502": true, "Err:504": true, "Err:508": true, "Err:522": true}

// sheetErrorCells is the problem of a row with a spreadsheet error in a column that a
// field reads, or false.
func sheetErrorCells(r []string, col map[string]int, line int) (passerelle.ImportProblem, bool) {
	var fields []string
	for f, i := range col {
		if i < len(r) && sheetErrors[strings.TrimSpace(r[i])] {
			fields = append(fields, f)
		}
	}
	if len(fields) == 0 {
		return passerelle.ImportProblem{}, false
	}
	slices.Sort(fields)
	return passerelle.ImportProblem{Line: line, Field: fields[0], Message: passerelle.M("the spreadsheet error %s, not a value: mend the formula or clear the cell", strings.TrimSpace(r[col[fields[0]]]))}, true
}
