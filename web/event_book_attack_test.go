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

// TestEventBookBothWays: Ana's request to Ben was cancelled, then Ben's to Ana accepted
// and scheduled. Booking the two by hand finds their meeting through Ben's request (409),
// instead of reviving Ana's and booking them a second meeting.
func TestEventBookBothWays(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) { testEventBookBothWays(t, db) })
	}
}

func testEventBookBothWays(t *testing.T, db *store.DB) {
	f := newReqEvent(t, db, requestMailEvent)
	alice := f.member(t, "alice")
	ids := map[string]int64{}
	ps, err := f.svc.EventParticipants(f.ctx, f.r.Event.ID)
	must(t, err)
	for _, p := range ps {
		ids[p.Ref] = p.ID
	}
	ws := f.w.ws.ID
	// Ana asks Ben and withdraws; Ben asks Ana, who accepts; the schedule places it.
	must(t, f.svc.SendRequest(f.ctx, ws, ids["a"], "b", "", ""))
	request := func(from, to string) int64 {
		rs, _, err := f.svc.EventRequests(f.ctx, f.r.Event.ID)
		must(t, err)
		for _, r := range rs {
			if r.FromID == ids[from] && r.ToID == ids[to] {
				return r.ID
			}
		}
		t.Fatalf("no request from %s to %s", from, to)
		return 0
	}
	must(t, f.svc.WithdrawRequest(f.ctx, ws, ids["a"], request("a", "b")))
	must(t, f.svc.SendRequest(f.ctx, ws, ids["b"], "a", "", ""))
	if _, _, err := f.svc.AnswerRequest(f.ctx, ws, ids["a"], request("b", "a"), true, false); err != nil {
		t.Fatal(err)
	}
	if res, body := alice.do("POST", "/events/"+f.eid+"/schedule", formType, "", false); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("schedule: %d %s", res.StatusCode, body)
	}
	ms, err := f.svc.EventMeetings(f.ctx, f.r.Event.ID)
	must(t, err)
	if len(ms) != 1 {
		t.Fatalf("%d meetings scheduled", len(ms))
	}
	slot := "2030-03-12 11:30"
	if paris, _ := time.LoadLocation("Europe/Paris"); ms[0].Meeting.Start.In(paris).Format("15:04") == "11:30" {
		slot = "2030-03-12 11:00"
	}
	res, body := alice.do("POST", "/events/"+f.eid+"/book", formType, url.Values{"from": {"a"}, "to": {"b"}, "slot": {slot}}.Encode(), false)
	if res.StatusCode != http.StatusConflict || !strings.Contains(body, "have a meeting already") {
		t.Errorf("booking Ana and Ben, who meet already: %d", res.StatusCode)
	}
	if ms, _ := f.svc.EventMeetings(f.ctx, f.r.Event.ID); len(ms) != 1 {
		t.Errorf("Ana and Ben have %d meetings", len(ms))
	}
}

// TestEventRestoreUnconfirmed: a registration whose email was never confirmed (a spam
// one, or someone else's address) is removed by the organiser: nobody is mailed, since
// the address was never shown to be theirs; Restore is then refused (409), as for one
// unconfirmed who was never removed, and mails nothing.
func TestEventRestoreUnconfirmed(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) { testEventRestoreUnconfirmed(t, db) })
	}
}

func testEventRestoreUnconfirmed(t *testing.T, db *store.DB) {
	f := newReqEvent(t, db, requestMailEvent)
	alice := f.member(t, "alice")
	for _, step := range []string{"schedule", "publish"} {
		if res, body := alice.do("POST", "/events/"+f.eid+"/"+step, formType, "", false); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("%s: %d %s", step, res.StatusCode, body)
		}
	}
	must(t, f.svc.SetRegistrationOpen(f.ctx, f.r.Event.ID, true))
	e, err := f.svc.FindEventByID(f.ctx, f.r.Event.ID)
	must(t, err)
	if _, err := f.svc.Register(context.Background(), e, &passerelle.EventParticipant{Name: "Eve Spam", Email: "victim@example.org",
		Organization: passerelle.EventOrg{Name: "Spam Ltd", Country: "DE"}}, "en", "192.0.2.66"); err != nil {
		t.Fatal(err)
	}
	var eve string
	ps, err := f.svc.EventParticipants(f.ctx, e.ID)
	must(t, err)
	for _, p := range ps {
		if p.Name == "Eve Spam" {
			eve = id(p.ID)
		}
	}
	f.mailer.set(false)
	if res, body := alice.do("POST", "/events/"+f.eid+"/participants/"+eve+"/remove", formType, "confirm=yes", false); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("removing Eve: %d %s", res.StatusCode, body)
	}
	if res, _ := alice.do("POST", "/events/"+f.eid+"/participants/"+eve+"/admit", formType, "", false); res.StatusCode != http.StatusConflict {
		t.Errorf("restoring Eve, unconfirmed: %d, want 409", res.StatusCode)
	}
	if sent, _ := f.mailer.set(false); len(sent["victim@example.org"]) > 0 {
		t.Errorf("the unconfirmed address was mailed: %q", sent["victim@example.org"])
	}
}

