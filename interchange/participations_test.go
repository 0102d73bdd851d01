package interchange_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"passerelle"
	"passerelle/interchange"
)

// TestReadCORDISParticipations reads a CORDIS organisation file (BOM, ';', EU country
// codes, a double-encoded accent, decimal commas) joined to the project file beside it.
func TestReadCORDISParticipations(t *testing.T) {
	f, err := interchange.ReadParticipationsFile("testdata/cordis-h2020organizations.csv", interchange.ParticipationOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(f.ProjectsFile, "cordis-h2020projects.csv") {
		t.Errorf("project file %q", f.ProjectsFile)
	}
	if len(f.Rows) != 4 {
		t.Fatalf("%d rows", len(f.Rows))
	}
	r := f.Rows[0]
	if r.Line != 2 || r.ProjectRef != "101" || r.Acronym != "ALPHA" || r.Title != "Alpha project" || r.Programme != "H2020" ||
		r.CallID != "H2020-SC1-2018" || r.Topic != "SC1-BHC-01-2018" || r.StartDate != "2019-01-01" || r.EndDate != "2022-12-31" ||
		r.Role != "coordinator" || r.AmountCents != 123456780 || r.Organization.Name != "Université de Lyon" ||
		r.Organization.Country != "FR" || r.Organization.PIC != "999999001" || r.Organization.Kind != passerelle.KindUniversity {
		t.Errorf("row 1: %+v %+v", r, *r.Organization)
	}
	if c := f.Rows[1].Organization.Country; c != "GB" {
		t.Errorf("UK read as %q", c)
	}
	if o := f.Rows[2].Organization; o.Country != "GR" || o.Name != `Ethniko Kentro "Erevnas"` || f.Rows[2].AmountCents != 25000051 {
		t.Errorf("row 3: %+v, %d cents", *o, f.Rows[2].AmountCents)
	}
	if r := f.Rows[3]; r.Organization.Name != "Université de Lyon" || r.StartDate != "2020-03-01" {
		t.Errorf("row 4: %q from %s", r.Organization.Name, r.StartDate)
	}
}

// TestReadMappedParticipations: a national extract with other column names, --set for
// the missing country, dd.mm.yyyy dates with a time, decimal commas; bad rows are all
// reported by line and field.
func TestReadMappedParticipations(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "x.csv")
	os.WriteFile(p, []byte("Nr,Kurz,Einrichtung,Rolle,Betrag,Beginn\n7,P7,Technische Universität München,KOORDINATOR,\"1.234,5\",01.03.2019 00:00\n"), 0o600)
	m := map[string]string{"project_id": "Nr", "acronym": "Kurz", "organization_name": "Einrichtung", "role": "Rolle", "amount_eur": "Betrag", "start": "Beginn"}
	f, err := interchange.ReadParticipationsFile(p, interchange.ParticipationOptions{Mapping: m, Set: map[string]string{"country": "DE"}})
	if err != nil {
		t.Fatal(err)
	}
	r := f.Rows[0]
	if r.Organization.Country != "DE" || r.Role != "coordinator" || r.AmountCents != 123450 || r.StartDate != "2019-03-01" || r.Title != "" {
		t.Errorf("%+v %+v", r, *r.Organization)
	}
	os.WriteFile(p, []byte("Nr;Einrichtung;Land;Betrag;Beginn\n;A;DE;1;2019-01-01\n8;;XX;zwölf;31.02.2019\n"), 0o600)
	_, err = interchange.ReadParticipationsFile(p, interchange.ParticipationOptions{Mapping: map[string]string{"project_id": "Nr",
		"organization_name": "Einrichtung", "country": "Land", "amount_eur": "Betrag", "start": "Beginn"}})
	msg := passerelle.ErrorMessage(err)
	for _, want := range []string{"line 2: project_id", "line 3: organization_name", "line 3: country", "line 3: amount_eur", "line 3: start"} {
		if !strings.Contains(msg, want) {
			t.Errorf("%q lacks %q", msg, want)
		}
	}
	if _, err := interchange.ReadParticipationsFile(p, interchange.ParticipationOptions{Mapping: map[string]string{"budget": "Betrag"}}); passerelle.ErrorFields(err)["map"] == "" {
		t.Errorf("unknown field: %v", err)
	}
}

