package web_test

import (
	"archive/zip"
	"bytes"
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// TestAgreementImportEncoding: a Latin-1 CSV is refused with its line when the form says
// UTF-8, and imported with its accents when the form says latin1.
func TestAgreementImportEncoding(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) {
			w := newAgreementWorld(t, db)
			bob := w.client(t, "bob")
			if _, page := bob.get("/agreements/import"); !strings.Contains(page, `name="encoding"`) || !strings.Contains(page, `value="windows-1252"`) {
				t.Fatalf("the form offers no encoding")
			}
			latin := []byte("key,title,signed_year\n1,Coop\xe9ration Latin,2013\n")
			ctype, mp := multipartBody(t, "agreements.csv", latin, nil)
			res, page := bob.do("POST", "/agreements/import", ctype, mp, false)
			if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(page, "agreements line 2: the text is not UTF-8") {
				t.Errorf("latin-1 as UTF-8: %d %.300s", res.StatusCode, page)
			}
			ctype, mp = multipartBody(t, "agreements.csv", latin, map[string]string{"encoding": "latin1"})
			res, page = bob.do("POST", "/agreements/import", ctype, mp, false)
			if res.StatusCode != http.StatusOK || !strings.Contains(page, "import-counts") {
				t.Fatalf("latin-1 as latin1: %d %.300s", res.StatusCode, page)
			}
			if _, list := bob.get("/agreements?q=latin"); !strings.Contains(list, "Coopération Latin") {
				t.Error("the accents did not survive")
			}
			ctype, mp = multipartBody(t, "agreements.csv", latin, map[string]string{"encoding": "klingon"})
			if res, _ := bob.do("POST", "/agreements/import", ctype, mp, false); res.StatusCode != http.StatusUnprocessableEntity {
				t.Errorf("unknown encoding: %d", res.StatusCode)
			}
		})
	}
}

// TestAgreementImportProblemsBounded: a file of many bad rows lists the first 1,000 and
// counts the others, instead of a page of megabytes.
func TestAgreementImportProblemsBounded(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) {
			w := newAgreementWorld(t, db)
			bob := w.client(t, "bob")
			var b strings.Builder
			b.WriteString("key,title,signed_year\n")
			for i := range 1200 {
				fmt.Fprintf(&b, "%d,T%d,year%d\n", i, i, i)
			}
			ctype, mp := multipartBody(t, "agreements.csv", []byte(b.String()), nil)
			res, page := bob.do("POST", "/agreements/import", ctype, mp, false)
			if res.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("status %d", res.StatusCode)
			}
			if n := strings.Count(page, "<tr><td>agreements</td>"); n != 1000 {
				t.Errorf("%d problems listed, want 1000", n)
			}
			if !strings.Contains(page, `id="import-more"`) || !strings.Contains(page, "1,200 problems") || !strings.Contains(page, "200 more problems") {
				t.Errorf("the page does not count the others: %.500s", page[strings.Index(page, "import-result"):])
			}
		})
	}
}

// TestAgreementAmountOverflow: two funding lines of the largest int64 are refused with
// 422 naming the lines, instead of a total wrapped round.
func TestAgreementAmountOverflow(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) {
			w := newAgreementWorld(t, db)
			bob := w.client(t, "bob")
			res, body := bob.do("POST", "/api/v1/agreements", "application/json",
				`{"title":"Overflow","funding":[{"funder":"A","amount_cents":9223372036854775807},{"funder":"B","amount_cents":9223372036854775807}]}`, true)
			if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `funding[1].amount`) {
				t.Errorf("overflow: %d %s", res.StatusCode, body)
			}
		})
	}
}

// TestAgreementImportIgnored: what an uploaded file holds that the import does not read
// is listed on the page (a column, a CSV file of the ZIP that is no table), and the
// rest is imported.
func TestAgreementImportIgnored(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) {
			w := newAgreementWorld(t, db)
			bob := w.client(t, "bob")
			var zb bytes.Buffer
			zw := zip.NewWriter(&zb)
			for name, body := range map[string]string{
				"export/agreements.csv": "key,title,signed_year,colour\n1,Coopération Lyon–Kyoto,2013,blue\n",
				"export/notes.csv":      "what\nsomething\n",
			} {
				f, err := zw.Create(name)
				must(t, err)
				_, err = f.Write([]byte(body))
				must(t, err)
			}
			must(t, zw.Close())
			ctype, mp := multipartBody(t, "export.zip", zb.Bytes(), nil)
			res, page := bob.do("POST", "/agreements/import", ctype, mp, false)
			if res.StatusCode != http.StatusOK || !strings.Contains(page, "import-counts") {
				t.Fatalf("zip: %d %.300s", res.StatusCode, between(page, "<main", "</main>"))
			}
			for _, want := range []string{`id="import-ignored"`, "Columns of agreements that no field reads: colour", "Files that are no table of agreements: notes.csv"} {
				if !strings.Contains(page, want) {
					t.Errorf("the page lacks %q", want)
				}
			}
		})
	}
}
