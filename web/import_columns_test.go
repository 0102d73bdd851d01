package web_test

import (
	"context"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"passerelle"
	"passerelle/store"
)

// TestImportColumnsOnScreen: the organisations and contact-list imports, like a
// mission's targets, offer the file's columns on screen when its name column is not
// recognised; the user picks it, previews again and imports with that mapping, which
// the confirmation carries; a field set to no column is not read; a column the file
// lacks is refused by name, nothing saved.
func TestImportColumnsOnScreen(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) {
			w := newWorld(t, db)
			sys := passerelle.NewContextWithActor(context.Background(), passerelle.SystemActor(w.ws.ID))
			orgs, people := store.NewOrganizationService(db), store.NewPersonService(db)
			bob := w.client(t, "bob")
			for _, tc := range []struct {
				page, file    string
				recognised    string // a select that the headers already set: field, column
				recognisedCol string
				mapping       map[string]string
				shown         string
				saved         func() bool
			}{
				{page: "/organizations/import",
					file:       "Établissement;Pays;Site\nColumns Chosen Institute;DE;colchosen.example\n",
					recognised: "country", recognisedCol: "Pays",
					mapping: map[string]string{"map-name": "Établissement", "map-country": "Pays", "map-website": ""},
					shown:   "Columns Chosen Institute",
					saved: func() bool {
						list, _, err := orgs.FindOrganizations(sys, passerelle.OrganizationFilter{Query: "Columns Chosen Institute"})
						must(t, err)
						return len(list) == 1 && list[0].Country == "DE" && list[0].Website == ""
					}},
				{page: "/people/import",
					file:       "Intervenant;Structure;Courriel\nColette Colonne;Chosen Columns Lab;colette@chosen.example\n",
					recognised: "emails", recognisedCol: "Courriel",
					mapping: map[string]string{"map-name": "Intervenant", "map-organization": "Structure", "map-emails": "Courriel"},
					shown:   "Colette",
					saved: func() bool {
						list, _, err := people.FindPeople(sys, passerelle.PersonFilter{Query: "colette@chosen.example"})
						must(t, err)
						return len(list) == 1 && list[0].LastName == "Colonne"
					}},
			} {
				ctype, body := multipartBody(t, "f.csv", []byte(tc.file), map[string]string{"step": "preview"})
				res, page := bob.do("POST", tc.page, ctype, body, false)
				if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(page, "no column for the name") || !strings.Contains(page, `id="import-columns"`) {
					t.Fatalf("%s: an unrecognised name column: %d, no columns offered", tc.page, res.StatusCode)
				}
				if !regexp.MustCompile(`id="map-` + tc.recognised + `"><option value="">[^<]*</option>(<option[^>]*>[^<]*</option>)*<option value="` + tc.recognisedCol + `" selected>`).MatchString(page) {
					t.Errorf("%s: %s is not recognised from its header by default", tc.page, tc.recognised)
				}
				data := regexp.MustCompile(`name="data" value="([^"]+)"`).FindStringSubmatch(page)
				if data == nil {
					t.Fatalf("%s: no file carried", tc.page)
				}
				fields := map[string]string{"step": "preview", "data": data[1], "file_name": "f.csv", "encoding": "utf-8"}
				// A column the file does not have: refused by name, the columns still offered.
				fields["map-name"] = "Nope"
				ctype, body = fieldsBody(t, fields)
				if res, page := bob.do("POST", tc.page, ctype, body, false); res.StatusCode != http.StatusUnprocessableEntity ||
					!strings.Contains(page, "the file has no column &#34;Nope&#34; for name") || !strings.Contains(page, `id="import-columns"`) {
					t.Errorf("%s: a column the file lacks: %d", tc.page, res.StatusCode)
				}
				// A hostile column name is echoed cut, not whole.
				fields["map-name"] = strings.Repeat("Hostile column ", 5000)
				ctype, body = fieldsBody(t, fields)
				if res, page := bob.do("POST", tc.page, ctype, body, false); res.StatusCode != http.StatusUnprocessableEntity ||
					strings.Contains(page, strings.Repeat("Hostile column ", 4)) || !strings.Contains(page, "Hostile column Hostile") {
					t.Errorf("%s: a huge column name: %d, echoed whole or not at all", tc.page, res.StatusCode)
				}
				for k, v := range tc.mapping {
					fields[k] = v
				}
				ctype, body = fieldsBody(t, fields)
				res, page = bob.do("POST", tc.page, ctype, body, false)
				if res.StatusCode != http.StatusOK || !strings.Contains(page, tc.shown) || !strings.Contains(page, `name="map-name" value="`+tc.mapping["map-name"]+`"`) {
					t.Fatalf("%s: the preview with the columns chosen: %d", tc.page, res.StatusCode)
				}
				if tc.saved() {
					t.Fatalf("%s: the preview saved", tc.page)
				}
				fields["step"] = "import"
				ctype, body = fieldsBody(t, fields)
				if res, page := bob.do("POST", tc.page, ctype, body, false); res.StatusCode != http.StatusOK || !strings.Contains(page, `id="import-see"`) {
					t.Fatalf("%s: the import with the columns chosen: %d", tc.page, res.StatusCode)
				}
				if !tc.saved() {
					t.Errorf("%s: not imported as mapped", tc.page)
				}
			}
		})
	}
}
