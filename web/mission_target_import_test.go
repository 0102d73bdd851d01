package web_test

import (
	"bytes"
	"context"
	"html"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"

	"passerelle"
	"passerelle/store"
)

// TestMissionTargetImportPage: from the mission's page a writer previews a list of
// targets (each row matched against the directory; another member's private record never
// offered; nothing saved), imports it, and sees the targets with their availability; a
// viewer and another workspace cannot; hostile files and bad rows are messages naming
// the line, nothing saved.
func TestMissionTargetImportPage(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) {
			w := newWorld(t, db)
			sys := passerelle.NewContextWithActor(context.Background(), passerelle.SystemActor(w.ws.ID))
			missions := store.NewMissionService(db)
			targets := func() int {
				m, err := missions.FindMission(sys, "cph")
				must(t, err)
				return len(m.Targets)
			}
			bob := w.client(t, "bob")
			if _, body := bob.get("/missions/cph"); !strings.Contains(body, `href="/missions/cph/targets/import"`) {
				t.Error("no import link on the mission's page")
			}
			if _, body := w.client(t, "viewer").get("/missions/cph"); strings.Contains(body, "/targets/import") {
				t.Error("a viewer is offered the import")
			}
			file := []byte("name,country,why,group,availability\n" + sharedOrgName + ",DK,again,,\n" + privateOrgName + ",DK,,,\n" +
				"Brand New Partner GmbH,DE,diagnostics,g1,2027-03-10 14:00-17:00\nSecond Shared Org,FR,clusters,g1,\n")
			n0 := targets()
			ctype, body := multipartBody(t, "targets.csv", file, map[string]string{"step": "preview"})
			res, page := bob.do("POST", "/missions/cph/targets/import", ctype, body, false)
			if res.StatusCode != http.StatusOK || !strings.Contains(page, `id="import-rows"`) || !strings.Contains(page, "already-target") {
				t.Fatalf("preview: %d %.800s", res.StatusCode, page)
			}
			if strings.Contains(page, privateOrgName+"</a>") || strings.Contains(page, "/organizations/"+id(w.private.ID)+`"`) {
				t.Error("the preview links bob's row to alice's private organisation")
			}
			if n := targets(); n != n0 {
				t.Fatalf("the preview saved: %d -> %d targets", n0, n)
			}
			data := regexp.MustCompile(`name="data" value="([^"]+)"`).FindStringSubmatch(page)
			if data == nil {
				t.Fatal("no file carried to the confirmation")
			}
			confirm := func(c *client) (*http.Response, string) {
				ctype, body := fieldsBody(t, map[string]string{"step": "import", "data": data[1], "file_name": "targets.csv", "encoding": "utf-8"})
				return c.do("POST", "/missions/cph/targets/import", ctype, body, false)
			}
			if res, _ := confirm(w.client(t, "viewer")); res.StatusCode != http.StatusForbidden {
				t.Errorf("a viewer imports: %d", res.StatusCode)
			}
			if res, _ := confirm(w.client(t, "otheradmin")); res.StatusCode != http.StatusNotFound {
				t.Errorf("another workspace imports: %d", res.StatusCode)
			}
			res, page = confirm(bob)
			if res.StatusCode != http.StatusOK || !strings.Contains(page, `id="import-see"`) {
				t.Fatalf("import: %d %.800s", res.StatusCode, page)
			}
			// The shared target was there (updated); three are added, one of them bob's own
			// "Secret Alpha Prospect", a new shared record.
			if n := targets(); n != n0+3 {
				t.Errorf("%d -> %d targets, want 3 more", n0, n)
			}
			if _, body := bob.get("/missions/cph"); !strings.Contains(body, "2027-03-10 14:00-17:00") || !strings.Contains(body, "Brand New Partner GmbH") {
				t.Error("the imported targets or their availability are not on the mission's page")
			}
			// Hostile files and bad rows: a message naming the problem, nothing saved.
			n1 := targets()
			for what, tc := range map[string]struct {
				name string
				data []byte
				want string
			}{
				"garbage workbook": {"t.xlsx", []byte("PK\x03\x04 not a zip at all"), "XLSX"},
				"no name column":   {"t.csv", []byte("pays\nFR\n"), "no column for the name"},
				"wrong encoding":   {"t.csv", []byte("name,why\nCoop,r\xe9union\n"), "line 2: the text is not UTF-8"},
				"unclosed quote":   {"t.csv", []byte("name\n\"Never closed\nB\n"), "line 2"},
				"too large":        {"t.csv", bytes.Repeat([]byte("x"), 8<<20+10), "8 MB"},
				"outside the days": {"t.csv", []byte("name,availability\nLate Co,2027-04-01\n"), "line 2: availability: 2027-04-01 is not a day of the mission"},
			} {
				ctype, body := multipartBody(t, tc.name, tc.data, map[string]string{"step": "preview"})
				res, page := bob.do("POST", "/missions/cph/targets/import", ctype, body, false)
				if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(page, `role="alert"`) || !strings.Contains(page, tc.want) {
					t.Errorf("%s: %d, want a message with %q", what, res.StatusCode, tc.want)
				}
			}
			// A French page gives each line's problem in French, as the rest of the message, the
			// column by its French name (it was the code, "availability").
			fr := w.client(t, "bob")
			fr.do("POST", "/lang", formType, form("lang", "fr"), false)
			for _, tc := range []struct{ data, want string }{
				{"name,availability\nLate Co,2027-04-01\n", "ligne 2 : disponibilité : 2027-04-01 n'est pas un jour de la mission"},
				{"name,members\nLate Co,Nobody\n", `ligne 2 : membres : "Nobody" n'est pas un membre participant`},
			} {
				ctype, body := multipartBody(t, "t.csv", []byte(tc.data), map[string]string{"step": "preview"})
				res, page := fr.do("POST", "/missions/cph/targets/import", ctype, body, false)
				if page = html.UnescapeString(page); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(page, "rien n'a été importé") ||
					!strings.Contains(page, tc.want) {
					t.Errorf("%q in French: %d, want %q in %s", tc.data, res.StatusCode, tc.want, between(page, "rien n'a", "</span>"))
				}
			}
			if n := targets(); n != n1 {
				t.Errorf("a refused file saved: %d -> %d targets", n1, n)
			}
		})
	}
}

