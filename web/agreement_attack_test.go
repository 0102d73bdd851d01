package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"passerelle"
	"passerelle/store"
)

// TestAgreementAttack attacks the register of agreements as an outsider would: an
// anonymous visitor of the public pages, a member reading or writing another member's
// private agreement, a viewer writing, a user of another workspace. Each refusal must
// save nothing and tell nothing: the private agreement's title, its partner, its notes
// never show.
func TestAgreementAttack(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) { testAgreementAttack(t, db) })
	}
}

func testAgreementAttack(t *testing.T, db *store.DB) {
	w := newAgreementWorld(t, db)
	ctx := context.Background()
	sys := passerelle.NewContextWithActor(ctx, passerelle.SystemActor(w.ws.ID))
	svc := store.NewAgreementService(db)
	// The published agreement carries words that only its members may read: its notes,
	// a document not marked public, a contact's e-mail.
	const notesWord, docWord = "Zyxwnoteword", "Qvrdocword"
	pub, err := svc.FindAgreementByID(sys, w.shared.ID)
	must(t, err)
	pub.Notes = "internal: " + notesWord
	pub.Documents = []passerelle.Document{{Title: "Budget " + docWord, FileName: docWord + ".pdf"}, {Title: "Press release", Public: true}}
	must(t, svc.UpdateAgreement(sys, pub))
	// An unpublished shared agreement.
	unpub := &passerelle.Agreement{Title: "Unpublished Shared Convention Kiwi"}
	must(t, svc.CreateAgreement(sys, unpub))

	anon, bob, viewer, other, alice := w.client(t, ""), w.client(t, "bob"), w.client(t, "viewer"), w.client(t, "otheradmin"), w.client(t, "alice")
	base := "/public/" + w.ws.Slug + "/agreements"
	secrets := []string{privateAgreementTitle, privateOrgName, notesWord, docWord, contactEmail, "Unpublished Shared Convention Kiwi"}

	// The public pages: only the published shared agreement, and none of its private
	// fields, however the query is written; a search for a word of its notes or of a
	// document not public finds nothing (else the page answers whether the notes
	// contain a word).
	for _, path := range []string{
		base, base + "?q=" + notesWord, base + "?q=" + strings.ToLower(notesWord[:6]), base + "?q=" + docWord, base + "?q=internal",
		base + "?q=eric.bourland%40diplomatie.example", base + "?q=diplomatie", base + "?q=Kiwi", base + "?q=Secret+Alpha",
		base + "?partner=" + id(w.world.private.ID), base + "?country=DK", base + "?status=active&type=other",
		base + "?offset=9223372036854775807", base + "?offset=-5", base + "?offset=99999999999999999999999", base + "?year=-1",
		base + "?year=99999999999", base + "?partner=-1", base + "?partner=abc", base + "?country=%3Cscript%3E",
		base + "?theme=" + strings.Repeat("a.", 3000), base + "?q=%22%27*%3A%26%7C%21()",
		base + "?map=funding&country=ZZ", base + "/" + id(w.shared.ID), base + "/" + id(w.shared.ID) + "?q=" + notesWord,
	} {
		res, body := anon.get(path)
		if res.StatusCode != http.StatusOK {
			t.Errorf("GET %.80s: %d, want 200", path, res.StatusCode)
			continue
		}
		for _, s := range secrets {
			if strings.Contains(body, s) && !strings.Contains(path, url.QueryEscape(s)) && !strings.Contains(path, s) {
				t.Errorf("GET %.80s shows %q", path, s)
			}
		}
		// The words of its notes, of its document not public and of the contact's
		// e-mail find nothing here.
		if u, _ := url.Parse(path); strings.Contains(body, sharedAgreementTitle) && strings.HasSuffix(u.Path, "/agreements") {
			switch q := strings.ToLower(u.Query().Get("q")); q {
			case strings.ToLower(notesWord), strings.ToLower(notesWord[:6]), strings.ToLower(docWord), "internal", "diplomatie", "eric.bourland@diplomatie.example":
				t.Errorf("GET %.80s: the published agreement is found by a word that is not on its public page", path)
			}
		}
		if strings.Contains(body, "-9223372036854775") {
			t.Errorf("GET %.80s: a negative position in the pager", path)
		}
	}
	// Whatever the server refuses, it refuses with a 4xx, never a 500.
	for _, path := range []string{base + "?region=%00", base + "?q=" + strings.Repeat("x+", 3000), base + "?q=%FF%FE"} {
		if res, body := anon.get(path); res.StatusCode >= 500 {
			t.Errorf("GET %.80s: %d (%.200s)", path, res.StatusCode, body)
		}
	}
	// Its members still find it by its notes.
	if _, body := bob.get("/agreements?q=" + notesWord); !strings.Contains(body, sharedAgreementTitle) {
		t.Errorf("a member no longer finds the agreement by its notes")
	}
	for _, path := range []string{
		base + "/" + id(w.private.ID), base + "/" + id(unpub.ID), base + "/0", base + "/-1", base + "/99999999999999999999",
		"/public/other/agreements/" + id(w.shared.ID), "/public/no-such-workspace/agreements", "/public/%2e%2e/agreements",
	} {
		if res, body := anon.get(path); res.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s: %d, want 404 (%.200s)", path, res.StatusCode, body)
		}
	}

	// Another member's private agreement: 404 on every route, page and API, and no
	// trace in lists, facets, the map, exports and search.
	pid := id(w.private.ID)
	for _, c := range []struct {
		who          *client
		method, path string
		body         string
		api          bool
	}{
		{bob, "GET", "/agreements/" + pid, "", false},
		{bob, "GET", "/agreements/" + pid + "/edit", "", false},
		{bob, "GET", "/agreements/" + pid + "/delete", "", false},
		{bob, "POST", "/agreements/" + pid, url.Values{"title": {"Hijacked"}, "visibility": {"shared"}}.Encode(), false},
		{bob, "POST", "/agreements/" + pid + "/delete", "", false},
		{bob, "POST", "/agreements/" + pid + "/publish", "published=1", false},
		{bob, "GET", "/api/v1/agreements/" + pid, "", true},
		{bob, "PATCH", "/api/v1/agreements/" + pid, `{"title":"Hijacked"}`, true},
		{bob, "DELETE", "/api/v1/agreements/" + pid, "", true},
		{other, "GET", "/agreements/" + id(w.shared.ID), "", false},
		{other, "POST", "/agreements/" + id(w.shared.ID) + "/publish", "published=0", false},
		{other, "POST", "/agreements/" + id(w.shared.ID) + "/delete", "", false},
		{other, "PATCH", "/api/v1/agreements/" + id(w.shared.ID), `{"title":"Hijacked"}`, true},
		{other, "DELETE", "/api/v1/agreements/" + id(w.shared.ID), "", true},
	} {
		ctype := "application/x-www-form-urlencoded"
		if c.api {
			ctype = "application/json"
		}
		res, body := c.who.do(c.method, c.path, ctype, c.body, c.api)
		if res.StatusCode != http.StatusNotFound {
			t.Errorf("%s %s: %d, want 404", c.method, c.path, res.StatusCode)
		}
		if strings.Contains(body, privateAgreementTitle) {
			t.Errorf("%s %s names the private agreement", c.method, c.path)
		}
	}
	for _, path := range []string{
		"/agreements", "/agreements?q=Secret", "/agreements?partner=" + id(w.world.private.ID), "/agreements?country=DK&map=funding",
		"/agreements/export?format=json", "/agreements/export?format=csv&q=Secret", "/agreements/export?format=xlsx",
		"/api/v1/agreements?q=Secret+Alpha", "/api/v1/agreements?partner=" + id(w.world.private.ID), "/search?q=Alpha+Convention",
		"/organizations/" + id(w.shared2.ID), "/agreements/" + id(w.shared.ID),
	} {
		res, body := bob.do("GET", path, "", "", strings.HasPrefix(path, "/api/"))
		if res.StatusCode != http.StatusOK {
			t.Errorf("GET %s: %d", path, res.StatusCode)
		}
		if text := unzipped(t, body); strings.Contains(text, privateAgreementTitle) || strings.Contains(text, privateOrgName) {
			t.Errorf("GET %s shows Alpha's private agreement or its partner", path)
		}
	}
	var page struct{ Total int }
	if _, body := bob.do("GET", "/api/v1/agreements?partner="+id(w.world.private.ID), "", "", true); json.Unmarshal([]byte(body), &page) != nil || page.Total != 0 {
		t.Errorf("filtering on Alpha's private organisation finds %d agreements: %s", page.Total, body)
	}

	// A viewer writes nothing; a member cannot publish a private agreement, nor make a
	// shared one private, nor hand it to another member.
	before := agreementCount(t, db, w.ws.ID)
	for _, c := range []struct {
		who          *client
		method, path string
		body         string
		api          bool
		want         int
	}{
		{viewer, "POST", "/agreements", url.Values{"title": {"Viewer's"}}.Encode(), false, http.StatusForbidden},
		{viewer, "POST", "/api/v1/agreements", `{"title":"Viewer's"}`, true, http.StatusForbidden},
		{viewer, "POST", "/agreements/" + id(w.plain.ID) + "/publish", "published=1", false, http.StatusForbidden},
		{viewer, "PATCH", "/api/v1/agreements/" + id(w.plain.ID), `{"published":true}`, true, http.StatusForbidden},
		{viewer, "POST", "/agreements/" + id(w.plain.ID) + "/delete", "", false, http.StatusForbidden},
		{viewer, "DELETE", "/api/v1/agreements/" + id(w.plain.ID), "", true, http.StatusForbidden},
		{alice, "POST", "/agreements/" + pid + "/publish", "published=1", false, http.StatusUnprocessableEntity},
		{alice, "PATCH", "/api/v1/agreements/" + pid, `{"published":true}`, true, http.StatusUnprocessableEntity},
		{alice, "POST", "/api/v1/agreements", `{"title":"Private and public","visibility":"private","published":true}`, true, http.StatusUnprocessableEntity},
		{bob, "PATCH", "/api/v1/agreements/" + id(w.plain.ID), `{"visibility":"private"}`, true, http.StatusForbidden},
		{bob, "PATCH", "/api/v1/agreements/" + id(w.plain.ID), `{"partners":[{"organization_id":` + id(w.world.private.ID) + `,"side":"foreign"}]}`, true, http.StatusUnprocessableEntity},
	} {
		ctype := "application/x-www-form-urlencoded"
		if c.api {
			ctype = "application/json"
		}
		res, body := c.who.do(c.method, c.path, ctype, c.body, c.api)
		if res.StatusCode != c.want {
			t.Errorf("%s %s: %d, want %d (%.300s)", c.method, c.path, res.StatusCode, c.want, body)
		}
		if c.who != alice && strings.Contains(body, privateOrgName) {
			t.Errorf("%s %s names Alpha's private organisation", c.method, c.path)
		}
	}
	// Owner ids in a body are not the client's to set.
	res, body := alice.do("POST", "/api/v1/agreements", "application/json", `{"title":"Given away","visibility":"private","owner_member_id":`+id(w.beta.ID)+`}`, true)
	var made passerelle.Agreement
	if json.Unmarshal([]byte(body), &made); res.StatusCode != http.StatusCreated || made.OwnerMemberID != w.alpha.ID {
		t.Errorf("a private agreement given to another member: %d %s", res.StatusCode, body)
	}
	before++
	if after := agreementCount(t, db, w.ws.ID); after != before {
		t.Errorf("refused requests saved agreements: %d, want %d", after, before)
	}
	for _, a := range []*passerelle.Agreement{w.private, w.plain} {
		got, err := svc.FindAgreementByID(sys, a.ID)
		must(t, err)
		if got.Published || got.Title != a.Title || got.Visibility != a.Visibility || got.Version != a.Version {
			t.Errorf("agreement %q changed by refused requests: %+v", a.Title, got)
		}
	}
}

