package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"passerelle"
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
