package interchange

import (
	"encoding/csv"
	"strings"
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
