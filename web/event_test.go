package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	ics "github.com/arran4/golang-ical"

	"passerelle"
	"passerelle/interchange"
	"passerelle/store"
)

const webEvent = `{"slug": "web-ev", "name": "Web partnering", "time_zone": "Asia/Tokyo", "meeting_minutes": 30, "tables": 2,
 "days": [{"date": "2027-10-15", "start": "10:00", "end": "12:00", "breaks": [{"start": "11:00", "end": "11:30"}]}],
 "participants": [{"ref": "a", "name": "Aiko", "organization": {"name": "Kansai Bio", "country": "JP"}}, {"ref": "b", "name": "Jean"},
  {"ref": "c", "name": "Carla"}],
 "requests": [{"from": "a", "to": "b", "status": "accepted"}, {"from": "c", "to": "a", "status": "accepted"}, {"from": "b", "to": "c", "status": "accepted"}]}`

// TestEventPages: the organiser creates an event from the form (a bad day line named,
// nothing saved), schedules an imported one from its page, sees the meetings in the
// event's zone and what was not placed, publishes; a viewer reads but may not schedule;
// another workspace finds nothing; a participant's feed holds their meetings only.
func TestEventPages(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) { testEventPages(t, db) })
	}
}

func testEventPages(t *testing.T, db *store.DB) {
	w := newWorld(t, db)
	alice, viewer, other := w.client(t, "alice"), w.client(t, "viewer"), w.client(t, "otheradmin")
	form := url.Values{"name": {"Bio-Japan"}, "slug": {"bio-japan"}, "time_zone": {"Asia/Tokyo"}, "meeting_minutes": {"30"},
		"tables": {"3"}, "days": {"2027-10-15 10:00-17:00 12:30-13:30\n2027-10-16 10:00-09:00"}}
	res, body := alice.do("POST", "/events", formType, form.Encode(), false)
	if res.StatusCode != http.StatusUnprocessableEntity && res.StatusCode != http.StatusBadRequest || !strings.Contains(body, "days[1].end") {
		t.Fatalf("bad day: %d %s", res.StatusCode, regexp.MustCompile(`(?s)<main.*</main>`).FindString(body))
	}
	form.Set("days", "2027-10-15 10:00-17:00 12:30-13:30")
	res, _ = alice.do("POST", "/events", formType, form.Encode(), false)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("create: %d", res.StatusCode)
	}
	ctx := passerelle.NewContextWithActor(context.Background(), passerelle.SystemActor(w.ws.ID))
	svc := store.NewEventService(db)
	imp, err := interchange.ReadEvent(strings.NewReader(webEvent))
	must(t, err)
	r, err := svc.ImportEvent(ctx, imp)
	must(t, err)
	eid := id(r.Event.ID)
	if res, _ := viewer.do("POST", "/events/"+eid+"/schedule", formType, "", false); res.StatusCode != http.StatusForbidden {
		t.Errorf("viewer schedule: %d", res.StatusCode)
	}
	if res, _ := other.get("/events/" + eid); res.StatusCode != http.StatusNotFound {
		t.Errorf("other workspace: %d", res.StatusCode)
	}
	res, _ = alice.do("POST", "/events/"+eid+"/schedule", formType, "", false)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("schedule: %d", res.StatusCode)
	}
	_, body = viewer.get("/events/" + eid)
	// Three meetings among three people in three slots: each at its own time, 10:00,
	// 10:30 and 11:30 in Tokyo, none in the break.
	for _, want := range []string{"2027-10-15 10:00", "2027-10-15 10:30", "2027-10-15 11:30"} {
		if !strings.Contains(body, want) {
			t.Errorf("event page lacks a meeting at %s", want)
		}
	}
	if res, _ := alice.do("POST", "/events/"+eid+"/publish", formType, "", false); res.StatusCode != http.StatusSeeOther {
		t.Errorf("publish: %d", res.StatusCode)
	}
	// The floor staff's check-in: one tap marks a meeting held, and the statistics count it.
	res, body = alice.get("/events/" + eid + "/checkin?day=2027-10-15")
	mid := regexp.MustCompile(`id="held-(\d+)"`).FindStringSubmatch(body)
	if res.StatusCode != http.StatusOK || mid == nil {
		t.Fatalf("check-in: %d", res.StatusCode)
	}
	if res, _ := alice.do("POST", "/meetings/"+mid[1]+"/status", formType, url.Values{"status": {"held"}, "return": {"/events/" + eid + "/checkin"}}.Encode(), false); res.StatusCode != http.StatusSeeOther {
		t.Errorf("held: %d", res.StatusCode)
	}
	if _, body := viewer.get("/events/" + eid + "/checkin?day=2027-10-15"); strings.Contains(body, `id="held-`) {
		t.Errorf("a viewer gets the check-in taps")
	}
	res, body = viewer.get("/events/" + eid + "/stats")
	if res.StatusCode != http.StatusOK || !strings.Contains(body, "<svg") || !strings.Contains(body, "100 %") {
		t.Errorf("stats: %d", res.StatusCode)
	}
	if res, _ := viewer.get("/events/" + eid + "/export.xlsx"); res.StatusCode != http.StatusOK {
		t.Errorf("export: %d", res.StatusCode)
	}
	ps, err := svc.EventParticipants(ctx, r.Event.ID)
	must(t, err)
	res, body = other.get("/event-feeds/" + ps[0].FeedSecret + ".ics")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("feed: %d", res.StatusCode)
	}
	cal, err := ics.ParseCalendar(strings.NewReader(body))
	must(t, err)
	if n := len(cal.Events()); n != 2 {
		t.Errorf("a's feed has %d meetings, want 2", n)
	}
	for _, bad := range []string{"evf_nope.ics", ps[0].FeedSecret, "cal_x.ics"} {
		if res, _ := other.get("/event-feeds/" + bad); res.StatusCode != http.StatusNotFound {
			t.Errorf("feed %s: %d", bad, res.StatusCode)
		}
	}
}
