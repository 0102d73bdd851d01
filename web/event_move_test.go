package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"passerelle"
	"passerelle/interchange"
	"passerelle/store"
)

const moveEvent = `{"slug": "move-ev", "name": "Move partnering", "time_zone": "Asia/Tokyo", "meeting_minutes": 30, "tables": 2,
 "days": [{"date": "2027-10-15", "start": "10:00", "end": "12:30", "breaks": [{"start": "11:00", "end": "11:30"}]}],
 "participants": [{"ref": "a", "name": "Aiko", "email": "a@example.jp"}, {"ref": "b", "name": "Jean", "email": "b@example.fr"},
  {"ref": "c", "name": "Carla"}, {"ref": "d", "name": "Dora", "email": "d@example.org"}, {"ref": "e", "name": "Emil", "email": "e@example.org"}],
 "requests": [{"from": "a", "to": "b", "status": "accepted"}, {"from": "c", "to": "a", "status": "accepted"},
  {"from": "b", "to": "c", "status": "accepted"}, {"from": "d", "to": "e", "status": "accepted"}]}`

// mailedEvent is the start of an event test: the world served again with a mailer, alice,
// a viewer and another workspace's administrator on that server, and doc imported.
type mailedEvent struct {
	w                    *world
	mail                 *fakeMailer
	base                 string
	anon                 func() *client
	alice, viewer, other *client
	ctx                  context.Context
	svc                  *store.EventService
	r                    *store.EventImportResult
	eid                  string
}

func newMailedEvent(t *testing.T, db *store.DB, doc string) *mailedEvent {
	t.Helper()
	f := &mailedEvent{w: newWorld(t, db)}
	f.mail, f.base, f.anon = mailServer(t, db)
	f.alice, f.viewer, f.other = f.w.client(t, "alice"), f.w.client(t, "viewer"), f.w.client(t, "otheradmin")
	for _, c := range []*client{f.alice, f.viewer, f.other} {
		c.base = f.base
	}
	f.ctx = passerelle.NewContextWithActor(context.Background(), passerelle.SystemActor(f.w.ws.ID))
	f.svc = store.NewEventService(db)
	imp, err := interchange.ReadEvent(strings.NewReader(doc))
	must(t, err)
	f.r, err = f.svc.ImportEvent(f.ctx, imp)
	must(t, err)
	f.eid = id(f.r.Event.ID)
	return f
}

// TestEventMove: the organiser moves and pins meetings by hand. A taken table, a
// participant busy then, a time that is not a slot: refused with the reason, nothing
// changed. A move of a published event mails both participants and their feeds show it; a pinned meeting
// stays where it is when the schedule runs again. A viewer may not move, another
// workspace's administrator finds nothing.
func TestEventMove(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) { testEventMove(t, db) })
	}
}

