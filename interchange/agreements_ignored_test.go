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

// TestAgreementFileIgnored: what an agreements file holds and the import does not read
// is listed, sheet by sheet, file by file, column by column; the French names of the
// tables are read, and two sheets or files for one table are refused.
func TestAgreementFileIgnored(t *testing.T) {
	main := [][]any{{"key", "title"}, {"1", "Alpha"}}
	partners := [][]any{{"agreement", "name", "country"}, {"1", "Ville de Hué", "VN"}}
	for _, tc := range []struct {
		name     string
		sheets   map[string][][]any // a workbook, sheets in name order
		files    map[string]string  // else a directory of CSV files
		want     *interchange.AgreementIgnored
		partners int    // partners read for the agreement
		err      string // a part of the error, when the file is refused
	}{
		{name: "nothing ignored", sheets: map[string][][]any{"agreements": main, "partners": partners},
			want: &interchange.AgreementIgnored{}, partners: 1},
		{name: "French sheet name", sheets: map[string][][]any{"agreements": main, "Partenaires": partners},
			want: &interchange.AgreementIgnored{}, partners: 1},
		{name: "unknown sheet", sheets: map[string][][]any{"agreements": main, "Notes": {{"remember"}}, "Vide": nil},
			want: &interchange.AgreementIgnored{Sheets: []string{"Notes"}}},
		{name: "unknown column and cells past the header", sheets: map[string][][]any{"agreements": {{"key", "title", "colour"}, {"1", "Alpha", "blue", "", "lost"}}},
			want: &interchange.AgreementIgnored{Columns: map[string][]string{"agreements": {"colour"}}, Beyond: map[string][]int{"agreements": {2}}}},
		{name: "column without header", sheets: map[string][][]any{"agreements": {{"key", "", "title"}, {"1", "note", "Alpha"}}},
			want: &interchange.AgreementIgnored{Columns: map[string][]string{"agreements": {"column B (no header)"}}}},
		{name: "two title columns", sheets: map[string][][]any{"agreements": {{"key", "titre", "title"}, {"1", "Alpha", "Alpha"}}},
			want: &interchange.AgreementIgnored{Columns: map[string][]string{"agreements": {"titre"}}}},
		{name: "written for people only", sheets: map[string][][]any{"agreements": {{"key", "title", "funding_total", "current_status"}, {"1", "Alpha", "10", "active"}}},
			want: &interchange.AgreementIgnored{}},
		{name: "two sheets for one table", sheets: map[string][][]any{"agreements": main, "partners": partners, "Partenaires": partners},
			err: "are both the partners table: keep one"},
		{name: "CSV: French file name", files: map[string]string{"agreements.csv": "key,title\n1,Alpha\n", "partenaires.csv": "agreement,name\n1,Hué\n"},
			want: &interchange.AgreementIgnored{}, partners: 1},
		{name: "CSV: unknown file", files: map[string]string{"agreements.csv": "key,title\n1,Alpha\n", "notes.csv": "x\n", "README.txt": "x"},
			want: &interchange.AgreementIgnored{Files: []string{"notes.csv"}}},
		{name: "CSV: cells past the header", files: map[string]string{"agreements.csv": "key,title\n1,Alpha,2020\n2,Beta,\n"},
			want: &interchange.AgreementIgnored{Beyond: map[string][]int{"agreements": {2}}}},
		{name: "CSV: two files for one table", files: map[string]string{"agreements.csv": "key,title\n1,Alpha\n", "partners.csv": "agreement,name\n", "partenaires.csv": "agreement,name\n"},
			err: "the files partenaires.csv and partners.csv are both the partners table"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			path := dir
			if tc.sheets != nil {
				x := excelize.NewFile()
				for name, rows := range tc.sheets {
					if _, err := x.NewSheet(name); err != nil {
						t.Fatal(err)
					}
					for i, r := range rows {
						cell, _ := excelize.CoordinatesToCellName(1, i+1)
						if err := x.SetSheetRow(name, cell, &r); err != nil {
							t.Fatal(err)
						}
					}
				}
				if err := x.DeleteSheet("Sheet1"); err != nil {
					t.Fatal(err)
				}
				path = filepath.Join(dir, "register.xlsx")
				if err := x.SaveAs(path); err != nil {
					t.Fatal(err)
				}
			}
			for name, body := range tc.files {
				if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			items, ig, err := interchange.ReadAgreementFile(path, "")
			if tc.err != "" {
				if passerelle.ErrorCode(err) != passerelle.EINVALID || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("got %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(ig, tc.want) {
				t.Errorf("ignored %+v, want %+v", ig, tc.want)
			}
			for it, err := range items {
				if err != nil || len(it.Problems) > 0 {
					t.Fatalf("%v %v", err, it.Problems)
				}
				if it.Row == 2 && len(it.Agreement.Partners) != tc.partners {
					t.Errorf("%d partners, want %d", len(it.Agreement.Partners), tc.partners)
				}
			}
		})
	}
}
