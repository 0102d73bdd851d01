package interchange_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"passerelle"
	"passerelle/interchange"
)

// TestReadPersonFile: a contact list from a French spreadsheet (semicolons, French
// headers, Windows-1252), one with a single column of full names, and an XLSX
// workbook; bad rows are all named by line and field, and nothing is returned.
func TestReadPersonFile(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, body []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, body, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	// "Prénom;Nom;Courriel;Société;Pays;Fonction;Remarque interne" in Windows-1252.
	fr := write("contacts.csv", []byte("Pr\xe9nom;Nom;Courriel;Soci\xe9t\xe9;Pays;Fonction;Remarque interne\r\n"+
		"Zo\xe9;Durand;Zoe.Durand@Example.org, zd@example.org;Genopole;fr;CEO;x\r\n;;;;;;\r\nJean;Martin;;;;;\r\n"))
	f, err := interchange.ReadPersonFile(fr, "windows-1252", nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Rows) != 2 || !slices.Equal(f.Ignored, []string{"Remarque interne"}) {
		t.Fatalf("%d rows, ignored %v", len(f.Rows), f.Ignored)
	}
	r := f.Rows[0]
	if p := r.Person; r.Line != 2 || p.FirstName != "Zoé" || p.LastName != "Durand" || !slices.Equal(p.Emails, []string{"zoe.durand@example.org", "zd@example.org"}) ||
		p.Country != "FR" || r.Organization != "Genopole" || r.OrgCountry != "FR" || r.Role != "CEO" {
		t.Errorf("row: %+v %+v", r, r.Person)
	}
	if f.Rows[1].Line != 4 {
		t.Errorf("the row after a blank one is on line %d", f.Rows[1].Line)
	}

	full := write("full.csv", []byte("Name,Email,Company\n\"Coulomb, Bertrand\",,GLOBAL CARE\nJean-Philippe ARIÉ,,\nMaria de la Cruz,,\n"))
	if f, err = interchange.ReadPersonFile(full, "", nil); err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, r := range f.Rows {
		names = append(names, r.Person.FirstName+"|"+r.Person.LastName)
	}
	if want := []string{"Bertrand|Coulomb", "Jean-Philippe|ARIÉ", "Maria de la|Cruz"}; !slices.Equal(names, want) {
		t.Errorf("full names read as %v, want %v", names, want)
	}

	x := excelize.NewFile()
	for i, row := range [][]any{{"First name", "Last name", "E-mail", "Organisation"}, {"Aiko", "Tanaka", "aiko@example.jp", "Kansai Bio"}} {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := x.SetSheetRow("Sheet1", cell, &row); err != nil {
			t.Fatal(err)
		}
	}
	xp := filepath.Join(dir, "contacts.xlsx")
	if err := x.SaveAs(xp); err != nil {
		t.Fatal(err)
	}
	if f, err := interchange.ReadPersonFile(xp, "", nil); err != nil || len(f.Rows) != 1 || f.Rows[0].Organization != "Kansai Bio" {
		t.Errorf("xlsx: %v %+v", err, f)
	}

	for name, c := range map[string]struct {
		body    string
		mapping map[string]string
		want    []string
	}{
		"bad rows": {"first name,last name,email,country\nAna,Lima,ana@x,BR\n,,a@b.example,FR\nBen,Roy,not an address,ZZ\n", nil,
			[]string{"nothing imported", "line 3: name", "line 4: emails", "line 4: country"}},
		"no name column": {"email,company\na@b.example,X\n", nil, []string{"line 1: no column for the name", "email, company"}},
		"spreadsheet error": {"first name,last name,company,notes\nAna,Lima,#N/A,\nBen,Roy,X,#REF!\n", nil,
			[]string{"2 bad row", "line 2: organization: the spreadsheet error #N/A", "line 3: notes: the spreadsheet error #REF!"}},
		"mapped elsewhere": {"Contact,Mail\nAna Lima,ana@x.example\n", map[string]string{"emails": "Courriel"}, []string{"no column \"Courriel\" for emails"}},
	} {
		_, err := interchange.ReadPersonFile(write(strings.ReplaceAll(name, " ", "_")+".csv", []byte(c.body)), "", c.mapping)
		if passerelle.ErrorCode(err) != passerelle.EINVALID {
			t.Errorf("%s: %v", name, err)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: %q lacks %q", name, err, w)
			}
		}
	}
}
