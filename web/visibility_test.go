package web_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"passerelle"
	"passerelle/store"
)

// TestAPINoExistenceOracles: through the API, another member's private organisation
// has no people (as an organisation that does not exist), and its ROR id does not stop
// another member from creating an organisation with it.
func TestAPINoExistenceOracles(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) {
			w := newWorld(t, db)
			bob := w.client(t, "bob")
			count := func(c *client, path string) (int, int) {
				res, body := c.do("GET", path, "", "", true)
				var l struct{ Total int }
				json.Unmarshal([]byte(body), &l)
				return res.StatusCode, l.Total
			}
			if code, n := count(w.client(t, "alice"), "/api/v1/people?organization_id="+id(w.private.ID)); code != http.StatusOK || n != 1 {
				t.Errorf("alice: %d, %d people of her private organisation, want 200 and 1", code, n)
			}
			code0, n0 := count(bob, "/api/v1/people?organization_id=987654321")
			if code, n := count(bob, "/api/v1/people?organization_id="+id(w.private.ID)); code != code0 || n != n0 {
				t.Errorf("bob: %d, %d people of Alpha's private organisation; %d, %d of none", code, n, code0, n0)
			}

			sys := passerelle.NewContextWithActor(context.Background(), passerelle.SystemActor(w.ws.ID))
			orgs := store.NewOrganizationService(db)
			priv, err := orgs.FindOrganizationByID(sys, w.private.ID)
			must(t, err)
			priv.RORID = "https://ror.org/04ttjf776"
			must(t, orgs.UpdateOrganization(sys, priv))
			res, body := bob.do("POST", "/api/v1/organizations", "application/json",
				`{"name":"Beta's own record","kind":"company","ror_id":"https://ror.org/04ttjf776"}`, true)
			if res.StatusCode != http.StatusCreated {
				t.Errorf("bob creating an organisation with a ROR id Alpha keeps private: %d %s", res.StatusCode, body)
			}
		})
	}
}

// TestImportKeepsVisibilityPage: a member's upload keeps its private rows private to
// its member, and puts on the public page only what it may publish by hand.
func TestImportKeepsVisibilityPage(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) {
			w := newWorld(t, db)
			bob := w.client(t, "bob")
			file := `{"agreements":[{"title":"Beta private import","visibility":"private"},{"title":"Beta public import","published":true}]}`
			ctype, mp := multipartBody(t, "rows.json", []byte(file), nil)
			if res, page := bob.do("POST", "/agreements/import", ctype, mp, false); res.StatusCode != http.StatusOK {
				t.Fatalf("import: %d %.2000s", res.StatusCode, page)
			}
			if _, list := bob.get("/agreements?q=beta"); !strings.Contains(list, "Beta private import") {
				t.Error("bob does not see his private row")
			}
			if _, list := w.client(t, "alice").get("/agreements?q=beta"); strings.Contains(list, "Beta private import") || !strings.Contains(list, "Beta public import") {
				t.Errorf("alice's list: the private row shows, or the shared one does not")
			}
			_, pub := w.client(t, "").get("/public/" + w.ws.Slug + "/agreements")
			if strings.Contains(pub, "Beta private import") || !strings.Contains(pub, "Beta public import") {
				t.Errorf("public page: the private row shows, or the published shared one does not")
			}
			// Private and published: refused, as on the page.
			bad := `{"agreements":[{"title":"Beta private published","visibility":"private","published":true}]}`
			ctype, mp = multipartBody(t, "bad.json", []byte(bad), nil)
			if res, page := bob.do("POST", "/agreements/import", ctype, mp, false); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(page, "cannot be published") {
				t.Errorf("private and published row: %d %.2000s", res.StatusCode, page)
			}
		})
	}
}

