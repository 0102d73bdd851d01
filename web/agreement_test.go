package web_test

import (
	"bytes"
	"context"
	"encoding/json"

	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"passerelle"
	"passerelle/store"
)

// agreementWorld adds agreements to the access world: one shared and published with a
// foreign partner in Denmark, one shared with no foreign partner, and one private to
// Alpha.
type agreementWorld struct {
	*world
	shared, plain, private *passerelle.Agreement
}

const (
	sharedAgreementTitle  = "Coopération biotechnologies Copenhague"
	plainAgreementTitle   = "Soft landing Kansai"
	privateAgreementTitle = "Secret Alpha Convention"
	privateNote           = "internal note never public"
	contactEmail          = "eric.bourland@diplomatie.example"
)

func newAgreementWorld(t *testing.T, db *store.DB) *agreementWorld {
	t.Helper()
	w := &agreementWorld{world: newWorld(t, db)}
	svc := store.NewAgreementService(db)
	sys := passerelle.NewContextWithActor(context.Background(), passerelle.SystemActor(w.ws.ID))
	w.shared = &passerelle.Agreement{Title: sharedAgreementTitle, Type: passerelle.TypeDecentralisedCooperation, SignedYear: 2013,
		StartDate: "2013", EndDate: "2015-01-31", Theme: "economy.attractiveness.clusters", Published: true, Notes: privateNote,
		Context:  "Premier paragraphe.\n\n- un point\n- un autre point",
		Partners: []passerelle.AgreementPartner{{OrganizationID: w.world.shared.ID, Side: passerelle.SideForeign}, {OrganizationID: w.shared2.ID, Side: passerelle.SideFrench}},
		Contacts: []passerelle.AgreementContact{{FirstName: "Eric", LastName: "Bourland", Role: "Correspondant", Email: contactEmail, Kind: "embassy"}},
		Funding: []passerelle.FundingLine{{Funder: "Ministère", AmountCents: 1051500, Year: 2013}, {Funder: "Grand Poitiers", AmountCents: 1051500, Year: 2013},
			{Funder: "Ville de Santa Fe", AmountCents: 2103000, Year: 2014}},
		Phases: []passerelle.Phase{{Title: "Phase 1 : travail exploratoire", Status: passerelle.ActionDone,
			Actions: []passerelle.Action{{Title: "Séminaire à Santa Fe", Status: passerelle.ActionDone}}}}}
	w.plain = &passerelle.Agreement{Title: plainAgreementTitle, Type: passerelle.TypeSoftLanding, SignedYear: 2020, Theme: "health.biotech",
		Partners: []passerelle.AgreementPartner{{OrganizationID: w.shared2.ID, Side: passerelle.SideFrench}}}
	w.private = &passerelle.Agreement{Title: privateAgreementTitle, Visibility: passerelle.VisibilityPrivate, OwnerMemberID: w.alpha.ID,
		Partners: []passerelle.AgreementPartner{{OrganizationID: w.world.private.ID, Side: passerelle.SideForeign}}}
	for _, a := range []*passerelle.Agreement{w.shared, w.plain, w.private} {
		must(t, svc.CreateAgreement(sys, a))
	}
	return w
}

func (c *client) lang(l string) *client {
	u, _ := url.Parse(c.base)
	c.http.Jar.SetCookies(u, []*http.Cookie{{Name: "lang", Value: l, Path: "/"}})
	return c
}

func TestAgreementPages(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) { testAgreementPages(t, db) })
	}
}

