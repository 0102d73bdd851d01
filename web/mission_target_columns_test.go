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

// TestMissionTargetImportColumns: a file whose name column is not recognised is refused
// with the columns offered on screen; the user picks the name's column, and another for
// the note, previews again, and imports with that mapping; a field set to no column is
// not read; the members column gives the targets' wishes.
func TestMissionTargetImportColumns(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) {
			w := newWorld(t, db)
			sys := passerelle.NewContextWithActor(context.Background(), passerelle.SystemActor(w.ws.ID))
			bob := w.client(t, "bob")
			file := []byte("Société;Pays;Commentaire;Remarques;Membres\nMapped Partner ApS;DK;ignored text;the chosen note;" + w.alpha.Name + "\n")
			ctype, body := multipartBody(t, "t.csv", file, map[string]string{"step": "preview"})
			res, page := bob.do("POST", "/missions/cph/targets/import", ctype, body, false)
			if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(page, "no column for the name") || !strings.Contains(page, `id="import-columns"`) {
				t.Fatalf("an unrecognised name column: %d, no columns offered", res.StatusCode)
			}
			if !regexp.MustCompile(`id="map-why"><option value="">[^<]*</option>(<option[^>]*>[^<]*</option>)*<option value="Commentaire" selected>`).MatchString(page) {
				t.Error("the why is not recognised from the Commentaire header by default")
			}
			data := regexp.MustCompile(`name="data" value="([^"]+)"`).FindStringSubmatch(page)
			if data == nil {
				t.Fatal("no file carried")
			}
			fields := map[string]string{"step": "preview", "data": data[1], "file_name": "t.csv", "encoding": "utf-8",
				"map-name": "Société", "map-country": "Pays", "map-why": "Remarques", "map-members": "Membres", "map-city": ""}
			ctype, body = fieldsBody(t, fields)
			res, page = bob.do("POST", "/missions/cph/targets/import", ctype, body, false)
			if res.StatusCode != http.StatusOK || !strings.Contains(page, "Mapped Partner ApS") || !strings.Contains(page, "the chosen note") ||
				strings.Contains(page, "ignored text") || !strings.Contains(page, `name="map-why" value="Remarques"`) {
				t.Fatalf("the preview with the columns chosen: %d", res.StatusCode)
			}
			fields["step"] = "import"
			ctype, body = fieldsBody(t, fields)
			if res, page := bob.do("POST", "/missions/cph/targets/import", ctype, body, false); res.StatusCode != http.StatusOK || !strings.Contains(page, `id="import-see"`) {
				t.Fatalf("the import with the columns chosen: %d", res.StatusCode)
			}
			m, err := store.NewMissionService(db).FindMission(sys, "cph")
			must(t, err)
			found := false
			for _, x := range m.Targets {
				if x.Name == "Mapped Partner ApS" {
					found = true
					if x.Why != "the chosen note" || len(x.WantedBy) != 1 || x.WantedBy[0].MemberID != w.alpha.ID {
						t.Errorf("the imported target: %+v", x)
					}
				}
			}
			if !found {
				t.Error("the target was not imported")
			}
			// An unknown member is named with its line, nothing saved.
			file = []byte("name,members\nOther Partner,Nobody Institute\n")
			ctype, body = multipartBody(t, "t.csv", file, map[string]string{"step": "preview"})
			if res, page := bob.do("POST", "/missions/cph/targets/import", ctype, body, false); res.StatusCode != http.StatusUnprocessableEntity ||
				!strings.Contains(page, "line 2: members: &#34;Nobody Institute&#34; is not a member taking part") {
				t.Errorf("an unknown member: %d", res.StatusCode)
			}
		})
	}
}
