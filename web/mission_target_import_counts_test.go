package web_test

import (
	"html"
	"net/http"
	"regexp"
	"strings"
	"testing"
)

// TestTargetImportCounts: the counts of a targets import read right with one of a kind,
// in both languages. French said "1 nouvelles", "1 déjà cibles", "1 ajoutées", English
// "1 already targets", "1 rows left out": each count now follows its label.
func TestTargetImportCounts(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) {
			w := newWorld(t, db)
			bob := w.client(t, "bob")
			for _, c := range []struct{ lang, org, preview, done string }{
				{"en", "Kestrel Diagnostics GmbH", "2 rows: 1 new, 1 already in the directory, 0 unclear. Already targets of the mission: 1 (",
					"Targets added: 1, updated: 1; organisations created: 1; rows left out: 0."},
				{"fr", "Ondine Biotech SAS", "2 lignes — nouvelles : 1, déjà dans l'annuaire : 1, incertaines : 0. Déjà cibles de la mission : 1 (",
					"Cibles ajoutées : 1, mises à jour : 1 ; organisations créées : 1 ; lignes laissées de côté : 0."},
			} {
				if res, _ := bob.do("POST", "/lang", formType, form("lang", c.lang), false); res.StatusCode != http.StatusSeeOther {
					t.Fatalf("lang %s: %d", c.lang, res.StatusCode)
				}
				file := []byte("name,country,why\n" + sharedOrgName + ",DK,again\n" + c.org + ",DE,diagnostics\n")
				ctype, body := multipartBody(t, "targets.csv", file, map[string]string{"step": "preview"})
				res, page := bob.do("POST", "/missions/cph/targets/import", ctype, body, false)
				if got := html.UnescapeString(between(page, `id="import-counts">`, "</p>")); res.StatusCode != http.StatusOK || !strings.Contains(got, c.preview) {
					t.Errorf("%s preview: %d %q, want %q", c.lang, res.StatusCode, got, c.preview)
				}
				data := regexp.MustCompile(`name="data" value="([^"]+)"`).FindStringSubmatch(page)
				if data == nil {
					t.Fatalf("%s: no file carried to the confirmation", c.lang)
				}
				ctype, body = fieldsBody(t, map[string]string{"step": "import", "data": data[1], "file_name": "targets.csv", "encoding": "utf-8"})
				res, page = bob.do("POST", "/missions/cph/targets/import", ctype, body, false)
				if got := html.UnescapeString(between(page, `id="import-counts">`, "</p>")); res.StatusCode != http.StatusOK || !strings.HasSuffix(got, ">"+c.done) {
					t.Errorf("%s import: %d %q, want %q", c.lang, res.StatusCode, got, c.done)
				}
			}
		})
	}
}
