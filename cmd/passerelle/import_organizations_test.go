package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

type rowOut struct {
	Line     int    `json:"line"`
	Decision string `json:"decision"`
	Match    *struct {
		ID  int64  `json:"id"`
		ROR string `json:"ror"`
	} `json:"match"`
	Reasons []string `json:"reasons"`
}

func decisions(t *testing.T, out string) []rowOut {
	t.Helper()
	var rs []rowOut
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		var r rowOut
		if err := json.Unmarshal([]byte(l), &r); err != nil {
			t.Fatalf("not JSON: %q", l)
		}
		rs = append(rs, r)
	}
	return rs
}

func orgCount(t *testing.T, env map[string]string) int {
	t.Helper()
	out, _, err := run(t, env, "", "export", "organizations", "--format", "csv")
	if err != nil {
		return 0
	}
	return strings.Count(strings.TrimSpace(out), "\n")
}

func TestImportOrganizations(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"PASSERELLE_DATA_DIR": filepath.Join(dir, "data")}
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	base := write("base.csv", "\ufeffNom,Pays,Ville,Site web,ROR,Remarque\n"+
		"Centre national de la recherche scientifique,FR,Paris,,https://ror.org/02feahw73,x\n"+
		"Novo Nordisk A/S,DK,Bagsværd,https://www.novonordisk.com,,\n"+
		"Institute of Physics,GB,London,,,\n"+
		"Institute of Physics,DE,Berlin,,,\n"+
		"Genopole,FR,Évry,,,\n"+
		"Université de Lyon,FR,Lyon,,,\n"+
		"Institut Pasteur,FR,Paris,,https://ror.org/0495fxg12,\n"+
		"Institut Pasteur,FR,Lille,,https://ror.org/05k9skc85,\n")
	out, errs, err := run(t, env, "", "import", "organizations", base)
	if err != nil {
		t.Fatalf("base: %v %s", err, errs)
	}
	if !strings.Contains(errs, "ignored columns: Remarque") || !strings.Contains(out, "created 8") {
		t.Fatalf("base: %q %q", out, errs)
	}
	inc := write("inc.csv", "name,country,city,website\n"+
		"CNRS,FR,Paris,\n"+ // 2
		"NOVO NORDISK,DK,,\n"+ // 3
		"Institute of Physics,DE,,\n"+ // 4
		"Institute of Physics,US,,\n"+ // 5
		"GENOPOLE,FR,,genopole.fr\n"+ // 6: fills the empty website
		"\"Universite\n de Lyon\",FR,,\n"+ // 7-8: a cell over two lines
		"INSTITUT PASTEUR,FR,,\n"+ // 9: ambiguous
		"Acme Widgets,FR,,\n"+ // 10
		"ACME WIDGETS SAS,FR,,\n") // 11: the same new organisation as line 10
	out, _, err = run(t, env, "", "import", "organizations", inc, "--dry-run", "--format", "json")
	if err != nil {
		t.Fatal(err)
	}
	rs := decisions(t, out)
	want := []struct {
		line     int
		decision string
		ror      string
	}{{2, "match", "https://ror.org/02feahw73"}, {3, "match", ""}, {4, "match", ""}, {5, "new", ""}, {6, "match", ""},
		{7, "match", ""}, {9, "ambiguous", ""}, {10, "new", ""}, {11, "new", ""}}
	if len(rs) != len(want) {
		t.Fatalf("%d rows: %s", len(rs), out)
	}
	for i, w := range want {
		r := rs[i]
		if r.Line != w.line || r.Decision != w.decision || (w.decision == "match" && r.Match.ROR != w.ror) || (w.decision != "match" && r.Match != nil) {
			t.Errorf("row %d: %+v, want %+v", i, r, w)
		}
	}
	if rs[8].Reasons[0] != "same organisation as line 10" {
		t.Errorf("line 11: %v", rs[8].Reasons)
	}
	if n := orgCount(t, env); n != 8 {
		t.Fatalf("the dry run changed the directory: %d", n)
	}
	// In text, the row that is the same new organisation as an earlier one is listed,
	// and the counts add up: three new rows make two records.
	out, _, err = run(t, env, "", "import", "organizations", inc, "--dry-run")
	if err != nil || !strings.Contains(out, "line 11: ACME WIDGETS SAS: the same organisation as line 10") ||
		!strings.Contains(out, "3 new (1 the same as an earlier line)") || !strings.Contains(out, "would create 2,") {
		t.Errorf("text dry run: %v %q", err, out)
	}
	// An ambiguous row stops the import, which saves nothing.
	_, _, err = run(t, env, "", "import", "organizations", inc)
	if err == nil || !strings.Contains(err.Error(), "line 9") || orgCount(t, env) != 8 {
		t.Fatalf("ambiguous: %v", err)
	}
	out, _, err = run(t, env, "", "import", "organizations", inc, "--ambiguous", "skip")
	if err != nil || !strings.Contains(out, "created 2, filled 1, skipped 1") {
		t.Fatalf("skip: %v %q", err, out)
	}
	if n := orgCount(t, env); n != 10 {
		t.Fatalf("%d organisations after the import, want 10", n)
	}
	exp, _, _ := run(t, env, "", "export", "organizations", "--format", "csv")
	if !strings.Contains(exp, "https://genopole.fr") {
		t.Errorf("the empty website was not filled:\n%s", exp)
	}
	// An ambiguous row created anyway is a duplicate to review.
	one := write("one.csv", "name,country\nInstitut Pasteur,FR\n")
	if _, _, err := run(t, env, "", "import", "organizations", one, "--ambiguous", "new"); err != nil {
		t.Fatal(err)
	}
	out, _, err = run(t, env, "", "duplicates", "--json")
	if err != nil {
		t.Fatal(err)
	}
	var pairs []struct {
		A, B struct {
			ID        int64
			Name, ROR string
		}
		Reasons []string
	}
	json.Unmarshal([]byte(out), &pairs)
	if len(pairs) != 2 || pairs[0].A.Name != "Institut Pasteur" || pairs[0].B.ROR != "" || pairs[0].Reasons[0] != "same name" {
		t.Fatalf("duplicates: %s", out)
	}
	if _, _, err := run(t, env, "", "duplicates", "--not", fmt.Sprintf("%d,%d", pairs[0].B.ID, pairs[0].A.ID)); err != nil {
		t.Fatal(err)
	}
	if out, _, _ = run(t, env, "", "duplicates"); !strings.Contains(out, "1 pair(s)") {
		t.Errorf("after --not: %s", out)
	}
	if _, _, err := run(t, env, "", "duplicates", "--not", "1,x"); err == nil {
		t.Error("--not 1,x accepted")
	}
	// The same file again: every row now matches (line 11 matches line 10's record).
	out, _, _ = run(t, env, "", "import", "organizations", inc, "--dry-run", "--format", "json")
	for _, r := range decisions(t, out) {
		if r.Line != 9 && r.Line != 5 && r.Decision != "match" {
			t.Errorf("second run: %+v", r)
		}
	}
}

