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

// TestAgreementImportHostileZip: a ZIP's CSV files are read up to 64 MB together and 50
// in number; beyond, the upload is refused with a message and nothing is imported (two
// files of 35 MB each compress to little: a small upload, a large extraction).
func TestAgreementImportHostileZip(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) {
			w := newAgreementWorld(t, db)
			bob := w.client(t, "bob")
			zipOf := func(files map[string][]byte) []byte {
				var zb bytes.Buffer
				zw := zip.NewWriter(&zb)
				for name, body := range files {
					f, err := zw.Create(name)
					must(t, err)
					_, err = f.Write(body)
					must(t, err)
				}
				must(t, zw.Close())
				return zb.Bytes()
			}
			row := []byte("1,Coopération Lyon–Kyoto,2013\n")
			big := append([]byte("key,title,signed_year\n"), bytes.Repeat(row, 35<<20/len(row))...)
			many := map[string][]byte{"agreements.csv": []byte("key,title,signed_year\n2,Zip flood,2014\n")}
			for i := range 50 {
				many[fmt.Sprintf("n%02d.csv", i)] = []byte("x\n")
			}
			for _, tc := range []struct {
				name string
				zip  []byte
				want string
			}{
				{"70 MB", zipOf(map[string][]byte{"agreements.csv": big, "partners.csv": big}), "more than 64 MB"},
				{"51 files", zipOf(many), "more than 50 CSV files"},
			} {
				ctype, mp := multipartBody(t, "export.zip", tc.zip, nil)
				res, page := bob.do("POST", "/agreements/import", ctype, mp, false)
				if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(page, tc.want) {
					t.Errorf("%s: %d, want 422 with %q", tc.name, res.StatusCode, tc.want)
				}
			}
			if _, list := bob.get("/agreements?q=flood"); strings.Contains(list, "Zip flood") {
				t.Error("a refused ZIP imported an agreement")
			}
		})
	}
}
