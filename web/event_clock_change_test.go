package web_test

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"passerelle/store"
)

// clockChangeEvent runs in Paris over the last Sunday of October 2027, when clocks go
// back from 03:00 CEST to 02:00 CET: Saturday in summer time, a night session across the
// change (hour-long meetings: 01:00, 02:00 CEST, 02:00 CET, 03:00), Monday in winter time.
const clockChangeEvent = `{"slug": "dst-ev", "name": "Night partnering", "time_zone": "Europe/Paris", "meeting_minutes": 60, "tables": 2,
 "days": [{"date": "2027-10-30", "start": "09:00", "end": "10:00"}, {"date": "2027-10-31", "start": "01:00", "end": "04:00"},
  {"date": "2027-11-01", "start": "09:00", "end": "10:00"}],
 "participants": [{"ref": "a", "name": "Ana Ruiz", "email": "ana@example.org"}, {"ref": "b", "name": "Ben Okafor", "email": "ben@example.org"}]}`

// TestParticipantClockChange: over a clock change, each slot of the availability form
// and of the free common slots is one of its own (the hour 02:00 comes twice and each is
// offered and saved as itself, with its UTC offset), the other days show their local
// times, and a mail naming a time of the repeated hour says which one.
func TestParticipantClockChange(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) { testParticipantClockChange(t, db) })
	}
}

func testParticipantClockChange(t *testing.T, db *store.DB) {
	f := newReqEvent(t, db, clockChangeEvent)
	ana := f.participant(t, "ana@example.org", false)
	_, page := ana.get(f.base)
	page = html.UnescapeString(page)
	values := regexp.MustCompile(`name="away" value="([^"]*)"`).FindAllStringSubmatch(page, -1)
	seen := map[string]bool{}
	for _, v := range values {
		seen[v[1]] = true
	}
	if len(values) != 6 || len(seen) != 6 {
		t.Fatalf("availability values: %q", values)
	}
	for _, want := range []string{"09:00–10:00", "01:00–02:00", "02:00–02:00 (UTC+02:00)", "02:00–03:00 (UTC+01:00)", "03:00–04:00"} {
		if !strings.Contains(page, want) {
			t.Errorf("the availability form lacks %s", want)
		}
	}
	// Ana ticks the second 02:00 (02:00 CET, 01:00 UTC): that is what is saved.
	second := values[3][1]
	if res, body := ana.do("POST", f.base+"/availability", formType, url.Values{"away": {second}}.Encode(), false); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("availability %q: %d %s", second, res.StatusCode, body)
	}
	ps, err := f.svc.EventParticipants(f.ctx, f.r.Event.ID)
	must(t, err)
	for _, p := range ps {
		if p.Ref == "a" && (len(p.Unavailable) != 1 || !p.Unavailable[0].Start.Equal(time.Date(2027, 10, 31, 1, 0, 0, 0, time.UTC))) {
			t.Errorf("Ana's unavailability after ticking %q: %v", second, p.Unavailable)
		}
	}
	// Ben asks Ana at the first 02:00 (CEST, 00:00 UTC), free for both.
	ben := f.participant(t, "ben@example.org", false)
	_, common := ben.get(f.base + "/common?with=a")
	slots := regexp.MustCompile(`name="slot" value="([^"]*)"`).FindAllStringSubmatch(html.UnescapeString(common), -1)
	if len(slots) != 5 { // all but the second 02:00, where Ana is unavailable
		t.Fatalf("free common slots: %q", slots)
	}
	// Each button's id is one word, its own: the two 02:00 differ by their offset.
	slotIDs := regexp.MustCompile(`id="(slot-[^"]*)"`).FindAllStringSubmatch(common, -1)
	ownID := map[string]bool{}
	for _, id := range slotIDs {
		if !regexp.MustCompile(`^slot-[0-9]{4}-[0-9]{2}-[0-9]{2}-[0-9]{4}(-[pm][0-9]{4})?$`).MatchString(id[1]) || ownID[id[1]] {
			t.Errorf("free common slot's id %q (ids %q)", id[1], slotIDs)
		}
		ownID[id[1]] = true
	}
	if len(ownID) != len(slots) {
		t.Errorf("%d ids for %d free common slots: %q", len(ownID), len(slots), slotIDs)
	}
	if res, body := ben.do("POST", f.base+"/requests", formType, url.Values{"to": {"a"}, "slot": {slots[2][1]}}.Encode(), false); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("request at %q: %d %s", slots[2][1], res.StatusCode, body)
	}
	rqs, _, err := f.svc.EventRequests(f.ctx, f.r.Event.ID)
	must(t, err)
	if len(rqs) != 1 || !rqs[0].Slot.Equal(time.Date(2027, 10, 31, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("request's slot: %+v", rqs)
	}
	sent, _ := f.mailer.set(false)
	if m := sent["ana@example.org"]; len(m) != 1 || !strings.Contains(m[0], "2027-10-31 02:00 (Europe/Paris, UTC+02:00)") {
		t.Errorf("Ana's mail: %q", m)
	}
}
