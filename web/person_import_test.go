package web_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"passerelle"
	"passerelle/store"
)

// TestPersonImportPage: from the people page a writer previews a contact list (each
// row's person new, matched or ambiguous, its organisation resolved, nothing saved),
// settles the ambiguous rows (the person, and the organisation when it is unclear) and
// imports; another member's private person and another workspace's are never offered
// nor choosable, a viewer cannot import, and a bad file is a message on the page with
// nothing saved.
func TestPersonImportPage(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) {
			w := newWorld(t, db)
			ctx := context.Background()
			sys := passerelle.NewContextWithActor(ctx, passerelle.SystemActor(w.ws.ID))
			other, err := store.NewWorkspaceService(db).FindWorkspaceBySlug(sys, "other")
			must(t, err)
			osys := passerelle.NewContextWithActor(ctx, passerelle.SystemActor(other.ID))
			orgs, people := store.NewOrganizationService(db), store.NewPersonService(db)
			twinA := &passerelle.Organization{Name: "Twin Research Lab", Country: "FR", City: "Paris"}
			twinB := &passerelle.Organization{Name: "Twin Research Lab", Country: "FR", City: "Lyon"}
			must(t, orgs.CreateOrganization(sys, twinA))
			must(t, orgs.CreateOrganization(sys, twinB))
			var martins []int64
			for _, email := range []string{"jean.martin@a.example", "j.martin@b.example"} {
				p := &passerelle.Person{FirstName: "Jean", LastName: "Martin", Emails: []string{email}}
				must(t, people.CreatePerson(sys, p))
				martins = append(martins, p.ID)
			}
			hidden := &passerelle.Person{FirstName: "Jean", LastName: "Martin", Emails: []string{"jm@hidden.example"},
				Visibility: passerelle.VisibilityPrivate, OwnerMemberID: w.alpha.ID}
			must(t, people.CreatePerson(sys, hidden))
			elsewhere := &passerelle.Person{FirstName: "Jean", LastName: "Martin", Emails: []string{"jm@elsewhere.example"}}
			must(t, people.CreatePerson(osys, elsewhere))
			count := func() (int, int) {
				_, n, err := people.FindPeople(sys, passerelle.PersonFilter{Limit: 1})
				must(t, err)
				_, o, err := orgs.FindOrganizations(sys, passerelle.OrganizationFilter{Limit: 1})
				must(t, err)
				return n, o
			}

			bob := w.client(t, "bob")
			if _, body := bob.get("/people"); !strings.Contains(body, `href="/people/import"`) {
				t.Error("no import link on the people page")
			}
			if _, body := w.client(t, "viewer").get("/people"); strings.Contains(body, `href="/people/import"`) {
				t.Error("a viewer is offered the import")
			}
			if res, _ := w.client(t, "viewer").get("/people/import"); res.StatusCode != http.StatusForbidden {
				t.Errorf("a viewer opens the import form: %d", res.StatusCode)
			}
			if _, body := bob.get("/people/import"); !strings.Contains(body, `<select name="encoding" id="f-encoding"><option value=`) {
				t.Errorf("no character set choice: %s", between(body, "<form", "</form>"))
			}
			file := []byte("prénom,nom,courriel,société,pays,fonction,extra\n" +
				"Ada,Sharedperson,ada@shared.example," + sharedOrgName + ",DK,CEO,x\n" +
				"Jean,Martin,,,,,\n" +
				"Zoé,Durand,zoe@twin.example,Twin Research Lab,FR,Physicist,\n" +
				"Zebulon,Secretperson,,,,,\n")
			n0, o0 := count()
			ctype, body := multipartBody(t, "contacts.csv", file, map[string]string{"step": "preview"})
			res, page := bob.do("POST", "/people/import", ctype, body, false)
			if res.StatusCode != http.StatusOK || !strings.Contains(page, `id="import-ambiguous"`) || !strings.Contains(page, "extra") {
				t.Fatalf("preview: %d %.600s", res.StatusCode, page)
			}
			for what, s := range map[string]string{
				"the matched person":                    fmt.Sprintf(`href="/people/%d"`, w.sharedP.ID),
				"the matched person's organisation":     fmt.Sprintf(`href="/organizations/%d"`, w.shared.ID),
				"the ambiguous person's candidates":     fmt.Sprintf(`name="choice-3" value="%d"`, martins[1]),
				"the unclear organisation's candidates": fmt.Sprintf(`name="org-4" value="%d"`, twinB.ID),
				"the new person's choice":               `name="choice-4" value="new"`,
			} {
				if !strings.Contains(page, s) {
					t.Errorf("the preview lacks %s (%s)", what, s)
				}
			}
			if row := between(page, `id="row-5"`, "</tr>"); !strings.Contains(row, `class="decision">new<`) {
				t.Errorf("the row of a person bob cannot see is not new: %s", row)
			}
			for what, id := range map[string]int64{"alice's private person": hidden.ID, "alice's other private person": w.privateP.ID, "another workspace's person": elsewhere.ID} {
				if strings.Contains(page, fmt.Sprintf(`/people/%d"`, id)) || strings.Contains(page, fmt.Sprintf(`name="choice-3" value="%d"`, id)) {
					t.Errorf("the preview shows %s", what)
				}
			}
			if n, o := count(); n != n0 || o != o0 {
				t.Fatalf("the preview saved: people %d -> %d, organisations %d -> %d", n0, n, o0, o)
			}
			data := regexp.MustCompile(`name="data" value="([^"]+)"`).FindStringSubmatch(page)
			if data == nil {
				t.Fatal("no file carried to the confirmation")
			}
			confirm := func(c *client, choices map[string]string) (*http.Response, string) {
				f := map[string]string{"step": "import", "data": data[1], "file_name": "contacts.csv", "encoding": "utf-8"}
				for k, v := range choices {
					f[k] = v
				}
				ctype, body := fieldsBody(t, f)
				return c.do("POST", "/people/import", ctype, body, false)
			}
			good := map[string]string{"choice-3": fmt.Sprint(martins[1]), "choice-4": "new", "org-4": fmt.Sprint(twinB.ID)}
			with := func(k, v string) map[string]string {
				out := map[string]string{}
				for k, v := range good {
					out[k] = v
				}
				if v == "" {
					delete(out, k)
				} else {
					out[k] = v
				}
				return out
			}
			for what, choices := range map[string]map[string]string{
				"no choice":                               nil,
				"alice's private person":                  with("choice-3", fmt.Sprint(hidden.ID)),
				"another workspace's person":              with("choice-3", fmt.Sprint(elsewhere.ID)),
				"a made-up id":                            with("choice-3", "999999"),
				"alice's private organisation":            with("org-4", fmt.Sprint(w.private.ID)),
				"the unclear organisation left unsettled": with("org-4", ""),
			} {
				res, page := confirm(bob, choices)
				if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(page, `role="alert"`) {
					t.Errorf("%s: %d", what, res.StatusCode)
				}
			}
			if n, o := count(); n != n0 || o != o0 {
				t.Fatalf("a refused import saved: people %d -> %d, organisations %d -> %d", n0, n, o0, o)
			}
			if res, _ := confirm(w.client(t, "viewer"), good); res.StatusCode != http.StatusForbidden {
				t.Errorf("a viewer imports: %d", res.StatusCode)
			}
			res, page = confirm(bob, good)
			if res.StatusCode != http.StatusOK || !strings.Contains(page, `id="import-see"`) {
				t.Fatalf("import: %d %.600s", res.StatusCode, page)
			}
			// Zoé and Zebulon (whom bob cannot see: his row makes a shared one) are created.
			if n, o := count(); n != n0+2 || o != o0 {
				t.Errorf("people %d -> %d (want 2 more), organisations %d -> %d (want none)", n0, n, o0, o)
			}
			found, _, err := people.FindPeople(sys, passerelle.PersonFilter{Query: "Durand", Limit: 5})
			must(t, err)
			if len(found) != 1 {
				t.Fatalf("Zoé Durand: %d found", len(found))
			}
			zoe, err := people.FindPersonByID(sys, found[0].ID)
			must(t, err)
			if len(zoe.Affiliations) != 1 || zoe.Affiliations[0].OrganizationID != twinB.ID || zoe.Affiliations[0].Role != "Physicist" {
				t.Errorf("Zoé's organisation: %+v", zoe.Affiliations)
			}
			if !strings.Contains(page, fmt.Sprintf(`href="/people/%d"`, zoe.ID)) || !strings.Contains(page, fmt.Sprintf(`href="/people/%d"`, martins[1])) {
				t.Errorf("the result does not list the people created and linked: %s", between(page, `id="import-rows"`, "</table>"))
			}
			chosen, err := people.FindPersonByID(sys, martins[1])
			must(t, err)
			if len(chosen.Emails) != 1 {
				t.Errorf("the person chosen: %v", chosen.Emails)
			}

			// Bad files: a message on the page, nothing saved.
			var xb bytes.Buffer
			x := excelize.NewFile()
			must(t, x.SetSheetRow("Sheet1", "A1", &[]any{"first name", "last name", "email"}))
			must(t, x.SetSheetRow("Sheet1", "A2", &[]any{"Lina", "Rossi", "lina@rossi.example"}))
			must(t, x.Write(&xb))
			workbook := xb.Bytes()
			ctype, body = multipartBody(t, "contacts.xlsx", workbook, map[string]string{"step": "preview"})
			if res, page := bob.do("POST", "/people/import", ctype, body, false); res.StatusCode != http.StatusOK || !strings.Contains(page, "Lina Rossi") {
				t.Errorf("an XLSX contact list: %d", res.StatusCode)
			}
			n1, o1 := count()
			for what, f := range map[string]struct {
				name, data, want string
			}{
				"a bad email":        {"contacts.csv", "first name,last name,email\nAna,Lima,ana@lima.example\nBen,Roy,not an address\n", "line 3"},
				"no name column":     {"contacts.csv", "email,pays\na@b.example,FR\n", "line 1"},
				"too large":          {"contacts.csv", "first name,last name\n" + strings.Repeat("x", 8<<20), "8 MB"},
				"a truncated XLSX":   {"contacts.xlsx", string(workbook[:len(workbook)/2]), "XLSX"},
				"a garbage workbook": {"contacts.xlsx", "PK\x03\x04 not a zip at all", "XLSX"},
			} {
				for _, step := range []string{"preview", "import"} {
					ctype, body := multipartBody(t, f.name, []byte(f.data), map[string]string{"step": step})
					res, page := bob.do("POST", "/people/import", ctype, body, false)
					if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(between(page, `role="alert"`, "</p>"), f.want) {
						t.Errorf("%s (%s): %d %s", what, step, res.StatusCode, between(page, `role="alert"`, "</p>"))
					}
				}
			}
			if n, o := count(); n != n1 || o != o1 {
				t.Errorf("a bad file saved: people %d -> %d, organisations %d -> %d", n1, n, o1, o)
			}
		})
	}
}