// TestImportOrganizationsHostile: bad files are refused with the line and field, and
// nothing is saved.
func TestImportOrganizationsHostile(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"PASSERELLE_DATA_DIR": filepath.Join(dir, "data")}
	big := strings.Builder{}
	big.WriteString("name\n")
	for i := 0; i <= 200000; i++ {
		fmt.Fprintf(&big, "o%d\n", i)
	}
	for _, c := range []struct {
		name, body string
		args       []string
		want       string
	}{
		{"truncated.csv", "name,country\n\"Open quote,FR\nOther,FR\n", nil, "line 2: a quoted cell is not closed"},
		{"latin1.csv", "name,country\nUniversit\xe9 de Lyon,FR\n", nil, "line 2: the text is not UTF-8"},
		{"nul.csv", "name\nA\x00B\n", nil, "line 2: a cell holds a NUL"},
		{"noname.csv", "org,pays\nA,FR\n", nil, "no column for the name"},
		{"empty.csv", "", nil, "the file is empty"},
		{"country.csv", "name,country\nA,France\nB,FR\nC,ZZ\n", nil, "line 4: country"}, // a name is read, ZZ is not a country
		{"kind.csv", "name,kind\nA,spaceship\n", nil, "line 2: kind: unknown kind"},
		{"badmap.csv", "name\nA\n", []string{"--map", "colour=name"}, "unknown field \"colour\""},
		{"missingcol.csv", "name\nA\n", []string{"--map", "name=Raison sociale"}, "no column \"Raison sociale\""},
		{"notxlsx.xlsx", "PK\x03\x04garbage", nil, "not an XLSX file"},
		{"huge.csv", big.String(), nil, "more than 200000 rows"},
		{"longname.csv", "name\n" + strings.Repeat("x", 600) + "\n", nil, "line 2: name: at most 500 characters"},
		{"badsite.csv", "name,website\nA,ftp://x y\n", nil, "line 2: website"},
	} {
		p := filepath.Join(dir, c.name)
		os.WriteFile(p, []byte(c.body), 0o600)
		_, _, err := run(t, env, "", append([]string{"import", "organizations", p}, c.args...)...)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", c.name, err, c.want)
		}
		if n := orgCount(t, env); n != 0 {
			t.Fatalf("%s: %d organisations saved", c.name, n)
		}
	}
	// Windows-1252 is read when given; a formula-looking name is kept as text.
	p := filepath.Join(dir, "cp1252.csv")
	os.WriteFile(p, []byte("name,country\nUniversit\xe9 de Lyon,FR\n\"=HYPERLINK(\"\"x\"\")\",FR\n"), 0o600)
	if _, errs, err := run(t, env, "", "import", "organizations", p, "--encoding", "windows-1252"); err != nil {
		t.Fatalf("cp1252: %v %s", err, errs)
	}
	exp, _, _ := run(t, env, "", "export", "organizations", "--format", "json")
	if !strings.Contains(exp, "Université de Lyon") || !strings.Contains(exp, `=HYPERLINK(\"x\")`) {
		t.Errorf("export: %s", exp)
	}
}

// TestImportOrganizationsXLSX: a workbook's first sheet, its rows numbered as the
// spreadsheet shows them.
func TestImportOrganizationsXLSX(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"PASSERELLE_DATA_DIR": filepath.Join(dir, "data")}
	f := excelize.NewFile()
	rows := [][]any{{"Libellé", "Pays", "Ville"}, {"Genopole", "FR", "Évry"}, {"Novo Nordisk A/S", "DK", ""}}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	p := filepath.Join(dir, "orgs.xlsx")
	if err := f.SaveAs(p); err != nil {
		t.Fatal(err)
	}
	if _, _, err := run(t, env, "", "import", "organizations", p); err == nil || !strings.Contains(err.Error(), "no column for the name") {
		t.Fatalf("without --map: %v", err)
	}
	if _, errs, err := run(t, env, "", "import", "organizations", p, "--map", "name=LIBELLE"); err != nil {
		t.Fatalf("%v %s", err, errs)
	}
	out, _, err := run(t, env, "", "import", "organizations", p, "--map", "name=Libellé", "--dry-run", "--format", "json")
	if err != nil {
		t.Fatal(err)
	}
	rs := decisions(t, out)
	if len(rs) != 2 || rs[0].Line != 2 || rs[0].Decision != "match" || rs[1].Line != 3 || rs[1].Decision != "match" {
		t.Errorf("xlsx dry run: %s", out)
	}
}
