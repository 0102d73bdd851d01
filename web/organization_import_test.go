package web_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"mime/multipart"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"passerelle"
	"passerelle/store"
)

// fieldsBody is a multipart form without a file: the confirmation of a preview.
func fieldsBody(t *testing.T, fields map[string]string) (string, string) {
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for k, v := range fields {
		must(t, mw.WriteField(k, v))
	}
	must(t, mw.Close())
	return mw.FormDataContentType(), b.String()
}

// TestOrganizationImportPage: from the organisations page a writer previews a file (each
// row new, matched or ambiguous, nothing saved), settles the ambiguous rows and imports;
// another member's private record is never offered nor choosable, a viewer cannot
// import, and a bad file is a message on the page.
func TestOrganizationImportPage(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) {
			w := newWorld(t, db)
			sys := passerelle.NewContextWithActor(context.Background(), passerelle.SystemActor(w.ws.ID))
			orgs := store.NewOrganizationService(db)
			twinA := &passerelle.Organization{Name: "Twin Research Lab", Country: "FR", City: "Paris"}
			twinB := &passerelle.Organization{Name: "Twin Research Lab", Country: "FR", City: "Lyon"}
			must(t, orgs.CreateOrganization(sys, twinA))
			must(t, orgs.CreateOrganization(sys, twinB))
			count := func() int {
				_, n, err := orgs.FindOrganizations(sys, passerelle.OrganizationFilter{Limit: 1})
				must(t, err)
				return n
			}
			bob := w.client(t, "bob")
			if _, body := bob.get("/organizations"); !strings.Contains(body, `href="/organizations/import"`) {
				t.Error("no import link on the organisations page")
			}
			if _, body := w.client(t, "viewer").get("/organizations"); strings.Contains(body, `href="/organizations/import"`) {
				t.Error("a viewer is offered the import")
			}
			// The form offers the file's character sets (the partial shared by the import pages).
			if _, body := bob.get("/organizations/import"); !strings.Contains(body, `<select name="encoding" id="f-encoding"><option value=`) {
				t.Errorf("no character set choice: %s", between(body, "<form", "</form>"))
			}
			file := []byte("name,country,notes\n" + sharedOrgName + ",DK,x\n" + privateOrgName + ",DK,y\nBrand New Partner GmbH,DE,z\nTwin Research Lab,FR,w\n")
			n0 := count()
			ctype, body := multipartBody(t, "orgs.csv", file, map[string]string{"step": "preview"})
			res, page := bob.do("POST", "/organizations/import", ctype, body, false)
			if res.StatusCode != http.StatusOK || !strings.Contains(page, `id="import-ambiguous"`) || !strings.Contains(page, "notes") {
				t.Fatalf("preview: %d %.600s", res.StatusCode, page)
			}
			if strings.Contains(page, fmt.Sprintf("/organizations/%d\"", w.private.ID)) {
				t.Error("the preview links bob's row to alice's private organisation")
			}
			if !strings.Contains(page, fmt.Sprintf(`href="/organizations/%d"`, w.shared.ID)) {
				t.Error("the preview does not show the shared organisation matched")
			}
			if !strings.Contains(page, fmt.Sprintf(`name="choice-5" value="%d"`, twinB.ID)) {
				t.Error("the ambiguous row does not offer its candidates")
			}
			if n := count(); n != n0 {
				t.Fatalf("the preview saved: %d -> %d", n0, n)
			}
			data := regexp.MustCompile(`name="data" value="([^"]+)"`).FindStringSubmatch(page)
			if data == nil {
				t.Fatal("no file carried to the confirmation")
			}
			confirm := func(c *client, choices map[string]string) (*http.Response, string) {
				f := map[string]string{"step": "import", "data": data[1], "file_name": "orgs.csv", "encoding": "utf-8"}
				for k, v := range choices {
					f[k] = v
				}
				ctype, body := fieldsBody(t, f)
				return c.do("POST", "/organizations/import", ctype, body, false)
			}
			for what, choices := range map[string]map[string]string{
				"no choice":                       nil,
				"alice's private organisation":    {"choice-5": fmt.Sprint(w.private.ID)},
				"another workspace's, or made up": {"choice-5": "999999"},
			} {
				if res, _ := confirm(bob, choices); res.StatusCode != http.StatusUnprocessableEntity {
					t.Errorf("%s: %d", what, res.StatusCode)
				}
			}
			if n := count(); n != n0 {
				t.Fatalf("a refused import saved: %d -> %d", n0, n)
			}
			if res, _ := confirm(w.client(t, "viewer"), map[string]string{"choice-5": "new"}); res.StatusCode != http.StatusForbidden {
				t.Errorf("a viewer imports: %d", res.StatusCode)
			}
			res, page = confirm(bob, map[string]string{"choice-5": fmt.Sprint(twinB.ID)})
			if res.StatusCode != http.StatusOK || !strings.Contains(page, `id="import-see"`) {
				t.Fatalf("import: %d %.600s", res.StatusCode, page)
			}
			// Bob cannot see alice's private record: his row makes a shared one.
			if n := count(); n != n0+2 {
				t.Errorf("%d -> %d organisations, want 2 more", n0, n)
			}
			// Hostile files: a message on the page, nothing saved.
			for what, f := range map[string][]byte{
				"garbage workbook": []byte("PK\x03\x04 not a zip at all"),
				"no name column":   []byte("pays\nFR\n"),
				"too large":        bytes.Repeat([]byte("x"), 8<<20+10),
			} {
				fn := "orgs.csv"
				if strings.HasPrefix(string(f), "PK") {
					fn = "orgs.xlsx"
				}
				ctype, body := multipartBody(t, fn, f, map[string]string{"step": "preview"})
				if res, page := bob.do("POST", "/organizations/import", ctype, body, false); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(page, `role="alert"`) {
					t.Errorf("%s: %d", what, res.StatusCode)
				}
			}
			if res, _ := confirm(bob, map[string]string{"data": base64.StdEncoding.EncodeToString([]byte("name\n")) + "!!"}); res.StatusCode != http.StatusUnprocessableEntity {
				t.Errorf("a broken carried file: %d", res.StatusCode)
			}
		})
	}
}