func testAgreementPages(t *testing.T, db *store.DB) {
	w := newAgreementWorld(t, db)
	alice, bob := w.client(t, "alice"), w.client(t, "bob")
	sid, pid := id(w.shared.ID), id(w.private.ID)

	// Both languages render the list, the detail and the form.
	for _, tc := range []struct{ lang, list, detail, form string }{
		{"en", "Cooperation agreements", "Funding of the partnership", "Add a funding line"},
		{"fr", "Conventions de coopération", "Financement du partenariat", "Ajouter une ligne de financement"},
	} {
		c := w.client(t, "alice").lang(tc.lang)
		for path, want := range map[string]string{"/agreements": tc.list, "/agreements/" + sid: tc.detail, "/agreements/new": tc.form, "/agreements/" + sid + "/edit": tc.form} {
			res, body := c.get(path)
			if res.StatusCode != http.StatusOK || !strings.Contains(body, want) {
				t.Errorf("%s %s: %d, want %q in the page", tc.lang, path, res.StatusCode, want)
			}
		}
	}

	// The list: the owner sees her private agreement, another member does not.
	_, body := alice.get("/agreements")
	for _, s := range []string{sharedAgreementTitle, plainAgreementTitle, privateAgreementTitle, `data-country="DK"`} {
		if !strings.Contains(body, s) {
			t.Errorf("alice's list lacks %q", s)
		}
	}
	_, body = bob.get("/agreements")
	if strings.Contains(body, privateAgreementTitle) || !strings.Contains(body, sharedAgreementTitle) {
		t.Error("bob's list is wrong about the private agreement")
	}
	if res, body := bob.get("/agreements/" + pid); res.StatusCode != http.StatusNotFound || strings.Contains(body, privateAgreementTitle) {
		t.Errorf("bob opening alice's private agreement: %d", res.StatusCode)
	}

	// Facets filter, and their links add and remove the filter.
	_, body = bob.get("/agreements?country=DK")
	if !strings.Contains(body, sharedAgreementTitle) || strings.Contains(body, plainAgreementTitle) {
		t.Error("country facet does not filter")
	}
	if !strings.Contains(body, `href="/agreements"`) || !strings.Contains(body, `aria-current="true"`) {
		t.Error("the selected country has no link that removes it")
	}
	_, body = bob.get("/agreements")
	if !strings.Contains(body, `href="/agreements?country=DK"`) || !strings.Contains(body, `href="/agreements?type=soft_landing"`) {
		t.Error("facet values are not links that filter")
	}
	if !strings.Contains(body, `<a href="/agreements?country=DK"><path`) {
		t.Error("the map's Denmark is not a link that filters")
	}
	_, body = bob.get("/agreements?type=soft_landing&year=2020")
	if !strings.Contains(body, plainAgreementTitle) || strings.Contains(body, sharedAgreementTitle) {
		t.Error("type and year facets do not filter")
	}
	_, body = bob.get("/agreements?q=copenhague")
	if !strings.Contains(body, sharedAgreementTitle) || strings.Contains(body, plainAgreementTitle) {
		t.Error("full text does not filter")
	}

	// The detail: the funding table with its totals, the chart, the programme.
	_, body = alice.get("/agreements/" + sid)
	for _, s := range []string{"42,060", "21,030", "Séminaire à Santa Fe", `class="chart"`, "Total per year", contactEmail, privateNote, "<li>un point</li>"} {
		if !strings.Contains(body, s) {
			t.Errorf("detail lacks %q", s)
		}
	}

	// The public page: published agreements only, no private fields, no sign-in.
	anon := w.client(t, "")
	res, body := anon.get("/public/net/agreements")
	if res.StatusCode != http.StatusOK || !strings.Contains(body, sharedAgreementTitle) || strings.Contains(body, plainAgreementTitle) || strings.Contains(body, privateAgreementTitle) {
		t.Errorf("public list: %d", res.StatusCode)
	}
	res, body = anon.get("/public/net/agreements/" + sid)
	if res.StatusCode != http.StatusOK || !strings.Contains(body, sharedAgreementTitle) || !strings.Contains(body, "Bourland") {
		t.Errorf("public detail: %d", res.StatusCode)
	}
	for _, s := range []string{privateNote, contactEmail, "History"} {
		if strings.Contains(body, s) {
			t.Errorf("the public page shows %q", s)
		}
	}
	for _, path := range []string{"/public/net/agreements/" + id(w.plain.ID), "/public/net/agreements/" + pid, "/public/other/agreements/" + sid, "/public/nowhere/agreements"} {
		if res, _ := anon.get(path); res.StatusCode != http.StatusNotFound {
			t.Errorf("anonymous %s: %d, want 404", path, res.StatusCode)
		}
	}

	// Publishing: on, off; a private agreement cannot be, and says so next to the button.
	res, _ = bob.do("POST", "/agreements/"+id(w.plain.ID)+"/publish", "application/x-www-form-urlencoded", "published=1", false)
	if res.StatusCode != http.StatusSeeOther {
		t.Errorf("publish: %d", res.StatusCode)
	}
	if _, body := anon.get("/public/net/agreements"); !strings.Contains(body, plainAgreementTitle) {
		t.Error("the published agreement is not on the public page")
	}
	res, body = alice.do("POST", "/agreements/"+pid+"/publish", "application/x-www-form-urlencoded", "published=1", false)
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "a private agreement cannot be published") {
		t.Errorf("publishing a private agreement: %d", res.StatusCode)
	}
}

