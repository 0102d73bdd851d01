package web_test

import (
	"net/http"
	"strings"
	"testing"
)

// TestImportTitleRows: a file whose header sits under a title is read from its header
// on; the preview names the header's line and the title it skipped (cut when huge), and
// its column selects offer the header's cells, not the title.
func TestImportTitleRows(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) {
			w := newWorld(t, db)
			bob := w.client(t, "bob")
			huge := strings.Repeat("Liste ", 5000) // under the 32,768 characters a header line may hold
			for _, tc := range []struct{ page, file, row string }{
				{"/organizations/import", "Partenaires 2026;;\n;;\nnom;pays;ville\nTitled Institute;DE;Bonn\n", "Titled Institute"},
				{"/people/import", "Contacts du congrès;mars\nprénom;nom;courriel\nTitia;Titre;titia@title.example\n", "Titia"},
				{"/organizations/import", huge + ";\nnom;pays\nHuge Title Institute;FR\n", "Huge Title Institute"}, // a spreadsheet pads a title row with separators
			} {
				ctype, body := multipartBody(t, "f.csv", []byte(tc.file), map[string]string{"step": "preview"})
				res, page := bob.do("POST", tc.page, ctype, body, false)
				if res.StatusCode != http.StatusOK || !strings.Contains(page, tc.row) {
					t.Fatalf("%s: %d, row %q not previewed: %.300s", tc.page, res.StatusCode, tc.row, page[strings.Index(page, "class=\"error"):])
				}
				note := page[strings.Index(page, `id="import-title"`)+1:]
				note = note[:strings.Index(note, "</p>")]
				title := strings.SplitN(tc.file, ";", 2)[0]
				switch {
				case strings.HasPrefix(title, "Liste"):
					if len(note) > 1000 || !strings.Contains(note, "Liste Liste") || !strings.Contains(note, "line 2") {
						t.Errorf("%s: a huge title named %d bytes long: %.200s", tc.page, len(note), note)
					}
				case !strings.Contains(note, title) || strings.Contains(page, `<option value="`+title+`"`):
					t.Errorf("%s: the title %q is not named as skipped, or offered as a column: %.300s", tc.page, title, note)
				}
				if !strings.Contains(page, `<option value="pays"`) && !strings.Contains(page, `<option value="courriel"`) {
					t.Errorf("%s: the header's cells are not offered as columns", tc.page)
				}
			}
		})
	}
}