// TestPrivatePartnerEverywhere: a partner named while shared and made private since is
// "a partner kept private" to other members on every page, API answer and export, and
// to anonymous visitors of the public page; its member still reads it.
func TestPrivatePartnerEverywhere(t *testing.T) {
	const hiddenName = "Kyoto Hidden Partner"
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) {
			w := newWorld(t, db)
			sys := passerelle.NewContextWithActor(context.Background(), passerelle.SystemActor(w.ws.ID))
			coordA := passerelle.NewContextWithActor(context.Background(), &passerelle.Actor{WorkspaceID: w.ws.ID, MemberID: w.alpha.ID, Role: passerelle.RoleCoordinator})
			orgs, agrs := store.NewOrganizationService(db), store.NewAgreementService(db)
			o := &passerelle.Organization{Name: hiddenName, Kind: passerelle.KindCompany, Country: "JP"}
			must(t, orgs.CreateOrganization(sys, o))
			a, err := agrs.FindAgreementByID(sys, w.agrShr.ID)
			must(t, err)
			a.Partners = append(a.Partners, passerelle.AgreementPartner{OrganizationID: o.ID, Side: passerelle.SideForeign, Role: "lead"})
			must(t, agrs.UpdateAgreement(sys, a))
			o.Visibility = passerelle.VisibilityPrivate
			must(t, orgs.UpdateOrganization(coordA, o))

			bob, anon := w.client(t, "bob"), w.client(t, "")
			agr := "/agreements/" + id(a.ID)
			pub := "/public/" + w.ws.Slug + "/agreements"
			for _, c := range []struct {
				who  *client
				path string
				api  bool
			}{
				{bob, agr, false}, {bob, agr + "/edit", false}, {bob, "/agreements", false}, {bob, "/agreements?country=JP", false},
				{bob, "/api/v1/agreements/" + id(a.ID), true}, {bob, "/api/v1/agreements", true}, {bob, "/api/v1/agreements?partner=" + id(o.ID), true},
				{bob, "/agreements/export?format=json", false}, {bob, "/agreements/export?format=csv", false}, {bob, "/agreements/export?format=xlsx", false},
				{anon, pub, false}, {anon, pub + "/" + id(a.ID), false}, {anon, pub + "?country=JP", false},
			} {
				res, body := c.who.do("GET", c.path, "", "", c.api)
				if res.StatusCode != http.StatusOK {
					t.Errorf("GET %s: %d", c.path, res.StatusCode)
					continue
				}
				text := unzipped(t, body)
				if strings.Contains(text, hiddenName) || strings.Contains(text, "/organizations/"+id(o.ID)) || strings.Contains(text, "partner="+id(o.ID)) {
					t.Errorf("GET %s names the private partner", c.path)
				}
				if (c.path == agr || strings.HasPrefix(c.path, pub+"/") || strings.Contains(c.path, "format=json")) &&
					!strings.Contains(text, "a partner kept private") && !strings.Contains(text, "partenaire non divulgu") {
					t.Errorf("GET %s does not say a partner is kept private", c.path)
				}
			}
			if _, body := bob.do("GET", "/api/v1/agreements/"+id(a.ID), "", "", true); !strings.Contains(body, `"private":true`) {
				t.Errorf("the API does not mark the partner kept private: %s", body)
			}
			if _, body := w.client(t, "alice").get(agr); !strings.Contains(body, hiddenName) {
				t.Error("its member does not read the partner's name")
			}
			// Bob saves the edit form as it comes (the private row as a placeholder): the
			// partner stays.
			_, form := bob.get(agr + "/edit")
			if !strings.Contains(form, `name="partners[1].private" value="1"`) {
				t.Fatalf("the form does not carry the partner kept private")
			}
			fv := url.Values{"title": {"Shared Visible Convention"}, "type": {"other"}, "visibility": {"shared"}, "published": {"1"},
				"partners[0].organization": {"Second Shared Org"}, "partners[0].organization_id": {id(w.shared2.ID)}, "partners[0].side": {"foreign"},
				"partners[1].private": {"1"}, "partners[1].side": {"foreign"}, "partners[1].role": {"lead"}}
			if res, body := bob.do("POST", agr, "application/x-www-form-urlencoded", fv.Encode(), false); res.StatusCode != http.StatusSeeOther {
				t.Fatalf("bob saves the form: %d %.3000s", res.StatusCode, body)
			}
			after, err := agrs.FindAgreementByID(sys, a.ID)
			must(t, err)
			if len(after.Partners) != 2 || after.Partners[1].OrganizationID != o.ID || after.Partners[1].Role != "lead" {
				t.Errorf("after bob's form: %+v", after.Partners)
			}
		})
	}
}

// unzipped returns body, or the text of every file of the ZIP it is (CSV and XLSX
// exports are ZIPs, where compressed text cannot be searched).
func unzipped(t *testing.T, body string) string {
	zr, err := zip.NewReader(bytes.NewReader([]byte(body)), int64(len(body)))
	if err != nil {
		return body
	}
	var b strings.Builder
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(&b, rc)
		rc.Close()
	}
	return b.String()
}