func TestAgreementFormErrors(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) {
			w := newAgreementWorld(t, db)
			bob := w.client(t, "bob")
			form := url.Values{"title": {"  "}, "type": {"framework"}, "signed_year": {"20x3"}, "start_date": {"2015"}, "end_date": {"2014"},
				"description":              {"kept description"},
				"partners[0].organization": {"zzz no such organisation"}, "partners[0].side": {"foreign"},
				"funding[0].funder": {"Région"}, "funding[0].amount": {"abc"}, "funding[0].year": {"2013"},
				"funding[1].funder": {""}, "funding[1].amount": {""}, // a blank row is ignored
				"funding[2].funder": {"Ville"}, "funding[2].amount": {"100"}, "funding[2].year": {"deux mille"},
				"phases[0].title": {""}, "phases[0].actions[0].title": {"an action without its phase's title"}}
			res, body := bob.do("POST", "/agreements", "application/x-www-form-urlencoded", form.Encode(), false)
			if res.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("invalid form: %d", res.StatusCode)
			}
			for _, s := range []string{
				`name="title"`, `name="funding[0].amount" value="abc"`, "kept description",
				`name="funding[1].year" value="deux mille"`, // the blank row dropped: the third line is now the second
				`value="zzz no such organisation"`, "no organisation matches", "a year such as 2013", "not an amount",
				"an action without its phase&#39;s title", "is before the start date",
			} {
				if !strings.Contains(body, s) {
					t.Errorf("the form shown again lacks %q", s)
				}
			}
			// Each message sits in its field's label: the amount's right after its input.
			i := strings.Index(body, `name="funding[0].amount"`)
			if i < 0 || !strings.Contains(body[i:min(len(body), i+400)], "not an amount") {
				t.Error("the amount's error is not next to the amount")
			}
			// French.
			fr := w.client(t, "bob").lang("fr")
			_, body = fr.do("POST", "/agreements", "application/x-www-form-urlencoded", form.Encode(), false)
			if !strings.Contains(body, "pas un montant") || !strings.Contains(body, "Certains champs sont à corriger") {
				t.Error("errors are not in French")
			}
			// "Add a row" shows one more blank row, saves nothing.
			form = url.Values{"title": {"Draft"}, "more": {"funding"}, "funding[0].funder": {"A"}, "funding[0].amount": {"1"}}
			res, body = bob.do("POST", "/agreements", "application/x-www-form-urlencoded", form.Encode(), false)
			if res.StatusCode != http.StatusOK || !strings.Contains(body, `name="funding[3].funder"`) || !strings.Contains(body, `value="Draft"`) {
				t.Errorf("add a row: %d", res.StatusCode)
			}

			// A good form: two phases, three funding lines, a partner by name.
			form = url.Values{"title": {"Kansai biotech programme"}, "type": {"framework"}, "signed_year": {"2008"}, "theme": {"health.biotech"},
				"partners[0].organization": {sharedOrgName}, "partners[0].side": {"foreign"}, "partners[0].role": {"host"},
				"funding[0].funder": {"Région"}, "funding[0].amount": {"10 000"}, "funding[0].year": {"2008"},
				"funding[1].funder": {"État"}, "funding[1].amount": {"5000,50"}, "funding[1].year": {"2009"},
				"funding[2].funder": {"Région"}, "funding[2].amount": {"2000"}, "funding[2].year": {"2009"},
				"phases[0].title": {"Phase 1"}, "phases[0].status": {"done"}, "phases[0].actions[0].title": {"Bio-Japan 2008"},
				"phases[1].title": {"Phase 2"}, "phases[1].status": {"in_progress"}, "phases[1].actions[0].title": {"BIO USA"},
				"contacts[0].last_name": {"Tanaka"}, "contacts[0].kind": {"foreign_partner"}, "visibility": {"shared"}}
			res, _ = bob.do("POST", "/agreements", "application/x-www-form-urlencoded", form.Encode(), false)
			if res.StatusCode != http.StatusSeeOther {
				t.Fatalf("good form: %d", res.StatusCode)
			}
			loc := res.Header.Get("Location")
			_, body = bob.get(loc)
			for _, s := range []string{"Kansai biotech programme", "17,000.50", "12,000", "Bio-Japan 2008", "BIO USA", "Phase 2", sharedOrgName, "Tanaka"} {
				if !strings.Contains(body, s) {
					t.Errorf("the saved agreement lacks %q", s)
				}
			}
			// Editing keeps the rows: saving the edit form unchanged changes nothing.
			_, body = bob.get(loc + "/edit")
			if !strings.Contains(body, `value="5000.50"`) || !strings.Contains(body, `value="Bio-Japan 2008"`) {
				t.Error("the edit form lacks the stored rows")
			}
		})
	}
}

