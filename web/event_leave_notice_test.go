package web_test

import (
	"context"
	"log/slog"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"testing"

	"passerelle/store"
	"passerelle/web"
)

const leaveNoticeEvent = `{"slug": "leave-ev", "name": "Leave partnering", "time_zone": "Europe/Paris", "meeting_minutes": 30, "tables": 2,
 "days": [{"date": "2030-03-12", "start": "09:00", "end": "12:00"}],
 "participants": [{"ref": "a", "name": "Ana Ruiz", "email": "ana@example.org", "organization": {"name": "Ana Labs", "country": "ES"}},
  {"ref": "b", "name": "Ben Okafor", "email": "ben@example.org"},
  {"ref": "c", "name": "Carl", "organization": {"name": "No Mail GmbH", "country": "DE"}},
  {"ref": "d", "name": "Dan Vole", "email": "dan@example.org", "organization": {"name": "Dan GmbH", "country": "DE"}},
  {"ref": "e", "name": "Eve", "email": "eve@example.org"}],
 "requests": [{"from": "a", "to": "b", "status": "accepted"}, {"from": "c", "to": "a", "status": "accepted"},
  {"from": "a", "to": "d", "status": "accepted"}, {"from": "e", "to": "b", "status": "accepted"}, {"from": "e", "to": "c", "status": "accepted"}]}`

// TestLeaveNoticeMeetings: the organiser's notice of a withdrawal lists the meetings
// the leaving cancelled, by time, each with its time in the event's zone, its table and
// the other side (name and organisation), in the language the address was set in: Ana,
// with two standing meetings and one Ben cancelled before, has exactly the two listed
// (French); Eve's two are listed in English; Ben, whose meetings are all gone by then,
// has none listed and the notice says so.
func TestLeaveNoticeMeetings(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) { testLeaveNoticeMeetings(t, db) })
	}
}

func testLeaveNoticeMeetings(t *testing.T, db *store.DB) {
	f := newReqEvent(t, db, leaveNoticeEvent)
	mailer, srv, ctx, svc, r, eid, base := f.mailer, f.srv, f.ctx, f.svc, f.r, f.eid, f.base
	alice := f.member(t, "alice")
	setNotify := func(lang, email string) {
		t.Helper()
		u, _ := url.Parse(srv.URL)
		alice.http.Jar.SetCookies(u, []*http.Cookie{{Name: "lang", Value: lang, Path: "/"}})
		form := url.Values{"name": {"Leave partnering"}, "slug": {"leave-ev"}, "time_zone": {"Europe/Paris"}, "meeting_minutes": {"30"},
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
	if len(meeting) != 5 {
		t.Fatalf("%d meetings placed, want 5", len(meeting))
	}
	zone := r.Event.Zone()
	// lines are the notice's lines for these meetings, by time then table, line being
	// the line's words in the notice's language around (time, table, with whom).
	lines := func(line func(at, table, with string) string, with map[string]string, keys ...string) string {
		sort.Slice(keys, func(i, j int) bool {
			a, b := meeting[keys[i]].Meeting, meeting[keys[j]].Meeting
			if !a.Start.Equal(b.Start) {
				return a.Start.Before(b.Start)
			}
			return a.Room < b.Room
		})
		var out []string
		for _, k := range keys {
			m := meeting[k].Meeting
			if m.Room == "" {
				t.Fatalf("meeting %s has no table", k)
			}
			at := m.Start.In(zone).Format("2006-01-02 15:04") + "–" + m.End.In(zone).Format("15:04") + " (Europe/Paris)"
			out = append(out, line(at, m.Room, with[k]))
		}
		return strings.Join(out, "\n")
	}
	leave := func(email string) map[string][]string {
		t.Helper()
		c := f.participant(t, email, false)
		if res, body := c.do("POST", base+"/leave", formType, "confirm=yes", false); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("%s leaving: %d %s", email, res.StatusCode, body)
		}
		sent, _ := mailer.set(false)
		return sent
	}

	// Ben cancels his meeting with Ana first: it is no longer Ana's to cancel.
	ben := f.participant(t, "ben@example.org", false)
	if res, _ := ben.do("POST", base+"/meetings/"+id(meeting["a>b"].Meeting.ID)+"/cancel", formType, "", false); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("Ben cancelling: %d", res.StatusCode)
	}
	mailer.set(false)

	// Ana leaves: the notice, in French, lists her meetings with Carl and Dan, not Ben's.
	sent := leave("ana@example.org")
	if len(sent["orga@example.org"]) != 1 {
		t.Fatalf("mailed %v, want the organiser once", sent)
	}
	fr := func(at, table, with string) string { return "- " + at + ", table " + table + " : avec " + with }
	want := "Ana Ruiz (Ana Labs, ES) s’est retiré de Leave partnering. 2 rendez-vous à venir ont été annulés :\n" +
		lines(fr, map[string]string{"c>a": "Carl (No Mail GmbH)", "a>d": "Dan Vole (Dan GmbH)"}, "c>a", "a>d") + "\n\n"
	got := sent["orga@example.org"][0]
	if !strings.HasPrefix(got, "Retrait : Ana Ruiz (Ana Labs, ES) – Leave partnering\n") || !strings.Contains(got, want) ||
		strings.Contains(got, "Ben Okafor") || !strings.Contains(got, srv.URL+"/events/"+eid) {
		t.Errorf("Ana's withdrawal:\n%s\nwant\n%s", got, want)
	}

	// Set again in English: Eve's meetings with Ben and Carl, listed in English.
	setNotify("en", "desk@example.org")
	sent = leave("eve@example.org")
	en := func(at, table, with string) string { return "- " + at + ", table " + table + ": with " + with }
	want = "Eve has left Leave partnering. 2 meetings still to come were cancelled:\n" +
		lines(en, map[string]string{"e>b": "Ben Okafor", "e>c": "Carl (No Mail GmbH)"}, "e>b", "e>c") + "\n\n"
	if got := strings.Join(sent["desk@example.org"], ""); !strings.HasPrefix(got, "Withdrawal: Eve – Leave partnering\n") || !strings.Contains(got, want) {
		t.Errorf("Eve's withdrawal:\n%s\nwant\n%s", got, want)
	}

	// Ben's meetings were all cancelled by the others: none listed.
	sent = leave("ben@example.org")
	want = "Ben Okafor has left Leave partnering. They had no meeting still to come.\n\n"
	if got := strings.Join(sent["desk@example.org"], ""); !strings.Contains(got, want) || strings.Contains(got, "- ") {
		t.Errorf("Ben's withdrawal:\n%s\nwant %q", got, want)
	}
}