func agreementCount(t *testing.T, db *store.DB, ws int64) int {
	t.Helper()
	sys := passerelle.NewContextWithActor(context.Background(), passerelle.SystemActor(ws))
	_, n, err := store.NewAgreementService(db).FindAgreements(sys, passerelle.AgreementFilter{Limit: 1})
	must(t, err)
	return n
}

// TestAgreementHostileInput sends the agreements' form and JSON routes what no browser
// would: truncated and huge bodies, arrays for objects, ids out of range, impossible
// dates, strings far longer than any field. Each is a 4xx that saves nothing.
func TestAgreementHostileInput(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) { testAgreementHostileInput(t, db) })
	}
}

func testAgreementHostileInput(t *testing.T, db *store.DB) {
	w := newAgreementWorld(t, db)
	bob := w.client(t, "bob")
	sys := passerelle.NewContextWithActor(context.Background(), passerelle.SystemActor(w.ws.ID))
	before := agreementCount(t, db, w.ws.ID)
	plain, err := store.NewAgreementService(db).FindAgreementByID(sys, w.plain.ID)
	must(t, err)
	long := strings.Repeat("é", 200_001)
	org := id(w.world.shared.ID)
	jsonBodies := map[string]string{
		"truncated":          `{"title":"x","partners":[`,
		"array":              `[{"title":"x"}]`,
		"string":             `"x"`,
		"null":               `null`,
		"empty":              ``,
		"trailing":           `{"title":"x"} {"title":"y"}`,
		"unknown field":      `{"title":"x","admin":true}`,
		"partners object":    `{"title":"x","partners":{"organization_id":` + org + `}}`,
		"partner id string":  `{"title":"x","partners":[{"organization_id":"` + org + `","side":"foreign"}]}`,
		"partner id -1":      `{"title":"x","partners":[{"organization_id":-1,"side":"foreign"}]}`,
		"partner id max":     `{"title":"x","partners":[{"organization_id":9223372036854775807,"side":"foreign"}]}`,
		"partner id 1e30":    `{"title":"x","partners":[{"organization_id":1e30,"side":"foreign"}]}`,
		"partner id float":   `{"title":"x","partners":[{"organization_id":1.5,"side":"foreign"}]}`,
		"date 0000-00-00":    `{"title":"x","signed_date":"0000-00-00"}`,
		"date 9999-99-99":    `{"title":"x","start_date":"9999-99-99"}`,
		"date 2024-02-30":    `{"title":"x","end_date":"2024-02-30"}`,
		"year huge":          `{"title":"x","signed_year":99999999999}`,
		"year overflow":      `{"title":"x","signed_year":1e400}`,
		"year negative":      `{"title":"x","signed_year":-2013}`,
		"amount huge":        `{"title":"x","funding":[{"funder":"EU","amount":"1e400"}]}`,
		"amount cents huge":  `{"title":"x","funding":[{"funder":"EU","amount_cents":9223372036854775807}]}`,
		"amount negative":    `{"title":"x","funding":[{"funder":"EU","amount_cents":-1}]}`,
		"water negative":     `{"title":"x","funding":[{"funder":"EU","amount_cents":1,"water_cents":-5}]}`,
		"document size -1":   `{"title":"x","documents":[{"title":"d","size":-1}]}`,
		"phase bad date":     `{"title":"x","phases":[{"title":"p","start_date":"0000-00-00"}]}`,
		"theme unknown":      `{"title":"x","theme":"` + strings.Repeat("z.", 500) + `"}`,
		"title too long":     `{"title":"` + strings.Repeat("t", 1001) + `"}`,
		"notes too long":     `{"title":"x","notes":"` + long + `"}`,
		"context too long":   `{"title":"x","context":"` + long + `"}`,
		"ref too long":       `{"title":"x","ref":"` + strings.Repeat("r", 5000) + `"}`,
		"partner role long":  `{"title":"x","partners":[{"organization_id":` + org + `,"side":"foreign","role":"` + strings.Repeat("r", 5000) + `"}]}`,
		"contact name long":  `{"title":"x","contacts":[{"last_name":"` + strings.Repeat("n", 5000) + `"}]}`,
		"huge body":          `{"title":"x","notes":"` + strings.Repeat("x", 2<<20) + `"}`,
		"visibility unknown": `{"title":"x","visibility":"public"}`,
		"type unknown":       `{"title":"x","type":"<script>"}`,
	}
	for name, body := range jsonBodies {
		for _, c := range []struct{ method, path string }{{"POST", "/api/v1/agreements"}, {"PATCH", "/api/v1/agreements/" + id(w.plain.ID)}} {
			res, got := bob.do(c.method, c.path, "application/json", body, true)
			if res.StatusCode < 400 || res.StatusCode >= 500 {
				t.Errorf("%s %s with %s: %d, want a 4xx (%.200s)", c.method, c.path, name, res.StatusCode, got)
			}
		}
	}
	for _, path := range []string{"/api/v1/agreements/-1", "/api/v1/agreements/0", "/api/v1/agreements/99999999999999999999", "/api/v1/agreements/1e3", "/api/v1/agreements/%20" + id(w.plain.ID)} {
		for _, m := range []string{"GET", "PATCH", "DELETE"} {
			if res, _ := bob.do(m, path, "application/json", `{"title":"x"}`, true); res.StatusCode != http.StatusNotFound {
				t.Errorf("%s %s: %d, want 404", m, path, res.StatusCode)
			}
		}
	}
	forms := map[string]url.Values{
		"no title":          {"title": {""}},
		"year text":         {"title": {"x"}, "signed_year": {"two thousand"}},
		"year overflow":     {"title": {"x"}, "signed_year": {"99999999999999999999"}},
		"date 0000-00-00":   {"title": {"x"}, "signed_date": {"0000-00-00"}},
		"date 9999-99-99":   {"title": {"x"}, "start_date": {"9999-99-99"}},
		"partner -1":        {"title": {"x"}, "partners[0].organization": {"-1"}, "partners[0].side": {"foreign"}},
		"partner huge":      {"title": {"x"}, "partners[0].organization": {"99999999999999999999"}, "partners[0].side": {"foreign"}},
		"partner private":   {"title": {"x"}, "partners[0].organization": {id(w.world.private.ID)}, "partners[0].side": {"foreign"}},
		"amount text":       {"title": {"x"}, "funding[0].funder": {"EU"}, "funding[0].amount": {"lots"}},
		"amount huge":       {"title": {"x"}, "funding[0].funder": {"EU"}, "funding[0].amount": {"1" + strings.Repeat("0", 40)}},
		"funding year huge": {"title": {"x"}, "funding[0].funder": {"EU"}, "funding[0].amount": {"10"}, "funding[0].year": {"99999999999999999999"}},
		"title too long":    {"title": {strings.Repeat("t", 1001)}},
		"notes too long":    {"title": {"x"}, "notes": {long}},
		"visibility odd":    {"title": {"x"}, "visibility": {"everyone"}},
		"huge form":         {"title": {"x"}, "notes": {strings.Repeat("x", 3<<20)}},
	}
	for name, f := range forms {
		for _, path := range []string{"/agreements", "/agreements/" + id(w.plain.ID)} {
			res, got := bob.do("POST", path, formType, f.Encode(), false)
			if res.StatusCode < 400 || res.StatusCode >= 500 {
				t.Errorf("POST %s with %s: %d, want a 4xx (%.200s)", path, name, res.StatusCode, got)
			}
		}
	}
	if res, _ := bob.do("POST", "/agreements/"+id(w.plain.ID)+"/publish", formType, "published="+strings.Repeat("1", 3<<20), false); res.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("a huge publish form: %d, want 413", res.StatusCode)
	}
	if after := agreementCount(t, db, w.ws.ID); after != before {
		t.Errorf("refused requests saved agreements: %d before, %d after", before, after)
	}
	got, err := store.NewAgreementService(db).FindAgreementByID(sys, w.plain.ID)
	must(t, err)
	if got.Version != plain.Version || got.Title != plain.Title {
		t.Errorf("refused requests changed the agreement: version %d, was %d", got.Version, plain.Version)
	}
}