// TestParticipationHeaders: the header is the first line with data; a missing column
// names that line, its cells and a line below that has the column; a row with cells
// past the header is a bad row; bad rows are listed in line order, 2 before 10.
func TestParticipationHeaders(t *testing.T) {
	rows := func(n int) string {
		var b strings.Builder
		for i := 0; i < n; i++ {
			b.WriteString("1;Org;FR;12\n")
		}
		return b.String()
	}
	for _, c := range []struct {
		name, file string
		rows       int      // rows read when want is empty
		want       []string // parts of the message, in order
	}{
		{"blank lines above", "\n;;\nprojectID;name;country;ecContribution\n1;Org;FR;12\n", 1, nil},
		{"title above", "Participations 2024;;;\nprojectID;name;country;ecContribution\n1;Org;FR;12\n", 0,
			[]string{"line 1, read as the header: no column for project_id", `"Participations 2024"`, "Line 2 has one"}},
		{"no name column", "projectID;country\n1;FR\n", 0,
			[]string{"line 1, read as the header: no column for organization_name", `"projectID", "country"`}},
		{"cells past the header", "projectID;name;country\n1;Org;FR\n2;Org; Inc;FR\n3;Org;FR;;\n", 0,
			[]string{"1 bad row", "line 3: cells past the header's last column, from column D"}},
		{"spreadsheet error", "projectID;name;country;ecContribution\n1;Org;FR;#VALUE!\n", 0,
			[]string{"line 2: amount_eur: the spreadsheet error #VALUE!"}},
		{"line order", "projectID;name;country;ecContribution\n" + rows(8) + "1;Org;XX;12\n;Org;FR;12\n", 0,
			[]string{"line 10: country", "line 11: project_id"}},
		{"line order, 2 before 10", "projectID;name;country;ecContribution\n;Org;FR;12\n" + rows(7) + "1;Org;XX;12\n", 0,
			[]string{"line 2: project_id", "line 10: country"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "parts.csv")
			if err := os.WriteFile(p, []byte(c.file), 0o600); err != nil {
				t.Fatal(err)
			}
			f, err := interchange.ReadParticipationsFile(p, interchange.ParticipationOptions{ProjectsFile: ""})
			if c.want == nil {
				if err != nil || len(f.Rows) != c.rows {
					t.Fatalf("%v, %+v", err, f)
				}
				return
			}
			msg := passerelle.ErrorMessage(err)
			at := 0
			for _, w := range c.want {
				i := strings.Index(msg[at:], w)
				if i < 0 {
					t.Fatalf("%q lacks %q after position %d", msg, w, at)
				}
				at += i + len(w)
			}
		})
	}
}

func TestRepairMojibake(t *testing.T) {
	for in, want := range map[string]string{"Parc des CÃ¨dres": "Parc des Cèdres", "UniversitÃ© Paris-Saclay": "Université Paris-Saclay",
		"Universität München": "Universität München", "Ägypten": "Ägypten", "Ã…rhus": "Århus", "plain": "plain", "â€™s": "’s"} {
		if got := interchange.RepairMojibake(in); got != want {
			t.Errorf("%q: %q, want %q", in, got, want)
		}
	}
}

// TestParseEuroCents: separators count only where they cannot be misread; a lone
// separator before three digits is refused, not read as a decimal point and rounded.
func TestParseEuroCents(t *testing.T) {
	for _, c := range []struct {
		in    string
		cents int64
		err   string // part of the message; "" reads cents
	}{
		{"1234,5", 123450, ""},
		{"1234.50", 123450, ""},
		{"1.234.567,89", 123456789, ""},
		{"1,234,567.89", 123456789, ""},
		{"1 234 567,89", 123456789, ""},
		{"1 234,50", 123450, ""},
		{"1\u00a0234,50", 123450, ""},
		{"1\u202f234,50", 123450, ""},
		{"1'234.50", 123450, ""},
		{"1.234,5", 123450, ""},
		{"1.234.567", 123456700, ""},
		{"1,234,567", 123456700, ""},
		{"12 500", 1250000, ""},
		{"20000,0", 2000000, ""},
		{"1234", 123400, ""},
		{"+1234", 123400, ""},
		{"0", 0, ""},
		{",5", 50, ""},
		{"1234,50 €", 123450, ""},
		{"EUR 1234", 123400, ""},
		{"1,234", 0, `"1,234" can be read two ways`},
		{"1.234", 0, `"1.234" can be read two ways`},
		{"12.500", 0, `"12.500" can be read two ways`},
		{"0.005", 1, ""},
		{"0.004", 0, ""},
		{"250000.505", 25000051, ""},
		{"1234.567", 123457, ""},
		{"1.234,567", 123457, ""},
		{"1,234.5678", 123457, ""},
		{"1/3", 0, `not "1/3"`},
		{"0x10", 0, `not "0x10"`},
		{"1e3", 0, `not "1e3"`},
		{"1_000", 0, `not "1_000"`},
		{"-5", 0, `not "-5"`},
		{"1,234,56", 0, `not "1,234,56"`},
		{"12,34,567", 0, `not "12,34,567"`},
		{"1 23", 0, `not "1 23"`},
		{"1.234 567", 0, `not "1.234 567"`},
		{"5.", 0, `not "5."`},
		{"", 0, `not ""`},
		{"zwölf", 0, `not "zwölf"`},
		{"100000000000000000000", 0, "at most"},
	} {
		got, err := interchange.ParseEuroCents(c.in)
		switch {
		case c.err == "" && (err != nil || got != c.cents):
			t.Errorf("%q: %d, %v; want %d", c.in, got, err, c.cents)
		case c.err != "" && !strings.Contains(passerelle.ErrorMessage(err), c.err):
			t.Errorf("%q: %d, %v; want an error with %q", c.in, got, err, c.err)
		}
	}
}