func TestAgreementAPI(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) {
			w := newAgreementWorld(t, db)
			bob, viewer, other, anon := w.client(t, "bob"), w.client(t, "viewer"), w.client(t, "otheradmin"), w.client(t, "")
			var page struct {
				Items  []passerelle.Agreement
				Total  int
				Facets passerelle.AgreementFacets
			}
			_, body := bob.do("GET", "/api/v1/agreements?country=DK", "", "", true)
			if err := json.Unmarshal([]byte(body), &page); err != nil || page.Total != 1 || len(page.Facets.Countries) == 0 || page.Items[0].Title != sharedAgreementTitle {
				t.Errorf("filtered list: %v %s", err, body)
			}
			_, body = bob.do("GET", "/api/v1/agreements", "", "", true)
			json.Unmarshal([]byte(body), &page)
			// Two of this test's, and the access world's shared convention.
			if page.Total != 3 || strings.Contains(body, privateAgreementTitle) {
				t.Errorf("bob's list: %d", page.Total)
			}
			pid := "/api/v1/agreements/" + id(w.private.ID)
			for _, c := range []*client{bob, other} {
				for _, m := range []string{"GET", "PATCH", "DELETE"} {
					if res, _ := c.do(m, pid, "application/json", `{"title":"x"}`, true); res.StatusCode != http.StatusNotFound {
						t.Errorf("%s %s by another: %d, want 404", m, pid, res.StatusCode)
					}
				}
			}
			if res, _ := other.do("GET", "/api/v1/agreements/"+id(w.shared.ID), "", "", true); res.StatusCode != http.StatusNotFound {
				t.Errorf("another workspace: %d", res.StatusCode)
			}
			if res, _ := viewer.do("POST", "/api/v1/agreements", "application/json", `{"title":"x"}`, true); res.StatusCode != http.StatusForbidden {
				t.Errorf("viewer create: %d", res.StatusCode)
			}
			if res, _ := anon.do("GET", "/api/v1/agreements", "", "", true); res.StatusCode != http.StatusUnauthorized {
				t.Errorf("anonymous: %d", res.StatusCode)
			}
			// Create, read, update, delete.
			res, body := bob.do("POST", "/api/v1/agreements", "application/json",
				`{"title":"API agreement","type":"consortium","funding":[{"funder":"EU","amount":"1000"}],"partners":[{"organization_id":`+id(w.world.shared.ID)+`,"side":"foreign"}]}`, true)
			var a passerelle.Agreement
			if json.Unmarshal([]byte(body), &a); res.StatusCode != http.StatusCreated || a.ID == 0 || a.Funding[0].AmountCents != 100000 {
				t.Fatalf("create: %d %s", res.StatusCode, body)
			}
			res, body = bob.do("PATCH", "/api/v1/agreements/"+id(a.ID), "application/json", `{"status":"suspended"}`, true)
			if json.Unmarshal([]byte(body), &a); res.StatusCode != http.StatusOK || a.Status != passerelle.StatusSuspended || a.Title != "API agreement" || len(a.Partners) != 1 {
				t.Errorf("patch: %d %s", res.StatusCode, body)
			}
			res, body = bob.do("PATCH", "/api/v1/agreements/"+id(a.ID), "application/json", `{"title":""}`, true)
			if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `"title"`) {
				t.Errorf("invalid patch: %d %s", res.StatusCode, body)
			}
			if res, _ := bob.do("DELETE", "/api/v1/agreements/"+id(a.ID), "", "", true); res.StatusCode != http.StatusNoContent {
				t.Errorf("delete: %d", res.StatusCode)
			}
			// The OpenAPI document lists the operations.
			_, body = anon.do("GET", "/api/v1/openapi.json", "", "", true)
			for _, op := range []string{"listAgreements", "createAgreement", "getAgreement", "updateAgreement", "deleteAgreement"} {
				if !strings.Contains(body, `"`+op+`"`) {
					t.Errorf("OpenAPI lacks %s", op)
				}
			}
		})
	}
}