// virtualClockEvent is a virtual event (no tables, a video link) in the workspace of
// requestMailEvent, on the night Paris's clock goes back (02:00–03:00 comes twice).
const virtualClockEvent = `{"slug": "virt", "name": "Virtual partnering", "time_zone": "Europe/Paris", "meeting_minutes": 30, "tables": 0,
 "video_url": "https://video.example/room", "days": [{"date": "2030-10-27", "start": "01:00", "end": "04:00"}],
 "participants": [{"ref": "x", "name": "Xavier"}, {"ref": "y", "name": "Yara"}, {"ref": "z", "name": "Zoe"}, {"ref": "a", "name": "Another Ana"}]}`

// TestEventBookAttacks: what an outsider or a crafted form tries on the organiser's
// booking, each refused with nothing written: no session, a cross-site post, a viewer,
// another workspace, a participant of another event of the workspace (its ref in the
// form), one waiting, unconfirmed, gone or removed, a time that is no slot of the event,
// a huge value (echoed cut to 40 characters). And what must work: the refs are the path's event's (both events have
// an "a"), a virtual event's meetings go to video rooms each with its link, and the
// autumn's repeated hour is booked at the instant its offset names.
func TestEventBookAttacks(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) { testEventBookAttacks(t, db) })
	}
}

