package web_test

import (
	"html"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"passerelle/interchange"
	"passerelle/store"
)

// TestParticipantAvailability: a participant ticks the times they cannot meet; the
// ticked slots are saved as periods (adjacent ones joined), shown ticked again, and the
// schedule leaves them free. A time that is no slot, and a slot of one of their
// meetings, are refused naming it, with nothing saved; an empty form clears them. The
// form saves only the signed-in participant's own: without a session it changes
// nothing.
func TestParticipantAvailability(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) { testParticipantAvailability(t, db) })
	}
}

func testParticipantAvailability(t *testing.T, db *store.DB) {
	f := newReqEvent(t, db, withRequests(`{"from": "a", "to": "b", "status": "accepted"}`))
	w, ctx, svc, r, base := f.w, f.ctx, f.svc, f.r, f.base
	ana, ben := f.participant(t, "ana@example.org", true), f.participant(t, "ben@example.org", true)
	paris, _ := time.LoadLocation("Europe/Paris")
	unavailable := func(ref string) string {
		t.Helper()
		ps, err := svc.EventParticipants(ctx, r.Event.ID)
		must(t, err)
		var out []string
		for _, p := range ps {
			if p.Ref == ref {
				for _, u := range p.Unavailable {
					out = append(out, u.Start.In(paris).Format("15:04")+"-"+u.End.In(paris).Format("15:04"))
				}
			}
		}
		return strings.Join(out, " ")
	}
	save := func(c *client, away ...string) (int, string) {
		t.Helper()
		res, body := c.do("POST", base+"/availability", formType, url.Values{"away": away}.Encode(), false)
		return res.StatusCode, html.UnescapeString(body)
	}
	day := "2030-03-12 "

	// Ben cannot meet before 11:00 nor at 11:30: the schedule puts his meeting at 11:00.
	if code, body := save(ben, day+"09:00", day+"09:30", day+"10:00", day+"10:30", day+"11:30"); code != http.StatusSeeOther {
		t.Fatalf("save: %d %s", code, body)
	}
	if got := unavailable("b"); got != "09:00-11:00 11:30-12:00" {
		t.Errorf("Ben's periods: %q", got)
	}
	if _, body := ben.get(base); !strings.Contains(body, `id="away-2030-03-12-0930" checked`) || strings.Contains(body, `id="away-2030-03-12-1100" checked`) {
		t.Error("Ben's page does not show his times ticked")
	}
	alice := w.client(t, "alice")
	if res, body := alice.do("POST", "/events/"+id(r.Event.ID)+"/schedule", formType, "", false); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("schedule: %d %s", res.StatusCode, body)
	}
	if res, body := alice.do("POST", "/events/"+id(r.Event.ID)+"/publish", formType, "", false); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("publish: %d %s", res.StatusCode, body)
	}
	// The organiser sees Ben's times and each one's requests and meetings.
	if _, body := alice.get("/events/" + id(r.Event.ID)); !strings.Contains(body, "Unavailable 2030-03-12 09:00–11:00") ||
		!strings.Contains(body, "Unavailable 2030-03-12 11:30–12:00") || !strings.Contains(body, `id="activity-b">sent 0 · received 1 · meetings 1`) {
		t.Errorf("the organiser's page does not show Ben's availability and activity: %s", regexp.MustCompile(`<td id="activity-b">[^/]*`).FindString(body))
	}
	ms, err := svc.EventMeetings(ctx, r.Event.ID)
	must(t, err)
	if len(ms) != 1 || ms[0].Meeting.Start.In(paris).Format("15:04") != "11:00" {
		t.Fatalf("the schedule did not keep Ben's times free: %d meetings", len(ms))
	}
	// Published: Ana may not mark the time of her meeting; the page shows it held.
	if _, body := ana.get(base); !strings.Contains(body, `id="away-2030-03-12-1100" disabled`) {
		t.Error("Ana's page lets her tick the time of her meeting")
	}
	for _, tc := range []struct {
		away []string
		want string
	}{
		{[]string{day + "09:00", day + "11:00"}, "you have a meeting at 2030-03-12 11:00"},
		{[]string{day + "09:10"}, "not a meeting time of the event: 2030-03-12 09:10"},
		{[]string{"soon"}, "not a meeting time of the event: soon"},
		{[]string{"2030-03-13 09:00"}, "not a meeting time of the event: 2030-03-13 09:00"},
		{[]string{strings.Repeat("9", 5000)}, "not a meeting time of the event: " + strings.Repeat("9", 39) + "…<"}, // cut where echoed
	} {
		if code, body := save(ana, tc.away...); code != http.StatusUnprocessableEntity || !strings.Contains(body, tc.want) {
			t.Errorf("away %.60v: %d, want 422 with %q", tc.away, code, tc.want)
		}
		if got := unavailable("a"); got != "" {
			t.Errorf("away %v refused, yet saved: %q", tc.away, got)
		}
	}
	// Without a session: nothing changes.
	jar, _ := cookiejar.New(nil)
	anon := &client{t: t, base: w.srv.URL, http: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	if code, _ := save(anon, day+"09:00"); code == http.StatusSeeOther && unavailable("a") != "" {
		t.Error("an anonymous form changed someone's availability")
	}
	if got := unavailable("a") + unavailable("b"); got != "09:00-11:00 11:30-12:00" {
		t.Errorf("after an anonymous post: %q", got)
	}
	// Ana's session on another event's page (same workspace): not hers, nothing saved.
	imp2, err := interchange.ReadEvent(strings.NewReader(strings.Replace(requestMailEvent, `"slug": "req-ev"`, `"slug": "req-ev2"`, 1)))
	must(t, err)
	r2, err := svc.ImportEvent(ctx, imp2)
	must(t, err)
	res, _ := ana.do("POST", "/e/"+w.ws.Slug+"/req-ev2/availability", formType, url.Values{"away": {day + "09:00"}}.Encode(), false)
	if res.StatusCode == http.StatusSeeOther && strings.Contains(res.Header.Get("Location"), "#availability") {
		t.Errorf("Ana saved availability on another event: %d", res.StatusCode)
	}
	ps2, err := svc.EventParticipants(ctx, r2.Event.ID)
	must(t, err)
	for _, p := range ps2 {
		if len(p.Unavailable) != 0 {
			t.Errorf("another event's %s got periods: %v", p.Ref, p.Unavailable)
		}
	}
	// The history keeps who changed when they can meet.
	if _, body := w.client(t, "coord").get("/audit"); !strings.Contains(body, "Ben Okafor: availability") || !strings.Contains(body, "2030-03-12 09:00–11:00; 2030-03-12 11:30–12:00") {
		t.Error("the audit log does not keep Ben's availability")
	}
	// An empty form clears Ben's.
	if code, _ := save(ben); code != http.StatusSeeOther || unavailable("b") != "" {
		t.Errorf("clearing: %d, left %q", code, unavailable("b"))
	}
}
