package interchange_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/xuri/excelize/v2"

	"passerelle/interchange"
)

// TestXLSXDateCells: a date typed into a spreadsheet is stored as a number of days with
// a date format; it is read as the date the spreadsheet shows, in the form the imports
// read. A number without a date format, and text that looks like a number, stay as they
// are.
func TestXLSXDateCells(t *testing.T) {
	custom := func(s string) *string { return &s }
	for _, tc := range []struct {
		name  string
		value any
		style excelize.Style
		want  string
	}{
		{"short date (14)", 46023, excelize.Style{NumFmt: 14}, "2026-01-01"},
		{"d-mmm-yy (15)", 46387, excelize.Style{NumFmt: 15}, "2026-12-31"},
		{"custom yyyy-mm-dd", 46023, excelize.Style{CustomNumFmt: custom("yyyy-mm-dd")}, "2026-01-01"},
		{"custom French dd/mm/yyyy", 45000, excelize.Style{CustomNumFmt: custom("dd/mm/yyyy")}, "2023-03-15"},
		{"custom with a locale", 46023, excelize.Style{CustomNumFmt: custom("[$-fr-FR]d mmmm yyyy")}, "2026-01-01"},
		{"date and time (22), midnight", 46023, excelize.Style{NumFmt: 22}, "2026-01-01"},
		{"date and time (22)", 46023.5, excelize.Style{NumFmt: 22}, "2026-01-01 12:00"},
		{"time (20)", 0.25, excelize.Style{NumFmt: 20}, "06:00"},
		{"elapsed hours stay a number", 1.5, excelize.Style{CustomNumFmt: custom("[h]:mm")}, "1.5"},
		{"a number", 46023, excelize.Style{NumFmt: 3}, "46023"},
		{"quoted text is no date", 46023, excelize.Style{CustomNumFmt: custom(`0 "days"`)}, "46023"},
		{"text in a date cell", "46023", excelize.Style{NumFmt: 14}, "46023"},
		{"no style", 46023, excelize.Style{}, "46023"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			x := excelize.NewFile()
			if err := x.SetSheetName("Sheet1", "agreements"); err != nil {
				t.Fatal(err)
			}
			if err := x.SetSheetRow("agreements", "A1", &[]any{"key", "title", "start_date"}); err != nil {
				t.Fatal(err)
			}
			if err := x.SetSheetRow("agreements", "A2", &[]any{"1", "Alpha", tc.value}); err != nil {
				t.Fatal(err)
			}
			if tc.style.NumFmt != 0 || tc.style.CustomNumFmt != nil {
				st, err := x.NewStyle(&tc.style)
				if err != nil {
					t.Fatal(err)
				}
				if err := x.SetCellStyle("agreements", "C2", "C2", st); err != nil {
					t.Fatal(err)
				}
			}
			var buf bytes.Buffer
			if err := x.Write(&buf); err != nil {
				t.Fatal(err)
			}
			data := buf.Bytes()
			tables, err := interchange.ReadAgreementXLSX(bytes.NewReader(data))
			if err != nil {
				t.Fatal(err)
			}
			if got := tables["agreements"].Rows[0][2]; got != tc.want {
				t.Errorf("agreements: read %q, want %q", got, tc.want)
			}
			// The organisations reader shares the sheet reader.
			path := filepath.Join(t.TempDir(), "orgs.xlsx")
			if err := os.WriteFile(path, data, 0o600); err != nil {
				t.Fatal(err)
			}
			if err := x.SetSheetRow("agreements", "A1", &[]any{"name", "city", "why"}); err != nil {
				t.Fatal(err)
			}
			buf.Reset()
			if err := x.Write(&buf); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
				t.Fatal(err)
			}
			f, err := interchange.ReadTargetFile(path, "", nil)
			if err != nil {
				t.Fatal(err)
			}
			if got := f.Rows[0].Extra["why"]; got != tc.want {
				t.Errorf("targets: read %q, want %q", got, tc.want)
			}
		})
	}
}

// TestParticipationsXLSXDates: the start and end of a project typed as dates in a
// workbook are read as dates, not refused as "45658".
func TestParticipationsXLSXDates(t *testing.T) {
	x := excelize.NewFile()
	rows := [][]any{{"projectID", "name", "startDate", "endDate"}, {"101", "Université de Lyon", 45658, 46752}}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := x.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	st, err := x.NewStyle(&excelize.Style{NumFmt: 14})
	if err != nil {
		t.Fatal(err)
	}
	if err := x.SetCellStyle("Sheet1", "C2", "D2", st); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "p.xlsx")
	if err := x.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	f, err := interchange.ReadParticipationsFile(path, interchange.ParticipationOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if r := f.Rows[0]; r.StartDate != "2025-01-01" || r.EndDate != "2027-12-31" {
		t.Errorf("start %q, end %q", r.StartDate, r.EndDate)
	}
}
