package interchange_test

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"passerelle"
	"passerelle/interchange"
)

type sheet struct {
	name string
	rows [][]any // from row 1; a nil row is left empty
}

// writeWorkbook saves sheets, in order, as a workbook in dir.
func writeWorkbook(t *testing.T, dir string, sheets []sheet) string {
	t.Helper()
	x := excelize.NewFile()
	for i, s := range sheets {
		if i == 0 {
			if err := x.SetSheetName("Sheet1", s.name); err != nil {
				t.Fatal(err)
			}
		} else if _, err := x.NewSheet(s.name); err != nil {
			t.Fatal(err)
		}
		for j, r := range s.rows {
			if r == nil {
				continue
			}
			cell, _ := excelize.CoordinatesToCellName(1, j+1)
			if err := x.SetSheetRow(s.name, cell, &r); err != nil {
				t.Fatal(err)
			}
		}
	}
	path := filepath.Join(dir, "list.xlsx")
	if err := x.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestOrgFileSheetsAndHeader: an organisations or contacts workbook is read from its
// first sheet with data, which is named with the others; blank rows above the header
// are passed; a header that names no column for the name is refused with its sheet, its
// row and its cells, and the row below that would do. A row with cells past the
// header's last column is a bad row, with its line: they would be lost, and in a CSV
// file they say that the row's cells are shifted.
func TestOrgFileSheetsAndHeader(t *testing.T) {
	data := [][]any{{"Name", "Country"}, {"Université de Lyon", "FR"}}
	people := [][]any{{"Prénom", "Nom"}, {"Ada", "Lovelace"}}
	for _, tc := range []struct {
		name    string
		sheets  []sheet // a workbook, else csv
		csv     string
		person  bool
		sheet   string            // the sheet read
		others  []string          // the other sheets with data
		line    int               // the first row's line
		header  int               // the header's line (1 when left out)
		above   []string          // the title cells skipped above the header
		mapping map[string]string // columns chosen
		err     []string          // parts of the error, when refused
	}{
		{name: "empty first sheet", sheets: []sheet{{"Feuil1", nil}, {"Feuil2", data}}, sheet: "Feuil2", line: 2},
		{name: "two sheets with data", sheets: []sheet{{"Orgs", data}, {"Notes", [][]any{{"to check"}}}, {"Empty", nil}}, sheet: "Orgs", others: []string{"Notes"}, line: 2},
		{name: "blank rows above the header", sheets: []sheet{{"Feuil1", [][]any{nil, nil, data[0], data[1]}}}, sheet: "Feuil1", line: 4},
		{name: "title above the header", sheets: []sheet{{"Feuil1", [][]any{{"Liste des partenaires 2026"}, nil, {"mise à jour", "3 mars"}, data[0], data[1]}}},
			sheet: "Feuil1", line: 5, header: 4, above: []string{"Liste des partenaires 2026", "mise à jour", "3 mars"}},
		{name: "CSV: title above the header", csv: "Partenaires,,\nname,country,city\nCNRS,FR,Paris\n", line: 3, header: 2, above: []string{"Partenaires"}},
		{name: "CSV: a title without separators above a header of semicolons", csv: "Liste des partenaires 2026\n\nnom;pays\nCNRS, Paris;FR\n",
			line: 4, header: 3, above: []string{"Liste des partenaires 2026"}},
		{name: "CSV: title above the header, a column chosen", csv: "Partenaires\nRaison sociale,Pays\nCNRS,FR\n", mapping: map[string]string{"name": "Raison sociale"},
			line: 3, header: 2, above: []string{"Partenaires"}},
		{name: "a row of three cells above the header is not a title", sheets: []sheet{{"Feuil1", [][]any{{"Liste", "2026", "v2"}, data[0], data[1]}}},
			err: []string{`sheet "Feuil1", row 1, read as the header: no column for the name`, `its cells are: "Liste", "2026", "v2". Row 2 has one`}},
		{name: "no name column", sheets: []sheet{{"Feuil1", [][]any{nil, {"Pays", "Ville"}, {"FR", "Lyon"}}}},
			err: []string{`sheet "Feuil1", row 2, read as the header: no column for the name`, `its cells are: "Pays", "Ville"`}},
		{name: "contacts: title above the header", person: true, sheets: []sheet{{"Contacts", [][]any{{"Contacts 2026"}, people[0], people[1]}}},
			sheet: "Contacts", line: 3, header: 2, above: []string{"Contacts 2026"}},
		{name: "contacts: a header of other columns above", person: true, sheets: []sheet{{"Contacts", [][]any{{"Ville", "Pays", "Téléphone"}, people[0], people[1]}}},
			err: []string{`sheet "Contacts", row 1, read as the header: no column for the name (first name and last name`, `Row 2 has one`}},
		{name: "contacts: empty first sheet", person: true, sheets: []sheet{{"Feuil1", nil}, {"Feuil2", people}}, sheet: "Feuil2", line: 2},
		{name: "all sheets empty", sheets: []sheet{{"Feuil1", nil}, {"Feuil2", nil}}, err: []string{"the file is empty"}},
		{name: "CSV: cells past the header", csv: "name,country\nUniversité de Lyon, Lyon,FR\nCNRS,FR\n",
			err: []string{"1 bad row(s)", "line 2: cells past the header's last column, from column C"}},
		{name: "CSV: contacts, cells past the header", person: true, csv: "first name,last name\nAda,Lovelace,x\n",
			err: []string{"line 2: cells past the header's last column, from column C"}},
		{name: "CSV: blank cells past the header", csv: "name,country\nCNRS,FR,,\n", line: 2},
		{name: "CSV: a spreadsheet error in a column read", csv: "name,country,comment\nCNRS,#N/A,#DIV/0!\nInserm,FR,#VALUE!\n",
			err: []string{"1 bad row(s)", "line 2: country: the spreadsheet error #N/A, not a value"}},
		{name: "CSV: bad rows in line order, 2 before 10", csv: "name,kind\nA,planet\n" + strings.Repeat("B,company\n", 7) + "C,star\n",
			err: []string{"2 bad row(s)", `line 2: kind: unknown kind "planet"`, `line 10: kind: unknown kind "star"`}},
		{name: "workbook: a cell past the header", sheets: []sheet{{"Feuil1", [][]any{data[0], {"CNRS", "FR", "note"}}}},
			err: []string{"line 2: cells past the header's last column, from column C"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			var path string
			if tc.sheets != nil {
				path = writeWorkbook(t, dir, tc.sheets)
			} else {
				path = filepath.Join(dir, "list.csv")
				if err := os.WriteFile(path, []byte(tc.csv), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			var sheetName string
			var others, above []string
			var line, header int
			var err error
			if tc.person {
				var f *interchange.PersonFile
				if f, err = interchange.ReadPersonFile(path, "", tc.mapping); err == nil {
					sheetName, others, line, header, above = f.Sheet, f.OtherSheets, f.Rows[0].Line, f.HeaderLine, f.Above
				}
			} else {
				var f *interchange.OrgFile
				if f, err = interchange.ReadOrgFile(path, "", tc.mapping); err == nil {
					sheetName, others, line, header, above = f.Sheet, f.OtherSheets, f.Rows[0].Line, f.HeaderLine, f.Above
				}
			}
			if tc.err != nil {
				if passerelle.ErrorCode(err) != passerelle.EINVALID {
					t.Fatalf("got %v, want %q", err, tc.err)
				}
				msg, at := err.Error(), 0 // the parts in order
				for _, e := range tc.err {
					i := strings.Index(msg[at:], e)
					if i < 0 {
						t.Fatalf("got %v, want %q after position %d", err, e, at)
					}
					at += i + len(e)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if sheetName != tc.sheet || !reflect.DeepEqual(others, tc.others) || line != tc.line {
				t.Errorf("sheet %q, others %q, first line %d; want %q, %q, %d", sheetName, others, line, tc.sheet, tc.others, tc.line)
			}
			if tc.header == 0 {
				tc.header = line - 1 // the rows that follow the header at once
			}
			if header != tc.header || !reflect.DeepEqual(above, tc.above) {
				t.Errorf("header on line %d, skipped above it %q; want %d, %q", header, above, tc.header, tc.above)
			}
		})
	}
}
