package web_test

import (
	"context"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"passerelle"
	"passerelle/events"
	"passerelle/interchange"
	"passerelle/store"
	"passerelle/web"
)

// TestParticipantCancelNotifiesOrganiser: a participant who cancels a meeting of the
// published agenda has the event's notify address told who cancelled, with whom, when
// (in the event's time zone) and at which table, in the language the address was set
// in (French, then English), and the outbox page names the mail in words. The
// organiser's own cancellation tells no one; a participant of another event, of
// another workspace or no one signed in cancels nothing and mails no one.
func TestParticipantCancelNotifiesOrganiser(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) { testParticipantCancelNotifiesOrganiser(t, db) })
	}
}

func testParticipantCancelNotifiesOrganiser(t *testing.T, db *store.DB) {
	f := newReqEvent(t, db, withRequests(`{"from": "a", "to": "b", "status": "accepted"}, {"from": "c", "to": "a", "status": "accepted"},
		{"from": "b", "to": "c", "status": "accepted"}`))
	mailer, srv, ctx, svc, r, eid, base := f.mailer, f.srv, f.ctx, f.svc, f.r, f.eid, f.base
	alice := f.member(t, "alice")
	// The address is set on the event's form read in French: its mails are in French.
	setNotify := func(lang, email string) {
		t.Helper()
		u, _ := url.Parse(srv.URL)
		alice.http.Jar.SetCookies(u, []*http.Cookie{{Name: "lang", Value: lang, Path: "/"}})
		form := url.Values{"name": {"Request partnering"}, "slug": {"req-ev"}, "time_zone": {"Europe/Paris"}, "meeting_minutes": {"30"},
			"tables": {"2"}, "days": {"2030-03-12 09:00-12:00"}, "notify_email": {email}}
		if res, body := alice.do("POST", "/events/"+eid, formType, form.Encode(), false); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("saving the address: %d %s", res.StatusCode, body)
		}
	}
	setNotify("fr", "orga@example.org")
	for _, step := range []string{"/schedule", "/publish"} {
		if res, body := alice.do("POST", "/events/"+eid+step, formType, "", false); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("%s: %d %s", step, res.StatusCode, body)
		}
	}
	sender := web.NewEventMail(db, mailer, srv.URL, slog.New(slog.DiscardHandler))
	if _, err := sender.SendDue(context.Background()); err != nil { // the agendas
		t.Fatal(err)
	}
	mailer.set(false)
	ms, err := svc.EventMeetings(ctx, r.Event.ID)
	must(t, err)
	meeting := map[string]*store.EventMeeting{}
	for _, m := range ms {
		meeting[m.From+">"+m.To] = m
	}
	if len(meeting) != 3 {
		t.Fatalf("%d meetings placed, want 3", len(meeting))
	}
	zone := r.Event.Zone()
	at := func(m *store.EventMeeting) string {
		return m.Meeting.Start.In(zone).Format("2006-01-02 15:04") + "–" + m.Meeting.End.In(zone).Format("15:04") + " (Europe/Paris)"
	}
	cancel := func(c *client, on, mid string) int {
		t.Helper()
		res, _ := c.do("POST", on+"/meetings/"+mid+"/cancel", formType, "", false)
		return res.StatusCode
	}

	// Outsiders first: a participant of another event of the workspace, one of another
	// workspace's event (the same email as Ana), and no one signed in.
	imp, err := interchange.ReadEvent(strings.NewReader(`{"slug": "other-ev", "name": "Other", "time_zone": "Europe/Paris", "meeting_minutes": 30, "tables": 1,
 "days": [{"date": "2030-03-12", "start": "09:00", "end": "12:00"}], "participants": [{"ref": "x", "name": "Xavier", "email": "x@example.org"}]}`))
	must(t, err)
	other, err := svc.ImportEvent(ctx, imp)
	must(t, err)
	xavier := signInParticipant(t, svc, ctx, srv.URL, "/e/"+f.w.ws.Slug+"/other-ev", f.w.ws.ID, other.Event.ID, "x@example.org")
	ows, err := store.NewWorkspaceService(db).FindWorkspaceBySlug(context.Background(), "other")
	must(t, err)
	otherWS := ows.ID
	octx := passerelle.NewContextWithActor(context.Background(), passerelle.SystemActor(otherWS))
	imp, err = interchange.ReadEvent(strings.NewReader(`{"slug": "req-ev", "name": "Their partnering", "time_zone": "Europe/Paris", "meeting_minutes": 30, "tables": 1,
 "days": [{"date": "2030-03-12", "start": "09:00", "end": "12:00"}], "participants": [{"ref": "a", "name": "Ana Elsewhere", "email": "ana@example.org"}]}`))
	must(t, err)
	theirs, err := svc.ImportEvent(octx, imp)
	must(t, err)
	// Both published, so that only the meeting's owner stands between them and it.
	for _, ev := range []struct {
		ctx context.Context
		e   *passerelle.Event
	}{{ctx, other.Event}, {octx, theirs.Event}} {
		_, err := events.Schedule(ev.ctx, svc, ev.e.Slug, events.ScheduleOptions{TimeLimit: time.Second}, nil)
		must(t, err)
		must(t, svc.PublishEvent(ev.ctx, ev.e.ID))
	}
	anaThere := signInParticipant(t, svc, octx, srv.URL, "/e/other/req-ev", otherWS, theirs.Event.ID, "ana@example.org")
	anon := &client{t: t, base: srv.URL, http: &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	ab := id(meeting["a>b"].Meeting.ID)
	for _, c := range []struct {
		who string
		c   *client
		on  string
	}{{"Xavier on his event", xavier, "/e/" + f.w.ws.Slug + "/other-ev"}, {"Xavier on Ana's event", xavier, base},
		{"Ana of the other workspace on hers", anaThere, "/e/other/req-ev"}, {"Ana of the other workspace on this one", anaThere, base},
		{"no one", anon, base}} {
		if code := cancel(c.c, c.on, ab); code != http.StatusNotFound {
			t.Errorf("%s cancelling Ana and Ben's meeting: %d, want 404", c.who, code)
		}
	}
	if sent, _ := mailer.set(false); len(sent) != 0 {
		t.Errorf("outsiders' posts mailed %v", sent)
	}

	// Ana cancels her meeting with Ben: Ben and the organiser (in French) are told.
	ana := f.participant(t, "ana@example.org", false)
	if code := cancel(ana, base, ab); code != http.StatusSeeOther {
		t.Fatalf("Ana cancelling: %d", code)
	}
	sent, _ := mailer.set(false)
	if len(sent["orga@example.org"]) != 1 || len(sent["ben@example.org"]) != 1 || len(sent) != 2 {
		t.Fatalf("mailed %v, want Ben and the organiser once", sent)
	}
	want := "À Request partnering, Ana Ruiz (Ana Labs, ES) a annulé son rendez-vous avec Ben Okafor du " + at(meeting["a>b"]) + ", table " +
		meeting["a>b"].Meeting.Room + " : cette table restera vide à cet horaire."
	if got := sent["orga@example.org"][0]; !strings.HasPrefix(got, "Rendez-vous annulé : Ana Ruiz avec Ben Okafor – Request partnering\n") ||
		!strings.Contains(got, want) || !strings.Contains(got, srv.URL+"/events/"+eid) {
		t.Errorf("the organiser's notice:\n%s\nwant %q", got, want)
	}
	// A second cancel is refused and tells no one again.
	if code := cancel(ana, base, ab); code != http.StatusConflict {
		t.Errorf("a second cancel: %d", code)
	}
	ben := f.participant(t, "ben@example.org", false)
	if code := cancel(ben, base, ab); code != http.StatusConflict {
		t.Errorf("the other side cancelling it again: %d", code)
	}

	// The organiser cancels Ben and Carl's meeting from the meeting's page: they know.
	bc := id(meeting["b>c"].Meeting.ID)
	if res, body := alice.do("POST", "/meetings/"+bc+"/status", formType, "status=cancelled", false); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("the organiser's cancel: %d %s", res.StatusCode, body)
	}
	if code := cancel(ben, base, bc); code != http.StatusConflict {
		t.Errorf("cancelling the organiser's cancelled meeting: %d", code)
	}
	if sent, _ := mailer.set(false); len(sent) != 0 {
		t.Errorf("after the organiser's cancel and the refused ones: mailed %v", sent)
	}

	// Set again in English: Ana's meeting with Carl (no email) tells the organiser in English.
	setNotify("en", "desk@example.org")
	if code := cancel(ana, base, id(meeting["c>a"].Meeting.ID)); code != http.StatusSeeOther {
		t.Fatalf("Ana cancelling with Carl: %d", code)
	}
	sent, _ = mailer.set(false)
	want = "At Request partnering, Ana Ruiz (Ana Labs, ES) cancelled their meeting with Carl (No Mail GmbH) on " + at(meeting["c>a"]) + ", table " +
		meeting["c>a"].Meeting.Room + ": that table will stand empty then."
	if got := strings.Join(sent["desk@example.org"], ""); !strings.HasPrefix(got, "Meeting cancelled: Ana Ruiz with Carl – Request partnering\n") || !strings.Contains(got, want) {
		t.Errorf("the organiser's notice in English:\n%s\nwant %q", got, want)
	}
	if len(sent) != 1 {
		t.Errorf("mailed %v, want the organiser's address alone (Carl has no email)", sent)
	}

	// The outbox page names the notice in the reader's words.
	if res, body := f.member(t, "coord").get("/outbox"); res.StatusCode != http.StatusOK || !strings.Contains(body, "Meeting cancelled by a participant (to the organiser)") {
		t.Errorf("the outbox page does not name the notice: %d", res.StatusCode)
	}
}
