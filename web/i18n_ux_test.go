package web

import (
	"io/fs"
	"regexp"
	"strings"
	"testing"

	"passerelle/interchange"
)

// TestPlurals checks each language's plural rule and that every key a template gives
// to .L.N has both forms in both catalogues.
func TestPlurals(t *testing.T) {
	en, fr := newLocalizer("en"), newLocalizer("fr")
	for _, c := range []struct {
		l    *Localizer
		n    int
		want string
	}{
		{en, 0, "0 results"}, {en, 1, "1 result"}, {en, 2, "2 results"}, {en, 1234, "1,234 results"},
		{fr, 0, "0 résultat"}, {fr, 1, "1 résultat"}, {fr, 2, "2 résultats"},
	} {
		if got := c.l.N("list.count", c.n); got != c.want {
			t.Errorf("%s N(list.count, %d) = %q, want %q", c.l.Lang, c.n, got, c.want)
		}
	}
	re := regexp.MustCompile(`\.L\.N "([^"]+)"`)
	files, _ := fs.Glob(templateFS, "templates/*.html")
	found := 0
	for _, f := range files {
		b, _ := fs.ReadFile(templateFS, f)
		for _, m := range re.FindAllStringSubmatch(string(b), -1) {
			found++
			for _, lang := range []string{"en", "fr"} {
				for _, form := range []string{".one", ".other"} {
					if _, ok := catalogues[lang][m[1]+form]; !ok {
						t.Errorf("%s: %s.json lacks %q", f, lang, m[1]+form)
					}
				}
			}
		}
	}
	if found < 5 {
		t.Fatalf("only %d plural keys found in templates: the pattern is stale", found)
	}
}

// TestAuditLabels checks that every field the audit log records has a label in both
// languages, and that codes in changes are named.
func TestAuditLabels(t *testing.T) {
	for _, lang := range []string{"en", "fr"} {
		for _, f := range auditFields {
			if _, ok := catalogues[lang]["field."+f]; !ok {
				t.Errorf("%s.json lacks field.%s", lang, f)
			}
		}
	}
	fr := newLocalizer("fr")
	for _, c := range []struct {
		k    string
		v    any
		want string
	}{
		{"country", "GB", "Royaume-Uni"}, {"country", "", "∅"}, {"visibility", "shared", fr.T("visibility.shared")},
		{"role", "member", fr.T("role.member")}, {"published", true, "oui"}, {"start_date", "2013-09", "septembre 2013"},
		{"start_date", "2013-09-27", "27 septembre 2013"}, {"title", "x", "x"}, {"signed_year", 2013.0, "2013"},
	} {
		if got := fr.Value(c.k, c.v); got != c.want {
			t.Errorf("Value(%s, %v) = %q, want %q", c.k, c.v, got, c.want)
		}
	}
	if got := fr.Field("country"); got != "Pays" {
		t.Errorf("Field(country) = %q", got)
	}
	if got := newLocalizer("en").PartialDate("2013-09"); got != "September 2013" {
		t.Errorf("PartialDate = %q", got)
	}
}

// TestAmounts: an amount in cents reads as the language writes numbers, in euros or in
// its own currency, and so does one the audit log recorded in cents.
func TestAmounts(t *testing.T) {
	en, fr := newLocalizer("en"), newLocalizer("fr")
	for _, c := range []struct {
		l        *Localizer
		cents    int64
		currency string
		want     string
	}{
		{en, 125_000_000, "EUR", "1,250,000 €"},
		{fr, 125_000_000, "EUR", "1\u00a0250\u00a0000 €"},
		{en, 125_000_050, "", "1,250,000.50 €"},
		{fr, 125_000_050, "", "1\u00a0250\u00a0000,50 €"},
		{en, 99, "USD", "0.99 USD"},
		{fr, 100_000_005, "USD", "1\u00a0000\u00a0000,05 USD"},
		{fr, -150_000, "EUR", "-1\u00a0500 €"},
	} {
		if got := c.l.Amount(c.cents, c.currency); got != c.want {
			t.Errorf("%s Amount(%d, %q) = %q, want %q", c.l.Lang, c.cents, c.currency, got, c.want)
		}
	}
	if got := fr.Value("expected_value_cents", 125_000_000.0); got != "1\u00a0250\u00a0000" {
		t.Errorf("fr Value(expected_value_cents) = %q", got)
	}
	if got := en.Value("expected_value_cents", 125_000_050.0); got != "1,250,000.50" {
		t.Errorf("en Value(expected_value_cents) = %q", got)
	}
}

// TestImportNames: the tables and columns of the agreements' files are named for the
// import page: in English as the files name them, in French by their French name or the
// form's label with the file's name beside it; what the catalogue lacks as it is.
func TestImportNames(t *testing.T) {
	en, fr := newLocalizer("en"), newLocalizer("fr")
	for _, s := range interchange.AgreementSheets {
		if got := en.ImportTable(s); got != s {
			t.Errorf("en ImportTable(%s) = %q", s, got)
		}
		for _, lang := range []string{"en", "fr"} {
			if _, ok := catalogues[lang]["agr.table."+s]; !ok {
				t.Errorf("%s.json lacks agr.table.%s", lang, s)
			}
		}
		if got := fr.ImportTable(s); !strings.Contains(got, s) {
			t.Errorf("fr ImportTable(%s) = %q, without the file's name", s, got)
		}
	}
	for _, c := range []struct {
		l           *Localizer
		table, want string
	}{
		{fr, "funding", "financements (funding)"},
		{fr, "contacts", "contacts"},
		{fr, "file", "Fichier"},
		{en, "file", "File"},
		{fr, "unknown", "unknown"},
	} {
		if got := c.l.ImportTable(c.table); got != c.want {
			t.Errorf("%s ImportTable(%s) = %q, want %q", c.l.Lang, c.table, got, c.want)
		}
	}
	for _, c := range []struct {
		l                  *Localizer
		table, field, want string
	}{
		{en, "funding", "amount", "amount"},
		{fr, "funding", "amount", "Montant en euros (amount)"},
		{fr, "partners", "name", "Nom (name)"},
		{fr, "documents", "title", "Titre du document (title)"},
		{fr, "agreements", "title", "Titre (title)"},
		{fr, "partners", "ror_id", "Identifiant ROR (ror_id)"},
		{fr, "agreements", "key", "key"},
		{fr, "agreements", "", ""},
	} {
		if got := c.l.ImportField(c.table, c.field); got != c.want {
			t.Errorf("%s ImportField(%s, %s) = %q, want %q", c.l.Lang, c.table, c.field, got, c.want)
		}
	}
}

// TestYearAmountsValue: a project's amounts in the audit log ("2027:10000000 2028:5000050")
// read as years with their amounts in the language; they were shown as stored.
func TestYearAmountsValue(t *testing.T) {
	en, fr := newLocalizer("en"), newLocalizer("fr")
	for _, c := range []struct {
		l        *Localizer
		in, want string
	}{
		{en, "2027:10000000 2028:5000050", "2027: 100,000; 2028: 50,000.50"},
		{fr, "2027:10000000", "2027\u00a0: 100\u00a0000"},
		{en, "2027:x", "2027:x"},
		{en, "", "∅"},
	} {
		if got := c.l.Value("amounts", c.in); got != c.want {
			t.Errorf("%s Value(amounts, %q) = %q, want %q", c.l.Lang, c.in, got, c.want)
		}
	}
}