// TestFollowUpEditAndOpportunity: a member edits its follow-up from a page (a bad date
// named, nothing saved) and makes it an opportunity of its pipeline once; another member
// can do neither.
func TestFollowUpEditAndOpportunity(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) {
			w := newWorld(t, db)
			alice, bob := w.client(t, "alice"), w.client(t, "bob")
			path := "/follow-ups/" + id(w.fuPriv.ID)
			if res, body := alice.get("/missions/cph"); res.StatusCode != http.StatusOK || !strings.Contains(body, path+"/edit") ||
				!strings.Contains(body, path+"/opportunity") {
				t.Errorf("the mission's page offers no edit or opportunity for alice's follow-up: %d", res.StatusCode)
			}
			res, body := alice.do("POST", path, formType, form("title", "Send the imaging brochure", "kind", "send_documents", "due_date", "22/09/2027"), false)
			if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "a date such as") {
				t.Errorf("bad due date: %d", res.StatusCode)
			}
			res, _ = alice.do("POST", path, formType, form("title", "Send the imaging brochure", "kind", "letter_of_intent", "due_date", "2027-09-22",
				"organization", sharedOrgName), false)
			if res.StatusCode != http.StatusSeeOther {
				t.Fatalf("alice edits her follow-up: %d", res.StatusCode)
			}
			fus := store.NewFollowUpService(db)
			sys := passerelle.NewContextWithActor(context.Background(), passerelle.SystemActor(w.ws.ID))
			f, err := fus.FindFollowUp(sys, w.fuPriv.ID)
			must(t, err)
			if f.Title != "Send the imaging brochure" || f.DueDate != "2027-09-22" || f.OrganizationID != w.shared.ID || f.Kind != passerelle.FollowUpLetterOfIntent {
				t.Errorf("after the edit: %+v", f)
			}
			for _, p := range []string{path, path + "/opportunity"} {
				if res, _ := bob.do("POST", p, formType, form("title", "x"), false); res.StatusCode != http.StatusNotFound {
					t.Errorf("bob POST %s: %d, want 404", p, res.StatusCode)
				}
			}
			res, _ = alice.do("POST", path+"/opportunity", formType, "", false)
			if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/pipeline?member_id="+id(w.alpha.ID)) {
				t.Fatalf("alice makes it an opportunity: %d %s", res.StatusCode, res.Header.Get("Location"))
			}
			if res, _ := alice.do("POST", path+"/opportunity", formType, "", false); res.StatusCode != http.StatusConflict {
				t.Errorf("a second opportunity: %d", res.StatusCode)
			}
			if _, body := alice.get("/pipeline?member_id=" + id(w.alpha.ID)); !strings.Contains(body, "Send the imaging brochure") {
				t.Error("the opportunity is not on alice's board")
			}
			if _, body := bob.get("/pipeline"); strings.Contains(body, "Send the imaging brochure") {
				t.Error("bob's board shows alice's opportunity")
			}
		})
	}
}

// TestFollowUpCreateRefusedKeepsForm: a follow-up refused from the mission's page comes
// back as a form holding what was typed, each problem beside its field, and saving it
// corrected adds it to the mission.
func TestFollowUpCreateRefusedKeepsForm(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) {
			w := newWorld(t, db)
			alice := w.client(t, "alice")
			typed := []string{"mission", "cph", "member_id", id(w.alpha.ID), "title", "Send the imaging brochure", "kind", "letter_of_intent",
				"due_date", "2027-09-22", "organization", sharedOrgName}
			for _, tc := range []struct {
				field, value, want string
			}{
				{"owner", "nobody@example.org", "no user nobody@example.org"},
				{"due_date", "22/09/2027", "a date such as"},
			} {
				kv := slices.Clone(typed)
				if i := slices.Index(kv, tc.field); i >= 0 {
					kv[i+1] = tc.value
				} else {
					kv = append(kv, tc.field, tc.value)
				}
				res, body := alice.do("POST", "/follow-ups", formType, form(kv...), false)
				if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, tc.want) {
					t.Fatalf("%s %q: %d, want the message %q", tc.field, tc.value, res.StatusCode, tc.want)
				}
				for _, v := range []string{`name="title" id="f-title" value="Send the imaging brochure"`, `value="letter_of_intent" selected`,
					`name="organization" id="f-organization" value="` + sharedOrgName + `"`, `name="mission" value="cph"`,
					`name="` + tc.field + `"`, `value="` + tc.value + `"`} {
					if !strings.Contains(body, v) {
						t.Errorf("%s %q: the refused form lost %s", tc.field, tc.value, v)
					}
				}
			}
			res, _ := alice.do("POST", "/follow-ups", formType, form(append(slices.Clone(typed), "owner", "")...), false)
			if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/missions/cph#follow-ups" {
				t.Fatalf("corrected: %d %s", res.StatusCode, res.Header.Get("Location"))
			}
		})
	}
}