func testEventBookAttacks(t *testing.T, db *store.DB) {
	f := newReqEvent(t, db, requestMailEvent)
	alice, viewer, other := f.member(t, "alice"), f.member(t, "viewer"), f.member(t, "otheradmin")
	anon := &client{t: t, base: f.srv.URL, http: &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	imp, err := interchange.ReadEvent(strings.NewReader(virtualClockEvent))
	must(t, err)
	v, err := f.svc.ImportEvent(f.ctx, imp)
	must(t, err)
	vid := id(v.Event.ID)
	count := func(eventID int64) int {
		ms, err := f.svc.EventMeetings(f.ctx, eventID)
		must(t, err)
		return len(ms)
	}
	book := func(c *client, eid, from, to, slot string) (int, string) {
		res, body := c.do("POST", "/events/"+eid+"/book", formType, url.Values{"from": {from}, "to": {to}, "slot": {slot}}.Encode(), false)
		return res.StatusCode, body
	}
	free := "2030-03-12 09:00"

	// A waiting, an unconfirmed, a left and a removed participant.
	e, err := f.svc.FindEventByID(f.ctx, f.r.Event.ID)
	must(t, err)
	e.MaxParticipants = 3
	_, err = f.svc.SaveEvent(f.ctx, e, false)
	must(t, err)
	must(t, f.svc.SetRegistrationOpen(f.ctx, e.ID, true))
	register := func(name, email string, confirm bool) string {
		token, err := f.svc.Register(context.Background(), e, &passerelle.EventParticipant{Name: name, Email: email,
			Organization: passerelle.EventOrg{Name: name + " Ltd", Country: "DE"}}, "en", "192.0.2.9")
		must(t, err)
		if confirm {
			_, _, err := f.svc.Signin(context.Background(), token, false)
			must(t, err)
		}
		ps, err := f.svc.EventParticipants(f.ctx, e.ID)
		must(t, err)
		for _, p := range ps {
			if p.Name == name {
				return p.Ref
			}
		}
		t.Fatalf("no %s", name)
		return ""
	}
	waiting := register("Dana Wait", "dana@example.org", true)
	unconfirmed := register("Eve Unconfirmed", "eve@example.org", false)
	_, body := alice.get("/events/" + f.eid + "/book")
	for _, ref := range []string{waiting, unconfirmed} {
		if strings.Contains(body, `value="`+ref+`"`) {
			t.Errorf("the form offers %s", ref)
		}
	}
	for _, ref := range []string{waiting, unconfirmed, "x", "zz"} {
		if code, body := book(alice, f.eid, "a", ref, free); code != http.StatusUnprocessableEntity || !strings.Contains(body, "no participant with the ref") {
			t.Errorf("booking %s: %d", ref, code)
		}
	}
	for _, tc := range []struct {
		name string
		c    *client
		want int
	}{{"anonymous", anon, http.StatusUnauthorized}, {"viewer", viewer, http.StatusForbidden}, {"another workspace", other, http.StatusNotFound}} {
		if code, _ := book(tc.c, f.eid, "a", "b", free); code != tc.want {
			t.Errorf("%s books: %d, want %d", tc.name, code, tc.want)
		}
	}
	req, err := http.NewRequest("POST", f.srv.URL+"/events/"+f.eid+"/book", strings.NewReader(url.Values{"from": {"a"}, "to": {"b"}, "slot": {free}}.Encode()))
	must(t, err)
	req.Header.Set("Content-Type", formType)
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	req.Header.Set("Origin", "https://evil.example")
	if res, err := alice.http.Do(req); err != nil {
		t.Fatal(err)
	} else if res.Body.Close(); res.StatusCode != http.StatusForbidden {
		t.Errorf("a cross-site post: %d", res.StatusCode)
	}
	for _, slot := range []string{"2020-01-01 09:00", "2030-03-12 09:00 +09:00", "2030-03-12 09:00 +99:99", strings.Repeat("9", 100000)} {
		if code, _ := book(alice, f.eid, "a", "b", slot); code != http.StatusUnprocessableEntity {
			t.Errorf("slot %.40q: %d", slot, code)
		}
	}
	// A refused value is echoed cut to 40 characters: a hostile post does not fill the page.
	if _, body := book(alice, f.eid, "a", "b", strings.Repeat("9", 100000)); !strings.Contains(body, "not a meeting time of the event: "+strings.Repeat("9", 39)+"…") ||
		strings.Contains(body, strings.Repeat("9", 40)) {
		t.Errorf("a huge slot is echoed whole, or not at all: %d bytes", len(body))
	}
	if _, body := book(alice, f.eid, "a", strings.Repeat("z", 100000), free); !strings.Contains(body, "no participant with the ref "+strings.Repeat("z", 39)+"…") ||
		strings.Contains(body, strings.Repeat("z", 40)) {
		t.Errorf("a huge ref is echoed whole, or not at all: %d bytes", len(body))
	}
	if code, _ := book(alice, f.eid, strings.Repeat("a", 2<<20), "b", free); code != http.StatusRequestEntityTooLarge && code != http.StatusUnprocessableEntity {
		t.Errorf("a huge ref: %d", code)
	}
	if ben := f.participant(t, "ben@example.org", true); ben != nil {
		if res, _ := ben.do("POST", f.base+"/leave", formType, "confirm=yes", false); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("Ben leaves: %d", res.StatusCode)
		}
	}
	ids := map[string]string{}
	ps, err := f.svc.EventParticipants(f.ctx, e.ID)
	must(t, err)
	for _, p := range ps {
		ids[p.Ref] = id(p.ID)
	}
	if res, _ := alice.do("POST", "/events/"+f.eid+"/participants/"+ids["c"]+"/remove", formType, "confirm=yes", false); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("removing Carl: %d", res.StatusCode)
	}
	for _, ref := range []string{"b", "c"} {
		if code, _ := book(alice, f.eid, "a", ref, free); code != http.StatusUnprocessableEntity {
			t.Errorf("booking %s, gone: %d", ref, code)
		}
	}
	if n := count(e.ID); n != 0 {
		t.Fatalf("refused bookings wrote %d meetings", n)
	}

	// The virtual event: "a" is its own Ana; the repeated hour's second 02:00 (+01:00).
	_, body = alice.get("/events/" + vid + "/book")
	for _, want := range []string{`value="2030-10-27 02:00 &#43;02:00"`, `value="2030-10-27 02:00 &#43;01:00"`, `value="2030-10-27 01:30"`} {
		if !strings.Contains(body, want) {
			t.Errorf("the virtual event's form lacks %s", want)
		}
	}
	if code, body := book(alice, vid, "a", "x", "2030-10-27 02:00 +01:00"); code != http.StatusSeeOther {
		t.Fatalf("booking the virtual event's Ana: %d %s", code, between(body, "<main", "</main>"))
	}
	if code, _ := book(alice, vid, "y", "z", "2030-10-27 02:00 +01:00"); code != http.StatusSeeOther {
		t.Fatalf("booking Yara and Zoe: %d", code)
	}
	ms, err := f.svc.EventMeetings(f.ctx, v.Event.ID)
	must(t, err)
	rooms := map[string]bool{}
	for _, m := range ms {
		if got := m.Meeting.Start.UTC(); !got.Equal(time.Date(2030, 10, 27, 1, 0, 0, 0, time.UTC)) {
			t.Errorf("%s–%s at %s, want the second 02:00 (01:00 UTC)", m.From, m.To, got)
		}
		if !strings.HasPrefix(m.Meeting.VideoURL, "https://video.example/room/virt-") {
			t.Errorf("video link %q", m.Meeting.VideoURL)
		}
		rooms[m.Meeting.Room] = true
	}
	if len(ms) != 2 || !rooms["video 1"] || !rooms["video 2"] {
		t.Errorf("the virtual meetings: %d in %v", len(ms), rooms)
	}
	if n := count(e.ID); n != 0 {
		t.Errorf("the first event got %d meetings", n)
	}
}

