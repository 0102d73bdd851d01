package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"passerelle"
	"passerelle/store"
)

// TestEventMeetingKeepsItsPlace: a partnering event's meeting is moved only on the
// event's schedule (its move form checks the slots, the table plan and both sides, and
// mails them). The generic meeting form and the API's PATCH used to change its time and
// table without any of that; now they refuse (409, pointing to the event's move form)
// and change nothing, while its title, status, outcome and notes stay editable there.
// Neither the meeting's page nor its form offers the time and place fields.
func TestEventMeetingKeepsItsPlace(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) {
			f := newMailedEvent(t, db, `{"slug": "keep-ev", "name": "Keep partnering", "time_zone": "Europe/Paris", "meeting_minutes": 30, "tables": 2,
 "location": "Palais des congrès", "days": [{"date": "2027-10-15", "start": "10:00", "end": "11:00"}],
 "participants": [{"ref": "a", "name": "Ana", "email": "a@example.org"}, {"ref": "b", "name": "Ben", "email": "b@example.org"}],
 "requests": [{"from": "a", "to": "b", "status": "accepted"}]}`)
			alice := f.alice
			for _, step := range []string{"schedule", "publish"} {
				if res, _ := alice.do("POST", "/events/"+f.eid+"/"+step, formType, "", false); res.StatusCode != http.StatusSeeOther {
					t.Fatalf("%s: %d", step, res.StatusCode)
				}
			}
			clear(f.mail.sent)
			ems, err := f.svc.EventMeetings(f.ctx, f.r.Event.ID)
			must(t, err)
			if len(ems) != 1 {
				t.Fatalf("%d meetings", len(ems))
			}
			mid := id(ems[0].Meeting.ID)
			ms := store.NewMeetingService(db)
			stored := func() *passerelle.Meeting {
				m, err := ms.FindMeetingByID(f.ctx, ems[0].Meeting.ID)
				must(t, err)
				return m
			}
			was := stored()
			movePath := "/events/" + f.eid + "/meetings/" + mid + "/move"

			// The pages offer no field of the time and place, and link to the move form.
			_, page := alice.get("/meetings/" + mid)
			_, form := alice.get("/meetings/" + mid + "/edit")
			for _, field := range []string{`name="date"`, `name="from"`, `name="to"`, `name="end_date"`, `name="time_zone"`,
				`name="location"`, `name="room"`, `name="video_url"`} {
				if strings.Contains(form, field) {
					t.Errorf("the form of an event's meeting offers %s", field)
				}
			}
			for what, body := range map[string]string{"page": page, "form": form} {
				if !strings.Contains(body, `href="`+movePath+`"`) {
					t.Errorf("the meeting's %s does not link to the event's move form", what)
				}
			}

			// The form as the page sends it: title, status and outcome change, the place stays.
			paris, _ := time.LoadLocation("Europe/Paris")
			other := was.Start.In(paris).Add(30 * time.Minute)
			if other.Hour() >= 11 {
				other = was.Start.In(paris).Add(-30 * time.Minute)
			}
			base := url.Values{"title": {"Ana and Ben, renamed"}, "status": {"confirmed"}, "outcome": {"further_talks"},
				"visibility": {"shared"}, "attendees": {""}}
			for _, oid := range was.OrganizationIDs {
				base.Add("organization_ids", id(oid))
			}
			if res, body := alice.do("POST", "/meetings/"+mid, formType, base.Encode(), false); res.StatusCode != http.StatusSeeOther {
				t.Errorf("the form as the page sends it: %d %.300s", res.StatusCode, body)
			}
			m := stored()
			if m.Title != "Ana and Ben, renamed" || m.Status != passerelle.MeetingConfirmed || m.Outcome != passerelle.OutcomeFurtherTalks {
				t.Errorf("after the form: %q %s %s", m.Title, m.Status, m.Outcome)
			}
			if !m.Start.Equal(was.Start) || !m.End.Equal(was.End) || m.Room != was.Room || m.Location != was.Location || m.TimeZone != was.TimeZone {
				t.Errorf("the form moved the meeting: %v %q %q, was %v %q %q", m.Start, m.Room, m.Location, was.Start, was.Room, was.Location)
			}

			// A form that sends another time or place anyway, and the API's PATCH: refused.
			with := func(kv ...string) string {
				v := url.Values{}
				for k, x := range base {
					v[k] = x
				}
				for i := 0; i < len(kv); i += 2 {
					v.Set(kv[i], kv[i+1])
				}
				return v.Encode()
			}
			room := map[string]string{"1": "2", "2": "1"}[was.Room]
			for _, tc := range []struct {
				name, method, path, ctype, body string
				api                             bool
			}{
				{"form, another time", "POST", "/meetings/" + mid, formType, with("date", other.Format(time.DateOnly), "from", other.Format("15:04"),
					"to", other.Add(30*time.Minute).Format("15:04"), "time_zone", "Europe/Paris"), false},
				{"form, another table", "POST", "/meetings/" + mid, formType, with("room", room), false},
				{"form, another place", "POST", "/meetings/" + mid, formType, with("location", "Elsewhere"), false},
				{"API, another time", "PATCH", "/api/v1/meetings/" + mid, "application/json",
					`{"start": "` + other.Format(time.RFC3339) + `", "end": "` + other.Add(30*time.Minute).Format(time.RFC3339) + `"}`, true},
				{"API, another table", "PATCH", "/api/v1/meetings/" + mid, "application/json", `{"room": "` + room + `"}`, true},
				{"API, another zone", "PATCH", "/api/v1/meetings/" + mid, "application/json", `{"time_zone": "Asia/Tokyo"}`, true},
			} {
				res, body := alice.do(tc.method, tc.path, tc.ctype, tc.body, tc.api)
				if res.StatusCode != http.StatusConflict || !strings.Contains(body, movePath) {
					t.Errorf("%s: %d, want 409 naming %s\n%.600s", tc.name, res.StatusCode, movePath, body)
				}
			}
			// Nor is it deleted through the generic paths: it would leave the participants'
			// agendas without a word; cancelling is the way. Its page offers no delete.
			if _, body := alice.get("/meetings/" + mid); strings.Contains(body, `id="meeting-delete"`) {
				t.Error("the event meeting's page offers a delete")
			}
			for _, tc := range []struct {
				method, path string
				api          bool
			}{{"POST", "/meetings/" + mid + "/delete", false}, {"DELETE", "/api/v1/meetings/" + mid, true}} {
				if res, body := alice.do(tc.method, tc.path, formType, "", tc.api); res.StatusCode != http.StatusConflict || !strings.Contains(body, "cancel it rather than delete it") {
					t.Errorf("%s %s: %d, want 409\n%.400s", tc.method, tc.path, res.StatusCode, body)
				}
			}
			if m := stored(); !m.Start.Equal(was.Start) || m.Room != was.Room || m.Location != was.Location || m.TimeZone != was.TimeZone {
				t.Errorf("a refused change moved the meeting: %v %q %q %s", m.Start, m.Room, m.Location, m.TimeZone)
			}

			// What stays allowed through the generic paths: notes and status.
			if res, body := alice.do("PATCH", "/api/v1/meetings/"+mid, "application/json", `{"notes": "met at the stand", "status": "held"}`, true); res.StatusCode != http.StatusOK {
				t.Errorf("API notes and status: %d %s", res.StatusCode, body)
			}
			if res, _ := alice.do("POST", "/meetings/"+mid+"/status", formType, "status=no_show", false); res.StatusCode != http.StatusSeeOther {
				t.Errorf("status tap: %d", res.StatusCode)
			}
			if m := stored(); m.Notes != "met at the stand" || m.Status != passerelle.MeetingNoShow {
				t.Errorf("after notes and status: %q %s", m.Notes, m.Status)
			}
			if len(f.mail.sent) != 0 {
				t.Errorf("the generic paths mailed: %q", f.mail.sent)
			}
			// The event's own move is still the way: it moves the meeting.
			if res, body := alice.do("POST", movePath, formType, url.Values{"slot": {other.Format("2006-01-02 15:04")}, "table": {was.Room}}.Encode(), false); res.StatusCode != http.StatusSeeOther {
				t.Errorf("the event's move: %d %.400s", res.StatusCode, body)
			}
			if m := stored(); !m.Start.Equal(other) {
				t.Errorf("after the event's move: %v, want %v", m.Start, other)
			}
		})
	}
}
