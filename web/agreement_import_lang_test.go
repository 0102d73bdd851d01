package web_test

import (
	"archive/zip"
	"bytes"
	"html"
	"net/http"
	"strings"
	"testing"
)

// TestAgreementImportProblemsNamed: the import page names the tables and columns of a
// problem in the reader's language; a French reader read "funding", "amount" and
// "partners" in the problems, the notes of what was not read, and the messages. The
// file's English names stay beside the French ones, since an export names its sheets
// and files in English.
func TestAgreementImportProblemsNamed(t *testing.T) {
	w := newAgreementWorld(t, testDBs(t)["sqlite"])
	zipOf := func(files map[string]string) []byte {
		var zb bytes.Buffer
		zw := zip.NewWriter(&zb)
		for name, body := range files {
			f, err := zw.Create(name)
			must(t, err)
			_, err = f.Write([]byte(body))
			must(t, err)
		}
		must(t, zw.Close())
		return zb.Bytes()
	}
	badRows := zipOf(map[string]string{
		"agreements.csv": "key,title,signed_year,colour\n1,Coopération Lyon–Kyoto,2013,blue\n",
		"funding.csv":    "agreement,funder,amount\n1,Ministère,lots\n",
	})
	noKey := zipOf(map[string]string{
		"agreements.csv": "key,title,signed_year\n1,Coopération Lyon–Kyoto,2013\n",
		"partners.csv":   "name,country\nKyoto,JP\n",
	})
	for _, tc := range []struct {
		lang, file string
		zip        []byte
		want       []string
	}{
		{"fr", "bad rows", badRows, []string{"<td>financements (funding)</td><td>2</td><td>Montant en euros (amount)</td>",
			"Colonnes de conventions (agreements) qu'aucun champ ne lit : colour"}},
		{"en", "bad rows", badRows, []string{"<td>funding</td><td>2</td><td>amount</td>", "Columns of agreements that no field reads: colour"}},
		{"fr", "no key", noKey, []string{"la feuille partenaires (partners) n'a pas de colonne agreement"}},
		{"en", "no key", noKey, []string{"the partners sheet has no agreement column"}},
	} {
		c := w.client(t, "bob").lang(tc.lang)
		ctype, mp := multipartBody(t, "export.zip", tc.zip, nil)
		res, page := c.do("POST", "/agreements/import", ctype, mp, false)
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("%s %s: %d, want 422", tc.lang, tc.file, res.StatusCode)
		}
		page = html.UnescapeString(page)
		for _, s := range tc.want {
			if !strings.Contains(page, s) {
				t.Errorf("%s %s: the page lacks %q: %s", tc.lang, tc.file, s, between(page, "<main", "</main>"))
			}
		}
	}
}
