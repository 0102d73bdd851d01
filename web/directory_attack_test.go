package web_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"

	"passerelle"
	"passerelle/store"
)

// TestDirectoryAttack attacks the shared directory of organisations as an outsider
// would: hostile import files and replayed confirmations, merges and undos of records
// the attacker may not touch, and the lists, searches and exports read with hostile
// query strings. Nothing of another member's private organisation may show, nothing
// refused may be saved, and nothing may be a 500.
func TestDirectoryAttack(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) { testDirectoryAttack(t, db) })
	}
}

const privateROR = "https://ror.org/0secret01"

func testDirectoryAttack(t *testing.T, db *store.DB) {
	w := newWorld(t, db)
	ctx := context.Background()
	sys := passerelle.NewContextWithActor(ctx, passerelle.SystemActor(w.ws.ID))
	orgs := store.NewOrganizationService(db)
	priv, err := orgs.FindOrganizationByID(sys, w.private.ID)
	must(t, err)
	priv.RORID, priv.Website, priv.City = privateROR, "https://secret-alpha.example", "Secretville"
	must(t, orgs.UpdateOrganization(sys, priv))
	count := func() int {
		_, n, err := orgs.FindOrganizations(sys, passerelle.OrganizationFilter{Limit: 1})
		must(t, err)
		return n
	}
	bob, viewer, other, alice, coord := w.client(t, "bob"), w.client(t, "viewer"), w.client(t, "otheradmin"), w.client(t, "alice"), w.client(t, "coord")
	secrets := []string{privateOrgName, "secret-alpha.example", "Secretville", "0secret01", fmt.Sprintf("/organizations/%d\"", w.private.ID)}
	leaks := func(what, body string) {
		t.Helper()
		for _, s := range secrets {
			if strings.Contains(body, s) {
				t.Errorf("%s shows %q", what, s)
			}
		}
	}
	preview := func(c *client, name string, data []byte, fields map[string]string) (*http.Response, string) {
		t.Helper()
		f := map[string]string{"step": "preview"}
		for k, v := range fields {
			f[k] = v
		}
		ctype, body := multipartBody(t, name, data, f)
		return c.do("POST", "/organizations/import", ctype, body, false)
	}
	confirm := func(c *client, data string, fields map[string]string) (*http.Response, string) {
		t.Helper()
		f := map[string]string{"step": "import", "data": data, "file_name": "orgs.csv", "encoding": "utf-8"}
		for k, v := range fields {
			f[k] = v
		}
		ctype, body := fieldsBody(t, f)
		return c.do("POST", "/organizations/import", ctype, body, false)
	}
	carried := regexp.MustCompile(`name="data" value="([^"]+)"`)

	// 1. Lists, searches, exports: hostile query strings are a page or a 4xx, and
	// alice's private record and its links never show (checked before bob's import
	// makes shared records of her record's name and ROR id).
	for _, path := range []string{
		"/organizations", "/organizations?q=Secret", "/organizations?q=secret+alpha", "/organizations?q=0secret01", "/organizations?q=" + url.QueryEscape(privateROR),
		"/organizations?q=Secretville", "/organizations?country=DK", "/organizations?offset=99999999999999999999", "/organizations?offset=-3",
		"/organizations?offset=9223372036854775807", "/organizations?kind=%3Cscript%3E", "/organizations?theme=" + strings.Repeat("a.", 3000),
		"/organizations?q=" + strings.Repeat("x+", 3000), "/organizations?q=%22%27*%3A%26%7C%21()%5E-NEAR", "/organizations?q=%FF%FE", "/organizations?q=a%00b",
		"/organizations/suggest?q=Secret", "/organizations/suggest?q=" + strings.Repeat("y", 6000),
		"/organizations/export?format=csv", "/organizations/export?format=json", "/organizations/export?format=xml", "/organizations/export?format=csv&q=Secret",
		"/organizations/" + id(w.shared.ID), "/api/v1/organizations", "/api/v1/organizations?q=Secret", "/api/v1/organizations?limit=99999999999",
		"/api/v1/organizations?limit=-1", "/api/v1/organizations?limit=0", "/api/v1/organizations?cursor=" + base64.RawURLEncoding.EncodeToString([]byte("o:9223372036854775807")),
		"/api/v1/organizations?cursor=" + base64.RawURLEncoding.EncodeToString([]byte("o:-1")), "/api/v1/organizations?cursor=%%%", "/api/v1/organizations?cursor=" + strings.Repeat("A", 5000),
		"/api/v1/organizations/" + id(w.shared.ID) + "/links", "/api/v1/organizations/" + id(w.shared.ID) + "/people", "/api/v1/organizations/" + id(w.shared.ID) + "/history",
		"/api/v1/search?q=Secret&limit=999999999", "/api/v1/search?q=" + strings.Repeat("z", 6000), "/api/v1/people?organization_id=" + id(w.private.ID),
		"/api/v1/people?organization_id=99999999999999999999", "/people/export?format=csv",
	} {
		for _, c := range []*client{bob, viewer} {
			res, body := c.get(path)
			if strings.HasPrefix(path, "/api/") {
				res, body = c.do("GET", path, "", "", true)
			}
			if res.StatusCode >= 500 {
				t.Errorf("GET %.100s: %d (%.200s)", path, res.StatusCode, body)
				continue
			}
			for _, sec := range secrets {
				// A query is echoed in its search box.
				if strings.Contains(body, sec) && !strings.Contains(path, sec) {
					t.Errorf("GET %.100s shows %q", path, sec)
				}
			}
			if strings.Contains(body, "-9223372036854775") {
				t.Errorf("GET %.100s: a negative position", path)
			}
		}
	}
	// From here the file carries her record's name and ROR id, and bob's import makes
	// shared records of them: what must not show is the rest of hers.
	secrets = []string{"secret-alpha.example", "Secretville", fmt.Sprintf("/organizations/%d\"", w.private.ID)}

	// 2. Imports. A row naming alice's private organisation by its ROR id, its name
	// or its id is a new shared record for bob: the preview offers nothing of hers,
	// the import makes a record of its own and leaves hers as it was.
	n0 := count()
	file := []byte("\ufeffname,ror_id,country,name,id\n" +
		"Row Of Ror,0secret01,DK,,\n" +
		privateOrgName + ",,DK,,\n" +
		"By Id Row," + "," + "DK,," + id(w.private.ID) + "\n")
	res, page := preview(bob, "orgs.csv", file, nil)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("preview of a BOM and a repeated header: %d %.400s", res.StatusCode, page)
	}
	if strings.Contains(page, fmt.Sprintf("/organizations/%d\"", w.private.ID)) || strings.Contains(page, "secret-alpha.example") || strings.Contains(page, "Secretville") {
		t.Error("the preview shows alice's private organisation")
	}
	m := carried.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no file carried: %.400s", page)
	}
	data := m[1]
	// The file has no ambiguous row: choices, hostile or not, are ignored (the first
	// confirmation imports, the next ones link), never a 500 nor a trace of hers.
	for what, ch := range map[string]map[string]string{
		"alice's private one":  {"choice-2": id(w.private.ID)},
		"a negative id":        {"choice-2": "-5"},
		"an id past int64":     {"choice-2": "99999999999999999999"},
		"a line past int":      {"choice-99999999999999999999": id(w.private.ID)},
		"a line negative":      {"choice--1": id(w.private.ID)},
		"a NUL in the choices": {"choice-2": "new\x00"},
	} {
		if res, body := confirm(bob, data, ch); res.StatusCode >= 500 {
			t.Errorf("%s: %d %.300s", what, res.StatusCode, body)
		} else {
			leaks(what, body)
		}
	}
	if n := count(); n != n0+3 {
		t.Fatalf("the confirmations: %d -> %d organisations, want 3 more", n0, n)
	}
	if res, _ := confirm(viewer, data, nil); res.StatusCode != http.StatusForbidden {
		t.Errorf("a viewer's confirmation: %d", res.StatusCode)
	}
	if res, _ := preview(viewer, "orgs.csv", file, nil); res.StatusCode != http.StatusForbidden {
		t.Errorf("a viewer's preview: %d", res.StatusCode)
	}
	res, page = confirm(bob, data, nil)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("import: %d %.400s", res.StatusCode, page)
	}
	leaks("the import's report", page)
	after := count()
	got, err := orgs.FindOrganizationByID(sys, w.private.ID)
	must(t, err)
	if got.Version != priv.Version || got.Visibility != passerelle.VisibilityPrivate || got.OwnerMemberID != w.alpha.ID {
		t.Errorf("alice's private record changed: %+v", got)
	}
	// Replayed after the commit, by bob: the rows are now the records made, nothing new.
	if res, page := confirm(bob, data, nil); res.StatusCode != http.StatusOK || count() != after {
		t.Errorf("replay: %d, %d -> %d organisations (%.300s)", res.StatusCode, after, count(), page)
	}
	// Replayed by another workspace's administrator: it imports into its own
	// workspace, never into this one.
	if res, page := confirm(other, data, nil); res.StatusCode != http.StatusOK || count() != after {
		t.Errorf("another workspace's replay: %d, %d -> %d here (%.300s)", res.StatusCode, after, count(), page)
	}

	// Hostile files: each a 4xx with a short page, nothing saved.
	var wide bytes.Buffer
	wide.WriteString("pays")
	for i := range 400000 {
		fmt.Fprintf(&wide, ",c%d", i)
	}
	wide.WriteString("\nFR\n")
	var wideName bytes.Buffer
	wideName.WriteString("name")
	for i := range 400000 {
		fmt.Fprintf(&wideName, ",c%d", i)
	}
	wideName.WriteString("\nWide Org\n")
	var manyRows bytes.Buffer
	manyRows.WriteString("name\n")
	for manyRows.Len() < 8<<20-16 {
		manyRows.WriteString("a\n")
	}
	for what, f := range map[string]struct {
		name string
		data []byte
	}{
		"a cell of 7 MB":              {"orgs.csv", []byte("name\n" + strings.Repeat("x", 7<<20) + "\n")},
		"Latin-1 read as UTF-8":       {"orgs.csv", []byte("name\nSoci\xe9t\xe9\n")},
		"a quote never closed":        {"orgs.csv", []byte("name\n\"Unclosed,FR\nNext,FR\n")},
		"400,000 columns, no name":    {"orgs.csv", wide.Bytes()},
		"400,000 columns and a name":  {"orgs.csv", wideName.Bytes()},
		"more rows than a file holds": {"orgs.csv", manyRows.Bytes()},
		"a NUL in a cell":             {"orgs.csv", []byte("name\nNul\x00Org\n")},
		"a truncated workbook":        {"orgs.xlsx", workbookOf(t, "name", "Trunc Org")[:300]},
		"a zip bomb":                  {"orgs.xlsx", zipBomb(t)},
		"a workbook padded to XFD":    {"orgs.xlsx", wideWorkbook(t)},
		"a formula only":              {"orgs.csv", []byte("name\n=cmd|' /C calc'!A0\n")},
		"a file with only a BOM":      {"orgs.csv", []byte("\ufeff")},
		"an empty workbook name ext":  {"orgs.xlsx", []byte("name\nPlain CSV Named XLSX\n")},
	} {
		n := count()
		res, page := preview(bob, f.name, f.data, nil)
		if res.StatusCode >= 500 {
			t.Errorf("%s: %d %.300s", what, res.StatusCode, page)
			continue
		}
		if res.StatusCode == http.StatusOK && what != "a formula only" && what != "400,000 columns and a name" && what != "an empty workbook name ext" {
			t.Errorf("%s: 200, want a 4xx", what)
		}
		if page = carried.ReplaceAllString(page, ""); len(page) > 256<<10 {
			t.Errorf("%s: a page of %d bytes", what, len(page))
		}
		if count() != n {
			t.Errorf("%s: the preview saved", what)
		}
	}
	// A formula is text: imported as it is written, exported with a quote before it.
	res, page = preview(bob, "orgs.csv", []byte("name\n=HYPERLINK(\"https://evil.example\";\"x\")\n"), nil)
	if m := carried.FindStringSubmatch(page); res.StatusCode == http.StatusOK && m != nil {
		if res, _ := confirm(bob, m[1], nil); res.StatusCode != http.StatusOK {
			t.Errorf("formula import: %d", res.StatusCode)
		}
		if _, csv := bob.get("/organizations/export?format=csv"); !strings.Contains(csv, `'=HYPERLINK(`) {
			t.Errorf("the export does not neutralise the formula")
		}
	}

	// 3. Duplicates, merges and undo.
	twinA := &passerelle.Organization{Name: "Twin Merge Lab", Country: "FR", City: "Paris"}
	twinB := &passerelle.Organization{Name: "Twin Merge Lab", Country: "FR", City: "Paris"}
	must(t, orgs.CreateOrganization(sys, twinA))
	must(t, orgs.CreateOrganization(sys, twinB))
	var elsewhere int64
	{
		os, _, err := store.NewOrganizationService(db).FindOrganizations(passerelle.NewContextWithActor(ctx, passerelle.SystemActor(w.ws.ID+1)), passerelle.OrganizationFilter{Limit: 5})
		must(t, err)
		if len(os) == 0 {
			t.Fatal("no organisation in the other workspace")
		}
		elsewhere = os[0].ID
	}
	post := func(c *client, path string, form url.Values) (*http.Response, string) {
		t.Helper()
		return c.do("POST", path, "application/x-www-form-urlencoded", form.Encode(), false)
	}
	n1 := count()
	for _, c := range []struct {
		what string
		who  *client
		path string
		form url.Values
		want int
	}{
		{"bob merges alice's private record into a shared one", bob, "/organizations/" + id(w.shared.ID) + "/merge", url.Values{"gone": {id(w.private.ID)}}, 404},
		{"bob merges a shared record into alice's private one", bob, "/organizations/" + id(w.private.ID) + "/merge", url.Values{"gone": {id(w.shared2.ID)}}, 404},
		{"bob merges another workspace's record", bob, "/organizations/" + id(twinA.ID) + "/merge", url.Values{"gone": {id(elsewhere)}}, 404},
		{"another workspace merges this one's", other, "/organizations/" + id(twinA.ID) + "/merge", url.Values{"gone": {id(twinB.ID)}}, 404},
		{"a viewer merges", viewer, "/organizations/" + id(twinA.ID) + "/merge", url.Values{"gone": {id(twinB.ID)}}, 403},
		{"a merge into itself", bob, "/organizations/" + id(twinA.ID) + "/merge", url.Values{"gone": {id(twinA.ID)}}, 422},
		{"a merge of nothing", bob, "/organizations/" + id(twinA.ID) + "/merge", url.Values{"gone": {"abc"}}, 404},
		{"a viewer's not-a-duplicate", viewer, "/organizations/duplicates/not", url.Values{"a": {id(twinA.ID)}, "b": {id(twinB.ID)}}, 403},
		{"bob's not-a-duplicate of alice's private record", bob, "/organizations/duplicates/not", url.Values{"a": {id(w.shared.ID)}, "b": {id(w.private.ID)}}, 404},
		{"a not-a-duplicate across workspaces", bob, "/organizations/duplicates/not", url.Values{"a": {id(twinA.ID)}, "b": {id(elsewhere)}}, 404},
		{"an undo of nothing", bob, "/organizations/" + id(twinA.ID) + "/merges/999999/undo", nil, 404},
	} {
		res, body := post(c.who, c.path, c.form)
		if res.StatusCode != c.want {
			t.Errorf("%s: %d, want %d (%.200s)", c.what, res.StatusCode, c.want, body)
		}
		leaks(c.what, body)
	}
	if count() != n1 {
		t.Fatalf("a refused merge changed the directory: %d -> %d", n1, count())
	}
	if _, body := bob.get("/organizations/duplicates"); strings.Contains(body, "Secretville") || strings.Contains(body, "/organizations/"+id(w.private.ID)+"\"") {
		t.Error("bob's duplicates list shows alice's private record")
	}

	// Two merges of the same pair at once, either way: one wins, the other is a 4xx,
	// and one record remains.
	var wg sync.WaitGroup
	codes := make([]int, 2)
	for i, pair := range [][2]int64{{twinA.ID, twinB.ID}, {twinB.ID, twinA.ID}} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := []*client{bob, coord}[i]
			res, _ := post(c, "/organizations/"+id(pair[0])+"/merge", url.Values{"gone": {id(pair[1])}})
			codes[i] = res.StatusCode
		}()
	}
	wg.Wait()
	ok := 0
	for _, c := range codes {
		switch {
		case c == http.StatusSeeOther:
			ok++
		case c >= 500:
			t.Errorf("a merge raced: %d", c)
		}
	}
	if ok != 1 || count() != n1-1 {
		t.Fatalf("two merges of one pair at once: %v, %d -> %d organisations", codes, n1, count())
	}
	keptID, goneID := twinA.ID, twinB.ID
	if codes[1] == http.StatusSeeOther {
		keptID, goneID = twinB.ID, twinA.ID
	}
	merges, err := orgs.FindMerges(sys, keptID)
	must(t, err)
	if len(merges) != 1 {
		t.Fatalf("merges: %+v", merges)
	}
	undo := "/organizations/" + id(keptID) + "/merges/" + id(merges[0].ID) + "/undo"
	for _, c := range []struct {
		what string
		who  *client
		want int
	}{
		{"another workspace undoes", other, 404},
		{"a viewer undoes", viewer, 403},
		{"bob undoes", bob, 303},
		{"bob undoes twice", bob, 409},
	} {
		if res, body := post(c.who, undo, nil); res.StatusCode != c.want {
			t.Errorf("%s: %d, want %d (%.200s)", c.what, res.StatusCode, c.want, body)
		}
	}
	if count() != n1 {
		t.Fatalf("after the undo: %d organisations, want %d", count(), n1)
	}
	// Undo after the kept record was edited, or deleted: refused, nothing changed.
	res, _ = post(bob, "/organizations/"+id(keptID)+"/merge", url.Values{"gone": {id(goneID)}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("merge again: %d", res.StatusCode)
	}
	merges, err = orgs.FindMerges(sys, keptID)
	must(t, err)
	undo = "/organizations/" + id(keptID) + "/merges/" + id(merges[0].ID) + "/undo"
	k, err := orgs.FindOrganizationByID(sys, keptID)
	must(t, err)
	k.City = "Lyon"
	must(t, orgs.UpdateOrganization(sys, k))
	if res, body := post(bob, undo, nil); res.StatusCode != http.StatusConflict {
		t.Errorf("undo after an edit: %d (%.200s)", res.StatusCode, body)
	}
	must(t, orgs.DeleteOrganization(sys, keptID))
	if res, body := post(bob, undo, nil); res.StatusCode != http.StatusNotFound && res.StatusCode != http.StatusConflict {
		t.Errorf("undo after a delete: %d (%.200s)", res.StatusCode, body)
	}
	// Alice merges two private records of hers; bob can neither see nor undo it.
	pa := &passerelle.Organization{Name: "Secret Alpha Twin", Country: "FR", Visibility: passerelle.VisibilityPrivate, OwnerMemberID: w.alpha.ID}
	pb := &passerelle.Organization{Name: "Secret Alpha Twin", Country: "FR", Visibility: passerelle.VisibilityPrivate, OwnerMemberID: w.alpha.ID}
	must(t, orgs.CreateOrganization(sys, pa))
	must(t, orgs.CreateOrganization(sys, pb))
	if res, body := post(alice, "/organizations/"+id(pa.ID)+"/merge", url.Values{"gone": {id(pb.ID)}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("alice merges her own: %d %.200s", res.StatusCode, body)
	}
	merges, err = orgs.FindMerges(sys, pa.ID)
	must(t, err)
	for _, c := range []*client{bob, coord, other} {
		if res, _ := post(c, "/organizations/"+id(pa.ID)+"/merges/"+id(merges[0].ID)+"/undo", nil); res.StatusCode != http.StatusNotFound && !(c == coord && res.StatusCode == http.StatusSeeOther) {
			t.Errorf("an undo of alice's private merge: %d", res.StatusCode)
		}
		// The merge's id under a record the caller may see: the same 404.
		if res, _ := post(c, "/organizations/"+id(w.shared.ID)+"/merges/"+id(merges[0].ID)+"/undo", nil); res.StatusCode != http.StatusNotFound && c != coord {
			t.Errorf("an undo of alice's private merge by way of a shared record: %d", res.StatusCode)
		}
	}

	// A limit is bounded: at most 200 a page.
	for range 210 {
		must(t, orgs.CreateOrganization(sys, &passerelle.Organization{Name: "Filler Org", Country: "FR"}))
	}
	if _, body := bob.do("GET", "/api/v1/organizations?limit=100000", "", "", true); strings.Count(body, `"visibility"`) > 200 {
		t.Errorf("a limit of 100,000 gave %d organisations", strings.Count(body, `"visibility"`))
	}
}

// workbookOf is a workbook of one sheet: a header cell and a value under it.
func workbookOf(t *testing.T, header, value string) []byte {
	return rawSheet(t, `<row r="1"><c r="A1" t="inlineStr"><is><t>`+header+`</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>`+value+`</t></is></c></row>`)
}

// wideWorkbook is a workbook whose 3,000 rows each hold a value in column XFD: the
// spreadsheet library pads each to 16,384 cells.
func wideWorkbook(t *testing.T) []byte {
	var b strings.Builder
	b.WriteString(`<row r="1"><c r="A1" t="inlineStr"><is><t>name</t></is></c></row>`)
	for i := 2; i < 3000; i++ {
		fmt.Fprintf(&b, `<row r="%d"><c r="A%d" t="inlineStr"><is><t>Org %d</t></is></c><c r="XFD%d"><v>1</v></c></row>`, i, i, i, i)
	}
	return rawSheet(t, b.String())
}

// zipBomb is a workbook whose sheet is 300 MB of blanks compressed to a few hundred KB.
func zipBomb(t *testing.T) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range sheetParts(`<row r="1"><c r="A1" t="inlineStr"><is><t>name</t></is></c></row>`) {
		w, _ := zw.Create(p[0])
		w.Write([]byte(p[1]))
	}
	w, _ := zw.Create("xl/worksheets/sheet2.xml")
	chunk := bytes.Repeat([]byte(" "), 1<<20)
	for range 300 {
		w.Write(chunk)
	}
	must(t, zw.Close())
	return buf.Bytes()
}

func rawSheet(t *testing.T, rows string) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range sheetParts(rows) {
		w, err := zw.Create(p[0])
		must(t, err)
		w.Write([]byte(p[1]))
	}
	must(t, zw.Close())
	return buf.Bytes()
}

func sheetParts(rows string) [][2]string {
	return [][2]string{
		{"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`},
		{"_rels/.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`},
		{"xl/workbook.xml", `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`},
		{"xl/_rels/workbook.xml.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`},
		{"xl/worksheets/sheet1.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` + rows + `</sheetData></worksheet>`},
	}
}
