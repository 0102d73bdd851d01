package interchange

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCountryCode: a country cell is a code in any case or a name in English or
// French, accents, case and punctuation aside; what is not known comes back as it was,
// upper-cased, for the record's check to refuse by its value.
func TestCountryCode(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"FR", "FR"}, {"fr", "FR"}, {" jp ", "JP"}, {"", ""},
		{"France", "FR"}, {"FRANCE", "FR"}, {"Japon", "JP"}, {"Allemagne", "DE"}, {"Germany", "DE"},
		{"États-Unis", "US"}, {"Etats Unis", "US"}, {"United States", "US"}, {"USA", "US"},
		{"Royaume-Uni", "GB"}, {"united kingdom", "GB"}, {"UK", "GB"}, {"EL", "GR"},
		{"Côte d’Ivoire", "CI"}, {"cote d'ivoire", "CI"}, {"Corée du Sud", "KR"}, {"South Korea", "KR"},
		{"Pays-Bas", "NL"}, {"Tchéquie", "CZ"}, {"Czech Republic", "CZ"}, {"Türkiye", "TR"},
		{"ZZ", "ZZ"}, {"Atlantis", "ATLANTIS"},
		{"Congo", "CONGO"}, // two countries: left for the check to refuse
		{strings.Repeat("fr", 50000), strings.Repeat("FR", 50000)}, // a huge cell: no country, kept
		{"France\x00", "FR"}, {"'France", "FR"}, {"=France", "FR"}, // punctuation aside (the readers refuse a NUL cell first)
	} {
		if got := CountryCode(tc.in); got != tc.want {
			t.Errorf("CountryCode(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestOrgFileCountryNames: an organisations file whose country column holds names
// reads them as codes; the people's file the same.
func TestOrgFileCountryNames(t *testing.T) {
	dir := t.TempDir()
	orgs := filepath.Join(dir, "orgs.csv")
	if err := os.WriteFile(orgs, []byte("Nom;Pays\nGenopole;France\nRIKEN;Japon\nImperial College;Royaume-Uni\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := ReadOrgFile(orgs, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range f.Rows {
		got = append(got, r.Organization.Country)
	}
	if len(got) != 3 || got[0] != "FR" || got[1] != "JP" || got[2] != "GB" {
		t.Errorf("countries read: %v", got)
	}
	people := filepath.Join(dir, "people.csv")
	if err := os.WriteFile(people, []byte("first name,last name,country\nAda,Lovelace,Royaume-Uni\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	p, err := ReadPersonFile(people, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Rows) != 1 || p.Rows[0].Person.Country != "GB" {
		t.Errorf("the person's country: %+v", p.Rows)
	}
}
