package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"passerelle/store"
)

// TestEventBookMeeting: at the desk of a published event the organiser books Ana and
// Carl at a time both are free: the meeting is planned there at a free table, pinned (a
// new schedule leaves it), and Ana is mailed it (Carl has no email). A time Ana is busy,
// a participant with herself, an unknown ref and the same two again are refused with
// the field named; a viewer and another workspace cannot book.
func TestEventBookMeeting(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) { testEventBookMeeting(t, db) })
	}
}

func testEventBookMeeting(t *testing.T, db *store.DB) {
	f := newReqEvent(t, db, withRequests(`{"from": "a", "to": "b", "status": "accepted"}`))
	alice, viewer, other := f.member(t, "alice"), f.member(t, "viewer"), f.member(t, "otheradmin")
	for _, step := range []string{"schedule", "publish"} {
		if res, body := alice.do("POST", "/events/"+f.eid+"/"+step, formType, "", false); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("%s: %d %s", step, res.StatusCode, body)
		}
	}
	paris, _ := time.LoadLocation("Europe/Paris")
	ms, err := f.svc.EventMeetings(f.ctx, f.r.Event.ID)
	must(t, err)
	if len(ms) != 1 {
		t.Fatalf("%d meetings scheduled", len(ms))
	}
	busy := ms[0].Meeting.Start.In(paris).Format("2006-01-02 15:04")
	free := "2030-03-12 09:00"
	if busy == free {
		free = "2030-03-12 09:30"
	}
	if _, body := alice.get("/events/" + f.eid); !strings.Contains(body, `id="event-book"`) {
		t.Errorf("the event's page offers no booking")
	} else if !strings.Contains(between(body, `id="row-c"`, "</tr>"), "<td>Germany</td>") {
		// Countries by name in the reader's language, not their code.
		t.Errorf("Carl's row: %s", between(body, `id="row-c"`, "</tr>"))
	}
	if res, body := alice.get("/events/" + f.eid + "/book"); res.StatusCode != http.StatusOK || !strings.Contains(body, `<option value="c">Carl (No Mail GmbH)</option>`) {
		t.Fatalf("the booking form: %d", res.StatusCode)
	}
	f.mailer.set(false)
	book := func(c *client, from, to, slot string) (int, string) {
		res, body := c.do("POST", "/events/"+f.eid+"/book", formType, url.Values{"from": {from}, "to": {to}, "slot": {slot}}.Encode(), false)
		return res.StatusCode, body
	}
	for _, tc := range []struct {
		from, to, slot string
		want           string
	}{
		{"a", "c", busy, "that time is not free"},
		{"a", "a", free, "cannot meet themselves"},
		{"a", "zz", free, "no participant with the ref zz takes part"},
		{"a", "c", "2030-03-12 09:10", "not a meeting time of the event"},
	} {
		if code, body := book(alice, tc.from, tc.to, tc.slot); code != http.StatusUnprocessableEntity || !strings.Contains(body, tc.want) {
			t.Errorf("%s–%s at %s: %d, want 422 with %q", tc.from, tc.to, tc.slot, code, tc.want)
		}
	}
	if code, _ := book(viewer, "a", "c", free); code != http.StatusForbidden {
		t.Errorf("a viewer books: %d", code)
	}
	if code, _ := book(other, "a", "c", free); code != http.StatusNotFound {
		t.Errorf("another workspace books: %d", code)
	}
	if ms, _ := f.svc.EventMeetings(f.ctx, f.r.Event.ID); len(ms) != 1 {
		t.Fatalf("refused bookings wrote meetings: %d", len(ms))
	}
	if code, body := book(alice, "a", "c", free); code != http.StatusSeeOther {
		t.Fatalf("booking Ana and Carl: %d %s", code, between(body, "<main", "</main>"))
	}
	sent, _ := f.mailer.set(false)
	if m := strings.Join(sent["ana@example.org"], "\n"); !strings.Contains(m, "Carl") || !strings.Contains(m, "09:") {
		t.Errorf("Ana's mail: %q", m)
	}
	if code, body := book(alice, "c", "a", free); code != http.StatusConflict || !strings.Contains(body, "have a meeting already") {
		t.Errorf("booking the two again: %d", code)
	}
	// A new schedule leaves the booked meeting where it is.
	if res, _ := alice.do("POST", "/events/"+f.eid+"/schedule", formType, "", false); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("schedule again: %d", res.StatusCode)
	}
	ms, err = f.svc.EventMeetings(f.ctx, f.r.Event.ID)
	must(t, err)
	found := false
	for _, m := range ms {
		if m.From == "a" && m.To == "c" && m.Pinned && m.Meeting.Start.In(paris).Format("2006-01-02 15:04") == free && m.Meeting.Status != "cancelled" {
			found = true
		}
	}
	if !found {
		t.Errorf("the booked meeting after a new schedule: %+v", ms)
	}
}
