package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestMissionStatusBudgetAgreement: the form saves a mission's status, budget and the
// agreement it serves (by title), the page shows them; bad values are named and nothing
// is saved; the world's mission serves Alpha's private agreement: Beta's user reads
// neither its title nor its id (page, form, API), keeps it when saving, and may not
// replace it.
func TestMissionStatusBudgetAgreement(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) {
			w := newWorld(t, db)
			alice, bob := w.client(t, "alice"), w.client(t, "bob")
			for _, path := range []string{"/missions/cph", "/missions/cph/edit", "/api/v1/missions/cph", "/missions"} {
				res, body := bob.get(path)
				if res.StatusCode != http.StatusOK || strings.Contains(body, privateAgrTitle) || strings.Contains(body, "/agreements/"+id(w.agrPriv.ID)+`"`) {
					t.Errorf("bob %s: %d, names Alpha's private agreement", path, res.StatusCode)
				}
			}
			if _, body := bob.get("/api/v1/missions/cph"); !strings.Contains(body, `"agreement_private":true`) || strings.Contains(body, `"agreement_id"`) {
				t.Errorf("bob's API reply: %s", body)
			}
			if _, body := alice.get("/missions/cph"); !strings.Contains(body, privateAgrTitle) {
				t.Error("alice does not see her mission's agreement")
			}
			base := url.Values{"name": {"Copenhagen mission"}, "slug": {"cph"}, "start_date": {"2027-03-10"}, "end_date": {"2027-03-11"},
				"time_zone": {"Europe/Copenhagen"}, "meeting_minutes": {"60"}, "status": {"under_way"}, "budget": {"12 500,50"}, "budget_currency": {"dkk"}}
			with := func(kv ...string) string {
				v := url.Values{}
				for k, x := range base {
					v[k] = x
				}
				for i := 0; i+1 < len(kv); i += 2 {
					v.Set(kv[i], kv[i+1])
				}
				return v.Encode()
			}
			// Bob saves: Alpha's agreement stays, which he cannot see.
			if res, body := bob.do("POST", "/missions/cph", formType, with(), false); res.StatusCode != http.StatusSeeOther {
				t.Fatalf("bob saves the mission: %d %s", res.StatusCode, body)
			}
			_, body := alice.get("/missions/cph")
			for _, want := range []string{privateAgrTitle, "12,500.50 DKK", "Under way"} {
				if !strings.Contains(body, want) {
					t.Errorf("after bob's save, alice's page lacks %q", want)
				}
			}
			// Bad values: each named, nothing saved.
			for _, tc := range []struct{ field, value, msg string }{
				{"budget", "lots", "an amount such as 12500"},
				{"budget_currency", "euro", "three letters"},
				{"status", "lost", "draft, planned"},
				{"agreement", "Nothing Like It", "no agreement of the register matches"},
				{"agreement", "Shared Visible Convention", "only its member changes it"}, // bob replaces Alpha's
			} {
				res, body := bob.do("POST", "/missions/cph", formType, with(tc.field, tc.value), false)
				if res.StatusCode == http.StatusSeeOther || !strings.Contains(body, tc.msg) {
					t.Errorf("%s=%q: %d, the message does not say %q", tc.field, tc.value, res.StatusCode, tc.msg)
				}
			}
			res, body := bob.do("PATCH", "/api/v1/missions/cph", "application/json", `{"budget_cents": "12"}`, false)
			if res.StatusCode != http.StatusUnprocessableEntity && res.StatusCode != http.StatusBadRequest || !strings.Contains(body, "budget_cents") {
				t.Errorf("PATCH budget_cents as text: %d %s", res.StatusCode, body)
			}
			if _, body := alice.get("/api/v1/missions/cph"); !strings.Contains(body, `"budget_cents":1250050`) || !strings.Contains(body, `"status":"under_way"`) ||
				!strings.Contains(body, `"agreement_id":`+id(w.agrPriv.ID)) {
				t.Errorf("refused saves changed the mission: %s", body)
			}
			// Alice points it at the shared agreement by title, and the API clears the budget.
			if res, body := alice.do("POST", "/missions/cph", formType, with("agreement", "Shared Visible Convention", "status", "done"), false); res.StatusCode != http.StatusSeeOther {
				t.Fatalf("alice links the shared agreement: %d %s", res.StatusCode, body)
			}
			res, body = bob.do("PATCH", "/api/v1/missions/cph", "application/json", `{"budget_cents": null}`, false)
			if res.StatusCode != http.StatusOK || strings.Contains(body, "budget_cents") || !strings.Contains(body, `"agreement_title":"Shared Visible Convention"`) ||
				!strings.Contains(body, `"status":"done"`) {
				t.Errorf("PATCH budget null: %d %s", res.StatusCode, body)
			}
			if _, body := bob.get("/missions/cph"); !strings.Contains(body, `href="/agreements/`+id(w.agrShr.ID)+`"`) || !strings.Contains(body, "Done") {
				t.Error("bob's page does not link the shared agreement or show the status")
			}
		})
	}
}
