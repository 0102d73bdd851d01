package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"passerelle/interchange"
	"passerelle/store"
)

// TestParticipantRoutesAttacks keeps as a test the outsider's attacks on the
// participant's new routes (availability, cancel, withdraw) and the organiser's
// message, which the review found refused: a participant of another event of the same
// workspace and an anonymous client reach nothing (404) and change nothing; a
// cross-site post with a participant's session is refused (403); 100,000 unavailable
// times or a 10 MB message are refused before they are read (413), a message over
// 10,000 characters by its rule (422); a viewer member cannot write to the
// participants (403).
func TestParticipantRoutesAttacks(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) { testParticipantRoutesAttacks(t, db) })
	}
}

func testParticipantRoutesAttacks(t *testing.T, db *store.DB) {
	f := newReqEvent(t, db, withRequests(`{"from": "a", "to": "b", "status": "pending"}`))
	imp, err := interchange.ReadEvent(strings.NewReader(`{"slug": "other-ev", "name": "Other", "time_zone": "Europe/Paris", "meeting_minutes": 30, "tables": 1,
 "days": [{"date": "2030-03-12", "start": "09:00", "end": "12:00"}], "participants": [{"ref": "x", "name": "Xavier", "email": "x@example.org"}]}`))
	must(t, err)
	other, err := f.svc.ImportEvent(f.ctx, imp)
	must(t, err)
	xavier := signInParticipant(t, f.svc, f.ctx, f.srv.URL, "/e/"+f.w.ws.Slug+"/other-ev", f.w.ws.ID, other.Event.ID, "x@example.org")
	rqs, _, err := f.svc.EventRequests(f.ctx, f.r.Event.ID)
	must(t, err)
	rid := id(rqs[0].ID)
	anon := &client{t: t, base: f.srv.URL, http: &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	day := url.Values{"away": {"2030-03-12 09:00"}}.Encode()
	for _, c := range []struct {
		who  string
		c    *client
		path string
	}{
		{"Xavier", xavier, f.base + "/availability"},
		{"Xavier", xavier, f.base + "/requests/" + rid + "/withdraw"},
		{"Xavier", xavier, "/e/" + f.w.ws.Slug + "/other-ev/requests/" + rid + "/withdraw"},
		{"anonymous", anon, f.base + "/availability"},
		{"anonymous", anon, f.base + "/requests/" + rid + "/withdraw"},
		{"anonymous", anon, f.base + "/meetings/1/cancel"},
	} {
		if res, _ := c.c.do("POST", c.path, formType, day, false); res.StatusCode != http.StatusNotFound {
			t.Errorf("%s POST %s: %d, want 404", c.who, c.path, res.StatusCode)
		}
	}
	ana := f.participant(t, "ana@example.org", false)
	for _, path := range []string{f.base + "/availability", f.base + "/requests/" + rid + "/withdraw", f.base + "/meetings/1/cancel"} {
		req, _ := http.NewRequest("POST", f.srv.URL+path, strings.NewReader(day))
		req.Header.Set("Content-Type", formType)
		req.Header.Set("Sec-Fetch-Site", "cross-site")
		res, err := ana.http.Do(req)
		must(t, err)
		res.Body.Close()
		if res.StatusCode != http.StatusForbidden {
			t.Errorf("cross-site POST %s: %d, want 403", path, res.StatusCode)
		}
	}
	ps, err := f.svc.EventParticipants(f.ctx, f.r.Event.ID)
	must(t, err)
	for _, p := range ps {
		if len(p.Unavailable) != 0 {
			t.Errorf("%s's unavailability changed: %v", p.Ref, p.Unavailable)
		}
	}
	if rqs, _, _ := f.svc.EventRequests(f.ctx, f.r.Event.ID); rqs[0].Status != "pending" {
		t.Errorf("the request is %s", rqs[0].Status)
	}
	huge := strings.Repeat("away=2030-03-12+09%3A00&", 100000)
	if res, _ := ana.do("POST", f.base+"/availability", formType, huge, false); res.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("100,000 away values: %d, want 413", res.StatusCode)
	}
	big := url.Values{"to": {"b"}, "message": {strings.Repeat("x", 10<<20)}}.Encode()
	if res, _ := ana.do("POST", f.base+"/requests", formType, big, false); res.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("a 10 MB message: %d, want 413", res.StatusCode)
	}
	// A free common slot's value that is none is echoed cut to 40 characters.
	long := url.Values{"to": {"c"}, "slot": {strings.Repeat("9", 100000)}}.Encode()
	if res, body := ana.do("POST", f.base+"/requests", formType, long, false); res.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(body, "not a meeting time of the event: "+strings.Repeat("9", 39)+"…") || strings.Contains(body, strings.Repeat("9", 40)) {
		t.Errorf("a huge slot in a request: %d, echoed whole or not at all", res.StatusCode)
	}
	coord, viewer := f.member(t, "coord"), f.member(t, "viewer")
	if res, _ := coord.do("POST", "/events/"+f.eid+"/announce", formType, url.Values{"subject": {"Hi"}, "body": {strings.Repeat("x", 10<<20)}}.Encode(), true); res.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("a 10 MB announcement: %d, want 413", res.StatusCode)
	}
	if res, _ := coord.do("POST", "/events/"+f.eid+"/announce", formType, url.Values{"subject": {"Hi"}, "body": {strings.Repeat("é", 10001)}}.Encode(), true); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("an announcement of 10,001 characters: %d, want 422", res.StatusCode)
	}
	for _, m := range []string{"GET", "POST"} {
		if res, _ := viewer.do(m, "/events/"+f.eid+"/announce", formType, url.Values{"subject": {"Hi"}, "body": {"x"}}.Encode(), true); res.StatusCode != http.StatusForbidden {
			t.Errorf("a viewer's %s announce: %d, want 403", m, res.StatusCode)
		}
	}
	if st, err := f.svc.EventMailStatus(f.ctx, f.r.Event.ID); err != nil || st.Pending+st.Sent != 0 {
		t.Errorf("mails written: %+v %v", st, err)
	}
}