func testEventMove(t *testing.T, db *store.DB) {
	f := newMailedEvent(t, db, moveEvent)
	mail, alice, viewer, other, ctx, svc, r, eid := f.mail, f.alice, f.viewer, f.other, f.ctx, f.svc, f.r, f.eid
	if res, _ := alice.do("POST", "/events/"+eid+"/schedule", formType, "", false); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("schedule: %d", res.StatusCode)
	}
	tokyo, _ := time.LoadLocation("Asia/Tokyo")
	meetings := func() map[string]*store.EventMeeting {
		ms, err := svc.EventMeetings(ctx, r.Event.ID)
		must(t, err)
		out := map[string]*store.EventMeeting{}
		for _, m := range ms {
			out[m.From+m.To] = m
		}
		return out
	}
	local := func(m *store.EventMeeting) string { return m.Meeting.Start.In(tokyo).Format("2006-01-02 15:04") }
	ms := meetings()
	used := map[string]bool{local(ms["ab"]): true, local(ms["ca"]): true, local(ms["bc"]): true}
	free := ""
	for _, s := range []string{"2027-10-15 10:00", "2027-10-15 10:30", "2027-10-15 11:30", "2027-10-15 12:00"} {
		if !used[s] {
			free = s
		}
	}
	move := func(c *client, m *store.EventMeeting, slot, table string, pinned bool) (*http.Response, string) {
		f := url.Values{"slot": {slot}, "table": {table}}
		if pinned {
			f.Set("pinned", "1")
		}
		return c.do("POST", "/events/"+eid+"/meetings/"+id(m.Meeting.ID)+"/move", formType, f.Encode(), false)
	}
	if res, body := alice.get("/events/" + eid + "/meetings/" + id(ms["de"].Meeting.ID) + "/move"); res.StatusCode != http.StatusOK || !strings.Contains(body, "move-slot") {
		t.Fatalf("move form: %d", res.StatusCode)
	}
	deTable := "1"
	if local(ms["de"]) == free && ms["de"].Meeting.Room == "1" {
		deTable = "2"
	}
	if res, _ := alice.do("POST", "/events/"+eid+"/publish", formType, "", false); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("publish: %d", res.StatusCode)
	}
	if res, _ := move(alice, ms["de"], free, deTable, true); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("move de: %d", res.StatusCode)
	}
	if !strings.Contains(mail.sent["d@example.org"], free) || !strings.Contains(mail.sent["e@example.org"], "Dora") {
		t.Errorf("mails of the move: %q", mail.sent)
	}
	abTable := map[string]string{"1": "2", "2": "1"}[deTable]
	for _, bad := range []struct{ slot, table, want string }{
		{free, deTable, "is taken at that time"},
		{local(ms["ca"]), abTable, "has another one at that time"},
		{"2027-10-15 11:00", abTable, "not a meeting time"},
		{strings.Repeat("9", 100000), abTable, "not a meeting time of the event: " + strings.Repeat("9", 39) + "…<"}, // cut where echoed
		{free, "99", "unknown table"},
	} {
		res, body := move(alice, ms["ab"], bad.slot, bad.table, false)
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, bad.want) {
			t.Errorf("move ab to %.40s %s: %d, want %q", bad.slot, bad.table, res.StatusCode, bad.want)
		}
	}
	if got := meetings()["ab"]; local(got) != local(ms["ab"]) || got.Meeting.Room != ms["ab"].Meeting.Room {
		t.Errorf("a refused move changed the meeting")
	}
	if res, _ := move(viewer, ms["ab"], free, abTable, false); res.StatusCode != http.StatusForbidden {
		t.Errorf("viewer moves: %d", res.StatusCode)
	}
	if res, _ := move(other, ms["ab"], free, abTable, false); res.StatusCode != http.StatusNotFound {
		t.Errorf("another workspace's administrator moves: %d", res.StatusCode)
	}
	if res, _ := move(alice, ms["ab"], free, abTable, false); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("move ab: %d", res.StatusCode)
	}
	// Aiko's feed shows the new time, with a higher sequence.
	ps, err := svc.EventParticipants(ctx, r.Event.ID)
	must(t, err)
	res, feed := other.get("/event-feeds/" + ps[0].FeedSecret + ".ics")
	utc, _ := time.ParseInLocation("2006-01-02 15:04", free, tokyo)
	if res.StatusCode != http.StatusOK || !strings.Contains(feed, utc.UTC().Format("20060102T150405Z")) || !strings.Contains(feed, "SEQUENCE:1") {
		t.Errorf("aiko's feed after the move: %d\n%s", res.StatusCode, feed)
	}
	// The schedule runs again: the pinned meeting stays.
	if res, _ := alice.do("POST", "/events/"+eid+"/schedule", formType, "", false); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("schedule again: %d", res.StatusCode)
	}
	if got := meetings()["de"]; local(got) != free || got.Meeting.Room != deTable || !got.Pinned {
		t.Errorf("pinned meeting after the schedule: %s %s pinned %v", local(got), got.Meeting.Room, got.Pinned)
	}
	if _, body := alice.get("/events/" + eid); !strings.Contains(body, `id="pinned-`+id(ms["de"].Meeting.ID)+`"`) {
		t.Errorf("the event page does not say the meeting is pinned")
	}
}

// TestEventMoveBeforePublication: until the schedule is published the participants have
// not seen their agendas, so a move by hand tells no one; after, it mails both.
func TestEventMoveBeforePublication(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) {
			f := newMailedEvent(t, db, `{"slug": "quiet-ev", "name": "Quiet", "time_zone": "Europe/Paris", "meeting_minutes": 30, "tables": 1,
 "days": [{"date": "2027-10-15", "start": "10:00", "end": "11:00"}],
 "participants": [{"ref": "a", "name": "Ana", "email": "a@example.org"}, {"ref": "b", "name": "Ben", "email": "b@example.org"}],
 "requests": [{"from": "a", "to": "b", "status": "accepted"}]}`)
			if res, _ := f.alice.do("POST", "/events/"+f.eid+"/schedule", formType, "", false); res.StatusCode != http.StatusSeeOther {
				t.Fatalf("schedule: %d", res.StatusCode)
			}
			paris, _ := time.LoadLocation("Europe/Paris")
			moveToOther := func() {
				ms, err := f.svc.EventMeetings(f.ctx, f.r.Event.ID)
				must(t, err)
				if len(ms) != 1 {
					t.Fatalf("%d meetings", len(ms))
				}
				slot := map[string]string{"10:00": "2027-10-15 10:30", "10:30": "2027-10-15 10:00"}[ms[0].Meeting.Start.In(paris).Format("15:04")]
				form := url.Values{"slot": {slot}, "table": {"1"}}
				if res, body := f.alice.do("POST", "/events/"+f.eid+"/meetings/"+id(ms[0].Meeting.ID)+"/move", formType, form.Encode(), false); res.StatusCode != http.StatusSeeOther {
					t.Fatalf("move to %s: %d %s", slot, res.StatusCode, body)
				}
			}
			moveToOther()
			if len(f.mail.sent) != 0 {
				t.Errorf("a move before publication mailed: %q", f.mail.sent)
			}
			if res, _ := f.alice.do("POST", "/events/"+f.eid+"/publish", formType, "", false); res.StatusCode != http.StatusSeeOther {
				t.Fatalf("publish: %d", res.StatusCode)
			}
			clear(f.mail.sent)
			moveToOther()
			if f.mail.sent["a@example.org"] == "" || f.mail.sent["b@example.org"] == "" {
				t.Errorf("a move after publication did not mail both: %q", f.mail.sent)
			}
		})
	}
}
