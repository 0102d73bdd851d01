package interchange_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"passerelle"
	"passerelle/demo"
	"passerelle/interchange"
	"passerelle/store"
)

// exportJSON exports a workspace's agreements as JSON, with what differs between
// workspaces by construction (ids, instants) blanked, for comparison.
func exportJSON(t *testing.T, ctx context.Context, db *store.DB) string {
	t.Helper()
	list, _, err := store.NewAgreementService(db).FindAgreements(ctx, passerelle.AgreementFilter{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range list {
		a.ID, a.WorkspaceID, a.OwnerMemberID = 0, 0, 0
		a.CreatedAt, a.UpdatedAt = time.Time{}, time.Time{}
		a.Version = 0 // a record's edit counter, not its content: a copy starts at 1
		for i := range a.Partners {
			a.Partners[i].OrganizationID = 0
		}
		for i := range a.Contacts {
			a.Contacts[i].PersonID = 0
		}
	}
	b, err := json.MarshalIndent(list, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func newWorkspace(t *testing.T, ctx context.Context, db *store.DB, slug string) context.Context {
	t.Helper()
	w := &passerelle.Workspace{Slug: slug, Name: slug}
	if err := store.NewWorkspaceService(db).CreateWorkspace(passerelle.NewContextWithActor(ctx, &passerelle.Actor{System: true}), w); err != nil {
		t.Fatal(err)
	}
	return passerelle.NewContextWithActor(ctx, passerelle.SystemActor(w.ID))
}

// TestAgreementRoundTrip exports the demo's agreements in each format and imports them
// into an empty workspace: the agreements must come back exactly.
func TestAgreementRoundTrip(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(ctx, "", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	d, _, err := demo.Load(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	// Every list filled at least once, beyond what the seeds give.
	svc := store.NewAgreementService(db)
	list, _, err := svc.FindAgreements(d.System, passerelle.AgreementFilter{Query: "Kawasaki"})
	if err != nil || len(list) != 1 {
		t.Fatalf("Kawasaki agreement: %v, %v", list, err)
	}
	k := list[0]
	k.Volunteers = []passerelle.Volunteer{{FirstName: "Fictional Aiko", LastName: "Fictional Sato", Kind: "VIE", Mission: "Soft landing desk", Field: "Biotech", Assignment: "Genopole"}}
	k.Documents = []passerelle.Document{{Title: "Accord signé", FileName: "accord.pdf", MediaType: "application/pdf", Size: 12345, Date: "2020-06", Public: true}}
	k.Funding = []passerelle.FundingLine{{Funder: "Genopole", AmountCents: 123456, Year: 2020, Category: "local_authority"}, {Funder: "Kawasaki", AmountCents: 5, Currency: "JPY"}}
	k.Notes, k.Evaluation, k.CommunicationFrance = "note; with \"quotes\"\nand lines", "Évaluation à mi-parcours", "Communiqué de presse"
	k.Phases = append(k.Phases, passerelle.Phase{Title: "Phase two", Actions: []passerelle.Action{{Title: "A"}, {Title: "B", Status: passerelle.ActionCancelled}}})
	if err := svc.UpdateAgreement(d.System, k); err != nil {
		t.Fatal(err)
	}
	want := exportJSON(t, d.System, db)
	if !strings.Contains(want, "10515") || !strings.Contains(want, "Eric") {
		t.Fatalf("demo export lacks the seed 002 record")
	}
	for _, format := range []string{"json", "xlsx", "csv"} {
		t.Run(format, func(t *testing.T) {
			var buf bytes.Buffer
			dir := ""
			if format == "csv" {
				dir = filepath.Join(t.TempDir(), "export")
			}
			aw, err := interchange.NewAgreementWriter(&buf, format, dir)
			if err != nil {
				t.Fatal(err)
			}
			all, _, err := svc.FindAgreements(d.System, passerelle.AgreementFilter{Limit: 1000})
			if err != nil {
				t.Fatal(err)
			}
			if err := aw.Write(all[:2]); err != nil {
				t.Fatal(err)
			}
			if err := aw.Write(all[2:]); err != nil {
				t.Fatal(err)
			}
			if err := aw.Close(); err != nil {
				t.Fatal(err)
			}
			path := dir
			if format != "csv" {
				path = filepath.Join(t.TempDir(), "agreements."+format)
				if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			items, err := interchange.OpenAgreementFile(path, "")
			if err != nil {
				t.Fatal(err)
			}
			other := newWorkspace(t, ctx, db, "copy-"+format)
			res, err := svc.ImportAgreements(other, items, false)
			if err != nil {
				t.Fatalf("import: %v %+v", err, res)
			}
			if res.Created != len(all) {
				t.Errorf("created %d of %d", res.Created, len(all))
			}
			if got := exportJSON(t, other, db); got != want {
				t.Errorf("round trip through %s differs:\n%s", format, firstDiff(want, got))
			}
			// Importing the same file again changes nothing.
			items, _ = interchange.OpenAgreementFile(path, "")
			res, err = svc.ImportAgreements(other, items, false)
			if err != nil || res.Unchanged != len(all) || res.OrganizationsCreated != 0 {
				t.Errorf("second import: %+v %v", res, err)
			}
		})
	}
}

func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range min(len(al), len(bl)) {
		if al[i] != bl[i] {
			return "line " + al[i] + "\n got " + bl[i]
		}
	}
	return "lengths differ"
}

// TestAgreementImportProblems checks that bad rows are reported by sheet, row and field.
func TestAgreementImportProblems(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(ctx, "", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	sys := newWorkspace(t, ctx, db, "net")
	bad := []*passerelle.Agreement{
		{Title: "Good", Partners: []passerelle.AgreementPartner{{Name: "Santa Fe", Country: "AR", Side: "foreign"}},
			Funding: []passerelle.FundingLine{{Funder: "MEAE", AmountCents: 100}}},
		{Title: "Bad", StartDate: "2015-02-01", EndDate: "2014", Theme: "nope",
			Partners: []passerelle.AgreementPartner{{Name: "X", Country: "AR", Side: "foreign"}, {Name: "Y", Country: "QQ", Side: "foreign"}},
			Funding:  []passerelle.FundingLine{{Funder: "MEAE", AmountCents: 100}, {Funder: "Ville", AmountCents: -100}},
			Phases:   []passerelle.Phase{{Title: "P", Actions: []passerelle.Action{{Title: "A", StartDate: "2015-03", EndDate: "2015-01"}}}}},
	}
	var buf bytes.Buffer
	aw, _ := interchange.NewAgreementWriter(&buf, "xlsx", "")
	if err := aw.Write(bad); err != nil {
		t.Fatal(err)
	}
	if err := aw.Close(); err != nil {
		t.Fatal(err)
	}
	tables, err := interchange.ReadAgreementXLSX(&buf)
	if err != nil {
		t.Fatal(err)
	}
	// A cell that is no number, and a row that points to no agreement.
	r := append(tables["funding"].Rows[0], make([]string, 8)...)[:7]
	r[5] = "twenty"
	tables["funding"].Rows[0] = r
	tables["partners"].Rows = append(tables["partners"].Rows, []string{"99", "foreign", "Z", "FR"})
	// A lookup that failed in the spreadsheet: its error text is no partner's name.
	tables["partners"].Rows[1][2] = "#N/A"
	res, err := store.NewAgreementService(db).ImportAgreements(sys, interchange.AgreementItems(tables), false)
	if passerelle.ErrorCode(err) != passerelle.EINVALID {
		t.Fatalf("import: %v", err)
	}
	var got []string
	for _, p := range res.Problems {
		got = append(got, p.String())
	}
	want := []string{
		`line 3: actions.end_date: 2015-01 is before the start date 2015-03`,
		`line 3: agreements.end_date: 2014 is before the start date 2015-02-01`,
		`line 3: agreements.theme: unknown theme "nope"`,
		`line 2: funding.year: "twenty" is not a whole number`,
		`line 4: funding.amount: must not be negative`,
		`line 3: partners.name: the spreadsheet error #N/A, not a value: mend the formula or clear the cell`,
		`line 3: partners.name: required`,
		`line 4: partners.country: unknown country code "QQ" (use ISO 3166-1 alpha-2, e.g. AR)`,
		`line 5: partners.agreement: no agreement with key "99"`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func FuzzReadAgreementXLSX(f *testing.F) {
	var buf bytes.Buffer
	aw, _ := interchange.NewAgreementWriter(&buf, "xlsx", "")
	_ = aw.Write([]*passerelle.Agreement{{Title: "T", Partners: []passerelle.AgreementPartner{{Name: "P", Side: "foreign"}},
		Phases: []passerelle.Phase{{Title: "P1", Actions: []passerelle.Action{{Title: "A"}}}}}})
	_ = aw.Close()
	f.Add(buf.Bytes())
	f.Add([]byte("PK\x03\x04"))
	f.Add([]byte{})
	// A part that declares 300 MB in 1 KB (see TestXLSXLimits).
	f.Add(rawZip(f, []rawPart{{name: "xl/worksheets/sheet1.xml", data: bytes.Repeat([]byte{0xff}, 1024), declared: 300 << 20, deflate: true}}))
	f.Fuzz(func(t *testing.T, data []byte) {
		tables, err := interchange.ReadAgreementXLSX(bytes.NewReader(data))
		if err != nil {
			return
		}
		for range interchange.AgreementItems(tables) {
		}
	})
}

func FuzzReadAgreementCSV(f *testing.F) {
	f.Add("key,title,signed_year\n1,T,2013\n", "agreement,phase,action,title\n1,1,,P\n1,1,1,A\n1,2,1,B\n")
	f.Add("titre\n\"unterminated", "agreement,phase\n,\n")
	f.Add("key,title\n1,\"unterminated\n2,\"Other\",x\n", "agreement,phase,action,title\n1,1,,Coop\xe9ration\n")
	f.Add("key,title\n1,'=cmd|' /C calc'!A0\n", "agreement,phase\n1,\"\n")
	f.Fuzz(func(t *testing.T, main, actions string) {
		tm, err := interchange.ReadAgreementCSV("agreements", strings.NewReader(main))
		if err != nil {
			return
		}
		tables := map[string]*interchange.Table{"agreements": tm}
		if ta, err := interchange.ReadAgreementCSV("actions", strings.NewReader(actions)); err == nil {
			tables["actions"] = ta
		}
		for it, err := range interchange.AgreementItems(tables) {
			if err == nil && it.Agreement == nil {
				t.Fatal("an item without an agreement")
			}
		}
	})
}

// TestAgreementReimportUnchanged exports the demo's agreements to a real file in each
// format, reads it back and imports it into the same workspace: nothing may change, not
// even the contacts' links to the contact book (issue 20: a re-import unlinked them). A
// person_id that names nobody the importer may read, or someone of another name, is
// dropped, not trusted.
func TestAgreementReimportUnchanged(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(ctx, "", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	d, _, err := demo.Load(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	svc := store.NewAgreementService(db)
	full := func() string {
		list, _, err := svc.FindAgreements(d.System, passerelle.AgreementFilter{Limit: 1000})
		if err != nil {
			t.Fatal(err)
		}
		b, _ := json.MarshalIndent(list, "", " ")
		return string(b)
	}
	want := full()
	if !strings.Contains(want, `"person_id"`) {
		t.Fatal("the demo has no contact linked to the contact book: the test would prove nothing")
	}
	all, _, err := svc.FindAgreements(d.System, passerelle.AgreementFilter{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	for _, format := range []string{"xlsx", "csv", "json"} {
		t.Run(format, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "agreements."+format)
			if format == "csv" {
				path = filepath.Join(dir, "export")
			}
			f, err := os.Create(filepath.Join(dir, "out"))
			if err != nil {
				t.Fatal(err)
			}
			aw, err := interchange.NewAgreementWriter(f, format, map[bool]string{true: path}[format == "csv"])
			if err != nil {
				t.Fatal(err)
			}
			if err := aw.Write(all); err != nil {
				t.Fatal(err)
			}
			if err := aw.Close(); err != nil {
				t.Fatal(err)
			}
			f.Close()
			if format != "csv" {
				if err := os.Rename(f.Name(), path); err != nil {
					t.Fatal(err)
				}
			}
			items, err := interchange.OpenAgreementFile(path, "")
			if err != nil {
				t.Fatal(err)
			}
			res, err := svc.ImportAgreements(d.System, items, false)
			if err != nil || res.Unchanged != len(all) || res.Updated != 0 || res.Created != 0 {
				t.Fatalf("re-import of the unchanged %s export: %+v %v", format, res, err)
			}
			if got := full(); got != want {
				t.Errorf("re-import through %s changed the agreements:\n%s", format, firstDiff(want, got))
			}
		})
	}

	// Hostile or stale links: an id nobody has, and a real person under another name.
	k := *all[0]
	k.ID, k.Ref, k.Title = 0, "", "Links test"
	k.Contacts = []passerelle.AgreementContact{
		{LastName: "Nobody", PersonID: 999999},
		{FirstName: "Not", LastName: "Them", PersonID: all[0].Contacts[0].PersonID},
	}
	if k.Contacts[1].PersonID == 0 {
		t.Skip("first agreement's first contact is not linked")
	}
	var buf bytes.Buffer
	aw, _ := interchange.NewAgreementWriter(&buf, "json", "")
	if err := aw.Write([]*passerelle.Agreement{&k}); err != nil {
		t.Fatal(err)
	}
	if err := aw.Close(); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "links.json")
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	items, err := interchange.OpenAgreementFile(path, "")
	if err != nil {
		t.Fatal(err)
	}
	if res, err := svc.ImportAgreements(d.System, items, false); err != nil || res.Created != 1 {
		t.Fatalf("links import: %+v %v", res, err)
	}
	list, _, err := svc.FindAgreements(d.System, passerelle.AgreementFilter{Query: "Links test"})
	if err != nil || len(list) != 1 {
		t.Fatalf("links agreement: %v %v", list, err)
	}
	for _, c := range list[0].Contacts {
		if c.PersonID != 0 {
			t.Errorf("contact %s %s kept the untrusted person_id %d", c.FirstName, c.LastName, c.PersonID)
		}
	}
}
