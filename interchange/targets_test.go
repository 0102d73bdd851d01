package interchange_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"passerelle"
	"passerelle/interchange"
)

// TestReadTargetFile: a mission's list of targets is an organisations file with its
// own columns (why, group, availability, venue) kept in each row's Extra, from CSV
// (French headers, a Windows-1252 file read with its encoding) or XLSX; hostile files
// (wrong encoding, an unclosed quote, a truncated workbook, no name column, an unknown
// mapped field) are refused with a message naming the line or the field.
func TestReadTargetFile(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, body []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, body, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	csv := write("targets.csv", []byte("Nom,Pays,Pourquoi,Groupe,Disponibilité,Lieu,Remarque\n"+
		"Novo Nordisk A/S,DK,diabetes,A,2014-09-08 09:00-12:00,Hotel,x\n"+
		"Novozymes,dk,,A,,,\n"))
	f, err := interchange.ReadTargetFile(csv, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Rows) != 2 || f.Rows[0].Line != 2 || f.Rows[1].Organization.Country != "DK" {
		t.Fatalf("rows %+v", f.Rows)
	}
	want := map[string]string{"why": "diabetes", "group": "A", "availability": "2014-09-08 09:00-12:00", "venue": "Hotel"}
	for k, v := range want {
		if f.Rows[0].Extra[k] != v {
			t.Errorf("extra %s = %q, want %q", k, f.Rows[0].Extra[k], v)
		}
	}
	if len(f.Ignored) != 1 || f.Ignored[0] != "Remarque" {
		t.Errorf("ignored %v", f.Ignored)
	}
	// An organisations import does not take the targets' columns.
	if o, err := interchange.ReadOrgFile(csv, "", nil); err != nil || o.Rows[0].Extra != nil || len(o.Ignored) != 5 {
		t.Errorf("as organisations: %v, extra %v, ignored %v", err, o.Rows[0].Extra, o.Ignored)
	}
	mapped, err := interchange.ReadTargetFile(csv, "", map[string]string{"why": "Remarque"})
	if err != nil || mapped.Rows[0].Extra["why"] != "x" {
		t.Errorf("--map why=Remarque: %v %+v", err, mapped)
	}
	if _, err := interchange.ReadTargetFile(csv, "", map[string]string{"budget": "Remarque"}); !strings.Contains(passerelle.ErrorFields(err)["map"], "why, group, availability, venue") {
		t.Errorf("unknown mapped field: %v", err)
	}
	latin := write("latin.csv", []byte("name,why\nCoop,r\xe9union \x80\n"))
	if _, err := interchange.ReadTargetFile(latin, "", nil); err == nil || !strings.Contains(err.Error(), "line 2: the text is not UTF-8") {
		t.Errorf("latin-1 read as UTF-8: %v", err)
	}
	if f, err := interchange.ReadTargetFile(latin, "windows-1252", nil); err != nil || f.Rows[0].Extra["why"] != "réunion €" {
		t.Errorf("windows-1252: %v %+v", err, f)
	}
	for name, body := range map[string]string{
		"unclosed quote": "name,why\nA,\"never closed\nB,x\n",
		"no name column": "pays,why\nFR,x\n",
		"empty":          "",
	} {
		_, err := interchange.ReadTargetFile(write(strings.ReplaceAll(name, " ", "_")+".csv", []byte(body)), "", nil)
		if passerelle.ErrorCode(err) != passerelle.EINVALID {
			t.Errorf("%s: %v", name, err)
		}
	}
	x := excelize.NewFile()
	for i, row := range [][]any{{"Name", "Country", "Group", "Availability"}, {"Medicon Village", "SE", "B", "2014-09-09"}} {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := x.SetSheetRow("Sheet1", cell, &row); err != nil {
			t.Fatal(err)
		}
	}
	xp := filepath.Join(dir, "targets.xlsx")
	if err := x.SaveAs(xp); err != nil {
		t.Fatal(err)
	}
	if f, err := interchange.ReadTargetFile(xp, "", nil); err != nil || len(f.Rows) != 1 || f.Rows[0].Extra["availability"] != "2014-09-09" {
		t.Errorf("xlsx: %v %+v", err, f)
	}
	data, _ := os.ReadFile(xp)
	if _, err := interchange.ReadTargetFile(write("cut.xlsx", data[:len(data)/2]), "", nil); passerelle.ErrorCode(err) != passerelle.EINVALID {
		t.Errorf("a truncated workbook: %v", err)
	}
}
