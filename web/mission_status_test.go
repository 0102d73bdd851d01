package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"passerelle"
	"passerelle/store"
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

// TestMissionCancelTellsMeetings: cancelling a mission on its form cancels the meetings
// of its programme yet to be held, and the page says how many (those the writer may
// read: Alpha's private meeting is cancelled too, but not counted for Beta's user); the
// API's answer counts them in meetings_cancelled; a held meeting stays held.
func TestMissionCancelTellsMeetings(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) {
			w := newWorld(t, db)
			bob := w.client(t, "bob")
			sys := passerelle.NewContextWithActor(context.Background(), passerelle.SystemActor(w.ws.ID))
			meetings := store.NewMeetingService(db)
			start := time.Date(2027, 3, 10, 10, 0, 0, 0, time.UTC)
			add := func(title string, status passerelle.MeetingStatus) *passerelle.Meeting {
				m := &passerelle.Meeting{Title: title, Start: start, End: start.Add(time.Hour), TimeZone: "Europe/Copenhagen", Status: status,
					OrganizationIDs: []int64{w.shared.ID}, Origin: passerelle.OriginMission, OriginID: w.mission.ID}
				if err := meetings.CreateMeeting(sys, m); err != nil {
					t.Fatal(err)
				}
				return m
			}
			planned, held := add("Programme planned", passerelle.MeetingPlanned), add("Programme held", passerelle.MeetingHeld)
			confirmed := add("Programme confirmed", passerelle.MeetingConfirmed)
			body := url.Values{"name": {"Copenhagen mission"}, "slug": {"cph"}, "start_date": {"2027-03-10"}, "end_date": {"2027-03-11"},
				"time_zone": {"Europe/Copenhagen"}, "meeting_minutes": {"60"}, "status": {"cancelled"}}
			if res, b := bob.do("POST", "/missions/cph", formType, body.Encode(), false); res.StatusCode != http.StatusSeeOther {
				t.Fatalf("bob cancels the mission: %d %.300s", res.StatusCode, b)
			}
			if _, page := bob.get("/missions/cph"); !strings.Contains(page, "2 meetings of its programme that were yet to be held are cancelled") {
				t.Errorf("the page does not say how many meetings were cancelled: %.2000s", page)
			}
			for _, tc := range []struct {
				id   int64
				want passerelle.MeetingStatus
			}{{planned.ID, passerelle.MeetingCancelled}, {confirmed.ID, passerelle.MeetingCancelled}, {w.meetPriv.ID, passerelle.MeetingCancelled}, {held.ID, passerelle.MeetingHeld}} {
				if m, err := meetings.FindMeetingByID(sys, tc.id); err != nil || m.Status != tc.want {
					t.Errorf("meeting %d: %v %v, want %s", tc.id, m, err, tc.want)
				}
			}
			// Reopened by the API, then cancelled again: the answer counts the meeting put
			// back since; on the form, the page says so in the singular.
			if res, b := bob.do("PATCH", "/api/v1/missions/cph", "application/json", `{"status": "planned"}`, true); res.StatusCode != http.StatusOK ||
				strings.Contains(b, "meetings_cancelled") {
				t.Fatalf("reopen: %d %s", res.StatusCode, b)
			}
			if res, b := bob.do("PATCH", "/api/v1/meetings/"+id(planned.ID), "application/json", `{"status": "confirmed"}`, true); res.StatusCode != http.StatusOK {
				t.Fatalf("meeting put back: %d %s", res.StatusCode, b)
			}
			if res, b := bob.do("PATCH", "/api/v1/missions/cph", "application/json", `{"status": "cancelled"}`, true); res.StatusCode != http.StatusOK ||
				!strings.Contains(b, `"meetings_cancelled":1`) {
				t.Errorf("cancel by the API: %d %s", res.StatusCode, b)
			}
			bob.do("PATCH", "/api/v1/missions/cph", "application/json", `{"status": "planned"}`, true)
			bob.do("PATCH", "/api/v1/meetings/"+id(planned.ID), "application/json", `{"status": "planned"}`, true)
			bob.do("POST", "/missions/cph", formType, body.Encode(), false)
			if _, page := bob.get("/missions/cph"); !strings.Contains(page, "one meeting of its programme that was yet to be held is cancelled") {
				t.Errorf("the page does not say one meeting was cancelled")
			}
			bob.do("POST", "/lang", formType, "lang=fr", false)
			bob.do("PATCH", "/api/v1/missions/cph", "application/json", `{"status": "planned"}`, true)
			bob.do("POST", "/missions/cph", formType, body.Encode(), false)
			if _, page := bob.get("/missions/cph"); !strings.Contains(page, "aucun rendez-vous de son programme ne restait à annuler") {
				t.Errorf("the French page does not say that no meeting was left to cancel")
			}
		})
	}
}