// multipartBody builds a form with one file.
func multipartBody(t *testing.T, name string, data []byte, fields map[string]string) (string, string) {
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	fw, err := mw.CreateFormFile("file", name)
	must(t, err)
	fw.Write(data)
	must(t, mw.Close())
	return mw.FormDataContentType(), b.String()
}

func TestAgreementExportImport(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) {
			w := newAgreementWorld(t, db)
			bob, other := w.client(t, "bob"), w.client(t, "otheradmin")
			for _, format := range []string{"xlsx", "csv", "json"} {
				res, body := bob.get("/agreements/export?format=" + format)
				if res.StatusCode != http.StatusOK || !strings.Contains(res.Header.Get("Content-Disposition"), "attachment") || len(body) < 100 {
					t.Fatalf("export %s: %d", format, res.StatusCode)
				}
				if strings.Contains(body, privateAgreementTitle) {
					t.Errorf("bob's %s export holds alice's private agreement", format)
				}
				file := map[string]string{"xlsx": "agreements.xlsx", "csv": "agreements-csv.zip", "json": "agreements.json"}[format]
				ctype, mp := multipartBody(t, file, []byte(body), nil)
				res, page := other.do("POST", "/agreements/import", ctype, mp, false)
				if res.StatusCode != http.StatusOK || !strings.Contains(page, "import-counts") {
					t.Errorf("import %s elsewhere: %d %.300s", format, res.StatusCode, page)
				}
				if _, list := other.get("/agreements?q=copenhague"); !strings.Contains(list, sharedAgreementTitle) {
					t.Errorf("after importing %s, the other workspace lacks the agreement", format)
				}
			}
			// Filters apply to the export.
			if _, body := bob.get("/agreements/export?format=json&type=soft_landing"); !strings.Contains(body, plainAgreementTitle) || strings.Contains(body, sharedAgreementTitle) {
				t.Error("the export ignores the filters")
			}
			// Every bad row is reported, and nothing imported.
			bad := `{"agreements":[{"title":"Fine one"},{"title":""},{"title":"Bad money","funding":[{"funder":"X","amount":"-5"}]}]}`
			ctype, mp := multipartBody(t, "bad.json", []byte(bad), nil)
			res, page := bob.do("POST", "/agreements/import", ctype, mp, false)
			if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(page, "import-problems") || strings.Count(page, "<tr><td>agreements</td>") < 2 {
				t.Errorf("bad import: %d %.2000s", res.StatusCode, page)
			}
			if _, list := bob.get("/agreements?q=fine"); strings.Contains(list, "Fine one") {
				t.Error("a failed import wrote something")
			}
			// No file.
			if res, page := bob.do("POST", "/agreements/import", "application/x-www-form-urlencoded", "x=1", false); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(page, "choose a file") {
				t.Errorf("import without a file: %d", res.StatusCode)
			}

		})
	}
}
