package web_test

import (
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"

	"passerelle/interchange"
	"passerelle/store"
)

// TestEventWaitingAttacks keeps as a test the outsider's attacks on the waiting list's
// routes that the review found refused: a participant of another event of the same
// workspace and an anonymous client leave and rejoin nothing (404); a cross-site post
// with a participant's or a member's session is refused (403); the organiser's address
// takes no line break, second address or 400 characters (422, naming the field); a
// name with line breaks registers, and the organiser's notice keeps its subject on one
// line.
func TestEventWaitingAttacks(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) { testEventWaitingAttacks(t, db) })
	}
}

func testEventWaitingAttacks(t *testing.T, db *store.DB) {
	f := newReqEvent(t, db, requestMailEvent)
	imp, err := interchange.ReadEvent(strings.NewReader(`{"slug": "other-ev", "name": "Other", "time_zone": "Europe/Paris", "meeting_minutes": 30, "tables": 1,
 "days": [{"date": "2030-03-12", "start": "09:00", "end": "12:00"}], "participants": [{"ref": "x", "name": "Xavier", "email": "x@example.org"}]}`))
	must(t, err)
	other, err := f.svc.ImportEvent(f.ctx, imp)
	must(t, err)
	xavier := signInParticipant(t, f.svc, f.ctx, f.srv.URL, "/e/"+f.w.ws.Slug+"/other-ev", f.w.ws.ID, other.Event.ID, "x@example.org")
	anon := &client{t: t, base: f.srv.URL, http: &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	for _, c := range []struct {
		who string
		c   *client
	}{{"Xavier", xavier}, {"anonymous", anon}} {
		for _, path := range []string{f.base + "/leave", f.base + "/rejoin"} {
			if res, _ := c.c.do("POST", path, formType, "confirm=yes", false); res.StatusCode != http.StatusNotFound {
				t.Errorf("%s POST %s: %d, want 404", c.who, path, res.StatusCode)
			}
		}
	}
	ana, alice := f.participant(t, "ana@example.org", false), f.member(t, "alice")
	var anaID string
	ps, err := f.svc.EventParticipants(f.ctx, f.r.Event.ID)
	must(t, err)
	for _, p := range ps {
		if p.Ref == "a" {
			anaID = id(p.ID)
		}
	}
	for _, c := range []struct {
		c    *client
		path string
	}{{ana, f.base + "/leave"}, {ana, f.base + "/rejoin"}, {alice, "/events/" + f.eid + "/participants/" + anaID + "/admit"}} {
		req, _ := http.NewRequest("POST", f.srv.URL+c.path, strings.NewReader("confirm=yes"))
		req.Header.Set("Content-Type", formType)
		req.Header.Set("Sec-Fetch-Site", "cross-site")
		res, err := c.c.http.Do(req)
		must(t, err)
		res.Body.Close()
		if res.StatusCode != http.StatusForbidden {
			t.Errorf("cross-site POST %s: %d, want 403", c.path, res.StatusCode)
		}
	}
	if _, body := ana.get(f.base); strings.Contains(body, `id="participant-left"`) {
		t.Errorf("a cross-site post made Ana leave")
	}

	form := url.Values{"name": {"Request partnering"}, "slug": {"req-ev"}, "time_zone": {"Europe/Paris"}, "meeting_minutes": {"30"},
		"tables": {"2"}, "days": {"2030-03-12 09:00-12:00"}, "max_participants": {"-1"}}
	for _, bad := range []string{"orga@example.org\r\nBcc: evil@example.org", "orga@example.org\nBcc: evil@example.org",
		"orga@example.org, evil@example.org", "Orga <orga@example.org>", strings.Repeat("a", 400) + "@example.org"} {
		form.Set("notify_email", bad)
		if res, body := alice.do("POST", "/events/"+f.eid, formType, form.Encode(), false); res.StatusCode != http.StatusUnprocessableEntity ||
			!strings.Contains(body, "not an email address") {
			t.Errorf("the organiser's address %.40q: %d", bad, res.StatusCode)
		}
	}
	for _, n := range []string{"-1", "100001", "99999999999999999999", "1e3"} {
		form.Set("notify_email", "orga@example.org")
		form.Set("max_participants", n)
		if res, body := alice.do("POST", "/events/"+f.eid, formType, form.Encode(), false); res.StatusCode != http.StatusUnprocessableEntity ||
			!strings.Contains(body, "between 0 (no maximum) and 100000") {
			t.Errorf("a maximum of %s: %d", n, res.StatusCode)
		}
	}
	form.Set("max_participants", "3")
	if res, body := alice.do("POST", "/events/"+f.eid, formType, form.Encode(), false); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("saving the address: %d %s", res.StatusCode, body)
	}
	if res, _ := alice.do("POST", "/events/"+f.eid+"/registration", formType, "open=1", false); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("opening the registration: %d", res.StatusCode)
	}
	jar, _ := cookiejar.New(nil)
	dana := &client{t: t, base: f.srv.URL, http: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	reg := url.Values{"name": {"Dana\r\nBcc: evil@example.org"}, "email": {"dana@example.org"}, "organization": {"Dana\nGmbH"}, "country": {"DE"}}
	if res, _ := dana.do("POST", f.base+"/register", formType, reg.Encode(), false); res.StatusCode != http.StatusOK {
		t.Fatalf("registration: %d", res.StatusCode)
	}
	sent, _ := f.mailer.set(false)
	link := signinLink.FindString(strings.Join(sent["dana@example.org"], "\n"))
	if res, _ := dana.do("POST", link, formType, "", false); link == "" || res.StatusCode != http.StatusSeeOther {
		t.Fatalf("Dana's link %q: %d", link, res.StatusCode)
	}
	sent, _ = f.mailer.set(false)
	notice := strings.Join(sent["orga@example.org"], "\n")
	if subject, _, _ := strings.Cut(notice, "\n"); !strings.HasPrefix(subject, "Waiting list: Dana Bcc: evil@example.org (Dana GmbH, DE)") {
		t.Errorf("the organiser's notice: %q", notice)
	}
	if len(sent) != 1 {
		t.Errorf("mailed: %v", sent)
	}
}