// TestImportBadRowsTranslated: an import refused for its bad rows lists each row's
// problem in the page's language, as it says the rest ("line 2: name: a name of at
// most 200 characters" stood in English on the French page).
func TestImportBadRowsTranslated(t *testing.T) {
	w := newWorld(t, testDBs(t)["sqlite"])
	bob := w.client(t, "bob").lang("fr")
	for _, tc := range []struct {
		path, file string
		want, not  []string
	}{
		{"/people/import", "prénom,nom\nx," + strings.Repeat("y", 201) + "\n",
			[]string{"ligne 2 : ", "au plus 200 caractères"}, []string{"line 2", "at most 200 characters"}},
		{"/organizations/import", "name,country\nAcme,ZZ\n",
			[]string{"ligne 2 : pays : "}, []string{"line 2", "unknown country", ": country :"}},
	} {
		ctype, body := multipartBody(t, "bad.csv", []byte(tc.file), map[string]string{"step": "preview"})
		_, page := bob.do("POST", tc.path, ctype, body, false)
		for _, s := range tc.want {
			if !strings.Contains(page, s) {
				t.Errorf("%s: the page lacks %q: %s", tc.path, s, between(page, `role="alert"`, "</"))
			}
		}
		for _, s := range tc.not {
			if strings.Contains(page, s) {
				t.Errorf("%s: the page says %q", tc.path, s)
			}
		}
	}
}