// TestAgreementContactPersonRefused: a contact's person_id, by the form or the JSON API,
// must name a person the user may read. Another member's private person, another
// workspace's person and an unknown id are each a 422 naming the contact's field, and
// nothing is saved.
func TestAgreementContactPersonRefused(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) {
			w := newAgreementWorld(t, db)
			bob := w.client(t, "bob")
			otherWS, err := store.NewWorkspaceService(db).FindWorkspaceBySlug(passerelle.NewContextWithActor(context.Background(), &passerelle.Actor{System: true}), "other")
			must(t, err)
			elsewhere := &passerelle.Person{FirstName: "Olga", LastName: "Elsewhere"}
			must(t, store.NewPersonService(db).CreatePerson(passerelle.NewContextWithActor(context.Background(), passerelle.SystemActor(otherWS.ID)), elsewhere))
			before := agreementCount(t, db, w.ws.ID)
			for what, pid := range map[string]int64{"another member's private person": w.privateP.ID, "another workspace's person": elsewhere.ID, "no person": 99999999} {
				body := `{"title":"x","contacts":[{"last_name":"Someone","person_id":` + id(pid) + `}]}`
				for _, c := range []struct{ method, path string }{{"POST", "/api/v1/agreements"}, {"PATCH", "/api/v1/agreements/" + id(w.plain.ID)}} {
					res, got := bob.do(c.method, c.path, "application/json", body, true)
					if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(got, `"contacts[0].person_id":"no such person"`) {
						t.Errorf("%s %s naming %s: %d %.300s", c.method, c.path, what, res.StatusCode, got)
					}
				}
				form := url.Values{"title": {"x"}, "contacts[0].last_name": {"Someone"}, "contacts[0].person_id": {id(pid)}}
				for _, path := range []string{"/agreements", "/agreements/" + id(w.plain.ID)} {
					res, got := bob.do("POST", path, formType, form.Encode(), false)
					if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(got, "no such person") {
						t.Errorf("POST %s naming %s: %d", path, what, res.StatusCode)
					}
				}
			}
			if after := agreementCount(t, db, w.ws.ID); after != before {
				t.Errorf("refused contacts saved agreements: %d before, %d after", before, after)
			}
			// The shared person is fine.
			res, got := bob.do("POST", "/api/v1/agreements", "application/json",
				`{"title":"x","contacts":[{"last_name":"Sharedperson","person_id":`+id(w.sharedP.ID)+`}]}`, true)
			if res.StatusCode != http.StatusCreated {
				t.Errorf("a shared person: %d %.300s", res.StatusCode, got)
			}
		})
	}
}