// TestEventRemovedParticipantAttacks: another event's participant (same workspace) is
// neither removed nor restored through this event's path (404, nothing changed); one
// removed keeps their feed, which shows their meeting cancelled, and their page, which
// says they were removed and lists no one; posting a request from it is refused.
func TestEventRemovedParticipantAttacks(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) { testEventRemovedParticipantAttacks(t, db) })
	}
}

func testEventRemovedParticipantAttacks(t *testing.T, db *store.DB) {
	f := newReqEvent(t, db, withRequests(`{"from": "a", "to": "b", "status": "accepted"}`))
	alice := f.member(t, "alice")
	for _, step := range []string{"schedule", "publish"} {
		if res, body := alice.do("POST", "/events/"+f.eid+"/"+step, formType, "", false); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("%s: %d %s", step, res.StatusCode, body)
		}
	}
	imp, err := interchange.ReadEvent(strings.NewReader(virtualClockEvent))
	must(t, err)
	v, err := f.svc.ImportEvent(f.ctx, imp)
	must(t, err)
	ids := map[string]*passerelle.EventParticipant{}
	for _, eid := range []int64{f.r.Event.ID, v.Event.ID} {
		ps, err := f.svc.EventParticipants(f.ctx, eid)
		must(t, err)
		for _, p := range ps {
			ids[id(eid)+"/"+p.Ref] = p
		}
	}
	xid := id(ids[id(v.Event.ID)+"/x"].ID)
	for _, action := range []string{"remove", "admit"} {
		if res, _ := alice.do("POST", "/events/"+f.eid+"/participants/"+xid+"/"+action, formType, "confirm=yes", false); res.StatusCode != http.StatusNotFound {
			t.Errorf("%s another event's participant: %d", action, res.StatusCode)
		}
	}
	ps, err := f.svc.EventParticipants(f.ctx, v.Event.ID)
	must(t, err)
	for _, p := range ps {
		if p.Status != "" {
			t.Errorf("the other event's %s: %s", p.Ref, p.Status)
		}
	}
	ben := f.participant(t, "ben@example.org", false)
	benP := ids[f.eid+"/b"]
	if res, _ := alice.do("POST", "/events/"+f.eid+"/participants/"+id(benP.ID)+"/remove", formType, "confirm=yes", false); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("removing Ben: %d", res.StatusCode)
	}
	res, feed := ben.get("/event-feeds/" + benP.FeedSecret + ".ics")
	if res.StatusCode != http.StatusOK || !strings.Contains(feed, "STATUS:CANCELLED") || strings.Contains(feed, "STATUS:CONFIRMED") {
		t.Errorf("the removed participant's feed: %d %q", res.StatusCode, feed)
	}
	if _, body := ben.get(f.base); !strings.Contains(body, `id="participant-removed"`) || strings.Contains(body, "Carl") {
		t.Errorf("the removed participant's page")
	}
	if err := f.svc.SendRequest(f.ctx, f.w.ws.ID, benP.ID, "c", "", ""); passerelle.ErrorCode(err) != passerelle.ECONFLICT {
		t.Errorf("the removed participant requests a meeting: %v", err)
	}
}