// TestAgreementFormRowNumbers: a row of a repeated list numbered beyond 500 (or not a
// number) was skipped by the form's reader, and what it held lost without a word; it is
// now a 422 naming the field, on the form's general slot too, and nothing is saved. Row
// 500 is still read.
func TestAgreementFormRowNumbers(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) {
			w := newAgreementWorld(t, db)
			bob := w.client(t, "bob")
			before := agreementCount(t, db, w.ws.ID)
			for field, form := range map[string]url.Values{
				"partners[600]":           {"title": {"Rows"}, "partners[600].organization": {sharedOrgName}, "partners[600].side": {"foreign"}},
				"funding[501]":            {"title": {"Rows"}, "funding[501].funder": {"EU"}, "funding[501].amount": {"10"}},
				"contacts[-1]":            {"title": {"Rows"}, "contacts[-1].last_name": {"Tanaka"}},
				"volunteers[x]":           {"title": {"Rows"}, "volunteers[x].last_name": {"Sato"}},
				"phases[0].actions[9999]": {"title": {"Rows"}, "phases[0].title": {"Phase"}, "phases[0].actions[9999].title": {"Action"}},
			} {
				for _, path := range []string{"/agreements", "/agreements/" + id(w.plain.ID)} {
					res, body := bob.do("POST", path, formType, form.Encode(), false)
					if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, field+": a row number from 0 to 500") {
						t.Errorf("POST %s with %s: %d, want 422 naming the field", path, field, res.StatusCode)
					}
				}
			}
			if after := agreementCount(t, db, w.ws.ID); after != before {
				t.Errorf("refused forms saved agreements: %d before, %d after", before, after)
			}
			form := url.Values{"title": {"Row five hundred"}, "partners[500].organization": {sharedOrgName}, "partners[500].side": {"foreign"}}
			res, _ := bob.do("POST", "/agreements", formType, form.Encode(), false)
			if res.StatusCode != http.StatusSeeOther {
				t.Fatalf("row 500: %d", res.StatusCode)
			}
			if _, body := bob.get(res.Header.Get("Location")); !strings.Contains(body, sharedOrgName) {
				t.Error("row 500 was dropped")
			}
		})
	}
}
